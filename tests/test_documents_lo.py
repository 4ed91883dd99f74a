"""Every built-in document type opens in LibreOffice; its text is checked against golden files.

The golden files hold the PDF text with whitespace folded and the running header and footer
taken out, so that a different line wrap does not count as a change but any word does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import advocate
from advocate.templates import template_names
from conftest import NOW, example_answers
from lo import docx_to_pdf, pdf_page_count, pdf_to_text

pytestmark = pytest.mark.libreoffice

BUILT_IN = sorted(template_names())
HEADER = "Northside Newcomer Centre"
FOOTER = re.compile(r"Page \d+ of \d+")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Draft each built-in type from its example answers and convert it with LibreOffice."""
    folder = tmp_path_factory.mktemp("lo-docs")
    results = {}
    for doctype in BUILT_IN:
        draft = advocate.draft(
            doctype, example_answers(doctype), output=folder / f"{doctype}.docx", now=NOW
        )
        pdf = docx_to_pdf(draft.output, folder)
        results[doctype] = (pdf, pdf_to_text(pdf))
    return results


def folded_body(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    body = [line for line in lines if line and line != HEADER and not FOOTER.fullmatch(line)]
    return re.sub(r"\s+", " ", " ".join(body)).strip() + "\n"


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_text_read_back_from_libreoffice_matches_golden(doctype: str, rendered, golden) -> None:
    _, text = rendered[doctype]
    golden(f"{doctype}.pdf.txt", folded_body(text))


@pytest.mark.parametrize("doctype", BUILT_IN)
def test_every_page_has_the_organisation_and_its_page_number(doctype: str, rendered) -> None:
    pdf, text = rendered[doctype]
    pages = text.split("\f")
    count = pdf_page_count(pdf)
    for number, page in enumerate(pages[:count], start=1):
        assert HEADER in page
        assert f"Page {number} of {count}" in page


@pytest.mark.parametrize("doctype", ["briefing-note", "deputation-letter"])
def test_letters_and_notes_fit_on_two_pages(doctype: str, rendered) -> None:
    pdf, _ = rendered[doctype]
    assert pdf_page_count(pdf) <= 2


def test_hyperlinks_and_tables_survive_in_libreoffice(rendered) -> None:
    _, text = rendered["briefing-note"]
    assert "citiesofmigration.ca/good_idea/access-without-fear" in text.replace("\n", "").replace(
        " ", ""
    )
    assert "Adopt with an" in text and "Drawbacks" in text  # table cells (they may wrap)
    _, agenda = rendered["meeting-agenda"]
    assert re.search(r"6:55\s+(p\.m\.\s+)?3\. Agree who", agenda)
