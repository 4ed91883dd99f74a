"""Frozen models of a council procedure card: facts, deadline rules, meetings and deadlines.

A fact is either known, with the value and where it comes from, or unknown. Nothing here
guesses: an unknown fact stays ``None`` and is shown as "unknown — ask the clerk".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

UNKNOWN_TEXT = "unknown — ask the clerk"


class Kind(StrEnum):
    """What sort of council it is, which decides what it runs."""

    SINGLE_TIER = "single-tier"
    UPPER_TIER = "upper-tier"
    LOWER_TIER = "lower-tier"
    SMALL_TOWN = "small-town"


class Heard(StrEnum):
    """Which bodies let the public speak."""

    COMMITTEES = "committees"
    COUNCIL = "council"
    BOTH = "both"


class Count(StrEnum):
    """How a deadline rule counts back from the meeting."""

    DAYS = "days_before"
    BUSINESS_DAYS = "business_days_before"
    WORKING_DAYS = "working_days_before"
    CLEAR_WORKING_DAYS = "clear_working_days_before"
    HOURS = "hours_before"
    WEEKDAY = "weekday_before"


@dataclass(frozen=True)
class DeadlineRule:
    """One way of counting a deadline back from a meeting.

    Attributes:
        count: The kind of count (calendar days, business days, hours, a named weekday).
        amount: How many days or hours; for a weekday rule, the weekday (Monday is 0).
        time: The time of day of the deadline, or ``None`` when the council does not say.
        applies_to: The meeting or case the rule is for ("Committee of the Whole"), or ''.
    """

    count: Count
    amount: int
    time: dt.time | None = None
    applies_to: str = ""


@dataclass(frozen=True)
class Fact:
    """One fact about a council's procedure.

    Attributes:
        key: The card key, e.g. ``speaking_limit``.
        value: Text, a number of minutes, or ``None`` when unknown (deadline facts keep
            their rules in ``rules`` and have no value).
        rules: The deadline rules of a deadline fact.
        source: The address (or other reference) the fact comes from; '' if not given.
        note: A qualification in the card's own words.
    """

    key: str
    value: str | int | None = None
    rules: tuple[DeadlineRule, ...] = ()
    source: str = ""
    note: str = ""

    @property
    def known(self) -> bool:
        """Whether the card states this fact."""
        return self.value is not None or bool(self.rules)


@dataclass(frozen=True)
class Meeting:
    """A council or committee meeting the user entered."""

    date: dt.date
    body: str = ""
    time: dt.time | None = None


@dataclass(frozen=True)
class Card:
    """A council's procedure card.

    Attributes:
        id: The kebab-case name used on the command line (``toronto``).
        name: The council's name.
        country: Two-letter country code.
        time_zone: An IANA time zone, e.g. ``America/Toronto``.
        description: A short summary of how the public is heard, in the card's own words.
        facts: Every fact key in card order, known or not.
        holidays: Days the council's offices are closed, skipped by business-day rules.
        meetings: Meeting dates the user entered.
        path: The file the card was read from.
        origin: ``built-in`` or ``user``.
    """

    id: str
    name: str
    country: str
    time_zone: str
    description: str
    facts: tuple[Fact, ...]
    holidays: tuple[dt.date, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    path: str = ""
    origin: str = "built-in"

    def fact(self, key: str) -> Fact:
        """Return the fact ``key`` (an unknown one if the card does not state it)."""
        for fact in self.facts:
            if fact.key == key:
                return fact
        return Fact(key)


@dataclass(frozen=True)
class Deadline:
    """A deadline computed from a card's rule for one meeting.

    Attributes:
        key: The fact it comes from (``registration_deadline`` or ``written_deadline``).
        at: When it falls, in the card's time zone; midnight when the time is not stated.
        time_known: Whether the council states the time of day.
        rule: The rule it was computed with.
        meeting: The meeting it counts back from.
        explanation: One sentence saying what, when, which council and which rule.
        source: Where the rule comes from.
        warning: A caution (the day is a weekend or holiday), or ''.
    """

    key: str
    at: dt.datetime
    time_known: bool
    rule: DeadlineRule
    meeting: dt.datetime
    explanation: str
    source: str
    warning: str = ""
