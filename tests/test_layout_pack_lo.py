"""A combined pack numbers each document's pages from 1: one Word section per document.

LibreOffice 7.4 restarts the page numbers of each section but does not compute Word's
``SECTIONPAGES`` field (it prints the field's stored value), so the "of N" part is checked in
the XML: the footer counts the section's pages, never the whole file's.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from advocate.batch.many import draft_many
from conftest import NOW, SHARED_BRIEFING, example_answers
from lo import TIMEOUT, require_soffice

pytestmark = pytest.mark.libreoffice

PAGE = re.compile(r"Page (\d+) of")
ROWS = [
    {"name": f"Alex Example{i}", "district_name": f"Ward {i}", "elected_office": "Councillor"}
    for i in range(1, 4)
]


def printed_page_numbers(docx: list[Path], folder: Path) -> dict[str, list[int]]:
    """Print the files in one LibreOffice run; the page number each page shows, per file."""
    profile = (folder / "lo-profile").resolve().as_uri()
    command = [require_soffice(), f"-env:UserInstallation={profile}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=TIMEOUT * 2, check=True)
    numbers = {}
    for path in docx:
        pdf = folder / f"{path.stem}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, timeout=TIMEOUT, check=True).stdout  # fmt: skip
        numbers[path.stem] = [int(match) for match in PAGE.findall(text)]
    return numbers


def test_each_document_of_a_pack_numbers_its_own_pages(tmp_path: Path) -> None:
    pack = tmp_path / "pack.docx"
    out = tmp_path / "out"
    shared = {k: v for k, v in example_answers("briefing-note").items() if k != "recipient"}
    list(draft_many("briefing-note", ROWS, shared, out_dir=out, fmt="docx", jobs=1,
                    now=NOW, name_pattern="{district_name}", combine=pack))  # fmt: skip
    singles = sorted(out.glob("*.docx"))
    numbers = printed_page_numbers([pack, *singles], tmp_path / "pdf")
    expected = [n for single in singles for n in range(1, len(numbers[single.stem]) + 1)]
    assert numbers["pack"] == expected
    assert numbers["pack"].count(1) == len(ROWS)
    assert max(numbers["pack"]) > 1  # the documents are long enough to show the restart


def test_a_pack_counts_the_pages_of_each_section_and_a_single_document_the_file(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack.docx"
    list(draft_many("briefing-note", ROWS, SHARED_BRIEFING, out_dir=tmp_path, fmt="docx", jobs=1,
                    now=NOW, name_pattern="{district_name}", combine=pack))  # fmt: skip
    with zipfile.ZipFile(pack) as archive:
        document = archive.read("word/document.xml").decode()
        footer = archive.read("word/footer1.xml").decode()
    assert document.count("<w:sectPr") == len(ROWS)
    assert document.count('<w:pgNumType w:start="1"/>') == len(ROWS)
    assert "SECTIONPAGES" in footer and "NUMPAGES" not in footer
    with zipfile.ZipFile(tmp_path / "Ward 1.docx") as archive:
        single = archive.read("word/footer1.xml").decode()
    assert "NUMPAGES" in single and "SECTIONPAGES" not in single
