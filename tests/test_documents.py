"""The built-in document types as Word files: structure (golden), metadata and bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import advocate
from advocate.errors import LetterheadError
from conftest import NOW, example_answers

DOCTYPES = ["briefing-note", "deputation-letter", "meeting-agenda", "thank-you-letter"]


def structure(path: Path) -> str:
    """(style, text) of every paragraph and table cell: what a golden file holds."""
    document = docx.Document(str(path))
    lines = [f"[{p.style.name if p.style else None}] {p.text}" for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("| " + " | ".join(cell.text for cell in row.cells) + " |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_document_structure_matches_golden(doctype: str, tmp_path: Path, golden) -> None:
    result = advocate.draft(doctype, example_answers(doctype), out_dir=tmp_path, now=NOW)
    golden(f"{doctype}.structure.txt", structure(result.output))
    golden(f"{doctype}.md", result.text)


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_core_properties_and_header(doctype: str, tmp_path: Path) -> None:
    result = advocate.draft(doctype, example_answers(doctype), out_dir=tmp_path, now=NOW)
    document = docx.Document(str(result.output))
    props = document.core_properties
    assert props.author == "Northside Newcomer Centre"
    assert props.title and props.title != "python-docx"
    assert props.created is not None and props.created.year == 2026
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Northside Newcomer Centre" in header
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml


def test_page_size_follows_locale(tmp_path: Path) -> None:
    answers = example_answers("briefing-note")
    letter = advocate.draft(
        "briefing-note", answers | {"locale": "en-US"}, output=tmp_path / "us.docx"
    )
    a4 = advocate.draft("briefing-note", answers | {"locale": "en-GB"}, output=tmp_path / "gb.docx")
    us = docx.Document(str(letter.output)).sections[0]
    gb = docx.Document(str(a4.output)).sections[0]
    assert us.page_width and us.page_height and gb.page_width and gb.page_height
    assert round(us.page_width.inches, 2) == 8.5 and round(us.page_height.inches, 2) == 11
    assert round(gb.page_width.mm) == 210 and round(gb.page_height.mm) == 297


def test_control_characters_never_crash_a_draft(tmp_path: Path) -> None:
    answers = example_answers("briefing-note") | {
        "background": "first\x00 part\x0bsecond line\x0cthird \ufffe\uffff end \x1b[31m",
    }
    result = advocate.draft("briefing-note", answers, output=tmp_path / "c.docx")
    text = "\n".join(p.text for p in docx.Document(str(result.output)).paragraphs)
    assert "first part" in text and "second line" in text and "end" in text


def test_hostile_answers_appear_literally_in_the_word_file(tmp_path: Path) -> None:
    hostile = "**bold?** # {{ 7*7 }} <script>x</script> [link](http://evil.example) | 1. one"
    result = advocate.draft(
        "briefing-note",
        example_answers("briefing-note") | {"purpose": hostile},
        output=tmp_path / "h.docx",
    )
    document = docx.Document(str(result.output))
    purpose = next(p for p in document.paragraphs if p.text.startswith("**bold?**"))
    assert purpose.text == hostile
    assert not any(run.bold for run in purpose.runs)
    xml = zipfile.ZipFile(result.output).read("word/document.xml").decode()
    assert (
        "evil.example"
        not in zipfile.ZipFile(result.output).read("word/_rels/document.xml.rels").decode()
    )
    assert "&lt;script&gt;" in xml


def test_right_to_left_answers_get_right_to_left_paragraphs(tmp_path: Path) -> None:
    arabic = "نطلب من المجلس فتح الخدمات لجميع السكان"
    result = advocate.draft(
        "briefing-note",
        example_answers("briefing-note") | {"purpose": arabic},
        output=tmp_path / "rtl.docx",
    )
    document = docx.Document(str(result.output))
    purpose = next(p for p in document.paragraphs if p.text == arabic)
    assert purpose._p.pPr is not None
    assert purpose._p.pPr.find(qn("w:bidi")) is not None
    english = next(p for p in document.paragraphs if p.text.startswith("Many residents"))
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_dotx_letterhead_gets_a_clear_message(tmp_path: Path) -> None:
    source = tmp_path / "plain.docx"
    docx.Document().save(str(source))
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    dotx = tmp_path / "letterhead.dotx"
    dotx.write_bytes(buffer.getvalue())
    with pytest.raises(LetterheadError, match=r"save it as a Word document \(\.docx\)"):
        advocate.draft(
            "briefing-note",
            example_answers("briefing-note"),
            output=tmp_path / "x.docx",
            letterhead=dotx,
        )
    assert not (tmp_path / "x.docx").exists()


def test_non_word_letterhead_gets_a_clear_message(tmp_path: Path) -> None:
    fake = tmp_path / "letterhead.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(LetterheadError) as info:
        advocate.draft(
            "briefing-note",
            example_answers("briefing-note"),
            output=tmp_path / "x.docx",
            letterhead=fake,
        )
    assert str(fake) in str(info.value)


def test_table_columns_share_width_by_content(tmp_path: Path) -> None:
    result = advocate.draft(
        "meeting-agenda", example_answers("meeting-agenda"), output=tmp_path / "a.docx"
    )
    table = docx.Document(str(result.output)).tables[0]
    widths = [cell.width for cell in table.rows[0].cells]
    time, item, kind, lead, minutes = widths
    assert item == max(widths) and item > 2 * time
    assert min(widths) > 0.1 * sum(widths)  # no column squeezed below a word
