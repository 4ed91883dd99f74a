"""Raw WordprocessingML helpers shared by ``word.writer`` and ``word.body``.

Everything here works on lxml elements and plain strings: text sanitising, right-to-left
detection, style resolution, numbering restarts, header/footer markers and the default
language. Nothing here imports ``docx``; only ``word.letterhead`` does.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
ORGANISATION_MARKER = "[organisation]"
FOOTER_MARKER = "[footer]"
LINE_BREAK = "\U0010fffe"  # a noncharacter standing for \x0b / \x0c until runs are written

_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_FORBIDDEN = "\x00-\x08\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef"  # C0 controls, lone surrogates
# every noncharacter goes too: LINE_BREAK is one, so input text can never smuggle a marker in
_INVALID = re.compile(f"[{_FORBIDDEN}{_NONCHARACTERS}]")
_INVALID_BUT_MARKERS = re.compile(f"[{_FORBIDDEN}{_NONCHARACTERS.replace(LINE_BREAK, '')}]")
_BREAKS = re.compile("[\x0b\x0c]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")

Element = Any  # lxml has no type stubs in this project


def w(tag: str) -> str:
    """Return the Clark name of a ``w:`` tag."""
    return f"{{{W_NS}}}{tag}"


def sanitise(text: str) -> str:
    """Make text safe for XML: form feeds and vertical tabs become line-break markers.

    Args:
        text: Any text, possibly pasted from a CSV file or a terminal.

    Returns:
        The text without characters XML or Word cannot hold (NUL, C0 controls other than tab,
        newline and carriage return, lone surrogates, and noncharacters such as U+FFFE).
    """
    if text.isprintable():  # the common case: nothing XML or Word cannot hold, no breaks
        return text
    return _BREAKS.sub(LINE_BREAK, _INVALID.sub("", text))


def plain(text: str) -> str:
    """Return sanitised text with line-break markers turned into newlines (for metadata)."""
    return sanitise(text).replace(LINE_BREAK, "\n")


def sanitise_parsed(text: str) -> str:
    """``sanitise`` for text parsed from sanitised Markdown: its line-break markers stay.

    Character references such as ``&#12;`` only become characters when Markdown is parsed, so
    parsed text is cleaned again; markdown-it already turns noncharacter references into U+FFFD.
    """
    if text.isprintable():  # a marker is a non-character, so text holding one goes below
        return text
    return _BREAKS.sub(LINE_BREAK, _INVALID_BUT_MARKERS.sub("", text))


def is_rtl(text: str) -> bool:
    """Return whether most letters of ``text`` belong to a right-to-left script."""
    if not _RTL.search(text):
        return False
    return 2 * len(_RTL.findall(text)) > len(_LETTER.findall(text))


def sub(parent: Element, tag: str, **attrs: str) -> Element:
    """Append a ``w:`` child with ``w:`` attributes."""
    child = etree.SubElement(parent, w(tag))
    for name, value in attrs.items():
        child.set(w(name), value)
    return child


def page_break() -> Element:
    """Return a paragraph holding only a page break."""
    p = etree.Element(w("p"))
    sub(sub(p, "r"), "br", type="page")
    return p


class StyleMap:
    """Style ids resolved once per letterhead; ``None`` where the letterhead lacks the style.

    ``paragraph`` is keyed by the English UI name ("Heading 1", "List Bullet 2", "Quote").
    ``numbering`` maps a list style id to the (numId, ilvl) its style definition uses.
    Treat it as read-only (a plain class: dataclass creation costs import time).
    """

    __slots__ = ("character", "numbering", "paragraph", "table")

    def __init__(
        self,
        paragraph: dict[str, str | None],
        character: dict[str, str | None],
        table: str | None,
        numbering: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.paragraph, self.character, self.table = paragraph, character, table
        self.numbering = {} if numbering is None else numbering

    def para(self, name: str) -> str | None:
        """Return the style id for a paragraph style name, or ``None``."""
        return self.paragraph.get(name)


class Numbering:
    """New ``w:num`` entries so that every numbered list restarts (python-docx issue #25)."""

    __slots__ = ("abstract_of", "added", "first_free", "root")

    def __init__(self, root: Element, abstract_of: dict[str, str], first_free: int) -> None:
        self.root, self.abstract_of, self.first_free = root, abstract_of, first_free
        self.added: list[Element] = []

    @classmethod
    def load(cls, root: Element) -> Numbering:
        """Read the existing numbering definitions."""
        abstract_of = {}
        for num in root.iter(w("num")):
            abstract = num.find(w("abstractNumId"))
            if abstract is not None:
                abstract_of[num.get(w("numId"))] = abstract.get(w("val"))
        ids = [int(key) for key in abstract_of if key.isdigit()]
        return cls(root, abstract_of, max(ids, default=0) + 1)

    def restart(self, num_id: str, ilvl: str, start: int) -> str | None:
        """Add a numbering instance restarting ``num_id`` at ``start``; return its id."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None:
            return None
        new_id = str(self.first_free + len(self.added))
        num = etree.Element(w("num"))
        num.set(w("numId"), new_id)
        sub(num, "abstractNumId", val=abstract)
        override = sub(num, "lvlOverride", ilvl=ilvl)
        sub(override, "startOverride", val=str(start))
        nums = list(self.root.iter(w("num")))
        if nums:
            nums[-1].addnext(num)
        else:
            self.root.append(num)
        self.added.append(num)
        return new_id

    def reset(self) -> None:
        """Remove what the previous document added."""
        for num in self.added:
            self.root.remove(num)
        self.added.clear()


# style name -> (built-in style id, fallback described for warnings); type in STYLE_TYPES
REQUIRED_STYLES = {
    "Heading 1": ("Heading1", "bold, larger Normal text"),
    "Heading 2": ("Heading2", "bold, larger Normal text"),
    "Heading 3": ("Heading3", "bold, larger Normal text"),
    "List Bullet": ("ListBullet", 'paragraphs starting with "\u2022 ", indented'),
    "List Bullet 2": ("ListBullet2", 'paragraphs starting with "\u2022 ", indented'),
    "List Number": ("ListNumber", 'paragraphs numbered "1. ", "2. " in the text'),
    "List Number 2": ("ListNumber2", 'paragraphs numbered "1. ", "2. " in the text'),
    "Quote": ("Quote", "indented Normal paragraphs"),
    "Table Grid": ("TableGrid", "tables with explicit single borders"),
    "Hyperlink": ("Hyperlink", "blue underlined link text"),
}
OPTIONAL_STYLES = {"Normal": "Normal", "Title": "Title", "List Bullet 3": "ListBullet3",
             "List Number 3": "ListNumber3", "Heading 4": "Heading4", "Heading 5": "Heading5",
             "Heading 6": "Heading6"}  # fmt: skip
STYLE_TYPES = {"Table Grid": "table", "Hyperlink": "character"}


def resolve_styles(root: Element) -> tuple[StyleMap, list[tuple[str, str]]]:
    """Match styles by name (case-insensitive) or built-in id; list the missing ones."""
    by_key: dict[tuple[str, str], Element] = {}
    for style in root.iter(w("style")):
        kind, style_id = style.get(w("type"), "paragraph"), style.get(w("styleId"), "")
        name = style.find(w("name"))
        by_key.setdefault((kind, style_id.lower()), style)
        if name is not None:
            by_key.setdefault((kind, name.get(w("val"), "").lower()), style)
    found: dict[str, str | None] = {}
    missing = []
    wanted = {name: (sid, None) for name, sid in OPTIONAL_STYLES.items()} | dict(REQUIRED_STYLES)
    for name, (style_id, fallback) in wanted.items():
        kind = STYLE_TYPES.get(name, "paragraph")
        style = by_key.get((kind, name.lower()))
        if style is None:
            style = by_key.get((kind, style_id.lower()))
        found[name] = None if style is None else style.get(w("styleId"))
        if style is None and fallback:
            missing.append((name, fallback))
    numbering = {sid: num for sid in found.values() if sid and (num := _style_num(root, sid))}
    styles = StyleMap(
        paragraph={k: v for k, v in found.items() if k not in STYLE_TYPES},
        character={"Hyperlink": found["Hyperlink"]},
        table=found["Table Grid"],
        numbering=numbering,
    )
    return styles, missing


def _style_num(root: Element, style_id: str) -> tuple[str, str] | None:
    """The (numId, ilvl) a paragraph style numbers its paragraphs with, following basedOn."""
    styles = {s.get(w("styleId")): s for s in root.iter(w("style"))}
    seen: set[str] = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        num = style.find(f"{w('pPr')}/{w('numPr')}")
        if num is not None and num.find(w("numId")) is not None:
            level = num.find(w("ilvl"))
            ilvl = "0" if level is None else level.get(w("val"), "0")
            return num.find(w("numId")).get(w("val")), ilvl
        based = style.find(w("basedOn"))
        style_id = "" if based is None else based.get(w("val"), "")
    return None


def replace_marker(p: Element, marker: str, value: str) -> bool:
    """Replace ``marker`` in a paragraph's text nodes, leaving other runs (fields) untouched."""
    nodes = list(p.iter(w("t")))
    joined = "".join(node.text or "" for node in nodes)
    start = joined.find(marker)
    if start < 0:
        return False
    end, position, placed = start + len(marker), 0, False
    for node in nodes:
        text = node.text or ""
        low, position = position, position + len(text)
        if position <= start or low >= end:
            continue
        cut_from, cut_to = max(start, low) - low, min(end, position) - low
        node.text = text[:cut_from] + ("" if placed else value) + text[cut_to:]
        node.set(XML_SPACE, "preserve")
        placed = True
    return True


def fill_header(root: Element, text: str) -> Element | None:
    """Put the header text in place; return the paragraph that holds the organisation."""
    target = None
    for p in root.iter(w("p")):
        if replace_marker(p, ORGANISATION_MARKER, text):
            target = target if target is not None else p
    if target is None and is_empty(root) and text:
        target = root.find(w("p"))
        if target is None:
            target = sub(root, "p")
        sub(sub(target, "r"), "t").text = text
    return target


def fill_footer(root: Element, text: str) -> None:
    """Replace or remove the footer marker; without a marker, add the text as a first line."""
    marked = [p for p in root.iter(w("p")) if replace_marker(p, FOOTER_MARKER, text)]
    for p in marked if not text else []:
        p.getparent().remove(p)
    if text and not marked and root.tag == w("ftr"):
        first = root.find(w("p"))
        p = sub(root, "p")
        if first is not None:
            style = first.find(f"{w('pPr')}/{w('pStyle')}")
            if style is not None:
                sub(sub(p, "pPr"), "pStyle", val=style.get(w("val")))
            first.addprevious(p)
        sub(sub(p, "r"), "t").text = text
    if root.find(w("p")) is None and root.find(w("tbl")) is None:
        sub(root, "p")


def is_empty(root: Element) -> bool:
    """A story without text, pictures or fields."""
    text = "".join(node.text or "" for node in root.iter(w("t")))
    busy = (w("drawing"), w("pict"), w("fldSimple"), w("fldChar"), w("object"))
    return not text.strip() and not any(True for _ in root.iter(*busy))


def has_page_field(root: Element) -> bool:
    """Whether a header or footer holds a PAGE field (simple or complex)."""
    instructions = [node.get(w("instr"), "") for node in root.iter(w("fldSimple"))]
    instructions += [node.text or "" for node in root.iter(w("instrText"))]
    return any(text.split()[:1] == ["PAGE"] for text in instructions)


def set_language(styles: Element, language: str) -> None:
    """Set the default language (w:lang) in docDefaults, creating the elements if needed."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(w("docDefaults"), {})
        styles.insert(0, defaults)
    run_defaults = defaults.find(w("rPrDefault"))
    if run_defaults is None:
        run_defaults = defaults.makeelement(w("rPrDefault"), {})
        defaults.insert(0, run_defaults)
    props = run_defaults.find(w("rPr"))
    if props is None:
        props = sub(run_defaults, "rPr")
    lang = props.find(w("lang"))
    if lang is None:
        lang = sub(props, "lang")
    lang.set(w("val"), language)


def content_types(parts: list[tuple[str, str]]) -> bytes:
    """Return ``[Content_Types].xml`` with an override for every (part name, content type)."""
    entries = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    ]
    entries += [f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts]
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CT_NS}">'
    return (xml + "".join(entries) + "</Types>").encode()
