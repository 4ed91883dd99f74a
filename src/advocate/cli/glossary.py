"""``advocate glossary``: council words in plain language."""

from __future__ import annotations

import json

import click

from advocate.cli.options import json_option
from advocate.council.glossary import find_term, load_glossary


@click.command()
@click.argument("term", required=False, nargs=-1)
@json_option
def glossary(term: tuple[str, ...], json_mode: bool) -> None:
    """What council words mean: deputation, notice of motion, refer, defer, in camera...

    Without TERM, every word is listed with its meaning. A TERM can be any of a word's names
    ('delegation' finds 'deputation'); a misspelt one gets a suggestion.

    \b
    Examples:
      advocate glossary
      advocate glossary "receive for information"
      advocate glossary defer --json
    """
    terms = load_glossary()
    chosen = [find_term(" ".join(term), terms)] if term else list(terms)
    if json_mode:
        rows = [{"term": t.term, "also": list(t.also), "meaning": t.meaning, "see": list(t.see)}
                for t in chosen]  # fmt: skip
        click.echo(json.dumps(rows if not term else rows[0], indent=2, ensure_ascii=False))
        return
    for index, entry in enumerate(chosen):
        if index:
            click.echo()
        also = f" (also: {', '.join(entry.also)})" if entry.also else ""
        click.echo(f"{entry.term}{also}")
        click.echo(f"  {entry.meaning}")
        if entry.see:
            click.echo(f"  See: {', '.join(entry.see)}")
