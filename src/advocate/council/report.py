"""Cards and deadlines as plain data: rows for the terminal, dicts for JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from advocate.council.cards import FACTS, rule_data
from advocate.council.deadlines import rule_text
from advocate.council.models import UNKNOWN_TEXT, Card, Deadline, Fact


@dataclass(frozen=True)
class FactRow:
    """One fact as shown: label, value text (or unknown), note and source."""

    key: str
    label: str
    text: str
    note: str
    source: str
    known: bool


def fact_text(fact: Fact) -> str:
    """A fact's value in words, or "unknown — ask the clerk"."""
    if not fact.known:
        return UNKNOWN_TEXT
    if fact.rules:
        return "; ".join(rule_text(rule) for rule in fact.rules)
    if FACTS[fact.key][1] == "minutes":
        return f"{fact.value} minutes"
    return str(fact.value)


def fact_rows(card: Card) -> list[FactRow]:
    """Every fact of the card in order, known or not."""
    return [
        FactRow(
            key=fact.key,
            label=FACTS[fact.key][0],
            text=fact_text(fact),
            note=fact.note,
            source=fact.source,
            known=fact.known,
        )
        for fact in card.facts
    ]


def count_facts(card: Card) -> tuple[int, int, int]:
    """(known facts, known facts with a source, unknown facts) of a card."""
    known = [fact for fact in card.facts if fact.known]
    sourced = [fact for fact in known if fact.source]
    return len(known), len(sourced), len(card.facts) - len(known)


def card_json(card: Card) -> dict[str, Any]:
    """A card as JSON-ready data; an unknown fact is ``null``."""
    facts: dict[str, Any] = {}
    for fact in card.facts:
        if not fact.known:
            facts[fact.key] = None
            continue
        entry: dict[str, Any] = {"source": fact.source, "note": fact.note}
        if fact.rules:
            entry["rules"] = [rule_data(rule) for rule in fact.rules]
        else:
            entry["value"] = fact.value
        facts[fact.key] = entry
    return {
        "id": card.id,
        "name": card.name,
        "country": card.country,
        "time_zone": card.time_zone,
        "origin": card.origin,
        "path": card.path,
        "description": card.description,
        "facts": facts,
        "holidays": [day.isoformat() for day in card.holidays],
        "meetings": [_meeting_json(m.date, m.body, m.time) for m in card.meetings],
    }


def _meeting_json(day: dt.date, body: str, time: dt.time | None) -> dict[str, Any]:
    return {"date": day.isoformat(), "body": body, "time": time.strftime("%H:%M") if time else None}


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    """A computed deadline as JSON-ready data."""
    return {
        "key": deadline.key,
        "at": deadline.at.isoformat(),
        "time_known": deadline.time_known,
        "rule": rule_data(deadline.rule),
        "explanation": deadline.explanation,
        "source": deadline.source,
        "warning": deadline.warning,
    }
