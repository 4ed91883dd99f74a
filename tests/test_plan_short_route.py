"""The short route: a plan with too little time left offers it instead of past-due steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from advocate.council.store import resolve_card
from advocate.errors import DefinitionError
from advocate.planning.action_plan import action_plan, plan_markdown
from advocate.planning.campaign import new_campaign, save_campaign
from advocate.planning.models import Playbook
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.playbooks import list_playbooks, resolve_playbook
from advocate.planning.procedure import procedure_for
from advocate.planning.progress import set_step_status
from advocate.planning.short_route import DEFAULT_ROUTE, is_short, route
from conftest import run_cli
from plan_support import mini_playbook, plain_words, sample_answers

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
THREE_WEEKS = NOW.date() + dt.timedelta(weeks=3)
PLAYBOOKS = list_playbooks([])


def _campaign(tmp_path: Path, playbook: Playbook, meeting: dt.date) -> object:
    return new_campaign(tmp_path / "c.campaign.yaml", [playbook], now=NOW,
                        settings={"municipal_context": "large-city", "target_date": meeting})  # fmt: skip


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=lambda p: p.id)
def test_three_weeks_out_gives_the_short_route_with_nothing_past_due(
    tmp_path: Path, playbook: Playbook
) -> None:
    campaign = _campaign(tmp_path, playbook, THREE_WEEKS)
    plan = action_plan(campaign, [playbook], today=NOW.date())  # type: ignore[arg-type]
    assert [row.step_id for row in plan.rows] == [move.id for move in route(playbook)]
    assert all(row.short_route for row in plan.rows)
    assert not any(row.past_due for row in plan.rows)
    assert all(row.due is not None and NOW.date() <= row.due <= THREE_WEEKS for row in plan.rows)
    text = plain_words(plan_markdown(plan))
    assert "Time is short." in text and f"about {playbook.fits.min_weeks} weeks" in text
    deadlines = {row.step_id: move.deadline for row, move in zip(plan.rows, route(playbook),
                                                                 strict=True)}  # fmt: skip
    assert set(deadlines.values()) >= {"registration", "written_submission"}


@pytest.mark.parametrize("card_id", ["toronto", "hamilton", "kirklees", "christchurch"])
def test_the_short_route_hangs_on_the_councils_deadlines(tmp_path: Path, card_id: str) -> None:
    playbook = resolve_playbook("welcoming-spaces")  # no route of its own: the default
    campaign = _campaign(tmp_path, playbook, THREE_WEEKS)
    procedure = procedure_for(resolve_card(card_id), THREE_WEEKS, now=NOW)
    plan = action_plan(campaign, [playbook], today=NOW.date(), procedure=procedure)  # type: ignore[arg-type]
    assert [row.step_id for row in plan.rows] == [move.id for move in DEFAULT_ROUTE]
    speak = plan.rows[-1]
    registration = procedure.deadline("registration")
    assert registration is not None and registration.day is not None
    assert speak.due == registration.day and "source:" in speak.due_origin
    assert not any(row.past_due for row in plan.rows)


def test_five_days_out_brings_moves_forward_to_today(tmp_path: Path) -> None:
    playbook = resolve_playbook("shape-agenda")
    campaign = _campaign(tmp_path, playbook, NOW.date() + dt.timedelta(days=5))
    plan = action_plan(campaign, [playbook], today=NOW.date())  # type: ignore[arg-type]
    first = plan.rows[0]
    assert first.due == NOW.date() and first.due_origin == "as soon as you can: time is short"
    assert not any(row.past_due for row in plan.rows)


def test_enough_time_keeps_the_full_playbook(tmp_path: Path) -> None:
    playbook = resolve_playbook("shape-agenda")
    meeting = NOW.date() + dt.timedelta(weeks=playbook.fits.min_weeks)
    campaign = _campaign(tmp_path, playbook, meeting)
    assert not is_short(playbook, campaign, NOW.date())  # type: ignore[arg-type]
    plan = action_plan(campaign, [playbook], today=NOW.date())  # type: ignore[arg-type]
    assert plan.rows[-1].step_id == "decision-meeting" and not plan.short_notes


def test_a_move_can_be_marked_done(tmp_path: Path) -> None:
    playbook = resolve_playbook("open-services")
    campaign = _campaign(tmp_path, playbook, THREE_WEEKS)
    save_campaign(campaign, now=NOW)  # type: ignore[arg-type]
    changed = set_step_status(campaign, [playbook], ["2"], "done", now=NOW)  # type: ignore[arg-type]
    assert changed == [("open-services", route(playbook)[1].id)]
    plan = action_plan(campaign, [playbook], today=NOW.date())  # type: ignore[arg-type]
    assert plan.rows[1].status == "done" and plan.progress() == (1, 4)


def test_five_playbooks_write_their_own_route() -> None:
    own = [playbook.id for playbook in PLAYBOOKS if playbook.short_route]
    assert len(own) >= 5
    for playbook in PLAYBOOKS:
        text = " ".join(move.guidance for move in route(playbook)).lower()
        assert any(word in text for word in ("amendment", "report back", "pilot", "budget"))


ROUTE = """
short_route:
  - id: one
    title: One
    guidance: Do one.
    lead_days: 7
    deadline: written_submission
  - id: two
    title: Two
    guidance: Do two.
    deadline: registration
    documents: [deputation-letter]
steps:"""


def test_a_playbook_route_is_parsed() -> None:
    playbook = parse_playbook(mini_playbook().replace("steps:", ROUTE, 1), "tiny-plan.yaml")
    assert [move.id for move in playbook.short_route] == ["one", "two"]
    assert playbook.short_route[0].deadline == "written_submission"
    assert playbook.short_route[1].documents == ("deputation-letter",)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("deadline: registration", "deadline: agenda", "deadline", "allowed: registration"),
        ("    title: Two", "    title: Two\n    questions: []", "questions", "unknown key"),
        ("documents: [deputation-letter]", "documents: [poem]", "documents", "unknown document"),
        ("  - id: two\n", "  - id: one\n", "id", "duplicate move id"),
    ],
)
def test_a_bad_route_names_the_key(old: str, new: str, key: str, words: str) -> None:
    text = mini_playbook().replace("steps:", ROUTE.replace(old, new, 1), 1)
    with pytest.raises(DefinitionError) as caught:
        parse_playbook(text, "tiny-plan.yaml")
    assert caught.value.key == key and words in str(caught.value)


def test_a_route_of_one_move_is_refused() -> None:
    one = ROUTE.split("  - id: two")[0] + "steps:"
    with pytest.raises(DefinitionError, match="2 to 6 moves"):
        parse_playbook(mini_playbook().replace("steps:", one, 1), "tiny-plan.yaml")


def test_a_bad_step_deadline_is_refused() -> None:
    text = mini_playbook().replace("    lead_days: 7\n", "    lead_days: 7\n    deadline: soon\n")
    with pytest.raises(DefinitionError, match="unknown deadline 'soon'"):
        parse_playbook(text, "tiny-plan.yaml")


def test_three_weeks_out_through_the_cli(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(sample_answers(resolve_playbook("shape-agenda"))),
                       encoding="utf-8")  # fmt: skip
    meeting = (dt.date.today() + dt.timedelta(weeks=3)).isoformat()
    result = run_cli("plan", "shape-agenda", "--campaign", tmp_path / "c.campaign.yaml",
                     "--answers", answers, "--no-input", "--context", "large-city",
                     "--target-date", meeting, "--council", "toronto")  # fmt: skip
    assert "Time is short." in result.stderr  # said before the steps are walked
    shown = " ".join(result.stdout.split())
    assert "past due" not in shown and "pick-one-budget-ask" in shown
    assert "Register to speak by 4:30 p.m." in shown
