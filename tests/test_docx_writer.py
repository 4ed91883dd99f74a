"""DocxWriter: Markdown constructs, letterheads, right-to-left text and package contents."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word.writer import DocxWriter, check_letterhead, render_docx

CREATED = dt.datetime(2026, 11, 20, 9, 30)
META = DocumentMeta(
    title="Briefing note",
    author="North Ward Residents",
    created=CREATED,
    header_text="North Ward Residents' Association",
    footer_text="clerk@example.org",
)

NOTE = """\
# Opening services

Intro with **bold**, *italic*, ~~gone~~ and `code`.

## Asks

1. first
2. second
   - nested bullet

Between the lists.

1. again one
2. again two

- bullet
  1. nested number

| Option | Cost |
|---|---:|
| Guidance | Low |

> A quote.

See the [policy](https://example.org/policy) now.

---
"""


@pytest.fixture(scope="module")
def writer() -> DocxWriter:
    return DocxWriter()


def render(writer: DocxWriter, markdown: str, meta: DocumentMeta = META) -> docx.document.Document:
    return docx.Document(io.BytesIO(writer.render(markdown, meta)))


def part_xml(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def styles_of(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


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
    assert table.style.name == "Table Grid"
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
    assert round(section.page_width.mm) == width_mm
    assert round(section.page_height.mm) == height_mm


def test_render_many_separates_documents_with_page_breaks(writer: DocxWriter) -> None:
    data = writer.render_many(["1. a\n2. b", "1. c", "Third"], META)
    body = part_xml(data, "word/document.xml")
    assert body.count('<w:br w:type="page"/>') == 2
    assert len(set(re.findall(r'<w:numId w:val="(\d+)"/>', body))) == 2  # each list restarts
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts == ["a", "b", "", "c", "", "Third"]


def test_render_docx_convenience() -> None:
    document = docx.Document(io.BytesIO(render_docx("# Hi", META)))
    assert styles_of(document) == [("Heading 1", "Hi")]


def _png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_logo_in_header(writer: DocxWriter, tmp_path: Path) -> None:
    meta = DocumentMeta(
        title="t", author="a", created=CREATED, header_text="Org", logo=_png(tmp_path / "logo.png")
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


# -- user letterheads ---------------------------------------------------------------------------


def _bare_letterhead(path: Path, drop: set[str]) -> Path:
    document = docx.Document()
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in drop:
            styles.remove(style)
    document.save(path)
    return path


MISSING = {"ListBullet", "ListBullet2", "ListNumber", "ListNumber2", "TableGrid", "Quote",
           "Heading1", "Heading2", "Heading3"}  # fmt: skip


def test_missing_styles_fall_back_with_warnings(tmp_path: Path) -> None:
    writer = DocxWriter(_bare_letterhead(tmp_path / "bare.docx", MISSING))
    named = {warning.split("'")[1] for warning in writer.warnings}
    assert {"List Bullet", "List Number", "Table Grid", "Quote", "Heading 1", "Hyperlink"} <= named
    data = writer.render(NOTE, META)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "1. first" in texts and "2. second" in texts and "1. again one" in texts
    assert "\u2022 bullet" in texts
    heading = document.paragraphs[0]
    assert heading.text == "Opening services" and heading.runs[0].bold
    body = part_xml(data, "word/document.xml")
    assert "<w:tblBorders>" in body
    assert 'w:color w:val="0563C1"' in body


def test_style_names_match_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "renamed.docx"
    document = docx.Document()
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == "ListBullet":
            style.set(qn("w:styleId"), "MyBullets")
            style.find(qn("w:name")).set(qn("w:val"), "LIST BULLET")
    document.save(path)
    writer = DocxWriter(path)
    assert not any("'List Bullet'" in warning for warning in writer.warnings)
    assert ("List Bullet", "x") in [
        (p.style.name.title(), p.text) for p in render(writer, "- x").paragraphs
    ]


def test_empty_user_header_gets_header_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = ""
    document.save(path)
    rendered = render(DocxWriter(path), "Body")
    assert rendered.sections[0].header.paragraphs[0].text == "North Ward Residents' Association"


def test_user_header_with_content_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "own.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Our own header"
    document.save(path)
    rendered = render(DocxWriter(path), "Body")
    assert rendered.sections[0].header.paragraphs[0].text == "Our own header"


def test_dotx_is_refused_with_advice(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(_bare_letterhead(tmp_path / "a.docx", set()).read_bytes()))
    path = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(name, data)
    with pytest.raises(
        LetterheadError, match=r"Word template \(\.dotx\).*save it as a Word document"
    ):
        DocxWriter(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "not a Word document"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"\.doc"),
    ],
)
def test_non_docx_letterheads_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "letterhead.docx"
    path.write_bytes(content)
    with pytest.raises(LetterheadError, match=message) as caught:
        DocxWriter(path)
    assert caught.value.path == path


def test_missing_letterhead(tmp_path: Path) -> None:
    with pytest.raises(LetterheadError, match="does not exist"):
        DocxWriter(tmp_path / "nowhere.docx")


def test_check_packaged_letterhead() -> None:
    from importlib.resources import as_file, files

    with as_file(files("advocate") / "letter_templates" / "letterhead.docx") as path:
        report = check_letterhead(Path(path))
    assert report.missing_styles == []
    assert report.has_header and report.has_footer and report.has_page_number
    assert report.page_size == "A4"


def test_check_bare_letterhead(tmp_path: Path) -> None:
    report = check_letterhead(_bare_letterhead(tmp_path / "bare.docx", {"TableGrid"}))
    assert ("Table Grid", "tables with explicit single borders") in report.missing_styles
    assert not report.has_header and not report.has_page_number
    assert report.page_size == "216 x 279 mm" or report.page_size == "Letter"


# -- prepared letterheads cached on disk ----------------------------------------------------------

PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/numbering.xml",
         "word/_rels/document.xml.rels", "word/_rels/header1.xml.rels", "[Content_Types].xml")  # fmt: skip
MIXED = NOTE + "\nمرحبا بكم في **المدينة**\n\n1. واحد\n2. [اثنان](https://example.org/ar)\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVOCATE_CACHE_DIR", str(folder))
    return folder / "letterheads"


def _parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def test_fresh_process_with_warm_cache_does_not_import_docx(cache: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys, datetime as dt\n"
        "from advocate.word.writer import DocxWriter\n"
        "from advocate.models import DocumentMeta\n"
        "meta = DocumentMeta(title='t', author='a', created=dt.datetime(2026, 1, 1))\n"
        "data = DocxWriter().render('# Hi [x](https://example.org)', meta)\n"
        "print(len(data) > 1000, 'docx' in sys.modules)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]  # fmt: skip
    assert runs[0] == ["True", "True"]  # cold: prepared with python-docx, then cached
    assert runs[1] == ["True", "False"]
    assert len(list(cache.glob("*.marshal"))) == 1


def test_cold_and_warm_paths_render_the_same(cache: Path, tmp_path: Path) -> None:
    meta = DocumentMeta(title="t", author="a", created=CREATED, header_text="Org",
                        footer_text="f", logo=_png(tmp_path / "logo.png"))  # fmt: skip
    cold = _parts(DocxWriter().render(MIXED, meta))
    assert list(cache.glob("*.marshal"))
    warm = _parts(DocxWriter().render(MIXED, meta))
    assert cold == warm
    for name in PARTS:
        assert name in warm
    assert b"w:hyperlink" in warm["word/document.xml"] and b"<w:bidi/>" in warm["word/document.xml"]
    assert b"<w:drawing>" in warm["word/header1.xml"] and "word/media/image1.png" in warm


def test_corrupt_cache_is_ignored_and_rewritten(cache: Path) -> None:
    expected = DocxWriter().render(NOTE, META)
    (entry,) = cache.glob("*.marshal")
    for damage in (b"", b"not marshal at all", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        assert DocxWriter().render(NOTE, META) == expected
        assert entry.read_bytes() != damage


def test_changed_letterhead_gets_a_new_cache_entry(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "letterhead.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "First [organisation]"
    document.save(path)
    first = DocxWriter(path)
    assert len(list(cache.glob("*.marshal"))) == 1
    document.sections[0].header.paragraphs[0].text = "Second [organisation]"
    document.save(path)
    second = render(DocxWriter(path), "Body")
    assert len(list(cache.glob("*.marshal"))) == 2
    assert second.sections[0].header.paragraphs[0].text.startswith("Second")
    assert render(first, "Body").sections[0].header.paragraphs[0].text.startswith("First")


def test_bad_letterhead_is_refused_even_with_a_cache(cache: Path, tmp_path: Path) -> None:
    DocxWriter()  # a warm cache for the packaged letterhead
    path = tmp_path / "letterhead.docx"
    path.write_bytes(b"%PDF-1.7 ...")
    for _ in range(2):
        with pytest.raises(LetterheadError, match="PDF"):
            DocxWriter(path)
    assert len(list(cache.glob("*.marshal"))) == 1
