"""One command run: its output streams and what the shared options make of the answers.

``draft``, ``batch``, ``plan`` and ``profile init`` build a :class:`Session` from their
:class:`~advocate.cli.options.Inputs`; it is the one place that chooses the prompter and
finds the sources, the letterhead, the logo and the template folders.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from advocate.answers import AnswerSource, unknown_answer_warnings
from advocate.cli.console import Output
from advocate.cli.options import Inputs
from advocate.cli.prompter import RichPrompter
from advocate.profile import profile_letterhead, profile_logo, profile_source, user_template_dir
from advocate.prompting import NoInputPrompter, Prompter
from advocate.sources import answer_sources


@dataclass
class Session:
    """The shared options of one command run, its streams and the time it started."""

    inputs: Inputs
    output: Output
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())

    @classmethod
    def start(
        cls, ctx: click.Context, inputs: Inputs, *, quiet: bool = False, json_mode: bool = False
    ) -> Session:
        """Build a session from a command's inputs and the top-level ``--no-color``."""
        obj = ctx.find_root().obj or {}
        output = Output(quiet=quiet, no_color=bool(obj.get("no_color")), json_mode=json_mode)
        return cls(inputs, output)

    @property
    def interactive(self) -> bool:
        """Whether to prompt: never with ``--no-input``; at a terminal or with ``--interactive``."""
        if self.inputs.no_input:
            return False
        return self.inputs.interactive or sys.stdin.isatty()

    @property
    def at_terminal(self) -> bool:
        """Whether a person is asked at a real terminal (menus and a review are offered)."""
        return self.interactive and sys.stdin.isatty()

    def prompter(self) -> Prompter:
        """A rich prompter for a person at a terminal; otherwise one that never asks."""
        if self.interactive:
            return RichPrompter(self.output.err_console())
        return NoInputPrompter()

    def sources(self, settings: Mapping[str, Any] | None = None) -> list[AnswerSource]:
        """``settings`` from other options, ``--set``, ``--answers``, ``--campaign``; highest first.

        The profile is not among them: see :meth:`profile_sources`.
        """
        given = {key: value for key, value in (settings or {}).items() if value is not None}
        sources = [AnswerSource("command line", given)] if given else []
        return sources + answer_sources(
            set_values=self.inputs.set_values,
            answers_files=self.inputs.answers_files,
            campaign_file=self.inputs.campaign_file,
        )

    def warn_unknown(self, sources: Sequence[AnswerSource], known: Iterable[str]) -> None:
        """Warn about answers-file ids that no question in ``known`` asks."""
        for warning in unknown_answer_warnings(sources, known):
            self.output.warn(warning)

    def profile_sources(self) -> list[AnswerSource]:
        """The organisation profile as a source (empty without a profile)."""
        profile = profile_source(self.inputs.profile_file)
        return [profile] if profile is not None else []

    def letterhead(self) -> Path | None:
        """``--letterhead``, else the profile's letterhead, else the built-in one (None)."""
        return self.inputs.letterhead or profile_letterhead(self.inputs.profile_file)

    def logo(self) -> Path | None:
        """The profile's logo, shown in the document header (None without one)."""
        return profile_logo(self.inputs.profile_file)

    def template_dirs(self, given: Sequence[Path]) -> list[Path]:
        """The user's template folders: ``--templates`` first, then the config folder's."""
        return [*given, user_template_dir()]
