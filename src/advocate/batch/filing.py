"""Writing a batch's documents atomically with as few system calls as that allows.

``outputs.write_atomic`` is made for one file: it checks that the file is new, creates the folder,
makes a random temporary name, fixes the mode that ``mkstemp`` gives and asks the umask twice. A
batch worker writes thousands of files into folders it already made, so :func:`write_new` does
only what keeps a file whole or absent: ``open`` (``O_EXCL``, a name unique to this process, the
usual mode through the umask), ``write``, ``close``, then ``link`` + ``unlink`` (never replaces an
existing file, even one made meanwhile) or ``rename`` (with ``overwrite``). The temporary name
matches ``.NAME.*.tmp``, so the worker's SIGTERM handler still removes a half-written one.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from advocate.errors import OutputError
from advocate.outputs import publish

_NUMBERS = itertools.count()
_FOLDERS: set[Path] = set()  # folders this process made or found
_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def write_new(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``path`` whole or not at all (as ``outputs.write_atomic``).

    Raises:
        OutputExistsError: ``path`` exists and ``overwrite`` is false (nothing is left behind).
        OutputError: The folder or the file cannot be written.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{os.getpid()}-{next(_NUMBERS)}.tmp"
    try:
        if folder not in _FOLDERS:
            folder.mkdir(parents=True, exist_ok=True)
            _FOLDERS.add(folder)
        try:
            handle = os.open(tmp, _FLAGS, 0o666)
        except FileNotFoundError:  # the folder was removed meanwhile: make it again
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(tmp, _FLAGS, 0o666)
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from None
    try:
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
        except OSError as err:  # a full disk or a lost network share
            raise OutputError(path, err.strerror or str(err)) from None
        publish(tmp, path, overwrite=overwrite)  # link + unlink: never replaces without overwrite
    except BaseException:  # no partial or temporary file stays
        tmp.unlink(missing_ok=True)
        raise
