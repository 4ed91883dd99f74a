"""Shared pieces of the Word writer tests: metadata, a sample note, small files, readers."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from importlib.resources import files
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from advocate.models import DocumentMeta
from advocate.word.writer import DocxWriter

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


def render(writer: DocxWriter, markdown: str, meta: DocumentMeta = META) -> docx.document.Document:
    return docx.Document(io.BytesIO(writer.render(markdown, meta)))


def part_xml(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def style_name(paragraph: Paragraph) -> str:
    """The paragraph's style name (every paragraph python-docx reads has one)."""
    assert paragraph.style is not None and paragraph.style.name is not None
    return str(paragraph.style.name)


def styles_of(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(style_name(p), p.text) for p in document.paragraphs]


def png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def bare_letterhead(path: Path, drop: set[str]) -> Path:
    document = docx.Document()
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in drop:
            styles.remove(style)
    document.save(str(path))
    return path


MISSING = {"ListBullet", "ListBullet2", "ListNumber", "ListNumber2", "TableGrid", "Quote",
           "Heading1", "Heading2", "Heading3"}  # fmt: skip


def packaged_letterhead() -> bytes:
    return (files("advocate") / "letter_templates" / "letterhead.docx").read_bytes()
