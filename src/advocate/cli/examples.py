"""``advocate examples``: the good-practice library."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from advocate.cli.console import Output
from advocate.cli.options import json_option
from advocate.examples import load_examples, search_examples


@click.command()
@click.option("--recommendation", metavar="ID", help="Only examples for this playbook id.")
@click.option("--search", metavar="TEXT", help="Only examples mentioning every word of TEXT.")
@json_option
def examples(recommendation: str | None, search: str | None, json_mode: bool) -> None:
    """Browse the good-practice library: what other cities did, each with its source.

    \b
    Examples:
      advocate examples --recommendation open-services
      advocate examples --search rural --json
    """
    found = search_examples(load_examples(), recommendation=recommendation, text=search)
    if json_mode:
        rows = [{**asdict(e), "source": e.source, "when": e.when} for e in found]
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.markup import escape  # rich loads only for the terminal view, not for --json

    console = Output().out_console()
    for e in found:
        console.print(f"[bold]{escape(e.city)}, {escape(e.country)}: {escape(e.programme)}"
                      f" ({e.when})[/bold]  [dim]{e.id}[/dim]")  # fmt: skip
        console.print(f"  {escape(e.summary)}", soft_wrap=True)
        if e.decided:
            console.print(f"  Decided: {escape(e.decided)}", soft_wrap=True)
        sources, playbook_ids = escape(" ; ".join(e.sources)), ", ".join(e.recommendations)
        console.print(f"  Sources: {sources}  For: {playbook_ids}\n", soft_wrap=True)
