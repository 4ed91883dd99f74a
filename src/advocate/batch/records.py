"""What the last run left in the output folder: which file was made from which row.

A re-run reads the previous ``manifest.csv`` only for this; the manifest is replaced at the
end of the run. A file of that name that is not a manifest advocate wrote is never replaced.
"""

from __future__ import annotations

import csv
from pathlib import Path

from advocate.batch.models import MANIFEST_COLUMNS, OLD_MANIFEST_COLUMNS, SKIPPED, WRITTEN
from advocate.errors import AdvocateError

_HEADERS = {",".join(MANIFEST_COLUMNS), ",".join(OLD_MANIFEST_COLUMNS)}


class ManifestClashError(AdvocateError):
    """The output folder holds a ``manifest.csv`` that advocate did not write."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        super().__init__(
            f"{path} {why}, and a batch writes its manifest there. Nothing was written: move "
            "that file, or choose another --out folder."
        )


def check_manifest_target(manifest: Path, rows_file: Path | None) -> None:
    """Refuse to run when the manifest would replace the rows file or a file advocate did not write.

    Raises:
        ManifestClashError: Naming the file.
    """
    if rows_file is not None and _same_file(manifest, rows_file):
        raise ManifestClashError(manifest, "is the rows file")
    if manifest.is_symlink() or (manifest.exists() and _header(manifest) not in _HEADERS):
        raise ManifestClashError(manifest, "is not a manifest advocate wrote")


def recorded_files(manifest: Path) -> dict[str, str]:
    """File name → the fingerprint of the row it was made from, per the last manifest.

    Returns:
        An empty mapping when there is no manifest, or it predates fingerprints.
    """
    try:
        with manifest.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return {
        row["file"]: row["fingerprint"]
        for row in rows
        if row.get("file") and row.get("fingerprint") and row.get("status") in (WRITTEN, SKIPPED)
    }


def _header(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return ""
    return first.decode("utf-8", errors="replace").strip()


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or first.samefile(second)
    except OSError:
        return False
