"""The exported calendar read by a second, independent iCalendar parser: libical (C).

The ``icalendar`` library writes the file, so a test that reads it back with the same library
could miss a mistake both sides share. libical (Debian package ``libical3``, which ``.ci/run``
installs) is a separate implementation of RFC 5545 used by desktop calendar programs. For the
plan of every built-in council card, with the meeting four weeks out, it must parse the file
without errors, find every event, resolve each deadline's TZID through the file's own VTIMEZONE
and land on the same instant that Python's zoneinfo gives.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import os
from pathlib import Path

import pytest
from icalendar import Calendar

from advocate.council.store import builtin_cards
from advocate.planning.calendar import export_calendar
from test_plan_calendar import NOW, _plan

FOUR_WEEKS = NOW.date() + dt.timedelta(weeks=4)


class IcalTime(ctypes.Structure):
    """libical 3's ``struct icaltimetype``."""

    _fields_ = [
        ("year", ctypes.c_int),
        ("month", ctypes.c_int),
        ("day", ctypes.c_int),
        ("hour", ctypes.c_int),
        ("minute", ctypes.c_int),
        ("second", ctypes.c_int),
        ("is_date", ctypes.c_int),
        ("is_daylight", ctypes.c_int),
        ("zone", ctypes.c_void_p),
    ]


def _libical() -> ctypes.CDLL:
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        message = "libical is not installed (Debian package libical3)"
        if os.environ.get("ADVOCATE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"{message} and ADVOCATE_REQUIRE_LIBREOFFICE=1")
        pytest.skip(message)
    pointer, text = ctypes.c_void_p, ctypes.c_char_p
    signatures: dict[str, tuple[object, list[object]]] = {
        "icalparser_parse_string": (pointer, [text]),
        "icalcomponent_count_errors": (ctypes.c_int, [pointer]),
        "icalcomponent_string_to_kind": (ctypes.c_int, [text]),
        "icalcomponent_get_first_component": (pointer, [pointer, ctypes.c_int]),
        "icalcomponent_get_next_component": (pointer, [pointer, ctypes.c_int]),
        "icalcomponent_get_dtstart": (IcalTime, [pointer]),
        "icalcomponent_get_summary": (text, [pointer]),
        "icalcomponent_get_uid": (text, [pointer]),
        "icaltime_as_timet_with_zone": (ctypes.c_int64, [IcalTime, pointer]),
        "icalcomponent_free": (None, [pointer]),
    }
    for function, (restype, argtypes) in signatures.items():
        getattr(lib, function).restype = restype
        getattr(lib, function).argtypes = argtypes
    return lib


def _errors(lib: ctypes.CDLL, data: bytes) -> int:
    """How many errors libical reports in the file (X-LIC-ERROR properties it adds)."""
    root = lib.icalparser_parse_string(data)
    assert root, "libical could not parse the file at all"
    try:
        return int(lib.icalcomponent_count_errors(root))
    finally:
        lib.icalcomponent_free(root)


def _read(lib: ctypes.CDLL, data: bytes) -> list[tuple[str, str, dt.date]]:
    """(uid, summary, start) of each event as libical reads it; a timed start in UTC."""
    root = lib.icalparser_parse_string(data)
    assert root, "libical could not parse the file at all"
    try:
        kind = lib.icalcomponent_string_to_kind(b"VEVENT")
        events = []
        event = lib.icalcomponent_get_first_component(root, kind)
        while event:
            start = lib.icalcomponent_get_dtstart(event)
            when: dt.date
            if start.is_date:
                when = dt.date(start.year, start.month, start.day)
            else:
                assert start.zone, "libical did not resolve the event's TZID"
                seconds = lib.icaltime_as_timet_with_zone(start, start.zone)
                when = dt.datetime.fromtimestamp(seconds, dt.UTC)
            uid = lib.icalcomponent_get_uid(event).decode()
            events.append((uid, lib.icalcomponent_get_summary(event).decode(), when))
            event = lib.icalcomponent_get_next_component(root, kind)
        return events
    finally:
        lib.icalcomponent_free(root)


def _expected(data: bytes) -> list[tuple[str, str, dt.date]]:
    """The same events as the icalendar library and zoneinfo read them."""
    events = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            start = start.astimezone(dt.UTC)
        events.append((str(event["UID"]), str(event["SUMMARY"]), start))
    return events


@pytest.mark.parametrize("card_id", sorted(card.id for card in builtin_cards()))
def test_libical_reads_every_cards_calendar_as_written(tmp_path: Path, card_id: str) -> None:
    lib = _libical()
    plan = _plan(tmp_path, card_id, FOUR_WEEKS, "open-services")
    data = export_calendar(plan, tmp_path / "plan.ics", now=NOW).path.read_bytes()
    assert _errors(lib, data) == 0
    events = _read(lib, data)
    assert events == _expected(data)
    deadlines = [1 + len(item.others) for item in plan.procedure.deadlines if item.deadline]
    assert len(events) == len([row for row in plan.rows if row.due]) + sum(deadlines)


def test_a_timed_deadline_lands_on_the_same_instant_in_libical(tmp_path: Path) -> None:
    lib = _libical()
    plan = _plan(tmp_path, "hamilton", FOUR_WEEKS, "open-services")
    data = export_calendar(plan, tmp_path / "plan.ics", now=NOW).path.read_bytes()
    events = _read(lib, data)
    timed = [start for _, summary, start in events if summary.startswith("Register to speak")]
    # Hamilton: noon, one business day before Friday 18 December 2026, Toronto time (EST, UTC-5)
    assert timed == [dt.datetime(2026, 12, 17, 17, 0, tzinfo=dt.UTC)]


def test_libical_reports_a_broken_file(tmp_path: Path) -> None:
    """The check above can fail: libical flags a start it cannot read."""
    lib = _libical()
    plan = _plan(tmp_path, "hamilton", FOUR_WEEKS, "open-services")
    data = export_calendar(plan, tmp_path / "plan.ics", now=NOW).path.read_bytes()
    broken = data.replace(b"DTSTART;VALUE=DATE:", b"DTSTART;VALUE=DATE:x", 1)
    assert broken != data
    assert _errors(lib, broken) >= 1
