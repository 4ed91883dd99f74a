"""One document per row of a spreadsheet: ``advocate batch`` and ``advocate.draft_many``.

This module is the public face of the batch; the work is split by job:

* :mod:`advocate.batch.plan` reads and checks the rows and decides every file name;
* :mod:`advocate.batch.worker` drafts one row (in a worker process or here);
* :mod:`advocate.batch.runner` runs the worker pool, yields results and stops cleanly;
* :mod:`advocate.batch.output` writes the manifest and the combined pack.

A bad row never stops the others; Ctrl-C stops cleanly (finished documents stay, no partial
file remains) and the manifest (``manifest.csv`` in the output folder) always says what was
done. Workers are forked before the rows are read, so their memory does not grow with the
batch.
"""

from __future__ import annotations

import datetime as dt
import os
import weakref
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from advocate.answers import AnswerSource
from advocate.batch.models import (
    FAILED,
    INTERRUPTED,
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    SKIPPED,
    WRITTEN,
    BatchEvent,
    BatchFailedError,
    BatchRowResult,
    BatchSettings,
)
from advocate.batch.names import pattern_fields, unique_names
from advocate.batch.output import read_manifest, write_combined, write_manifest
from advocate.batch.plan import BatchPlan, batch_settings, plan_rows
from advocate.batch.rows import RowTable
from advocate.batch.runner import PARALLEL_MIN_ROWS, Runner, run_plan
from advocate.batch.worker import draft_row
from advocate.models import DocTemplate

__all__ = [
    "FAILED",
    "INTERRUPTED",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "SKIPPED",
    "WRITTEN",
    "BatchEvent",
    "BatchFailedError",
    "BatchPlan",
    "BatchRowResult",
    "BatchSettings",
    "draft_many",
    "draft_row",
    "pattern_fields",
    "plan_batch",
    "read_manifest",
    "run_batch",
    "unique_names",
    "write_combined",
    "write_manifest",
]

Rows = Path | str | RowTable | Iterable[Mapping[str, Any]]


def draft_many(
    doctype: str | DocTemplate,
    rows: Rows,
    answers: Mapping[str, Any] | None = None,
    *,
    sources: Sequence[AnswerSource] = (),
    column_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    out_dir: Path = Path(),
    name_pattern: str | None = None,
    overwrite: bool = False,
    jobs: int | None = None,
    fmt: str = "docx",
    letterhead: Path | None = None,
    combine: Path | None = None,
    template_dirs: Sequence[Path] = (),
    now: dt.datetime | None = None,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> Generator[BatchRowResult, None, None]:
    """Draft one document per row, yielding each row's result as soon as it is done.

    The rows are read and checked first: a required question that no column, shared answer
    or default provides is an error before anything is written. Results then arrive in the
    order rows finish (not file order). When the iteration ends, is stopped early or is
    interrupted, ``manifest.csv`` in ``out_dir`` lists every row.

    Example:
        >>> for result in draft_many("briefing-note", Path("councillors.csv"), shared,
        ...                          out_dir=Path("notes"), name_pattern="{district_name}-{name}"):
        ...     print(result.row, result.status, result.path or result.error)

    Args:
        doctype: A document type name, a template path, or a loaded template.
        rows: A CSV/.xlsx/YAML/JSON file, a :class:`RowTable`, or mappings (one per row).
        answers: Answers shared by every row (unknown question ids are refused).
        sources: Further shared answers, highest precedence first; a row's value wins.
        column_map: Column → question id renames (``--map``).
        sheet: The Excel sheet to read (default: the first).
        out_dir: The folder for the documents and the manifest.
        name_pattern: File names as a Python format string over the row's columns, e.g.
            ``"{district_name}-{name}"`` (default: the template's own name pattern followed
            by the row's recipient, name, organisation or district).
        overwrite: Replace existing documents. Without it, an existing file is skipped when
            the last manifest recorded it for the same row (same values), and any other
            existing file fails its row rather than being replaced.
        jobs: Worker processes (default: the number of CPUs).
        fmt: ``docx``, ``md`` or ``pdf`` (LibreOffice converts the .docx in a few large runs).
        letterhead: A ``.docx`` letterhead (default: the built-in one).
        combine: Also write every document into this one ``.docx``, each on a new page.
        template_dirs: User template folders searched first.
        now: The time every document is dated and stamped with.
        on_event: Called with :class:`BatchEvent` news (start, warnings, manifest, combined).

    Returns:
        An iterator of :class:`BatchRowResult`, one per row. Close it (or use
        ``contextlib.closing``) if you stop early, so the manifest is written at once.

    Raises:
        AdvocateError: The rows file, the template, the name pattern or the columns are
            wrong; raised by this call, before any document is written.
    """
    shared = [AnswerSource("answers", answers, strict=True)] if answers else []
    settings = batch_settings(
        doctype, sources=[*shared, *sources], fmt=fmt, letterhead=letterhead,
        overwrite=overwrite, combine=combine, template_dirs=template_dirs, now=now,
    )  # fmt: skip
    runner = Runner(settings, jobs if jobs is not None else (os.cpu_count() or 1))
    runner.start()  # before the rows are read: see advocate.batch.runner
    try:
        plan = plan_rows(settings, rows, column_map=column_map or {}, sheet=sheet,
                         out_dir=out_dir, name_pattern=name_pattern, combine=combine)  # fmt: skip
    except BaseException:
        runner.close()
        raise
    return _started(plan, runner, on_event)


def plan_batch(
    doctype: str | DocTemplate,
    rows: Rows,
    *,
    sources: Sequence[AnswerSource],
    column_map: Mapping[str, str],
    sheet: str | None,
    out_dir: Path,
    name_pattern: str | None,
    overwrite: bool,
    fmt: str,
    letterhead: Path | None,
    combine: Path | None,
    template_dirs: Sequence[Path],
    now: dt.datetime | None,
) -> BatchPlan:
    """Read and check the rows and decide every file name; write nothing.

    Args:
        doctype: A document type name, a template path, or a loaded template.
        rows: A rows file, a :class:`RowTable`, or mappings (one per row).
        sources: Shared answers, highest precedence first.
        column_map: Column → question id renames.
        sheet: The Excel sheet to read.
        out_dir: The folder for the documents and the manifest.
        name_pattern: File names as a format string over the row's columns.
        overwrite: Replace existing documents.
        fmt: ``docx``, ``md`` or ``pdf`` (LibreOffice converts the .docx in a few large runs).
        letterhead: A ``.docx`` letterhead.
        combine: A ``.docx`` pack of every document, or ``None``.
        template_dirs: User template folders searched first.
        now: The time every document is dated with.

    Returns:
        The plan, for :func:`run_batch`.

    Raises:
        AdvocateError: As :func:`draft_many`.
    """
    settings = batch_settings(
        doctype, sources=sources, fmt=fmt, letterhead=letterhead, overwrite=overwrite,
        combine=combine, template_dirs=template_dirs, now=now,
    )  # fmt: skip
    return plan_rows(settings, rows, column_map=column_map, sheet=sheet, out_dir=out_dir,
                     name_pattern=name_pattern, combine=combine)  # fmt: skip


def run_batch(
    plan: BatchPlan, *, jobs: int = 1, on_event: Callable[[BatchEvent], None] | None = None
) -> Generator[BatchRowResult, None, None]:
    """Draft a planned batch; yield results as rows finish; always write the manifest.

    Workers are forked here, after the rows were read: :func:`draft_many` forks them earlier.

    Args:
        plan: From :func:`plan_batch`.
        jobs: Worker processes; 1 drafts in this process.
        on_event: Called with :class:`BatchEvent` news.

    Returns:
        An iterator of row results (a generator: nothing is drafted until it is iterated).
    """
    runner = Runner(plan.settings, jobs)
    if plan.task_count >= PARALLEL_MIN_ROWS:
        runner.start()
    return _started(plan, runner, on_event)


def _started(
    plan: BatchPlan, runner: Runner, on_event: Callable[[BatchEvent], None] | None
) -> Generator[BatchRowResult, None, None]:
    emit = on_event or (lambda _event: None)
    emit(BatchEvent("start", total=plan.total))
    for warning in plan.warnings:
        emit(BatchEvent("warning", message=warning))
    results = run_plan(plan, runner, emit)
    weakref.finalize(results, runner.discard)  # dropped unused: stop the workers
    return results
