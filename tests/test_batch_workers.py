"""Batch worker processes: start-up failures, start methods, signals."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from advocate.batch.many import draft_many, read_manifest
from advocate.batch.worker import WorkerStartError
from conftest import NOW
from conftest import SHARED_BRIEFING as SHARED


def councillors(count: int) -> list[dict[str, str]]:
    return [{"name": f"Alex Example{i}", "district_name": f"Ward {i}"} for i in range(1, count + 1)]


def test_a_worker_that_cannot_start_is_a_clear_error_not_a_hang(tmp_path):
    letterhead = tmp_path / "letterhead.docx"
    letterhead.write_bytes(b"not a Word document")
    started = time.monotonic()
    results = draft_many("briefing-note", councillors(8), SHARED, out_dir=tmp_path / "out",
                         jobs=2, letterhead=letterhead, now=NOW, name_pattern="{name}")  # fmt: skip
    with pytest.raises(WorkerStartError, match="workers could not start: Letterhead .*letterhead"):
        list(results)
    assert time.monotonic() - started < 30  # the pool used to replace failing workers forever
    assert multiprocessing.active_children() == []
    manifest = read_manifest(tmp_path / "out" / "manifest.csv")
    assert len(manifest) == 8 and not list((tmp_path / "out").glob("*.docx"))
