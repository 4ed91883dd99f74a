"""``plan status --all`` across a folder of campaigns, and the action plan as an .ics calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from advocate.council.store import resolve_card
from advocate.errors import OutputExistsError
from advocate.planning.action_plan import ActionPlan, action_plan
from advocate.planning.calendar import export_calendar, plan_calendar
from advocate.planning.campaign import new_campaign, save_campaign
from advocate.planning.overview import folder_overview
from advocate.planning.playbooks import resolve_playbook
from advocate.planning.procedure import Procedure, procedure_for
from conftest import run_cli
from plan_support import sample_answers

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
IN_TIME = dt.date(2027, 2, 19)  # 13 weeks: the full playbooks


def _plan(tmp_path: Path, card_id: str | None, meeting: dt.date, playbook_id: str) -> ActionPlan:
    playbook = resolve_playbook(playbook_id)
    campaign = new_campaign(tmp_path / f"{playbook_id}.campaign.yaml", [playbook], now=NOW,
                            settings={"municipal_context": "large-city", "target_date": meeting,
                                      "council": card_id})  # fmt: skip
    campaign.answers.update(sample_answers(playbook))
    save_campaign(campaign, now=NOW)
    card = resolve_card(card_id) if card_id else None
    return action_plan(campaign, [playbook], today=NOW.date(),
                       procedure=procedure_for(card, meeting, now=NOW))  # fmt: skip


def _events(calendar: Calendar) -> list[dict[str, object]]:
    return [
        {"summary": str(e["SUMMARY"]), "start": e.decoded("DTSTART"), "uid": str(e["UID"])}
        for e in calendar.walk("VEVENT")
    ]


def test_the_ics_file_parses_with_one_event_per_date_and_deadline(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "hamilton", IN_TIME, "open-services")
    written = export_calendar(plan, tmp_path / "plan.ics", now=NOW)
    calendar = Calendar.from_ical(written.path.read_bytes())
    events = _events(calendar)
    dated = [row for row in plan.rows if row.due]
    deadlines = [item for item in plan.procedure.deadlines if item.deadline]
    assert len(events) == len(dated) + len(deadlines)
    assert len({event["uid"] for event in events}) == len(events)
    for row in dated:
        event = next(e for e in events if e["summary"] == f"{row.number}. {row.title}")
        assert event["start"] == row.due  # an all-day event on the due date
    register = next(e for e in events if str(e["summary"]).startswith("Register to speak"))
    start = register["start"]
    assert isinstance(start, dt.datetime)
    # Hamilton: noon, one business day before Friday 19 February 2027: Thursday the 18th
    assert start == dt.datetime(2027, 2, 18, 12, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "America/Toronto"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


@pytest.mark.parametrize("card_id", ["kirklees", "christchurch", "winnipeg"])
def test_each_deadline_is_in_the_cards_time_zone(tmp_path: Path, card_id: str) -> None:
    card = resolve_card(card_id)
    plan = _plan(tmp_path, card_id, IN_TIME, "recognise-role")
    calendar = Calendar.from_ical(plan_calendar(plan, now=NOW).to_ical())
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")
              if str(e["SUMMARY"]).startswith("Register")]  # fmt: skip
    assert starts
    for start in starts:
        if isinstance(start, dt.datetime):
            assert str(start.tzinfo) == card.time_zone
        else:  # the card gives no time of day: an all-day event, never an invented hour
            assert isinstance(start, dt.date)


def test_without_a_card_only_step_dates_and_no_time_zone(tmp_path: Path) -> None:
    plan = _plan(tmp_path, None, IN_TIME, "open-services")
    calendar = Calendar.from_ical(plan_calendar(plan, now=NOW).to_ical())
    assert len(calendar.walk("VEVENT")) == sum(1 for row in plan.rows if row.due)
    assert not calendar.walk("VTIMEZONE")


def test_an_existing_ics_is_not_overwritten(tmp_path: Path) -> None:
    plan = _plan(tmp_path, None, IN_TIME, "open-services")
    target = tmp_path / "plan.ics"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export_calendar(plan, target, now=NOW)
    assert target.read_text(encoding="utf-8") == "mine"
    export_calendar(plan, target, now=NOW, overwrite=True)
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")


def test_the_folder_overview_lists_next_deadlines_first(tmp_path: Path) -> None:
    _plan(tmp_path, "toronto", IN_TIME, "shape-agenda")
    _plan(tmp_path, "hamilton", NOW.date() + dt.timedelta(weeks=3), "open-services")
    (tmp_path / "broken.campaign.yaml").write_text("format: [\n", encoding="utf-8")

    def procedure_of(campaign: object) -> Procedure:
        council = getattr(campaign, "council", None)
        target = getattr(campaign, "target_date", None)
        return procedure_for(resolve_card(council) if council else None, target, now=NOW)

    found = folder_overview(tmp_path, today=NOW.date(), procedure_of=procedure_of)
    assert len(found.campaigns) == 3
    assert [path.name for path, _ in found.problems] == ["broken.campaign.yaml"]
    days = [item.day for item in found.items if item.day]
    assert days == sorted(days) and days[0] >= NOW.date()
    assert found.items[0].campaign.name == "open-services.campaign.yaml"  # three weeks away
    assert found.items[-1].day is None  # Toronto states no written deadline: no date, last
    assert "ask the clerk" in found.items[-1].origin


def test_plan_status_all_and_ics_through_the_cli(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(sample_answers(resolve_playbook("recognise-role"))),
                       encoding="utf-8")  # fmt: skip
    meeting = (dt.date.today() + dt.timedelta(weeks=12)).isoformat()
    campaign = tmp_path / "c.campaign.yaml"
    run_cli("plan", "recognise-role", "--campaign", campaign, "--answers", answers, "--no-input",
            "--context", "large-city", "--target-date", meeting, "--council", "winnipeg",
            "--export", tmp_path / "plan.ics")  # fmt: skip
    assert Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
    again = run_cli("plan", "status", "--campaign", campaign, "--export", tmp_path / "plan.ics",
                    expect=1)  # fmt: skip
    assert "--overwrite" in again.stderr
    listed = json.loads(run_cli("plan", "status", "--all", tmp_path, "--json").stdout)
    assert listed["campaigns"] == [str(campaign)]
    dates = [item["date"] for item in listed["due"] if item["date"]]
    assert dates and dates == sorted(dates)
    shown = run_cli("plan", "status", "--all", tmp_path)
    assert "c.campaign.yaml" in shown.stdout and "City of Winnipeg" in shown.stdout
    refused = run_cli("plan", "status", expect=2)
    assert "--all [FOLDER]" in refused.stderr
