"""LibreOffice helpers for tests: convert a .docx to PDF and read its text back.

Import with ``from lo import docx_to_text`` (pytest puts ``tests/`` on ``sys.path`` because the
folder has no ``__init__.py``). ``require_soffice()`` skips the calling test when LibreOffice is
missing, unless ``ADVOCATE_REQUIRE_LIBREOFFICE=1`` is set (CI), in which case it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT = 120


def require_soffice() -> str:
    """Return the soffice executable, or skip (or fail in CI) when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [name for name in ("pdftotext", "pdfinfo") if shutil.which(name) is None]
    if soffice is None or missing:
        what = "soffice" if soffice is None else ", ".join(missing)
        message = f"{what} is not installed"
        if os.environ.get("ADVOCATE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"{message} and ADVOCATE_REQUIRE_LIBREOFFICE=1")
        pytest.skip(message)
    return soffice


def docx_to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    """Convert ``docx_path`` to PDF in ``tmp_path/pdf`` with a private LibreOffice profile."""
    return _convert(docx_path, tmp_path, "pdf", "pdf")


def docx_to_paragraphs(docx_path: Path, tmp_path: Path) -> str:
    """Return the paragraphs LibreOffice reads from a .docx, one a line, in document order.

    This is LibreOffice's plain-text export: table cells come one a line, row by row, and no
    line is ever wrapped, so the result does not depend on which fonts are installed.
    """
    text = _convert(docx_path, tmp_path, "txt:Text (encoded):UTF8", "txt")
    return text.read_text(encoding="utf-8-sig")


def _convert(docx_path: Path, tmp_path: Path, target: str, suffix: str) -> Path:
    soffice = require_soffice()
    out_dir = tmp_path / suffix
    out_dir.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(docx_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    converted = out_dir / f"{docx_path.stem}.{suffix}"
    if result.returncode != 0 or not converted.exists():
        pytest.fail(f"soffice could not convert {docx_path}:\n{result.stdout}\n{result.stderr}")
    return converted


def pdf_to_text(pdf: Path) -> str:
    """Return the text of a PDF laid out as on the page (``pdftotext -layout``)."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return result.stdout


def docx_to_text(docx_path: Path, tmp_path: Path) -> str:
    """Convert a .docx to PDF with LibreOffice and return the PDF's text."""
    return pdf_to_text(docx_to_pdf(docx_path, tmp_path))


def pdf_page_count(pdf_or_docx: Path, tmp_path: Path | None = None) -> int:
    """Return the number of pages of a PDF, converting a .docx first (needs ``tmp_path``)."""
    pdf = pdf_or_docx
    if pdf_or_docx.suffix.lower() == ".docx":
        if tmp_path is None:
            raise ValueError("tmp_path is needed to convert a .docx")
        pdf = docx_to_pdf(pdf_or_docx, tmp_path)
    result = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise ValueError(f"pdfinfo gave no page count for {pdf}")
