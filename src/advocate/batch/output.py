"""What a batch leaves besides the documents: the manifest and the combined pack.

The parent records each row's outcome in a :class:`RowLedger`: one byte per row for the
common outcomes (written, skipped because the file exists, interrupted), whose file name the
plan already knows, and a full result only for the rows that need one (failures, duplicates).
So the parent's memory hardly grows with the batch, and the manifest can still be written
in row order, complete, however the batch ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from advocate import api
from advocate.batch.models import (
    INTERRUPTED,
    MANIFEST_COLUMNS,
    SKIPPED,
    WRITTEN,
    BatchRowResult,
    BatchSettings,
)
from advocate.batch.plan import BatchPlan
from advocate.models import DocumentMeta
from advocate.outputs import write_atomic, write_text_atomic

_NOT_STARTED, _WRITTEN, _EXISTS, _INTERRUPTED, _OTHER = range(5)
_COMPACT = {
    (WRITTEN, ""): _WRITTEN,
    (SKIPPED, "exists"): _EXISTS,
    (INTERRUPTED, "interrupted"): _INTERRUPTED,
}
_EXPANDED = {code: key for key, code in _COMPACT.items()}


class RowLedger:
    """The outcome of every row of a plan, kept compactly (see the module docstring)."""

    def __init__(self, plan: BatchPlan) -> None:
        self.plan = plan
        self.codes = bytearray(plan.total)
        self.others: dict[int, BatchRowResult] = {}

    def record(self, index: int, result: BatchRowResult) -> None:
        """Remember the outcome of the row at ``index``."""
        code = _COMPACT.get((result.status, result.error), _OTHER)
        if code != _OTHER and result.path != self.plan.path(index):
            code = _OTHER  # not the planned file: keep the whole result
        self.codes[index] = code
        if code == _OTHER:
            self.others[index] = result
        else:
            self.others.pop(index, None)

    def reconcile(self, since: float) -> None:
        """After a stop, count planned files that appeared on disk during the batch as written.

        Ctrl-C can land after a worker finished a row but before this process recorded it; a
        planned file whose modification time is after the batch started is the proof.
        """
        for index, row in enumerate(self.plan.table.rows):
            if not self._unfinished(index):
                continue
            path = self.plan.path(index)
            try:
                made_now = path.stat().st_mtime >= since
            except OSError:
                continue
            if made_now:
                self.record(index, BatchRowResult(row.number, WRITTEN, path, ""))

    def _unfinished(self, index: int) -> bool:
        code = self.codes[index]
        if code == _OTHER:
            return self.others[index].status == INTERRUPTED
        return code in (_NOT_STARTED, _INTERRUPTED)

    def results(self) -> Iterator[BatchRowResult]:
        """Every row's result in file order; rows never started are ``interrupted``."""
        for index, row in enumerate(self.plan.table.rows):
            code = self.codes[index]
            fingerprint = self.plan.fingerprint(index)
            if code == _OTHER:
                yield replace(self.others[index], fingerprint=fingerprint)
            elif code == _NOT_STARTED:
                yield BatchRowResult(
                    row.number, INTERRUPTED, None, "not started", fingerprint=fingerprint
                )
            else:
                status, note = _EXPANDED[code]
                yield BatchRowResult(
                    row.number, status, self.plan.path(index), note, fingerprint=fingerprint
                )


def write_manifest(path: Path, results: Iterable[BatchRowResult]) -> None:
    """Write ``manifest.csv``: one line per row, in the order given (see ``MANIFEST_COLUMNS``).

    Args:
        path: The manifest file; replaced atomically.
        results: One result per row, in row order.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        row = result.to_dict()
        row["file"] = result.path.name if result.path else ""  # every file is beside the manifest
        writer.writerow(row)
    text = buffer.getvalue().encode("utf-8", "replace").decode("utf-8")  # a row's lone surrogate
    write_text_atomic(path, text, overwrite=True)


def read_manifest(path: Path) -> list[dict[str, str]]:
    """Read a manifest back (for scripts and tests).

    Args:
        path: The ``manifest.csv`` file.

    Returns:
        One dictionary per row, keyed by ``MANIFEST_COLUMNS``; every value is text.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_combined(
    path: Path, documents: Sequence[tuple[str, DocumentMeta]], settings: BatchSettings
) -> None:
    """Write every document into one Word file, each a section whose pages number from 1.

    Args:
        path: The ``.docx`` pack; replaced atomically.
        documents: Each document's Markdown and metadata, in row order.
        settings: The batch settings (template title and letterhead).
    """
    first_meta = documents[0][1]
    title = f"{settings.template.title}: {len(documents)} documents"
    meta = replace(first_meta, title=title)
    writer = api.docx_writer(settings.letterhead)
    data: bytes = writer.render_many([text for text, _ in documents], meta)
    write_atomic(path, data, overwrite=True)
