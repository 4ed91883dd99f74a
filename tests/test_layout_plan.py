"""The exported action plan reads as a document: check boxes, labels, an overview, local dates."""

from __future__ import annotations

from pathlib import Path

from advocate.planning.action_plan import action_plan, plan_markdown
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.progress import open_campaign, set_step_status
from conftest import NOW
from plan_support import mini_playbook


def _plan_text(tmp_path: Path) -> str:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    campaign.municipal_context = "small-town-rural"
    campaign.answers = {"wants_letter": True, "committee": "Housing"}
    set_step_status(campaign, [playbook], ["2"], "done", now=NOW)
    return plan_markdown(action_plan(campaign, [playbook], today=NOW.date()))


def test_steps_carry_check_boxes_and_an_overview_with_their_status(tmp_path: Path) -> None:
    text = _plan_text(tmp_path)
    assert "[x]" not in text and "[ ]" not in text
    assert "## ☐ 1. First step" in text
    assert "## ☑ 2." in text
    assert "| Step | Due | Status |" in text
    assert "| ☐ Answered |" in text and "| ☑ Done |" in text


def test_ids_are_shown_as_labels(tmp_path: Path) -> None:
    text = _plan_text(tmp_path)
    assert "Municipal context: A small town or rural municipality" in text
    assert "Documents: Briefing note" in text
    assert "small-town-rural" not in text and "briefing-note" not in text
