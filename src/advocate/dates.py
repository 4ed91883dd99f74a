"""Reading the dates and times people type, in English or French."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "fevrier", "févr", "fevr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er)?\s+([^\W\d_]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_RELATIVE = re.compile(r"^\+(\d{1,4})\s*(?:d|days?)?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?$")


def read_date(raw: Any, today: dt.date) -> dt.date:
    """Read a date as people type it: ISO, in words (English or French), today, or +N days.

    Raises:
        ValueError: The text is not a date (the message says why, in words).
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = " ".join(str(raw).strip().split())
    folded = text.casefold()
    if folded in ("today", "aujourd'hui"):
        return today
    relative = _RELATIVE.match(folded)
    if relative:
        return today + dt.timedelta(days=int(relative.group(1)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return _date_in_words(folded)


def _date_in_words(folded: str) -> dt.date:
    match = _DAY_MONTH_YEAR.match(folded)
    if match:
        day, month_name, year = match.groups()
    else:
        match = _MONTH_DAY_YEAR.match(folded)
        if not match:
            msg = "not a date"
            raise ValueError(msg)
        month_name, day, year = match.groups()
    month = _MONTHS.get(month_name.rstrip("."))
    if month is None:
        msg = f"unknown month '{month_name}'"
        raise ValueError(msg)
    return dt.date(int(year), month, int(day))  # ValueError for 31 February


def read_time(raw: Any) -> dt.time:
    """Read a time of day: ``14:30``, ``2:30 pm``, ``2pm``, ``14h30``.

    Raises:
        ValueError: The text is not a time of day (the message says why, in words).
    """
    if isinstance(raw, dt.time):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        # YAML 1.1 reads an unquoted 14:30 as the sexagesimal number 870.
        hours, minutes = divmod(raw, 60)
        raw = f"{hours}:{minutes:02d}"
    match = _TIME.match(str(raw).strip().casefold())
    if not match:
        msg = "not a time"
        raise ValueError(msg)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if half:
        if not 1 <= hour <= 12:
            msg = "hours run from 1 to 12 with am/pm"
            raise ValueError(msg)
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        msg = "no such time of day"
        raise ValueError(msg)
    return dt.time(hour, minute)
