"""A combined pack as one Word section per document, each numbering its pages from 1.

Each document's last paragraph ends a section (a copy of the letterhead's final ``w:sectPr``, so
every section keeps the same page size, margins, headers and footers) and every section restarts
its page numbers (``w:pgNumType w:start="1"``). In a pack the page-count fields of headers and
footers count the section's pages (``SECTIONPAGES``) instead of the file's (``NUMPAGES``), so each
document reads "Page 1 of 2", "Page 2 of 2" whatever its place in the pack.
"""

from __future__ import annotations

import copy

from lxml import etree  # type: ignore[import-untyped]

from advocate.word.ooxml import Element, w

# w:sectPr children that come after w:pgNumType in the schema's order
_AFTER_NUMBERING = {
    w(tag)
    for tag in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
}  # fmt: skip


def restart_numbering(section: Element) -> None:
    """Make ``section`` number its pages from 1."""
    numbering = section.find(w("pgNumType"))
    if numbering is None:
        numbering = section.makeelement(w("pgNumType"), {})
        later = next((child for child in section if child.tag in _AFTER_NUMBERING), None)
        if later is None:
            section.append(numbering)
        else:
            later.addprevious(numbering)
    numbering.set(w("start"), "1")


def end_section(elements: list[Element], section: Element) -> None:
    """End a document's section after ``elements`` (its body), numbered from 1 on a new page."""
    ended = copy.deepcopy(section)
    restart_numbering(ended)
    last = elements[-1] if elements else None
    if last is None or last.tag != w("p"):
        last = etree.Element(w("p"))
        elements.append(last)
    props = last.find(w("pPr"))
    if props is None:
        props = last.makeelement(w("pPr"), {})
        last.insert(0, props)
    props.append(ended)


def count_section_pages(root: Element) -> None:
    """Turn the ``NUMPAGES`` fields of a header or footer into ``SECTIONPAGES``."""
    for field in root.iter(w("fldSimple")):
        field.set(w("instr"), _section_pages(field.get(w("instr"), "")))
    for instruction in root.iter(w("instrText")):
        instruction.text = _section_pages(instruction.text or "")


def _section_pages(instruction: str) -> str:
    words = instruction.split()
    if words[:1] != ["NUMPAGES"]:
        return instruction
    return instruction.replace("NUMPAGES", "SECTIONPAGES", 1)
