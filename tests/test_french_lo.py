"""French (fr-CA) documents on paper: every type, A4 and Letter, checked page by page in LibreOffice.

Every built-in type is drafted in fr-CA with typical and long answers and printed on both paper
sizes in one LibreOffice run. Page by page (``pdftotext -f N -l N``): the closing and the
signatory's name share a page, no page starts with the signature lines alone, and every page's
footer reads "Page N de M". The paragraphs LibreOffice reads back from every type are compared
with golden files (``tests/golden/<type>.fr-CA.lo.txt``).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

import advocate
from advocate import messages
from advocate.api import docx_writer
from advocate.templates import template_names
from conftest import NOW, example_answers
from lo import TIMEOUT, docx_to_paragraphs, require_soffice
from test_layout_lo import answers_of_length, print_all

pytestmark = pytest.mark.libreoffice

BUILT_IN = sorted(template_names())
LENGTHS = ("typical", "long")
SIZES = ("A4", "Letter")
FRENCH = messages.load_catalogue("fr")
SINCERELY = FRENCH.get("common.sincerely")
# Per type: the closing line, and the answer whose text starts the line that must share its page.
CLOSINGS = {
    "briefing-note": (FRENCH.get("briefing.prepared_by"), "contact_name"),
    "budget-submission": (SINCERELY, "contact_name"),
    "deputation-letter": (SINCERELY, "contact_name"),
    "meeting-agenda": (FRENCH.get("agenda.next_meeting"), "next_meeting"),
    "meeting-invitation": (FRENCH.get("invitation.hope_to_see_you"), "contact_name"),
    "minister-letter": (SINCERELY, "contact_name"),
    "sign-on-letter": (SINCERELY, None),  # the "Signée par" heading and its table follow
    "speaking-script": ("4. " + FRENCH.get("script.closing"), None),  # then the thanks
    "story-consent": (FRENCH.get("consent.signatures"), None),  # the heading, then "J'ai lu..."
    "thank-you-letter": (SINCERELY, "contact_name"),
}
GOLDEN_TYPES = BUILT_IN


def french_answers(doctype: str, length: str) -> dict[str, Any]:
    """The demo's answers in French (the French example answers where a type has them)."""
    base = {**example_answers(doctype), **messages.example_answers("fr").get(doctype, {})}
    return answers_of_length(doctype, length, "fr-CA", base)


def signature_lines(answers: dict[str, Any]) -> tuple[str, ...]:
    """The starts of the lines of a signature block: closing, name, title, address, web, email."""
    found = [SINCERELY, FRENCH.get("invitation.hope_to_see_you")]
    for key in ("contact_name", "contact_title", "organisation_address", "organisation_website",
                "contact_email"):  # fmt: skip
        value = answers.get(key)
        if isinstance(value, str) and value:
            found.append(value[:12])
    return tuple(found)


def page_texts(pdf: Path) -> list[list[str]]:
    """The non-empty lines of each page, the running header and footer included."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=TIMEOUT,
                          check=True).stdout  # fmt: skip
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    result = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(pdf), "-"], capture_output=True, text=True, timeout=TIMEOUT,
                              check=True).stdout  # fmt: skip
        result.append([line.strip() for line in text.splitlines() if line.strip()])
    return result


def body(page: list[str], header: str) -> list[str]:
    """A page's lines without the running header (the organisation) and the page number."""
    return [line for line in page if line != header and not line.startswith("Page ")]


@pytest.fixture(scope="module")
def printed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str, str], list[list[str]]]:
    """Every type, length and paper size drafted in fr-CA and printed; the lines of each page."""
    require_soffice()
    folder = tmp_path_factory.mktemp("french")
    writer = docx_writer(None)
    cases = [(d, n, s) for d in BUILT_IN for n in LENGTHS for s in SIZES]
    docx = []
    for doctype, length, size in cases:
        planned = advocate.plan_draft(doctype, french_answers(doctype, length), now=NOW)
        assert planned.meta.language == "fr-CA"
        meta = dataclasses.replace(planned.meta, page_size=size)
        output = folder / f"{doctype}-{length}-{size}.docx"
        output.write_bytes(writer.render(planned.text, meta))
        docx.append(output)
    print_all(docx, folder)
    return {
        case: page_texts(path.with_suffix(".pdf")) for case, path in zip(cases, docx, strict=True)
    }


CASES = [(d, n, s) for d in BUILT_IN for n in LENGTHS for s in SIZES]


@pytest.mark.parametrize(("doctype", "length", "size"), CASES)
def test_every_page_reads_page_n_de_m(doctype: str, length: str, size: str, printed) -> None:
    document = printed[doctype, length, size]
    for number, page in enumerate(document, 1):
        assert f"Page {number} de {len(document)}" in page, (number, page[-3:])
        assert not any(" of " in line and line.startswith("Page ") for line in page)


@pytest.mark.parametrize(("doctype", "length", "size"), [c for c in CASES if c[0] in CLOSINGS])
def test_the_closing_and_the_signatory_share_a_page(
    doctype: str, length: str, size: str, printed
) -> None:
    closing, key = CLOSINGS[doctype]
    header = french_answers(doctype, length)["organisation"]
    lines = [
        (n, line)
        for n, page in enumerate(printed[doctype, length, size], 1)
        for line in body(page, header)
    ]
    at = max(index for index, (_, line) in enumerate(lines) if line == closing)
    assert at + 1 < len(lines), f"'{closing}' is the last line of the document"
    following = lines[at + 1]
    if key is not None:
        start = str(french_answers(doctype, length)[key])[:12]
        following = next(item for item in lines[at + 1 :] if item[1].startswith(start))
    assert lines[at][0] == following[0], (
        f"'{closing}' on page {lines[at][0]}, '{following[1]}' on {following[0]}"
    )


@pytest.mark.parametrize(("doctype", "length", "size"), CASES)
def test_no_page_starts_with_the_signature_alone(
    doctype: str, length: str, size: str, printed
) -> None:
    answers = french_answers(doctype, length)
    starts = signature_lines(answers)
    for number, page in enumerate(printed[doctype, length, size][1:], 2):
        lines = body(page, answers["organisation"])
        assert lines, f"page {number} is empty"
        assert not all(line.startswith(starts) for line in lines), f"page {number}: {lines}"


@pytest.mark.parametrize("doctype", GOLDEN_TYPES)
def test_french_paragraphs_read_back_by_libreoffice_match_golden(
    doctype: str, tmp_path: Path, golden
) -> None:
    values = {**french_answers(doctype, "typical")}
    result = advocate.draft(doctype, values, output=tmp_path / f"{doctype}.docx", now=NOW)
    text = docx_to_paragraphs(result.output, tmp_path)
    golden(f"{doctype}.fr-CA.lo.txt", paragraphs(text))


def paragraphs(text: str) -> str:
    """One paragraph a line, runs of plain spaces folded; non-breaking spaces stay as they are."""
    lines = (re.sub("[ \t]+", " ", line).strip(" \t") for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"
