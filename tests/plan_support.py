"""Helpers for the plan tests: valid answers for any question, and small playbook files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from advocate import questions as q
from advocate.answer_text import to_plain
from advocate.errors import AdvocateError
from advocate.models import Question, QuestionType
from advocate.planning.models import Playbook

TODAY = dt.date(2026, 11, 20)


def _candidates(question: Question) -> Iterator[Any]:
    """Raw answers to try, best first: the example, then values built from the type."""
    if question.example:
        yield question.example
    values = question.choice_values()
    kind = question.type
    if kind is QuestionType.CHOICE:
        yield from values
    elif kind is QuestionType.MULTI_CHOICE:
        count = max(1, int(question.rules.min_items or 1))
        yield "; ".join(values[:count])
    elif kind is QuestionType.YES_NO:
        yield "yes"
    elif kind is QuestionType.DATE:
        yield "2026-12-01"
    elif kind is QuestionType.TIME:
        yield "18:30"
    elif kind is QuestionType.NUMBER:
        yield str(int(question.rules.min or 0) + 1)
    elif kind is QuestionType.LIST:
        count = max(1, int(question.rules.min_items or 1))
        yield "; ".join(f"Point {n}" for n in range(1, count + 1))
    elif kind is QuestionType.RECORDS:
        yield [{f.id: sample_answer(f) for f in question.fields}]
    yield from _texts(question)


def _texts(question: Question) -> Iterator[str]:
    yield f"Sample answer for {question.label.rstrip('?')}"
    yield "someone@example.org"
    yield "x" * int(question.rules.min_length or 1)


def sample_answer(question: Question) -> Any:
    """A raw answer the question accepts, built from its example, choices or type."""
    for raw in _candidates(question):
        try:
            value = q.parse_answer(question, raw, today=TODAY)
        except AdvocateError:
            continue
        if value is not None:
            return to_plain(question, value)
    raise AssertionError(f"no sample answer fits question {question.id} ({question.origin})")


def sample_answers(playbook: Playbook) -> dict[str, Any]:
    """A sample answer for every question of every step of a playbook."""
    return {question.id: sample_answer(question) for question in playbook.questions()}


def mini_playbook(playbook_id: str = "tiny-plan") -> str:
    """A small valid playbook as YAML text (tests break it with ``str.replace``)."""
    return f"""\
id: {playbook_id}
number: 5
version: 1
title: A tiny playbook
summary: One sentence.
why: A short paragraph.
basis:
  phrase: "a short phrase"
  source: "Somewhere, seed 000"
fits:
  goals: [services]
  contexts: [large-city, small-town-rural]
  strategy: any
  min_weeks: 4
examples: [toronto-access-without-fear]
pitfalls: [Going alone.]
signs_of_success: [A vote.]
steps:
  - id: first
    title: First step
    guidance: Do the first thing.
    lead_days: 42
    questions:
      - id: committee
        label: Which committee?
        example: Community Services Committee
      - id: wants_letter
        type: yes_no
        label: Do you want a letter?
        default: true
    documents: [briefing-note]
  - id: second
    title: Second step
    guidance: Do the second thing.
    when: "municipal_context == 'large-city'"
    lead_days: 21
    questions:
      - id: ally
        label: Which councillor is an ally?
        required: false
  - id: third
    title: Third step
    guidance: Do the third thing.
    when: "wants_letter"
    lead_days: 7
    questions:
      - id: meeting_date
        type: date
        label: When does the committee meet?
      - id: ask
        type: long_text
        label: What do you ask?
    documents: [deputation-letter]
  - id: fourth
    title: Fourth step
    guidance: Follow up.
"""


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` first appears."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def plain_words(text: str) -> str:
    """Text with Markdown escapes removed, for 'appears in the document' checks."""
    return re.sub(r"\\(.)", r"\1", text)
