"""One parser and validator per question type, shared by every way an answer comes in.

A prompt, an answers file, ``--set``, a batch row and a campaign file all call
:func:`parse_answer`, so a value is accepted or refused the same way wherever it was typed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from advocate.answer_text import accepted, readable
from advocate.dates import read_date, read_time
from advocate.errors import InvalidAnswerError, MissingAnswerError
from advocate.markdown_escape import clean_text
from advocate.models import Question, QuestionType, Rules
from advocate.patterns import check_pattern

_YES = {"y", "yes", "true", "1", "on", "oui", "o"}
_NO = {"n", "no", "false", "0", "off", "non"}


def is_empty(value: Any) -> bool:
    """Return True for values that count as 'no answer'."""
    if value is None:
        return True
    if isinstance(value, str):
        return not clean_text(value).strip()
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def parse_answer(question: Question, raw: Any, *, today: dt.date | None = None) -> Any:
    """Parse and validate one raw answer.

    Args:
        question: The question being answered.
        raw: What was typed or read: a string, or a YAML/JSON value from a file.
        today: The date that ``today`` and ``+N`` refer to (defaults to the real today).

    Returns:
        The parsed value, or ``None`` when the answer is empty.

    Raises:
        InvalidAnswerError: The value does not fit the question.
    """
    if is_empty(raw):
        return None
    parser = _PARSERS[question.type]
    try:
        value = parser(question, raw, today or dt.date.today())
    except _Refusal as refusal:
        raise InvalidAnswerError(
            question.id, readable(raw), accepted(question), reason=refusal.reason
        ) from None
    if isinstance(value, list) and not value:
        return None  # ';' alone holds no item: as empty as no answer, and it round-trips
    _check_rules(question, value, raw)
    return value


def parse_item(question: Question, raw: Any, *, today: dt.date | None = None) -> Any:
    """Parse one item of a ``list`` question, or one record of a ``records`` question.

    A prompt checks each item as it is typed, so a bad item is asked again on its own and the
    items already given are kept. The number of items is checked by :func:`parse_answer`.

    Raises:
        InvalidAnswerError: The item does not fit.
    """
    try:
        if question.type is QuestionType.RECORDS:
            return _record(question, raw, 1, today or dt.date.today())
        return _text(question, raw, today or dt.date.today())
    except _Refusal as refusal:
        raise InvalidAnswerError(
            question.id, readable(raw), accepted(question), reason=refusal.reason
        ) from None


def item_limits(question: Question) -> tuple[int, int | None]:
    """The fewest and the most items a list, records or multiple-choice answer may have."""
    return question.rules.min_items or 0, question.rules.max_items


def require(question: Question, value: Any) -> None:
    """Raise :class:`MissingAnswerError` if a required question has no value."""
    if question.required and is_empty(value):
        raise MissingAnswerError(question.id, question.label)


class _Refusal(Exception):
    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        super().__init__(reason)


def _text(question: Question, raw: Any, _today: dt.date) -> str:
    if isinstance(raw, list | dict):
        msg = "expected text, got a list or mapping"
        raise _Refusal(msg)
    text = clean_text(str(raw)).strip()
    if question.type is QuestionType.TEXT:
        text = " ".join(text.split())
    return text


def _choice(question: Question, raw: Any, _today: dt.date) -> str:
    text = str(raw).strip()
    folded = fold_choice(text)
    for choice in question.choices:
        if folded in (fold_choice(choice.value), fold_choice(choice.label)):
            return choice.value
    # isdecimal, not isdigit: int() refuses digits such as '²'; the length keeps int() cheap.
    if text.isdecimal() and len(text) < 6 and 1 <= int(text) <= len(question.choices):
        return question.choices[int(text) - 1].value
    # a few words of one label ("small town" for "A small town or rural municipality"), when
    # they belong to that choice alone
    if len(folded) >= 3 and not text.isdecimal():
        found = [c for c in question.choices
                 if folded in fold_choice(c.value) or folded in fold_choice(c.label)]  # fmt: skip
        if len(found) == 1:
            return found[0].value
    msg = "not one of the choices"
    raise _Refusal(msg)


@functools.lru_cache(maxsize=4096)  # the same labels are folded for every answer and row
def fold_choice(text: str) -> str:
    """Fold a typed choice for comparison: case, spaces, hyphens and underscores are ignored.

    ``Large city``, ``large-city`` and ``LARGE_CITY`` all fold to ``largecity``.
    """
    return re.sub(r"[\s\-_]+", "", text.casefold())


def _multi_choice(question: Question, raw: Any, today: dt.date) -> list[str]:
    items = _split_items(raw, separators=";,")
    values = [_choice(question, item, today) for item in items]
    return list(dict.fromkeys(values))


def _yes_no(_question: Question, raw: Any, _today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    folded = str(raw).strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise _Refusal()


def _date(_question: Question, raw: Any, today: dt.date) -> dt.date:
    try:
        return read_date(raw, today)
    except ValueError as err:
        raise _Refusal(str(err)) from None


def _time(_question: Question, raw: Any, _today: dt.date) -> dt.time:
    try:
        return read_time(raw)
    except ValueError as err:
        raise _Refusal(str(err)) from None


def _number(question: Question, raw: Any, _today: dt.date) -> int | float:
    if isinstance(raw, bool):
        msg = "expected a number"
        raise _Refusal(msg)
    if isinstance(raw, int | float):
        value: int | float = raw
    else:
        text = str(raw).strip().replace(",", "").replace("_", "")
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                msg = "not a number"
                raise _Refusal(msg) from None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            msg = "not a finite number"
            raise _Refusal(msg)
        if value.is_integer():
            value = int(value)
    if question.rules.integer and not isinstance(value, int):
        msg = "must be a whole number"
        raise _Refusal(msg)
    return value


def _list(question: Question, raw: Any, today: dt.date) -> list[str]:
    items = (_text(question, item, today) for item in _split_items(raw, separators=";\n"))
    return [item for item in items if item]  # an item of control characters only is no item


def _records(question: Question, raw: Any, today: dt.date) -> list[dict[str, Any]]:
    if isinstance(raw, str):
        rows: list[Any] = [_record_from_text(question, part) for part in _split_items(raw, ";\n")]
    elif isinstance(raw, list):
        rows = raw
    else:
        msg = "expected a list of records"
        raise _Refusal(msg)
    return [_record(question, row, index, today) for index, row in enumerate(rows, start=1)]


def _record_from_text(question: Question, text: str) -> dict[str, str]:
    cells = [cell.strip() for cell in text.split("|")]
    if len(cells) > len(question.fields):
        msg = f"'{text}' has more than {len(question.fields)} parts"
        raise _Refusal(msg)
    return {field.id: cell for field, cell in zip(question.fields, cells, strict=False)}


def _record(question: Question, row: Any, index: int, today: dt.date) -> dict[str, Any]:
    if not isinstance(row, dict):
        msg = f"record {index} is not a mapping of {', '.join(_field_ids(question))}"
        raise _Refusal(msg)
    unknown = set(row) - set(_field_ids(question))
    if unknown:
        msg = f"record {index} has unknown field(s) {', '.join(sorted(map(str, unknown)))}"
        raise _Refusal(msg)
    record: dict[str, Any] = {}
    for field in question.fields:
        try:
            value = parse_answer(field, row.get(field.id), today=today)
        except InvalidAnswerError as err:
            msg = f"record {index}, field '{field.id}': {err.reason or 'invalid'}"
            raise _Refusal(msg) from None
        if value is None and field.required:
            msg = f"record {index} is missing '{field.id}'"
            raise _Refusal(msg)
        record[field.id] = value
    return record


def _field_ids(question: Question) -> list[str]:
    return [field.id for field in question.fields]


def _split_items(raw: Any, separators: str) -> list[Any]:
    if isinstance(raw, list | tuple):
        return [item for item in raw if not is_empty(item)]
    text = str(raw)
    pattern = "[" + re.escape(separators) + "]"
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


def _check_rules(question: Question, value: Any, raw: Any) -> None:
    problem = _rule_problem(question.rules, value)
    if problem:
        raise InvalidAnswerError(question.id, readable(raw), accepted(question), reason=problem)


def _rule_problem(rules: Rules, value: Any) -> str:
    checks: list[tuple[bool, Callable[[], str]]] = []
    if isinstance(value, int | float) and not isinstance(value, bool):
        checks += [
            (rules.min is not None and value < rules.min, lambda: f"less than {rules.min:g}"),
            (rules.max is not None and value > rules.max, lambda: f"more than {rules.max:g}"),
        ]
    if isinstance(value, str):
        checks += [
            (
                rules.min_length is not None and len(value) < rules.min_length,
                lambda: f"shorter than {rules.min_length} characters",
            ),
            (
                rules.max_length is not None and len(value) > rules.max_length,
                lambda: f"longer than {rules.max_length} characters",
            ),
        ]
        if rules.pattern is not None:
            pattern_problem = check_pattern(rules.pattern, value)
            checks.append((bool(pattern_problem), lambda: pattern_problem))
    if isinstance(value, list):
        checks += [
            (
                rules.min_items is not None and len(value) < rules.min_items,
                lambda: f"fewer than {rules.min_items} items",
            ),
            (
                rules.max_items is not None and len(value) > rules.max_items,
                lambda: f"more than {rules.max_items} items",
            ),
        ]
    for failed, message in checks:
        if failed:
            return message()
    return ""


_PARSERS: dict[QuestionType, Callable[[Question, Any, dt.date], Any]] = {
    QuestionType.TEXT: _text,
    QuestionType.LONG_TEXT: _text,
    QuestionType.CHOICE: _choice,
    QuestionType.MULTI_CHOICE: _multi_choice,
    QuestionType.YES_NO: _yes_no,
    QuestionType.DATE: _date,
    QuestionType.TIME: _time,
    QuestionType.NUMBER: _number,
    QuestionType.LIST: _list,
    QuestionType.RECORDS: _records,
}
