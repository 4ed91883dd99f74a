"""What ``advocate plan`` does with its options: open the campaign, walk, show and export.

The work itself is in :mod:`advocate.planning.walk`; this module feeds it the session's sources
and prompter and shows what comes back through :mod:`advocate.cli.plan_views`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from advocate.answers import collect_answers
from advocate.cli.plan_views import (
    StepPanels,
    overview_json,
    plan_json,
    print_overview,
    print_plan,
    print_ranking,
)
from advocate.cli.session import Session
from advocate.council.models import Card
from advocate.council.store import resolve_card
from advocate.errors import AdvocateError
from advocate.planning.action_plan import action_plan, check_export, export_plan
from advocate.planning.campaign import Campaign, apply_settings
from advocate.planning.drafting import draft_from_campaign
from advocate.planning.migration import Migration
from advocate.planning.models import Playbook
from advocate.planning.overview import folder_overview
from advocate.planning.playbooks import list_playbooks, user_playbook_dirs
from advocate.planning.procedure import Procedure, card_reference, procedure_for
from advocate.planning.progress import OpenedCampaign, open_campaign, set_step_status
from advocate.planning.short_route import is_short, short_note
from advocate.planning.triage import pick_question, run_triage, triage_settings
from advocate.planning.walk import (
    check_sources,
    collect_settings,
    known_question_ids,
    walk_campaign,
)
from advocate.profile_hint import profile_suggestion


@dataclass(frozen=True)
class WalkOptions:
    """The options of ``advocate plan`` that are not about answers."""

    campaign_file: Path | None = None
    target_date: str | None = None
    municipal_context: str | None = None
    resume: bool = False
    revise: tuple[str, ...] = ()
    export_file: Path | None = None
    overwrite: bool = False
    playbook_dirs: tuple[Path, ...] = ()
    council: str | None = None


@dataclass
class PlanRun:
    """One run of ``advocate plan``: the session, the walk's options and the campaign."""

    session: Session
    options: WalkOptions
    settings: dict[str, Any] = field(init=False)
    campaign: Campaign | None = None
    estimate: dt.date | None = None  # from the triage's rough weeks: never a document's date
    council: str | None = field(init=False)  # --council, checked: a card id, name or full path

    def __post_init__(self) -> None:
        # Campaign settings given as options; the triage may add to them.
        self.settings = {"municipal_context": self.options.municipal_context,
                         "target_date": self.options.target_date}  # fmt: skip
        if self.options.export_file is not None:
            check_export(self.options.export_file)  # a wrong name or no LibreOffice: say so first
        # a council with no card is refused before a campaign file is made
        self.council = card_reference(self.options.council) if self.options.council else None

    def run(self, refs: Sequence[str]) -> None:
        """Open (or resume) the campaign, walk its steps and show the action plan."""
        session = self.session
        if not refs and not self.options.resume:
            refs = self.triage()
        opened = self.open(refs)
        check_sources(session.sources(self.settings), opened.playbooks)
        known = known_question_ids(opened.playbooks)
        session.warn_unknown(session.sources(self.settings), known)
        if self.estimate is not None:
            apply_settings(opened.campaign, {"estimated_target_date": self.estimate})
        if self.council:
            opened.campaign.council = self.council
        reporter = StepPanels(session.output, interactive=session.interactive,
                              draft_now=self.draft_now,
                              locale=self.locale(opened.campaign))  # fmt: skip
        with self.keep_progress():
            collect_settings(
                opened.campaign, session.sources(self.settings), session.prompter(), now=session.now
            )
            today = session.now.date()
            for playbook in opened.playbooks:
                if is_short(playbook, opened.campaign, today):
                    note = short_note(playbook, opened.campaign, today)
                    session.output.info(f"Time is short. {note} The steps' questions still feed "
                                        "your documents.")  # fmt: skip
            walk_campaign(
                opened.campaign, opened.playbooks, now=session.now,
                sources=session.sources(self.settings), prompter=session.prompter(),
                reporter=reporter, revise=self.options.revise,
                procedure=self.procedure(opened.campaign),
            )  # fmt: skip
        self.show_plan(opened.campaign, opened.playbooks)

    def open(self, refs: Sequence[str], *, resume: bool | None = None) -> OpenedCampaign:
        """Open the campaign file and say what loading an older one changed."""
        opened = open_campaign(
            refs, self.options.campaign_file,
            resume=self.options.resume if resume is None else resume, now=self.session.now,
            folder=Path.cwd(), playbook_dirs=user_playbook_dirs(self.options.playbook_dirs),
        )  # fmt: skip
        self.campaign = opened.campaign
        self.report_migration(opened.migration)
        return opened

    def triage(self) -> list[str]:
        """Ask the triage questions, show the ranking and let the person pick."""
        session, today = self.session, self.session.now.date()
        session.output.info("A few questions to find the playbook that fits your campaign.")
        playbooks = list_playbooks(user_playbook_dirs(self.options.playbook_dirs))
        card = self.card(self.council)
        kind = card.fact("kind").value if card is not None else None
        values, ranked = run_triage(
            playbooks, session.sources(self.settings), session.prompter(), today=today,
            kind=str(kind) if kind else None,
        )  # fmt: skip
        print_ranking(session.output, ranked)
        sources, pick = session.sources(self.settings), [pick_question(ranked)]
        picked = collect_answers(pick, sources, session.prompter(), today=today)
        settings = triage_settings(values, today=today)
        self.estimate = settings.pop("estimated_target_date", None)
        for key, value in settings.items():
            if value is not None and not self.settings.get(key):
                self.settings[key] = value
        return list(picked.values["playbooks"])

    def locale(self, campaign: Campaign) -> str | None:
        """How dates are written: the campaign's ``locale`` answer, else the profile's."""
        for values in (campaign.answers, *(s.values for s in self.session.profile_sources())):
            if isinstance(values.get("locale"), str):
                return str(values["locale"])
        return None

    def procedure(self, campaign: Campaign, *, quiet: bool = False) -> Procedure:
        """The council's deadlines for the decision meeting (general guidance without them).

        The council is the campaign's (or else the profile's usual one); the meeting is the
        target date.
        """
        if campaign.target_date is None:
            return Procedure()
        card = self.card(campaign.council, quiet=quiet)
        return procedure_for(card, campaign.target_date, now=self.session.now)

    def card(self, ref: str | None, *, quiet: bool = True) -> Card | None:
        """The procedure card ``ref`` names, else the profile's usual council's card.

        A council named on the command line or in the campaign must be found; the profile's
        is only a default, so one without a card gives None (and a note unless ``quiet``).
        """
        if ref is not None:
            return resolve_card(ref)
        values = [source.values for source in self.session.profile_sources()]
        usual = next((v["council_name"] for v in values if v.get("council_name")), None)
        if usual is None:
            return None
        try:
            return resolve_card(str(usual))
        except AdvocateError:
            if not quiet:
                self.session.output.info(
                    f"No procedure card for your usual council '{usual}': due dates are general "
                    "guidance. See 'advocate council list' or 'advocate council init'."
                )
            return None

    def draft_now(self, campaign: Campaign, doctype: str, step_id: str) -> None:
        """Draft a document a step suggests; a failure is a warning, not the end of the walk.

        The document is dated, and recorded as drafted, when it is drafted (not when the walk
        began: a walk can last an afternoon).
        """
        session = self.session
        before = set(campaign.answers)
        try:
            result = draft_from_campaign(
                campaign, doctype, now=dt.datetime.now().astimezone(), step=step_id,
                sources=session.sources(self.settings), fallback=session.profile_sources(),
                prompter=session.prompter(), out_dir=campaign.path.parent,
                letterhead=session.letterhead(), overwrite=self.options.overwrite,
            )  # fmt: skip
        except AdvocateError as err:
            session.output.warn(str(err))
            return
        for written in result.files:
            session.output.status(written.action, written.path)
        asked = set(campaign.answers) - before  # what the document needed beyond the campaign
        tip = profile_suggestion(asked, profile_file=session.inputs.profile_file)
        if tip:
            session.output.info(tip)

    @contextlib.contextmanager
    def keep_progress(self) -> Iterator[None]:
        """On Ctrl-C or a closed terminal, say that nothing is lost and how to go on."""
        try:
            yield
        except (KeyboardInterrupt, click.Abort, EOFError):
            if self.campaign is not None:
                self.session.output.info(
                    f"\nYour answers are saved in {self.campaign.path}.\n"
                    f"Go on with: advocate plan --resume --campaign {self.campaign.path}"
                )
            raise KeyboardInterrupt from None

    def report_migration(self, migration: Migration) -> None:
        """Tell what loading an older campaign changed."""
        for playbook_id, old, new in migration.upgraded:
            self.session.output.warn(
                f"the campaign was written for {playbook_id} version {old}; it now follows "
                f"version {new}. The old file is kept as {migration.backup}."
            )
        if migration.unknown_answers:
            self.session.output.warn("answers no question asks any more are kept in the campaign: "
                                     + ", ".join(migration.unknown_answers))  # fmt: skip

    def show_plan(self, campaign: Campaign, playbooks: Sequence[Playbook]) -> None:
        """Print the action plan and write the export, if one was asked for."""
        output, now = self.session.output, self.session.now
        plan = action_plan(campaign, playbooks, today=now.date(), locale=self.locale(campaign),
                           procedure=self.procedure(campaign))  # fmt: skip
        if output.json_mode:
            output.product(json.dumps(plan_json(plan), indent=2))
        else:
            print_plan(output.out_console(), plan)
        if (
            self.options.export_file is not None
            and self.options.export_file.suffix.lower() == ".ics"
        ):
            # icalendar loads only when a calendar is asked for
            from advocate.planning.calendar import export_calendar

            written = export_calendar(plan, self.options.export_file, now=now,
                                      overwrite=self.options.overwrite)  # fmt: skip
            output.status(written.action, written.path)
        elif self.options.export_file is not None:
            author = str(campaign.answers.get("organisation") or "")
            written = export_plan(
                plan, self.options.export_file, now=now, author=author,
                letterhead=self.session.letterhead(), overwrite=self.options.overwrite,
            )  # fmt: skip
            output.status(written.action, written.path)

    def status(self, marks: Mapping[str, Sequence[str]]) -> None:
        """Mark steps (``{"done": [step, ...], ...}``), then show the campaign's progress."""
        opened = self.open((), resume=True)
        for status, refs in marks.items():
            if not refs:
                continue
            changed = set_step_status(
                opened.campaign, opened.playbooks, refs, status, now=self.session.now
            )
            for playbook_id, step_id in changed:
                self.session.output.info(f"{status:>9} {step_id} ({playbook_id})")
        self.show_plan(opened.campaign, opened.playbooks)

    def overview(self, folder: Path) -> None:
        """List what is due next across every campaign in ``folder``."""
        output = self.session.output
        found = folder_overview(
            folder, today=self.session.now.date(),
            procedure_of=functools.partial(self.procedure, quiet=True),
            playbook_dirs=user_playbook_dirs(self.options.playbook_dirs),
        )  # fmt: skip
        if output.json_mode:
            output.product(json.dumps(overview_json(found), indent=2, ensure_ascii=False))
        else:
            print_overview(output.out_console(), found)
        for path, problem in found.problems:
            output.warn(f"{path.name} was left out: {problem}")
