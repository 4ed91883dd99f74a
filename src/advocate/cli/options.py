"""Options that several commands share, each declared once with one help text.

Most are plain decorators that give the command one typed parameter (``--overwrite`` gives
``overwrite: bool``). The options that say where answers come from and whether to ask are
gathered by :func:`input_options` into one :class:`Inputs` value, which
:class:`advocate.cli.session.Session` turns into sources, a prompter, a letterhead and a logo.

Only command modules import this module, so ``advocate --help`` does not pay for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from advocate.models import FORMATS

F = TypeVar("F", bound=Callable[..., Any])
Option = Callable[[Callable[..., Any]], Callable[..., Any]]
PairCheck = Callable[[click.Context, click.Parameter, tuple[str, ...]], tuple[str, ...]]


def pair_check(shape: str, example: str, *, both_sides: bool = False) -> PairCheck:
    """A click callback refusing an item that is not ``LEFT=RIGHT`` (usage error, exit 2).

    ``shape`` names the two sides for the message (``KEY=VALUE``); with ``both_sides`` the
    right side must not be blank either.
    """

    def check(
        _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
    ) -> tuple[str, ...]:
        for item in values:
            left, sep, right = item.partition("=")
            if not sep or not left.strip() or (both_sides and not right.strip()):
                msg = f"'{item}' is not {shape} (for example {example})."
                raise click.BadParameter(msg)
        return values

    return check


check_set = pair_check("KEY=VALUE", "subject=Housing")


FILE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=False)

# --- options that become one typed parameter each -------------------------------------------

overwrite_option = click.option("--overwrite", is_flag=True, help="Replace existing files.")
json_option = click.option(
    "--json", "json_mode", is_flag=True, help="Print the result as JSON on stdout."
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="docx",
    show_default=True,
    help="A Word document, Markdown text, or a PDF (made by LibreOffice, which must be installed).",
)
templates_option = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=FOLDER,
    help="A folder of your own templates, searched first (repeatable).",
)
playbooks_option = click.option(
    "--playbooks",
    "playbook_dirs",
    multiple=True,
    type=FOLDER,
    help="A folder of your own playbooks, searched first (repeatable).",
)
profile_option = click.option(
    "--profile",
    "profile_file",
    type=FILE,
    help="Use this organisation profile instead of profile.yaml in your config folder.",
)

# --- options gathered into Inputs -----------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Where a command's answers come from, whether it may ask, and the organisation's files."""

    set_values: tuple[str, ...] = ()
    answers_files: tuple[Path, ...] = ()
    campaign_file: Path | None = None
    no_input: bool = False
    interactive: bool = False
    profile_file: Path | None = None
    letterhead: Path | None = None


_INPUT_OPTIONS: dict[str, Option] = {
    "set_values": click.option(
        "--set",
        "set_values",
        multiple=True,
        metavar="KEY=VALUE",
        callback=check_set,
        help="Answer a question on the command line (repeatable). Lists use ';'.",
    ),
    "answers_files": click.option(
        "--answers",
        "answers_files",
        multiple=True,
        type=FILE,
        help="A YAML or JSON file of answers, such as a saved NAME.answers.yaml (repeatable: "
        "read in order, a later file wins).",
    ),
    "campaign_file": click.option(
        "--campaign",
        "campaign_file",
        type=FILE,
        help="A campaign file from 'advocate plan': its answers are used.",
    ),
    "no_input": click.option(
        "--no-input",
        is_flag=True,
        help="Never prompt; a missing required answer is an error (default with no terminal).",
    ),
    "interactive": click.option(
        "--interactive", is_flag=True, help="Prompt even when standard input is not a terminal."
    ),
    "profile_file": profile_option,
    "letterhead": click.option(
        "--letterhead",
        type=FILE,
        help="A .docx letterhead: its styles, header and footer are used (default: the profile's).",
    ),
}

ANSWERS = (
    "set_values",
    "answers_files",
    "campaign_file",
    "no_input",
    "interactive",
    "profile_file",
)


def gathered(cls: type[Any], param: str, options: Mapping[str, Option]) -> Callable[[F], F]:
    """Add ``options`` (by parameter name); the command receives them as one ``cls`` in ``param``.

    This keeps a command's signature short and typed: ``inputs: Inputs`` instead of six flags.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def gather(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in options}
            return func(*args, **{param: cls(**given)}, **kwargs)

        command: Callable[..., Any] = gather
        for option in reversed(list(options.values())):
            command = option(command)
        return command  # type: ignore[return-value]  # the same call shape for click

    return decorate


def input_options(*names: str) -> Callable[[F], F]:
    """Add the named shared options; the command receives them as one ``inputs: Inputs``.

    ``names`` are :class:`Inputs` fields, for example ``input_options(*ANSWERS, "letterhead")``.
    """
    return gathered(Inputs, "inputs", {name: _INPUT_OPTIONS[name] for name in names})


def document_options(func: F) -> F:
    """``--format`` and ``--templates``: how a document is made."""
    return format_option(templates_option(func))
