"""``advocate batch``: parsing, messages, exit codes and the JSON manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SHARED_BRIEFING as SHARED
from conftest import run_cli


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    shared = tmp_path / "shared.yaml"
    shared.write_text(yaml.safe_dump(SHARED), encoding="utf-8")
    rows = tmp_path / "councillors.csv"
    rows.write_bytes(
        "\ufeffName;District name;Primary role;Meeting\r\n"
        "Jordan Lee ;Ward 7;Councillor;\r\n"
        "\r\n"
        "Amélie Tremblay;Ward 1;Councillor;\r\n"
        "Sam Roy;Ward 8;Councillor;\r\n".encode()
    )
    return {"shared": shared, "rows": rows, "out": tmp_path / "out"}


def batch_args(files: dict[str, Path], *extra: object) -> list[object]:
    return ["batch", "briefing-note", files["rows"], "--answers", files["shared"],
            "--out", files["out"], "--name", "{district_name}-{name}", "--format", "md",
            "--jobs", "1", *extra]  # fmt: skip


def test_batch_writes_every_row_and_prints_the_manifest_path(files):
    result = run_cli(*batch_args(files))
    assert result.stdout.strip() == str(files["out"] / "manifest.csv")
    names = sorted(p.name for p in files["out"].glob("*.md"))
    assert names == ["Ward 1-Amélie Tremblay.md", "Ward 7-Jordan Lee.md", "Ward 8-Sam Roy.md"]
    assert "Batch summary" in result.stderr


def test_json_manifest_on_stdout(files):
    result = run_cli(*batch_args(files, "--json", "-q"))
    data = json.loads(result.stdout)
    assert data["counts"] == {"written": 3}
    assert [row["row"] for row in data["rows"]] == [2, 4, 5]
    assert data["rows"][0]["file"].endswith("Ward 7-Jordan Lee.md")
    assert result.stderr == ""


def test_broken_row_exits_3_with_the_row_in_the_summary(files):
    rows = (
        files["rows"]
        .read_text(encoding="utf-8-sig")
        .replace("Ward 1;Councillor;", "Ward 1;Councillor;x")
    )
    rows = rows.replace("Meeting", "Document date")
    files["rows"].write_text(rows, encoding="utf-8")
    result = run_cli(*batch_args(files, "--json"), expect=3)
    data = json.loads(result.stdout)
    failed = [row for row in data["rows"] if row["status"] == "failed"]
    assert [(r["row"], r["column"], r["question"], r["value"]) for r in failed] == [
        (4, "Document date", "document_date", "x")
    ]
    assert "Failed rows" in result.stderr
    assert result.stderr.rstrip().endswith(
        f"Error: 1 of 3 rows failed; the others were drafted. Fix those rows and run the same "
        f"command again: existing files are skipped. Details: {files['out'] / 'manifest.csv'}"
    )
    assert len(list(files["out"].glob("*.md"))) == 2


def test_missing_columns_exit_1_listing_them_all(files, tmp_path):
    result = run_cli("batch", "briefing-note", files["rows"], "--out", files["out"], expect=1)
    assert "has no column for 10 required question(s): organisation" in result.stderr
    assert "Nothing was written." in result.stderr
    assert not files["out"].exists()


def test_map_renames_a_column(files):
    text = files["rows"].read_text(encoding="utf-8-sig").replace("Meeting", "To")
    text = text.replace("Councillor;\n", "Councillor;The Mayor\n", 1)
    files["rows"].write_text(text, encoding="utf-8")
    run_cli(*batch_args(files, "--map", "To=recipient"))
    note = (files["out"] / "Ward 7-Jordan Lee.md").read_text(encoding="utf-8")
    assert "**To:** The Mayor" in note


@pytest.mark.parametrize("bad", ["oops", "Ward=", "=district_name", " = "])
def test_bad_map_is_a_usage_error(files, bad):
    result = run_cli(*batch_args(files, "--map", bad), expect=2)
    assert f"'{bad}' is not COLUMN=QUESTION_ID" in result.stderr


def test_rerun_skips_and_overwrite_replaces(files):
    run_cli(*batch_args(files))
    again = json.loads(run_cli(*batch_args(files, "--json")).stdout)
    assert again["counts"] == {"skipped": 3}
    forced = json.loads(run_cli(*batch_args(files, "--json", "--overwrite")).stdout)
    assert forced["counts"] == {"written": 3}


def test_unknown_sheet_lists_the_sheets(tmp_path, files):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Council"
    book.active.append(["name"])
    book.save(tmp_path / "rows.xlsx")
    result = run_cli("batch", "briefing-note", tmp_path / "rows.xlsx", "--answers",
                     files["shared"], "--sheet", "Wards", expect=1)  # fmt: skip
    assert "no sheet named 'Wards'. Sheets: Council" in result.stderr


def test_xlsx_rows_with_two_workers(tmp_path, files):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "District name"])
    for i in range(1, 6):
        book.active.append([f"Alex Example{i}", f"Ward {i}"])
    book.save(tmp_path / "rows.xlsx")
    result = run_cli("batch", "briefing-note", tmp_path / "rows.xlsx", "--answers",
                     files["shared"], "--out", files["out"], "--name", "{name}",
                     "--jobs", "2", "--json")  # fmt: skip
    assert json.loads(result.stdout)["counts"] == {"written": 5}
    assert len(list(files["out"].glob("*.docx"))) == 5


def test_cli_passes_options_to_draft_many(files, monkeypatch):
    import advocate.batch.many

    seen: dict[str, Any] = {}

    def fake(doctype, rows, **kwargs):
        seen.update(kwargs, doctype=doctype, rows=rows)
        results: list[object] = []
        return (result for result in results)  # a generator, as draft_many returns

    monkeypatch.setattr(advocate.batch.many, "draft_many", fake)
    run_cli("batch", "briefing-note", files["rows"], "--set", "subject=Housing", "--map",
            "Ward=district_name", "--sheet", "S", "--out", files["out"], "--name", "{name}",
            "--overwrite", "--jobs", "3", "--combine", "pack.docx", "-q")  # fmt: skip
    assert seen["doctype"] == "briefing-note" and seen["rows"] == files["rows"]
    assert seen["column_map"] == {"ward": "district_name"}
    assert (seen["sheet"], seen["name_pattern"], seen["overwrite"], seen["jobs"]) == (
        "S",
        "{name}",
        True,
        3,
    )
    assert seen["combine"] == Path("pack.docx") and seen["fmt"] == "docx"
    assert seen["sources"][0].values == {"subject": "Housing"}


@pytest.mark.slow
def test_real_ctrl_c_with_workers_leaves_a_consistent_folder(tmp_path, files):
    import csv
    import os
    import signal
    import subprocess
    import sys
    import time

    rows = tmp_path / "many.csv"
    rows.write_text(
        "name,district_name\n" + "".join(f"Alex Example{i},Ward {i}\n" for i in range(600)),
        encoding="utf-8",
    )
    advocate = Path(sys.executable).parent / "advocate"
    cmd = [str(advocate), "batch", "briefing-note", str(rows), "--answers", str(files["shared"]),
           "--out", str(files["out"]), "--name", "{name}", "--jobs", "2", "-q"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    while not files["out"].exists() or len(list(files["out"].glob("*.docx"))) < 20:
        time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 0), err
    with (files["out"] / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    assert len(manifest) == 600
    written = {row["file"] for row in manifest if row["status"] == "written"}
    assert {p.name for p in files["out"].glob("*.docx")} == written
    assert not [p for p in files["out"].iterdir() if p.name.endswith(".tmp")]


def test_a_row_inserted_in_the_middle_is_written_and_nothing_twice(files):
    args = ["batch", "briefing-note", files["rows"], "--answers", files["shared"], "--out",
            files["out"], "--format", "md", "--jobs", "1", "--json", "-q"]  # fmt: skip
    first = json.loads(run_cli(*args).stdout)
    before = {p.name: p.stat().st_mtime_ns for p in files["out"].glob("*.md")}
    assert len(before) == 3
    text = files["rows"].read_text(encoding="utf-8-sig")
    files["rows"].write_text(
        text.replace("Amélie Tremblay;", "Priya Raman;Ward 3;Councillor;\r\nAmélie Tremblay;"),
        encoding="utf-8",
    )
    again = json.loads(run_cli(*args).stdout)
    assert again["counts"] == {"skipped": 3, "written": 1}
    new = [row for row in again["rows"] if row["status"] == "written"]
    assert len(new) == 1 and "priya-raman" in new[0]["file"]
    after = {p.name: p.stat().st_mtime_ns for p in files["out"].glob("*.md")}
    assert {name: after[name] for name in before} == before  # no other file was written again
    assert {row["file"] for row in first["rows"]} <= {row["file"] for row in again["rows"]}


def test_check_validates_every_row_and_writes_nothing(files):
    result = run_cli(*batch_args(files, "--check"))
    assert "Batch check" in result.stderr
    assert "All 3 rows are fine. Nothing was written (--check)." in result.stderr
    assert not files["out"].exists()
    data = json.loads(run_cli(*batch_args(files, "--check", "--json")).stdout)
    assert [(row["row"], row["action"]) for row in data] == [(2, "write"), (4, "write"),
                                                             (5, "write")]  # fmt: skip
    assert data[0]["file"].endswith("Ward 7-Jordan Lee.md")


def test_check_names_the_rows_that_would_fail(files):
    rows = files["rows"].read_text(encoding="utf-8-sig")
    rows = rows.replace("Ward 1;Councillor;", "Ward 1;Councillor;x")
    files["rows"].write_text(rows.replace("Meeting", "Document date"), encoding="utf-8")
    result = run_cli(*batch_args(files, "--check", "--json"), expect=1)
    data = json.loads(result.stdout)
    assert [row["action"] for row in data] == ["write", "fail", "write"]
    assert "document_date" in data[1]["note"]
    assert "1 of 3 rows would fail; fix them first. Nothing was written." in result.stderr
    assert not files["out"].exists()


def test_missing_shared_answers_are_asked_once_at_a_terminal(files):
    shared = {key: value for key, value in SHARED.items() if key != "subject"}
    files["shared"].write_text(yaml.safe_dump(shared), encoding="utf-8")
    result = run_cli(*batch_args(files, "--interactive"), input="Fair access for all\n")
    assert result.stderr.count("Subject, in one line") == 1
    notes = sorted(files["out"].glob("*.md"))
    assert len(notes) == 3
    assert all("Fair access for all" in note.read_text(encoding="utf-8") for note in notes)
