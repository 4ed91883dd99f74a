"""Screening a user's letterhead before python-docx opens it (issue 9).

A letterhead is a zip of XML parts from someone else's computer. Before anything parses it in
earnest, this module refuses what is not a Word document (.doc, PDF, .dotx, plain text), a zip
bomb (bounded by the sizes the zip declares; each part is read without inflating past its declared
size, which ``ZipFile.read`` does not promise), an XML part with a DOCTYPE (the only place entity
declarations, external or not, can hide) and links to outside files other than hyperlinks. A
link to an attached template or a mail-merge data source is removed rather than refused, with a
note: Word writes those on its own, and documents do not need them. Everything is read once, in
memory, with a safe parser, and python-docx opens a stored (uncompressed) zip of the parts that
passed, never the user's zip: a few milliseconds, on a cache miss only.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from lxml import etree  # type: ignore[import-untyped]

from advocate.errors import LetterheadError
from advocate.word.ooxml import CT_NS, W_NS, Element, plain
from advocate.word.package import PR_NS, RT_BASE, STAMP
from advocate.word.prepared import rels_member

MAX_UNPACKED_BYTES = 100_000_000  # all its parts together, as the zip declares them
MAX_PARTS = 1_000

_MAIN_DOCUMENT = "wordprocessingml.document.main+xml"
_TEMPLATE_TYPES = ("wordprocessingml.template.main", "macroEnabledTemplate")
_SAFE_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}
_SAFE = etree.XMLParser(**_SAFE_OPTIONS)
_PROLOG_CHUNK = 4096
_DROPPED_SETTINGS = {  # settings Word adds by itself that point outside the file
    f"{{{W_NS}}}attachedTemplate": "was attached to the template {}",
    f"{{{W_NS}}}mailMerge": "was a mail-merge document with the data source {}",
}
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TEMPLATE_REL = RT_BASE + "attachedTemplate"
_HYPERLINK_REL = RT_BASE + "hyperlink"
_ZIP_ERRORS = (  # what zipfile raises on damaged, encrypted or unsupported archives
    zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError,
    OSError,
)  # fmt: skip
_SAVE_AGAIN = "open it in Word and save it again as a Word document (.docx)."


class Screened(NamedTuple):
    """A letterhead that passed screening: its bytes (cleaned if needed) and what was cleaned."""

    data: bytes
    notes: list[str]


def screen_letterhead(path: Path, data: bytes) -> Screened:
    """Refuse a hostile or unusable letterhead; drop template and mail-merge links from it.

    Args:
        path: The letterhead file, named in errors.
        data: Its bytes.

    Returns:
        The bytes python-docx may open (a stored zip of the screened parts), and a note for
        each link that was dropped.

    Raises:
        LetterheadError: The file is not a Word document, is too large, is damaged, has a
            DOCTYPE in an XML part or links to an outside file other than by a hyperlink.
    """
    _check_kind(path, data)
    parts = _unpack(path, data)
    types = parts.get("[Content_Types].xml")
    if types is None:
        raise LetterheadError(path, "this is not a Word document (.docx); " + _SAVE_AGAIN)
    _check_content_types(path, types)
    xml_types = _xml_members(parts, _parse(path, "[Content_Types].xml", types))
    roots = {}  # the parts that may need cleaning are parsed whole; the others up to their root
    for name, kind in xml_types.items():
        if name.endswith(".rels") or kind.endswith("settings+xml"):
            roots[name] = _parse(path, name, parts[name])
        else:
            _check_prolog(path, name, parts[name])
    changed, notes = _clean_settings(roots)
    changed |= _check_links(path, roots, notes)
    for name in changed:
        parts[name] = etree.tostring(roots[name], encoding="UTF-8", standalone=True)
    return Screened(_stored_zip(parts), notes)


def _stored_zip(parts: dict[str, bytes]) -> bytes:
    """The parts in a new zip, stored: python-docx then never inflates what the file declares."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, blob in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=STAMP), blob)
    return buffer.getvalue()


def _check_kind(path: Path, data: bytes) -> None:
    """Recognise .doc and PDF files by their first bytes."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problem = "this is an old Word 97-2003 file (.doc); open it and save it as .docx."
        raise LetterheadError(path, problem)
    if data.startswith(b"%PDF"):
        problem = "this is a PDF; a letterhead must be a Word document (.docx)."
        raise LetterheadError(path, problem)


def _unpack(path: Path, data: bytes) -> dict[str, bytes]:
    """Every member of the zip, after bounding what the zip declares it unpacks to."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as err:
        problem = "this is not a Word document (.docx); save the letterhead from Word as .docx."
        raise LetterheadError(path, problem) from err
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        problem = f"it holds {len(members)} parts, more than the {MAX_PARTS} a letterhead may have"
        raise LetterheadError(path, f"{problem}; {_SAVE_AGAIN}")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        problem = f"it would unpack to {_megabytes(unpacked)}, over the "
        problem += f"{_megabytes(MAX_UNPACKED_BYTES)} a letterhead may take (a zip bomb?); "
        raise LetterheadError(path, problem + _SAVE_AGAIN)
    parts: dict[str, bytes] = {}
    for member in members:
        try:
            parts[member.filename] = _read(archive, member)
        except _ZIP_ERRORS as err:
            problem = f"its part {_shown(member.filename)} cannot be unpacked ({err}); "
            raise LetterheadError(path, problem + _SAVE_AGAIN) from err
    return parts


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never inflating more than it declares (``archive.read`` may).

    ``ZipExtFile.read(n)`` inflates at most ``n`` bytes at a time and checks the CRC once the
    declared size is reached, so a member that inflates further, or to other bytes, is refused.
    """
    with archive.open(member) as stream:
        data: bytes = stream.read(member.file_size)
        if len(data) != member.file_size:
            problem = "the part is shorter than its declared size"
            raise EOFError(problem)
    return data


def _check_content_types(path: Path, types: bytes) -> None:
    """Refuse templates (.dotx, .dotm) and packages without a main Word document."""
    text = types.decode("utf-8", "replace")
    if any(kind in text for kind in _TEMPLATE_TYPES):
        problem = "this is a Word template (.dotx); open it and save it as a Word document (.docx)."
        raise LetterheadError(path, problem)
    if _MAIN_DOCUMENT not in text:
        problem = "this is not a Word document (.docx); save it from Word as a .docx file."
        raise LetterheadError(path, problem)


def _xml_members(parts: dict[str, bytes], types: Element) -> dict[str, str]:
    """The members that hold XML (by name, or by content type) and their content types."""
    defaults = {
        item.get("Extension", "").lower(): item.get("ContentType", "")
        for item in types.iter(f"{{{CT_NS}}}Default")
    }
    overrides = {
        item.get("PartName", "").lstrip("/"): item.get("ContentType", "")
        for item in types.iter(f"{{{CT_NS}}}Override")
    }
    found = {}
    for name in parts:
        kind = overrides.get(name) or defaults.get(posixpath.splitext(name)[1][1:].lower(), "")
        if name.endswith((".xml", ".rels")) or "xml" in kind.lower():
            found[name] = kind.lower()
    return found


def _parse(path: Path, name: str, blob: bytes) -> Element:
    """Parse one part without entities, DTDs or network access; refuse any DOCTYPE."""
    try:
        root = etree.fromstring(blob, _SAFE)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise _malformed(path, name, blob, err) from err
    _check_docinfo(path, name, root.getroottree().docinfo)
    return root


def _check_prolog(path: Path, name: str, blob: bytes) -> None:
    """Refuse a DOCTYPE, reading a part only up to its root element (where any DOCTYPE is)."""
    parser = etree.XMLPullParser(events=("start",), **_SAFE_OPTIONS)
    try:
        for offset in range(0, len(blob), _PROLOG_CHUNK):
            parser.feed(blob[offset : offset + _PROLOG_CHUNK])
            for _, element in parser.read_events():
                _check_docinfo(path, name, element.getroottree().docinfo)
                return
        parser.close()  # no root element: raises
    except (etree.XMLSyntaxError, ValueError) as err:
        raise _malformed(path, name, blob, err) from err


def _check_docinfo(path: Path, name: str, info: etree.DocInfo) -> None:
    if info.doctype or info.internalDTD is not None:
        raise _doctype(path, name)


def _doctype(path: Path, name: str) -> LetterheadError:
    problem = f"its part {_shown(name)} has a DOCTYPE declaration, which Word never writes "
    return LetterheadError(path, problem + "and which can pull in outside files; " + _SAVE_AGAIN)


def _malformed(path: Path, name: str, blob: bytes, err: Exception) -> LetterheadError:
    if b"<!DOCTYPE" in blob.replace(b"\x00", b""):  # e.g. entity amplification, caught by lxml
        return _doctype(path, name)
    problem = f"its part {_shown(name)} is not well-formed XML ({_shown(str(err))}); "
    return LetterheadError(path, problem + _SAVE_AGAIN)


def _clean_settings(roots: dict[str, Element]) -> tuple[set[str], list[str]]:
    """Drop attached templates and mail-merge data sources, and the relationships they use."""
    changed: set[str] = set()
    notes: list[str] = []
    for name, root in roots.items():
        if root.tag != f"{{{W_NS}}}settings":
            continue
        rels_name = rels_member(name)
        rels = roots.get(rels_name)
        for element in [child for child in root if child.tag in _DROPPED_SETTINGS]:
            ids = {value for node in element.iter() for key, value in node.attrib.items()
                   if key.startswith(f"{{{_R_NS}}}")}  # fmt: skip
            targets = _drop_relationships(rels, ids) if rels is not None else []
            where = ", ".join(_shown(target) for target in targets) or "(none given)"
            notes.append(f"The letterhead {_DROPPED_SETTINGS[element.tag].format(where)}; "
                         "advocate leaves that link out of its documents.")  # fmt: skip
            root.remove(element)
            changed |= {name, rels_name} if targets else {name}
    return changed, notes


def _drop_relationships(rels: Element, ids: set[str]) -> list[str]:
    """Remove the relationships with these ids; return their targets."""
    targets = []
    for rel in list(rels):
        if rel.get("Id") in ids:
            targets.append(rel.get("Target", ""))
            rels.remove(rel)
    return targets


def _check_links(path: Path, roots: dict[str, Element], notes: list[str]) -> set[str]:
    """Drop stray template links; refuse any other link to an outside file but hyperlinks."""
    changed = set()
    for name, root in roots.items():
        if root.tag != f"{{{PR_NS}}}Relationships":
            continue
        for rel in list(root):
            if rel.get("TargetMode") != "External" or rel.get("Type") == _HYPERLINK_REL:
                continue
            target = _shown(rel.get("Target", ""))
            if rel.get("Type") == _TEMPLATE_REL:
                notes.append(f"The letterhead was attached to the template {target}; "
                             "advocate leaves that link out of its documents.")  # fmt: skip
                root.remove(rel)
                changed.add(name)
                continue
            kind = posixpath.basename(rel.get("Type", "")) or "link"
            problem = f"it links to the outside file {target} (a {_shown(kind)} in {_shown(name)}) "
            problem += "instead of holding it; advocate copies no such link into documents. "
            problem += "In Word, insert that content into the file (not as a link) and save again."
            raise LetterheadError(path, problem)
    return changed


def _shown(text: str) -> str:
    """Text from the file, safe and short enough for a one-line message."""
    text = " ".join(plain(text).split())
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"
