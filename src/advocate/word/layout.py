"""Page layout helpers of the body builder: table sizing and properties, the gap under the header.

Tables are sized to their content: a column is as wide as its widest unbreakable text (a time
such as "6:30 p.m." never wraps), and the remaining width goes to the columns with long text.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped]
from markdown_it.token import Token

from advocate.word.ooxml import Element, sub, w

FIRST_GAP = "360"  # twentieths of a point before a document's first plain paragraph (18 pt)
# w:pPr children that come after w:spacing in the schema's order
_AFTER_SPACING = {
    w(tag)
    for tag in (
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "outlineLvl",
        "rPr",
    )
}


def gap_before(p: Element) -> None:
    """Leave a short gap above a plain first paragraph, so the date does not touch the header."""
    ppr = p.find(w("pPr"))
    if ppr is None or ppr.find(w("pStyle")) is not None:
        return
    spacing = etree.Element(w("spacing"))
    spacing.set(w("before"), FIRST_GAP)
    later = next((child for child in ppr if child.tag in _AFTER_SPACING), None)
    if later is None:
        ppr.append(spacing)
    else:
        later.addprevious(spacing)


def table_props(tbl: Element, table_style: str | None) -> None:
    """Write ``w:tblPr``: the letterhead's table style, or plain borders when it has none."""
    props = sub(tbl, "tblPr")
    if table_style:
        sub(props, "tblStyle", val=table_style)
    sub(props, "tblW", w="0", type="auto")
    if not table_style:
        borders = sub(props, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(borders, side, val="single", sz="4", space="0", color="auto")
    sub(props, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
        lastColumn="0", noHBand="0", noVBand="1")  # fmt: skip


def collect_table(stream: Iterator[Token]) -> list[list[tuple[Token, str]]]:
    """Read tokens up to ``table_close``; return rows of (inline token, alignment)."""
    rows: list[list[tuple[Token, str]]] = []
    align = ""
    for token in stream:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrs.get("style", ""))
            align = style.partition("text-align:")[2].strip()
        elif token.type == "inline" and rows:
            rows[-1].append((token, align))
    return rows


# Sizing a table from character counts: a wide character of an 11 pt sans-serif body font (bold
# headers and digits included), the left and right cell margins of Table Grid, the longest text
# kept on one line (a time, a date, a number, a name) and the most a cell asks for.
CHAR_WIDTH = 125  # twentieths of a point
CELL_PADDING = 230
ONE_LINE_CHARS = 18
WANTED_CHARS = 30


def column_widths(rows: list[list[tuple[Token, str]]], columns: int, total: int) -> list[int]:
    """Share the text width between columns by what each holds.

    Every column first gets the width of its widest unbreakable text: a short cell ("6:30
    p.m.", "Minutes", "Amina Yusuf") is kept on one line, a long one is broken only between
    words. What is left goes to the columns with long text, in proportion to how much more room
    they would use (their longest cell, up to 30 characters). When even the unbreakable widths
    do not fit, they are scaled down together.

    Args:
        rows: The table's rows of (inline token, alignment).
        columns: How many columns the table has.
        total: The width between the margins, in twentieths of a point.

    Returns:
        The width of each column, summing to at most ``total``.
    """
    least = [1] * columns
    wanted = [1] * columns
    for row in rows:
        for index, (inline, _) in enumerate(row):
            text = " ".join(inline.content.split())
            words = text.split() or [""]
            unbreakable = len(text) if len(text) <= ONE_LINE_CHARS else max(map(len, words))
            least[index] = max(least[index], unbreakable)
            wanted[index] = max(wanted[index], min(len(text), WANTED_CHARS))
    minimum = [chars * CHAR_WIDTH + CELL_PADDING for chars in least]
    spare = total - sum(minimum)
    if spare <= 0:
        return [total * width // sum(minimum) for width in minimum]
    extra = [max(w_chars - l_chars, 0) for w_chars, l_chars in zip(wanted, least, strict=True)]
    if not any(extra):
        extra = [1] * columns
    return [width + spare * more // sum(extra) for width, more in zip(minimum, extra, strict=True)]
