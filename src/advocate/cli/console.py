"""Rich consoles and the renderers the CLI uses to show results.

Consoles are made when first used, never at import time, so that test runners that swap
``sys.stdout`` and ``sys.stderr`` capture everything (STYLE rule 27).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Output:
    """The CLI's two streams: the product on stdout, everything else on stderr."""

    quiet: bool = False
    no_color: bool = False
    json_mode: bool = False

    def err_console(self) -> Console:
        """A console on the current stderr."""
        from rich.console import Console

        return Console(file=sys.stderr, no_color=self._no_color(), highlight=False)

    def out_console(self) -> Console:
        """A console on the current stdout."""
        from rich.console import Console

        return Console(file=sys.stdout, no_color=self._no_color(), highlight=False)

    def _no_color(self) -> bool:
        return self.no_color or "NO_COLOR" in os.environ

    def status(self, verb: str, path: object) -> None:
        """Print a status line (``create path``) on stderr, unless quiet."""
        if not self.quiet:
            colour = {"create": "32", "overwrite": "33", "skip": "36", "identical": "36"}.get(
                verb, "0"
            )
            plain = self._no_color() or not sys.stderr.isatty()
            word = verb if plain else f"\x1b[{colour}m{verb}\x1b[0m"
            print(f"{word:>9} {path}", file=sys.stderr)

    def product(self, text: str) -> None:
        """Print product output (paths, JSON) on stdout."""
        print(text, file=sys.stdout)

    def warn(self, text: str) -> None:
        """Print a warning on stderr (even when quiet)."""
        print(f"Warning: {text}", file=sys.stderr)

    def info(self, text: str) -> None:
        """Print commentary on stderr, unless quiet."""
        if not self.quiet:
            print(text, file=sys.stderr)


def print_table(
    console: Console, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Show rows as a rich table."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    console.print(table)


def print_markdown(console: Console, text: str) -> None:
    """Render Markdown in the terminal (used by ``--preview``)."""
    from rich.markdown import Markdown

    console.print(Markdown(text))
