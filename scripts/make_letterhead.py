"""Build the packaged default letterhead, letter_templates/letterhead.docx.

Run ``python scripts/make_letterhead.py`` after changing this script and commit the result.
The output is deterministic (fixed dates, fixed zip timestamps) so an unchanged script gives
an unchanged file. The letterhead is deliberately lean: only the styles advocate uses are kept
and stylesWithEffects/webSettings/customXml are dropped, because every static byte is parsed
when a writer loads the letterhead.

The header holds the marker ``[organisation]`` (replaced by the document's header text) and the
footer holds ``[footer]`` (replaced by the footer text, or removed) above a "Page N of M" line
made of live PAGE and NUMPAGES fields.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "letter_templates" / "letterhead.docx"
FONT = "Arial"  # LibreOffice maps it to the metric-compatible Liberation Sans
MONO = "Courier New"  # mapped to Liberation Mono
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

KEEP_STYLES = {
    "Normal", "Header", "Footer", "Title", "Heading1", "Heading2", "Heading3",
    "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Quote",
    "ListBullet", "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3",
}  # fmt: skip

# (style id, size pt, bold, italic, colour, space before pt, space after pt)
LOOKS = {
    "Title": (20, True, False, "1F3864", 0, 12),
    "Heading1": (15, True, False, "1F3864", 16, 6),
    "Heading2": (13, True, False, "2F5496", 12, 4),
    "Heading3": (11.5, True, False, "2F5496", 10, 3),
    "Quote": (11, False, True, "404040", 6, 6),
}

# numId -> (format, text, left indent in twips, style ids using it)
LISTS = {
    1: ("bullet", "\u2022", 720, "ListBullet"),
    2: ("bullet", "\u25e6", 1440, "ListBullet2"),
    3: ("bullet", "\u25aa", 2160, "ListBullet3"),
    4: ("decimal", "%1.", 720, "ListNumber"),
    5: ("lowerLetter", "%1.", 1440, "ListNumber2"),
    6: ("lowerRoman", "%1.", 2160, "ListNumber3"),
}


def drop_extra_parts(doc: DocumentObject) -> None:
    """Remove parts advocate never needs, so that loading and saving stay cheap."""
    unwanted = ("stylesWithEffects", RT.WEB_SETTINGS, RT.CUSTOM_XML)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(unwanted):
            del doc.part.rels[rid]
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def prune_styles(doc: DocumentObject) -> None:
    """Keep only the styles advocate uses; drop latent styles and links to removed styles."""
    root = doc.styles.element
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            root.remove(style)
            continue
        for tag in ("w:link", "w:rsid"):
            for child in style.findall(qn(tag)):
                style.remove(child)
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            for fonts in rpr.findall(qn("w:rFonts")):
                rpr.remove(fonts)
        ppr = style.find(qn("w:pPr"))
        if ppr is not None:
            for tabs in ppr.findall(qn("w:tabs")):
                ppr.remove(tabs)


def set_defaults(doc: DocumentObject) -> None:
    """Fonts, size, language and spacing for every paragraph (docDefaults)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    doc.styles.element.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-CA" w:eastAsia="en-CA" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def style_looks(doc: DocumentObject) -> None:
    """Give the headings, title and quote plain, theme-free formatting."""
    for style in doc.styles:
        looks = LOOKS.get(style.style_id)
        if looks is None:
            continue
        size, bold, italic, colour, before, after = looks
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = RGBColor.from_string(colour)
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if style.style_id == "Quote":
            fmt.left_indent = Cm(1)
            fmt.right_indent = Cm(1)
    hyperlink = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.font.underline = True
    hyperlink.element.get_or_add_uiPriority().set(qn("w:val"), "99")
    code = doc.styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name = MONO


def build_numbering(doc: DocumentObject) -> None:
    """Replace the numbering definitions: one abstract list per list style, plain bullets."""
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for num_id, (fmt, text, left, _style) in LISTS.items():
        font = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>'
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
                '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>'
                f"{font if fmt == 'bullet' else ''}</w:lvl></w:abstractNum>"
            )
        )
    for num_id in LISTS:
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{num_id}"/></w:num>'
            )
        )
    for style in doc.styles:
        for num_id, (*_rest, style_id) in LISTS.items():
            if style.style_id == style_id:
                num = style.element.pPr.find(qn("w:numPr")).find(qn("w:numId"))
                num.set(qn("w:val"), str(num_id))


def page_setup(doc: DocumentObject) -> None:
    """A4 with 2.5 cm margins; advocate switches to Letter per document when asked."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)


def header_footer(doc: DocumentObject) -> None:
    """Header with the organisation marker; footer with a text marker and Page N of M."""
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.add_run("[organisation]").bold = True
    footer = section.footer
    footer.paragraphs[0].add_run("[footer]")
    pages = footer.add_paragraph(style="Footer")
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run("Page ")
    pages._p.append(field("PAGE", "1"))
    pages.add_run(" of ")
    pages._p.append(field("NUMPAGES", "1"))


def field(instruction: str, shown: str) -> object:
    """A simple field (PAGE, NUMPAGES) with a cached result."""
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} \\* MERGEFORMAT ">'
        f"<w:r><w:rPr><w:noProof/></w:rPr><w:t>{shown}</w:t></w:r></w:fldSimple>"
    )


def core_properties(doc: DocumentObject) -> None:
    """Fixed metadata so the file is reproducible."""
    props = doc.core_properties
    props.author = props.last_modified_by = "advocate"
    props.title = "Letterhead"
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = STAMP
    props.revision = 1


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed timestamps and sorted entries ([Content_Types].xml first)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def build() -> bytes:
    """Return the letterhead as bytes."""
    doc = Document()
    drop_extra_parts(doc)
    prune_styles(doc)
    set_defaults(doc)
    style_looks(doc)
    build_numbering(doc)
    page_setup(doc)
    header_footer(doc)
    core_properties(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(build())
    print(args.out)


if __name__ == "__main__":
    main()
