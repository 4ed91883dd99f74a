"""Deadlines counted back from a meeting by a council's own rules.

Business (working) days skip Saturdays, Sundays and the holidays listed on the card. Calendar
day, weekday and hour rules are taken literally; when such a deadline falls on a day the
offices are closed, the deadline carries a warning instead of being moved.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import replace

from advocate.council.cards import FACTS, WEEKDAYS
from advocate.council.models import Card, Count, Deadline, DeadlineRule

DEADLINE_ACTIONS = {
    "registration_deadline": "register to speak",
    "written_deadline": "send the written submission",
}
_BUSINESS = (Count.BUSINESS_DAYS, Count.WORKING_DAYS, Count.CLEAR_WORKING_DAYS)


def is_business_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    """Whether ``day`` is a weekday that is not one of ``holidays``."""
    return day.weekday() < 5 and day not in set(holidays)


def business_days_before(day: dt.date, count: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The date ``count`` business days before ``day`` (``day`` itself when ``count`` is 0)."""
    closed = set(holidays)
    current = day
    for _ in range(count):
        current -= dt.timedelta(days=1)
        while not is_business_day(current, closed):
            current -= dt.timedelta(days=1)
    return current


def deadline_date(
    rule: DeadlineRule, meeting: dt.date, holidays: Iterable[dt.date] = ()
) -> dt.date:
    """The day a rule's deadline falls on for a meeting on ``meeting`` (hour rules excepted).

    Raises:
        ValueError: The rule counts hours, which needs the meeting's time: see
            :func:`compute_deadlines`.
    """
    if rule.count is Count.DAYS:
        return meeting - dt.timedelta(days=rule.amount)
    if rule.count in (Count.BUSINESS_DAYS, Count.WORKING_DAYS):
        return business_days_before(meeting, rule.amount, holidays)
    if rule.count is Count.CLEAR_WORKING_DAYS:
        # "clear" days lie wholly between the day it arrives and the day of the meeting
        return business_days_before(meeting, rule.amount + 1, holidays)
    if rule.count is Count.WEEKDAY:
        back = (meeting.weekday() - rule.amount) % 7 or 7
        return meeting - dt.timedelta(days=back)
    msg = "an hours_before rule needs the meeting's time"
    raise ValueError(msg)


def compute_deadlines(
    card: Card,
    meeting: dt.date,
    *,
    time: dt.time | None = None,
    now: dt.datetime | None = None,
) -> list[Deadline]:
    """Every registration and written-submission deadline the card gives for one meeting.

    Args:
        card: The council's procedure card.
        meeting: The meeting's date.
        time: The meeting's start time, if known (used by hour rules).
        now: The present moment; a deadline before it gets a warning.

    Returns:
        One deadline per rule, earliest first; none for a deadline the card leaves unknown.
    """
    zone = zoneinfo.ZoneInfo(card.time_zone)
    start = dt.datetime.combine(meeting, time or dt.time(0), tzinfo=zone)
    deadlines = []
    for key in DEADLINE_ACTIONS:
        fact = card.fact(key)
        for rule in fact.rules:
            deadline = _deadline(card, key, rule, start, time_known=time is not None)
            deadlines.append(_with_warning(deadline, card, now))
    return sorted(deadlines, key=lambda deadline: deadline.at)


def _deadline(
    card: Card, key: str, rule: DeadlineRule, start: dt.datetime, *, time_known: bool
) -> Deadline:
    zone = start.tzinfo
    if rule.count is Count.HOURS:
        # elapsed hours, counted in UTC so a change to or from summer time is not lost
        at = (start.astimezone(dt.UTC) - dt.timedelta(hours=rule.amount)).astimezone(zone)
        at_time_known = time_known
    else:
        day = deadline_date(rule, start.date(), card.holidays)
        at = dt.datetime.combine(day, rule.time or dt.time(0), tzinfo=zone)
        at_time_known = rule.time is not None
    fact = card.fact(key)
    explanation = explain(card, key, rule, at, time_known=at_time_known)
    return Deadline(key, at, at_time_known, rule, start, explanation, fact.source)


def _with_warning(deadline: Deadline, card: Card, now: dt.datetime | None) -> Deadline:
    day = deadline.at.date()
    warnings = []
    if deadline.rule.count not in _BUSINESS and not is_business_day(day, card.holidays):
        closed = "a holiday" if day in card.holidays else f"a {day:%A}"
        warnings.append(f"it falls on {closed}, when the offices may be closed: send it earlier")
    if deadline.rule.count is Count.HOURS and not deadline.time_known:
        warnings.append("counted from the start of the meeting day, as its time is not known")
    if now is not None and deadline.at < now:
        warnings.append("this deadline has passed")
    if not warnings:
        return deadline
    return replace(deadline, warning="; ".join(warnings))


def format_time(value: dt.time) -> str:
    """A time as people write it: ``noon``, ``10 a.m.``, ``4:30 p.m.``."""
    if value == dt.time(12):
        return "noon"
    if value == dt.time(0):
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes} {'a.m.' if value.hour < 12 else 'p.m.'}"


def format_day(value: dt.date) -> str:
    """A date with its weekday: ``Monday 30 November 2026``."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def rule_text(rule: DeadlineRule) -> str:
    """A rule in words: ``4:30 p.m., 1 day before the meeting``."""
    n = rule.amount
    plural = "" if n == 1 else "s"
    counted = {
        Count.DAYS: f"{n} day{plural} before the meeting",
        Count.BUSINESS_DAYS: f"{n} business day{plural} before the meeting",
        Count.WORKING_DAYS: f"{n} working day{plural} before the meeting",
        Count.CLEAR_WORKING_DAYS: f"{n} clear working day{plural} before the meeting",
        Count.HOURS: f"{n} hour{plural} before the meeting",
        Count.WEEKDAY: f"the {WEEKDAYS[n % 7].capitalize()} before the meeting",
    }[rule.count]
    if rule.count is Count.DAYS and n == 0:
        counted = "on the day of the meeting"
    text = f"{format_time(rule.time)}, {counted}" if rule.time else counted
    return f"{text} (for {rule.applies_to})" if rule.applies_to else text


def explain(card: Card, key: str, rule: DeadlineRule, at: dt.datetime, *, time_known: bool) -> str:
    """One sentence: what to do, by when, and by which council's rule.

    Example: ``register to speak by 4:30 p.m., Monday 30 November 2026 — City of Toronto:
    4:30 p.m., 1 day before the meeting``.
    """
    action = DEADLINE_ACTIONS.get(key, FACTS[key][0].lower())
    when = (
        f"{format_time(at.time())}, {format_day(at.date())}"
        if time_known
        else format_day(at.date())
    )
    unstated = "" if time_known else " (the time of day is not stated — ask the clerk)"
    return f"{action} by {when}{unstated} — {card.name}: {rule_text(rule)}"
