"""The values a batch passes around: row results, events, worker settings, tasks, outcomes.

Kept apart from the modules that use them so that the planner, the workers, the runner and the
manifest can all share them without importing one another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from advocate.answers import AnswerSource
from advocate.errors import AdvocateError, ExitCode
from advocate.models import DocTemplate, DocumentMeta

WRITTEN, SKIPPED, FAILED, INTERRUPTED = "written", "skipped", "failed", "interrupted"
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("row", "status", "file", "error", "question", "column", "value", "fingerprint")
# What the manifest header looked like before it recorded fingerprints: still ours to replace.
OLD_MANIFEST_COLUMNS = MANIFEST_COLUMNS[:-1]


@dataclass(frozen=True)
class BatchRowResult:
    """What happened to one row.

    ``status`` is ``written``, ``skipped`` (the file exists, or the row repeats an earlier
    one), ``failed`` (``error`` says why; ``question``, ``column`` and ``value`` say where when
    known) or ``interrupted`` (Ctrl-C came before the row was drafted). ``fingerprint`` is a
    digest of the row's values: a re-run skips an existing file only if the manifest recorded
    it for a row with the same fingerprint.
    """

    row: int
    status: str
    path: Path | None = None
    error: str = ""
    question: str = ""
    column: str = ""
    value: str = ""
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (the manifest row, and ``--json``)."""
        data = {key: getattr(self, key) for key in MANIFEST_COLUMNS if key != "file"}
        data["file"] = str(self.path or "")  # (dataclasses.asdict deep-copies: slow per row)
        return {key: data[key] for key in MANIFEST_COLUMNS}


@dataclass(frozen=True)
class BatchEvent:
    """Progress news besides row results.

    ``kind`` is ``start``, ``warning``, ``converting`` (``total`` documents go to LibreOffice
    now, to become PDFs), ``manifest`` or ``combined``.
    """

    kind: str
    total: int = 0
    message: str = ""
    path: Path | None = None


class BatchFailedError(AdvocateError):
    """Some rows failed (the others were drafted); exit code 3."""

    exit_code = ExitCode.PARTIAL_FAILURE

    def __init__(self, failed: int, total: int, manifest: Path) -> None:
        self.failed = failed
        self.total = total
        self.manifest = manifest
        done = "none was drafted" if failed == total else "the others were drafted"
        super().__init__(
            f"{failed} of {total} rows failed; {done}. Fix those rows and run "
            f"the same command again: existing files are skipped. Details: {manifest}"
        )


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to draft a row; known before any row is read.

    Workers are forked with these settings before the rows are read, so they never hold
    (or share pages with) the parent's copy of the rows.
    """

    template: DocTemplate
    sources: tuple[AnswerSource, ...]
    fmt: str
    letterhead: Path | None
    now: dt.datetime
    overwrite: bool
    keep_text: bool


class Task(NamedTuple):
    """One row to draft: its position in the file, row number, answers and output path."""

    position: int
    number: int
    values: dict[str, Any]
    path: Path
    write: bool  # False: the file exists and is only needed in the combined pack
    stage: Path | None = None  # PDF batches: write the .docx here; LibreOffice converts it later


class Outcome(NamedTuple):
    """A drafted row, as a worker sends it back to the parent."""

    position: int
    result: BatchRowResult
    text: str | None = None  # the Markdown, kept only for the combined pack
    meta: DocumentMeta | None = None
    row_question: str = ""  # a failed question answered by the row: the parent names its column
