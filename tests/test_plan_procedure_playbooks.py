"""Data tests: every built-in playbook ends with the meeting where council decides."""

from __future__ import annotations

import re

import pytest

from advocate.council.glossary import find_term, load_glossary
from advocate.planning.models import STEP_DEADLINES, Playbook
from advocate.planning.playbooks import list_playbooks

PLAYBOOKS = list_playbooks([])
GLOSSARY_LINK = re.compile(r"advocate glossary ([a-z][a-z ]*[a-z])(?=[),])")


def test_there_are_ten_playbooks() -> None:
    assert len(PLAYBOOKS) == 10


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=lambda p: p.id)
def test_every_playbook_ends_with_the_decision_meeting(playbook: Playbook) -> None:
    last = playbook.steps[-1]
    assert last.id == "decision-meeting"
    assert last.when is None  # every campaign reaches it
    assert last.deadline == "registration"
    assert {"deputation-letter", "thank-you-letter"} <= set(last.documents)
    text = last.guidance.lower()
    for must in ("staff report", "deadline", "register", "second", "time limit",
                 "interpretation", "afterwards"):  # fmt: skip
        assert must in text, f"{playbook.id}: the decision step does not cover {must!r}"
    assert {"decision_outcome", "report_back_date", "mover_and_seconder"} <= {
        question.id for question in last.questions
    }


def test_decision_guidance_is_written_for_each_playbook() -> None:
    guidance = [playbook.steps[-1].guidance for playbook in PLAYBOOKS]
    assert len(set(guidance)) == len(guidance)
    titles = [playbook.steps[-1].title for playbook in PLAYBOOKS]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=lambda p: p.id)
def test_deadlines_are_known_and_written_comes_before_the_meeting(playbook: Playbook) -> None:
    hung = [step for step in playbook.steps if step.deadline]
    assert all(step.deadline in STEP_DEADLINES for step in hung)
    written = [n for n, step in enumerate(playbook.steps) if step.deadline == "written_submission"]
    assert all(n < len(playbook.steps) - 1 for n in written)


def test_glossary_links_in_guidance_name_real_terms() -> None:
    terms = load_glossary()
    links = [
        (playbook.id, name)
        for playbook in PLAYBOOKS
        for step in playbook.steps
        for name in GLOSSARY_LINK.findall(step.guidance)
    ]
    assert len(links) >= 20
    for playbook_id, name in links:
        assert find_term(name, terms).term == name, f"{playbook_id}: {name}"
