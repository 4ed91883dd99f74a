"""Locale conventions for documents: how dates and times are written, and the paper size.

Only the locales advocate supports are listed; anything else falls back to en-CA.
"""

from __future__ import annotations

import datetime as dt

LOCALES = ("en-CA", "en-GB", "en-US", "en-AU", "fr-CA")
DEFAULT_LOCALE = "en-CA"

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def normalise(locale: str | None) -> str:
    """Return a supported locale name, falling back to the default."""
    if not locale:
        return DEFAULT_LOCALE
    for known in LOCALES:
        if known.casefold() == locale.replace("_", "-").casefold():
            return known
    return DEFAULT_LOCALE


def page_size(locale: str | None) -> str:
    """Return ``"Letter"`` for the United States and Canada, ``"A4"`` elsewhere.

    fr-CA is Canadian, so it uses Letter like en-CA (Canadian offices print on Letter paper
    whatever the language). The locale wins over a letterhead's own page size: the Word
    writer sets this size on every section, so one letterhead serves every locale.
    """
    return "Letter" if normalise(locale) in ("en-US", "en-CA", "fr-CA") else "A4"


def format_date(value: dt.date, locale: str | None, *, weekday: bool = False) -> str:
    """Write a date the way the locale does (``December 3, 2026``, ``3 December 2026``...)."""
    name = normalise(locale)
    if name == "fr-CA":
        day = "1er" if value.day == 1 else str(value.day)
        text = f"{day} {_FR_MONTHS[value.month - 1]} {value.year}"
        return f"{_FR_DAYS[value.weekday()]} {text}" if weekday else text
    month = _EN_MONTHS[value.month - 1]
    if name in ("en-US", "en-CA"):
        text = f"{month} {value.day}, {value.year}"
    else:
        text = f"{value.day} {month} {value.year}"
    if weekday:
        return (
            f"{_EN_DAYS[value.weekday()]}, {text}"
            if name in ("en-US", "en-CA")
            else (f"{_EN_DAYS[value.weekday()]} {text}")
        )
    return text


def format_time(value: dt.time, locale: str | None) -> str:
    """Write a time of day the way the locale does (``2:30 p.m.``, ``14:30``, ``14 h 30``)."""
    name = normalise(locale)
    if name == "fr-CA":
        # Canadian French: "18 h 30", and "18 h" on the hour, held together by non-breaking spaces
        hours = f"{value.hour}\u00a0h"
        return f"{hours}\u00a0{value.minute:02d}" if value.minute else hours
    if name in ("en-GB", "en-AU"):
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    if name == "en-US":
        suffix = suffix.replace(".", "").upper()
    return f"{hour}:{value.minute:02d} {suffix}"
