"""The command group, the one error boundary, and options shared by several commands."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from advocate import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0    success
  1    a problem with the input (bad answer, missing file, existing output...)
  2    wrong command-line usage
  3    a batch finished but some rows failed
  130  interrupted (Ctrl-C)"""


class AdvocateGroup(click.Group):
    """The top-level group: loads commands lazily and translates errors in one place.

    ``lazy`` maps a command name to ``(module, attribute, short help)``; the module is imported
    only when the command runs, so ``advocate --help`` costs little more than importing click.
    """

    lazy: dict[str, tuple[str, str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, loaded or not."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy command's module the first time it is asked for."""
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute, _ = self.lazy[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands with their short help without importing the lazy ones."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:  # the same line whether or not the module is loaded
                rows.append((name, self.lazy[name][2]))
            else:
                command = self.commands[name]
                rows.append((name, command.get_short_help_str(limit=formatter.width - 20)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; translate errors unless ``--traceback`` asks for the real thing."""
        from advocate.errors import AdvocateError, ExitCode

        debug = bool(ctx.params.get("traceback")) or os.environ.get("ADVOCATE_DEBUG") == "1"
        try:
            return super().invoke(ctx)
        except AdvocateError as err:
            if debug:
                raise
            exc = click.ClickException(str(err))
            exc.exit_code = int(err.exit_code)  # type: ignore[misc]  # click reads it per instance
            raise exc from None
        except (KeyboardInterrupt, click.Abort) as err:
            if debug and isinstance(err, KeyboardInterrupt):
                raise
            click.echo("\nInterrupted.", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        return None


@click.group(
    cls=AdvocateGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, "-V", "--version", prog_name="advocate")
@click.option(
    "--traceback", is_flag=True, help="Show Python tracebacks instead of short error messages."
)
@click.option("--no-color", is_flag=True, help="Print without colours (so does NO_COLOR=1).")
@click.pass_context
def cli(ctx: click.Context, traceback: bool, no_color: bool) -> None:
    """Guidance and Word documents for community organisations working with their council.

    \b
    Start with:
      advocate plan                      be guided to a playbook, step by step
      advocate draft briefing-note       draft a Word document, answering questions
      advocate templates list            the document types you can draft
    """
    del traceback  # read by AdvocateGroup.invoke
    ctx.ensure_object(dict)
    ctx.obj["no_color"] = no_color or "NO_COLOR" in os.environ


def main() -> None:
    """Entry point of the ``advocate`` console script."""
    cli(prog_name="advocate")


def check_set(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Click callback: refuse a ``--set`` item that is not ``KEY=VALUE`` (usage error, exit 2)."""
    for item in values:
        key, sep, _ = item.partition("=")
        if not sep or not key.strip():
            msg = f"'{item}' is not KEY=VALUE (for example subject=Housing)."
            raise click.BadParameter(msg)
    return values


def to_path(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    """Click callback: turn a path string into a ``pathlib.Path`` (pathlib loads only on use)."""
    if value is None:
        return None
    from pathlib import Path

    if isinstance(value, tuple):
        return tuple(Path(item) for item in value)
    return Path(value)


def answers_options(func: F) -> F:
    """``--set``, ``--answers``, ``--campaign``, ``--no-input`` and ``--interactive``."""
    options = [
        click.option(
            "--set",
            "set_values",
            multiple=True,
            metavar="KEY=VALUE",
            callback=check_set,
            help="Answer a question on the command line (repeatable). Lists use ';'.",
        ),
        click.option(
            "--answers",
            "answers_file",
            type=click.Path(dir_okay=False),
            callback=to_path,
            help="A YAML or JSON file of answers (a saved NAME.answers.yaml works).",
        ),
        click.option(
            "--campaign",
            "campaign_file",
            type=click.Path(dir_okay=False),
            callback=to_path,
            help="A campaign file from 'advocate plan': its answers are used.",
        ),
        click.option(
            "--no-input",
            is_flag=True,
            help="Never prompt; a missing required answer is an error (default with no terminal).",
        ),
        click.option(
            "--interactive",
            is_flag=True,
            help="Prompt even when standard input is not a terminal.",
        ),
        click.option(
            "--profile",
            "profile_file",
            type=click.Path(dir_okay=False),
            callback=to_path,
            help="Use this organisation profile instead of the one in your config folder.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def document_options(func: F) -> F:
    """``--format``, ``--letterhead`` and ``--templates``: how a document is made."""
    options = [
        click.option(
            "--format", "fmt", type=click.Choice(["docx", "md"]), default="docx", show_default=True
        ),
        click.option(
            "--letterhead",
            type=click.Path(dir_okay=False),
            callback=to_path,
            help="A .docx letterhead: its styles, header and footer are used.",
        ),
        click.option(
            "--templates",
            "template_dirs",
            multiple=True,
            type=click.Path(file_okay=False),
            callback=to_path,
            help="A folder of your own templates, searched first (repeatable).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def should_prompt(no_input: bool, interactive: bool) -> bool:
    """Prompt only when allowed and a person can answer."""
    if no_input:
        return False
    return interactive or sys.stdin.isatty()
