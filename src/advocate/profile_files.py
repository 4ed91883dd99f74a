"""The files a profile points at: a logo Word can show and a letterhead Word can open.

Both are checked when they are set and again whenever the profile is used, so a file replaced
by something else later is refused with the question's name rather than deep in the writer.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from advocate.errors import InvalidAnswerError
from advocate.models import Question


def _is_image(path: Path) -> bool:
    """A PNG with a sized header, or a JFIF/Exif JPEG with a sized frame: what Word can show."""
    with path.open("rb") as handle:
        head = handle.read(1 << 18)  # a frame header follows at most 64 KB of Exif
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return len(head) >= 24 and all(struct.unpack(">II", head[16:24]))
    jfif = head.startswith(b"\xff\xd8\xff\xe0") and head[6:10] == b"JFIF"
    exif = head.startswith(b"\xff\xd8\xff\xe1") and head[6:10] == b"Exif"
    return (jfif or exif) and _jpeg_has_size(head)


def _jpeg_has_size(data: bytes) -> bool:
    """Walk the JPEG markers to the frame header (SOFn) and check its width and height."""
    index = 2
    while index + 4 <= len(data) and data[index] == 0xFF:
        marker = data[index + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9].rjust(4, b"\0"))
            return bool(height and width)
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if length < 2:
            return False
        index += 2 + length
    return False


def _is_docx(path: Path) -> bool:
    return path.suffix.lower() == ".docx" and zipfile.is_zipfile(path)


_FILE_KINDS: dict[str, tuple[str, Callable[[Path], bool]]] = {
    "logo": ("a PNG or JPEG image", _is_image),
    "letterhead": ("a Word document (.docx; save a .dotx template as .docx)", _is_docx),
}


def check_profile_file(question: Question, value: str) -> str:
    """Refuse a logo or letterhead that is missing or of the wrong kind; return its full path."""
    kind, check = _FILE_KINDS[question.id]
    path = Path(value).expanduser()
    if "\0" in value or not path.is_file():
        raise InvalidAnswerError(question.id, value, kind, reason="there is no such file")
    try:
        fits = check(path)
    except OSError as err:
        raise InvalidAnswerError(
            question.id, value, kind, reason=err.strerror or "unreadable"
        ) from None
    if not fits:
        raise InvalidAnswerError(question.id, value, kind, reason=f"the file is not {kind}")
    return str(path.resolve())
