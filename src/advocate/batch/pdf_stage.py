"""PDF batches: rows are drafted as ``.docx`` into a hidden folder, then converted in groups.

Starting LibreOffice costs seconds, so a batch never converts its documents one by one: the
workers write each row's ``.docx`` into a folder inside the output folder, and the parent
hands them to LibreOffice a group at a time (one soffice run per group), then moves each PDF
to its place in one step. A row whose document LibreOffice refuses fails alone; the folder and
every ``.docx`` in it are removed when the batch ends, however it ends.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from advocate.batch.models import FAILED, INTERRUPTED, SKIPPED, WRITTEN, BatchRowResult, Outcome
from advocate.errors import AdvocateError, OutputExistsError
from advocate.outputs import move_atomic
from advocate.pdf import MAX_FILES_PER_RUN, convert_parts, find_soffice, groups, split

STAGE_PREFIX = ".advocate-pdf-"


class PdfStage:
    """Holds drafted rows until their ``.docx`` is converted (see the module docstring)."""

    def __init__(
        self,
        out_dir: Path,
        *,
        overwrite: bool,
        group: int = MAX_FILES_PER_RUN,
        processes: int = 1,
        on_convert: Callable[[int], None] | None = None,
    ) -> None:
        """Create the hidden folder in ``out_dir`` and find LibreOffice.

        ``processes`` is how many soffice runs may convert one group side by side (the batch's
        workers); ``on_convert`` is told how many documents go to LibreOffice each time it starts.

        Raises:
            PdfConverterMissingError: LibreOffice is not installed.
            OutputError: The folder cannot be created.
        """
        self.soffice = find_soffice()
        out_dir.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out_dir))
        self.overwrite = overwrite
        self.group = group
        self.processes = max(1, processes)
        self.waiting: list[Outcome] = []
        self.on_convert = on_convert or (lambda _count: None)

    def staged(self, outcome: Outcome) -> Path | None:
        """The ``.docx`` a worker wrote for this outcome, or ``None`` if it wrote nothing."""
        result = outcome.result
        if result.status != WRITTEN or result.path is None:
            return None
        return self.folder / f"{result.path.stem}.docx"

    def take(self, outcome: Outcome) -> list[Outcome]:
        """Keep a drafted row until its group is full; pass any other outcome straight on."""
        if self.staged(outcome) is None:
            return [outcome]
        self.waiting.append(outcome)
        return self.convert() if len(self.waiting) >= self.group else []

    def convert(self) -> list[Outcome]:
        """Convert the waiting rows (soffice runs per command-line-sized group), publish each.

        A group is split between up to ``processes`` soffice runs side by side; a run
        LibreOffice fails as a whole fails the rows of its part with LibreOffice's message.
        """
        waiting = self.waiting  # kept until converted: a Ctrl-C meanwhile marks them interrupted
        by_file = {self.folder / f"{_stem(outcome)}.docx": outcome for outcome in waiting}
        if waiting:
            self.on_convert(len(waiting))
        done: list[Outcome] = []
        for group in groups(list(by_file)):
            parts = split(group, self.processes)
            results = convert_parts(parts, self.folder / "pdf", soffice=self.soffice)
            for part, converted in zip(parts, results, strict=True):
                if isinstance(converted, AdvocateError):
                    done.extend(_failed(by_file[file], str(converted)) for file in part)
                else:
                    done.extend(self._publish(by_file[file], converted.get(file)) for file in part)
        self.waiting = []
        return done

    def _publish(self, outcome: Outcome, pdf: Path | None) -> Outcome:
        path = outcome.result.path
        if pdf is None or path is None:
            return _failed(outcome, "LibreOffice could not convert this row's document to PDF.")
        try:
            move_atomic(pdf, path, overwrite=self.overwrite)
        except OutputExistsError:
            result = BatchRowResult(outcome.result.row, SKIPPED, path, "exists")
            return outcome._replace(result=result)
        except AdvocateError as err:
            return _failed(outcome, str(err))
        return outcome

    def interrupted(self, outcome: Outcome) -> Outcome:
        """A row drafted but never converted (the batch stopped): it was not written."""
        if self.staged(outcome) is None:
            return outcome
        result = BatchRowResult(outcome.result.row, INTERRUPTED, None, "interrupted")
        return outcome._replace(result=result, text=None, meta=None)

    def abandon(self) -> list[Outcome]:
        """The rows still waiting, as interrupted (the batch stopped before converting them)."""
        waiting, self.waiting = self.waiting, []
        return [self.interrupted(outcome) for outcome in waiting]

    def close(self) -> None:
        """Remove the hidden folder and every ``.docx`` left in it."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _stem(outcome: Outcome) -> str:
    path = outcome.result.path
    return path.stem if path is not None else ""


def _failed(outcome: Outcome, message: str) -> Outcome:
    result = BatchRowResult(outcome.result.row, FAILED, None, message)
    return outcome._replace(result=result, text=None, meta=None)
