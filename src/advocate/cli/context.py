"""What every command needs from the command line: sources, prompter, output and reporting."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import click

from advocate.cli.base import should_prompt
from advocate.cli.console import Output
from advocate.models import DraftResult


@dataclass
class Session:
    """The options of one command run, and what it has answered so far."""

    options: dict[str, Any]
    output: Output
    answered: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_context(cls, ctx: click.Context, options: dict[str, Any]) -> Session:
        """Build a session from the command's options and the group's settings."""
        obj = ctx.find_root().obj or {}
        output = Output(
            quiet=bool(options.get("quiet")),
            no_color=bool(obj.get("no_color")),
            json_mode=bool(options.get("json_mode")),
        )
        return cls(options, output)

    @property
    def api(self) -> ModuleType:
        """The API module, imported when first needed (keeps ``--help`` fast)."""
        from advocate import api

        return api

    def sources(self) -> list[Any]:
        """Answer sources from ``--set``, ``--answers``, ``--campaign`` and the profile."""
        from advocate.profile import profile_source
        from advocate.sources import answer_sources

        sources = answer_sources(
            set_values=self.options.get("set_values") or (),
            answers_file=self.options.get("answers_file"),
            campaign_file=self.options.get("campaign_file"),
        )
        profile = profile_source(self.options.get("profile_file"))
        if profile is not None:
            sources.append(profile)
        return sources

    def prompter(self) -> Any:
        """A rich prompter for a person at a terminal; otherwise one that never asks."""
        from advocate.prompting import NoInputPrompter, RichPrompter

        if should_prompt(bool(self.options.get("no_input")), bool(self.options.get("interactive"))):
            return RichPrompter(self.output.err_console())
        return NoInputPrompter()

    def template_dirs(self, given: Sequence[Path]) -> list[Path]:
        """The user's template folders: ``--templates`` first, then the config folder's."""
        from advocate.profile import user_template_dir

        return [*given, user_template_dir()]

    def letterhead(self, given: Path | None) -> Path | None:
        """``--letterhead``, else the profile's letterhead, else the built-in one (None)."""
        if given is not None:
            return given
        from advocate.profile import profile_letterhead

        return profile_letterhead(self.options.get("profile_file"))

    def logo(self) -> Path | None:
        """The profile's logo, shown in the document header (None without one)."""
        from advocate.profile import profile_logo

        return profile_logo(self.options.get("profile_file"))

    def record_answer(self, question_id: str, value: Any) -> None:
        """Remember an answer, so an interrupted session can keep it."""
        self.answered[question_id] = value

    @contextlib.contextmanager
    def keep_partial_answers(self, doctype: str, folder: Path) -> Iterator[None]:
        """On Ctrl-C, save what was answered so far and say how to go on."""
        try:
            yield
        except (KeyboardInterrupt, click.Abort, EOFError):
            if self.answered:
                path = self.api.save_partial_answers(doctype, self.answered, folder)
                self.output.info(
                    f"\nYour answers so far are saved in {path}.\n"
                    f"Go on with: advocate draft {doctype} --answers {path}"
                )
            raise KeyboardInterrupt from None

    def report_draft(self, result: DraftResult, *, preview: bool, json_mode: bool) -> None:
        """Print what a draft did: the Markdown for a preview, else paths or JSON."""
        for warning in result.warnings:
            self.output.warn(warning)
        if preview:
            from advocate.cli.console import print_markdown

            print_markdown(self.output.out_console(), result.text)
            return
        if json_mode:
            self.output.product(json.dumps(draft_json(result), indent=2))
            return
        for written in result.files:
            self.output.status(written.action, written.path)
        if result.output is not None and not self.output.quiet:
            self.output.product(str(result.output))


def draft_json(result: DraftResult) -> dict[str, Any]:
    """The JSON shape of a draft result (documented in the README)."""
    return {
        "doctype": result.doctype,
        "output": str(result.output) if result.output else None,
        "files": [{"path": str(f.path), "action": f.action} for f in result.files],
        "warnings": list(result.warnings),
    }
