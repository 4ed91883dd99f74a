"""Writing files safely: atomic replacement, no silent overwrite, safe file names."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from advocate.errors import OutputError, OutputExistsError
from advocate.models import WrittenFile

_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
MAX_NAME = 120


def safe_filename(name: str, *, fallback: str = "document") -> str:
    """Make ``name`` a file name that is safe on Windows, macOS and Linux.

    Path separators, ``..``, control characters and characters Windows refuses are replaced,
    trailing dots and spaces are removed, reserved device names get a suffix, and the name is
    cut to a sensible length.
    """
    text = _UNSAFE.sub("-", name)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    text = text[:MAX_NAME].rstrip(" .-")
    if not text:
        text = fallback
    if text.split(".")[0].casefold() in _RESERVED:
        text = f"{text}-file"
    return text


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
        _publish(tmp, path, overwrite=overwrite)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return WrittenFile(path, "overwrite" if existed else "create")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _publish(tmp: Path, path: Path, *, overwrite: bool) -> None:
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


def write_text_atomic(path: Path, text: str, *, overwrite: bool) -> WrittenFile:
    """Write UTF-8 text atomically (see :func:`write_atomic`)."""
    return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def remove_quietly(paths: list[Path]) -> None:
    """Delete files this run created, ignoring ones that are already gone."""
    for path in paths:
        path.unlink(missing_ok=True)
