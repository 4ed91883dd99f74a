"""Validation patterns (``validate: pattern:``) that are checked in bounded time.

Python's ``re`` backtracks, so a hostile pattern such as ``(a+)+$`` takes exponential time on a
short answer, and ``\\d*\\d*\\d*x`` takes polynomial time on a long one. ``re`` cannot be given a
time limit portably (no SIGALRM on Windows, none in threads), so the limit is structural:

* a template's pattern is refused when it loads if it repeats something that can itself match in
  more than one way: a variable repetition (``+``, ``*``, ``?``, ``{m,n}``) or an alternation
  (``a|b``) inside a repetition; these are the patterns that backtrack exponentially. Alternations
  of single characters are not refused: ``re`` turns ``(\\d|-)`` into the set ``[\\d-]``.
* back-references (``\\1``) are refused (they make matching NP-hard);
* at most :data:`MAX_VARIABLE_REPEATS` repetitions of varying length (``+``, ``*``, ``{2,5}``; an
  optional ``?`` does not count), and an answer checked against a pattern that has any is at most
  :data:`MAX_CHECKED_LENGTH` characters. The polynomial degree is at most the number of
  repetitions plus one, so the worst case is 150 characters against three adjacent repetitions
  (``\\d*\\d*\\d*x``): about 0.1 s, 0.25 s on a machine loaded seven times over; ordinary patterns
  take microseconds.
"""

from __future__ import annotations

import functools
import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

MAX_VARIABLE_REPEATS = 3
MAX_CHECKED_LENGTH = 150
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT}


def pattern_problem(pattern: str) -> str:
    """Say why a validation pattern is refused, or return ``''`` when it is accepted."""
    try:
        parsed = _parser.parse(pattern)
    except re.error as err:
        return f"not a valid regular expression: {err}"
    problems: list[str] = []
    repeats = _walk(list(parsed), inside_repeat=False, problems=problems)
    if problems:
        return problems[0]
    if repeats > MAX_VARIABLE_REPEATS:
        return (
            f"it has {repeats} repetitions (+, *, {{m,n}}); at most {MAX_VARIABLE_REPEATS} "
            "are allowed, so that checking an answer stays fast"
        )
    return ""


def _walk(items: list[tuple[Any, Any]], *, inside_repeat: bool, problems: list[str]) -> int:
    """Count variable repetitions; note in ``problems`` what makes backtracking exponential."""
    count = 0
    for op, av in items:
        if op in _REPEATS and av[0] != av[1]:
            count += av[1] > 1  # an optional part (?) only doubles the ways, whatever the length
            if inside_repeat:
                problems.append(_NESTED)
        elif op == sre.BRANCH and inside_repeat:
            problems.append(_NESTED)
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            problems.append("back-references such as \\1 are not allowed")
        for part, repeated in _parts(op, av, inside_repeat):
            count += _walk(list(part), inside_repeat=repeated, problems=problems)
    return count


def _parts(op: Any, av: Any, inside_repeat: bool) -> list[tuple[Any, bool]]:
    """The sub-patterns of one parsed item, each with whether it sits inside a repetition."""
    if op in _REPEATS:
        return [(av[2], inside_repeat or av[1] > 1)]
    if op == sre.POSSESSIVE_REPEAT:
        return [(av[2], False)]  # never backtracked into
    if op == sre.ATOMIC_GROUP:
        return [(av, False)]
    if op == sre.BRANCH:
        return [(branch, inside_repeat) for branch in av[1]]
    if op == sre.SUBPATTERN:
        return [(av[3], inside_repeat)]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [(av[1], inside_repeat)]
    return []


_NESTED = (
    "it repeats a part that can itself match in several ways (such as (a+)+ or (a|ab)*), "
    "which can take hours to check; repeat a fixed part instead, e.g. (-\\d{3})+"
)


@functools.lru_cache(maxsize=128)
def _compiled(pattern: str) -> tuple[re.Pattern[str], bool]:
    repeats = _walk(list(_parser.parse(pattern)), inside_repeat=False, problems=[])
    return re.compile(pattern), repeats > 0


def check_pattern(pattern: str, text: str) -> str:
    """Check ``text`` against a pattern; return the problem in words, or ``''`` when it fits."""
    compiled, capped = _compiled(pattern)
    if capped and len(text) > MAX_CHECKED_LENGTH:
        return f"longer than {MAX_CHECKED_LENGTH} characters, the most its pattern checks"
    return "" if compiled.search(text) else "not in the expected form"
