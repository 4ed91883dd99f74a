"""Parsing and validating procedure cards; every error names the file, the line and the key.

A card is a YAML mapping::

    id: toronto
    name: City of Toronto
    country: CA
    time_zone: America/Toronto
    description: ...
    facts:
      speaking_limit: {value: 5, source: https://..., note: ...}
      registration_deadline:
        rules: [{time: "16:30", days_before: 1}]
        source: https://...
      notice_of_motion: unknown
    holidays: [2026-12-25]
    meetings: [{date: 2026-12-01, body: Planning and Housing Committee, time: "09:30"}]

A fact that is absent or ``unknown`` is unknown; it is never filled in.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

from advocate.council.models import Card, Count, DeadlineRule, Fact, Heard, Kind, Meeting
from advocate.errors import DataFileError, DefinitionError
from advocate.schema import KEBAB_ID, Context, check_keys, get_str, require_mapping
from advocate.yamlio import Located, parse_yaml

CARD_KEYS = ("id", "name", "country", "time_zone", "description", "facts", "holidays", "meetings")
FACT_ENTRY_KEYS = ("value", "rules", "source", "note")
RULE_KEYS = ("time", "for", *(count.value for count in Count))
MEETING_KEYS = ("date", "body", "time")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNKNOWN = "unknown"

# key -> (label, kind of value); the order is the order cards are shown in.
FACTS: dict[str, tuple[str, str]] = {
    "kind": ("Kind of council", "kind"),
    "deputation_term": ("What it calls speaking to council", "text"),
    "public_heard_at": ("Bodies that hear the public", "heard"),
    "register_with": ("Register with", "text"),
    "register_method": ("How to register", "text"),
    "registration_deadline": ("Registration deadline", "rule"),
    "written_to": ("Send written submissions to", "text"),
    "written_deadline": ("Written-submission deadline", "rule"),
    "speaking_limit": ("Speaking limit", "minutes"),
    "speakers": ("Speakers", "text"),
    "notice_of_motion": ("Notice of motion", "text"),
    "repeat_rule": ("Repeating a deputation", "text"),
    "interpretation": ("Interpretation", "text"),
    "clerk_contact": ("Clerk contact", "text"),
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_card(text: str, path: str | Path, *, origin: str = "built-in") -> Card:
    """Parse and validate the text of a procedure card.

    Args:
        text: The YAML text.
        path: The file name used in error messages.
        origin: ``built-in`` or ``user``.

    Returns:
        The validated card.

    Raises:
        DataFileError: The text is not valid YAML.
        DefinitionError: The card breaks the schema; the message names file, line and key.
    """
    ctx = Context(path)
    data = require_mapping(ctx, read_yaml(text, path), "a council card")
    check_keys(ctx, data, CARD_KEYS, "a council card")
    card_id = get_str(ctx, data, "id")
    if not KEBAB_ID.match(card_id):
        raise ctx.error(data, "id", f"card id '{card_id}' must be kebab-case (lower-case-words)")
    return Card(
        id=card_id,
        name=get_str(ctx, data, "name"),
        country=get_str(ctx, data, "country"),
        time_zone=_time_zone(ctx, data),
        description=get_str(ctx, data, "description", required=False),
        facts=_facts(ctx, data),
        holidays=_holidays(ctx, data),
        meetings=_meetings(ctx, data),
        path=str(path),
        origin=origin,
    )


def read_yaml(text: str, path: str | Path) -> Any:
    """Parse YAML like :func:`advocate.yamlio.parse_yaml`, also refusing impossible dates.

    Raises:
        DataFileError: The text is not valid YAML, or holds a date such as 2026-13-01.
    """
    try:
        return parse_yaml(text, path)
    except ValueError as err:  # PyYAML builds dates itself and lets datetime's error through
        raise DataFileError(path, f"not valid YAML: {err}") from err


def _time_zone(ctx: Context, data: Located) -> str:
    name = get_str(ctx, data, "time_zone")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problem = f"unknown time zone '{name}'; use an IANA name such as America/Toronto"
        raise ctx.error(data, "time_zone", problem) from None
    return name


def _facts(ctx: Context, data: Located) -> tuple[Fact, ...]:
    raw = data.get("facts")
    if raw is None:
        return tuple(Fact(key) for key in FACTS)
    facts = require_mapping(ctx, raw, "'facts'", "facts")
    check_keys(ctx, facts, FACTS, "'facts'")
    return tuple(_fact(ctx, facts, key) for key in FACTS)


def _fact(ctx: Context, facts: Located, key: str) -> Fact:
    raw = facts.get(key)
    if raw is None or raw == UNKNOWN:
        return Fact(key)
    if not isinstance(raw, Located):
        problem = f"fact '{key}' must be 'unknown' or a mapping with value (or rules) and source"
        raise ctx.error(facts, key, problem)
    check_keys(ctx, raw, FACT_ENTRY_KEYS, f"fact '{key}'")
    source = get_str(ctx, raw, "source", required=False)
    note = get_str(ctx, raw, "note", required=False)
    kind = FACTS[key][1]
    if kind == "rule":
        if "value" in raw:
            raise ctx.error(raw, "value", f"'{key}' is a deadline: give 'rules', not 'value'")
        return Fact(key, rules=_rules(ctx, raw), source=source, note=note)
    if "rules" in raw:
        raise ctx.error(raw, "rules", f"only deadline facts have 'rules'; '{key}' has a value")
    return Fact(key, value=_value(ctx, raw, key, kind), source=source, note=note)


def _value(ctx: Context, raw: Located, key: str, kind: str) -> str | int:
    value = raw.get("value")
    if kind == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ctx.error(raw, "value", f"'{key}' must be a whole number of minutes")
        return value
    text = get_str(ctx, raw, "value")
    allowed = {"kind": [k.value for k in Kind], "heard": [h.value for h in Heard]}.get(kind)
    if allowed is not None and text not in allowed:
        raise ctx.error(raw, "value", f"'{key}' must be one of: {', '.join(allowed)}")
    return text


def _rules(ctx: Context, raw: Located) -> tuple[DeadlineRule, ...]:
    items = raw.get("rules")
    if not isinstance(items, list) or not items:
        raise ctx.error(raw, "rules", "'rules' must be a non-empty list of deadline rules")
    return tuple(parse_rule(ctx, require_mapping(ctx, item, "a rule", "rules")) for item in items)


def parse_rule(ctx: Context, rule: Located) -> DeadlineRule:
    """Parse one deadline rule such as ``{time: "12:00", business_days_before: 1}``.

    Raises:
        DefinitionError: The rule has unknown keys, no count or two, or a bad time or number.
    """
    check_keys(ctx, rule, RULE_KEYS, "a deadline rule")
    counts = [count for count in Count if count.value in rule]
    if len(counts) != 1:
        listing = ", ".join(count.value for count in Count)
        raise ctx.error(rule, "rules", f"a deadline rule needs exactly one of: {listing}")
    count = counts[0]
    raw_amount = rule[count.value]
    if count is Count.WEEKDAY:
        if str(raw_amount).lower() not in WEEKDAYS:
            raise ctx.error(rule, count.value, f"'{count.value}' must be a weekday name")
        amount = WEEKDAYS.index(str(raw_amount).lower())
    elif isinstance(raw_amount, bool) or not isinstance(raw_amount, int) or raw_amount < 0:
        raise ctx.error(rule, count.value, f"'{count.value}' must be a whole number, 0 or more")
    else:
        amount = raw_amount
    return DeadlineRule(
        count=count,
        amount=amount,
        time=_time(ctx, rule, "time"),
        applies_to=get_str(ctx, rule, "for", required=False),
    )


def _time(ctx: Context, data: Located, key: str) -> dt.time | None:
    raw = data.get(key)
    if raw is None:
        return None
    # YAML 1.1 reads an unquoted 16:30 as the sexagesimal number 990
    text = raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = f"{raw // 60}:{raw % 60:02d}"
    match = _TIME.match(str(text))
    if match is None:
        raise ctx.error(data, key, f"'{key}' must be a 24-hour time such as \"16:30\"")
    return dt.time(int(match[1]), int(match[2]))


def _date(ctx: Context, data: Located, key: str, raw: Any) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ctx.error(data, key, f"'{raw}' is not a date (YYYY-MM-DD)") from None


def _holidays(ctx: Context, data: Located) -> tuple[dt.date, ...]:
    raw = data.get("holidays", [])
    if not isinstance(raw, list):
        raise ctx.error(data, "holidays", "'holidays' must be a list of dates (YYYY-MM-DD)")
    return tuple(sorted({_date(ctx, data, "holidays", item) for item in raw}))


def _meetings(ctx: Context, data: Located) -> tuple[Meeting, ...]:
    raw = data.get("meetings", [])
    if not isinstance(raw, list):
        raise ctx.error(data, "meetings", "'meetings' must be a list of {date, body, time}")
    meetings = []
    for item in raw:
        entry = require_mapping(ctx, item, "a meeting", "meetings")
        check_keys(ctx, entry, MEETING_KEYS, "a meeting")
        if "date" not in entry:
            raise ctx.error(entry, "date", "a meeting needs a 'date'")
        meetings.append(
            Meeting(
                date=_date(ctx, entry, "date", entry["date"]),
                body=get_str(ctx, entry, "body", required=False),
                time=_time(ctx, entry, "time"),
            )
        )
    return tuple(sorted(meetings, key=lambda meeting: meeting.date))


def require_sources(card: Card) -> None:
    """Refuse a card with a known fact that has no web address as its source.

    Built-in cards must show where each fact comes from; user cards may leave it out.

    Raises:
        DefinitionError: A known fact has no ``http(s)://`` source.
    """
    for fact in card.facts:
        if fact.known and not fact.source.startswith(("http://", "https://")):
            problem = f"fact '{fact.key}' needs a 'source' web address"
            raise DefinitionError(card.path, problem, key=fact.key)


def rule_data(rule: DeadlineRule) -> dict[str, Any]:
    """The card form of a rule, e.g. ``{"time": "16:30", "days_before": 1}``."""
    data: dict[str, Any] = {}
    if rule.time is not None:
        data["time"] = rule.time.strftime("%H:%M")
    amount: Any = WEEKDAYS[rule.amount] if rule.count is Count.WEEKDAY else rule.amount
    data[rule.count.value] = amount
    if rule.applies_to:
        data["for"] = rule.applies_to
    return data
