"""One parser and validator per question type, shared by every way an answer comes in.

A prompt, an answers file, ``--set``, a batch row and a campaign file all call
:func:`parse_answer`, so a value is accepted or refused the same way wherever it was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from advocate.errors import InvalidAnswerError, MissingAnswerError
from advocate.markdown_escape import clean_text
from advocate.models import Question, QuestionType, Rules

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "fevrier", "févr", "fevr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
_YES = {"y", "yes", "true", "1", "on", "oui", "o"}
_NO = {"n", "no", "false", "0", "off", "non"}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er)?\s+([^\W\d_]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_RELATIVE = re.compile(r"^\+(\d{1,4})\s*(?:d|days?)?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?$")

ACCEPTED = {
    QuestionType.TEXT: "text on one line",
    QuestionType.LONG_TEXT: "text (several lines allowed)",
    QuestionType.YES_NO: "yes or no",
    QuestionType.DATE: "a date such as 2026-12-03, 3 December 2026, today or +14 (days from today)",
    QuestionType.TIME: "a time such as 14:30, 2:30 pm or 2pm",
    QuestionType.NUMBER: "a number",
    QuestionType.LIST: "a list (in one line, items separated by ';')",
    QuestionType.RECORDS: "a list of records",
}


def accepted(question: Question) -> str:
    """Describe in words what a question accepts, for error messages and prompts."""
    if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        values = ", ".join(question.choice_values())
        many = "one or more of" if question.type is QuestionType.MULTI_CHOICE else "one of"
        return f"{many}: {values}"
    if question.type is QuestionType.RECORDS:
        names = "|".join(field.id for field in question.fields)
        return f"a list of records, each '{names}', records separated by ';'"
    text = ACCEPTED[question.type]
    rules = question.rules
    if rules.pattern_hint:
        text = rules.pattern_hint
    limits = _describe_limits(rules)
    return f"{text} ({limits})" if limits else text


def _describe_limits(rules: Rules) -> str:
    parts = []
    if rules.integer:
        parts.append("a whole number")
    if rules.min is not None:
        parts.append(f"at least {rules.min:g}")
    if rules.max is not None:
        parts.append(f"at most {rules.max:g}")
    if rules.min_length is not None:
        parts.append(f"at least {rules.min_length} characters")
    if rules.max_length is not None:
        parts.append(f"at most {rules.max_length} characters")
    if rules.min_items is not None:
        parts.append(f"at least {rules.min_items} items")
    if rules.max_items is not None:
        parts.append(f"at most {rules.max_items} items")
    return ", ".join(parts)


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
            question.id, raw, accepted(question), reason=refusal.reason
        ) from None
    _check_rules(question, value, raw)
    return value


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
    folded = text.casefold()
    for choice in question.choices:
        if folded in (choice.value.casefold(), choice.label.casefold()):
            return choice.value
    if text.isdigit() and 1 <= int(text) <= len(question.choices):
        return question.choices[int(text) - 1].value
    msg = "not one of the choices"
    raise _Refusal(msg)


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
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = " ".join(str(raw).strip().split())
    folded = text.casefold()
    if folded in ("today", "aujourd'hui"):
        return today
    relative = _RELATIVE.match(folded)
    if relative:
        return today + dt.timedelta(days=int(relative.group(1)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return _date_in_words(folded)


def _date_in_words(folded: str) -> dt.date:
    match = _DAY_MONTH_YEAR.match(folded)
    if match:
        day, month_name, year = match.groups()
    else:
        match = _MONTH_DAY_YEAR.match(folded)
        if not match:
            msg = "not a date"
            raise _Refusal(msg)
        month_name, day, year = match.groups()
    month = _MONTHS.get(month_name.rstrip("."))
    if month is None:
        msg = f"unknown month '{month_name}'"
        raise _Refusal(msg)
    try:
        return dt.date(int(year), month, int(day))
    except ValueError as err:
        raise _Refusal(str(err)) from None


def _time(_question: Question, raw: Any, _today: dt.date) -> dt.time:
    if isinstance(raw, dt.time):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        # YAML 1.1 reads an unquoted 14:30 as the sexagesimal number 870.
        hours, minutes = divmod(raw, 60)
        raw = f"{hours}:{minutes:02d}"
    match = _TIME.match(str(raw).strip().casefold())
    if not match:
        msg = "not a time"
        raise _Refusal(msg)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if half:
        if not 1 <= hour <= 12:
            msg = "hours run from 1 to 12 with am/pm"
            raise _Refusal(msg)
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        msg = "no such time of day"
        raise _Refusal(msg)
    return dt.time(hour, minute)


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
    items = _split_items(raw, separators=";\n")
    return [_text(question, item, today) for item in items]


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
        raise InvalidAnswerError(question.id, raw, accepted(question), reason=problem)


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
            (
                rules.pattern is not None and re.search(rules.pattern, value) is None,
                lambda: "not in the expected form",
            ),
        ]
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


def to_plain(question: Question, value: Any) -> Any:
    """Turn a parsed value into plain YAML/JSON data that :func:`parse_answer` reads back."""
    if value is None:
        return None
    if question.type is QuestionType.DATE:
        return value.isoformat()
    if question.type is QuestionType.TIME:
        return value.strftime("%H:%M")
    if question.type is QuestionType.RECORDS:
        return [
            {field.id: to_plain(field, record.get(field.id)) for field in question.fields}
            for record in value
        ]
    if isinstance(value, list):
        return list(value)
    return value


def to_text(question: Question, value: Any) -> str:
    """Show a parsed value on one line, as a person would type it back in a prompt."""
    if value is None:
        return ""
    if question.type is QuestionType.YES_NO:
        return "yes" if value else "no"
    if question.type is QuestionType.RECORDS:
        return "; ".join(
            "|".join(to_text(field, record.get(field.id)) for field in question.fields)
            for record in value
        )
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    plain = to_plain(question, value)
    return str(plain)
