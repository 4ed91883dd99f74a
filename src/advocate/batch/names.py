"""Every row's file name, decided before anything is written.

A name must identify its row and must not change when other rows are added or removed, or
"skip existing" would skip the wrong row on a re-run. So a default name is the template's own
name pattern (rendered with the row's dates parsed, not as text) followed by the row's
recipient, name, organisation or district; and where names still collide, the row that the
last manifest recorded under a name keeps it, and the others get ``-2``, ``-3``...
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from advocate import questions as q
from advocate.answers import default_value
from advocate.batch.models import BatchSettings
from advocate.batch.rows import RowTable, map_row
from advocate.errors import AdvocateError, InvalidAnswerError
from advocate.models import DocTemplate, Question
from advocate.outputs import safe_filename
from advocate.templating import render_value, slug

# Row values that tell one document of a batch from another, best first.
IDENTITY = ("recipient", "councillor_name", "name", "organisation", "district_name",
            "committee", "meeting_title")  # fmt: skip


def pattern_fields(pattern: str) -> list[str]:
    """The field names of a ``--name`` pattern; only plain names are allowed.

    Raises:
        AdvocateError: The pattern is not a valid format string, or uses ``{a.b}``,
            ``{a[0]}``, a format specification (``{a:d}``) or a conversion (``{a!r}``).
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as err:
        msg = f"--name '{pattern}' is not a valid pattern ({err}). Example: '{{district_name}}'."
        raise AdvocateError(msg) from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            msg = f"--name '{pattern}': use column names only in braces, not '{{{shown}}}'."
            raise AdvocateError(msg)
        fields.append(name)
    return fields


def file_names(
    table: RowTable,
    settings: BatchSettings,
    column_map: Mapping[str, str],
    pattern: str | None,
    recorded: Mapping[str, str],
    fingerprints: Sequence[str],
) -> list[str]:
    """Every row's file name (unique, with the extension).

    Args:
        table: The rows.
        settings: The batch settings (template, shared answers, format).
        column_map: Column → question id renames.
        pattern: The ``--name`` pattern, or ``None`` for the template's own names.
        recorded: File name → row fingerprint, from the last manifest.
        fingerprints: Each row's fingerprint (see :func:`advocate.batch.rows.row_fingerprint`).

    Raises:
        AdvocateError: The pattern is wrong or names a column no row has.
    """
    template = settings.template
    shared: dict[str, Any] = {}
    for source in reversed(settings.sources):
        shared.update(source.values)
    own = (map_row(row.values, template, column_map) for row in table.rows)  # one at a time
    if pattern is None:
        used = [qn for qn in template.questions if re.search(rf"\b{qn.id}\b", template.output)]
        names = [_default_name(settings, shared, values, used) for values in own]
    else:
        names = _pattern_names(pattern, table, ({**shared, **v} for v in own), set(shared))
    return assign_names(names, fingerprints, recorded, settings.fmt)


def _pattern_names(
    pattern: str, table: RowTable, mapped: Iterable[Mapping[str, Any]], known: set[str]
) -> list[str]:
    fields = pattern_fields(pattern)
    names = []
    for row, values in zip(table.rows, mapped, strict=True):
        known.update(values)
        context = {name: _text(values.get(name)) for name in fields}
        names.append(safe_filename(pattern.format(**context), fallback=f"row-{row.number}"))
    unknown = [name for name in fields if name not in known]
    if unknown:
        msg = (
            f"--name '{pattern}' uses {', '.join(unknown)}, which no column has. "
            f"Columns: {', '.join(sorted(known)) or 'none'}."
        )
        raise AdvocateError(msg)
    return names


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _default_name(
    settings: BatchSettings,
    shared: Mapping[str, Any],
    own: Mapping[str, Any],
    used: Sequence[Question],
) -> str:
    """The template's name pattern with parsed values, then what identifies the row."""
    template = settings.template
    base = _template_name(template, {**shared, **own}, settings, used)
    identity = next((slug(own[key]) for key in IDENTITY if own.get(key) not in ("", None)), "")
    if identity and identity not in slug(base):
        base = f"{base}-{identity}"
    return safe_filename(base, fallback=template.name)


def _template_name(
    template: DocTemplate,
    values: Mapping[str, Any],
    settings: BatchSettings,
    used: Sequence[Question],
) -> str:
    """The template's own name pattern, with the answers it uses (``used``) parsed as typed."""
    context: dict[str, Any] = {question.id: None for question in template.questions}
    context.update(values)
    today = settings.now.date()
    for question in used:
        try:
            value = q.parse_answer(question, context[question.id], today=today)
        except InvalidAnswerError:
            continue  # the row fails when it is drafted; its name stays the raw text
        if value is None:
            value = default_value(question, context, today=today)
        context[question.id] = value
    try:
        return render_value(template.output, context, origin=template.path)
    except AdvocateError:
        return template.name


def assign_names(
    names: Sequence[str], fingerprints: Sequence[str], recorded: Mapping[str, str], fmt: str
) -> list[str]:
    """Make names unique (ignoring case) and add the extension, keeping recorded names stable.

    A name the last manifest recorded for a row with the same fingerprint goes to that row
    first; the other rows then get the name, or ``-2``, ``-3``... in file order.
    """
    by_print: dict[str, list[str]] = {}
    for name, fingerprint in recorded.items():
        by_print.setdefault(fingerprint, []).append(name)
    chosen: list[str | None] = [None] * len(names)
    used: set[str] = set()
    for index, (name, fingerprint) in enumerate(zip(names, fingerprints, strict=True)):
        candidates = by_print.get(fingerprint)
        if not candidates:
            continue  # the common case on a first run: no regular expression to build
        stem = re.compile(rf"{re.escape(name)}(-\d+)?\.{re.escape(fmt)}", re.IGNORECASE)
        for candidate in candidates:
            if candidate.casefold() not in used and stem.fullmatch(candidate):
                chosen[index] = candidate
                used.add(candidate.casefold())
                break
    return unique_names(names, fmt, used=used, taken=chosen)


def unique_names(
    names: Sequence[str],
    fmt: str,
    *,
    used: set[str] | None = None,
    taken: Sequence[str | None] = (),
) -> list[str]:
    """Add ``-2``, ``-3``... to names that repeat (ignoring case), and the extension.

    Args:
        names: One name per row, without the extension.
        fmt: The extension.
        used: Case-folded file names already given out (updated).
        taken: Per row, a file name already chosen for it (and in ``used``), or ``None``.
    """
    used = set() if used is None else used
    unique = []
    for index, name in enumerate(names):
        chosen = taken[index] if index < len(taken) else None
        if chosen is not None:
            unique.append(chosen)
            continue
        candidate, number = name, 2
        while f"{candidate}.{fmt}".casefold() in used:
            candidate, number = f"{name}-{number}", number + 1
        used.add(f"{candidate}.{fmt}".casefold())
        unique.append(f"{candidate}.{fmt}")
    return unique
