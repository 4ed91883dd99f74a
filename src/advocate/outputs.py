"""Writing files safely: atomic replacement, no silent overwrite, safe file names."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from advocate.errors import OutputError, OutputExistsError
from advocate.models import WrittenFile

_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in [*range(10), "\u00b9", "\u00b2", "\u00b3"]
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
# Bidi overrides and isolates can make "evil\u202egpj.docx" look like "evilxcod.jpg"; zero-width
# characters make two names that look the same differ. Neither belongs in a file name.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c\ud800-\udfff]"
)
MAX_NAME = 120  # characters
MAX_NAME_BYTES = 200  # UTF-8 bytes: room for "-N" and an extension under the 255-byte limit


def safe_filename(name: str, *, fallback: str = "document") -> str:
    """Make ``name`` a file name that is safe on Windows, macOS and Linux.

    Path separators, ``..``, control characters and characters Windows refuses are replaced,
    trailing dots and spaces are removed, bidi-override and zero-width characters are dropped,
    names Windows reserves (``CON``, ``com1.txt``, any case) get a suffix, and the name is cut
    to 120 characters and 200 UTF-8 bytes, so that a suffix and an extension still fit in
    the 255 bytes file systems allow.
    """
    text = _UNSAFE.sub("-", _INVISIBLE.sub("", name))
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    text = _cut_bytes(text[:MAX_NAME], MAX_NAME_BYTES).rstrip(" .-")
    if not text:
        text = fallback
    head, dot, tail = text.partition(".")
    if head.rstrip(" ").casefold() in _RESERVED:  # CON.txt is as reserved as CON
        text = f"{head.rstrip(' ')}-file{dot}{tail}"
    return text


def _cut_bytes(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` UTF-8 bytes without splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def write_atomic(path: Path, data: bytes, *, overwrite: bool) -> WrittenFile:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file appears whole or not at all. Without ``overwrite`` an existing file is never
    replaced, even if another process creates it while this one writes.

    Raises:
        OutputExistsError: The file exists and ``overwrite`` is false.
        OutputError: The folder cannot be created or written.
    """
    existed = path.exists()
    if existed and not overwrite:
        raise OutputExistsError(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; give the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        publish(tmp, path, overwrite=overwrite)
    except OSError as err:  # a full disk or a lost network share: no partial file stays
        tmp.unlink(missing_ok=True)
        raise OutputError(path, err.strerror or str(err)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return WrittenFile(path, "overwrite" if existed else "create")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publish(tmp: Path, path: Path, *, overwrite: bool) -> None:
    """Give the finished file ``tmp`` its name ``path``: replacing only with ``overwrite``.

    Raises:
        OutputExistsError: ``path`` exists (or appeared meanwhile) and ``overwrite`` is false.
        OutputError: The name cannot be given.
    """
    try:
        if overwrite:
            tmp.replace(path)
            return
        os.link(tmp, path)  # fails if the name was taken meanwhile
        tmp.unlink()
    except FileExistsError:
        raise OutputExistsError(path) from None
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None


def move_atomic(source: Path, path: Path, *, overwrite: bool) -> WrittenFile:
    """Move a finished file (on the same file system) to ``path`` in one step.

    Raises:
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
        OutputError: The file cannot be moved there.
    """
    existed = path.exists()
    if existed and not overwrite:
        raise OutputExistsError(path)
    publish(source, path, overwrite=overwrite)
    return WrittenFile(path, "overwrite" if existed else "create")


def write_text_atomic(path: Path, text: str, *, overwrite: bool) -> WrittenFile:
    """Write UTF-8 text atomically (see :func:`write_atomic`)."""
    return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def remove_quietly(paths: list[Path]) -> None:
    """Delete files this run created, ignoring ones that are already gone."""
    for path in paths:
        path.unlink(missing_ok=True)
