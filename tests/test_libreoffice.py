"""Rendered documents survive a real LibreOffice: text, lists, tables, header, footer fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocate.models import DocumentMeta
from advocate.word.writer import DocxWriter
from lo import docx_to_pdf, docx_to_text, pdf_page_count, pdf_to_text

pytestmark = pytest.mark.libreoffice

META = DocumentMeta(
    title="Briefing note",
    author="North Ward Residents",
    created=dt.datetime(2026, 11, 20, 9, 30),
    header_text="North Ward Residents' Association",
    footer_text="clerk@example.org",
)

NOTE = """\
# Opening city services

## Asks

1. Direct staff to draft a policy
2. Consult residents

- Posters in ten languages
  - Scripts for counter staff

| Option | Cost |
|---|---|
| Staff guidance only | Low |

Read the [Toronto policy](https://example.org/policy).

مرحبا بكم في المدينة
"""


def test_note_converts_with_everything_visible(tmp_path: Path) -> None:
    path = tmp_path / "note.docx"
    path.write_bytes(DocxWriter().render(NOTE, META))
    text = docx_to_text(path, tmp_path)
    for expected in (
        "Opening city services",
        "1. Direct staff to draft a policy",
        "2. Consult residents",
        "Posters in ten languages",
        "Scripts for counter staff",
        "Staff guidance only",
        "Toronto policy",
        "North Ward Residents' Association",
        "clerk@example.org",
        "Page 1 of 1",
        "مرحبا",
    ):
        assert expected in text, expected


def test_second_numbered_list_restarts_and_pages_count(tmp_path: Path) -> None:
    markdown = (
        "1. one\n2. two\n\nText between.\n\n1. uno\n2. dos\n\n" + "Filler paragraph.\n\n" * 80
    )
    path = tmp_path / "lists.docx"
    path.write_bytes(DocxWriter().render(markdown, META))
    pdf = docx_to_pdf(path, tmp_path)
    text = pdf_to_text(pdf)
    assert "1. uno" in text and "3. uno" not in text
    pages = pdf_page_count(pdf)
    assert pages >= 2
    assert f"Page 2 of {pages}" in text
