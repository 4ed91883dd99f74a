"""Drafting one batch row, in a worker process or in the parent.

Each row's values go through the same path as ``advocate draft``: :func:`collect_answers`
(so through :func:`questions.parse_answer`), :func:`api.render_planned`,
:func:`api.document_bytes` and an atomic write. A worker loads the template and the Word
writer once, when it starts. Rows whose document is the template's with only some text put in
take the fast path (:mod:`advocate.batch.fastpath`), which makes the same bytes.
"""

from __future__ import annotations

import gc
import os
import signal
from typing import Any

from advocate import api
from advocate.answers import AnswerSource, collect_answers
from advocate.batch.fastpath import FastPath, enabled
from advocate.batch.filing import write_new
from advocate.batch.models import (
    FAILED,
    INTERRUPTED,
    SKIPPED,
    WRITTEN,
    BatchRowResult,
    BatchSettings,
    Outcome,
    Task,
)
from advocate.errors import AdvocateError, OutputExistsError
from advocate.prompting import NoInputPrompter

GC_EVERY = 20  # rendered documents leave reference cycles: collect often to keep memory flat

_STATE: dict[str, Any] = {}


class WorkerStartError(AdvocateError):
    """A worker process could not load the batch settings (for example a broken letterhead)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"The batch workers could not start: {problem}")

    def __reduce__(self) -> tuple[type[WorkerStartError], tuple[str]]:
        return (WorkerStartError, (self.problem,))  # rebuilt from the problem, not the message


def init_worker(settings: BatchSettings, stop: Any) -> None:
    """Pool initializer: remember the settings and load the Word writer once per process.

    It never raises: a pool replaces a worker whose initializer failed, again and again, and
    the parent would wait forever. The failure is kept and raised by :func:`draft_chunk`
    instead, so it reaches the parent with the first chunk.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, _exit_on_term)  # so write_atomic removes its temporary file
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # a terminal's SIGHUP or a group's SIGTERM reaches the parent, which stops us
    _STATE["parent"] = os.getppid()
    try:
        set_state(settings, stop)
    except Exception as err:
        _STATE["start_error"] = str(err) if isinstance(err, AdvocateError) else repr(err)


def _exit_on_term(_signum: int, _frame: Any) -> None:
    """Leave at once when the pool is terminated, removing a half-written temporary file.

    Raising SystemExit here instead could leave the worker stuck in multiprocessing's exit
    handlers while the parent waits for it (seen as an occasional hang of Pool.terminate).
    """
    writing = _STATE.get("writing")
    if writing is not None:
        for leftover in writing.parent.glob(f".{writing.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
    os._exit(1)


def set_state(settings: BatchSettings, stop: Any) -> None:
    """Remember the settings (and the stop event, if any) for :func:`draft_task`."""
    _STATE.update(settings=settings, stop=stop, count=0, fast=None)
    if settings.fmt != "md":
        api.docx_writer(settings.letterhead)
    if enabled(settings):
        _STATE["fast"] = FastPath(settings)


def draft_task(task: Task) -> Outcome:
    """Draft one row with the process's settings, unless the batch is stopping."""
    stop = _STATE["stop"]
    if stop is not None and stop.is_set():
        return Outcome(task.position, BatchRowResult(task.number, INTERRUPTED, None, "interrupted"))
    return draft_row(_STATE["settings"], task)


def draft_chunk(tasks: list[Task]) -> list[Outcome]:
    """Draft a chunk of rows (one round trip to the parent for several rows).

    Raises:
        WorkerStartError: This worker could not load the settings when it started.
    """
    if "start_error" in _STATE:
        raise WorkerStartError(_STATE["start_error"])
    outcomes = [draft_task(task) for task in tasks]
    if os.getppid() != _STATE.get("parent", os.getppid()):
        os._exit(1)  # the parent is gone: sending results would only print a BrokenPipe trace
    return outcomes


def draft_row(settings: BatchSettings, task: Task) -> Outcome:
    """Collect one row's answers, render it, and write it unless the task says not to.

    Args:
        settings: The batch's shared settings.
        task: The row.

    Returns:
        The row's result, with its text and metadata when the combined pack needs them.
    """
    number, path = task.number, task.path
    try:
        fast = _STATE.get("fast") if _STATE.get("settings") is settings and task.write else None
        values = fast.answers(task) if fast else None
        if values is None:
            row_source = AnswerSource(f"row {number}", task.values)
            values = collect_answers(
                settings.template.questions,
                [row_source, *settings.sources],
                NoInputPrompter(),
                today=settings.now.date(),
            ).values
        data = fast.document(task, values) if fast else None
        planned = None
        if data is None:
            _collect_now_and_then()  # filled rows leave no cycles; rendered ones do
            planned = api.render_planned(settings.template, values, output=path, out_dir=None,
                                         fmt=settings.fmt, now=settings.now)  # fmt: skip
        status, note = SKIPPED, "exists"
        if task.write:
            if planned is not None:
                fmt = settings.fmt if task.stage is None else "docx"  # the parent makes PDFs
                data = api.document_bytes(planned, fmt=fmt, letterhead=settings.letterhead)
            _write(task, data or b"", overwrite=settings.overwrite or task.stage is not None)
            status, note = WRITTEN, ""
    except OutputExistsError:
        return Outcome(task.position, BatchRowResult(number, SKIPPED, path, "exists"))
    except Exception as err:  # a bad row (or a bug) must never stop the others
        return _failure(task, err)
    if not settings.keep_text or planned is None:  # the fast path is off when text is kept
        return Outcome(task.position, BatchRowResult(number, status, path, note))
    result = BatchRowResult(number, status, path, note)
    return Outcome(task.position, result, planned.text, planned.meta)


def _write(task: Task, data: bytes, *, overwrite: bool) -> None:
    """Write the row's file; the SIGTERM handler knows which, to remove its temporary file."""
    target = task.stage or task.path
    _STATE["writing"] = target
    try:
        write_new(target, data, overwrite=overwrite)
    finally:
        _STATE["writing"] = None


def _collect_now_and_then() -> None:
    _STATE["count"] = count = _STATE.get("count", 0) + 1
    if count % GC_EVERY == 0:
        gc.collect()


def _failure(task: Task, err: Exception) -> Outcome:
    message = str(err) if isinstance(err, AdvocateError) else f"{type(err).__name__}: {err}"
    question = str(getattr(err, "question_id", "") or "")
    from_row = getattr(err, "source", f"row {task.number}") == f"row {task.number}"
    value = getattr(err, "value", None)
    shown = "" if value is None else str(value)
    result = BatchRowResult(task.number, FAILED, None, message, question, "", shown)
    return Outcome(task.position, result, row_question=question if from_row else "")
