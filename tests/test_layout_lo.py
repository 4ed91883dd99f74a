"""Documents hold together on paper: checked page by page in PDFs LibreOffice prints.

Every built-in type is drafted with short, typical and long answers, on Letter (en-CA) and A4
(en-GB) paper, and all of them are printed in one LibreOffice run. Then, page by page
(``pdftotext -f N -l N``): the closing and the signatory's name are on the same page, no page
starts with the signature lines alone, and an agenda time never wraps inside its cell.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import advocate
from advocate.templates import template_names
from conftest import NOW, example_answers
from lo import TIMEOUT, require_soffice

pytestmark = pytest.mark.libreoffice

BUILT_IN = sorted(template_names())
LENGTHS = ("short", "typical", "long")
LOCALES = ("en-CA", "en-GB")  # Letter and A4 paper
HEADER = "Northside Newcomer Centre"
# Per type: the closing line, and the start of the line that must share its page.
CLOSINGS = {
    "briefing-note": ("Prepared by", "Amina Yusuf"),
    "deputation-letter": ("Sincerely,", "Amina Yusuf"),
    "meeting-agenda": ("Next meeting", "January 14"),
    "thank-you-letter": ("Sincerely,", "Amina Yusuf"),
}
SIGNATURE_LINES = ("Sincerely,", "Amina Yusuf", "Executive Director", "12 Elm Street",
                   "https://northside", "amina@")  # fmt: skip
LONG_LISTS = ("items", "commitments", "options", "action_items")


def answers_of_length(
    doctype: str, length: str, locale: str, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The example answers (or ``base``) cut to one sentence each (short), as they are, or padded."""
    answers = {**(base or example_answers(doctype)), "locale": locale}
    for key, value in answers.items():
        if length == "short" and isinstance(value, str) and ". " in value:
            answers[key] = value.split(". ")[0] + "."
        elif length == "short" and isinstance(value, list) and value:
            answers[key] = value[:1]
        elif length == "long" and isinstance(value, str) and len(value) > 60:
            answers[key] = " ".join([value] * 4)
        elif length == "long" and key in LONG_LISTS:
            answers[key] = value * 3
    return answers


def print_all(docx: list[Path], folder: Path) -> None:
    """Print every document to PDF in one LibreOffice run (one start-up for all of them)."""
    profile = (folder / "lo-profile").resolve().as_uri()
    command = [require_soffice(), f"-env:UserInstallation={profile}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=TIMEOUT * 4, check=True)


def pages(pdf: Path) -> list[list[str]]:
    """The non-empty lines of each page, running headers and footers left out."""
    count_line = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                timeout=TIMEOUT, check=True).stdout  # fmt: skip
    count = int(
        next(line.split()[1] for line in count_line.splitlines() if line.startswith("Pages:"))
    )
    result = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(pdf), "-"], capture_output=True, text=True, timeout=TIMEOUT,
                              check=True).stdout  # fmt: skip
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if line != HEADER and not line.startswith("Page ")]
        result.append(body)
    return result


@pytest.fixture(scope="module")
def printed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str, str], list[list[str]]]:
    """Every type, length and paper size, drafted and printed; the lines of each page."""
    folder = tmp_path_factory.mktemp("layout")
    cases = [(d, n, loc) for d in BUILT_IN for n in LENGTHS for loc in LOCALES]
    docx = []
    for doctype, length, locale in cases:
        output = folder / f"{doctype}-{length}-{locale}.docx"
        advocate.draft(doctype, answers_of_length(doctype, length, locale), output=output, now=NOW)
        docx.append(output)
    print_all(docx, folder)
    return {case: pages(path.with_suffix(".pdf")) for case, path in zip(cases, docx, strict=True)}


CASES = [(d, n, loc) for d in CLOSINGS for n in LENGTHS for loc in LOCALES]


@pytest.mark.parametrize(("doctype", "length", "locale"), CASES)
def test_the_closing_and_the_signatory_share_a_page(
    doctype: str, length: str, locale: str, printed
) -> None:
    document = printed[doctype, length, locale]
    closing, signatory = CLOSINGS[doctype]
    lines = [(number, line) for number, page in enumerate(document, 1) for line in page]
    at = max(index for index, (_, line) in enumerate(lines) if line == closing)
    name_page = next(number for number, line in lines[at + 1 :] if line.startswith(signatory))
    assert lines[at][0] == name_page, (
        f"'{closing}' on page {lines[at][0]}, '{signatory}' on {name_page}"
    )


@pytest.mark.parametrize(("doctype", "length", "locale"), CASES)
def test_no_page_starts_with_the_signature_alone(
    doctype: str, length: str, locale: str, printed
) -> None:
    for number, page in enumerate(printed[doctype, length, locale][1:], 2):
        assert page, f"page {number} is empty"
        alone = all(line.startswith(SIGNATURE_LINES) for line in page)
        assert not alone, f"page {number} holds only signature lines: {page}"


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_agenda_times_stay_on_one_line(length: str, locale: str, printed) -> None:
    lines = [line for page in printed["meeting-agenda", length, locale] for line in page]
    rows = [line for line in lines if line[:1].isdigit() and ":" in line.split()[0]]
    assert rows, "the agenda table printed no times"
    twelve_hour = [line.split()[1] in ("a.m.", "p.m.") for line in rows]
    assert all(twelve_hour) if locale == "en-CA" else not any(twelve_hour), rows
    assert "p.m." not in lines and "a.m." not in lines  # a wrapped time leaves its half alone
