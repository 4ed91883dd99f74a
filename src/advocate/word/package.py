"""The parts of a .docx that change per document, built from a prepared letterhead with lxml.

What python-docx did per document is done here on plain XML, with the same results: relationships
get the first free ``rIdN`` and are reused for the same target, core properties keep python-docx's
formats (W3CDTF dates written from the datetime's own fields, 255-character limit on text), and the
logo becomes a ``wp:inline`` picture plus a ``/word/media/imageN`` part, named and sized as
python-docx would (``Image.scaled_dimensions`` to a fixed height).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import struct
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from advocate.errors import LetterheadError
from advocate.word.ooxml import Element, set_language

PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HYPERLINK = RT_BASE + "hyperlink"
IMAGE = RT_BASE + "image"
EMPTY_RELS = f'<Relationships xmlns="{PR_NS}"/>'.encode()
STAMP = (1980, 1, 1, 0, 0, 0)  # fixed zip timestamps: same input, same bytes
EMUS_PER_INCH = 914400

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_INLINE = (  # python-docx's CT_Inline.new_pic_inline, blank text removed
    '<wp:inline {}><wp:extent cx="0" cy="0"/><wp:docPr id="0" name=""/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
    '<pic:nvPicPr><pic:cNvPr id="0" name=""/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:embed=""/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline>"
).format(" ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items()))


def parse(xml: bytes) -> Element:
    """Parse part XML the way python-docx does (blank text removed, no entities)."""
    return etree.fromstring(xml, _PARSER)


def serialize(root: Element) -> bytes:
    """Serialise a part the way python-docx saves it."""
    data: bytes = etree.tostring(root, encoding="UTF-8", standalone=True)
    return data


class Rels:
    """The relationships of one part, edited as XML."""

    def __init__(self, xml: bytes, source: str) -> None:
        self.root = parse(xml)
        self.base = posixpath.dirname(source)

    def relate(self, reltype: str, target: str, *, external: bool = False) -> str:
        """Return the id of a relationship to ``target`` (a URL, or a part name), adding it once.

        Args:
            reltype: The relationship type URI.
            target: The external URL, or the absolute part name of an internal target.
            external: Whether the target is outside the package.

        Returns:
            The ``rIdN`` of the existing or new relationship.
        """
        ref = target if external else posixpath.relpath(target, self.base)
        used = set()
        for rel in self.root:
            if (rel.get("Type"), rel.get("Target"), rel.get("TargetMode") == "External") == (
                reltype,
                ref,
                external,
            ):
                return str(rel.get("Id"))
            used.add(rel.get("Id"))
        rid = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        rel = etree.SubElement(self.root, f"{{{PR_NS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", reltype)
        rel.set("Target", ref)
        if external:
            rel.set("TargetMode", "External")
        return rid

    def xml(self) -> bytes:
        """The relationships part."""
        return serialize(self.root)


def core_xml(xml: bytes, title: str, author: str, created: dt.datetime, language: str) -> bytes:
    """Core properties with python-docx's formats; the elements exist in the prepared XML.

    Raises:
        ValueError: A text property is longer than 255 characters (as python-docx).
    """
    root = parse(xml)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    values = (("dc:title", title), ("dc:creator", author), ("cp:lastModifiedBy", author),
              ("dcterms:created", stamp), ("dcterms:modified", stamp), ("cp:revision", "1"),
              ("dc:language", language))  # fmt: skip
    for name, value in values:
        if len(value) > 255:
            msg = f"exceeded 255 char limit for property, got:\n\n'{value}'"
            raise ValueError(msg)
        root.find(name, _CORE_NS).text = value
    return serialize(root)


class Logo:
    """A logo image read and measured once per document."""

    __slots__ = ("content_type", "data", "ext", "height", "path", "width")

    def __init__(self, path: Path, data: bytes, ext: str, content_type: str, size: tuple[int, int]):
        self.path, self.data, self.ext, self.content_type = path, data, ext, content_type
        self.width, self.height = size  # EMU, scaled to the wanted height


def read_logo(path: Path, height: int) -> Logo:
    """Read a PNG or JPEG logo and scale it to ``height`` EMU, keeping its aspect ratio.

    Raises:
        LetterheadError: The file cannot be read or is not a PNG or JPEG image.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LetterheadError(path, f"the logo cannot be read ({err.strerror}).") from err
    if data.startswith(b"\x89PNG"):
        ext, content_type, (px_w, px_h, dpi_x, dpi_y) = "png", "image/png", png_metrics(data)
    elif data.startswith(b"\xff\xd8\xff"):
        from advocate.word.letterhead import jpeg_metrics  # python-docx reads JFIF/EXIF

        ext, content_type, (px_w, px_h, dpi_x, dpi_y) = "jpg", "image/jpeg", jpeg_metrics(data)
    else:
        raise LetterheadError(path, "the logo must be a PNG or JPEG image.")
    native_w = int(px_w / dpi_x * EMUS_PER_INCH)
    native_h = int(px_h / dpi_y * EMUS_PER_INCH)
    width = round(native_w * (float(height) / float(native_h)))
    return Logo(path, data, ext, content_type, (width, height))


def png_metrics(data: bytes) -> tuple[int, int, int, int]:
    """(pixel width, pixel height, horizontal dpi, vertical dpi) of a PNG, 72 dpi by default."""
    width, height = struct.unpack(">II", data[16:24])
    dpi = (72, 72)
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"pHYs" and length >= 9:
            per_x, per_y, unit = struct.unpack(">IIB", data[offset + 8 : offset + 17])
            dpi = (_png_dpi(unit, per_x), _png_dpi(unit, per_y))
            break
        if kind == b"IEND":
            break
        offset += 12 + length
    return width, height, dpi[0], dpi[1]


def _png_dpi(unit: int, per_unit: int) -> int:
    return int(round(per_unit * 0.0254)) if unit == 1 and per_unit else 72


def logo_inline(root: Element, rid: str, filename: str, width: int, height: int) -> Element:
    """A ``wp:inline`` picture, with the next free shape id of the story ``root``.

    Args:
        root: The header the picture goes into.
        rid: The relationship id of the image part.
        filename: The name python-docx records for the picture.
        width: Width in EMU.
        height: Height in EMU.

    Returns:
        The ``wp:inline`` element, to put in a ``w:drawing``.
    """
    used = [int(value) for value in root.xpath("//@id") if value.isdigit()]
    shape_id = max(used) + 1 if used else 1
    inline = etree.fromstring(_INLINE)
    extent, doc_pr, pic = inline[0], inline[1], inline[3][0][0]
    for size in (extent, pic[2][0][1]):
        size.set("cx", str(width))
        size.set("cy", str(height))
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", f"Picture {shape_id}")
    pic[0][0].set("name", filename)
    pic[1][0].set(f"{{{_NS['r']}}}embed", rid)
    return inline


def write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add a deflated member with a fixed timestamp."""
    info = zipfile.ZipInfo(name, date_time=STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def zip_static(static: list[tuple[str, bytes]], styles: str | None, language: str) -> bytes:
    """A zip of the parts that never change, with ``language`` as the default in styles.xml.

    Args:
        static: (member name, bytes) of the parts, in order.
        styles: The member name of the styles part, if it is XML.
        language: The language tag (already sanitised).

    Returns:
        The zip's bytes; documents are appended to a copy of it.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in static:
            if name == styles:
                root = parse(data)
                set_language(root, language)
                data = serialize(root)
            write(archive, name, data)
    return buffer.getvalue()
