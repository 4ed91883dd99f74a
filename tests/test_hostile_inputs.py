"""Arbitrary text through every way an answer comes in: a document with the text literal, or an
AdvocateError; any other exception fails.

Each generated case gives every free-text question of one document type its own hostile text
(Markdown tokens, control characters, surrogates, any Unicode) and, in some cases, one other
question (a date, a number, a choice) hostile text too. The answers then come in through an
answers file (YAML and JSON), ``--set`` strings, a batch row (a mapping, and a CSV file read by
the rows reader) or a ScriptedPrompter, and the document is checked as Markdown and as Word.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import advocate
from advocate.answers import AnswerSource, load_answers_file, parse_set_values
from advocate.api import document_bytes
from advocate.errors import AdvocateError
from advocate.models import DocTemplate, Question
from advocate.prompting import ScriptedPrompter
from advocate.templates import load_template
from advocate.yamlio import dump_yaml
from literal_support import (
    BUILT_IN,
    MARK,
    NOW,
    TEXT_TYPES,
    Rendered,
    hostile_text,
    literal_form,
    squash,
    visible,
)

EXAMPLES = 12  # per document type and input path: 4 x 6 x 12 = 288 generated cases
NOT_PRINTED = {"briefing-note": {"council_name"}}
GENERATED: list[str] = []  # one entry per case run, counted by the last test


def free_text(template: DocTemplate) -> list[Question]:
    """The questions that take any text (no pattern), and that the example answers switch on."""
    shown = set(advocate.plan_draft(template, template.example_answers, now=NOW).answers)
    hidden = NOT_PRINTED.get(template.name, set())
    return [q for q in template.questions if q.type in TEXT_TYPES and q.rules.pattern is None
            and q.id in shown and q.id not in hidden]  # fmt: skip


def others(template: DocTemplate) -> list[Question]:
    """The questions that parse text into something else: choices, dates, times, numbers."""
    return [q for q in template.questions if q.type not in TEXT_TYPES]


@st.composite
def cases(draw: st.DrawFn, doctype: str) -> dict[str, Any]:
    """Hostile text for every free-text question, and sometimes for one other question."""
    template = load_template(doctype)
    hostile = {q.id: draw(hostile_text) for q in free_text(template)}
    other = draw(st.one_of(st.none(), st.sampled_from(others(template))))
    if other is not None:
        hostile[other.id] = draw(hostile_text)
    return hostile


def _through_file(suffix: str, dump: Callable[[dict[str, Any]], str]) -> Callable[..., Any]:
    def via(doctype: str, base: dict[str, Any], hostile: dict[str, Any], folder: Path) -> Any:
        path = folder / f"answers{suffix}"
        path.write_bytes(dump(hostile).encode("utf-8", "surrogatepass"))
        loaded = AnswerSource("answers file", load_answers_file(path), strict=True)
        return advocate.plan_draft(doctype, base, sources=[loaded], now=NOW)

    return via


def _yaml(data: dict[str, Any]) -> str:
    """YAML as advocate writes it; JSON-style escapes (YAML too) where UTF-8 cannot say it."""
    try:
        return dump_yaml(data)
    except UnicodeEncodeError:  # a lone surrogate: a YAML file can only hold it as an escape
        return json.dumps(data)


def _through_set(doctype: str, base: dict[str, Any], hostile: dict[str, Any], _: Path) -> Any:
    items = [f"{key}={value}" for key, value in hostile.items()]
    values = AnswerSource("--set", parse_set_values(items), strict=True)
    return advocate.plan_draft(doctype, base, sources=[values], now=NOW)


def _through_prompter(doctype: str, base: dict[str, Any], hostile: dict[str, Any], _: Path) -> Any:
    return advocate.plan_draft(doctype, base, prompter=ScriptedPrompter(hostile), now=NOW)


def _through_rows(doctype: str, base: dict[str, Any], hostile: dict[str, Any], folder: Path) -> Any:
    return _batch(doctype, base, [hostile], folder)


def _through_csv(doctype: str, base: dict[str, Any], hostile: dict[str, Any], folder: Path) -> Any:
    path = folder / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(hostile))
        writer.writerow(list(hostile.values()))
    return _batch(doctype, base, advocate.read_rows(path), folder)


def _batch(doctype: str, base: dict[str, Any], rows: Any, folder: Path) -> Any:
    """Draft one row as Markdown; a failed row is the batch's way of giving an AdvocateError."""
    (result,) = advocate.draft_many(doctype, rows, base, out_dir=folder / "out", fmt="md", jobs=1)
    if result.status != "written":
        assert result.status == "failed" and result.error, result
        return None
    assert result.path is not None
    return result.path.read_text(encoding="utf-8")


PATHS = {
    "answers-yaml": _through_file(".yaml", _yaml),
    "answers-json": _through_file(".json", lambda data: json.dumps(data, ensure_ascii=False)),
    "set": _through_set,
    "prompter": _through_prompter,
    "batch-row": _through_rows,
    "rows-csv": _through_csv,
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("doctype", BUILT_IN)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: CI-sized
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_any_text_through_any_input_path(doctype: str, path: str, data: st.DataObject) -> None:
    hostile = data.draw(cases(doctype))
    if path == "rows-csv":  # a UTF-8 file cannot hold a lone surrogate: leave them out
        hostile = {k: v.encode("utf-8", "ignore").decode("utf-8") for k, v in hostile.items()}
    GENERATED.append(f"{doctype}:{path}")
    base = {k: v for k, v in load_template(doctype).example_answers.items() if k not in hostile}
    with tempfile.TemporaryDirectory() as folder:
        try:
            outcome = PATHS[path](doctype, base, hostile, Path(folder))
        except AdvocateError:
            return
    if outcome is None:
        return
    if isinstance(outcome, str):
        markdown, word = outcome, None
    else:
        markdown = outcome.text
        word = Rendered(markdown, document_bytes(outcome, fmt="docx", letterhead=None)).word_text()
    for key in free_text(load_template(doctype)):
        if key.id in hostile:
            literal = literal_form(hostile[key.id])
            assert literal in visible(markdown), key.id
            assert word is None or literal in squash(word), key.id


def test_free_text_questions_are_the_ones_expected() -> None:
    """Keep the generated cases honest: each document type has free text to attack."""
    for doctype in BUILT_IN:
        assert len(free_text(load_template(doctype))) >= 8, doctype
    assert MARK == "Zed"


def test_count_of_generated_cases() -> None:
    """Runs last in this module: report how many generated cases ran (pytest -rA shows it)."""
    if not GENERATED:
        pytest.skip("the generated tests did not run in this session")
    print(f"generated cases run: {len(GENERATED)}")
    assert len(GENERATED) >= len(BUILT_IN) * len(PATHS)
