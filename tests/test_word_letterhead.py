"""User letterheads (styles, headers, refusals, checks) and prepared letterheads cached on disk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word.writer import DocxWriter, check_letterhead
from word_support import (
    CREATED,
    META,
    MISSING,
    NOTE,
    bare_letterhead,
    part_xml,
    png,
    render,
    style_name,
)

# -- user letterheads ---------------------------------------------------------------------------


def test_missing_styles_fall_back_with_warnings(tmp_path: Path) -> None:
    writer = DocxWriter(bare_letterhead(tmp_path / "bare.docx", MISSING))
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
    document.save(str(path))
    writer = DocxWriter(path)
    assert not any("'List Bullet'" in warning for warning in writer.warnings)
    assert ("List Bullet", "x") in [
        (style_name(p).title(), p.text) for p in render(writer, "- x").paragraphs
    ]


def test_empty_user_header_gets_header_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = ""
    document.save(str(path))
    rendered = render(DocxWriter(path), "Body")
    assert rendered.sections[0].header.paragraphs[0].text == "North Ward Residents' Association"


def test_user_header_with_content_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "own.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Our own header"
    document.save(str(path))
    rendered = render(DocxWriter(path), "Body")
    assert rendered.sections[0].header.paragraphs[0].text == "Our own header"


def test_dotx_is_refused_with_advice(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(bare_letterhead(tmp_path / "a.docx", set()).read_bytes()))
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


def test_checkbare_letterhead(tmp_path: Path) -> None:
    report = check_letterhead(bare_letterhead(tmp_path / "bare.docx", {"TableGrid"}))
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
                        footer_text="f", logo=png(tmp_path / "logo.png"))  # fmt: skip
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
    document.save(str(path))
    first = DocxWriter(path)
    assert len(list(cache.glob("*.marshal"))) == 1
    document.sections[0].header.paragraphs[0].text = "Second [organisation]"
    document.save(str(path))
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
