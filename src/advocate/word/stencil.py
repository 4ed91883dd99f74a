"""A rendered .docx with holes where row values go: one document per row without re-rendering.

A batch renders the same template again and again with only a few answers changed (the
recipient, say). ``Stencil.build`` takes the same document rendered with several *probe* values
for those answers (made by the ordinary writer, so every other part is exactly what it writes)
and keeps ``word/document.xml`` as literal pieces with holes between them; every other member of
the zip is kept as it was deflated. ``Stencil.fill`` then joins the pieces with a row's values,
XML-escaped, deflates that one member and splices it into the zip (``word.zipsplice``).

The holes are only accepted where filling them is the same as rendering (``build`` returns a
reason otherwise, and the caller renders every row the ordinary way):

* every member but ``word/document.xml`` is byte-identical for every probe, and so are the pieces
  of ``word/document.xml`` around the probe values: nothing else (a table's column widths, the
  title, a header, a count, a last word) depends on the value;
* every hole is inside the text of a ``w:t`` element, so a value is text and nothing else;
* no paragraph with a hole is right-to-left (a value's letters could change that).

The caller keeps the other half of the bargain: it fills only values for which the probes stand
(see :func:`literal_safe`), and it compares its first filled document with an ordinary render.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advocate.word.zipsplice import Splice

DOCUMENT = "word/document.xml"
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # as word.ooxml's _RTL
_TEXT_START = ("<w:t>", '<w:t xml:space="preserve">')
_PARAGRAPH_START = re.compile(rb"<w:p[ >]")


def literal_safe(value: object) -> bool:
    """Whether a value reads in a document exactly as written, whatever its neighbours.

    The value must be non-empty text on one line, printable (no control, format or separator
    characters: nothing the writer cleans away), without leading, trailing or doubled spaces
    (which change Markdown line ends and ``xml:space``) and without right-to-left letters
    (which can turn a paragraph right-to-left). Markdown, XML and Jinja characters are fine:
    the template escapes them, and the probes check that they come out literally.
    """
    return (
        isinstance(value, str)
        and value != ""
        and value.isprintable()
        and value == value.strip()
        and "  " not in value
        and _RTL_CHAR.search(value) is None
    )


def escape_text(value: str) -> str:
    """Escape text the way lxml writes the text of an element."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Stencil:
    """``word/document.xml`` as pieces and holes, and the rest of the package as it was zipped."""

    pieces: tuple[bytes, ...]  # literal XML; a hole between each two
    holes: tuple[str, ...]  # the answer id that fills each hole
    splice: Splice

    @classmethod
    def build(cls, probes: Sequence[tuple[Mapping[str, str], bytes]]) -> tuple[Stencil | None, str]:
        """A stencil from the same document rendered with different values; or why not.

        Args:
            probes: (values by answer id, the .docx rendered with them), at least two; every
                probe must give each answer a different value.

        Returns:
            The stencil and "", or ``None`` and the reason filling would not equal rendering.
        """
        splices = [Splice.read(data, DOCUMENT) for _, data in probes]
        first = splices[0]
        if any(not first.same_except_member(other) for other in splices[1:]):
            return None, "a part other than the document body depends on the row"
        cut = [
            _cut(splice.member, values) for (values, _), splice in zip(probes, splices, strict=True)
        ]
        pieces, holes = cut[0]
        if any(other != (pieces, holes) for other in cut[1:]):
            return None, "the body around a row value depends on the value"
        if not holes:
            return None, "no row value appears in the body"
        for index in range(len(holes)):
            problem = _hole_problem(pieces[index], pieces[index + 1])
            if problem:
                return None, problem
        return cls(tuple(pieces), tuple(holes), first), ""

    def fill(self, values: Mapping[str, str]) -> bytes:
        """The .docx for these values (each must be :func:`literal_safe`)."""
        pieces = self.pieces
        parts = [pieces[0]]
        for index, answer in enumerate(self.holes):
            parts.append(escape_text(values[answer]).encode("utf-8"))
            parts.append(pieces[index + 1])
        body = b"".join(parts)
        return self.splice.with_member(body, zlib.crc32(body))


def _cut(xml: bytes, values: Mapping[str, str]) -> tuple[list[bytes], list[str]]:
    """Split XML at every escaped occurrence of a value (the pieces, the answer of each hole).

    A value that appears in any other form (escaped another way, cut, changed in case) stays in
    a piece, and makes the pieces differ between probes.
    """
    wanted = {escape_text(value).encode("utf-8"): answer for answer, value in values.items()}
    pattern = re.compile(b"|".join(re.escape(key) for key in sorted(wanted, key=len, reverse=True)))
    pieces: list[bytes] = []
    holes: list[str] = []
    start = 0
    for match in pattern.finditer(xml):
        pieces.append(xml[start : match.start()])
        holes.append(wanted[match.group()])
        start = match.end()
    pieces.append(xml[start:])
    return pieces, holes


def _hole_problem(before: bytes, after: bytes) -> str:
    """Why a hole between these pieces is not plain run text in a left-to-right paragraph."""
    opening = before[before.rfind(b"<") :]  # the last tag before the hole, and text after it
    in_text = any(opening.startswith(tag.encode()) for tag in _TEXT_START)
    closing = after.find(b"<")
    if not in_text or opening.count(b">") != 1 or closing < 0 or after[closing:][:6] != b"</w:t>":
        return "a row value lands outside the text of a run"
    starts = list(_PARAGRAPH_START.finditer(before))
    paragraph = before[starts[-1].start() :] if starts else before
    end = after.find(b"</w:p>")
    paragraph += after[: end if end >= 0 else len(after)]
    if b"<w:bidi" in paragraph or b"<w:rtl" in paragraph:
        return "a row value lands in a right-to-left paragraph"
    return ""
