"""What ``advocate plan`` does with its options: open the campaign, walk, show and export.

The work itself is in :mod:`advocate.planning.walk`; this module chooses prompts and consoles and
turns the walk's events into panels.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from advocate.cli.base import should_prompt
from advocate.cli.console import Output


@dataclass
class PlanSession:
    """One run of ``advocate plan``: its options, streams and the campaign being walked."""

    options: dict[str, Any]
    output: Output
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    campaign: Any = None

    @classmethod
    def from_context(cls, ctx: click.Context, options: dict[str, Any]) -> PlanSession:
        """Build a session from a command's options and the top-level settings."""
        obj = ctx.find_root().obj or {}
        output = Output(
            no_color=bool(obj.get("no_color")), json_mode=bool(options.get("json_mode"))
        )
        return cls(options, output)

    # --- sources and prompting ----------------------------------------------------------

    @property
    def interactive(self) -> bool:
        """Whether a person is there to answer."""
        return should_prompt(
            bool(self.options.get("no_input")), bool(self.options.get("interactive"))
        )

    def prompter(self) -> Any:
        """A rich prompter at a terminal, otherwise one that never asks."""
        from advocate.prompting import NoInputPrompter, RichPrompter

        return RichPrompter(self.output.err_console()) if self.interactive else NoInputPrompter()

    def sources(self) -> list[Any]:
        """``--set``, ``--context``/``--target-date`` and ``--answers``, highest first."""
        from advocate.answers import AnswerSource
        from advocate.sources import answer_sources

        names = ("municipal_context", "target_date", "council_has_strategy")
        given = {key: self.options[key] for key in names if self.options.get(key) is not None}
        sources = answer_sources(set_values=self.options.get("set_values") or (),
                                 answers_file=self.options.get("answers_file"))  # fmt: skip
        return ([AnswerSource("command line", given)] if given else []) + sources

    def fallback(self) -> list[Any]:
        """The organisation profile, below the campaign's answers."""
        from advocate.profile import profile_source

        profile = profile_source(self.options.get("profile_file"))
        return [profile] if profile is not None else []

    def playbook_dirs(self) -> list[Path]:
        """``--playbooks`` folders, then the config folder's."""
        from advocate.planning.playbooks import user_playbook_dirs

        return user_playbook_dirs(self.options.get("playbook_dirs") or ())

    def letterhead(self) -> Path | None:
        """``--letterhead``, else the profile's."""
        from advocate.profile import profile_letterhead

        given: Path | None = self.options.get("letterhead")
        return given or profile_letterhead(self.options.get("profile_file"))

    # --- plan ---------------------------------------------------------------------------

    def run(self, refs: Sequence[str]) -> None:
        """Open (or resume) the campaign, walk its steps and show the action plan."""
        from advocate.planning import walk as planning
        from advocate.planning.progress import open_campaign

        if not refs and not self.options.get("resume"):
            refs = self.triage()
        opened = open_campaign(
            refs, self.options.get("campaign_file"), resume=bool(self.options.get("resume")),
            now=self.now, folder=Path.cwd(), playbook_dirs=self.playbook_dirs(),
        )  # fmt: skip
        self.campaign = opened.campaign
        self.report_migration(opened.migration)
        planning.check_sources(self.sources(), opened.playbooks)
        with self.keep_progress():
            planning.collect_settings(
                opened.campaign, self.sources(), self.prompter(), now=self.now
            )
            planning.walk_campaign(
                opened.campaign, opened.playbooks, now=self.now, sources=self.sources(),
                prompter=self.prompter(), reporter=self.reporter(),
                revise=self.options.get("revise") or (),
            )  # fmt: skip
        self.show_plan(opened.playbooks)

    def triage(self) -> list[str]:
        """Ask the triage questions, show the ranking and let the person pick."""
        from advocate.answers import collect_answers
        from advocate.planning import triage as planning
        from advocate.planning.playbooks import list_playbooks

        self.output.info("A few questions to find the playbook that fits your campaign.")
        playbooks = list_playbooks(self.playbook_dirs())
        values, ranked = planning.run_triage(
            playbooks, self.sources(), self.prompter(), today=self.now.date()
        )
        self.show_ranking(ranked)
        picked = collect_answers([planning.pick_question(ranked)], self.sources(), self.prompter(),
                                 today=self.now.date())  # fmt: skip
        settings = planning.triage_settings(values, today=self.now.date())
        for key, value in settings.items():
            if value is not None and not self.options.get(key):
                self.options[key] = value
        return list(picked.values["playbooks"])

    def show_ranking(self, ranked: Sequence[Any]) -> None:
        """The ranked playbooks with their reasons."""
        from advocate.cli.console import print_table

        rows = [(i, r.playbook.id, r.playbook.title, r.reason) for i, r in enumerate(ranked, 1)]
        print_table(
            self.output.err_console(), "Playbooks that fit", ["#", "id", "title", "why"], rows
        )

    def reporter(self) -> Any:
        """The walk's reporter: panels, and drafting offers at a terminal."""
        from advocate.cli.plan_views import StepPanels

        return StepPanels(self)

    def keep_progress(self) -> Any:
        """On Ctrl-C, say where the answers are and how to go on."""
        from advocate.cli.plan_views import keep_progress

        return keep_progress(self)

    def report_migration(self, migration: Any) -> None:
        """Tell what loading an older campaign changed."""
        for playbook_id, old, new in migration.upgraded:
            self.output.warn(
                f"the campaign was written for {playbook_id} version {old}; it now follows "
                f"version {new}. The old file is kept as {migration.backup}."
            )
        if migration.unknown_answers:
            self.output.warn("answers no question asks any more are kept in the campaign: "
                             + ", ".join(migration.unknown_answers))  # fmt: skip

    def show_plan(self, playbooks: Sequence[Any]) -> None:
        """Print the action plan and write the export, if one was asked for."""
        from advocate.cli.plan_views import print_plan
        from advocate.planning.action_plan import action_plan, export_plan

        plan = action_plan(self.campaign, playbooks, today=self.now.date())
        if self.options.get("json_mode"):
            self.output.product(json.dumps(plan_json(plan), indent=2))
        else:
            print_plan(self.output.out_console(), plan)
        target: Path | None = self.options.get("export_file")
        if target is not None:
            author = str(self.campaign.answers.get("organisation") or "")
            written = export_plan(plan, target, now=self.now, author=author,
                                  letterhead=self.letterhead(),
                                  overwrite=bool(self.options.get("overwrite")))  # fmt: skip
            self.output.status(written.action, written.path)

    # --- status -------------------------------------------------------------------------

    def status(self) -> None:
        """Show (and update) a campaign's progress."""
        from advocate.planning import progress as planning

        opened = planning.open_campaign((), self.options["campaign_file"], resume=True,
                                        now=self.now, folder=Path.cwd(),
                                        playbook_dirs=self.playbook_dirs())  # fmt: skip
        self.campaign = opened.campaign
        self.report_migration(opened.migration)
        for status in ("done", "skipped", "todo"):
            refs = self.options.get("skip" if status == "skipped" else status) or ()
            for playbook_id, step_id in (
                planning.set_step_status(
                    opened.campaign, opened.playbooks, refs, status, now=self.now
                )
                if refs
                else ()
            ):
                self.output.info(f"{status:>9} {step_id} ({playbook_id})")
        self.show_plan(opened.playbooks)


def plan_json(plan: Any) -> dict[str, Any]:
    """The JSON shape of an action plan (documented in the README)."""
    return {
        "title": plan.title,
        "campaign": str(plan.campaign),
        "municipal_context": plan.municipal_context,
        "target_date": plan.target_date.isoformat() if plan.target_date else None,
        "steps": [
            {
                "playbook": row.playbook_id,
                "step": row.step_id,
                "number": row.number,
                "title": row.title,
                "due": row.due.isoformat() if row.due else None,
                "past_due": row.past_due,
                "documents": list(row.documents),
                "status": row.status,
            }
            for row in plan.rows
        ],  # fmt: skip
        "documents": [{"doctype": d, "path": p} for d, p in plan.drafted],
    }
