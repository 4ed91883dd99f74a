"""Acceptance test of issue 5: a letterhead made in LibreOffice, a profile set once, four documents.

The letterhead is written by LibreOffice itself: a flat ODT (empty header, "Page N of M" footer,
one paragraph style) converted to .docx with ``soffice``. It lacks Heading, List, Quote and Table
Grid styles, as letterheads made by hand do. Each drafted document is converted to PDF with
LibreOffice; pdftotext and pdfimages check the name, the page numbers and the logo on every page.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import example_answers, run_cli
from lo import TIMEOUT, docx_to_pdf, pdf_page_count, pdf_to_text, require_soffice

pytestmark = pytest.mark.libreoffice

DOCTYPES = ["briefing-note", "deputation-letter", "meeting-agenda", "thank-you-letter"]
ORGANISATION = "Riverside Welcome Network"
SIGNATORY = "Sam Rivera"
# An 8x8 red PNG (the logo).
LOGO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQMAAAD+wSzIAAAABlBMVEX/AAD///9BHTQRAAAADklEQVR4nGP4"
    "z8AARAAA/wf/AcdzQNcAAAAASUVORK5CYII="
)
# What the profile answers; the documents get everything else from their example answers.
PROFILE_IDS = {"organisation", "organisation_address", "contact_name", "contact_title",
               "contact_email", "contact_phone", "council_name", "locale", "committee"}  # fmt: skip

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:text-properties fo:font-size="11pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
    fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="1cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="1cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p text:style-name="Standard"/></style:header>
   <style:footer><text:p text:style-name="Standard">Page <text:page-number
    text:select-page="current">1</text:page-number> of <text:page-count>1</text:page-count></text:p>
   </style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text><text:p text:style-name="Standard"/></office:text></office:body>
</office:document>
"""


def convert_with_soffice(source: Path, target_format: str, work: Path) -> Path:
    """Convert a file with LibreOffice (private profile) and return the converted file."""
    soffice = require_soffice()
    out_dir = work / "converted"
    command = [soffice, f"-env:UserInstallation={(work / 'lo-profile').resolve().as_uri()}",
               "--headless", "--norestore", "--convert-to", target_format,
               "--outdir", str(out_dir), str(source)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    converted = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    if not converted.exists():
        pytest.fail(f"LibreOffice did not convert {source} to {target_format}")
    return converted


@pytest.fixture(scope="module")
def lo_letterhead(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A letterhead .docx written by LibreOffice."""
    work = tmp_path_factory.mktemp("letterhead")
    source = work / "our-letterhead.fodt"
    source.write_text(FODT, encoding="utf-8")
    return convert_with_soffice(source, "docx:MS Word 2007 XML", work)


@pytest.fixture
def profile_file(tmp_path: Path, lo_letterhead: Path) -> Path:
    """A profile made once with ``advocate profile init --answers``."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO_PNG)
    answers = tmp_path / "organisation.yaml"
    answers.write_text(
        f"name: {ORGANISATION}\nsignatory_name: {SIGNATORY}\nsignatory_title: Coordinator\n"
        "email: sam@riverside.example.org\nphone: 613-555-0199\n"
        "address: 4 River Road, Ottawa ON\ncouncil: City of Ottawa\n"
        "committee: Community Services Committee\nlocale: en-CA\n"
        f"logo: {logo}\nletterhead: {lo_letterhead}\n",
        encoding="utf-8",
    )
    profile = tmp_path / "profile.yaml"
    run_cli("profile", "init", "--answers", answers, "--profile", profile, "--no-input")
    return profile


def document_answers(doctype: str, folder: Path) -> Path:
    """Only the document-specific example answers, written to an answers file."""
    from advocate.yamlio import dump_yaml

    answers = {k: v for k, v in example_answers(doctype).items() if k not in PROFILE_IDS}
    path = folder / f"{doctype}.yaml"
    path.write_text(dump_yaml(answers), encoding="utf-8")
    return path


def pages_with_images(pdf: Path) -> set[int]:
    """The pages on which ``pdfimages -list`` finds an image."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages (poppler-utils) is not installed")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             timeout=TIMEOUT, check=True).stdout  # fmt: skip
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    return {int(row[0]) for row in rows if row[2] == "image"}


def test_templates_check_reports_the_libreoffice_letterhead(lo_letterhead: Path) -> None:
    result = run_cli("templates", "check", lo_letterhead)
    assert "  - List Bullet: " in result.stdout
    assert "  - Table Grid: " in result.stdout
    assert "Footer: yes" in result.stdout
    assert "Page number: yes" in result.stdout


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_profile_letterhead_logo_and_page_numbers_on_every_page(
    doctype: str, profile_file: Path, tmp_path: Path
) -> None:
    answers = document_answers(doctype, tmp_path)
    output = tmp_path / f"{doctype}.docx"
    result = run_cli("draft", doctype, "--answers", answers, "--profile", profile_file,
                     "--no-input", "-o", output)  # fmt: skip
    assert "Warning: The letterhead has no 'Heading 1' style" in result.stderr
    pdf = docx_to_pdf(output, tmp_path)
    pages = pdf_to_text(pdf).split("\f")
    pages = [page for page in pages if page.strip()]
    for number, page in enumerate(pages, start=1):
        assert ORGANISATION in page, f"page {number} lacks the organisation's name"
        assert f"Page {number} of {len(pages)}" in page
    assert pages_with_images(pdf) == set(range(1, len(pages) + 1))
    if doctype != "meeting-agenda":  # the agenda has no signature
        assert SIGNATORY in "".join(pages)


def test_a_two_page_document_numbers_both_pages(profile_file: Path, tmp_path: Path) -> None:
    answers = document_answers("briefing-note", tmp_path)
    output = tmp_path / "note.docx"
    longer = (
        "equity=" + "Residents without status avoid city counters. " * 60
    )  # 2+ pages in any font
    run_cli("draft", "briefing-note", "--answers", answers, "--profile", profile_file,
            "--set", longer, "--no-input", "-o", output)  # fmt: skip
    pdf = docx_to_pdf(output, tmp_path)
    pages, text = pdf_page_count(pdf), pdf_to_text(pdf)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
