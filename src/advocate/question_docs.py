"""Questions described for people and programs: JSON schemas, starter answers files, CSV headers.

``templates show --json`` and ``playbooks show --json`` describe each question the same way;
``templates answers`` writes a starter answers file (every question, commented with its label,
help, type and choices; optional ones commented out) or the header row of a batch file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from advocate import questions as q
from advocate.answer_text import to_plain
from advocate.errors import AdvocateError
from advocate.models import Question, QuestionType


def describe_question(question: Question) -> dict[str, Any]:
    """A question as plain data: type, label, choices, validation rules, record fields."""
    rules = {key: value for key, value in dataclasses.asdict(question.rules).items()
             if value not in (None, False)}  # fmt: skip
    default = question.default
    return {
        "id": question.id,
        "type": question.type.value,
        "label": question.label,
        "required": question.required,
        "choices": question.choice_values(),
        "choice_labels": {choice.value: choice.label for choice in question.choices},
        "default": default if isinstance(default, str) else to_plain(question, default),
        "help": question.help,
        "example": question.example,
        "when": question.when,
        "rules": rules,
        "fields": [describe_question(field) for field in question.fields],
    }


def starter_answers(
    title: str,
    usage: str,
    questions: Sequence[Question],
    examples: Mapping[str, Any] | None = None,
) -> str:
    """A commented answers file to fill in: required questions set, optional ones commented out.

    Args:
        title: What the answers are for (shown in the first line).
        usage: The command that reads the file.
        questions: The questions, in the order they are asked.
        examples: Whole example answers (a template's ``example_answers``), used first.

    Returns:
        YAML text; a required question holds its example (or an empty value to fill in).
    """
    lines = [f"# Answers for {title}.", f"# Use with: {usage}",
             "# Required answers hold an example: replace it. Optional ones start with '# '.",
             ""]  # fmt: skip
    for question in questions:
        lines += [f"# {line}" for line in _comment(question)]
        value = _starter_value(question, (examples or {}).get(question.id))
        entry = yaml.safe_dump({question.id: value}, allow_unicode=True, sort_keys=False,
                               width=100, default_flow_style=False).rstrip("\n")  # fmt: skip
        prefix = "" if question.required else "# "
        lines += [prefix + line for line in entry.splitlines()]
        lines.append("")
    return "\n".join(lines)


def _comment(question: Question) -> list[str]:
    kind = question.type.value + ("" if question.required else ", optional")
    if question.when:
        kind += f", asked when {question.when}"
    lines = [f"{question.label} ({kind})"]
    if question.help:
        lines.append(question.help.strip().replace("\n", " "))
    if question.choices:
        many = question.type is QuestionType.MULTI_CHOICE
        lines.append(("One or more of" if many else "One of") + ":")
        for choice in question.choices:
            same = choice.label == choice.value
            lines.append(f"  {choice.value}" + ("" if same else f": {choice.label}"))
    lines += [f"  {field.id}: {field.label} ({field.type.value})" for field in question.fields]
    return lines


def _starter_value(question: Question, preferred: Any = None) -> Any:
    """The first candidate the question accepts (a bad example in a file is passed over)."""
    candidates = [*([preferred] if preferred is not None else []), *_candidates(question)]
    for raw in candidates:
        try:
            q.parse_answer(question, raw)
        except AdvocateError:
            continue
        return raw
    return candidates[-1]


def _candidates(question: Question) -> Iterator[Any]:
    if question.fields:  # as many records as needed; every field gets something to replace
        record = {field.id: _starter_value(field) for field in question.fields}
        yield [dict(record) for _ in range(max(1, question.rules.min_items or 1))]
        return
    if question.example:
        yield question.example
    if question.type is QuestionType.NUMBER:
        yield int(question.rules.min or 1)
    if question.choices:
        count = max(1, question.rules.min_items or 1)
        yield "; ".join(question.choice_values()[:count])
    if isinstance(question.default, str | int | float | bool):
        yield question.default
    yield f"({question.label})" if question.required else ""


def rows_header(questions: Sequence[Question]) -> str:
    """The header row of a batch file (CSV) with one column per question, in order."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([question.id for question in questions])
    return buffer.getvalue()
