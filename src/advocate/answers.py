"""Where answers come from, in what order they win, and how they are saved.

Precedence (first wins): explicit answers passed to the API, ``--set``, ``--answers FILE``,
``--campaign FILE``, the organisation profile, then the prompt (or the default when no prompt
may be shown). Every value, whatever its source, goes through :func:`questions.parse_answer`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocate import questions as q
from advocate.answer_text import to_plain
from advocate.errors import AnswersFileError, DataFileError, InvalidAnswerError, UnknownAnswerError
from advocate.models import Question
from advocate.prompting import Prompter
from advocate.templating import evaluate_condition, render_default
from advocate.yamlio import dump_yaml, load_data_file


@dataclass(frozen=True)
class AnswerSource:
    """A named set of raw answers and what to do with an id no question has.

    A ``strict`` source refuses it (``--set``); a ``warn_unknown`` source has it reported by
    :func:`unknown_answer_warnings` (an answers file); any other source ignores it (a campaign
    or profile holds answers for many documents).
    """

    name: str
    values: Mapping[str, Any]
    strict: bool = False
    warn_unknown: bool = False


@dataclass
class Collected:
    """The answers of one session, in question order, and where each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def parse_set_values(items: Iterable[str]) -> dict[str, str]:
    """Split ``key=value`` items (already checked for ``=`` by the CLI) into a dict."""
    values: dict[str, str] = {}
    for item in items:
        key, _, value = item.partition("=")
        values[key.strip()] = value
    return values


def load_answers_file(path: Path) -> dict[str, Any]:
    """Load an answers file (YAML or JSON): a flat mapping, or a mapping with an ``answers`` key.

    Raises:
        AnswersFileError: The file is missing or malformed; the message has line and column.
    """
    try:
        data = load_data_file(path)
    except DataFileError as err:
        raise AnswersFileError(path, err.problem, line=err.line, column=err.column) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(path, "an answers file holds a mapping of question ids to answers")
    inner = data.get("answers")
    if isinstance(inner, dict):
        return dict(inner)
    return dict(data)


def check_known(sources: Sequence[AnswerSource], known: Iterable[str]) -> None:
    """Refuse an answer in a strict source that names no question."""
    known_ids = sorted(set(known))
    for source in sources:
        if not source.strict:
            continue
        for key in source.values:
            if key not in known_ids:
                raise UnknownAnswerError(key, known_ids, source=source.name)


def unknown_answer_warnings(sources: Sequence[AnswerSource], known: Iterable[str]) -> list[str]:
    """Say which ids in ``warn_unknown`` sources no question asks, with the closest known id.

    Returns:
        One message per unknown id, e.g. ``answers.yaml: no question asks 'subjet', so it is
        not used. Did you mean 'subject'?``
    """
    known_ids = sorted(set(known))
    warnings = []
    for source in sources:
        if not source.warn_unknown:
            continue
        for key in source.values:
            if key not in known_ids:
                close = difflib.get_close_matches(key, known_ids, n=1, cutoff=0.6)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                warnings.append(
                    f"{source.name}: no question asks '{key}', so it is not used.{hint}"
                )
    return warnings


def _empty_context(questions: Sequence[Question], extra: Mapping[str, Any]) -> dict[str, Any]:
    context = dict(extra)
    for question in questions:
        context.setdefault(question.id, None)
    return context


def collect_answers(
    questions: Sequence[Question],
    sources: Sequence[AnswerSource],
    prompter: Prompter,
    *,
    today: dt.date,
    extra: Mapping[str, Any] | None = None,
    on_answer: Callable[[str, Any], None] | None = None,
) -> Collected:
    """Resolve every question, in order, from the sources or the prompter.

    Args:
        questions: The questions, in the order they are asked.
        sources: Raw answers, highest precedence first.
        prompter: Asks what no source answers (it may refuse to ask).
        today: What ``today`` means in dates.
        extra: Names ``when`` conditions and defaults may use besides the questions.
        on_answer: Called after each question is resolved, so a caller can save progress.

    Returns:
        The parsed answers, with ``None`` for questions that did not apply.

    Raises:
        InvalidAnswerError: A value from a source does not fit its question.
        MissingAnswerError: A required question has no answer and may not be asked.
    """
    collected = Collected()
    context = _empty_context(questions, extra or {})
    for question in questions:
        if question.when and not evaluate_condition(question.when, context, origin=question.origin):
            context[question.id] = None
            continue
        value, origin = _resolve(question, sources, prompter, context, today)
        q.require(question, value)
        collected.values[question.id] = value
        collected.sources[question.id] = origin
        context[question.id] = value
        if on_answer is not None:
            on_answer(question.id, value)
    return collected


def _resolve(
    question: Question,
    sources: Sequence[AnswerSource],
    prompter: Prompter,
    context: Mapping[str, Any],
    today: dt.date,
) -> tuple[Any, str]:
    for source in sources:
        if question.id in source.values:
            raw = source.values[question.id]
            try:
                value = q.parse_answer(question, raw, today=today)
            except InvalidAnswerError as err:
                raise err.with_source(source.name) from None
            if value is not None or not question.required:
                return value, source.name
    default = default_value(question, context, today=today)

    def parse(raw: Any) -> Any:
        return q.parse_answer(question, raw, today=today)

    return prompter.ask(question, default, parse), "prompt"


def default_value(question: Question, context: Mapping[str, Any], *, today: dt.date) -> Any:
    """Return the parsed default of a question; a Jinja default sees earlier answers."""
    raw = question.default
    if raw is None:
        return None
    if isinstance(raw, str) and "{" in raw:
        raw = render_default(raw, context, origin=question.origin)
    try:
        return q.parse_answer(question, raw, today=today)
    except InvalidAnswerError:
        return None  # a default that does not fit is not offered


def to_plain_answers(questions: Sequence[Question], values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn parsed answers into plain data, in question order.

    A question that applied but was skipped keeps its id with ``None`` (``null`` in YAML), so
    drafting again from the saved file does not ask it again; other empty values are left out.
    """
    plain: dict[str, Any] = {}
    by_id = {question.id: question for question in questions}
    for key, value in values.items():
        question = by_id.get(key)
        if value is None:
            if question is not None and not question.required:
                plain[key] = None
            continue
        plain[key] = to_plain(question, value) if question else value
    return plain


def answers_document(kind: str, name: str, plain: Mapping[str, Any]) -> str:
    """The text of a ``*.answers.yaml`` file that reproduces a document."""
    header = (
        f"# Answers advocate used for this {kind}.\n"
        f"# Reproduce it with: advocate draft {name} --answers THIS-FILE --no-input\n"
    )
    return header + dump_yaml({"doctype": name, "answers": dict(plain)})
