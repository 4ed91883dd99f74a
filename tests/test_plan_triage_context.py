"""The triage weighs the situation: context, the council's kind, time left and strategy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advocate.planning.playbooks import list_playbooks
from advocate.planning.triage import rank_playbooks
from conftest import run_cli

PLAYBOOKS = list_playbooks([])


def _top(goal: str, context: str, strategy: bool, weeks: int, kind: str | None = None) -> Any:
    answers = {"goal": goal, "municipal_context": context, "council_has_strategy": strategy,
               "weeks": weeks}  # fmt: skip
    return rank_playbooks(PLAYBOOKS, answers, kind=kind)[0]


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (("role", "large-city", False, 16), "recognise-role"),
        (("role", "large-city", True, 16), "shape-agenda"),  # a strategy exists: keep it alive
        (("agenda", "large-city", False, 16), "shape-agenda"),
        (("agenda", "border-transit", False, 4, "upper-tier"), "louder-voice"),
        (("services", "border-transit", False, 14, "upper-tier"), "open-services"),
        (("employer", "large-city", False, 14), "lead-by-example"),
        (("connect", "small-town-rural", False, 14), "connect-communities"),
    ],
)
def test_situations_give_their_own_first_pick(situation: tuple[Any, ...], expected: str) -> None:
    assert _top(*situation).playbook.id == expected


def test_the_same_goal_in_different_situations_gets_different_first_picks() -> None:
    picks = {
        _top("role", "large-city", False, 16).playbook.id,
        _top("role", "large-city", True, 16).playbook.id,
        _top("agenda", "large-city", False, 16).playbook.id,
        _top("agenda", "border-transit", False, 4, "upper-tier").playbook.id,
    }
    assert len(picks) >= 3


def test_each_reason_is_shown() -> None:
    best = _top("services", "border-transit", False, 14, "upper-tier")
    for words in ("made for your goal", "needs services now", "runs shelters and social services",
                  "time enough"):  # fmt: skip
        assert words in best.reason.lower()
    spaces = next(item for item in rank_playbooks(
        PLAYBOOKS, {"goal": "spaces", "municipal_context": "large-city", "weeks": 3},
        kind="upper-tier") if item.playbook.id == "welcoming-spaces")  # fmt: skip
    assert "run by the local councils" in spaces.reason
    assert "needs about 9 weeks, you have 3" in spaces.reason


def test_the_council_kind_moves_a_playbook_down() -> None:
    answers = {"goal": "services", "municipal_context": "small-town-rural", "weeks": 14}
    plain = {item.playbook.id: item.score for item in rank_playbooks(PLAYBOOKS, answers)}
    lower = {item.playbook.id: item.score
             for item in rank_playbooks(PLAYBOOKS, answers, kind="lower-tier")}  # fmt: skip
    assert lower["open-services"] < plain["open-services"]
    assert lower["welcoming-spaces"] > plain["welcoming-spaces"]


def test_short_time_favours_a_playbook_with_its_own_short_route() -> None:
    answers = {"goal": "agenda", "municipal_context": "large-city", "weeks": 4}
    reasons = {item.playbook.id: item.reason for item in rank_playbooks(PLAYBOOKS, answers)}
    assert "has its own short route" in reasons["shape-agenda"]
    assert "has its own short route" not in reasons["civic-participation"]


def test_the_triage_uses_the_kind_on_a_user_card(tmp_path: Path) -> None:
    card = tmp_path / "region.yaml"
    card.write_text(
        "id: region\nname: Riverside Region\ncountry: CA\ntime_zone: America/Toronto\n"
        "description: A test region.\nfacts:\n  kind: {value: upper-tier, source: "
        "https://riverside.example/about}\n",
        encoding="utf-8",
    )
    result = run_cli("plan", "--no-input", "--set", "goal=spaces", "--set",
                     "municipal_context=large-city", "--set", "weeks=14", "--council", card,
                     "--campaign", tmp_path / "c.campaign.yaml", expect=1)  # fmt: skip
    shown = " ".join(result.stderr.split())  # the ranking wraps to the terminal's width
    assert "parks, recreation and by-laws are run by the local councils" in shown
