"""draft_many: per-row results, names, skips, manifest, parallel workers, Ctrl-C, combine."""

from __future__ import annotations

import csv
import gc
import multiprocessing
import runpy
import sys
import types
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate import api
from advocate.batch.many import (
    FAILED,
    INTERRUPTED,
    SKIPPED,
    WRITTEN,
    BatchEvent,
    draft_many,
    read_manifest,
    unique_names,
)
from advocate.batch.rows import MissingColumnsError
from advocate.errors import AdvocateError, UnknownAnswerError
from advocate.outputs import safe_filename
from conftest import NOW
from conftest import SHARED_BRIEFING as SHARED

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(params=["fork", "spawn"])
def start_method(request, monkeypatch):
    """Run a worker test under fork (Linux) and spawn (the macOS and Windows default)."""
    monkeypatch.setenv("ADVOCATE_START_METHOD", request.param)
    return request.param


def councillors(count: int) -> list[dict[str, str]]:
    return [
        {"name": f"Alex Example{i}", "district_name": f"Ward {i}", "elected_office": "Councillor"}
        for i in range(1, count + 1)
    ]


def run(rows, tmp_path: Path, **options):
    options.setdefault("fmt", "md")
    options.setdefault("jobs", 1)
    options.setdefault("now", NOW)
    options.setdefault("name_pattern", "{district_name}-{name}")
    return list(draft_many("briefing-note", rows, SHARED, out_dir=tmp_path / "out", **options))


def test_one_document_per_row_with_represent_recipient(tmp_path):
    results = run(councillors(3), tmp_path)
    assert [(r.row, r.status) for r in results] == [(1, WRITTEN), (2, WRITTEN), (3, WRITTEN)]
    text = (tmp_path / "out" / "Ward 2-Alex Example2.md").read_text(encoding="utf-8")
    assert "**To:** Councillor Alex Example2, Ward 2" in text


def test_results_stream_from_a_generator(tmp_path):
    results = draft_many("briefing-note", councillors(3), SHARED, out_dir=tmp_path, fmt="md",
                         jobs=1, name_pattern="{name}")  # fmt: skip
    assert isinstance(results, types.GeneratorType)
    first = next(results)
    assert first.status == WRITTEN
    assert not (tmp_path / "manifest.csv").exists()  # the batch is still going
    assert len(list(results)) == 2
    assert (tmp_path / "manifest.csv").exists()


def test_bad_row_is_reported_and_the_others_are_written(tmp_path):
    rows = councillors(3)
    rows[1]["Document date"] = "next blursday"
    results = {r.row: r for r in run(rows, tmp_path)}
    assert results[1].status == results[3].status == WRITTEN
    bad = results[2]
    assert bad.status == FAILED
    assert (bad.question, bad.column, bad.value) == (
        "document_date",
        "Document date",
        "next blursday",
    )
    assert "row 2" in bad.error and "Accepted: a date" in bad.error
    manifest = read_manifest(tmp_path / "out" / "manifest.csv")
    assert [(m["row"], m["status"]) for m in manifest] == [
        ("1", WRITTEN),
        ("2", FAILED),
        ("3", WRITTEN),
    ]
    assert manifest[1]["column"] == "Document date"
    assert manifest[0]["file"] == "Ward 1-Alex Example1.md"


def test_empty_required_cell_fails_only_that_row(tmp_path):
    rows = [{**row, "subject": "Housing"} for row in councillors(2)]
    rows[0]["subject"] = ""
    shared = {k: v for k, v in SHARED.items() if k != "subject"}
    results = {r.row: r for r in draft_many("briefing-note", rows, shared, out_dir=tmp_path,
                                            fmt="md", jobs=1)}  # fmt: skip
    assert results[1].status == FAILED and results[1].question == "subject"
    assert results[2].status == WRITTEN


def test_missing_columns_are_reported_at_once_and_nothing_is_written(tmp_path):
    with pytest.raises(MissingColumnsError) as caught:
        draft_many("briefing-note", councillors(2), {"organisation": "N"}, out_dir=tmp_path / "o")
    assert {"contact_name", "subject", "purpose"} <= {q for q, _ in caught.value.missing}
    assert not (tmp_path / "o").exists()


def test_unknown_shared_answer_is_refused(tmp_path):
    with pytest.raises(UnknownAnswerError):
        draft_many("briefing-note", councillors(1), {**SHARED, "subjet": "x"}, out_dir=tmp_path)


def test_name_pattern_with_unknown_column_is_refused(tmp_path):
    with pytest.raises(AdvocateError, match="uses ward, which no column has"):
        run(councillors(1), tmp_path, name_pattern="{ward}")
    with pytest.raises(AdvocateError, match="column names only"):
        run(councillors(1), tmp_path, name_pattern="{name.__class__}")


def test_colliding_and_dangerous_names_are_made_safe_and_unique(tmp_path):
    names = ["../../etc/passwd", "CON", "a/b", "Same", "same", "Same"]
    rows = [{**row, "name": name} for row, name in zip(councillors(6), names, strict=True)]
    results = run(rows, tmp_path, name_pattern="{name}")
    files = sorted(r.path.name for r in results)
    assert files == sorted(
        ["etc-passwd.md", "CON-file.md", "a-b.md", "Same.md", "same-2.md", "Same-3.md"]
    )
    assert all(r.path.parent == tmp_path / "out" for r in results)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*files, "manifest.csv"])


def test_rerun_skips_existing_and_overwrite_replaces(tmp_path):
    run(councillors(2), tmp_path)
    target = tmp_path / "out" / "Ward 1-Alex Example1.md"
    target.write_text("edited by hand", encoding="utf-8")
    again = run(councillors(3), tmp_path)
    assert {r.row: r.status for r in again} == {1: SKIPPED, 2: SKIPPED, 3: WRITTEN}
    assert target.read_text(encoding="utf-8") == "edited by hand"
    manifest = read_manifest(tmp_path / "out" / "manifest.csv")
    assert [m["status"] for m in manifest] == [SKIPPED, SKIPPED, WRITTEN]
    forced = run(councillors(3), tmp_path, overwrite=True)
    assert {r.status for r in forced} == {WRITTEN}
    assert "Alex Example1" in target.read_text(encoding="utf-8")


def test_duplicate_rows_are_skipped_with_a_warning(tmp_path):
    events: list[BatchEvent] = []
    rows = councillors(2) + councillors(1)
    results = {r.row: r for r in run(rows, tmp_path, on_event=events.append)}
    assert results[3].status == SKIPPED and results[3].error == "duplicate of row 1"
    assert any(e.kind == "warning" and "3 (same as 1)" in e.message for e in events)


def test_two_workers_draft_word_documents(tmp_path, start_method):
    results = run(councillors(6), tmp_path, fmt="docx", jobs=2)
    assert sorted(r.row for r in results) == [1, 2, 3, 4, 5, 6]
    assert {r.status for r in results} == {WRITTEN}
    for result in results:
        with zipfile.ZipFile(result.path) as archive:
            assert "Alex Example" in archive.read("word/document.xml").decode()
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_two_workers_report_bad_rows(tmp_path, start_method):
    rows = councillors(6)
    rows[4]["contact_email"] = "not an email"
    results = {r.row: r for r in run(rows, tmp_path, jobs=2)}
    assert results[5].status == FAILED and results[5].column == "contact_email"
    assert sum(r.status == WRITTEN for r in results.values()) == 5


def test_ctrl_c_keeps_finished_documents_and_writes_the_manifest(tmp_path, monkeypatch):
    real = api.document_bytes
    calls = []

    def interrupted_on_third(planned, **kwargs):
        calls.append(planned.path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(planned, **kwargs)

    monkeypatch.setattr(api, "document_bytes", interrupted_on_third)
    with pytest.raises(KeyboardInterrupt):
        run(councillors(5), tmp_path)
    out = tmp_path / "out"
    manifest = read_manifest(out / "manifest.csv")
    assert [m["status"] for m in manifest] == [
        WRITTEN,
        WRITTEN,
        INTERRUPTED,
        INTERRUPTED,
        INTERRUPTED,
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "Ward 1-Alex Example1.md",
        "Ward 2-Alex Example2.md",
        "manifest.csv",
    ]


def test_stopping_early_writes_the_manifest(tmp_path, start_method):
    results = draft_many("briefing-note", councillors(8), SHARED, out_dir=tmp_path, fmt="md",
                         jobs=2, name_pattern="{name}")  # fmt: skip
    first = next(results)
    results.close()
    manifest = {int(m["row"]): m["status"] for m in read_manifest(tmp_path / "manifest.csv")}
    assert manifest[first.row] == WRITTEN
    assert set(manifest) == set(range(1, 9))
    written = {row for row, status in manifest.items() if status == WRITTEN}
    assert {p.stem for p in tmp_path.glob("*.md")} == {f"Alex Example{row}" for row in written}
    assert not list(tmp_path.glob(".*.tmp"))


def test_combine_writes_one_document_with_a_section_per_row(tmp_path):
    pack = tmp_path / "pack.docx"
    run(councillors(3), tmp_path, fmt="docx", combine=pack)
    with zipfile.ZipFile(pack) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w:sectPr") == 3  # each section starts a new page (no w:type)
    assert "<w:type " not in xml
    assert all(f"Alex Example{i}" in xml for i in (1, 2, 3))


def test_combine_needs_a_docx_name(tmp_path):
    with pytest.raises(AdvocateError, match="ending in .docx"):
        run(councillors(1), tmp_path, combine=tmp_path / "pack.pdf")


def test_the_example_script_as_a_user_runs_it(tmp_path, monkeypatch, capsys):
    script = EXAMPLES / "briefing_per_councillor.py"
    out = tmp_path / "notes"
    monkeypatch.setattr(sys, "argv", [str(script), str(EXAMPLES / "councillors.csv"), str(out)])
    with pytest.raises(SystemExit) as caught:
        runpy.run_path(str(script), run_name="__main__")
    assert caught.value.code == 0
    with (EXAMPLES / "councillors.csv").open(encoding="utf-8") as handle:
        count = sum(1 for _ in csv.DictReader(handle))
    assert len(list(out.glob("*.docx"))) == count >= 20
    assert "Ward 1-Amélie Tremblay.docx" in capsys.readouterr().out


@given(st.text())
def test_safe_file_names_never_hold_separators_or_reserved_names(name):
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and ".." not in safe
    assert not any(ch in safe for ch in '<>:"|?*\x00')
    assert safe.split(".")[0].casefold() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    assert safe == safe.strip(" .")


@given(st.lists(st.sampled_from(["a", "A", "a-2", "b"]), max_size=8))
def test_unique_names_never_repeat_ignoring_case(names):
    unique = unique_names(names, "md")
    assert len({name.casefold() for name in unique}) == len(names)


def test_two_hundred_rows_with_two_workers(tmp_path, start_method):
    results = run(councillors(200), tmp_path, jobs=2)
    assert sorted(r.row for r in results) == list(range(1, 201))
    assert {r.status for r in results} == {WRITTEN}
    manifest = read_manifest(tmp_path / "out" / "manifest.csv")
    assert [int(m["row"]) for m in manifest] == list(range(1, 201))
    assert {m["status"] for m in manifest} == {WRITTEN}
    assert len(list((tmp_path / "out").glob("*.md"))) == 200
    assert multiprocessing.active_children() == []


def test_ctrl_c_with_workers_leaves_a_complete_manifest(tmp_path, start_method):
    results = draft_many("briefing-note", councillors(200), SHARED, out_dir=tmp_path, fmt="md",
                         jobs=2, name_pattern="{name}")  # fmt: skip
    seen = [next(results) for _ in range(10)]
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt)  # as Ctrl-C arrives while the parent waits
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert [int(m["row"]) for m in manifest] == list(range(1, 201))
    assert {m["status"] for m in manifest} <= {WRITTEN, INTERRUPTED}
    assert all(m["status"] == WRITTEN for m in manifest if int(m["row"]) in {r.row for r in seen})
    written = {m["file"] for m in manifest if m["status"] == WRITTEN}
    assert {p.name for p in tmp_path.glob("*.md")} == written
    assert len(written) < 200  # rows not yet handed to a worker were never started
    assert not list(tmp_path.glob(".*.tmp"))
    assert multiprocessing.active_children() == []


def test_workers_start_before_the_rows_are_read(tmp_path, monkeypatch, start_method):
    import advocate.batch.plan
    import advocate.batch.rows

    real, workers_at_read = advocate.batch.rows.read_rows, []

    def spying(path, **kwargs):
        workers_at_read.append(len(multiprocessing.active_children()))
        return real(path, **kwargs)

    monkeypatch.setattr(advocate.batch.plan, "read_rows", spying)
    rows = tmp_path / "rows.csv"
    rows.write_text("name,district_name\n" + "".join(f"A{i},W{i}\n" for i in range(8)))
    results = run(rows, tmp_path, jobs=2)
    assert workers_at_read == [2]  # forked without the rows: their memory does not grow
    assert len(results) == 8


def test_a_refused_batch_or_an_unused_iterator_leaves_no_workers(tmp_path, start_method):
    with pytest.raises(MissingColumnsError):
        draft_many("briefing-note", councillors(8), {"organisation": "N"}, out_dir=tmp_path,
                   jobs=2)  # fmt: skip
    assert multiprocessing.active_children() == []
    unused = draft_many("briefing-note", councillors(8), SHARED, out_dir=tmp_path, jobs=2)
    del unused
    gc.collect()
    assert multiprocessing.active_children() == []
    assert not list(tmp_path.iterdir())


def test_manifest_names_the_column_of_a_failed_row_drafted_by_a_worker(tmp_path, start_method):
    rows = councillors(12)
    for row in rows:
        row["Document date"] = "2026-12-03"
    rows[7]["Document date"] = "someday"
    results = {r.row: r for r in run(rows, tmp_path, jobs=2)}
    assert (results[8].status, results[8].column) == (FAILED, "Document date")
    manifest = read_manifest(tmp_path / "out" / "manifest.csv")
    assert [(m["status"], m["column"], m["value"]) for m in manifest if m["status"] != WRITTEN] == [
        (FAILED, "Document date", "someday")
    ]


def test_ledger_keeps_common_outcomes_as_one_byte_and_lists_every_row(tmp_path):
    from advocate.answers import AnswerSource
    from advocate.batch.many import BatchRowResult, plan_batch
    from advocate.batch.output import RowLedger

    plan = plan_batch("briefing-note", councillors(5), sources=[AnswerSource("a", SHARED)],
                      column_map={}, sheet=None,
                      out_dir=tmp_path, name_pattern="{name}", overwrite=False, fmt="md",
                      letterhead=None, combine=None, template_dirs=(), now=NOW)  # fmt: skip
    ledger = RowLedger(plan)
    ledger.record(0, BatchRowResult(1, WRITTEN, plan.path(0)))
    ledger.record(1, BatchRowResult(2, SKIPPED, plan.path(1), "exists"))
    ledger.record(2, BatchRowResult(3, FAILED, None, "bad", "subject", "Subject", "x"))
    ledger.record(4, BatchRowResult(5, INTERRUPTED, None, "interrupted"))
    assert set(ledger.others) == {2, 4}  # only what the plan cannot rebuild is kept whole
    assert [(r.row, r.status, r.path, r.error) for r in ledger.results()] == [
        (1, WRITTEN, plan.path(0), ""),
        (2, SKIPPED, plan.path(1), "exists"),
        (3, FAILED, None, "bad"),
        (4, INTERRUPTED, None, "not started"),
        (5, INTERRUPTED, None, "interrupted"),
    ]


def test_files_finished_while_stopping_are_counted_as_written(tmp_path):
    import os
    import time

    from advocate.answers import AnswerSource
    from advocate.batch.many import BatchRowResult, plan_batch
    from advocate.batch.output import RowLedger

    plan = plan_batch("briefing-note", councillors(4), sources=[AnswerSource("a", SHARED)],
                      column_map={}, sheet=None,
                      out_dir=tmp_path, name_pattern="{name}", overwrite=True, fmt="md",
                      letterhead=None, combine=None, template_dirs=(), now=NOW)  # fmt: skip
    started = time.time() - 1.0
    old = plan.path(3)
    old.write_text("from an earlier run", encoding="utf-8")
    os.utime(old, (started - 100, started - 100))
    ledger = RowLedger(plan)
    ledger.record(0, BatchRowResult(1, WRITTEN, plan.path(0)))
    ledger.record(1, BatchRowResult(2, INTERRUPTED, None, "interrupted"))
    plan.path(1).write_text("finished by a worker as Ctrl-C came", encoding="utf-8")
    plan.path(2).write_text("its result never reached the parent", encoding="utf-8")
    ledger.reconcile(started)
    assert [(r.row, r.status) for r in ledger.results()] == [
        (1, WRITTEN),
        (2, WRITTEN),
        (3, WRITTEN),
        (4, INTERRUPTED),  # an older file is not this run's work
    ]
