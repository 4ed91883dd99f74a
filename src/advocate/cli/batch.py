"""``advocate batch``: one document per row of a spreadsheet."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from advocate.api import check_format
from advocate.batch import many
from advocate.batch.many import BatchEvent, BatchFailedError, BatchRowResult
from advocate.batch.rows import parse_column_map
from advocate.cli.batch_check import PlanOptions, ask_missing_shared, check_rows, report_check
from advocate.cli.complete import complete_doctype
from advocate.cli.console import Output, print_table
from advocate.cli.doctypes import DoctypeCommand
from advocate.cli.options import (
    ANSWERS,
    Inputs,
    document_options,
    input_options,
    json_option,
    overwrite_option,
    pair_check,
    quiet_option,
)
from advocate.cli.session import Session
from advocate.templates import load_template

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


@click.command(cls=DoctypeCommand)
@click.argument("doctype", shell_complete=complete_doctype)
@click.argument("rows_file", metavar="ROWS", type=click.Path(path_type=Path, dir_okay=False))
@input_options(*ANSWERS, "letterhead")
@click.option(
    "--map",
    "column_map",
    multiple=True,
    metavar="COLUMN=QUESTION_ID",
    callback=pair_check("COLUMN=QUESTION_ID", "Ward=district_name", both_sides=True),
    help="Use a column as the answer to a question (repeatable).",
)
@click.option("--sheet", help="The Excel sheet to read (default: the first).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(),
    show_default=True,
    help="Folder for the documents and manifest.csv.",
)
@click.option(
    "--name",
    "name_pattern",
    metavar="PATTERN",
    help="File names from columns, e.g. '{district_name}-{name}'.",
)
@overwrite_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Documents drafted in parallel (default: the number of cores).",
)
@click.option(
    "--combine",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every document into this .docx, each on a new page.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Check every row and say what would be written, skipped or refused; write nothing.",
)
@document_options
@json_option
@quiet_option
@click.pass_context  # fmt: skip
def batch(
    ctx: click.Context, /, doctype: str, rows_file: Path, inputs: Inputs,
    column_map: tuple[str, ...], sheet: str | None, out_dir: Path, name_pattern: str | None,
    overwrite: bool, jobs: int | None, combine: Path | None, check: bool, fmt: str,
    template_dirs: tuple[Path, ...], json_mode: bool, quiet: bool,
) -> None:  # fmt: skip
    """Draft one document per row of a CSV, Excel (.xlsx), YAML or JSON file.

    Columns answer the questions with the same id (see 'advocate templates show DOCTYPE');
    --answers, --set and --campaign give answers shared by every row, and a row's own value
    wins. Columns of an OpenNorth Represent councillor export (name, district_name,
    elected_office, ...) work as they are. Existing files are skipped, so a re-run after fixing
    a row makes only what is missing. manifest.csv in the --out folder lists every row.

    At a terminal, a required answer that no column and no shared answer gives is asked once,
    for every row. --check renders every row in memory and lists what would be written,
    skipped or refused, writing nothing (exit 1 when a row would fail).

    \b
    Examples:
      advocate batch briefing-note councillors.csv --answers shared.yaml --check
      advocate batch briefing-note councillors.csv --answers shared.yaml \\
          --out notes --name "{district_name}-{name}"
      advocate batch deputation-letter partners.xlsx --sheet Partners --map Org=organisation
      advocate batch briefing-note councillors.csv --answers shared.yaml --combine pack.docx
    """
    session = Session.start(ctx, inputs, quiet=quiet, json_mode=json_mode)
    check_format(fmt)  # PDF without LibreOffice: say so before any question or row
    dirs = session.template_dirs(template_dirs)
    sources = session.sources() + session.profile_sources()
    session.warn_unknown(sources, [q.id for q in load_template(doctype, dirs).questions])
    options = PlanOptions(parse_column_map(column_map), sheet, out_dir, name_pattern, overwrite,
                          fmt, session.letterhead(), combine, dirs, session.now)  # fmt: skip
    sources += ask_missing_shared(session, doctype, rows_file, sources, options)
    if check:
        report_check(session, check_rows(options.plan(doctype, rows_file, sources)))
        return
    reporter = _Reporter(session.output, out_dir)
    results = many.draft_many(
        doctype, rows_file, sources=sources,
        column_map=parse_column_map(column_map), sheet=sheet, out_dir=out_dir,
        name_pattern=name_pattern, overwrite=overwrite, jobs=jobs or os.cpu_count(), fmt=fmt,
        letterhead=session.letterhead(), combine=combine,
        template_dirs=dirs, on_event=reporter.event,
    )  # fmt: skip
    with contextlib.closing(results), reporter.progress():
        for result in results:
            reporter.row(result)
    reporter.finish()


class _Reporter:
    """Turns batch events and results into a progress bar, a summary and the manifest output."""

    def __init__(self, output: Output, out_dir: Path) -> None:
        self.output = output
        self.json_mode = output.json_mode
        self.out_dir = out_dir
        self.bar: Progress | None = None
        self.task: Any = None
        self.total = 0
        self.manifest: Path | None = None
        self.combined: Path | None = None
        self.counts: dict[str, int] = {"written": 0, "skipped": 0, "failed": 0}
        self.failed: list[BatchRowResult] = []
        self.kept: list[BatchRowResult] = []  # every row, only for --json: keeps memory flat

    def event(self, event: BatchEvent) -> None:
        """React to start, warning, converting, manifest and combined events."""
        if event.kind == "start":
            self.total = event.total
            if self.bar is not None:
                self.bar.update(self.task, total=event.total)
        elif event.kind == "warning":
            self.output.warn(event.message)
        elif event.kind == "converting" and self.bar is not None:
            self.bar.update(self.task, stage=f"Converting {event.total} to PDF")
        elif event.kind == "manifest":
            self.manifest = event.path
        elif event.kind == "combined":
            self.combined = event.path

    @contextlib.contextmanager
    def progress(self) -> Iterator[None]:
        """Show a progress bar on stderr (count, rate, time left) while rows are drafted."""
        if self.output.quiet:
            yield
            return
        from rich.progress import (  # rich's progress bar loads only when shown
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = (TextColumn("{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"),
                   TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())  # fmt: skip
        with Progress(*columns, console=self.output.err_console(), transient=True) as bar:
            self.bar = bar
            self.task = bar.add_task("batch", total=self.total or None, rate="", stage="Drafting")
            try:
                yield
            finally:
                self.bar = None

    def row(self, result: BatchRowResult) -> None:
        """Count the row and advance the progress bar."""
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if result.status == "failed":
            self.failed.append(result)
        if self.json_mode:
            self.kept.append(result)
        if self.bar is not None:
            self.bar.advance(self.task)
            speed = self.bar.tasks[0].speed
            self.bar.update(self.task, rate=f"{speed:,.0f} docs/s" if speed else "")

    def finish(self) -> None:
        """Print the summary (stderr) and the manifest path or JSON (stdout); exit 3 on failures."""
        manifest = self.manifest or self.out_dir / "manifest.csv"
        if self.json_mode:
            self.output.product(json.dumps(_json(self.kept, manifest, self.combined), indent=2))
        if not self.output.quiet or self.failed:
            _summary(self.output.err_console(), self.counts, self.failed)
        if not self.json_mode and not self.output.quiet:
            self.output.product(str(manifest))
        if self.failed:
            raise BatchFailedError(len(self.failed), sum(self.counts.values()), manifest)


def _json(
    results: Sequence[BatchRowResult], manifest: Path, combined: Path | None
) -> dict[str, Any]:
    ordered = sorted(results, key=lambda result: result.row)
    counts: dict[str, int] = {}
    for result in ordered:
        counts[result.status] = counts.get(result.status, 0) + 1
    return {
        "manifest": str(manifest),
        "combined": str(combined) if combined else None,
        "counts": counts,
        "rows": [result.to_dict() for result in ordered],
    }


def _summary(console: Console, counts: dict[str, int], failed: Sequence[BatchRowResult]) -> None:
    print_table(console, "Batch summary", ["status", "rows"], counts.items())
    if failed:
        rows = [
            (r.row, r.column or "-", r.question or "-", r.value or "-", r.error)
            for r in sorted(failed, key=lambda result: result.row)
        ]
        print_table(console, "Failed rows", ["row", "column", "question", "value", "why"], rows)
