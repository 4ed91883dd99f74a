"""``advocate batch`` before anything is drafted: shared answers asked once, and ``--check``.

At a terminal, a required question that no column and no shared answer gives is asked once
for every row, instead of being an error. ``--check`` renders every row in memory and says
what would be written, skipped or refused; it writes nothing, not even the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate.answer_text import to_plain
from advocate.answers import AnswerSource, collect_answers
from advocate.batch.many import plan_batch
from advocate.batch.models import FAILED
from advocate.batch.plan import BatchPlan
from advocate.batch.rows import MissingColumnsError
from advocate.batch.worker import draft_row
from advocate.cli.console import print_table
from advocate.cli.session import Session
from advocate.errors import AdvocateError
from advocate.templates import load_template


@dataclass(frozen=True)
class PlanOptions:
    """The options of ``advocate batch`` that decide the plan (what is drafted, and where)."""

    column_map: Mapping[str, str]
    sheet: str | None
    out_dir: Path
    name_pattern: str | None
    overwrite: bool
    fmt: str
    letterhead: Path | None
    combine: Path | None
    template_dirs: Sequence[Path]
    now: dt.datetime

    def plan(self, doctype: str, rows_file: Path, sources: Sequence[AnswerSource]) -> BatchPlan:
        """Read and check the rows and decide every file name; write nothing."""
        return plan_batch(
            doctype, rows_file, sources=sources, column_map=self.column_map, sheet=self.sheet,
            out_dir=self.out_dir, name_pattern=self.name_pattern, overwrite=self.overwrite,
            fmt=self.fmt, letterhead=self.letterhead, combine=self.combine,
            template_dirs=self.template_dirs, now=self.now,
        )  # fmt: skip


def ask_missing_shared(
    session: Session,
    doctype: str,
    rows_file: Path,
    sources: Sequence[AnswerSource],
    options: PlanOptions,
) -> list[AnswerSource]:
    """At a terminal, ask once the required answers no column or shared answer gives.

    Args:
        session: The command's session (its prompter asks).
        doctype: The document type.
        rows_file: The rows file.
        sources: The shared answers so far.
        options: How the batch is planned.

    Returns:
        A source with the typed answers (empty when nothing was missing or nobody can be asked).
    """
    if not session.interactive:
        return []
    try:
        options.plan(doctype, rows_file, sources)
    except MissingColumnsError as missing:
        template = load_template(doctype, options.template_dirs)
        questions = [template.question(qid) for qid, _ in missing.missing]
        asked = [question for question in questions if question is not None]
        session.output.info("No column answers these; the answer is the same for every row:")
        collected = collect_answers(asked, [], session.prompter(), today=session.now.date())
        typed = {x.id: to_plain(x, collected.values.get(x.id)) for x in asked}
        return [AnswerSource("typed once", typed)]
    return []


@dataclass(frozen=True)
class CheckedRow:
    """What a batch would do with one row."""

    row: int
    action: str  # write, overwrite, skip, fail
    path: Path | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a checked row."""
        path = str(self.path) if self.path else None
        return {"row": self.row, "action": self.action, "file": path, "note": self.note}


def check_rows(batch: BatchPlan) -> list[CheckedRow]:
    """Render every row in memory and say what drafting it would do; write nothing."""
    checked = []
    tasks = {task.position: task for task in batch.tasks()}
    for index, row in enumerate(batch.table.rows):
        early = batch.early.get(index)
        if early is not None:
            checked.append(CheckedRow(row.number, "skip", early.path, early.error or ""))
            continue
        task = tasks[index]
        outcome = draft_row(batch.settings, task._replace(write=False))
        if outcome.result.status == FAILED:
            checked.append(CheckedRow(row.number, "fail", None, outcome.result.error or ""))
        else:
            action = "overwrite" if task.path.exists() else "write"
            checked.append(CheckedRow(row.number, action, task.path, ""))
    return checked


def report_check(session: Session, checked: Sequence[CheckedRow]) -> None:
    """Show the check (a table on stderr, or JSON); fail when a row would fail.

    Raises:
        AdvocateError: Some rows would fail (exit 1); nothing was written either way.
    """
    output = session.output
    if output.json_mode:
        output.product(json.dumps([row.to_dict() for row in checked], indent=2))
    else:
        rows = [(c.row, c.action, str(c.path or ""), c.note) for c in checked]
        print_table(output.err_console(), "Batch check", ["row", "would", "file", "why"], rows)
    failed = sum(1 for row in checked if row.action == "fail")
    if failed:
        msg = f"{failed} of {len(checked)} rows would fail; fix them first. Nothing was written."
        raise AdvocateError(msg)
    output.info(f"All {len(checked)} rows are fine. Nothing was written (--check).")
