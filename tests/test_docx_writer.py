"""DocxWriter: Markdown constructs, right-to-left text, headers, logos and package contents."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word.writer import DocxWriter, render_docx
from word_support import CREATED, META, NOTE, part_xml, png, render, styles_of


@pytest.fixture(scope="module")
def writer() -> DocxWriter:
    return DocxWriter()


def test_constructs_map_to_styles(writer: DocxWriter) -> None:
    document = render(writer, NOTE)
    pairs = styles_of(document)
    assert ("Heading 1", "Opening services") in pairs
    assert ("Heading 2", "Asks") in pairs
    assert ("List Number", "first") in pairs
    assert ("List Bullet 2", "nested bullet") in pairs
    assert ("List Bullet", "bullet") in pairs
    assert ("List Number 2", "nested number") in pairs
    assert ("Quote", "A quote.") in pairs
    assert ("Normal", "Intro with bold, italic, gone and code.") in pairs
    assert writer.warnings == ()


def test_inline_formatting_runs(writer: DocxWriter) -> None:
    intro = render(writer, NOTE).paragraphs[1]
    runs = {run.text: run for run in intro.runs}
    assert runs["bold"].bold
    assert runs["italic"].italic
    assert runs["gone"].font.strike
    assert runs["code"].font.name == "Courier New"


def test_each_numbered_list_restarts(writer: DocxWriter) -> None:
    data = writer.render(NOTE, META)
    body = part_xml(data, "word/document.xml")
    numbering = part_xml(data, "word/numbering.xml")
    used = re.findall(r'<w:numId w:val="(\d+)"/>', body)
    assert len(set(used)) == 3  # two top-level numbered lists and one nested one
    for num_id in set(used):
        num = re.search(rf'<w:num w:numId="{num_id}">.*?</w:num>', numbering, re.S)
        assert num is not None
        assert '<w:startOverride w:val="1"/>' in num.group(0)


def test_ordered_list_start_number(writer: DocxWriter) -> None:
    numbering = part_xml(writer.render("3. three\n4. four\n", META), "word/numbering.xml")
    assert '<w:startOverride w:val="3"/>' in numbering


def test_table_uses_table_grid_with_bold_header(writer: DocxWriter) -> None:
    table = render(writer, NOTE).tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Option", "Cost"],
        ["Guidance", "Low"],
    ]
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert not any(run.bold for run in table.rows[1].cells[0].paragraphs[0].runs)


def test_hyperlink_is_external_relationship(writer: DocxWriter) -> None:
    document = render(writer, NOTE)
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert [(link.text, link.address) for link in links] == [
        ("policy", "https://example.org/policy")
    ]
    rels = [rel for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK]
    assert len(rels) == 1 and rels[0].is_external
    assert rels[0].target_ref == "https://example.org/policy"


@pytest.mark.parametrize(
    "markdown",
    ["[x](javascript:alert(1))", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
     "[x](data:text/html;base64,AAAA)"],
)  # fmt: skip
def test_blocked_link_schemes_are_plain_text(writer: DocxWriter, markdown: str) -> None:
    data = writer.render(markdown, META)
    assert "w:hyperlink" not in part_xml(data, "word/document.xml")
    assert "hyperlink" not in part_xml(data, "word/_rels/document.xml.rels")


def test_raw_html_and_jinja_are_literal(writer: DocxWriter) -> None:
    text = "\n".join(
        p.text for p in render(writer, "<b>x</b> <script>alert(1)</script> {{ 7*7 }}").paragraphs
    )
    assert "<b>x</b>" in text
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text


def test_breaks_rules_and_code_blocks(writer: DocxWriter) -> None:
    body = part_xml(
        writer.render("one  \ntwo\nthree\n\n---\n\n```\na\nb\n```\n", META), "word/document.xml"
    )
    assert body.count("<w:br/>") == 2  # the hard break and the code line break
    assert "two three" in body
    assert '<w:bottom w:val="single"' in body


def test_invalid_characters_never_crash(writer: DocxWriter) -> None:
    nasty = "a\x00b\x01c\x0bd\x0ce\ufffef\uffffg\ud800h\x1f"
    data = writer.render(nasty + " &#12; &#0;", META)
    body = part_xml(data, "word/document.xml")
    assert body.count("<w:br/>") == 3  # \x0b, \x0c and the form feed written as an entity
    text = docx.Document(io.BytesIO(data)).paragraphs[0].text
    assert text.replace("\n", "|") == "abc|d|efgh | \ufffd"


def test_invalid_characters_in_metadata(writer: DocxWriter) -> None:
    meta = DocumentMeta(
        title="T\x00itle", author="A\x0buthor", created=CREATED, header_text="H\x01"
    )
    document = render(writer, "x", meta)
    assert document.core_properties.title == "Title"
    assert document.sections[0].header.paragraphs[0].text.strip() == "H"


def test_rtl_paragraphs(writer: DocxWriter) -> None:
    markdown = "مرحبا بكم في **المدينة**\n\nHello *world*\n\n- שלום עולם\n"
    body = part_xml(writer.render(markdown, META), "word/document.xml")
    paragraphs = re.findall(r"<w:p>.*?</w:p>", body, re.S)
    arabic, english, hebrew = paragraphs[:3]
    assert "<w:bidi/>" in arabic and "<w:rtl/>" in arabic
    assert "<w:b/><w:bCs/>" in arabic
    assert "<w:bidi/>" not in english and "<w:rtl/>" not in english
    assert "<w:iCs/>" not in english
    assert "<w:bidi/>" in hebrew


def test_no_state_leaks_between_documents(writer: DocxWriter) -> None:
    first = part_xml(writer.render(NOTE, META), "word/document.xml")
    writer.render("مرحبا بكم في المدينة\n\n1. واحد\n\n[x](https://other.example)", META)
    second = part_xml(writer.render(NOTE, META), "word/document.xml")
    assert first == second
    plain = part_xml(writer.render("Hello", META), "word/document.xml")
    assert "w:bidi" not in plain and "w:rtl" not in plain
    rels = part_xml(writer.render("Hello", META), "word/_rels/document.xml.rels")
    assert "other.example" not in rels and "example.org/policy" not in rels


def test_output_is_deterministic(writer: DocxWriter) -> None:
    assert writer.render(NOTE, META) == writer.render(NOTE, META)


def test_header_footer_and_page_field(writer: DocxWriter) -> None:
    data = writer.render("Body", META)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "North Ward Residents' Association"
    assert section.footer.paragraphs[0].text == "clerk@example.org"
    footer = part_xml(data, "word/footer1.xml")
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "[footer]" not in footer and "[organisation]" not in part_xml(data, "word/header1.xml")


def test_footer_marker_removed_without_footer_text(writer: DocxWriter) -> None:
    meta = DocumentMeta(title="t", author="a", created=CREATED)
    document = render(writer, "Body", meta)
    footer = document.sections[0].footer.paragraphs
    assert len(footer) == 1 and footer[0].text.startswith("Page ")
    assert document.sections[0].header.paragraphs[0].text == ""


def test_core_properties(writer: DocxWriter) -> None:
    props = render(writer, "Body").core_properties
    assert props.title == "Briefing note"
    assert props.author == "North Ward Residents"
    assert props.last_modified_by == "North Ward Residents"
    assert props.created == CREATED.replace(tzinfo=props.created.tzinfo)


def test_language_in_document_defaults(writer: DocxWriter) -> None:
    meta = DocumentMeta(title="t", author="a", created=CREATED, language="fr-CA")
    styles = part_xml(writer.render("Bonjour", meta), "word/styles.xml")
    assert 'w:lang w:val="fr-CA"' in styles
    styles = part_xml(writer.render("Hello", META), "word/styles.xml")
    assert 'w:lang w:val="en-CA"' in styles


@pytest.mark.parametrize(
    ("size", "width_mm", "height_mm"), [("A4", 210, 297), ("Letter", 216, 279)]
)
def test_page_size(writer: DocxWriter, size: str, width_mm: int, height_mm: int) -> None:
    meta = DocumentMeta(title="t", author="a", created=CREATED, page_size=size)
    section = render(writer, "Body", meta).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.mm) == width_mm
    assert round(section.page_height.mm) == height_mm


def test_render_many_puts_each_document_in_a_section_of_its_own(writer: DocxWriter) -> None:
    data = writer.render_many(["1. a\n2. b", "1. c", "Third"], META)
    body = part_xml(data, "word/document.xml")
    assert body.count("<w:sectPr") == 3 and "<w:type " not in body  # new page for each
    assert len(set(re.findall(r'<w:numId w:val="(\d+)"/>', body))) == 2  # each list restarts
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["a", "b", "c", "Third"]
    assert [section.start_type for section in document.sections] == [WD_SECTION.NEW_PAGE] * 3


def test_render_docx_convenience() -> None:
    document = docx.Document(io.BytesIO(render_docx("# Hi", META)))
    assert styles_of(document) == [("Heading 1", "Hi")]


def test_logo_in_header(writer: DocxWriter, tmp_path: Path) -> None:
    meta = DocumentMeta(
        title="t", author="a", created=CREATED, header_text="Org", logo=png(tmp_path / "logo.png")
    )
    data = writer.render("Body", meta)
    header = part_xml(data, "word/header1.xml")
    assert header.index("<w:drawing>") < header.index("Org")
    document = docx.Document(io.BytesIO(data))
    assert any(rel.reltype == RT.IMAGE for rel in document.sections[0].header.part.rels.values())
    after = part_xml(writer.render("Body", META), "word/header1.xml")
    assert "<w:drawing>" not in after


def test_logo_must_be_an_image(writer: DocxWriter, tmp_path: Path) -> None:
    bad = tmp_path / "logo.gif"
    bad.write_bytes(b"GIF89a")
    meta = DocumentMeta(title="t", author="a", created=CREATED, logo=bad)
    with pytest.raises(LetterheadError, match="PNG or JPEG"):
        writer.render("Body", meta)
