"""Markdown → .docx bytes on a letterhead. The only module of advocate that imports ``docx``.

A ``DocxWriter`` loads its letterhead once and reuses it for every document ("hybrid" renderer,
see PERF-BASELINE.md): per document the body is cleared (the final ``w:sectPr`` stays), new body
XML is built from markdown-it tokens with style ids resolved once (``docx_xml``), and only the parts
that change are serialised (document, headers, footers, numbering, core properties, their
relationships and ``[Content_Types].xml``). Every other part is deflated once per writer.

Letterhead conventions: a header paragraph containing ``[organisation]`` receives
``DocumentMeta.header_text`` (and the logo, left of it), other runs such as fields are left alone.
A header without any content receives the header text in its first paragraph; any other header of
a user letterhead is left as it is. A footer paragraph containing ``[footer]`` receives
``footer_text`` or is removed when there is none; a footer without the marker gets the footer text
as a new first line, above its page-number line.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.shared import Cm, Emu, Inches, Mm
from markdown_it import MarkdownIt

from advocate.docx_body import BodyBuilder
from advocate.docx_xml import (
    XML_SPACE,
    Element,
    Numbering,
    content_types,
    fill_footer,
    fill_header,
    has_page_field,
    is_empty,
    page_break,
    plain,
    resolve_styles,
    sanitise,
    set_language,
    sub,
    w,
)
from advocate.errors import LetterheadError
from advocate.models import DocumentMeta

__all__ = ["DocxWriter", "LetterheadReport", "check_letterhead", "render_docx"]

PAGE_SIZES = {"A4": (Mm(210), Mm(297), Cm(2.5)), "LETTER": (Inches(8.5), Inches(11), Inches(1))}
LOGO_HEIGHT = Cm(1.5)
_STAMP = (1980, 1, 1, 0, 0, 0)  # fixed zip timestamps: same input, same bytes
_MAIN_DOCUMENT = "wordprocessingml.document.main+xml"
_TEMPLATE_TYPES = ("wordprocessingml.template.main", "macroEnabledTemplate")


@dataclass(frozen=True)
class LetterheadReport:
    """What ``check_letterhead`` found out about a letterhead file."""

    path: Path
    missing_styles: list[tuple[str, str]]
    has_header: bool
    has_footer: bool
    has_page_number: bool
    page_size: str


class DocxWriter:
    """Renders Markdown documents on one letterhead, loaded once.

    Not thread-safe: use one writer per thread or process.

    Args:
        letterhead: A .docx file, or ``None`` for the packaged default letterhead.

    Raises:
        LetterheadError: The file is missing, is a template (.dotx), or is not a Word document.
    """

    def __init__(self, letterhead: Path | None = None) -> None:
        self.letterhead = letterhead
        self._packaged = letterhead is None
        self._doc = _open_letterhead(letterhead)
        self._styles, missing = resolve_styles(self._doc.styles.element)
        self.missing_styles: tuple[tuple[str, str], ...] = tuple(missing)
        self.warnings: tuple[str, ...] = tuple(
            f"The letterhead has no '{name}' style; using {fallback} instead."
            for name, fallback in missing
        )
        self._core = self._doc.core_properties  # creates core.xml first if missing
        numbering_part = _related(self._doc.part, RT.NUMBERING)
        self._numbering = None
        if isinstance(numbering_part, XmlPart):
            self._numbering = Numbering.load(numbering_part.element)
        self._stories = [
            rel.target_part
            for rel in self._doc.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
        ]
        self._pristine = {part: copy.deepcopy(list(_root(part))) for part in self._stories}
        self._rels = {part: set(part.rels) for part in [self._doc.part, *self._stories]}
        core_part = self._doc.part.package.part_related_by(RT.CORE_PROPERTIES)
        dynamic = [self._doc.part, *self._stories, core_part, numbering_part]
        self._dynamic = {part.partname for part in dynamic if part is not None}
        self._reset()
        self._static = self._static_parts()
        self._bases: dict[str, bytes] = {}
        self._markdown = MarkdownIt("commonmark", {"html": False})
        self._markdown.enable(["table", "strikethrough"])

    def render(self, markdown: str, meta: DocumentMeta) -> bytes:
        """Render one document.

        Args:
            markdown: The document body (CommonMark with tables and strikethrough).
            meta: Title, author, dates, page size, language, header, footer and logo.

        Returns:
            The bytes of a complete .docx file.

        Raises:
            LetterheadError: ``meta.logo`` is missing or not a PNG or JPEG image.
        """
        return self.render_many([markdown], meta)

    def render_many(self, markdowns: list[str], meta: DocumentMeta) -> bytes:
        """Render several Markdown bodies into one document, each starting on a new page.

        Args:
            markdowns: The bodies, in order.
            meta: Metadata of the combined document.

        Returns:
            The bytes of a complete .docx file.

        Raises:
            LetterheadError: ``meta.logo`` is missing or not a PNG or JPEG image.
        """
        self._reset()
        width = self._page_setup(meta.page_size)
        elements: list[Element] = []
        for index, markdown in enumerate(markdowns):
            if index:
                elements.append(page_break())
            builder = BodyBuilder(self._styles, self._numbering, self._link, width)
            elements += builder.build(self._markdown.parse(sanitise(markdown)))
        body = self._doc.element.body
        sect = body[-1] if len(body) and body[-1].tag == w("sectPr") else None
        for element in elements:
            if sect is None:
                body.append(element)
            else:
                sect.addprevious(element)
        self._fill_stories(meta)
        self._set_core(meta)
        return self._package(meta.language)

    # -- per-document state -------------------------------------------------------------------

    def _reset(self) -> None:
        body = self._doc.element.body
        for child in list(body):
            if child.tag != w("sectPr"):
                body.remove(child)
        for part, children in self._pristine.items():
            root = _root(part)
            for child in list(root):
                root.remove(child)
            root.extend(copy.deepcopy(children))
        for part, original in self._rels.items():
            for rid in set(part.rels) - original:
                del part.rels[rid]
        if self._numbering is not None:
            self._numbering.reset()

    def _link(self, url: str) -> str:
        return self._doc.part.relate_to(url, RT.HYPERLINK, is_external=True)

    def _page_setup(self, page_size: str) -> int:
        """Set the page size on every section; return the text width in twips."""
        width, height, margin = PAGE_SIZES.get(page_size.upper(), PAGE_SIZES["A4"])
        text_width = 0
        for section in self._doc.sections:
            section.page_width, section.page_height = width, height
            if self._packaged:
                section.left_margin = section.right_margin = margin
                section.top_margin = section.bottom_margin = margin
            left, right = section.left_margin or 0, section.right_margin or 0
            text_width = Emu(width - left - right).twips
        return max(text_width, 1440)

    def _fill_stories(self, meta: DocumentMeta) -> None:
        header_text, footer_text = plain(meta.header_text), plain(meta.footer_text)
        for part in self._stories:
            root = _root(part)
            if root.tag == w("hdr"):
                target = fill_header(root, header_text)
                if target is not None and meta.logo is not None:
                    _add_logo(part, target, meta.logo)
            else:
                fill_footer(root, footer_text)

    def _set_core(self, meta: DocumentMeta) -> None:
        core = self._core
        core.title = plain(meta.title)
        core.author = core.last_modified_by = plain(meta.author)
        core.created = core.modified = meta.created
        core.revision = 1
        core.language = plain(meta.language)

    # -- packaging ----------------------------------------------------------------------------

    def _static_parts(self) -> dict[str, bytes]:
        buffer = io.BytesIO()
        self._doc.save(buffer)
        source = zipfile.ZipFile(buffer)
        skip = {name.lstrip("/") for name in self._dynamic} | {"[Content_Types].xml"}
        skip |= {name.rels_uri.membername for name in self._dynamic}
        return {name: source.read(name) for name in source.namelist() if name not in skip}

    def _base(self, language: str) -> bytes:
        """The static parts deflated once per language (styles.xml holds the language)."""
        if language not in self._bases:
            styles_part = _related(self._doc.part, RT.STYLES)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in self._static.items():
                    if isinstance(styles_part, XmlPart) and name == styles_part.partname.membername:
                        set_language(styles_part.element, plain(language))
                        data = styles_part.blob
                    _write(archive, name, data)
            self._bases[language] = buffer.getvalue()
        return self._bases[language]

    def _package(self, language: str) -> bytes:
        out = io.BytesIO(self._base(language))
        parts = list(self._doc.part.package.iter_parts())
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            types = [(str(part.partname), part.content_type) for part in parts]
            _write(archive, "[Content_Types].xml", content_types(types))
            for part in parts:
                name = part.partname.membername
                if name in self._static:
                    continue
                _write(archive, name, part.blob)
                if len(part.rels):
                    _write(archive, part.partname.rels_uri.membername, _bytes(part.rels.xml))
        return out.getvalue()


def render_docx(markdown: str, meta: DocumentMeta, letterhead: Path | None = None) -> bytes:
    """Render one document with a writer cached per letterhead.

    Args:
        markdown: The document body.
        meta: Document metadata.
        letterhead: A .docx letterhead, or ``None`` for the packaged one.

    Returns:
        The .docx bytes.
    """
    return _cached_writer(letterhead).render(markdown, meta)


@functools.lru_cache(maxsize=8)
def _cached_writer(letterhead: Path | None) -> DocxWriter:
    return DocxWriter(letterhead)


def check_letterhead(path: Path) -> LetterheadReport:
    """Inspect a letterhead: missing styles, header, footer, page number and page size.

    Args:
        path: The .docx letterhead to check.

    Returns:
        A report for ``advocate templates check``.

    Raises:
        LetterheadError: The file cannot be used as a letterhead at all.
    """
    writer = DocxWriter(path)
    roots = [_root(part) for part in writer._stories]
    headers = [root for root in roots if root.tag == w("hdr")]
    footers = [root for root in roots if root.tag == w("ftr")]
    section = writer._doc.sections[0]
    return LetterheadReport(
        path=path,
        missing_styles=list(writer.missing_styles),
        has_header=any(not is_empty(root) for root in headers),
        has_footer=any(not is_empty(root) for root in footers),
        has_page_number=any(has_page_field(root) for root in roots),
        page_size=_page_size_name(section.page_width, section.page_height),
    )


# -- loading ----------------------------------------------------------------------------------


def _open_letterhead(path: Path | None) -> Document:
    """Open a letterhead, turning every way it can be unusable into a ``LetterheadError``."""
    if path is None:
        data = (files("advocate") / "letter_templates" / "letterhead.docx").read_bytes()
        return docx.Document(io.BytesIO(data))
    if not path.is_file():
        raise LetterheadError(path, "the file does not exist. Check the path and try again.")
    data = path.read_bytes()
    _check_package(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds on damaged files
        problem = f"it cannot be read as a Word document ({err})."
        raise LetterheadError(path, problem) from err


def _check_package(path: Path, data: bytes) -> None:
    """Recognise .doc, PDF, text and template files before python-docx tries them."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problem = "this is an old Word 97-2003 file (.doc); open it and save it as .docx."
        raise LetterheadError(path, problem)
    if data.startswith(b"%PDF"):
        problem = "this is a PDF; a letterhead must be a Word document (.docx)."
        raise LetterheadError(path, problem)
    try:
        types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as err:
        problem = "this is not a Word document (.docx); save the letterhead from Word as .docx."
        raise LetterheadError(path, problem) from err
    if any(kind in types for kind in _TEMPLATE_TYPES):
        problem = "this is a Word template (.dotx); open it and save it as a Word document (.docx)."
        raise LetterheadError(path, problem)
    if _MAIN_DOCUMENT not in types:
        problem = "this is not a Word document (.docx); save it from Word as a .docx file."
        raise LetterheadError(path, problem)


def _related(part: Part, reltype: str) -> Part | None:
    """The part related to ``part`` by ``reltype``, without creating one."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target: Part = rel.target_part
            return target
    return None


def _root(part: Part) -> Element:
    return part.element if isinstance(part, XmlPart) else None


# -- headers, footers, language, packaging ----------------------------------------------------


def _add_logo(part: Part, paragraph: Element, logo: Path) -> None:
    """Insert the logo as the first run of the organisation paragraph."""
    try:
        head = logo.read_bytes()[:4]
    except OSError as err:
        raise LetterheadError(logo, f"the logo cannot be read ({err.strerror}).") from err
    if not (head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff")):
        raise LetterheadError(logo, "the logo must be a PNG or JPEG image.")
    inline = part.new_pic_inline(str(logo), height=LOGO_HEIGHT)  # type: ignore[attr-defined]
    run = paragraph.makeelement(w("r"), {})
    sub(run, "drawing").append(inline)
    sub(run, "t").text = " "
    run[-1].set(XML_SPACE, "preserve")
    props = paragraph.find(w("pPr"))
    if props is None:
        paragraph.insert(0, run)
    else:
        props.addnext(run)


def _bytes(xml: str | bytes) -> bytes:
    return xml if isinstance(xml, bytes) else xml.encode("utf-8")


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _page_size_name(width: Any, height: Any) -> str:
    if width is None or height is None:
        return "unknown"
    millimetres = round(Emu(width).mm), round(Emu(height).mm)
    names = {(210, 297): "A4", (216, 279): "Letter", (216, 356): "Legal", (148, 210): "A5"}
    return names.get(millimetres, f"{millimetres[0]} x {millimetres[1]} mm")
