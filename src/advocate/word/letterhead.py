"""Preparing a letterhead with python-docx: the only module of advocate that imports ``docx``.

Importing this module imports python-docx (~150 ms), so the writer imports it only when a
letterhead is not in the cache yet, and the logo only for a JPEG logo; rendering from a cached
``Prepared`` letterhead never pays for it. Preparing opens the letterhead, resolves style ids,
clears the body, applies each page size, and keeps every part as bytes or XML text, exactly as
python-docx would save them.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.shared import Emu

from advocate.errors import LetterheadError
from advocate.word.ooxml import resolve_styles, w
from advocate.word.package import zip_static
from advocate.word.prepared import DEFAULT_LANGUAGE, Prepared, member, rels_member
from advocate.word.screening import screen_letterhead

_PLACEHOLDER = "x"


def prepare(
    path: Path | None, data: bytes, page_sizes: dict[str, tuple[int, int, int]]
) -> Prepared:
    """Open a letterhead with python-docx and extract what rendering needs.

    Args:
        path: The letterhead file, or ``None`` for the packaged one (whose margins follow the
            page size).
        data: The file's bytes.
        page_sizes: Page size key → (width, height, margin of the packaged letterhead) in EMU.

    Returns:
        The prepared letterhead.

    Raises:
        LetterheadError: The file is a template (.dotx), not a Word document, hostile (see
            ``word.screening``) or damaged.
    """
    if path is None:
        return _extract(docx.Document(io.BytesIO(data)), page_sizes, packaged=True, notes=[])
    screened = screen_letterhead(path, data)
    try:
        document = docx.Document(io.BytesIO(screened.data))
        return _extract(document, page_sizes, packaged=False, notes=screened.notes)
    except Exception as err:  # python-docx raises many kinds on damaged parts, opening or reading
        problem = f"it cannot be read as a Word document ({err})."
        raise LetterheadError(path, problem) from err


def _extract(
    document: Document,
    page_sizes: dict[str, tuple[int, int, int]],
    *,
    packaged: bool,
    notes: list[str],
) -> Prepared:
    """Everything rendering needs from an open letterhead, as plain data."""
    styles, missing = resolve_styles(document.styles.element)
    core_part = _set_core_placeholders(document)
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    section = document.sections[0]
    page_size_name = _page_size_name(section.page_width, section.page_height)
    skeletons, widths = {}, {}
    for key, size in page_sizes.items():
        widths[key] = _page_setup(document, size, packaged=packaged)
        skeletons[key] = document.part.blob
    main = document.part
    stories = [rel.target_part for rel in main.rels.values()
               if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]  # fmt: skip
    numbering = _related(main, RT.NUMBERING)
    dynamic = [part for part in (*stories, core_part, numbering) if part is not None]
    parts, ends = _part_order(main.package)
    images = main.package.image_parts
    static = _static_parts(document, [main, *dynamic])
    styles_member = _styles_member(main)
    return Prepared(
        static=static,
        styles_member=styles_member,
        parts=parts,
        subtree_end=ends,
        document=str(main.partname),
        skeletons=skeletons,
        text_widths=widths,
        xml={str(part.partname): part.blob for part in dynamic},
        rels={
            str(part.partname): _bytes(part.rels.xml) for part in [main, *dynamic] if len(part.rels)
        },  # fmt: skip
        stories=[str(part.partname) for part in stories],
        numbering=str(numbering.partname) if isinstance(numbering, XmlPart) else None,
        core=str(core_part.partname),
        images={part.sha1: str(part.partname) for part in images},
        image_numbers=[part.partname.idx for part in images if part.partname.idx is not None],
        image_count=len(images),
        style_map=(styles.paragraph, styles.character, styles.table, styles.numbering),
        missing=missing,
        page_size_name=page_size_name,
        bases={DEFAULT_LANGUAGE: zip_static(static, styles_member, DEFAULT_LANGUAGE)},
        notes=notes,
    )


def jpeg_metrics(data: bytes) -> tuple[int, int, int, int]:
    """(pixel width, pixel height, horizontal dpi, vertical dpi) of a JPEG, read by python-docx.

    JPEG density hides in JFIF or EXIF headers; python-docx's reader keeps logo sizes exactly as
    before. Only documents with a JPEG logo pay for importing it.

    Args:
        data: The JPEG file's bytes.

    Returns:
        The image's pixel size and resolution.

    Raises:
        ValueError: python-docx cannot read the image.
    """
    try:
        image = Image.from_blob(data)
        return image.px_width, image.px_height, image.horz_dpi, image.vert_dpi
    except Exception as err:  # python-docx raises many kinds on damaged images
        msg = f"not a readable JPEG image ({err})"
        raise ValueError(msg) from err


def _set_core_placeholders(document: Document) -> Part:
    """Create the core properties the writer sets, in python-docx's order, with placeholders."""
    core = document.core_properties  # creates core.xml first if missing
    core.title = _PLACEHOLDER
    core.author = core.last_modified_by = _PLACEHOLDER
    core.created = core.modified = dt.datetime(2000, 1, 1)
    core.revision = 1
    core.language = _PLACEHOLDER
    part: Part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    return part


def _page_setup(document: Document, size: tuple[int, int, int], *, packaged: bool) -> int:
    """Set the page size on every section; return the text width in twips."""
    width, height, margin = (Emu(value) for value in size)
    text_width = 0
    for section in document.sections:
        section.page_width, section.page_height = width, height
        if packaged:
            section.left_margin = section.right_margin = margin
            section.top_margin = section.bottom_margin = margin
        left, right = section.left_margin or 0, section.right_margin or 0
        text_width = Emu(width - left - right).twips
    return max(text_width, 1440)


def _part_order(package: Any) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Parts in ``OpcPackage.iter_parts`` order, and where each part's related parts end."""
    order: list[tuple[str, str]] = []
    ends: dict[str, int] = {}
    seen: set[str] = set()

    def walk(source: Any) -> None:
        for rel in source.rels.values():
            if rel.is_external:
                continue
            part = rel.target_part
            name = str(part.partname)
            if name in seen:
                continue
            seen.add(name)
            order.append((name, part.content_type))
            walk(part)
            ends[name] = len(order)

    walk(package)
    return order, ends


def _static_parts(document: Document, dynamic: list[Part]) -> list[tuple[str, bytes]]:
    """Every member python-docx saves, except the parts that change per document."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Duplicate name": a damaged package saves a part twice
        document.save(buffer)
    source = zipfile.ZipFile(buffer)
    skip = {member(str(part.partname)) for part in dynamic} | {"[Content_Types].xml"}
    skip |= {rels_member(str(part.partname)) for part in dynamic}
    return [(name, source.read(name)) for name in source.namelist() if name not in skip]


def _styles_member(main: Part) -> str | None:
    styles = _related(main, RT.STYLES)
    if styles is None or not isinstance(styles, XmlPart):
        return None
    return member(str(styles.partname))


def _related(part: Part, reltype: str) -> Part | None:
    """The part related to ``part`` by ``reltype``, without creating one."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target: Part = rel.target_part
            return target
    return None


def _bytes(xml: str | bytes) -> bytes:
    return xml if isinstance(xml, bytes) else xml.encode("utf-8")


def _page_size_name(width: Any, height: Any) -> str:
    if width is None or height is None:
        return "unknown"
    millimetres = round(Emu(width).mm), round(Emu(height).mm)
    names = {(210, 297): "A4", (216, 279): "Letter", (216, 356): "Legal", (148, 210): "A5"}
    return names.get(millimetres, f"{millimetres[0]} x {millimetres[1]} mm")
