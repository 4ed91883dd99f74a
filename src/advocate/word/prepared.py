"""A letterhead prepared for rendering without python-docx, and its cache on disk.

Opening a letterhead with python-docx costs its import (~150 ms) plus the parsing, in every new
process. ``word.writer`` does that once per letterhead file and keeps what rendering needs as plain
data (``Prepared``): the bytes of the parts that never change, the XML of the parts that change per
document, part names, relationship XML and resolved style ids. The data is stored with ``marshal``
under ``cache_dir()/letterheads``, keyed by the letterhead's bytes, so a later process renders with
lxml and zipfile only (see PERF-BASELINE.md, "physical limit: cached parts").
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any, NamedTuple

from advocate import __version__
from advocate.errors import LetterheadError
from advocate.resources import cache_dir, data_dir

FORMAT = 3  # bump whenever the fields of Prepared or their meaning change
PACKAGED_NAME = "letterhead.docx"  # in the packaged letter_templates folder
DEFAULT_LANGUAGE = "en-CA"  # DocumentMeta's; its deflated static parts are cached too
MAX_FILE_BYTES = 50_000_000  # a larger letterhead file is refused before it is read


class Prepared(NamedTuple):
    """Everything ``DocxWriter`` needs from a letterhead, as marshal-able plain data.

    Part names are absolute ("/word/document.xml"); zip member names have no leading slash.
    """

    static: list[tuple[str, bytes]]  # member name, bytes: parts that never change, in order
    styles_member: str | None  # the member whose w:docDefaults gets the document language
    parts: list[tuple[str, str]]  # part name, content type, in python-docx's iter_parts order
    subtree_end: dict[str, int]  # part name -> index in ``parts`` after its related parts
    document: str  # part name of the main document
    skeletons: dict[str, bytes]  # page size key -> document.xml with an empty body
    text_widths: dict[str, int]  # page size key -> width between the margins, twips
    xml: dict[str, bytes]  # part name -> XML of headers, footers, numbering, core properties
    rels: dict[str, bytes]  # part name -> relationships XML of the parts that change
    stories: list[str]  # headers and footers related to the document, in order
    numbering: str | None  # part name of the numbering part
    core: str  # part name of the core properties
    images: dict[str, str]  # SHA-1 of an image in the letterhead -> its part name
    image_numbers: list[int]  # numbers already used by /word/media/imageN parts
    image_count: int  # image parts in the letterhead
    style_map: tuple[dict[str, str | None], dict[str, str | None], str | None, dict[str, Any]]
    missing: list[tuple[str, str]]  # (style name, fallback) the letterhead lacks
    page_size_name: str  # the letterhead's own page size, for ``check_letterhead``
    bases: dict[str, bytes]  # language -> zip of the static parts, styles.xml in that language
    notes: list[str]  # what screening removed from the letterhead (template links), for warnings


def member(partname: str) -> str:
    """``/word/document.xml`` → ``word/document.xml``."""
    return partname.lstrip("/")


def rels_member(partname: str) -> str:
    """``/word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, _, name = partname.rpartition("/")
    return f"{folder}/_rels/{name}.rels".lstrip("/")


def read_letterhead(path: Path | None) -> bytes:
    """The bytes of a letterhead file, or of the packaged one for ``None``.

    Raises:
        OSError: The file cannot be read.
        LetterheadError: The file is larger than any letterhead (``MAX_FILE_BYTES``).
    """
    if path is None:
        return data_dir("letter_templates").joinpath(PACKAGED_NAME).read_bytes()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problem = f"the file is {size / 1e6:,.0f} MB, over the {MAX_FILE_BYTES / 1e6:,.0f} MB a "
        raise LetterheadError(path, problem + "letterhead may take; use smaller pictures.")
    return path.read_bytes()


def cache_path(data: bytes) -> Path:
    """Where the prepared form of a letterhead with these bytes is cached."""
    salt = f"advocate {__version__} letterhead format {FORMAT}\0".encode()
    key = hashlib.sha256(salt + data).hexdigest()[:40]
    return cache_dir() / "letterheads" / f"{key}.marshal"


def load_cached(path: Path) -> Prepared | None:
    """Read a prepared letterhead; ``None`` when it is missing, damaged or of another format."""
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, tuple) or data[0] != FORMAT:
            return None
        prepared = Prepared(*data[1:])
    except Exception:  # noqa: BLE001 - any damage to the cache only means preparing again
        return None
    kinds = zip(prepared, _KINDS, strict=True)
    return prepared if all(isinstance(value, kind) for value, kind in kinds) else None


_KINDS: tuple[type | tuple[type, ...], ...] = (
    list, (str, type(None)), list, dict, str, dict, dict, dict, dict, list, (str, type(None)),
    str, dict, list, int, tuple, list, str, dict, list,
)  # fmt: skip


def store_cached(path: Path, prepared: Prepared) -> None:
    """Write a prepared letterhead atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((FORMAT, *prepared)))
        tmp.replace(path)
    except (OSError, ValueError):
        pass
