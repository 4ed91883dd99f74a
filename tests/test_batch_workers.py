"""Batch worker processes: start-up failures, start methods, signals."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from advocate.batch.many import draft_many, read_manifest
from advocate.batch.worker import WorkerStartError
from conftest import NOW
from conftest import SHARED_BRIEFING as SHARED


@pytest.fixture(params=["fork", "spawn"])
def start_method(request, monkeypatch):
    """Run a worker test under fork (Linux) and spawn (the macOS and Windows default)."""
    monkeypatch.setenv("ADVOCATE_START_METHOD", request.param)
    return request.param


def councillors(count: int) -> list[dict[str, str]]:
    return [{"name": f"Alex Example{i}", "district_name": f"Ward {i}"} for i in range(1, count + 1)]


def test_a_worker_that_cannot_start_is_a_clear_error_not_a_hang(tmp_path, start_method):
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


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "to_group"), [(signal.SIGTERM, False), (signal.SIGHUP, True), (signal.SIGTERM, True)]
)
def test_sigterm_or_sighup_stops_like_ctrl_c(tmp_path, signum, to_group, start_method):
    shared = tmp_path / "shared.yaml"
    shared.write_text(yaml.safe_dump(SHARED), encoding="utf-8")
    rows = tmp_path / "many.csv"  # enough rows that the fast path is still busy at the signal
    rows.write_text(
        "name,district_name\n" + "".join(f"Alex Example{i},Ward {i}\n" for i in range(5000)),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    cmd = [str(Path(sys.executable).parent / "advocate"), "batch", "briefing-note", str(rows),
           "--answers", str(shared), "--out", str(out), "--name", "{name}", "--jobs", "2", "-q"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    while not out.exists() or len(list(out.glob("*.docx"))) < 20:
        time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    text = err.decode()
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "BrokenPipe" not in text
    manifest = read_manifest(out / "manifest.csv")
    assert len(manifest) == 5000
    written = {row["file"] for row in manifest if row["status"] == "written"}
    assert {p.name for p in out.glob("*.docx")} == written
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
