"""Every built-in document type opens in LibreOffice; its text is checked against golden files.

What is compared does not depend on the fonts installed (Liberation Sans where Word has Arial,
DejaVu Sans where neither is): the golden file holds the paragraphs LibreOffice reads, one a
line and in document order, from its plain-text export, which never wraps a line. The PDF is
then checked for what matters on paper: every character of those paragraphs is printed, every
page carries the organisation and its "Page N of M", and the letters fit on two pages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import advocate
from advocate.templates import template_names
from conftest import NOW, example_answers
from lo import docx_to_paragraphs, docx_to_pdf, pdf_page_count, pdf_to_text

pytestmark = pytest.mark.libreoffice

BUILT_IN = sorted(template_names())
HEADER = "Northside Newcomer Centre"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, str]]:
    """Draft each built-in type from its example answers; read it back with LibreOffice."""
    folder = tmp_path_factory.mktemp("lo-docs")
    results = {}
    for doctype in BUILT_IN:
        draft = advocate.draft(
            doctype, example_answers(doctype), output=folder / f"{doctype}.docx", now=NOW
        )
        pdf = docx_to_pdf(draft.output, folder)
        results[doctype] = (pdf, pdf_to_text(pdf), docx_to_paragraphs(draft.output, folder))
    return results


def paragraphs(text: str) -> str:
    """One paragraph a line, spaces inside a paragraph folded, empty paragraphs left out."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_paragraphs_read_back_by_libreoffice_match_golden(doctype: str, rendered, golden) -> None:
    _, _, text = rendered[doctype]
    golden(f"{doctype}.lo.txt", paragraphs(text))


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_the_pdf_prints_every_character_of_every_paragraph(doctype: str, rendered) -> None:
    _, printed, text = rendered[doctype]
    missing = Counter("".join(text.split())) - Counter("".join(printed.split()))
    assert not missing, f"characters LibreOffice read but did not print: {missing}"


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_every_page_has_the_organisation_and_its_page_number(doctype: str, rendered) -> None:
    pdf, text, _ = rendered[doctype]
    pages = text.split("\f")
    count = pdf_page_count(pdf)
    for number, page in enumerate(pages[:count], start=1):
        assert HEADER in page
        assert f"Page {number} of {count}" in page


@pytest.mark.parametrize("doctype", ["briefing-note", "deputation-letter"])
def test_letters_and_notes_fit_on_two_pages(doctype: str, rendered) -> None:
    pdf, _, _ = rendered[doctype]
    assert pdf_page_count(pdf) <= 2


def test_hyperlinks_and_tables_survive_in_libreoffice(rendered) -> None:
    _, text, _ = rendered["briefing-note"]
    assert "citiesofmigration.ca/good_idea/access-without-fear" in text.replace("\n", "").replace(
        " ", ""
    )
    assert "Adopt with an" in text and "Drawbacks" in text  # table cells (they may wrap)
    _, agenda, _ = rendered["meeting-agenda"]
    assert re.search(r"6:55\s+(p\.m\.\s+)?3\. Agree who", agenda)
