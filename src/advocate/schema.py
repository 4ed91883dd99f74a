"""Turn raw YAML question definitions into :class:`Question` objects, refusing anything unknown.

Templates and playbooks share this schema; every error names the file, the line and the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from advocate.errors import AdvocateError, DefinitionError, did_you_mean
from advocate.models import Choice, Question, QuestionType, Rules
from advocate.patterns import pattern_problem
from advocate.yamlio import Located

QUESTION_KEYS = frozenset(
    {"id", "type", "label", "help", "example", "default", "required", "choices",
     "choices_from", "when", "validate", "fields"}
)  # fmt: skip
RULE_KEYS = frozenset(
    {"min", "max", "integer", "min_length", "max_length", "min_items", "max_items",
     "pattern", "pattern_hint"}
)  # fmt: skip
SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ErrorType(Protocol):
    """Builds the error a file's schema problems raise (``DefinitionError`` by default)."""

    def __call__(
        self, path: Path, problem: str, *, line: int | None = None, key: str = ""
    ) -> AdvocateError:
        """Return the error for ``problem`` at ``key`` (on ``line``, when known) of ``path``."""
        ...


class Context:
    """Where a definition came from, and the error its problems raise, for error messages."""

    def __init__(
        self,
        path: str | Path,
        choices_from: dict[str, Sequence[Choice]] | None = None,
        *,
        error_type: ErrorType = DefinitionError,
    ) -> None:
        self.path = Path(path)
        self.choices_from = choices_from or {}
        self.error_type = error_type

    def error(self, data: Any, key: str, problem: str) -> AdvocateError:
        """Build an error pointing at ``key`` of the mapping ``data``."""
        line = data.line_of(key) if isinstance(data, Located) else None
        return self.error_type(self.path, problem, line=line, key=key)


def require_mapping(ctx: Context, data: Any, what: str, key: str = "") -> Located:
    """Return ``data`` if it is a mapping, else raise an error naming ``what``."""
    if not isinstance(data, Located):
        raise ctx.error_type(ctx.path, f"{what} must be a mapping", key=key)
    return data


def check_keys(
    ctx: Context,
    data: Mapping[str, Any],
    allowed: Iterable[str],
    where: str,
    *,
    old_names: Iterable[str] = (),
) -> None:
    """Refuse the first key of ``data`` that is not in ``allowed``: the one way to do it.

    The error (``ctx.error_type``) names the file and, for YAML, the line; its message names
    the key, the place (``where``, e.g. ``a question``), the accepted keys and the closest one.
    ``old_names`` are still read but no longer offered, so the message lists only current keys.
    """
    accepted = sorted(set(allowed))
    still_read = {*accepted, *old_names}
    for key in data:
        if key not in still_read:
            problem = unknown_key_problem(key, accepted, where, near=sorted(still_read))
            raise ctx.error(data, key, problem)


def unknown_key_problem(
    key: str, accepted: Sequence[str], where: str, *, near: Sequence[str] | None = None
) -> str:
    """``unknown key 'colour' in a step. Accepted keys: a, b. Did you mean 'color'?``.

    ``near`` is where "did you mean" looks (default: the accepted keys).
    """
    listing = ", ".join(accepted)
    hint = did_you_mean(key, accepted if near is None else near)
    return f"unknown key '{key}' in {where}. Accepted keys: {listing}.{hint}"


def get_str(ctx: Context, data: Located, key: str, *, required: bool = True) -> str:
    """Return a string value (a number is accepted as text), or '' when optional and absent."""
    value = data.get(key)
    if value is None:
        if required:
            raise ctx.error(data, key, f"'{key}' is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ctx.error(data, key, f"'{key}' must be text")
    return str(value)


def get_str_list(ctx: Context, data: Located, key: str) -> tuple[str, ...]:
    """Return a list of strings (absent means empty)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ctx.error(data, key, f"'{key}' must be a list of text items")
    return tuple(value)


def parse_questions(ctx: Context, raw: Any, key: str = "questions") -> tuple[Question, ...]:
    """Parse a list of question definitions and check that their ids are unique."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DefinitionError(ctx.path, f"'{key}' must be a list of questions", key=key)
    questions = tuple(parse_question(ctx, item) for item in raw)
    seen: set[str] = set()
    for item, question in zip(raw, questions, strict=True):
        if question.id in seen:
            raise ctx.error(item, "id", f"duplicate question id '{question.id}'")
        seen.add(question.id)
    return questions


def parse_question(ctx: Context, item: Any) -> Question:
    """Parse one question definition (full or short form)."""
    data = require_mapping(ctx, item, "a question")
    if "id" not in data and len(data) == 1:
        ((question_id, default),) = data.items()
        _check_id(ctx, data, question_id, question_id)
        return Question(
            id=question_id,
            type=QuestionType.TEXT,
            label=question_id.replace("_", " ").capitalize(),
            default=default,
            origin=f"{ctx.path}:{data.line}",
        )
    check_keys(ctx, data, QUESTION_KEYS, "a question")
    question_id = get_str(ctx, data, "id")
    _check_id(ctx, data, question_id, "id")
    qtype = _question_type(ctx, data)
    return Question(
        id=question_id,
        type=qtype,
        label=get_str(ctx, data, "label"),
        help=get_str(ctx, data, "help", required=False),
        example=get_str(ctx, data, "example", required=False),
        default=data.get("default"),
        required=_get_bool(ctx, data, "required", default=True),
        choices=_choices(ctx, data, qtype),
        when=get_str(ctx, data, "when", required=False) or None,
        rules=_rules(ctx, data),
        fields=_fields(ctx, data, qtype),
        origin=f"{ctx.path}:{data.line}",
    )


def _check_id(ctx: Context, data: Located, question_id: str, key: str) -> None:
    if not SNAKE_ID.match(question_id):
        raise ctx.error(data, key, f"question id '{question_id}' must be snake_case")


def _question_type(ctx: Context, data: Located) -> QuestionType:
    raw = data.get("type", "text")
    try:
        return QuestionType(raw)
    except ValueError:
        allowed = ", ".join(t.value for t in QuestionType)
        raise ctx.error(
            data, "type", f"unknown question type '{raw}'; allowed: {allowed}"
        ) from None


def _get_bool(ctx: Context, data: Located, key: str, *, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ctx.error(data, key, f"'{key}' must be true or false")
    return value


def _choices(ctx: Context, data: Located, qtype: QuestionType) -> tuple[Choice, ...]:
    is_choice = qtype in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
    source = data.get("choices_from")
    if source is not None:
        if source not in ctx.choices_from:
            known = ", ".join(sorted(ctx.choices_from)) or "none"
            raise ctx.error(
                data, "choices_from", f"unknown choices_from '{source}'; known: {known}"
            )
        return tuple(ctx.choices_from[source])
    raw = data.get("choices")
    if raw is None:
        if is_choice:
            raise ctx.error(data, "type", f"a {qtype.value} question needs 'choices'")
        return ()
    if not is_choice:
        raise ctx.error(data, "choices", f"'choices' only fits choice questions, not {qtype.value}")
    if not isinstance(raw, list) or not raw:
        raise ctx.error(data, "choices", "'choices' must be a non-empty list")
    return tuple(_choice(ctx, data, item) for item in raw)


def _choice(ctx: Context, data: Located, item: Any) -> Choice:
    if isinstance(item, str | int | float) and not isinstance(item, bool):
        return Choice(value=str(item), label=str(item))
    if isinstance(item, Located) and set(item) <= {"value", "label"} and "value" in item:
        value = str(item["value"])
        return Choice(value=value, label=str(item.get("label", value)))
    raise ctx.error(data, "choices", "each choice is a value or a mapping of value and label")


def _rules(ctx: Context, data: Located) -> Rules:
    raw = data.get("validate")
    if raw is None:
        return Rules()
    rules = require_mapping(ctx, raw, "'validate'", "validate")
    check_keys(ctx, rules, RULE_KEYS, "'validate'")
    numbers: dict[str, Any] = {}
    for key in ("min", "max", "min_length", "max_length", "min_items", "max_items"):
        value = rules.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ctx.error(rules, key, f"'{key}' must be a number")
        numbers[key] = value
    pattern = rules.get("pattern")
    problem = pattern_problem(str(pattern)) if pattern is not None else ""
    if problem:
        raise ctx.error(rules, "pattern", f"'pattern' is refused: {problem}")
    return Rules(
        **numbers,
        pattern=None if pattern is None else str(pattern),
        pattern_hint=rules.get("pattern_hint"),
        integer=_get_bool(ctx, rules, "integer", default=False),
    )


def _fields(ctx: Context, data: Located, qtype: QuestionType) -> tuple[Question, ...]:
    raw = data.get("fields")
    if qtype is not QuestionType.RECORDS:
        if raw is not None:
            raise ctx.error(data, "fields", "'fields' only fits records questions")
        return ()
    if not raw:
        raise ctx.error(data, "type", "a records question needs 'fields'")
    return parse_questions(ctx, raw, key="fields")
