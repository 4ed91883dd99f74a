"""Due dates from a council's own procedure card, and general guidance without one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from advocate.council.cards import parse_card
from advocate.council.deadlines import format_day, format_time
from advocate.council.models import Card
from advocate.council.store import builtin_cards
from advocate.errors import CampaignError
from advocate.planning.action_plan import ActionPlan, action_plan, plan_markdown
from advocate.planning.campaign import load_campaign, new_campaign, save_campaign
from advocate.planning.playbooks import resolve_playbook
from advocate.planning.procedure import Procedure, procedure_for, step_dues
from advocate.planning.short_route import route
from conftest import run_cli
from plan_support import plain_words, sample_answers

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
FOUR_WEEKS = NOW.date() + dt.timedelta(weeks=4)  # Friday 18 December 2026
IN_TIME = NOW.date() + dt.timedelta(weeks=13)  # Friday 19 February 2027: no short route
CARDS = builtin_cards()


def _plan(tmp_path: Path, card: Card | None, meeting: dt.date, playbook_id: str) -> ActionPlan:
    playbook = resolve_playbook(playbook_id)
    campaign = new_campaign(tmp_path / "c.campaign.yaml", [playbook], now=NOW,
                            settings={"municipal_context": "large-city", "target_date": meeting})  # fmt: skip
    campaign.answers.update(sample_answers(playbook))
    procedure = procedure_for(card, meeting, now=NOW)
    return action_plan(campaign, [playbook], today=NOW.date(), procedure=procedure)


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.id)
def test_each_card_gives_its_deadlines_with_the_source_or_ask_the_clerk(
    tmp_path: Path, card: Card
) -> None:
    plan = _plan(tmp_path, card, FOUR_WEEKS, "open-services")
    text = plain_words(plan_markdown(plan))
    assert f"Council procedure: {card.name}" in text
    for key, label in (("registration_deadline", "register to speak"),
                       ("written_deadline", "send the written submission")):  # fmt: skip
        fact = card.fact(key)
        if not fact.rules:
            assert "unknown — ask the clerk" in text
            continue
        assert f"{label} by" in text.lower()
        assert fact.source and f"(source: {fact.source})" in text
    decision = plan.rows[-1]  # four weeks out: the short route, which ends at the meeting
    assert decision.step_id == route(resolve_playbook("open-services"))[-1].id
    assert not any(row.past_due for row in plan.rows)
    registration = procedure_for(card, FOUR_WEEKS, now=NOW).deadline("registration")
    assert registration is not None
    if registration.deadline is None:
        assert decision.due is None and decision.ask_clerk
        assert "no date is guessed" in decision.due_origin
    else:
        assert decision.due == registration.deadline.at.date()
        assert card.name in decision.due_origin
        assert registration.deadline.source in decision.due_origin
    assert not any(row.estimated for row in plan.rows)


def test_toronto_four_weeks_out_registers_the_day_before_at_half_past_four(
    tmp_path: Path,
) -> None:
    toronto = next(card for card in CARDS if card.id == "toronto")
    plan = _plan(tmp_path, toronto, IN_TIME, "shape-agenda")
    decision = plan.rows[-1]
    assert decision.step_id == "decision-meeting"
    assert decision.due == dt.date(2027, 2, 18)
    assert "register to speak by 4:30 p.m., Thursday 18 February 2027 — City of Toronto" in (
        decision.due_origin
    )
    assert "toronto.ca/legdocs/tmmis/have-your-say.htm" in decision.due_origin
    written = next(row for row in plan.rows if row.step_id == "make-deputation")
    assert written.due is None and written.ask_clerk  # Toronto states no written deadline
    brief = next(row for row in plan.rows if row.step_id == "brief-decision-makers")
    # lead_days 35 against the decision step's 1: 34 days before the registration deadline
    assert brief.due == dt.date(2027, 2, 18) - dt.timedelta(days=34)
    assert "34 days before the registration deadline (City of Toronto)" in brief.due_origin


def _card(tmp_path: Path, written: str) -> Card:
    text = f"""\
id: riverside
name: Town of Riverside
country: CA
time_zone: America/Toronto
description: A test card.
facts:
  registration_deadline:
    rules: [{{time: "12:00", business_days_before: 1}}]
    source: https://riverside.example/procedure
  written_deadline:
    rules: [{written}]
    source: https://riverside.example/procedure#written
holidays: [2027-02-15]
"""
    return parse_card(text, tmp_path / "riverside.yaml", origin="user")


def test_earlier_steps_count_back_from_the_real_written_deadline(tmp_path: Path) -> None:
    card = _card(tmp_path, '{time: "16:30", business_days_before: 5}')
    meeting = IN_TIME  # Friday 19 February; Monday 15 February is a listed holiday
    plan = _plan(tmp_path, card, meeting, "open-services")
    rows = {row.step_id: row for row in plan.rows}
    # five business days back from Friday 19th, skipping the weekend and Monday 15th: Thu 11th
    assert rows["make-deputation"].due == dt.date(2027, 2, 11)
    assert "4:30 p.m., Thursday 11 February 2027" in rows["make-deputation"].due_origin
    # brief-service-managers keeps its 21 days' lead over the deputation (28 - 7)
    assert rows["brief-service-managers"].due == dt.date(2027, 1, 21)
    assert (
        "21 days before the written-submission deadline"
        in rows["brief-service-managers"].due_origin
    )
    # registration: noon one business day before, the Thursday
    assert rows["decision-meeting"].due == dt.date(2027, 2, 18)
    assert "noon, Thursday 18 February 2027" in rows["decision-meeting"].due_origin


def test_without_a_card_dates_are_general_guidance(tmp_path: Path) -> None:
    plan = _plan(tmp_path, None, IN_TIME, "open-services")
    assert all(row.due_origin.startswith("general guidance") for row in plan.rows if row.due)
    assert plan.rows[-1].due == IN_TIME - dt.timedelta(days=1)
    assert "Due dates are general guidance" in plain_words(plan_markdown(plan))


def test_without_a_meeting_date_the_card_gives_no_date() -> None:
    procedure = procedure_for(CARDS[0], None, now=NOW)
    assert not procedure.applies
    steps = resolve_playbook("open-services").steps
    assert {due.due for due in step_dues(steps, None, procedure)} == {None}
    assert step_dues(steps, None, Procedure()) == step_dues(steps, None, procedure)


def test_an_hours_rule_without_the_meeting_time_says_so(tmp_path: Path) -> None:
    tasman = next(card for card in CARDS if card.id == "tasman")
    procedure = procedure_for(tasman, FOUR_WEEKS, now=NOW)
    registration = procedure.deadline("registration")
    assert registration is not None and registration.deadline is not None
    text = registration.text(tasman)
    assert format_day(dt.date(2026, 12, 16)) in text  # 48 hours before midnight on the 18th
    assert "counted from the start of the meeting day" in text
    assert format_time(dt.time(12)) == "noon"


def test_the_campaign_keeps_its_council(tmp_path: Path) -> None:
    playbook = resolve_playbook("open-services")
    campaign = new_campaign(tmp_path / "c.campaign.yaml", [playbook], now=NOW,
                            settings={"council": "toronto"})  # fmt: skip
    save_campaign(campaign, now=NOW)
    assert load_campaign(campaign.path).council == "toronto"
    text = campaign.path.read_text(encoding="utf-8").replace("council: toronto", "council: [1]")
    campaign.path.write_text(text, encoding="utf-8")
    with pytest.raises(CampaignError, match="'council'"):
        load_campaign(campaign.path)


def _answers(tmp_path: Path, playbook_id: str) -> Path:
    path = tmp_path / "answers.yaml"
    answers = sample_answers(resolve_playbook(playbook_id))
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def test_plan_council_option_through_the_cli(tmp_path: Path) -> None:
    campaign = tmp_path / "c.campaign.yaml"
    export = tmp_path / "plan.md"
    meeting = (dt.date.today() + dt.timedelta(weeks=11)).isoformat()
    result = run_cli(
        "plan", "recognise-role", "--campaign", campaign, "--answers", _answers(tmp_path, "recognise-role"),
        "--no-input", "--context", "large-city", "--target-date", meeting, "--council", "toronto",
        "--export", export,
    )  # fmt: skip
    assert "Procedure: City of Toronto" in result.stdout
    assert "Register to speak by 4:30 p.m." in " ".join(result.stdout.split())
    assert "Date: register to speak by 4:30 p.m." in result.stderr  # the step panel
    assert yaml.safe_load(campaign.read_text(encoding="utf-8"))["council"] == "toronto"
    assert "have-your-say.htm" in export.read_text(encoding="utf-8")
    status = run_cli("plan", "status", "--campaign", campaign, "--json")
    data = json.loads(status.stdout)
    assert data["procedure"]["council"] == "toronto"
    assert data["procedure"]["time_zone"] == "America/Toronto"
    assert data["steps"][-1]["due_origin"].startswith("register to speak by 4:30 p.m.")


def test_an_unknown_council_is_refused_before_anything_is_saved(tmp_path: Path) -> None:
    campaign = tmp_path / "c.campaign.yaml"
    result = run_cli(
        "plan", "recognise-role", "--campaign", campaign, "--no-input", "--context", "large-city",
        "--answers", _answers(tmp_path, "recognise-role"), "--council", "atlantis", expect=1,
    )  # fmt: skip
    assert "atlantis" in result.stderr and "toronto" in result.stderr
    assert not campaign.exists()
