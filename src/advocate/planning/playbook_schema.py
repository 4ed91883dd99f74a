"""The playbook schema: parsing a playbook file and refusing anything it does not allow.

Every problem is a :class:`DefinitionError` naming the file, the line and the key. Finding
playbooks (built-in or a user's own) is :mod:`advocate.planning.playbooks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from advocate.errors import DefinitionError
from advocate.examples import example_choices, load_examples
from advocate.models import Question
from advocate.planning.models import (
    CAMPAIGN_NAMES,
    CONTEXTS,
    GOALS,
    STEP_DEADLINES,
    STRATEGIES,
    Basis,
    Fits,
    Playbook,
    Step,
)
from advocate.schema import (
    KEBAB_ID,
    Context,
    check_keys,
    get_str,
    get_str_list,
    parse_questions,
    require_mapping,
)
from advocate.templates import template_names
from advocate.templating import environment
from advocate.yamlio import Located, parse_yaml

PLAYBOOK_KEYS = (
    "id", "number", "version", "title", "summary", "why", "basis", "fits", "examples",
    "pitfalls", "signs_of_success", "steps", "short_route",
)  # fmt: skip
STEP_KEYS = ("id", "title", "guidance", "when", "lead_days", "deadline", "questions", "documents")
MOVE_KEYS = ("id", "title", "guidance", "lead_days", "deadline", "documents")
MIN_MOVES, MAX_MOVES = 2, 6
FITS_KEYS = ("goals", "contexts", "strategy", "min_weeks")
BASIS_KEYS = ("phrase", "source")
MIN_STEPS, MAX_STEPS = 4, 8
MAX_PHRASE_WORDS = 25
SUFFIXES = (".yaml", ".yml")


def parse_playbook(
    text: str,
    path: str | Path,
    *,
    origin: str = "built-in",
    template_dirs: Sequence[Path] = (),
) -> Playbook:
    """Parse and validate the text of a playbook file.

    Args:
        text: The YAML text.
        path: The file name used in error messages (and checked against the id).
        origin: ``built-in`` or the folder the file came from.
        template_dirs: User template folders, so their document types count as known.

    Returns:
        The validated playbook.

    Raises:
        DataFileError: The text is not valid YAML.
        DefinitionError: The playbook breaks the schema; the message names file, line and key.
    """
    ctx = Context(path, {"examples": example_choices()})
    data = require_mapping(ctx, parse_yaml(text, path), "a playbook")
    check_keys(ctx, data, PLAYBOOK_KEYS, "a playbook")
    playbook_id = _kebab(ctx, data, "id")
    stem = Path(path).name
    for suffix in SUFFIXES:
        stem = stem.removesuffix(suffix)
    if stem != playbook_id:
        raise ctx.error(data, "id", f"the id '{playbook_id}' must match the file name '{stem}'")
    steps = _steps(ctx, data, template_dirs)
    return Playbook(
        id=playbook_id,
        number=_int(ctx, data, "number", low=1, high=10),
        version=_int(ctx, data, "version", low=1),
        title=get_str(ctx, data, "title"),
        summary=get_str(ctx, data, "summary"),
        why=get_str(ctx, data, "why"),
        basis=_basis(ctx, data),
        fits=_fits(ctx, data),
        steps=steps,
        examples=_example_ids(ctx, data),
        short_route=_short_route(ctx, data, template_dirs),
        pitfalls=get_str_list(ctx, data, "pitfalls"),
        signs_of_success=get_str_list(ctx, data, "signs_of_success"),
        path=str(path),
        origin=origin,
    )


def _kebab(ctx: Context, data: Located, key: str) -> str:
    value = get_str(ctx, data, key)
    if not KEBAB_ID.match(value):
        raise ctx.error(data, key, f"'{value}' must be kebab-case (lower-case words and '-')")
    return value


def _int(
    ctx: Context,
    data: Located,
    key: str,
    *,
    low: int,
    high: int | None = None,
    required: bool = True,
) -> int:
    value = data.get(key)
    if value is None and not required:
        return low
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.error(data, key, f"'{key}' must be a whole number")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ctx.error(data, key, f"'{key}' must be {span}, not {value}")
    return value


def _basis(ctx: Context, data: Located) -> Basis:
    raw = require_mapping(ctx, data.get("basis"), "'basis'", "basis")
    check_keys(ctx, raw, BASIS_KEYS, "'basis'")
    phrase = get_str(ctx, raw, "phrase")
    if len(phrase.split()) > MAX_PHRASE_WORDS:
        raise ctx.error(raw, "phrase", f"quote at most {MAX_PHRASE_WORDS} words of the source")
    return Basis(phrase=phrase, source=get_str(ctx, raw, "source"))


def _fits(ctx: Context, data: Located) -> Fits:
    raw = require_mapping(ctx, data.get("fits"), "'fits'", "fits")
    check_keys(ctx, raw, FITS_KEYS, "'fits'")
    goals = _members(ctx, raw, "goals", GOALS)
    contexts = _members(ctx, raw, "contexts", CONTEXTS)
    strategy = get_str(ctx, raw, "strategy", required=False) or "any"
    if strategy not in STRATEGIES:
        raise ctx.error(raw, "strategy", f"'strategy' must be one of {', '.join(STRATEGIES)}")
    min_weeks = _int(ctx, raw, "min_weeks", low=0, required=False)
    return Fits(goals=goals, contexts=contexts, strategy=strategy, min_weeks=min_weeks)


def _members(ctx: Context, data: Located, key: str, allowed: Sequence[str]) -> tuple[str, ...]:
    values = get_str_list(ctx, data, key)
    for value in values:
        if value not in allowed:
            raise ctx.error(data, key, f"unknown {key} '{value}'; allowed: {', '.join(allowed)}")
    if not values:
        raise ctx.error(data, key, f"'{key}' needs at least one of: {', '.join(allowed)}")
    return values


def _example_ids(ctx: Context, data: Located) -> tuple[str, ...]:
    ids = get_str_list(ctx, data, "examples")
    known = {example.id for example in load_examples()}
    for example_id in ids:
        if example_id not in known:
            raise ctx.error(
                data, "examples", f"unknown example '{example_id}' (not in playbooks/examples.yaml)"
            )
    return ids


def _steps(ctx: Context, data: Located, template_dirs: Sequence[Path]) -> tuple[Step, ...]:
    raw = data.get("steps")
    if not isinstance(raw, list) or not MIN_STEPS <= len(raw) <= MAX_STEPS:
        raise ctx.error(data, "steps", f"'steps' must list {MIN_STEPS} to {MAX_STEPS} steps")
    known = set(CAMPAIGN_NAMES)
    step_ids: set[str] = set()
    steps = []
    for item in raw:
        step = _step(ctx, item, known, template_dirs)
        if step.id in step_ids:
            raise ctx.error(item, "id", f"duplicate step id '{step.id}'")
        step_ids.add(step.id)
        for question in step.questions:
            if question.id in known:
                line = int(question.origin.rsplit(":", 1)[1])
                problem = f"duplicate question id '{question.id}' (ids are unique in a playbook)"
                raise DefinitionError(ctx.path, problem, line=line, key="id")
            known.add(question.id)
        steps.append(step)
    return tuple(steps)


def _step(ctx: Context, item: Any, known: set[str], template_dirs: Sequence[Path]) -> Step:
    data = require_mapping(ctx, item, "a step", "steps")
    check_keys(ctx, data, STEP_KEYS, "a step")
    when = get_str(ctx, data, "when", required=False) or None
    if when:
        _check_names(ctx, data, "when", when, known)
    questions = parse_questions(ctx, data.get("questions"))
    _check_question_conditions(ctx, data, questions, known)
    lead_days = None if data.get("lead_days") is None else _int(ctx, data, "lead_days", low=0)
    return Step(
        id=_kebab(ctx, data, "id"),
        title=get_str(ctx, data, "title"),
        guidance=_reflow(get_str(ctx, data, "guidance")),
        questions=questions,
        documents=_documents(ctx, data, template_dirs),
        when=when,
        lead_days=lead_days,
        line=data.line,
        deadline=_deadline(ctx, data),
    )


def _deadline(ctx: Context, data: Located) -> str | None:
    value = get_str(ctx, data, "deadline", required=False) or None
    if value is not None and value not in STEP_DEADLINES:
        allowed = ", ".join(STEP_DEADLINES)
        raise ctx.error(data, "deadline", f"unknown deadline '{value}'; allowed: {allowed}")
    return value


def _short_route(ctx: Context, data: Located, template_dirs: Sequence[Path]) -> tuple[Step, ...]:
    """The moves of a playbook's own short route (none: the plan offers the default one)."""
    raw = data.get("short_route")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not MIN_MOVES <= len(raw) <= MAX_MOVES:
        problem = f"'short_route' must list {MIN_MOVES} to {MAX_MOVES} moves"
        raise ctx.error(data, "short_route", problem)
    moves, ids = [], set()
    for item in raw:
        move = require_mapping(ctx, item, "a short-route move", "short_route")
        check_keys(ctx, move, MOVE_KEYS, "a short-route move")
        move_id = _kebab(ctx, move, "id")
        if move_id in ids:
            raise ctx.error(move, "id", f"duplicate move id '{move_id}'")
        ids.add(move_id)
        lead_days = None if move.get("lead_days") is None else _int(ctx, move, "lead_days", low=0)
        moves.append(
            Step(id=move_id, title=get_str(ctx, move, "title"),
                 guidance=_reflow(get_str(ctx, move, "guidance")),
                 documents=_documents(ctx, move, template_dirs), lead_days=lead_days,
                 line=move.line, deadline=_deadline(ctx, move))
        )  # fmt: skip
    return tuple(moves)


def _reflow(text: str) -> str:
    """Join the lines of each paragraph, so guidance wraps to any screen or page width."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def _check_question_conditions(
    ctx: Context, data: Located, questions: Iterable[Question], known: set[str]
) -> None:
    earlier = set(known)
    for question in questions:
        if question.when:
            _check_names(ctx, data, "questions", question.when, earlier, owner=question.id)
        earlier.add(question.id)


def _check_names(
    ctx: Context, data: Located, key: str, expression: str, known: set[str], owner: str = ""
) -> None:
    what = f"the 'when' of question '{owner}'" if owner else "'when'"
    try:
        tree = environment("value").parse("{{ " + expression + " }}")
    except jinja2.TemplateSyntaxError as err:
        raise ctx.error(data, key, f"{what} {expression!r} is not valid: {err.message}") from None
    unknown = sorted(meta.find_undeclared_variables(tree) - known)
    if unknown:
        problem = (
            f"{what} names unknown question(s) {', '.join(unknown)}; it may use "
            f"{', '.join(CAMPAIGN_NAMES)} and the questions of earlier steps"
        )
        raise ctx.error(data, key, problem)


def _documents(ctx: Context, data: Located, template_dirs: Sequence[Path]) -> tuple[str, ...]:
    documents = get_str_list(ctx, data, "documents")
    known = template_names(template_dirs)
    for doctype in documents:
        if doctype not in known:
            problem = f"unknown document type '{doctype}'; known: {', '.join(known)}"
            raise ctx.error(data, "documents", problem)
    return documents
