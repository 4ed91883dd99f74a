"""Batch runs never lose a user's data: combine packs, manifests, stable names, full disks."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.answers import AnswerSource
from advocate.batch.many import FAILED, SKIPPED, WRITTEN, draft_many, read_manifest
from advocate.batch.names import file_names, pattern_fields
from advocate.batch.plan import batch_settings
from advocate.batch.rows import row_fingerprint, rows_from_mappings
from advocate.errors import AdvocateError
from advocate.outputs import safe_filename
from conftest import NOW, run_cli
from conftest import SHARED_BRIEFING as SHARED


def councillors(names: list[str]) -> list[dict[str, str]]:
    return [{"name": name, "district_name": f"Ward of {name}"} for name in names]


def run(rows, out: Path, **options):
    options.setdefault("fmt", "md")
    options.setdefault("jobs", 1)
    return list(draft_many("briefing-note", rows, SHARED, out_dir=out, now=NOW, **options))


def test_combine_never_replaces_an_existing_pack_without_overwrite(tmp_path):
    pack = tmp_path / "pack.docx"
    pack.write_bytes(b"last week's pack")
    with pytest.raises(AdvocateError, match=r"--combine .*pack.docx exists. Pass --overwrite"):
        run(councillors(["Ann"]), tmp_path / "out", fmt="docx", combine=pack)
    assert pack.read_bytes() == b"last week's pack"
    assert not (tmp_path / "out").exists()  # refused before any document was written


def test_the_rows_file_named_manifest_csv_is_never_replaced(tmp_path):
    rows = tmp_path / "manifest.csv"
    rows.write_text("name,district_name\nAnn,Ward 1\n", encoding="utf-8")
    result = run_cli("batch", "briefing-note", rows, "--set", "organisation=N", "--out", tmp_path,
                     expect=1)  # fmt: skip
    assert f"{rows} is the rows file" in result.stderr and "--out" in result.stderr
    assert rows.read_text(encoding="utf-8") == "name,district_name\nAnn,Ward 1\n"


def test_a_foreign_manifest_csv_in_the_output_folder_is_never_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.csv").write_text("id,amount\n1,20\n", encoding="utf-8")
    with pytest.raises(AdvocateError, match="is not a manifest advocate wrote"):
        run(councillors(["Ann"]), out)
    assert (out / "manifest.csv").read_text(encoding="utf-8") == "id,amount\n1,20\n"
    assert [p.name for p in out.iterdir()] == ["manifest.csv"]


def test_default_names_identify_each_row_and_survive_an_inserted_row(tmp_path):
    out = tmp_path / "out"
    first = run(councillors(["Ann", "Bob", "Cy"]), out, name_pattern=None)
    names = {r.row: r.path.name for r in first}
    assert names == {
        1: "briefing-access-to-city-services-ann-ward-of-ann.md",  # the recipient
        2: "briefing-access-to-city-services-bob-ward-of-bob.md",
        3: "briefing-access-to-city-services-cy-ward-of-cy.md",
    }
    again = run(councillors(["Ann", "Dee", "Bob", "Cy"]), out, name_pattern=None)
    assert {r.row: r.status for r in again} == {1: SKIPPED, 2: WRITTEN, 3: SKIPPED, 4: SKIPPED}
    assert {r.row: r.path.name for r in again if r.path}[2].endswith("-dee-ward-of-dee.md")
    assert len(list(out.glob("*.md"))) == 4


def test_dates_from_a_row_give_the_template_name_not_doctype_n(tmp_path):
    rows = [{"committee": "Budget", "meeting_date": "2026-12-03"}]
    assert _names("deputation-letter", rows) == ["deputation-budget-2026-12-03.md"]


def _names(doctype, rows):
    settings = batch_settings(doctype, sources=[AnswerSource("a", {})], fmt="md", letterhead=None,
                              overwrite=False, combine=None, template_dirs=(), now=NOW)  # fmt: skip
    table = rows_from_mappings(rows)
    prints = [row_fingerprint(row.values) for row in table.rows]
    return file_names(table, settings, {}, None, {}, prints)


def test_colliding_names_keep_the_recorded_row_when_a_twin_is_inserted_before_it(tmp_path):
    out = tmp_path / "out"
    rows = [{"name": "Ann", "district_name": "Ward 1", "email": "ann@x.org"}]
    run(rows, out, name_pattern="{name}")
    twin = {"name": "Ann", "district_name": "Ward 9", "email": "ann9@x.org"}
    again = run([twin, *rows], out, name_pattern="{name}")
    assert {r.row: (r.status, r.path.name) for r in again} == {
        1: (WRITTEN, "Ann-2.md"),
        2: (SKIPPED, "Ann.md"),
    }
    assert "Ward 9" in (out / "Ann-2.md").read_text(encoding="utf-8")


def test_an_existing_file_made_from_another_row_is_neither_skipped_nor_replaced(tmp_path):
    out = tmp_path / "out"
    run(councillors(["Ann"]), out, name_pattern="{name}")
    changed = [{"name": "Ann", "district_name": "Ward 12"}]
    (result,) = run(changed, out, name_pattern="{name}")
    assert result.status == FAILED and "made from another row" in result.error
    assert "Ward of Ann" in (out / "Ann.md").read_text(encoding="utf-8")
    stray = out / "Bob.md"
    stray.write_text("someone's own file", encoding="utf-8")
    (result,) = run(councillors(["Bob"]), out, name_pattern="{name}")
    assert result.status == FAILED and "no manifest in the folder records" in result.error
    assert stray.read_text(encoding="utf-8") == "someone's own file"


def test_disk_full_is_a_clear_row_error_with_no_partial_file_and_an_honest_manifest(
    tmp_path, monkeypatch
):
    out = tmp_path / "out"
    real_open, real_write, temporary = os.open, os.write, []

    def open_(path, flags, mode=0o777, *args, **kwargs):
        handle = real_open(path, flags, mode, *args, **kwargs)
        if str(path).endswith(".tmp"):
            temporary.append(handle)
        return handle

    def write(handle, data):
        if len(temporary) == 2 and handle == temporary[1]:  # the second document's file
            real_write(handle, bytes(data[:10]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(handle, data)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "write", write)
    results = {r.row: r for r in run(councillors(["Ann", "Bob", "Cy"]), out, name_pattern="{name}")}
    assert results[2].status == FAILED
    assert results[2].error == f"Cannot write {out / 'Bob.md'}: No space left on device"
    assert sorted(p.name for p in out.iterdir()) == ["Ann.md", "Cy.md", "manifest.csv"]
    manifest = read_manifest(out / "manifest.csv")
    assert [(m["status"], m["file"]) for m in manifest] == [
        (WRITTEN, "Ann.md"),
        (FAILED, ""),
        (WRITTEN, "Cy.md"),
    ]


@pytest.mark.parametrize("pattern", ["{name:d}", "{name!r}", "{name.attr}", "{name[0]}", "{x:{y}}"])
def test_name_patterns_with_specs_or_conversions_are_one_line_errors(pattern, tmp_path):
    with pytest.raises(AdvocateError) as caught:
        pattern_fields(pattern)
    assert f"--name '{pattern}'" in str(caught.value) and "\n" not in str(caught.value)
    rows = tmp_path / "rows.csv"
    rows.write_text("name\nAnn\n", encoding="utf-8")
    result = run_cli("batch", "briefing-note", rows, "--name", pattern, "--out", tmp_path,
                     expect=1)  # fmt: skip
    assert result.stderr.startswith(f"Error: --name '{pattern}'")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("CON", "CON-file"),
        ("con.txt", "con-file.txt"),
        ("Nul .docx", "Nul-file.docx"),
        ("LPT9", "LPT9-file"),
        ("COM\u00b9", "COM\u00b9-file"),
        ("report\u202egpj.exe", "reportgpj.exe"),
        ("Ann\u200b Lee\u2066", "Ann Lee"),
    ],
)
def test_reserved_and_invisible_characters(name, safe):
    assert safe_filename(name) == safe


RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in [*"0123456789", "\u00b9", "\u00b2", "\u00b3"]
}


@given(st.text())
def test_any_text_becomes_a_safe_name(name):
    safe = safe_filename(name)
    assert safe and safe == safe.strip(" .")
    assert not any(ch in safe for ch in '/\\<>:"|?*') and ".." not in safe
    assert not any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E or ch == "\u200b" for ch in safe)
    assert safe.partition(".")[0].rstrip().casefold() not in RESERVED
    assert len(f"{safe}-99.docx".encode()) <= 255
