"""Answers in words: what a question accepts, and parsed values shown back as data or text.

:mod:`advocate.questions` parses; this module only describes. Error messages and prompts say
what a question accepts with :func:`accepted`; saved answers files hold :func:`to_plain` values
and prompts show defaults with :func:`to_text`, both of which ``parse_answer`` reads back.
"""

from __future__ import annotations

from typing import Any

from advocate.models import Question, QuestionType, Rules

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


def readable(value: Any) -> str:
    """Show a raw answer as a person would type it: no Python brackets or quotes."""
    if isinstance(value, dict):
        return "|".join(readable(item) for item in value.values())
    if isinstance(value, list | tuple):
        return "; ".join(readable(item) for item in value)
    return str(value)


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
