"""Text and logos Word cannot take as they are: cut, cleaned or refused, never a crash."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word.package import PROPERTY_LIMIT, cut
from advocate.word.writer import DocxWriter

CREATED = dt.datetime(2026, 11, 20, 9, 30)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVOCATE_CACHE_DIR", str(tmp_path / "cache"))


def _all_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_properties_are_cut_to_word_limit() -> None:
    writer = DocxWriter()
    meta = DocumentMeta(title="T" * 1000, author="\U0001f600" * 300, created=CREATED,
                        language="en-" + "x" * 400)  # fmt: skip
    document = docx.Document(io.BytesIO(writer.render("Body", meta)))
    core = document.core_properties
    assert core.title == "T" * PROPERTY_LIMIT
    assert core.author == "\U0001f600" * 127 and core.last_modified_by == core.author
    assert len(core.language) == PROPERTY_LIMIT


def test_cut_never_splits_a_character() -> None:
    assert cut("ab", 3) == "ab"
    assert cut("a\U0001f600b", 2) == "a"
    assert cut("a\U0001f600b", 3) == "a\U0001f600"
    assert cut("x" * 300, 255) == "x" * 255


def test_lone_surrogates_never_crash(tmp_path: Path) -> None:
    logo = tmp_path / "logo\udcff.png"  # a file name that was not valid UTF-8
    logo.write_bytes(_tiny_png())
    nasty = "a\udcffb\ud800"
    meta = DocumentMeta(title=nasty, author=nasty, created=CREATED, language="en\udcff",
                        header_text=nasty, footer_text=nasty, logo=logo)  # fmt: skip
    markdown = (f"# {nasty}\n\n[{nasty}](https://example.org/{nasty})\n\n- {nasty}\n\n"
                f"| {nasty} | b |\n|---|---|\n| c | `{nasty}` |\n")  # fmt: skip
    data = DocxWriter().render_many([markdown, nasty], meta)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "ab"
    assert document.core_properties.language == "en"
    assert document.paragraphs[0].text == "ab"
    assert document.tables[0].cell(0, 0).text == "ab"
    assert document.sections[0].header.paragraphs[0].text.strip() == "ab"
    assert "logo.png" in _all_text(data)


def test_noncharacters_are_removed_and_never_become_line_breaks() -> None:
    text = "a\U0010fffeb\ufdd0c\U0001ffffd\ufffe"
    meta = DocumentMeta(title=text, author="a", created=CREATED)
    data = DocxWriter().render(f"{text}\n\n    {text}\n\n&#x10FFFE;", meta)
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["abcd", "abcd", "\ufffd"]
    assert document.core_properties.title == "abcd"
    assert "<w:br/>" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


def test_damaged_logos_are_refused(tmp_path: Path) -> None:
    for name, content in (("short.png", b"\x89PNG\r\n"), ("fake.jpg", b"\xff\xd8\xff" + b"\x00" * 40),
                          ("flat.png", _tiny_png(height=0))):  # fmt: skip
        logo = tmp_path / name
        logo.write_bytes(content)
        meta = DocumentMeta(title="t", author="a", created=CREATED, header_text="Org", logo=logo)
        with pytest.raises(LetterheadError, match=r"damaged (PNG|JPG) image"):
            DocxWriter().render("Body", meta)


def _tiny_png(height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks
