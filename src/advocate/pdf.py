"""Turning Word documents into PDF with LibreOffice (``soffice --headless --convert-to pdf``).

advocate writes the ``.docx`` itself and asks LibreOffice only for the conversion. One soffice
process converts many files, so a batch hands over its documents in a few large groups rather
than starting LibreOffice once per document. Every run uses its own throwaway LibreOffice
profile, so it never touches (or waits for) the user's own LibreOffice, and several runs can
work side by side: a large group is split between as many soffice processes as the batch has
workers (:func:`convert_parts`), each part large enough to be worth a LibreOffice start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from advocate.errors import AdvocateError

SOFFICE_VARIABLE = "ADVOCATE_SOFFICE"
# Where the installers put soffice when it is not on PATH (the usual case on macOS and Windows).
COMMON_PATHS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
BASE_TIMEOUT = 120.0  # seconds: starting LibreOffice with a fresh profile can take a while
TIMEOUT_PER_FILE = 20.0
# Characters of file names per soffice run: Windows refuses command lines over 32,767.
MAX_NAMES_LENGTH = 16_000
MAX_FILES_PER_RUN = 500
# A LibreOffice start costs about as much as converting 20-30 notes: smaller parts are not split.
MIN_FILES_PER_PROCESS = 20
_STDERR_SHOWN = 800


class PdfConverterMissingError(AdvocateError):
    """PDF output was asked for, and LibreOffice is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "PDF output needs LibreOffice, which was not found. Install it (Debian/Ubuntu: "
            "'sudo apt install libreoffice-writer-nogui'; Windows and macOS: "
            "https://www.libreoffice.org/download/), or set ADVOCATE_SOFFICE to the soffice "
            "program. Without it, use --format docx and save as PDF from Word."
        )


class PdfConversionError(AdvocateError):
    """LibreOffice did not turn a document into a PDF."""

    def __init__(self, problem: str, stderr: str = "") -> None:
        self.problem = problem
        self.stderr = stderr.strip()
        said = f" LibreOffice said: {self.stderr[-_STDERR_SHOWN:]}" if self.stderr else ""
        super().__init__(f"Could not convert to PDF: {problem}.{said}")

    def __reduce__(self) -> tuple[type[PdfConversionError], tuple[str, str]]:
        return (PdfConversionError, (self.problem, self.stderr))


def find_soffice() -> Path:
    """Return the LibreOffice program: ``$ADVOCATE_SOFFICE``, then PATH, then usual places.

    Raises:
        PdfConverterMissingError: LibreOffice is not installed (the message says how to get it).
    """
    chosen = os.environ.get(SOFFICE_VARIABLE, "")
    if chosen and Path(chosen).is_file():
        return Path(chosen)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in COMMON_PATHS:
        if sys.platform != "win32" and "\\" in place:
            continue
        if Path(place).is_file():
            return Path(place)
    raise PdfConverterMissingError


def groups(files: Sequence[Path]) -> list[list[Path]]:
    """Split files into groups small enough for one soffice command line each."""
    result: list[list[Path]] = []
    current: list[Path] = []
    length = 0
    for file in files:
        size = len(file.name) + 3  # quotes and a space
        if current and (length + size > MAX_NAMES_LENGTH or len(current) >= MAX_FILES_PER_RUN):
            result.append(current)
            current, length = [], 0
        current.append(file)
        length += size
    if current:
        result.append(current)
    return result


def convert_files(
    docx_files: Sequence[Path], out_dir: Path, *, soffice: Path | None = None
) -> dict[Path, Path]:
    """Convert ``.docx`` files (all in one folder) to PDF in ``out_dir``, in as few runs as fit.

    Args:
        docx_files: The documents; they must share a folder (soffice runs there, so the
            command line holds bare names).
        out_dir: Where the PDFs are written, each named after its document.
        soffice: The LibreOffice program (default: :func:`find_soffice`).

    Returns:
        Each document that became a PDF, mapped to its PDF. A document missing from the
        result was refused by LibreOffice (for example a damaged file).

    Raises:
        PdfConverterMissingError: LibreOffice is not installed.
        PdfConversionError: LibreOffice failed as a whole (crashed, timed out, exit code).
    """
    program = soffice or find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    converted: dict[Path, Path] = {}
    for group in groups(docx_files):
        _convert_group(program, group, out_dir)
        for docx in group:
            pdf = out_dir / f"{docx.stem}.pdf"
            if pdf.is_file() and pdf.stat().st_size > 0:
                converted[docx] = pdf
    return converted


def split(files: Sequence[Path], processes: int) -> list[list[Path]]:
    """Split files into at most ``processes`` nearly equal parts, in order.

    Each part holds at least :data:`MIN_FILES_PER_PROCESS` files; too few make one part.
    """
    count = max(1, min(processes, len(files) // MIN_FILES_PER_PROCESS))
    size, extra = divmod(len(files), count)
    parts, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        parts.append(list(files[start:end]))
        start = end
    return parts


def convert_parts(
    parts: Sequence[Sequence[Path]], out_dir: Path, *, soffice: Path
) -> list[dict[Path, Path] | AdvocateError]:
    """Convert each part in its own soffice process, all at once; the result of each part.

    A part LibreOffice fails as a whole gives its error in place of its PDFs, so the other parts
    keep theirs. Ctrl-C (or any exception here) stops every soffice still running.
    """
    if len(parts) <= 1:
        return [_convert_or_error(part, out_dir, soffice) for part in parts]
    results: list[dict[Path, Path] | AdvocateError] = [{} for _ in parts]

    def convert(index: int) -> None:
        results[index] = _convert_or_error(parts[index], out_dir, soffice)

    # plain threads (threading is loaded anyway; concurrent.futures would cost every draft ~6 ms)
    threads = [
        threading.Thread(target=convert, args=(index,), name=f"soffice-{index}", daemon=True)
        for index in range(len(parts))
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()  # a signal (Ctrl-C, SIGTERM) interrupts the wait
    except BaseException:
        _stop_running()
        try:
            for thread in threads:
                thread.join()
        finally:
            _STOPPING.clear()
        raise
    return results


def _convert_or_error(
    part: Sequence[Path], out_dir: Path, soffice: Path
) -> dict[Path, Path] | AdvocateError:
    try:
        return convert_files(part, out_dir, soffice=soffice)
    except AdvocateError as err:
        return err


_RUNNING: set[subprocess.Popen[str]] = set()
_RUNNING_LOCK = threading.Lock()
_STOPPING = threading.Event()  # set while a stop kills the runs: a run starting then ends at once


def _stop_running() -> None:
    """Kill every soffice this process started that is still running, or starts meanwhile."""
    with _RUNNING_LOCK:
        _STOPPING.set()
        running = list(_RUNNING)
    for process in running:
        process.kill()


def _convert_group(program: Path, group: Sequence[Path], out_dir: Path) -> None:
    folder = group[0].parent
    with tempfile.TemporaryDirectory(prefix="advocate-lo-") as profile:
        command = [
            str(program),
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir.resolve()),
            *[docx.name for docx in group],
        ]
        timeout = BASE_TIMEOUT + TIMEOUT_PER_FILE * len(group)
        result = run_soffice(command, cwd=folder, timeout=timeout)
    if result.returncode != 0:
        msg = f"soffice stopped with exit code {result.returncode}"
        raise PdfConversionError(msg, result.stderr)


def run_soffice(
    command: list[str], *, cwd: Path, timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run one soffice command and return what it printed.

    Raises:
        PdfConversionError: It could not be started, or it ran longer than ``timeout`` seconds.
    """
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except OSError as err:
        msg = f"soffice could not start ({err.strerror or err})"
        raise PdfConversionError(msg) from None
    with _RUNNING_LOCK:
        _RUNNING.add(process)
        if _STOPPING.is_set():
            process.kill()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        msg = f"soffice took more than {timeout:.0f} seconds"
        raise PdfConversionError(msg, stderr or "") from None
    except BaseException:  # Ctrl-C: LibreOffice must not go on converting on its own
        process.kill()
        process.wait()
        raise
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def docx_to_pdf(data: bytes, name: str = "document") -> bytes:
    """Convert one Word document, given as bytes, and return the PDF's bytes.

    Raises:
        PdfConverterMissingError: LibreOffice is not installed.
        PdfConversionError: LibreOffice could not convert it.
    """
    with tempfile.TemporaryDirectory(prefix="advocate-pdf-") as work:
        docx = Path(work) / f"{name}.docx"
        docx.write_bytes(data)
        converted = convert_files([docx], Path(work) / "pdf")
        if docx not in converted:
            msg = "LibreOffice wrote no PDF for the document"
            raise PdfConversionError(msg)
        return converted[docx].read_bytes()
