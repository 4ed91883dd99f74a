"""A corpus of hostile files (tests/hostile/): each ends in a document or an AdvocateError.

Every case runs ``tests/hostile/check.py`` in a child process limited to 5 seconds and 1 GiB of
address space, so a file that hangs advocate or eats its memory fails one test and nothing else.
Any exception other than an ``AdvocateError`` (a traceback for the user) fails too.
The letterheads (a zip bomb, an external entity, a remote template) and the workbooks are built
here, from a plain Word file and with openpyxl.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

HOSTILE = Path(__file__).parent / "hostile"
CHECK = HOSTILE / "check.py"
SECONDS = 5  # the issue asks for a refusal in well under a second
MEMORY = 1 << 30
ACCEPTED = {"document", "advocate-error", "row-errors"}
pytestmark = pytest.mark.slow  # one child process per file, and some run into the time limit


CASES = [
    ("answers", "answers-bad-utf8.yaml"),
    ("answers", "answers-billion-laughs.yaml"),
    ("answers", "answers-bom-controls.yaml"),
    ("answers", "answers-deep-nesting.json"),
    ("answers", "answers-duplicate-keys.json"),
    ("answers", "answers-huge-numbers.json"),
    ("answers", "answers-not-a-mapping.yaml"),
    ("answers", "answers-surrogates.json"),
    ("answers", "answers-tags.yaml"),
    ("rows", "rows-formula-markdown.csv"),
    ("rows", "rows-nul.csv"),
    ("rows", "rows-old-excel.xls"),
    ("rows", "rows-unclosed-quote.csv"),
    ("rows", "rows-utf16.csv"),
    ("letterhead", "letterhead-not-a-zip.docx"),
    ("template", "template-billion-laughs.md.j2"),
    ("template", "template-catastrophic-regex.md.j2"),
    ("template", "template-huge-range.md.j2"),
    ("template", "template-huge-repeat.md.j2"),
    ("template", "template-include.md.j2"),
    ("template", "template-sandbox-escape.md.j2"),
]  # fmt: skip


def check(kind: str, path: Path, work: Path) -> dict[str, object]:
    """Run one case in a child process with a time and memory limit; return its report."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        done = subprocess.run([sys.executable, str(CHECK), kind, str(path), str(work)],
                              capture_output=True, text=True, timeout=SECONDS, env=env,
                              preexec_fn=limit, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: still running after {SECONDS} s")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        pytest.fail(f"{path.name}: exit {done.returncode}\n{done.stderr[-2000:]}")
    report: dict[str, object] = json.loads(lines[-1])
    return report


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_hostile_file_gives_a_document_or_a_clear_error(kind: str, name: str, tmp_path: Path):
    report = check(kind, HOSTILE / name, tmp_path)
    assert report["outcome"] in ACCEPTED, report


def _plain_docx(folder: Path) -> Path:
    path = folder / "plain.docx"
    docx.Document().save(str(path))
    return path


def _rewrite(source: Path, target: Path, extra: dict[str, bytes], edit=None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            out.writestr(item, edit(item.filename, data) if edit else data)
        for name, data in extra.items():
            out.writestr(name, data)
    return target


def _zip_bomb(source: Path, target: Path) -> Path:
    """A letterhead whose styles part inflates to 600 MB (about 600 KB on disk)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "word/styles.xml":
                with out.open(item.filename, "w") as part:
                    part.write(src.read(item.filename).replace(b"</w:styles>", b""))
                    for _ in range(600):
                        part.write(b" " * (1 << 20))
                    part.write(b"</w:styles>")
            else:
                out.writestr(item, src.read(item.filename))
    return target


def _external_entity(name: str, data: bytes) -> bytes:
    if name != "word/styles.xml":
        return data
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    doctype = b'<!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return data.replace(head, head + doctype, 1)


def _remote_template(name: str, data: bytes) -> bytes:
    if name != "word/settings.xml":
        return data
    return data.replace(b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rIdT"/><w:defaultTabStop')


LETTERHEADS = {
    "zip-bomb": pytest.param("bomb"),
    "external-entity": pytest.param("xxe"),
    "attached-template": pytest.param("remote"),
}


@pytest.mark.parametrize("which", LETTERHEADS.values(), ids=LETTERHEADS.keys())
def test_hostile_letterhead_gives_a_document_or_a_clear_error(which: str, tmp_path: Path):
    plain = _plain_docx(tmp_path)
    target = tmp_path / f"{which}.docx"
    if which == "bomb":
        _zip_bomb(plain, target)
    elif which == "xxe":
        _rewrite(plain, target, {}, _external_entity)
    else:
        _rewrite(plain, target, {}, _remote_template)
    report = check("letterhead", target, tmp_path)
    assert report["outcome"] in ACCEPTED, report


def _workbook(path: Path, kind: str) -> Path:
    import openpyxl  # heavy: only this test builds workbooks

    book = openpyxl.Workbook()
    sheet = book.active
    if kind == "blank-first-sheet":
        sheet = book.create_sheet("Rows")
    sheet.append(["recipient", "subject"])
    if kind == "formula-without-value":
        sheet.append(['=CONCAT("Council", "lor A")', "Hello"])
    elif kind == "error-value":
        sheet.append(["Councillor A", "#DIV/0!"])
    else:
        sheet.append(["# Councillor A", "1. Hello"])
    book.save(path)
    return path


WORKBOOKS = [
    "formula-without-value",
    "error-value",
    ("blank-first-sheet"),
    "markdown",
]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_hostile_workbook_gives_a_document_or_a_clear_error(kind: str, tmp_path: Path) -> None:
    report = check("rows", _workbook(tmp_path / f"{kind}.xlsx", kind), tmp_path)
    assert report["outcome"] in ACCEPTED, report
