"""Structural checks of the playbook data files, with PyYAML only.

The full schema validator lives in ``advocate.schema``; these tests catch data mistakes early
(a missing key, an unknown example id, a ``when`` that names an answer nobody asked for) and
keep the files honest with ``docs/internals.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from advocate import examples, schema
from advocate.models import QuestionType
from advocate.planning import models as playbook_models
from advocate.planning import playbook_schema

# The key sets the code accepts, so these data checks and the validator cannot drift apart.
EXAMPLE_KEYS = set(examples.EXAMPLE_KEYS)
REQUIRED_EXAMPLE_KEYS = EXAMPLE_KEYS - {"decided", "ongoing"}
PLAYBOOK_KEYS = set(playbook_schema.PLAYBOOK_KEYS)
STEP_KEYS = set(playbook_schema.STEP_KEYS)
QUESTION_KEYS = set(schema.QUESTION_KEYS)
VALIDATE_KEYS = set(schema.RULE_KEYS)
GOALS = set(playbook_models.GOALS)
CONTEXTS = set(playbook_models.CONTEXTS)
QUESTION_TYPES = {t.value for t in QuestionType}

PLAYBOOK_DIR = Path(__file__).resolve().parent.parent / "playbooks"
EXAMPLES_FILE = PLAYBOOK_DIR / "examples.yaml"

EXPECTED_NUMBERS = {
    "recognise-role": 1,
    "connect-communities": 2,
    "shape-agenda": 3,
    "propose-solutions": 4,
    "open-services": 5,
    "civic-participation": 6,
    "lead-by-example": 7,
    "inclusive-economy": 8,
    "welcoming-spaces": 9,
    "louder-voice": 10,
}

STEP_REQUIRED = {"id", "title", "guidance"}
DOCUMENTS = {
    "briefing-note", "deputation-letter", "meeting-agenda",
    "motion", "minister-letter", "sign-on-letter", "budget-submission", "meeting-invitation",
    "speaking-script", "intake-tally", "story-consent", "community-survey",
}  # fmt: skip
LAST_STEP_ONLY_DOCUMENTS = {"thank-you-letter"}
PLAN_ANSWERS = set(playbook_models.CAMPAIGN_NAMES)

# The shared answer ids of docs/internals.md and their types: a playbook may reuse them only
# with the same type, so that answers flow into documents unchanged.
SHARED_TYPES = {
    "organisation": "text",
    "contact_name": "text",
    "contact_title": "text",
    "contact_email": "text",
    "contact_phone": "text",
    "council_name": "text",
    "locale": "choice",
    "document_date": "date",
    "municipal_context": "choice",
    "committee": "text",
    "meeting_date": "date",
    "agenda_item_number": "text",
    "agenda_item_title": "text",
    "position": "choice",
    "issue_summary": "long_text",
    "ask": "long_text",
    "reasons": "list",
    "evidence": "long_text",
    "lived_experience": "long_text",
    "request_to_speak": "yes_no",
    "speaker_name": "text",
    "speaking_minutes": "number",
    "interpretation_language": "text",
    "recipient": "text",
    "file_number": "text",
    "decision_type": "choice",
    "subject": "text",
    "purpose": "long_text",
    "background": "long_text",
    "current_status": "long_text",
    "recommendation": "long_text",
    "financial": "long_text",
    "legal": "long_text",
    "equity": "long_text",
    "communications": "long_text",
    "options": "records",
    "examples": "multi_choice",
    "meeting_kind": "choice",
    "meeting_title": "text",
    "location": "text",
    "accessibility": "text",
    "interpretation": "text",
    "chair": "text",
    "note_taker": "text",
    "councillor_name": "text",
    "start_time": "time",
    "items": "records",
    "next_meeting": "text",
    "action_items": "list",
}
SHARED_CHOICES = {
    "position": {"support", "oppose", "amend"},
    "decision_type": {"information", "decision"},
    "meeting_kind": {"community", "councillor", "coalition"},
}
SHARED_FIELDS = {
    "options": {"title", "pros", "cons"},
    "items": {"title", "minutes", "kind", "lead"},
}

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
JINJA_WORDS = {"and", "or", "not", "in", "is", "true", "false", "none", "True", "False", "None"}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _playbook_paths() -> list[Path]:
    return sorted(p for p in PLAYBOOK_DIR.glob("*.yaml") if p.name != "examples.yaml")


def _examples() -> list[dict[str, Any]]:
    examples: list[dict[str, Any]] = _load(EXAMPLES_FILE)
    return examples


def _names_in(expression: str) -> set[str]:
    """Return the variable names a simple Jinja test expression reads."""
    without_strings = STRING_LITERAL.sub(" ", expression)
    return {name for name in NAME.findall(without_strings) if name not in JINJA_WORDS}


def _questions(playbook: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(step, q) for step in playbook["steps"] for q in step.get("questions") or []]


PLAYBOOKS = {path.stem: _load(path) for path in _playbook_paths()}


def test_all_ten_playbooks_are_present() -> None:
    assert set(PLAYBOOKS) == set(EXPECTED_NUMBERS)


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_playbook_top_level(name: str) -> None:
    playbook = PLAYBOOKS[name]
    optional = {"short_route"}
    assert PLAYBOOK_KEYS - optional <= set(playbook) <= PLAYBOOK_KEYS, set(playbook) ^ PLAYBOOK_KEYS
    assert playbook["id"] == name
    assert playbook["number"] == EXPECTED_NUMBERS[name]
    assert playbook["version"] == 2  # 2: the decision-meeting step
    for key in ("title", "summary", "why"):
        assert isinstance(playbook[key], str) and playbook[key].strip()
    assert set(playbook["basis"]) == {"phrase", "source"}
    assert 0 < len(playbook["basis"]["phrase"]) < 100
    assert playbook["basis"]["source"].strip()
    fits = playbook["fits"]
    assert set(fits) == {"goals", "contexts", "strategy", "min_weeks"}
    assert fits["goals"] and set(fits["goals"]) <= GOALS
    assert fits["contexts"] and set(fits["contexts"]) <= CONTEXTS
    assert fits["strategy"] in {"any", "none", "exists"}
    assert isinstance(fits["min_weeks"], int) and fits["min_weeks"] > 0
    assert 3 <= len(playbook["pitfalls"]) <= 5
    assert 3 <= len(playbook["signs_of_success"]) <= 5


def test_numbers_are_unique() -> None:
    numbers = [playbook["number"] for playbook in PLAYBOOKS.values()]
    assert sorted(numbers) == list(range(1, 11))


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_steps(name: str) -> None:
    steps = PLAYBOOKS[name]["steps"]
    assert 4 <= len(steps) <= 8
    ids = [step["id"] for step in steps]
    assert len(ids) == len(set(ids)), ids
    lead_days = []
    for index, step in enumerate(steps):
        assert set(step) <= STEP_KEYS, set(step) - STEP_KEYS
        assert set(step) >= STEP_REQUIRED
        assert KEBAB.match(step["id"]), step["id"]
        assert step["guidance"].strip()
        for document in step.get("documents") or []:
            if document in LAST_STEP_ONLY_DOCUMENTS:
                assert index == len(steps) - 1, f"{document} only on the final step"
            else:
                assert document in DOCUMENTS, document
        if "lead_days" in step:
            assert isinstance(step["lead_days"], int) and step["lead_days"] >= 0
            lead_days.append((step["lead_days"], step.get("when") or ""))
    for (earlier, earlier_when), (later, later_when) in zip(lead_days, lead_days[1:], strict=False):
        assert later <= earlier, "lead_days must not increase along the steps"
        if later == earlier:
            # Equal lead days only for alternatives: steps shown in different municipal contexts.
            assert "municipal_context" in earlier_when and "municipal_context" in later_when


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_questions(name: str) -> None:
    seen: set[str] = set()
    for _step, question in _questions(PLAYBOOKS[name]):
        assert set(question) <= QUESTION_KEYS, set(question) - QUESTION_KEYS
        qid = question["id"]
        assert SNAKE.match(qid), qid
        assert qid not in seen, f"{qid} asked twice"
        seen.add(qid)
        for key in ("label", "help", "example"):
            assert str(question.get(key, "")).strip(), f"{qid} needs {key}"
        qtype = question.get("type", "text")
        assert qtype in QUESTION_TYPES, qtype
        if qid in SHARED_TYPES:
            assert qtype == SHARED_TYPES[qid], f"{qid} must be {SHARED_TYPES[qid]}"
        if qid in SHARED_CHOICES:
            assert set(question["choices"]) == SHARED_CHOICES[qid]
        if qid in SHARED_FIELDS:
            assert {f["id"] for f in question["fields"]} == SHARED_FIELDS[qid]
        if qtype in {"choice", "multi_choice"}:
            assert question.get("choices") or question.get("choices_from") == "examples"
        if qtype == "records":
            assert question.get("fields"), f"{qid} needs fields"
        assert set(question.get("validate") or {}) <= VALIDATE_KEYS
        if qid == "reasons":
            assert question["validate"]["max_items"] <= 3


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_when_reads_only_known_answers(name: str) -> None:
    """A ``when`` may read the plan's answers or questions asked before it, never skipped ones."""
    known = set(PLAN_ANSWERS)
    for step in PLAYBOOKS[name]["steps"]:
        if step.get("when"):
            assert _names_in(step["when"]) <= known, (step["id"], step["when"])
        in_step: set[str] = set()
        for question in step.get("questions") or []:
            if question.get("when"):
                names = _names_in(question["when"])
                assert names <= known | in_step, (question["id"], question["when"])
            in_step.add(question["id"])
        # Only answers that are always asked can be read by later steps: a skipped step or
        # question leaves its answer undefined.
        if not step.get("when"):
            known |= {q["id"] for q in step.get("questions") or [] if not q.get("when")}


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_context_specific_guidance(name: str) -> None:
    conditions = [step.get("when") for step in PLAYBOOKS[name]["steps"]]
    conditions += [q.get("when") for _step, q in _questions(PLAYBOOKS[name])]
    assert sum("municipal_context" in (c or "") for c in conditions) >= 2


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_playbook_examples_exist_and_agree(name: str) -> None:
    library = {example["id"]: example for example in _examples()}
    assert PLAYBOOKS[name]["examples"]
    for example_id in PLAYBOOKS[name]["examples"]:
        assert example_id in library, example_id
        assert name in library[example_id]["recommendations"], example_id


def test_examples_library() -> None:
    examples = _examples()
    assert len(examples) >= 16
    ids = [example["id"] for example in examples]
    assert len(ids) == len(set(ids))
    for example in examples:
        assert REQUIRED_EXAMPLE_KEYS <= set(example) <= EXAMPLE_KEYS, example["id"]
        assert KEBAB.match(example["id"]), example["id"]
        assert isinstance(example["year"], int) and not isinstance(example["year"], bool)
        assert example["recommendations"]
        assert set(example["recommendations"]) <= set(EXPECTED_NUMBERS)
        assert example["sources"], example["id"]
        assert all(source.startswith("http") for source in example["sources"]), example["id"]
        for key in ("city", "country", "programme", "summary"):
            assert isinstance(example[key], str) and example[key].strip()
