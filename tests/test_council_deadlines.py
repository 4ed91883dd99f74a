"""Deadline rules counted back from a meeting: business days over weekends and listed holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.council.deadlines import (
    business_days_before,
    compute_deadlines,
    deadline_date,
    format_time,
    rule_text,
)
from advocate.council.models import Card, Count, DeadlineRule, Fact
from advocate.council.store import resolve_card

MONDAY = dt.date(2026, 11, 30)
TUESDAY = dt.date(2026, 12, 1)
HOLIDAY_FRIDAY = dt.date(2026, 11, 27)


def card_with(
    *rules: DeadlineRule, holidays: tuple[dt.date, ...] = (), zone: str = "America/Toronto"
) -> Card:
    return Card(
        id="test-town",
        name="Test Town",
        country="CA",
        time_zone=zone,
        description="",
        facts=(Fact("registration_deadline", rules=rules, source="https://example.org/rules"),),
        holidays=holidays,
    )


def rule(count: Count, amount: int, time: str | None = None) -> DeadlineRule:
    return DeadlineRule(count, amount, dt.time.fromisoformat(time) if time else None)


@pytest.mark.parametrize("count", [Count.BUSINESS_DAYS, Count.WORKING_DAYS])
def test_one_business_day_before_a_monday_is_the_friday(count: Count) -> None:
    assert deadline_date(rule(count, 1), MONDAY) == dt.date(2026, 11, 27)


def test_business_days_skip_a_listed_holiday_after_the_weekend() -> None:
    assert deadline_date(rule(Count.BUSINESS_DAYS, 1), MONDAY, [HOLIDAY_FRIDAY]) == dt.date(
        2026, 11, 26
    )


def test_five_working_days_span_a_weekend_and_a_holiday() -> None:
    # Tue 1 Dec back five working days: Mon 30, (Fri 27 holiday), Thu 26, Wed 25, Tue 24, Mon 23
    assert deadline_date(rule(Count.WORKING_DAYS, 5), TUESDAY, [HOLIDAY_FRIDAY]) == dt.date(
        2026, 11, 23
    )
    assert deadline_date(rule(Count.WORKING_DAYS, 5), TUESDAY) == dt.date(2026, 11, 24)


def test_clear_working_days_leave_whole_days_between() -> None:
    # three clear days (Thu, Fri, Mon) between the deadline day and a Tuesday meeting
    assert deadline_date(rule(Count.CLEAR_WORKING_DAYS, 3), TUESDAY) == dt.date(2026, 11, 25)
    assert deadline_date(rule(Count.CLEAR_WORKING_DAYS, 3), TUESDAY, [HOLIDAY_FRIDAY]) == dt.date(
        2026, 11, 24
    )


def test_calendar_days_are_literal_even_over_a_weekend() -> None:
    assert deadline_date(rule(Count.DAYS, 1), MONDAY) == dt.date(2026, 11, 29)
    assert deadline_date(rule(Count.DAYS, 0), MONDAY) == MONDAY


def test_a_weekday_rule_takes_the_one_strictly_before() -> None:
    tuesday = rule(Count.WEEKDAY, 1)
    assert deadline_date(tuesday, TUESDAY) == dt.date(2026, 11, 24)
    assert deadline_date(tuesday, dt.date(2026, 12, 3)) == TUESDAY


def test_an_hours_rule_needs_the_meeting_time() -> None:
    with pytest.raises(ValueError, match="meeting's time"):
        deadline_date(rule(Count.HOURS, 48), TUESDAY)


def test_a_weekend_deadline_is_kept_and_warned_about() -> None:
    (deadline,) = compute_deadlines(card_with(rule(Count.DAYS, 1, "16:30")), MONDAY)
    assert deadline.at == dt.datetime(2026, 11, 29, 16, 30, tzinfo=deadline.at.tzinfo)
    assert "Sunday" in deadline.warning


def test_a_holiday_deadline_on_a_calendar_rule_is_warned_about() -> None:
    card = card_with(rule(Count.DAYS, 3), holidays=(HOLIDAY_FRIDAY,))
    (deadline,) = compute_deadlines(card, MONDAY)
    assert deadline.at.date() == HOLIDAY_FRIDAY
    assert "a holiday" in deadline.warning and not deadline.time_known


def test_business_day_deadlines_never_fall_on_a_closed_day() -> None:
    card = card_with(rule(Count.BUSINESS_DAYS, 1, "12:00"), holidays=(HOLIDAY_FRIDAY,))
    (deadline,) = compute_deadlines(card, MONDAY)
    assert deadline.at.date() == dt.date(2026, 11, 26) and deadline.warning == ""


def test_hours_are_elapsed_time_across_the_end_of_summer_time() -> None:
    # Toronto leaves summer time on Sunday 1 November 2026
    card = card_with(rule(Count.HOURS, 48))
    (deadline,) = compute_deadlines(card, dt.date(2026, 11, 2), time=dt.time(9, 30))
    # 9:30 a.m. EST is 14:30 UTC; 48 hours earlier is 10:30 a.m. EDT on the Saturday
    assert deadline.at.astimezone(dt.UTC) == dt.datetime(2026, 10, 31, 14, 30, tzinfo=dt.UTC)
    assert (deadline.at.hour, deadline.at.minute) == (10, 30)
    assert deadline.at.utcoffset() == dt.timedelta(hours=-4)


def test_an_hours_rule_without_a_meeting_time_counts_from_midnight_and_says_so() -> None:
    (deadline,) = compute_deadlines(card_with(rule(Count.HOURS, 24)), TUESDAY)
    assert deadline.at == dt.datetime(2026, 11, 30, 0, 0, tzinfo=deadline.at.tzinfo)
    assert "start of the meeting day" in deadline.warning


def test_a_passed_deadline_is_flagged() -> None:
    now = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    (deadline,) = compute_deadlines(card_with(rule(Count.DAYS, 1, "16:30")), TUESDAY, now=now)
    assert deadline.warning == "this deadline has passed"


def test_toronto_explanation_names_time_day_council_and_rule() -> None:
    (deadline,) = compute_deadlines(resolve_card("toronto"), TUESDAY)
    assert deadline.explanation == (
        "register to speak by 4:30 p.m., Monday 30 November 2026 — City of Toronto: "
        "4:30 p.m., 1 day before the meeting"
    )
    assert deadline.source == "http://toronto.ca/legdocs/tmmis/have-your-say.htm"
    assert str(deadline.at.tzinfo) == "America/Toronto"


def test_an_unstated_time_is_said_to_be_unknown() -> None:
    (deadline,) = compute_deadlines(resolve_card("royal-greenwich"), TUESDAY)
    assert deadline.explanation.startswith(
        "register to speak by Tuesday 24 November 2026 (the time of day is not stated — ask the clerk)"
    )
    assert str(deadline.at.tzinfo) == "Europe/London"


def test_deadlines_come_out_earliest_first_with_each_rule_labelled() -> None:
    deadlines = compute_deadlines(resolve_card("kenora"), TUESDAY)
    assert [d.rule.applies_to for d in deadlines] == ["Committee of the Whole", "Council"]
    assert deadlines[1].explanation.endswith("10 a.m., on the day of the meeting (for Council)")


def test_a_card_without_deadline_rules_gives_none() -> None:
    assert compute_deadlines(resolve_card("ottawa"), TUESDAY) == []


def test_times_and_rules_in_words() -> None:
    assert [format_time(dt.time(h, m)) for h, m in [(12, 0), (0, 0), (10, 0), (16, 30)]] == [
        "noon",
        "midnight",
        "10 a.m.",
        "4:30 p.m.",
    ]
    assert rule_text(rule(Count.WEEKDAY, 4, "12:00")) == "noon, the Friday before the meeting"
    assert rule_text(rule(Count.BUSINESS_DAYS, 2)) == "2 business days before the meeting"
    assert (
        rule_text(replace(rule(Count.DAYS, 10), applies_to="x"))
        == "10 days before the meeting (for x)"
    )


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.integers(min_value=0, max_value=30),
    st.sets(st.dates(min_value=dt.date(1999, 10, 1), max_value=dt.date(2100, 1, 1)), max_size=20),
)
def test_business_days_counted_back_land_on_an_open_day(
    day: dt.date, count: int, holidays: set[dt.date]
) -> None:
    result = business_days_before(day, count, holidays)
    assert result <= day
    if count:
        assert result.weekday() < 5 and result not in holidays
        between = [result + dt.timedelta(days=i) for i in range(1, (day - result).days)]
        assert sum(d.weekday() < 5 and d not in holidays for d in between) == count - 1
