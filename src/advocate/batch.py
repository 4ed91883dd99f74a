"""One document per row of a spreadsheet: ``advocate batch`` and ``advocate.draft_many``.

Each row's values go through the same path as ``advocate draft``: :func:`collect_answers`
(so through :func:`questions.parse_answer`), :func:`api.render_planned`,
:func:`api.document_bytes` and an atomic write. Rows are drafted in parallel by forked worker
processes, each of which loads the template and the Word writer once. A bad row never stops
the others; Ctrl-C stops cleanly (finished documents stay, no partial file remains) and the
manifest (``manifest.csv`` in the output folder) always says what was done.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import os
import signal
import string
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from advocate import api
from advocate.answers import AnswerSource, check_known, collect_answers
from advocate.errors import AdvocateError, ExitCode, OutputExistsError
from advocate.models import DocTemplate, DocumentMeta
from advocate.outputs import safe_filename, write_atomic, write_text_atomic
from advocate.prompting import NoInputPrompter
from advocate.rows import (
    RowTable,
    check_required,
    duplicate_rows,
    map_row,
    question_columns,
    read_rows,
    rows_from_mappings,
)
from advocate.templates import load_template

WRITTEN, SKIPPED, FAILED, INTERRUPTED = "written", "skipped", "failed", "interrupted"
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("row", "status", "file", "error", "question", "column", "value")
GC_EVERY = 20  # python-docx documents are reference cycles: collect often to keep memory flat
PARALLEL_MIN_ROWS = 4  # below this, starting workers costs more than it saves


@dataclass(frozen=True)
class BatchRowResult:
    """What happened to one row.

    ``status`` is ``written``, ``skipped`` (the file exists, or the row repeats an earlier
    one), ``failed`` (``error`` says why; ``question``, ``column`` and ``value`` say where when
    known) or ``interrupted`` (Ctrl-C came before the row was drafted).
    """

    row: int
    status: str
    path: Path | None = None
    error: str = ""
    question: str = ""
    column: str = ""
    value: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (the manifest row, and ``--json``)."""
        data = asdict(self)
        data["file"] = str(data.pop("path") or "")
        return {key: data[key] for key in MANIFEST_COLUMNS}


@dataclass(frozen=True)
class BatchEvent:
    """Progress news besides row results: ``start``, ``warning``, ``manifest``, ``combined``."""

    kind: str
    total: int = 0
    message: str = ""
    path: Path | None = None


class BatchFailedError(AdvocateError):
    """Some rows failed (the others were drafted); exit code 3."""

    exit_code = ExitCode.PARTIAL_FAILURE

    def __init__(self, failed: int, total: int, manifest: Path) -> None:
        self.failed = failed
        self.total = total
        self.manifest = manifest
        done = "none was drafted" if failed == total else "the others were drafted"
        super().__init__(
            f"{failed} of {total} rows failed; {done}. Fix those rows and run "
            f"the same command again: existing files are skipped. Details: {manifest}"
        )


@dataclass(frozen=True)
class _Settings:
    """What every worker needs to draft a row."""

    template: DocTemplate
    sources: tuple[AnswerSource, ...]
    fmt: str
    letterhead: Path | None
    now: dt.datetime
    overwrite: bool
    keep_text: bool
    columns: Mapping[str, str]


# One task per row: (row number, values, output path, write the file?)
_Task = tuple[int, dict[str, Any], Path, bool]
_Outcome = tuple[BatchRowResult, str | None, DocumentMeta | None]


@dataclass
class BatchPlan:
    """A checked batch, ready to run: nothing has been written yet."""

    settings: _Settings
    tasks: list[_Task]
    early: list[BatchRowResult]
    rows: list[int]
    out_dir: Path
    combine: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def manifest(self) -> Path:
        """Where the manifest is written."""
        return self.out_dir / MANIFEST_NAME


def draft_many(
    doctype: str | DocTemplate,
    rows: Path | str | RowTable | Iterable[Mapping[str, Any]],
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
            ``"{district_name}-{name}"`` (default: the template's own name pattern).
        overwrite: Replace existing documents (default: skip them).
        jobs: Worker processes (default: the number of CPUs).
        fmt: ``docx`` or ``md``.
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
    plan = plan_batch(
        doctype, rows, sources=[*shared, *sources], column_map=column_map or {}, sheet=sheet,
        out_dir=out_dir, name_pattern=name_pattern, overwrite=overwrite, fmt=fmt,
        letterhead=letterhead, combine=combine, template_dirs=template_dirs, now=now,
    )  # fmt: skip
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    return run_batch(plan, jobs=workers, on_event=on_event)


def plan_batch(
    doctype: str | DocTemplate,
    rows: Path | str | RowTable | Iterable[Mapping[str, Any]],
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
    """Read and check the rows and decide every file name; write nothing (see draft_many)."""
    _check_options(fmt, combine)
    template = (
        doctype if isinstance(doctype, DocTemplate) else load_template(doctype, template_dirs)
    )
    check_known(sources, [question.id for question in template.questions])
    table = _as_table(rows, sheet)
    check_required(table, template, column_map, [source.values for source in sources])
    mapped = [(row.number, map_row(row.values, template, column_map)) for row in table.rows]
    names = unique_names(_file_names(mapped, name_pattern, template, sources), fmt)
    settings = _Settings(
        template, tuple(sources), fmt, letterhead, now or dt.datetime.now().astimezone(),
        overwrite, combine is not None, question_columns(table, template, column_map),
    )  # fmt: skip
    plan = BatchPlan(settings, [], [], [number for number, _ in mapped], out_dir, combine)
    duplicates = duplicate_rows(table)
    for (number, values), name in zip(mapped, names, strict=True):
        _plan_row(plan, number, values, out_dir / name, duplicates.get(number))
    if duplicates:
        listed = ", ".join(f"{row} (same as {first})" for row, first in duplicates.items())
        plan.warnings.append(f"Duplicate rows skipped: {listed}.")
    return plan


def _check_options(fmt: str, combine: Path | None) -> None:
    if fmt not in api.FORMATS:
        msg = f"Unknown format '{fmt}'. Use one of: {', '.join(api.FORMATS)}."
        raise AdvocateError(msg)
    if combine is not None and combine.suffix.lower() != ".docx":
        msg = f"--combine makes a Word file: give it a name ending in .docx, not '{combine.name}'."
        raise AdvocateError(msg)


def _as_table(
    rows: Path | str | RowTable | Iterable[Mapping[str, Any]], sheet: str | None
) -> RowTable:
    if isinstance(rows, RowTable):
        return rows
    if isinstance(rows, str | Path):
        return read_rows(Path(rows), sheet=sheet)
    return rows_from_mappings(rows)


def _plan_row(
    plan: BatchPlan, number: int, values: dict[str, Any], path: Path, duplicate_of: int | None
) -> None:
    if duplicate_of is not None:
        reason = f"duplicate of row {duplicate_of}"
        plan.early.append(BatchRowResult(number, SKIPPED, None, reason))
    elif path.exists() and not plan.settings.overwrite:
        if plan.combine is not None:  # still needed in the pack: render the text only
            plan.tasks.append((number, values, path, False))
        else:
            plan.early.append(BatchRowResult(number, SKIPPED, path, "exists"))
    else:
        plan.tasks.append((number, values, path, True))


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
    mapped: Sequence[tuple[int, Mapping[str, Any]]],
    pattern: str | None,
    template: DocTemplate,
    sources: Sequence[AnswerSource],
) -> list[str]:
    shared: dict[str, Any] = {}
    for source in reversed(sources):
        shared.update(source.values)
    if pattern is None:
        return [_template_name(template, {**shared, **values}) for _, values in mapped]
    fields = pattern_fields(pattern)
    known = set(shared).union(*(values for _, values in mapped)) if mapped else set(shared)
    unknown = [name for name in fields if name not in known]
    if unknown:
        msg = (
            f"--name '{pattern}' uses {', '.join(unknown)}, which no column has. "
            f"Columns: {', '.join(sorted(known)) or 'none'}."
        )
        raise AdvocateError(msg)
    names = []
    for number, values in mapped:
        context = {name: _text({**shared, **values}.get(name)) for name in fields}
        names.append(safe_filename(pattern.format(**context), fallback=f"row-{number}"))
    return names


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _template_name(template: DocTemplate, values: Mapping[str, Any]) -> str:
    from advocate.templating import render_value

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


# -- drafting one row (in a worker, or in this process) -----------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(settings: _Settings, stop: Any) -> None:
    """Pool initializer: remember the settings and load the Word writer once per process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, _exit_on_term)  # so write_atomic removes its temporary file
    _set_state(settings, stop)


def _exit_on_term(_signum: int, _frame: Any) -> None:
    raise SystemExit(1)


def _set_state(settings: _Settings, stop: Any) -> None:
    _STATE.update(settings=settings, stop=stop, count=0)
    if settings.fmt == "docx":
        api.docx_writer(settings.letterhead)


def _draft_task(task: _Task) -> _Outcome:
    """Draft one row with the process's settings (the pool's task function)."""
    stop = _STATE["stop"]
    if stop is not None and stop.is_set():
        return BatchRowResult(task[0], INTERRUPTED, None, "interrupted"), None, None
    _STATE["count"] += 1
    if _STATE["count"] % GC_EVERY == 0:
        gc.collect()
    return draft_row(_STATE["settings"], task)


def _draft_chunk(tasks: list[_Task]) -> list[_Outcome]:
    """Draft a chunk of rows (one round trip to the parent for several rows)."""
    return [_draft_task(task) for task in tasks]


def draft_row(settings: _Settings, task: _Task) -> _Outcome:
    """Collect one row's answers, render it, and write it unless the task says not to."""
    number, values, path, write = task
    try:
        row_source = AnswerSource(f"row {number}", values)
        collected = collect_answers(
            settings.template.questions,
            [row_source, *settings.sources],
            NoInputPrompter(),
            today=settings.now.date(),
        )
        planned = api.render_planned(settings.template, collected.values, output=path,
                                     out_dir=None, fmt=settings.fmt, now=settings.now)  # fmt: skip
        status, note = SKIPPED, "exists"
        if write:
            data = api.document_bytes(planned, fmt=settings.fmt, letterhead=settings.letterhead)
            write_atomic(path, data, overwrite=settings.overwrite)
            status, note = WRITTEN, ""
    except OutputExistsError:
        return BatchRowResult(number, SKIPPED, path, "exists"), None, None
    except Exception as err:  # a bad row (or a bug) must never stop the others
        return _failure(settings, number, err), None, None
    text = planned.text if settings.keep_text else None
    return BatchRowResult(number, status, path, note), text, planned.meta


def _failure(settings: _Settings, number: int, err: Exception) -> BatchRowResult:
    message = str(err) if isinstance(err, AdvocateError) else f"{type(err).__name__}: {err}"
    question = str(getattr(err, "question_id", "") or "")
    from_row = getattr(err, "source", f"row {number}") == f"row {number}"
    column = settings.columns.get(question, "") if question and from_row else ""
    value = getattr(err, "value", None)
    shown = "" if value is None else str(value)
    return BatchRowResult(number, FAILED, None, message, question, column, shown)


# -- running ------------------------------------------------------------------------------------


def run_batch(
    plan: BatchPlan, *, jobs: int = 1, on_event: Callable[[BatchEvent], None] | None = None
) -> Generator[BatchRowResult, None, None]:
    """Draft a planned batch; yield results as rows finish; always write the manifest.

    Args:
        plan: From :func:`plan_batch`.
        jobs: Worker processes; 1 drafts in this process.
        on_event: Called with :class:`BatchEvent` news.

    Returns:
        An iterator of row results (a generator: nothing happens until it is iterated).
    """
    emit = on_event or (lambda _event: None)
    emit(BatchEvent("start", total=len(plan.rows)))
    for warning in plan.warnings:
        emit(BatchEvent("warning", message=warning))
    return _run(plan, jobs, emit)


def _run(
    plan: BatchPlan, jobs: int, emit: Callable[[BatchEvent], None]
) -> Generator[BatchRowResult, None, None]:
    done: dict[int, BatchRowResult] = {}
    texts: dict[int, tuple[str, DocumentMeta]] = {}
    runner = _Runner(plan.settings, plan.tasks, jobs)
    completed = False
    pending: list[_Outcome] = []  # a finished chunk not yet handed out
    try:
        for result in plan.early:
            done[result.row] = result
            yield result
        for chunk in runner.chunks():
            pending = list(chunk)
            while pending:
                outcome = pending.pop(0)
                _record(done, texts, outcome)
                yield outcome[0]
        completed = True
    finally:
        for outcome in [*pending, *runner.stop()]:
            _record(done, texts, outcome)
        _finish(plan, done, texts, completed=completed, emit=emit)


def _record(
    done: dict[int, BatchRowResult], texts: dict[int, tuple[str, DocumentMeta]], outcome: _Outcome
) -> None:
    result, text, meta = outcome
    done[result.row] = result
    if text is not None and meta is not None:
        texts[result.row] = (text, meta)


class _Runner:
    """Drafts tasks in this process or in a pool of forked workers, and stops cleanly."""

    def __init__(self, settings: _Settings, tasks: list[_Task], jobs: int) -> None:
        self.settings = settings
        self.tasks = tasks
        self.jobs = max(1, min(jobs, len(tasks)))
        self.pool: Any = None
        self.stream: Any = None
        self.stop_event: Any = None

    def chunks(self) -> Iterator[list[_Outcome]]:
        """Lists of outcomes, in the order rows finish.

        Chunking is done here rather than by ``imap_unordered(chunksize=...)``, whose wrapper
        generator loses a half-read chunk and everything after it when Ctrl-C interrupts it.
        """
        if self.jobs == 1 or len(self.tasks) < PARALLEL_MIN_ROWS:
            _set_state(self.settings, None)
            return ([_draft_task(task)] for task in self.tasks)
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.stop_event = context.Event()
        gc.collect()
        gc.freeze()  # forked workers then leave the parent's objects (and pages) alone
        try:
            self.pool = context.Pool(
                self.jobs, initializer=_init_worker, initargs=(self.settings, self.stop_event)
            )
        finally:
            gc.unfreeze()
        size = max(1, min(16, len(self.tasks) // (self.jobs * 8)))
        chunks = [self.tasks[i : i + size] for i in range(0, len(self.tasks), size)]
        self.stream = self.pool.imap_unordered(_draft_chunk, chunks)
        return iter(self.stream)

    def stop(self) -> list[_Outcome]:
        """Ask workers to stop, collect what they still finish, and shut the pool down."""
        if self.pool is None:
            return []
        drained: list[_Outcome] = []
        self.stop_event.set()
        try:
            for chunk in self.stream:  # remaining tasks return 'interrupted' at once
                drained.extend(chunk)
            self.pool.close()
        except BaseException:  # a second Ctrl-C: stop the workers now
            self.pool.terminate()
            raise
        finally:
            self.pool.join()
            self.pool = None
        return drained


def _finish(
    plan: BatchPlan,
    done: Mapping[int, BatchRowResult],
    texts: Mapping[int, tuple[str, DocumentMeta]],
    *,
    completed: bool,
    emit: Callable[[BatchEvent], None],
) -> None:
    results = [
        done.get(row) or BatchRowResult(row, INTERRUPTED, None, "not started") for row in plan.rows
    ]
    write_manifest(plan.manifest, results)
    emit(BatchEvent("manifest", total=len(results), path=plan.manifest))
    if completed and plan.combine is not None:
        ordered = [texts[row] for row in sorted(texts)]
        if ordered:
            write_combined(plan.combine, ordered, plan.settings)
            emit(BatchEvent("combined", total=len(ordered), path=plan.combine))


def write_manifest(path: Path, results: Sequence[BatchRowResult]) -> None:
    """Write ``manifest.csv``: one line per row, in row order (see ``MANIFEST_COLUMNS``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in sorted(results, key=lambda r: r.row):
        row = result.to_dict()
        row["file"] = result.path.name if result.path else ""  # every file is beside the manifest
        writer.writerow(row)
    write_text_atomic(path, buffer.getvalue(), overwrite=True)


def write_combined(
    path: Path, documents: Sequence[tuple[str, DocumentMeta]], settings: _Settings
) -> None:
    """Write every document into one Word file, each starting on a new page."""
    first_meta = documents[0][1]
    title = f"{settings.template.title}: {len(documents)} documents"
    meta = replace(first_meta, title=title)
    writer = api.docx_writer(settings.letterhead)
    data: bytes = writer.render_many([text for text, _ in documents], meta)
    write_atomic(path, data, overwrite=True)


def read_manifest(path: Path) -> list[dict[str, str]]:
    """Read a manifest back (for scripts and tests)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
