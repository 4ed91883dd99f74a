"""The command group: lazy loading of commands, and the one place errors are translated.

Options that several commands share are in :mod:`advocate.cli.options`, which only the command
modules import.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from advocate import __version__
from advocate.cli.commands import LAZY_COMMANDS

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

    lazy: dict[str, tuple[str, str, str]] = LAZY_COMMANDS

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
        # errors loads pathlib, which ``advocate --help`` does without; a command loads it anyway.
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
