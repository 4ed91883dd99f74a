"""The logo in a document's header: read, measured and placed as python-docx would.

The picture becomes a ``wp:inline`` element plus a ``/word/media/imageN`` part, named and sized as
python-docx does it (``Image.scaled_dimensions`` to a fixed height). PNG sizes are read here; JPEG
density hides in JFIF or EXIF headers, so JPEGs are measured by python-docx's own reader.
"""

from __future__ import annotations

import struct
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from advocate.errors import LetterheadError
from advocate.word.ooxml import Element

EMUS_PER_INCH = 914400

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


class Logo:
    """A logo image read and measured once per document."""

    __slots__ = ("content_type", "data", "ext", "height", "path", "width")

    def __init__(self, path: Path, data: bytes, ext: str, content_type: str, size: tuple[int, int]):
        self.path, self.data, self.ext, self.content_type = path, data, ext, content_type
        self.width, self.height = size  # EMU, scaled to the wanted height


def read_logo(path: Path, height: int) -> Logo:
    """Read a PNG or JPEG logo and scale it to ``height`` EMU, keeping its aspect ratio.

    Raises:
        LetterheadError: The file cannot be read or is not a readable PNG or JPEG image.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LetterheadError(path, f"the logo cannot be read ({err.strerror}).") from err
    if data.startswith(b"\x89PNG"):
        ext, content_type = "png", "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        ext, content_type = "jpg", "image/jpeg"
    else:
        raise LetterheadError(path, "the logo must be a PNG or JPEG image.")
    try:
        px_w, px_h, dpi_x, dpi_y = png_metrics(data) if ext == "png" else _jpeg_metrics(data)
        native_w = int(px_w / dpi_x * EMUS_PER_INCH)
        native_h = int(px_h / dpi_y * EMUS_PER_INCH)
        width = round(native_w * (float(height) / float(native_h)))
    except (ValueError, struct.error, ZeroDivisionError) as err:
        problem = f"the logo is a damaged {ext.upper()} image; save it again as PNG or JPEG."
        raise LetterheadError(path, problem) from err
    return Logo(path, data, ext, content_type, (width, height))


def _jpeg_metrics(data: bytes) -> tuple[int, int, int, int]:
    # python-docx (~150 ms to import) is only needed here, for documents with a JPEG logo
    from advocate.word.letterhead import jpeg_metrics

    return jpeg_metrics(data)


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
