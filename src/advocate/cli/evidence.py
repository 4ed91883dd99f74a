"""``advocate evidence``: where a campaign's numbers come from, and the tools to gather its own."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from advocate.cli.options import json_option, overwrite_option
from advocate.evidence import countries, load_kit, sources_for


@click.group()
def evidence() -> None:
    """The evidence kit: public sources of numbers, and forms to gather your own.

    \b
    Examples:
      advocate evidence sources --country Canada
      advocate evidence copy all forms
    """


@evidence.command("sources")
@click.option("--country", metavar="NAME", help="Only sources for this country (and any country).")
@json_option
def sources_command(country: str | None, json_mode: bool) -> None:
    """Where public numbers come from: what each source gives and where to find it.

    A web address is shown only where the project's references hold one; otherwise the line
    says what to search for. Community evidence (a tally, a survey, stories) is drafted with
    advocate draft TYPE.

    \b
    Examples:
      advocate evidence sources --country Canada
      advocate evidence sources --json
    """
    kit = load_kit()
    found = sources_for(country, kit)
    if json_mode:
        rows = [asdict(source) | {"where": source.where} for source in found]
        notes = [asdict(note) for note in kit.notes]
        click.echo(json.dumps({"sources": rows, "notes": notes}, indent=2, ensure_ascii=False))
        return
    for source in found:
        click.echo(f"{source.name}  [{source.country}]")
        click.echo(f"  {source.gives}")
        click.echo(f"  Where: {source.where}\n")
    if country and not any(source.country != "any" for source in found):
        known = ", ".join(countries(kit))
        click.echo(f"No sources specific to {country} yet (there are for: {known}).\n", err=True)
    click.echo("Gathering evidence safely:")
    for note in kit.notes:
        click.echo(f"  - {note.text} ({note.source})")


@evidence.command("copy")
@click.argument("name", metavar="NAME")
@click.argument("out_dir", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@overwrite_option
@json_option
def copy_command(name: str, out_dir: Path, overwrite: bool, json_mode: bool) -> None:
    """Draft an evidence tool (intake-tally, community-survey, story-consent, or all) into DIR.

    Each is drafted from its example answers, with its answers file next to it: change the
    organisation's details there and draft again with advocate draft TYPE --answers FILE.
    Existing files are kept unless --overwrite is given.

    \b
    Examples:
      advocate evidence copy intake-tally forms
      advocate evidence copy all forms --overwrite
    """
    # drafting loads Jinja and the Word writer: only this subcommand needs them
    from advocate.evidence_tools import copy_tools

    results = copy_tools(name, out_dir, overwrite=overwrite)
    if json_mode:
        click.echo(json.dumps([str(result.output) for result in results], indent=2))
        return
    for result in results:
        click.echo(f"{result.doctype:>18}  {result.output}")
    click.echo(f"\nChange the answers in {out_dir}/*.answers.yaml and draft again.", err=True)
