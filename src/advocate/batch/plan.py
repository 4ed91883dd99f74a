"""Planning a batch: the settings, the checked rows and every file name; nothing is written.

Planning comes in two steps so that worker processes can be started between them:
:func:`batch_settings` needs no rows (the template, the shared answers, the format), and
:func:`plan_rows` reads and checks the rows. Per-row answers are mapped only when a row is
handed to a worker (:meth:`BatchPlan.tasks`), so the parent keeps one copy of the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocate import api
from advocate.answers import AnswerSource, check_known
from advocate.batch.models import (
    FAILED,
    MANIFEST_NAME,
    SKIPPED,
    BatchRowResult,
    BatchSettings,
    Task,
)
from advocate.batch.names import file_names, pattern_fields
from advocate.batch.records import check_manifest_target, recorded_files
from advocate.batch.rows import (
    RowTable,
    check_required,
    column_warnings,
    duplicate_rows,
    map_row,
    question_columns,
    read_rows,
    row_fingerprint,
    rows_from_mappings,
)
from advocate.errors import AdvocateError
from advocate.models import DocTemplate
from advocate.templates import load_template

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
    prints: bytes = b""  # every row's 8-byte fingerprint, one after another
    warnings: list[str] = field(default_factory=list)
    stage_dir: Path | None = None  # PDF batches: where rows' .docx wait for LibreOffice

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

    def fingerprint(self, index: int) -> str:
        """The fingerprint of the row at ``index`` (see :func:`row_fingerprint`)."""
        return self.prints[index * 8 : index * 8 + 8].hex()

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
            path = self.path(index)
            stage = None if self.stage_dir is None else self.stage_dir / f"{path.stem}.docx"
            yield Task(index, row.number, values, path, index not in self.text_only, stage)


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
        AdvocateError: Unknown format (or ``pdf`` without LibreOffice), a ``--combine``
            name that is not ``.docx`` or that exists without ``overwrite``, a missing
            template, or a shared answer no question asks for.
    """
    _check_options(fmt, combine, overwrite=overwrite)
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

    The manifest is written to ``out_dir/manifest.csv``. If a file of that name exists and is
    not a manifest advocate wrote (for example the rows file itself), the batch is refused
    before anything is written, rather than writing the manifest under another name: its
    place stays predictable for scripts and for the next run.

    Raises:
        AdvocateError: The rows file is unreadable, required columns are missing (all are
            listed at once), the name pattern is wrong, or ``manifest.csv`` in ``out_dir``
            is not a manifest advocate wrote.
    """
    template, sources = settings.template, settings.sources
    if name_pattern is not None:
        pattern_fields(name_pattern)  # a wrong pattern is reported before the rows are read
    manifest = out_dir / MANIFEST_NAME
    check_manifest_target(manifest, Path(rows) if isinstance(rows, str | Path) else None)
    table = _as_table(rows, sheet)
    check_required(table, template, column_map, [source.values for source in sources])
    recorded = {} if settings.overwrite else recorded_files(manifest)
    fingerprints = [row_fingerprint(row.values) for row in table.rows]
    names = file_names(table, settings, column_map, name_pattern, recorded, fingerprints)
    columns = question_columns(table, template, column_map)
    plan = BatchPlan(settings, table, column_map, names, columns, out_dir, combine)
    plan.prints = bytes.fromhex("".join(fingerprints))
    named = pattern_fields(name_pattern) if name_pattern is not None else []
    plan.warnings.extend(column_warnings(table, template, column_map, named))
    plan.duplicates = duplicate_rows(table)
    folded = {name.casefold(): made_from for name, made_from in recorded.items()}  # macOS, Windows
    for index, row in enumerate(table.rows):
        _plan_row(plan, index, plan.duplicates.get(row.number), folded)
    if plan.duplicates:
        listed = ", ".join(f"{row} (same as {first})" for row, first in plan.duplicates.items())
        plan.warnings.append(f"Duplicate rows skipped: {listed}.")
    return plan


def _check_options(fmt: str, combine: Path | None, *, overwrite: bool) -> None:
    api.check_format(fmt)
    if combine is not None and combine.suffix.lower() != ".docx":
        msg = f"--combine makes a Word file: give it a name ending in .docx, not '{combine.name}'."
        raise AdvocateError(msg)
    if combine is not None and not overwrite and combine.exists():
        msg = f"--combine {combine} exists. Pass --overwrite to replace it, or give another name."
        raise AdvocateError(msg)


def _as_table(rows: RowsInput, sheet: str | None) -> RowTable:
    if isinstance(rows, RowTable):
        return rows
    if isinstance(rows, str | Path):
        return read_rows(Path(rows), sheet=sheet)
    return rows_from_mappings(rows)


def _plan_row(
    plan: BatchPlan, index: int, duplicate_of: int | None, recorded: Mapping[str, str]
) -> None:
    number, path, fingerprint = (
        plan.table.rows[index].number,
        plan.path(index),
        plan.fingerprint(index),
    )
    problems = plan.table.rows[index].problems
    if problems:
        why = "; ".join(problems)
        plan.early[index] = BatchRowResult(number, FAILED, None, why, fingerprint=fingerprint)
    elif duplicate_of is not None:
        reason = f"duplicate of row {duplicate_of}"
        plan.early[index] = BatchRowResult(number, SKIPPED, None, reason, fingerprint=fingerprint)
    elif not plan.settings.overwrite and path.exists():
        made_from = recorded.get(path.name.casefold())
        if made_from != fingerprint:
            why = _not_this_row(path, made_from)
            plan.early[index] = BatchRowResult(number, FAILED, None, why, fingerprint=fingerprint)
        elif plan.combine is not None:  # still needed in the pack: render the text only
            plan.text_only.add(index)
        else:
            plan.early[index] = BatchRowResult(
                number, SKIPPED, path, "exists", fingerprint=fingerprint
            )


def _not_this_row(path: Path, made_from: str | None) -> str:
    """Why an existing file is neither skipped nor replaced."""
    if made_from is None:
        how = "and no manifest in the folder records which row it was made from"
    else:
        how = "and was made from another row (or this row before it was changed)"
    return f"{path.name} exists {how}. Pass --overwrite to replace it, or move it away."
