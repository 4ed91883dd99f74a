"""Markdown → .docx bytes on a letterhead, rendered with lxml and zipfile only.

A letterhead is prepared once (``word.letterhead.prepare``, imported only on a cache miss because
it imports python-docx): it is opened, style ids are resolved, the body is cleared (the final
``w:sectPr`` stays) and everything rendering needs is kept as plain data
(``word.prepared.Prepared``), cached on disk by the letterhead's bytes. Rendering then uses lxml
and zipfile only (PERF-BASELINE.md, "cached parts"): body XML is built from markdown-it tokens
(``word.body``), only the parts that change are serialised (document, headers, footers, numbering,
core properties, their relationships and ``[Content_Types].xml``) and every other part is deflated
once per writer and language.

Letterhead conventions: a header paragraph containing ``[organisation]`` receives
``DocumentMeta.header_text`` (and the logo, left of it), other runs such as fields are left alone.
A header without any content receives the header text in its first paragraph; any other header of
a user letterhead is left as it is. A footer paragraph containing ``[footer]`` receives
``footer_text`` or is removed when there is none; a footer without the marker gets the footer text
as a new first line, above its page-number line.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word import package as pkg
from advocate.word.body import BodyBuilder
from advocate.word.logo import Logo, logo_inline, read_logo
from advocate.word.ooxml import (
    XML_SPACE,
    Element,
    Numbering,
    StyleMap,
    content_types,
    fill_footer,
    fill_header,
    has_page_field,
    is_empty,
    page_break,
    plain,
    sanitise,
    sub,
    w,
)
from advocate.word.page_words import translate_page_words
from advocate.word.prepared import (
    Prepared,
    cache_path,
    load_cached,
    member,
    read_letterhead,
    rels_member,
    store_cached,
)
from advocate.word.sections import count_section_pages, end_section, restart_numbering

__all__ = ["DocxWriter", "LetterheadReport", "check_letterhead", "render_docx"]

# width, height, margin of the packaged letterhead, in EMU (Mm(210), Mm(297), Cm(2.5); Inches)
PAGE_SIZES = {"A4": (7560000, 10692000, 900000), "LETTER": (7772400, 10058400, 914400)}
LOGO_HEIGHT = 540000  # Cm(1.5)


@dataclass(frozen=True)
class LetterheadReport:
    """What ``check_letterhead`` found out about a letterhead file."""

    path: Path
    missing_styles: list[tuple[str, str]]
    has_header: bool
    has_footer: bool
    has_page_number: bool
    page_size: str
    notes: tuple[str, ...] = ()  # links to outside files that documents leave out


class DocxWriter:
    """Renders Markdown documents on one letterhead, prepared once (and cached on disk).

    Not thread-safe: use one writer per thread or process.

    Args:
        letterhead: A .docx file, or ``None`` for the packaged default letterhead.

    Raises:
        LetterheadError: The file is missing, is a template (.dotx), is not a Word document, or is
            hostile (a zip bomb, a DOCTYPE, a link to an outside file; see ``word.screening``).
    """

    def __init__(self, letterhead: Path | None = None) -> None:
        self.letterhead = letterhead
        self._prepared = _load_prepared(letterhead)
        prepared = self._prepared
        paragraph, character, table, numbering = prepared.style_map
        self._styles = StyleMap(paragraph, character, table, numbering)
        self.missing_styles: tuple[tuple[str, str], ...] = tuple(map(tuple, prepared.missing))  # type: ignore[arg-type]
        self.warnings: tuple[str, ...] = tuple(
            f"The letterhead has no '{name}' style; using {fallback} instead."
            for name, fallback in self.missing_styles
        ) + tuple(prepared.notes)
        self._numbering = None
        if prepared.numbering is not None:
            self._numbering = Numbering.load(pkg.parse(prepared.xml[prepared.numbering]))
        self._static = {name for name, _ in prepared.static}
        self._bases: dict[str, bytes] = dict(prepared.bases)
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

        With more than one body, each is a section of its own that numbers its pages from 1, and
        the page counts of headers and footers count that section's pages (``word.sections``).

        Args:
            markdowns: The bodies, in order.
            meta: Metadata of the combined document.

        Returns:
            The bytes of a complete .docx file.

        Raises:
            LetterheadError: ``meta.logo`` is missing or not a PNG or JPEG image.
        """
        prepared = self._prepared
        size = meta.page_size.upper()
        size = size if size in PAGE_SIZES else "A4"
        name = prepared.document
        links = pkg.Rels(prepared.rels.get(name, pkg.EMPTY_RELS), name)
        document = pkg.parse(prepared.skeletons[size])
        section = document.find(f"{w('body')}/{w('sectPr')}")
        pack = len(markdowns) > 1 and section is not None
        body = self._body(markdowns, links, prepared.text_widths[size], section if pack else None)
        _fill_body(document, body)
        if pack:
            restart_numbering(section)
        blobs = dict(prepared.xml)
        blobs[name] = pkg.serialize(document)
        rels: dict[str, pkg.Rels | bytes] = dict(prepared.rels)
        rels[name] = links
        if self._numbering is not None and prepared.numbering is not None:
            blobs[prepared.numbering] = pkg.serialize(self._numbering.root)
        title, author = plain(meta.title), plain(meta.author)
        blobs[prepared.core] = pkg.core_xml(
            prepared.xml[prepared.core], title, author, meta.created, plain(meta.language)
        )
        extra = self._fill_stories(meta, blobs, rels, pack=pack)
        return self._package(meta.language, blobs, rels, extra)

    # -- per-document work --------------------------------------------------------------------

    def _body(
        self, markdowns: list[str], links: pkg.Rels, width: int, section: Element | None
    ) -> list[Element]:
        """The body of every document; each ends a copy of ``section`` (a pack) or a page."""
        if self._numbering is not None:
            self._numbering.reset()

        def link(url: str) -> str:
            return links.relate(pkg.HYPERLINK, url, external=True)

        elements: list[Element] = []
        for index, markdown in enumerate(markdowns):
            if index and section is None:
                elements.append(page_break())
            builder = BodyBuilder(self._styles, self._numbering, link, width)
            document = builder.build(self._markdown.parse(sanitise(markdown)))
            if section is not None and index < len(markdowns) - 1:
                end_section(document, section)
            elements += document
        return elements

    def _fill_stories(
        self,
        meta: DocumentMeta,
        blobs: dict[str, bytes],
        rels: dict[str, pkg.Rels | bytes],
        *,
        pack: bool = False,
    ) -> tuple[int, str, str] | None:
        """Fill headers and footers; return (position, part name, type) of a new logo part.

        In a pack (one section per document) page counts count the section's pages.
        """
        header_text, footer_text = plain(meta.header_text), plain(meta.footer_text)
        roots: dict[str, Element] = {}
        extra, logo = None, None
        for name in self._prepared.stories:
            if name not in roots:
                roots[name] = pkg.parse(self._prepared.xml[name])
            root = roots[name]
            if pack:
                count_section_pages(root)
            if root.tag != w("hdr"):
                fill_footer(root, footer_text)
                if meta.page_words is not None:  # another language's "Page 1 of 2"
                    translate_page_words(root, meta.page_words)
                continue
            target = fill_header(root, header_text)
            if target is not None and meta.logo is not None:
                logo = logo or read_logo(meta.logo, LOGO_HEIGHT)
                added = self._add_logo(name, root, target, logo, rels)
                if added is not None and extra is None:
                    blobs[added[1]] = logo.data
                    extra = added
        for name, root in roots.items():
            blobs[name] = pkg.serialize(root)
        return extra

    def _add_logo(
        self,
        name: str,
        root: Element,
        paragraph: Element,
        logo: Logo,
        rels: dict[str, pkg.Rels | bytes],
    ) -> tuple[int, str, str] | None:
        """Put the logo in a header; return where its image part goes if it is a new part."""
        image, new = self._image_part(logo)
        story_rels = rels.get(name, pkg.EMPTY_RELS)
        if not isinstance(story_rels, pkg.Rels):
            story_rels = rels[name] = pkg.Rels(story_rels, name)
        rid = story_rels.relate(pkg.IMAGE, image)
        filename = plain(logo.path.name) if new else f"image.{logo.ext}"  # python-docx's names
        _insert_logo(paragraph, logo_inline(root, rid, filename, logo.width, logo.height))
        return (self._prepared.subtree_end[name], image, logo.content_type) if new else None

    def _image_part(self, logo: Logo) -> tuple[str, bool]:
        """The part name of the logo image, and whether it is new (python-docx's naming)."""
        prepared = self._prepared
        if prepared.images:
            existing = prepared.images.get(hashlib.sha1(logo.data).hexdigest())  # noqa: S324
            if existing is not None:
                return existing, False
        count, used = prepared.image_count, prepared.image_numbers
        number = next((n for n in range(1, count + 1) if n not in used), count + 1)
        return f"/word/media/image{number}.{logo.ext}", True

    # -- packaging ----------------------------------------------------------------------------

    def _base(self, language: str) -> bytes:
        """The static parts deflated once per language (styles.xml holds the language)."""
        if language not in self._bases:
            prepared = self._prepared
            self._bases[language] = pkg.zip_static(
                prepared.static, prepared.styles_member, plain(language)
            )
        return self._bases[language]

    def _package(
        self,
        language: str,
        blobs: dict[str, bytes],
        rels: dict[str, pkg.Rels | bytes],
        extra: tuple[int, str, str] | None,
    ) -> bytes:
        parts = list(self._prepared.parts)
        if extra is not None:
            parts.insert(extra[0], extra[1:])
        out = io.BytesIO(self._base(language))
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            pkg.write(archive, "[Content_Types].xml", content_types(parts))
            for name, _ in parts:
                if member(name) in self._static:
                    continue
                pkg.write(archive, member(name), blobs[name])
                part_rels = rels.get(name)
                if isinstance(part_rels, pkg.Rels):
                    part_rels = part_rels.xml() if len(part_rels.root) else None
                if part_rels is not None:
                    pkg.write(archive, rels_member(name), part_rels)
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
    return cached_writer(letterhead).render(markdown, meta)


@functools.lru_cache(maxsize=8)
def cached_writer(letterhead: Path | None = None) -> DocxWriter:
    """The process's one writer for a letterhead (loading a letterhead is the costly part)."""
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
    prepared = writer._prepared
    roots = [pkg.parse(prepared.xml[name]) for name in prepared.stories]
    headers = [root for root in roots if root.tag == w("hdr")]
    footers = [root for root in roots if root.tag == w("ftr")]
    return LetterheadReport(
        path=path,
        missing_styles=list(writer.missing_styles),
        has_header=any(not is_empty(root) for root in headers),
        has_footer=any(not is_empty(root) for root in footers),
        has_page_number=any(has_page_field(root) for root in roots),
        page_size=prepared.page_size_name,
        notes=tuple(prepared.notes),
    )


# -- body and logo ----------------------------------------------------------------------------


def _fill_body(document: Element, elements: list[Element]) -> None:
    """Put the body elements before the final ``w:sectPr``."""
    body = document.find(w("body"))
    sect = body[-1] if len(body) and body[-1].tag == w("sectPr") else None
    for element in elements:
        if sect is None:
            body.append(element)
        else:
            sect.addprevious(element)


def _insert_logo(paragraph: Element, inline: Element) -> None:
    """Insert the logo as the first run of the organisation paragraph."""
    run = paragraph.makeelement(w("r"), {})
    sub(run, "drawing").append(inline)
    sub(run, "t").text = " "
    run[-1].set(XML_SPACE, "preserve")
    props = paragraph.find(w("pPr"))
    if props is None:
        paragraph.insert(0, run)
    else:
        props.addnext(run)


# -- preparing a letterhead (python-docx) -----------------------------------------------------


def _load_prepared(path: Path | None) -> Prepared:
    """The prepared letterhead from the cache, or prepared now and cached."""
    if path is not None and not path.is_file():
        raise LetterheadError(path, "the file does not exist. Check the path and try again.")
    data = read_letterhead(path)
    cached = cache_path(data)
    prepared = load_cached(cached)
    if prepared is None:
        # importing word.letterhead imports python-docx (~150 ms): only on a cache miss
        from advocate.word.letterhead import prepare

        prepared = prepare(path, data, PAGE_SIZES)
        store_cached(cached, prepared)
    return prepared
