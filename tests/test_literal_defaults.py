"""A default built from another answer is data: the answer is never split into more items."""

from __future__ import annotations

import datetime as dt

import pytest

import advocate
from advocate.answers import default_value
from advocate.templates import load_template
from advocate.templating import render_default
from literal_support import render_filling

AGENDA_ITEMS = {"community": 5, "coalition": 5, "councillor": 7}
TRICKY_CHAIR = "Amina; Fake item|240|decision|Mallory; Another|5|report"


@pytest.mark.parametrize(("kind", "count"), AGENDA_ITEMS.items())
def test_agenda_default_items_keep_the_chair_in_one_field(kind: str, count: int) -> None:
    template = load_template("meeting-agenda")
    items = next(q for q in template.questions if q.id == "items")
    context = {q.id: None for q in template.questions} | {"meeting_kind": kind}
    context["chair"] = TRICKY_CHAIR
    value = default_value(items, context, today=dt.date(2026, 11, 20))
    assert len(value) == count
    assert {record["lead"] for record in value} == {TRICKY_CHAIR}


def test_agenda_drafted_without_items_lists_the_default_items_only() -> None:
    answers = dict(load_template("meeting-agenda").example_answers)
    del answers["items"]
    answers["chair"] = "Chair | with; pipes"
    rendered = render_filling("meeting-agenda", answers)
    rows = [line for line in rendered.markdown.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 5  # the header row and the five community items
    assert rendered.markdown.count("Chair \\| with; pipes") == 1 + 5  # the Chair line, each lead


def test_a_default_of_one_expression_giving_text_is_still_text() -> None:
    assert render_default("{{ name }}", {"name": "a; b"}, origin="t") == "a; b"
    assert render_default("{{ a }} and {{ b }}", {"a": 1, "b": 2}, origin="t") == "1 and 2"
    assert render_default("{{ [a, b] }}", {"a": "x;y", "b": "z"}, origin="t") == ["x;y", "z"]


def test_a_drafted_agenda_keeps_working_with_prompted_defaults() -> None:
    answers = dict(load_template("meeting-agenda").example_answers) | {"meeting_kind": "councillor"}
    del answers["items"]
    answers["councillor_name"] = "Councillor Jordan Lee"
    planned = advocate.plan_draft("meeting-agenda", answers, now=dt.datetime(2026, 11, 20))
    assert "How can we help you?" in planned.text
