"""``advocate council``: a council's own procedure, with a source for every fact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from advocate.cli.console import Output
from advocate.cli.options import FILE, json_option, overwrite_option
from advocate.council.deadlines import compute_deadlines
from advocate.council.models import Card, Deadline
from advocate.council.report import card_json, count_facts, deadline_json, fact_rows
from advocate.council.store import (
    all_cards,
    card_id_for,
    card_skeleton,
    check_card_file,
    default_card_path,
    load_card_file,
    resolve_card,
    set_card_value,
    write_card,
)
from advocate.errors import ProfileError
from advocate.profile import load_profile

_COUNCIL_FILE = click.option(
    "--council",
    "council_file",
    type=FILE,
    help="A card file (default for set: my-council.yaml in <config>/councils).",
)


def _parse_time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        msg = f"'{value}' is not a 24-hour time such as 09:30."
        raise click.BadParameter(msg) from None


@click.group()
def council() -> None:
    """Council procedure cards: how to register, deadlines, time limits, with sources.

    A card records one council's procedure, each fact with the address it comes from. Facts
    nobody has confirmed stay unknown: ask the clerk. Built-in cards are a starting point and
    must be checked against the council's current rules; your own cards (in
    <config>/councils, or a file) are found first.

    \b
    Examples:
      advocate council list
      advocate council show toronto --meeting 2026-12-01
      advocate council init --from ottawa
    """


@council.command("list")
@json_option
def list_command(json_mode: bool) -> None:
    """List your cards and the built-in ones, with how many facts each knows.

    \b
    Example:
      advocate council list
    """
    cards = all_cards()
    if json_mode:
        rows = [{"id": c.id, "name": c.name, "country": c.country, "origin": c.origin,
                 "known": count_facts(c)[0], "facts": len(c.facts)} for c in cards]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(card.id) for card in cards)
    for card in cards:
        known, _, _ = count_facts(card)
        where = "" if card.origin == "built-in" else f"  [{card.origin}: {card.path}]"
        click.echo(f"{card.id:<{width}}  {card.country}  {known:>2}/{len(card.facts)} known  "
                   f"{card.name}{where}")  # fmt: skip


@council.command("show")
@click.argument("name", required=False)
@_COUNCIL_FILE
@click.option("--meeting", type=click.DateTime(["%Y-%m-%d"]), help="A meeting date (YYYY-MM-DD).")
@click.option("--time", "meeting_time", callback=_parse_time, help="The meeting's start (HH:MM).")
@json_option
def show_command(
    name: str | None,
    council_file: Path | None,
    meeting: dt.datetime | None,
    meeting_time: dt.time | None,
    json_mode: bool,
) -> None:
    """Show a card: each fact with its source, or "unknown — ask the clerk".

    NAME is a card id or council name; without it, the council in your profile is shown.
    The registration and written-submission deadlines are counted by the card's rules for the
    --meeting date, or else for each coming meeting on the card (business days skip weekends
    and the card's holidays).

    \b
    Examples:
      advocate council show toronto
      advocate council show hamilton --meeting 2026-12-01 --time 09:30
      advocate council show --council our-council.yaml --json
    """
    card = _chosen_card(name, council_file)
    now = dt.datetime.now(dt.UTC)
    meetings = [(meeting.date(), meeting_time, "")] if meeting else _upcoming(card, now.date())
    deadlines = [
        (day, body, compute_deadlines(card, day, time=at, now=now)) for day, at, body in meetings
    ]
    if json_mode:
        flat = [deadline_json(d) for _, _, found in deadlines for d in found]
        click.echo(json.dumps({**card_json(card), "deadlines": flat}, indent=2, ensure_ascii=False))
        return
    _print_card(card)
    for day, body, found in deadlines:
        _print_deadlines(day, body, found)


def _upcoming(card: Card, today: dt.date) -> list[tuple[dt.date, dt.time | None, str]]:
    return [(m.date, m.time, m.body) for m in card.meetings if m.date >= today]


def _chosen_card(name: str | None, council_file: Path | None) -> Card:

    if council_file is not None:
        return load_card_file(council_file)
    ref = name or str(load_profile().get("council_name") or "")
    if not ref:
        msg = ("Name a council (see 'advocate council list'), pass --council FILE, or set "
               "your usual council with 'advocate profile set council_name NAME'.")  # fmt: skip
        raise ProfileError(msg)
    return resolve_card(ref)


def _print_card(card: Card) -> None:

    click.echo(f"{card.name} ({card.id}, {card.origin}; time zone {card.time_zone})")
    if card.description:
        click.echo(card.description)
    for row in fact_rows(card):
        click.echo(f"\n{row.label}: {row.text}")
        if row.note:
            click.echo(f"  note: {row.note}")
        if row.known:
            click.echo(f"  source: {row.source or 'not given'}")
    holidays = ", ".join(day.isoformat() for day in card.holidays) or "none listed"
    click.echo(f"\nHolidays (skipped by business-day rules): {holidays}")
    for meeting in card.meetings:
        click.echo(f"Meeting: {meeting.date.isoformat()} {meeting.body}".rstrip())


def _print_deadlines(day: dt.date, body: str, deadlines: list[Deadline]) -> None:
    click.echo(f"\nDeadlines for the meeting on {day.isoformat()}{f' ({body})' if body else ''}:")
    if not deadlines:
        click.echo("  none on this card: ask the clerk")
    for deadline in deadlines:
        click.echo(f"  {deadline.explanation}")
        click.echo(f"    source: {deadline.source or 'not given'}")
        if deadline.warning:
            click.echo(f"    warning: {deadline.warning}")


@council.command("init")
@click.argument("file", required=False, type=FILE)
@click.option("--from", "base", help="Start from this card (a built-in id or name).")
@click.option("--name", help="The council's name.")
@click.option("--time-zone", help="An IANA time zone, e.g. America/Toronto.")
@overwrite_option
def init_command(
    file: Path | None, base: str | None, name: str | None, time_zone: str | None, overwrite: bool
) -> None:
    """Write a card with every key, the unknown ones marked 'unknown', to fill in.

    FILE defaults to my-council.yaml in <config>/councils, where advocate finds your cards
    before the built-in ones. With --from, the facts of an existing card are copied with their
    sources, so you only add what you learn from the clerk.

    \b
    Examples:
      advocate council init
      advocate council init --from toronto --name "City of Toronto (our notes)"
      advocate council init riverside.yaml --name "Riverside" --time-zone America/Halifax
    """
    path = file or default_card_path()
    start = resolve_card(base) if base else None
    existed = path.exists()
    text = card_skeleton(
        card_id_for(path),
        name or (start.name if start else "Our council"),
        time_zone or (start.time_zone if start else "America/Toronto"),
        start,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_card(path, text, overwrite=overwrite)
    Output().status("overwrite" if existed else "create", path)
    Output().product(str(path))


@council.command("set")
@click.argument("key")
@click.argument("value")
@click.option("--source", default="", help="Where the fact comes from (a web address).")
@click.option("--note", default="", help="A qualification, in your words.")
@_COUNCIL_FILE
def set_command(key: str, value: str, source: str, note: str, council_file: Path | None) -> None:
    """Set one key of your card; VALUE 'unknown' forgets a fact.

    A deadline takes a rule such as '{time: "16:30", days_before: 1}' (also business_days_before,
    working_days_before, clear_working_days_before, hours_before, weekday_before: tuesday);
    holidays and meetings take YAML lists.

    \b
    Examples:
      advocate council set speaking_limit 5 --source https://example.org/deputations
      advocate council set registration_deadline '{time: "12:00", business_days_before: 1}'
      advocate council set holidays '[2026-12-25, 2026-12-28]'
      advocate council set meetings '[{date: 2026-12-10, body: Community Services Committee}]'
    """
    path = council_file or default_card_path()
    card = set_card_value(path, key, value, source=source, note=note)
    Output().info(f"{card.name}: {key} saved")
    Output().status("overwrite", path)


@council.command("check")
@click.argument("file", type=FILE)
@click.option("--strict", is_flag=True, help="Also demand a web address as every fact's source.")
def check_command(file: Path, strict: bool) -> None:
    """Check a card file against the schema; errors name the line and the key.

    \b
    Examples:
      advocate council check my-council.yaml
      advocate council check councils/toronto.yaml --strict
    """
    card = check_card_file(file, strict_sources=strict)
    known, sourced, unknown = count_facts(card)
    click.echo(f"ok: {file} ({card.name}: {known} facts known, {sourced} with a source, "
               f"{unknown} unknown)")  # fmt: skip
