"""The parts of a .docx that change per document, built from a prepared letterhead with lxml.

What python-docx did per document is done here on plain XML, with the same results: relationships
get the first free ``rIdN`` and are reused for the same target, core properties keep python-docx's
formats (W3CDTF dates written from the datetime's own fields; text cut to Word's 255 characters),
and the parts that never change are deflated into the zip every document starts from. The logo is
in ``word.logo``.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile

from lxml import etree  # type: ignore[import-untyped]

from advocate.word.ooxml import Element, set_language

PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HYPERLINK = RT_BASE + "hyperlink"
IMAGE = RT_BASE + "image"
EMPTY_RELS = f'<Relationships xmlns="{PR_NS}"/>'.encode()
PROPERTY_LIMIT = 255  # characters Word keeps in a document property
STAMP = (1980, 1, 1, 0, 0, 0)  # fixed zip timestamps: same input, same bytes

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


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

    Text longer than Word's 255-character limit is cut to it (python-docx raised instead).
    """
    root = parse(xml)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    values = (("dc:title", title), ("dc:creator", author), ("cp:lastModifiedBy", author),
              ("dcterms:created", stamp), ("dcterms:modified", stamp), ("cp:revision", "1"),
              ("dc:language", language))  # fmt: skip
    for name, value in values:
        root.find(name, _CORE_NS).text = cut(value, PROPERTY_LIMIT)
    return serialize(root)


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 code units (as Word counts), never inside a character."""
    if 2 * len(text) <= limit:  # every character takes at most two units
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


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
