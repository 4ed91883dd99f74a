"""Running a planned batch: the worker pool, the order results arrive in, and stopping cleanly.

The pool is forked by :meth:`Runner.start` *before* the rows are read, so workers never hold
the parent's copy of the rows and their memory stays flat as the batch grows. Rows are then
handed to the workers lazily, a chunk at a time, and a stop (Ctrl-C, or the caller closing the
iterator) stops handing them out: rows never sent are reported as not started.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import replace
from typing import Any

from advocate.batch.models import BatchEvent, BatchRowResult, BatchSettings, Outcome, Task
from advocate.batch.output import RowLedger, write_combined, write_manifest
from advocate.batch.pdf_stage import PdfStage
from advocate.batch.plan import BatchPlan
from advocate.batch.signals import start_resource_tracker, stop_signals_interrupt
from advocate.batch.worker import (
    WorkerStartError,
    draft_chunk,
    draft_task,
    init_worker,
    set_state,
)
from advocate.models import DocumentMeta

START_METHOD_VARIABLE = "ADVOCATE_START_METHOD"
PARALLEL_MIN_ROWS = 4  # below this, handing rows to workers costs more than it saves
MAX_CHUNK = 16
DRAIN_TIMEOUT = 30.0  # seconds without news from any worker while stopping


class Runner:
    """Drafts tasks in this process or in a pool of forked workers, and stops cleanly."""

    def __init__(self, settings: BatchSettings, jobs: int) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self.pool: Any = None
        self.stream: Any = None
        self.stop_event: Any = None

    def start(self) -> None:
        """Fork the workers now (with ``jobs`` > 1), while this process holds no rows."""
        if self.jobs == 1 or self.pool is not None:
            return
        method = start_method()
        if method != "fork" and sys.platform != "win32":
            start_resource_tracker()
        context = multiprocessing.get_context(method)
        self.stop_event = context.Event()
        gc.collect()
        gc.freeze()  # forked workers then leave the parent's objects (and pages) alone
        try:
            self.pool = context.Pool(
                self.jobs, initializer=init_worker, initargs=(self.settings, self.stop_event)
            )
        finally:
            gc.unfreeze()

    def chunks(self, tasks: Iterator[Task], count: int) -> Iterator[list[Outcome]]:
        """Lists of outcomes, in the order rows finish.

        Chunking is done here rather than by ``imap_unordered(chunksize=...)``, whose wrapper
        generator loses a half-read chunk and everything after it when Ctrl-C interrupts it.
        """
        if self.pool is None or count < PARALLEL_MIN_ROWS:
            self.close()
            set_state(self.settings, None)
            return ([draft_task(task)] for task in tasks)
        size = max(1, min(MAX_CHUNK, count // (self.jobs * 8)))
        self.stream = self.pool.imap_unordered(draft_chunk, self._batches(tasks, size))
        return iter(self.stream)

    def _batches(self, tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
        """Chunks of tasks, until the batch is asked to stop (runs in the pool's feeder thread)."""
        batch: list[Task] = []
        for task in tasks:
            if self.stop_event.is_set():
                return
            batch.append(task)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def stop(self) -> list[Outcome]:
        """Ask workers to stop, collect what they still finish, and shut the pool down."""
        if self.pool is None:
            return []
        if self.stream is None:
            self.close()
            return []
        drained: list[Outcome] = []
        self.stop_event.set()
        try:
            drained.extend(self._drain())
            self.pool.close()
        except WorkerStartError:  # no worker can draft anything: nothing to wait for
            self.pool.terminate()
        except BaseException:  # a second Ctrl-C: stop the workers now
            self.pool.terminate()
            raise
        finally:
            self.pool.join()
            self.pool = None
        return drained

    def _drain(self) -> Iterator[Outcome]:
        """What the workers still send; tasks already sent return 'interrupted' at once.

        A worker killed from outside (a whole process group or cgroup stopped) loses its chunk
        and the pool would wait for it forever; silence that long means the rest is lost.
        """
        while True:
            try:
                chunk = self.stream.next(timeout=DRAIN_TIMEOUT)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                self.pool.terminate()
                return
            yield from chunk

    def discard(self) -> None:
        """Stop the workers if no row was handed to them (the results were never iterated)."""
        if self.stream is None:
            self.close()

    def close(self) -> None:
        """Let idle workers finish (nothing was handed to them, or nothing more is wanted)."""
        if self.pool is not None:
            self.pool.close()  # idle workers read the end marker and leave; no signals needed
            self.pool.join()
            self.pool = None


def start_method() -> str:
    """How worker processes start: ``fork`` on Linux, the platform's default elsewhere.

    macOS and Windows start workers with ``spawn`` (a fresh interpreter that imports advocate
    again); setting ``ADVOCATE_START_METHOD=spawn`` (or ``forkserver``) tries that on Linux.
    """
    wanted = os.environ.get(START_METHOD_VARIABLE, "")
    if wanted in multiprocessing.get_all_start_methods():
        return wanted
    if sys.platform.startswith("linux"):
        return "fork"
    return multiprocessing.get_start_method(allow_none=False)


def run_plan(
    plan: BatchPlan, runner: Runner, emit: Callable[[BatchEvent], None]
) -> Generator[BatchRowResult, None, None]:
    """Yield each row's result as it finishes; always write the manifest at the end.

    Args:
        plan: From :func:`advocate.batch.plan.plan_rows`.
        runner: Started or not; it is shut down when the generator ends.
        emit: Called with :class:`BatchEvent` news (manifest, combined).

    Yields:
        One result per row, early decisions (duplicates, existing files) first.
    """
    ledger = RowLedger(plan)
    started = time.time() - 1.0  # file times may be coarser than the clock
    texts: dict[int, tuple[str, DocumentMeta]] = {}
    completed = False
    pending: deque[Outcome] = deque()  # a finished chunk not yet handed out
    stage = _open_stage(plan, runner, emit)
    with stop_signals_interrupt():
        try:
            yield from _results(plan, runner, ledger, texts, pending, stage)
            completed = True
        finally:
            try:
                for outcome in [*pending, *runner.stop()]:
                    _record(plan, ledger, texts, stage.interrupted(outcome) if stage else outcome)
                for outcome in stage.abandon() if stage else ():
                    _record(plan, ledger, texts, outcome)
            finally:
                if stage is not None:
                    stage.close()
            if not completed:
                ledger.reconcile(started)
            _finish(plan, ledger, texts, completed=completed, emit=emit)


def _open_stage(
    plan: BatchPlan, runner: Runner, emit: Callable[[BatchEvent], None]
) -> PdfStage | None:
    """For a PDF batch, the hidden folder the workers write each row's .docx into."""
    if plan.settings.fmt != "pdf" or plan.task_count == 0:
        return None

    def converting(count: int) -> None:
        emit(BatchEvent("converting", total=count))

    try:
        stage = PdfStage(
            plan.out_dir,
            overwrite=plan.settings.overwrite,
            processes=runner.jobs,
            on_convert=converting,
        )
    except BaseException:
        runner.close()
        raise
    plan.stage_dir = stage.folder
    return stage


def _results(
    plan: BatchPlan,
    runner: Runner,
    ledger: RowLedger,
    texts: dict[int, tuple[str, DocumentMeta]],
    pending: deque[Outcome],
    stage: PdfStage | None,
) -> Iterator[BatchRowResult]:
    for index, result in plan.early.items():
        ledger.record(index, result)
        yield result
    for chunk in runner.chunks(plan.tasks(), plan.task_count):
        pending.extend(chunk)
        while pending:
            outcome = pending.popleft()
            for ready in stage.take(outcome) if stage else [outcome]:
                yield _record(plan, ledger, texts, ready)
    for ready in stage.convert() if stage else ():
        yield _record(plan, ledger, texts, ready)


def _record(
    plan: BatchPlan,
    ledger: RowLedger,
    texts: dict[int, tuple[str, DocumentMeta]],
    outcome: Outcome,
) -> BatchRowResult:
    result = replace(outcome.result, fingerprint=plan.fingerprint(outcome.position))
    if outcome.row_question:
        result = replace(result, column=plan.columns.get(outcome.row_question, ""))
    ledger.record(outcome.position, result)
    if outcome.text is not None and outcome.meta is not None:
        texts[outcome.position] = (outcome.text, outcome.meta)
    return result


def _finish(
    plan: BatchPlan,
    ledger: RowLedger,
    texts: dict[int, tuple[str, DocumentMeta]],
    *,
    completed: bool,
    emit: Callable[[BatchEvent], None],
) -> None:
    write_manifest(plan.manifest, ledger.results())
    emit(BatchEvent("manifest", total=plan.total, path=plan.manifest))
    if completed and plan.combine is not None and texts:
        ordered: Iterable[tuple[str, DocumentMeta]] = (texts[i] for i in sorted(texts))
        write_combined(plan.combine, list(ordered), plan.settings)
        emit(BatchEvent("combined", total=len(texts), path=plan.combine))
