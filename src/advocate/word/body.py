"""Markdown → body XML: turns markdown-it block tokens into ``w:p`` and ``w:tbl`` elements.

The XML is built directly with lxml instead of python-docx's paragraph API, because python-docx
looks styles up by name for every paragraph, which costs most of its rendering time. Styles arrive
already resolved to ids (``StyleMap``); a style the letterhead lacks is ``None`` and is replaced
by direct formatting.

Mapping: ``#``..``######`` → Heading 1..6 (levels the letterhead lacks use the deepest heading it
has; Markdown never uses the Title style, which stays for letterheads); paragraphs → Normal
(no pStyle); bullet and numbered lists → List Bullet / List Number, ``2`` and ``3`` by depth, every
numbered list restarting at its own start number; block quotes → Quote; tables → Table Grid with a
bold, repeated header row; ``---`` → an empty paragraph with a bottom border; code → Courier New;
links → ``w:hyperlink`` to an external relationship (http, https, mailto, tel and ftp only; other
targets keep their text and lose the link). Raw HTML is shown as text.

Keeping text together on paper: headings carry ``w:keepNext`` (a heading never ends a page),
table rows ``w:cantSplit``, and a *signature block* keeps its paragraphs on one page. A template
opens the block with a paragraph that is exactly ``::: signature`` and closes it with one that
is exactly ``:::`` (blank lines around both; the syntax of Pandoc's fenced divs). The marker
paragraphs print nothing; every paragraph between them gets ``w:keepLines``, and all but the last
``w:keepNext``, as does the paragraph just before the block (a letter's last sentence goes with
its closing). A ``::: keep`` block does the same for its own paragraphs without tying the one
before it (a label and the lines it introduces). An answer can never produce a marker: the
escaping of answers turns a ``:`` that starts a line into a backslash and a colon.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from lxml import etree  # type: ignore[import-untyped]
from markdown_it.token import Token

from advocate.word.layout import collect_table, column_widths, gap_before, table_props
from advocate.word.ooxml import (
    LINE_BREAK,
    R_ID,
    XML_SPACE,
    Element,
    Numbering,
    StyleMap,
    is_rtl,
    sanitise_parsed,
    sub,
    w,
)

MONO_FONT = "Courier New"
ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:")
SIGNATURE_OPEN, KEEP_OPEN, BLOCK_CLOSE = "::: signature", "::: keep", ":::"
HEADING_FALLBACK_SIZES = {1: 32, 2: 26, 3: 23}  # half-points, used without heading styles
# inline tokens that are plain text, with the text to use instead of their content ("" = content)
_TEXT_TOKENS = {
    "text": "",
    "html_inline": "",
    "image": "",
    "softbreak": " ",
    "hardbreak": LINE_BREAK,
}


class _Format:
    """The run formatting in force (a plain class: dataclass creation costs import time)."""

    __slots__ = ("bold", "code", "italic", "link", "strike")

    def __init__(self, *, bold: bool = False, code: bool = False) -> None:
        self.bold, self.italic, self.strike, self.code = bold, False, False, code
        self.link: str | None = None


class _ListState:
    """One open list: its style, numbering instance and the next hand-written number."""

    __slots__ = ("counter", "depth", "ilvl", "item_first", "num_id", "ordered", "style")

    def __init__(self, ordered: bool, depth: int, style: str | None, counter: int = 1) -> None:
        self.ordered, self.depth, self.style, self.counter = ordered, depth, style, counter
        self.num_id: str | None = None
        self.ilvl = "0"
        self.item_first = True


class BodyBuilder:
    """Turns the block tokens of one document into body elements.

    Args:
        styles: Resolved style ids of the letterhead.
        numbering: The letterhead's numbering, or ``None`` when it has none.
        link_rid: Returns the relationship id of an external hyperlink target.
        text_width: Width between the margins in twentieths of a point (for tables).
    """

    def __init__(
        self,
        styles: StyleMap,
        numbering: Numbering | None,
        link_rid: Callable[[str], str],
        text_width: int,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.link_rid = link_rid
        self.text_width = text_width
        self.out: list[Element] = []
        self.lists: list[_ListState] = []
        self.quote_depth = 0
        self.heading = 0
        self.keep = False  # inside a signature block

    def build(self, tokens: Sequence[Token]) -> list[Element]:
        """Return the body elements for ``tokens`` (a markdown-it block token stream)."""
        stream = iter(tokens)
        for token in stream:
            self._block(token, stream)
        if self.out and self.out[0].tag == w("p"):
            gap_before(self.out[0])
        return self.out

    def _block(self, token: Token, stream: Iterator[Token]) -> None:
        kind = token.type
        if kind == "inline":
            self._paragraph_or_marker(token)
        elif kind in ("heading_open", "heading_close"):
            self.heading = int(token.tag[1]) if kind == "heading_open" else 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._open_list(token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.lists[-1].item_first = True
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quote_depth += 1 if kind == "blockquote_open" else -1
        elif kind in ("fence", "code_block"):
            self.out.append(self._code(token.content))
        elif kind == "hr":
            self.out.append(self._rule())
        elif kind == "table_open":
            self.out.append(self._table(collect_table(stream)))

    # -- paragraphs ---------------------------------------------------------------------------

    def _paragraph_or_marker(self, inline: Token) -> None:
        if not self._marker(inline.content):
            self.out.append(self._paragraph(inline))

    def _marker(self, content: str) -> bool:
        """Open or close a kept block if ``content`` is a marker paragraph at top level."""
        if self.heading or self.lists or self.quote_depth:
            return False
        if content in (SIGNATURE_OPEN, KEEP_OPEN) and not self.keep:
            self.keep = True
            if content == SIGNATURE_OPEN and self.out and self.out[-1].tag == w("p"):
                _keep_with_next(self.out[-1])  # the last sentence goes with the closing
            return True
        if content == BLOCK_CLOSE and self.keep:
            self.keep = False
            last = self.out[-1] if self.out else None
            keep_next = None if last is None else last.find(f"{w('pPr')}/{w('keepNext')}")
            if keep_next is not None:
                keep_next.getparent().remove(keep_next)
            return True
        return False

    def _paragraph(self, inline: Token) -> Element:
        p = etree.Element(w("p"))
        rtl = is_rtl(inline.content)
        prefix, size = self._paragraph_props(p, rtl)
        if prefix:
            self._runs(p, [prefix], _Format(), rtl, None)
        self._inline(p, inline.children or [], rtl, size)
        return p

    def _paragraph_props(self, p: Element, rtl: bool) -> tuple[str, int | None]:
        """Write ``w:pPr``; return a text prefix (list fallback) and a run size (heading)."""
        ppr = sub(p, "pPr")
        prefix, size, style, indent = "", None, None, 0
        if self.heading:
            style = self._heading_style()
            size = None if style else HEADING_FALLBACK_SIZES.get(self.heading, 22)
        elif self.lists:
            style, prefix, indent = self._list_props(ppr)
        elif self.quote_depth:
            style = self.styles.para("Quote")
            indent = 0 if style else 720 * self.quote_depth
        if style:
            ppr.insert(0, etree.Element(w("pStyle")))
            ppr[0].set(w("val"), style)
        if self.heading or self.keep:
            sub(ppr, "keepNext")
            sub(ppr, "keepLines")
        if rtl:
            sub(ppr, "bidi")
        if indent:
            sub(ppr, "ind", left=str(indent))
        return prefix, size

    def _heading_style(self) -> str | None:
        for level in range(self.heading, 0, -1):
            style = self.styles.para(f"Heading {level}")
            if style or level <= 3:
                return style
        return None

    def _list_props(self, ppr: Element) -> tuple[str | None, str, int]:
        state = self.lists[-1]
        first, state.item_first = state.item_first, False
        if not first:
            return None, "", 360 * (state.depth + 1)
        if state.style is None:
            marker = f"{state.counter}. " if state.ordered else "\u2022 "
            state.counter += 1
            return None, marker, 360 * (state.depth + 1)
        if state.num_id is not None:
            num = sub(ppr, "numPr")
            sub(num, "ilvl", val=state.ilvl)
            sub(num, "numId", val=state.num_id)
        return state.style, "", 0

    def _open_list(self, token: Token) -> None:
        ordered = token.type == "ordered_list_open"
        depth = len(self.lists) + 1
        base = "List Number" if ordered else "List Bullet"
        style = None
        for level in range(min(depth, 3), 0, -1):
            style = self.styles.para(base if level == 1 else f"{base} {level}")
            if style or level <= 2:
                break
        start = int(str(token.attrs.get("start", 1)))
        state = _ListState(ordered, depth, style, counter=start)
        if ordered and style is not None:
            numbered = self.styles.numbering.get(style)
            restarted = None
            if numbered and self.numbering is not None:
                restarted = self.numbering.restart(numbered[0], numbered[1], start)
            if restarted is None or numbered is None:
                state.style = None  # a List Number style without numbering: number by hand
            else:
                state.num_id, state.ilvl = restarted, numbered[1]
        self.lists.append(state)

    def _code(self, content: str) -> Element:
        p = etree.Element(w("p"))
        sub(p, "pPr")
        text = sanitise_parsed(content.rstrip("\n")).replace("\n", LINE_BREAK)
        self._runs(p, [text], _Format(code=True), False, None)
        return p

    def _rule(self) -> Element:
        p = etree.Element(w("p"))
        border = sub(sub(p, "pPr"), "pBdr")
        sub(border, "bottom", val="single", sz="6", space="1", color="auto")
        return p

    # -- runs ---------------------------------------------------------------------------------

    def _inline(
        self, p: Element, children: Sequence[Token], rtl: bool, size: int | None, bold: bool = False
    ) -> None:
        """Add the runs of an inline token's children; ``bold`` holds for the whole paragraph."""
        bold = bold or size is not None
        fmt = _Format(bold=bold)
        pending: list[str] = []
        target = p
        for token in children:
            kind = token.type
            if kind in _TEXT_TOKENS:
                pending.append(_TEXT_TOKENS[kind] or token.content)
            else:
                self._runs(target, pending, fmt, rtl, size)
                pending = []
                target = self._toggle(p, target, token, fmt)
                fmt.bold = fmt.bold or bold
        self._runs(target, pending, fmt, rtl, size)

    def _toggle(self, p: Element, target: Element, token: Token, fmt: _Format) -> Element:
        """Apply a formatting token; return the element that receives the next runs."""
        kind, opening = token.type, token.nesting == 1
        if kind in ("strong_open", "strong_close"):
            fmt.bold = opening
        elif kind in ("em_open", "em_close"):
            fmt.italic = opening
        elif kind in ("s_open", "s_close"):
            fmt.strike = opening
        elif kind == "code_inline":
            fmt.code = True
            self._runs(target, [token.content], fmt, False, None)
            fmt.code = False
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if href.lower().startswith(ALLOWED_SCHEMES):
                target = sub(p, "hyperlink", history="1")
                target.set(R_ID, self.link_rid(href))
                fmt.link = href
        elif kind == "link_close":
            target, fmt.link = p, None
        return target

    def _runs(
        self, parent: Element, parts: list[str], fmt: _Format, rtl: bool, size: int | None
    ) -> None:
        text = sanitise_parsed("".join(parts))
        if not text:
            return
        run = sub(parent, "r")
        self._run_props(run, fmt, rtl, size)
        for index, piece in enumerate(text.split(LINE_BREAK)):
            if index:
                sub(run, "br")
            if piece:
                t = sub(run, "t")
                t.text = piece
                if piece[0] == " " or piece[-1] == " " or "  " in piece:
                    t.set(XML_SPACE, "preserve")

    def _run_props(self, run: Element, fmt: _Format, rtl: bool, size: int | None) -> None:
        if not (fmt.bold or fmt.italic or fmt.strike or fmt.code or fmt.link or rtl or size):
            return
        link_style = self.styles.character.get("Hyperlink") if fmt.link else None
        loose_link = fmt.link is not None and link_style is None
        half_points = {"val": str(size)}
        wanted: tuple[tuple[str, bool, dict[str, str]], ...] = (  # schema order in w:rPr
            ("rStyle", link_style is not None, {"val": link_style or ""}),
            ("rFonts", fmt.code, {"ascii": MONO_FONT, "hAnsi": MONO_FONT, "cs": MONO_FONT}),
            ("b", fmt.bold, {}),
            ("bCs", fmt.bold and rtl, {}),
            ("i", fmt.italic, {}),
            ("iCs", fmt.italic and rtl, {}),
            ("strike", fmt.strike, {}),
            ("color", loose_link, {"val": "0563C1"}),
            ("sz", bool(size), half_points),
            ("szCs", bool(size), half_points),
            ("u", loose_link, {"val": "single"}),
            ("rtl", rtl, {}),
        )
        rpr = sub(run, "rPr")
        for tag, on, attrs in wanted:
            if on:
                sub(rpr, tag, **attrs)

    # -- tables -------------------------------------------------------------------------------

    def _table(self, rows: list[list[tuple[Token, str]]]) -> Element:
        columns = max((len(row) for row in rows), default=1)
        widths = column_widths(rows, columns, self.text_width)
        tbl = etree.Element(w("tbl"))
        table_props(tbl, self.styles.table)
        grid = sub(tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", w=str(width))
        for index, row in enumerate(rows):
            tr = sub(tbl, "tr")
            row_props = sub(tr, "trPr")
            sub(row_props, "cantSplit")
            if index == 0:
                sub(row_props, "tblHeader")
            cells = row + [(Token("inline", "", 0), "")] * (columns - len(row))
            for (inline, align), width in zip(cells, widths, strict=True):
                tc = sub(tr, "tc")
                sub(sub(tc, "tcPr"), "tcW", w=str(width), type="dxa")
                p = self._cell_paragraph(inline, align, header=index == 0)
                tc.append(p)
        return tbl

    def _cell_paragraph(self, inline: Token, align: str, *, header: bool) -> Element:
        p = etree.Element(w("p"))
        ppr = sub(p, "pPr")
        rtl = is_rtl(inline.content)
        if rtl:
            sub(ppr, "bidi")
        if align in ("center", "right", "left"):
            sub(ppr, "jc", val=align)
        self._inline(p, inline.children or [], rtl, None, bold=header)
        return p


def _keep_with_next(p: Element) -> None:
    """Add ``w:keepNext`` to a paragraph (after its ``w:pStyle``, as the schema orders them)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    if ppr.find(w("keepNext")) is None:
        ppr.insert(1 if len(ppr) and ppr[0].tag == w("pStyle") else 0, etree.Element(w("keepNext")))
