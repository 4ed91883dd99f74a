"""Planning a batch: the settings, the checked rows and every file name; nothing is written.

Planning comes in two steps so that worker processes can be started between them:
:func:`batch_settings` needs no rows (the template, the shared answers, the format), and
:func:`plan_rows` reads and checks the rows. Per-row answers are mapped only when a row is
handed to a worker (:meth:`BatchPlan.tasks`), so the parent keeps one copy of the rows.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocate import api
from advocate.answers import AnswerSource, check_known
from advocate.batch.models import MANIFEST_NAME, SKIPPED, BatchRowResult, BatchSettings, Task
from advocate.batch.rows import (
    RowTable,
    check_required,
    duplicate_rows,
    map_row,
    question_columns,
    read_rows,
    rows_from_mappings,
)
from advocate.errors import AdvocateError
from advocate.models import DocTemplate
from advocate.outputs import safe_filename
from advocate.templates import load_template
from advocate.templating import render_value

RowsInput = Path | str | RowTable | Iterable[Mapping[str, Any]]


@dataclass
class BatchPlan:
    """A checked batch, ready to run: nothing has been written yet.

    Rows are addressed by their position in the file (``index``): ``early`` holds the rows
    decided without drafting (duplicates, existing files), ``text_only`` the existing files
    that are drafted only for the combined pack.
    """

    settings: BatchSettings
    table: RowTable
    column_map: Mapping[str, str]
    names: list[str]
    columns: Mapping[str, str]
    out_dir: Path
    combine: Path | None = None
    early: dict[int, BatchRowResult] = field(default_factory=dict)
    text_only: set[int] = field(default_factory=set)
    duplicates: dict[int, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def manifest(self) -> Path:
        """Where the manifest is written."""
        return self.out_dir / MANIFEST_NAME

    @property
    def total(self) -> int:
        """The number of rows."""
        return len(self.table.rows)

    @property
    def task_count(self) -> int:
        """The number of rows to draft."""
        return self.total - len(self.early)

    def path(self, index: int) -> Path:
        """The output path of the row at ``index``."""
        return self.out_dir / self.names[index]

    def tasks(self) -> Iterator[Task]:
        """The rows to draft, in file order, their answers mapped only now."""
        template = self.settings.template
        for index, row in enumerate(self.table.rows):
            if index in self.early:
                continue
            values = map_row(row.values, template, self.column_map)
            yield Task(index, row.number, values, self.path(index), index not in self.text_only)


def batch_settings(
    doctype: str | DocTemplate,
    *,
    sources: Sequence[AnswerSource],
    fmt: str,
    letterhead: Path | None,
    overwrite: bool,
    combine: Path | None,
    template_dirs: Sequence[Path],
    now: dt.datetime | None,
) -> BatchSettings:
    """Load the template and check the shared answers and options; read no rows.

    Raises:
        AdvocateError: Unknown format, a ``--combine`` name that is not ``.docx``, a missing
            template, or a shared answer no question asks for.
    """
    _check_options(fmt, combine)
    template = (
        doctype if isinstance(doctype, DocTemplate) else load_template(doctype, template_dirs)
    )
    check_known(sources, [question.id for question in template.questions])
    when = now or dt.datetime.now().astimezone()
    return BatchSettings(
        template, tuple(sources), fmt, letterhead, when, overwrite, combine is not None
    )


def plan_rows(
    settings: BatchSettings,
    rows: RowsInput,
    *,
    column_map: Mapping[str, str],
    sheet: str | None,
    out_dir: Path,
    name_pattern: str | None,
    combine: Path | None,
) -> BatchPlan:
    """Read and check the rows and decide every file name; write nothing.

    Raises:
        AdvocateError: The rows file is unreadable, required columns are missing (all are
            listed at once), or the name pattern is wrong.
    """
    template, sources = settings.template, settings.sources
    table = _as_table(rows, sheet)
    check_required(table, template, column_map, [source.values for source in sources])
    names = _file_names(table, settings, column_map, name_pattern)
    columns = question_columns(table, template, column_map)
    plan = BatchPlan(settings, table, column_map, names, columns, out_dir, combine)
    plan.duplicates = duplicate_rows(table)
    for index, row in enumerate(table.rows):
        _plan_row(plan, index, plan.duplicates.get(row.number))
    if plan.duplicates:
        listed = ", ".join(f"{row} (same as {first})" for row, first in plan.duplicates.items())
        plan.warnings.append(f"Duplicate rows skipped: {listed}.")
    return plan


def _check_options(fmt: str, combine: Path | None) -> None:
    if fmt not in api.FORMATS:
        msg = f"Unknown format '{fmt}'. Use one of: {', '.join(api.FORMATS)}."
        raise AdvocateError(msg)
    if combine is not None and combine.suffix.lower() != ".docx":
        msg = f"--combine makes a Word file: give it a name ending in .docx, not '{combine.name}'."
        raise AdvocateError(msg)


def _as_table(rows: RowsInput, sheet: str | None) -> RowTable:
    if isinstance(rows, RowTable):
        return rows
    if isinstance(rows, str | Path):
        return read_rows(Path(rows), sheet=sheet)
    return rows_from_mappings(rows)


def _plan_row(plan: BatchPlan, index: int, duplicate_of: int | None) -> None:
    number, path = plan.table.rows[index].number, plan.path(index)
    if duplicate_of is not None:
        reason = f"duplicate of row {duplicate_of}"
        plan.early[index] = BatchRowResult(number, SKIPPED, None, reason)
    elif not plan.settings.overwrite and path.exists():
        if plan.combine is not None:  # still needed in the pack: render the text only
            plan.text_only.add(index)
        else:
            plan.early[index] = BatchRowResult(number, SKIPPED, path, "exists")


# -- file names ---------------------------------------------------------------------------------


def pattern_fields(pattern: str) -> list[str]:
    """The field names of a ``--name`` pattern; only plain names are allowed.

    Raises:
        AdvocateError: The pattern is not a valid format string, or uses ``{a.b}``/``{a[0]}``.
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as err:
        msg = f"--name '{pattern}' is not a valid pattern ({err}). Example: '{{district_name}}'."
        raise AdvocateError(msg) from None
    fields = [name for _, name, _, _ in parsed if name is not None]
    for name in fields:
        if not name.isidentifier():
            msg = f"--name '{pattern}': use column names only in braces, not '{{{name}}}'."
            raise AdvocateError(msg)
    return fields


def _file_names(
    table: RowTable, settings: BatchSettings, column_map: Mapping[str, str], pattern: str | None
) -> list[str]:
    """Every row's file name (unique, with the extension), mapping each row and dropping it."""
    template = settings.template
    shared: dict[str, Any] = {}
    for source in reversed(settings.sources):
        shared.update(source.values)
    mapped = ({**shared, **map_row(row.values, template, column_map)} for row in table.rows)
    if pattern is None:
        names = [_template_name(template, values) for values in mapped]
    else:
        names = _pattern_names(pattern, table, mapped, set(shared))
    return unique_names(names, settings.fmt)


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


def _template_name(template: DocTemplate, values: Mapping[str, Any]) -> str:
    context: dict[str, Any] = {question.id: None for question in template.questions}
    context.update(values)
    try:
        name = render_value(template.output, context, origin=template.path)
    except AdvocateError:
        name = template.name
    return safe_filename(name, fallback=template.name)


def unique_names(names: Sequence[str], fmt: str) -> list[str]:
    """Add ``-2``, ``-3``... to names that repeat (ignoring case), and the extension."""
    used: set[str] = set()
    unique = []
    for name in names:
        candidate, number = name, 2
        while candidate.casefold() in used:
            candidate, number = f"{name}-{number}", number + 1
        used.add(candidate.casefold())
        unique.append(f"{candidate}.{fmt}")
    return unique
