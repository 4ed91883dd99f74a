"""``advocate draft`` and ``advocate demo``."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from advocate import api
from advocate.answers import AnswerSource
from advocate.cli.complete import complete_doctype
from advocate.cli.console import Output, print_markdown
from advocate.cli.doctypes import DoctypeCommand, ask_doctype
from advocate.cli.interview import (
    Progress,
    answers_source,
    keeping_answers,
    review,
    settle_output,
    write,
)
from advocate.cli.options import (
    ANSWERS,
    Inputs,
    document_options,
    input_options,
    json_option,
    overwrite_option,
    quiet_option,
)
from advocate.cli.prompter import RichPrompter
from advocate.cli.session import Session
from advocate.locales import LOCALES
from advocate.models import DocTemplate, DraftResult
from advocate.profile_hint import profile_suggestion
from advocate.prompting import RecordingPrompter
from advocate.templates import load_template


@click.command(cls=DoctypeCommand)
@click.argument("doctype", required=False, shell_complete=complete_doctype)
@input_options(*ANSWERS, "letterhead")
@click.option(
    "--set-rows",
    "set_rows",
    multiple=True,
    metavar="QUESTION_ID=FILE",
    help="Answer a records question (such as a sign-on letter's signatories) from a CSV, Excel "
    "or YAML rows file, one record per row; wins over --set and --answers for that question.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="File to write, or a folder: an existing one, or one ending in / that is made "
    "(default: a name made from the answers, here).",
)
@document_options
@click.option(
    "--preview", is_flag=True, help="Show the document; write it only if you say so at a terminal."
)
@overwrite_option
@json_option
@quiet_option
@click.pass_context
def draft(
    ctx: click.Context,
    /,
    doctype: str | None,
    inputs: Inputs,
    set_rows: tuple[str, ...],
    output: str | None,
    fmt: str,
    template_dirs: tuple[Path, ...],
    preview: bool,
    overwrite: bool,
    json_mode: bool,
    quiet: bool,
) -> None:
    """Draft a Word document from a template, asking only what is not known yet.

    DOCTYPE is one of the types listed below, your own templates included; at a terminal,
    leave it out to choose from a menu. Beside the document, NAME.answers.yaml keeps the
    answers: pass it back with --answers to make the same document again.

    At a terminal, an existing output file is found before the first question, the answers
    are shown numbered for a last change before the document is written, and --preview offers
    to write what it showed. Answers typed at a prompt are never lost: when the run ends
    without a document, they are saved in DOCTYPE.partial.answers.yaml.

    \b
    Examples:
      advocate draft briefing-note
      advocate draft deputation-letter --answers letter.answers.yaml --no-input
      advocate draft meeting-agenda --set meeting_kind=community -o agenda.docx
      advocate draft sign-on-letter --answers letter.yaml --set-rows signatories=orgs.csv
    """
    session = Session.start(ctx, inputs, quiet=quiet, json_mode=json_mode)
    api.check_format(fmt)  # PDF without LibreOffice: say so before the first question
    out_dir, out_file = split_output(output)
    dirs = session.template_dirs(template_dirs)
    doctype = doctype or ask_doctype(session, dirs)
    template = load_template(doctype, dirs)
    rows = _rows_source(set_rows, template) if set_rows else None
    sources = [*([rows] if rows else []), *session.sources(), *session.profile_sources()]
    session.warn_unknown(sources, [q.id for q in template.questions])
    request = DraftRequest(
        doctype, template, sources, out_file, out_dir, fmt, dirs,
        overwrite=overwrite, letterhead=session.letterhead(), logo=session.logo(),
    )  # fmt: skip
    recorder: RecordingPrompter | None = None
    if session.at_terminal:
        prompter = RichPrompter(session.output.err_console())
        recorder = RecordingPrompter(prompter)
        result = _draft_at_terminal(session, request, prompter, recorder, preview=preview)
        preview = False  # the terminal run showed it already
    else:
        recorder = RecordingPrompter(session.prompter()) if session.interactive else None
        result = _draft(session, request, recorder, preview=preview)
    _report(session.output, result, preview=preview)
    tip = recorder and profile_suggestion(recorder.answered, profile_file=inputs.profile_file)
    if tip:
        session.output.info(tip)


@dataclass(frozen=True)
class DraftRequest:
    """What one ``advocate draft`` run was asked to make, from its options."""

    doctype: str
    template: DocTemplate
    sources: list[AnswerSource]
    output: Path | None
    out_dir: Path | None
    fmt: str
    template_dirs: list[Path]
    overwrite: bool
    letterhead: Path | None
    logo: Path | None

    @property
    def folder(self) -> Path:
        """Where answers typed so far are saved if the run ends early."""
        return self.out_dir or (self.output.parent if self.output else Path())


def _draft(
    session: Session, request: DraftRequest, recorder: RecordingPrompter | None, *, preview: bool
) -> DraftResult:
    """Draft with no person to offer menus to: the output is checked by the API first."""
    prompter = recorder or session.prompter()
    progress = Progress(request.doctype, request.folder, recorder)
    with keeping_answers(session.output, progress, request.template_dirs):
        result = api.draft(
            request.doctype, sources=request.sources, output=request.output,
            out_dir=request.out_dir, fmt=request.fmt, overwrite=request.overwrite,
            dry_run=preview, letterhead=request.letterhead, logo=request.logo,
            prompter=prompter, template_dirs=request.template_dirs,
            on_answer=progress.record,
        )  # fmt: skip
    if preview and progress.typed:
        progress.save(session.output, request.template_dirs, then="Write it")
    return result


def _draft_at_terminal(
    session: Session,
    request: DraftRequest,
    prompter: RichPrompter,
    recorder: RecordingPrompter,
    *,
    preview: bool,
) -> DraftResult:
    """The interview: output checked first, answers reviewed, a preview offered for writing."""
    progress = Progress(request.doctype, request.folder, recorder)
    output, overwrite = request.output, request.overwrite
    if not preview:
        output, overwrite = settle_output(prompter, output, request.out_dir, overwrite=overwrite)

    def plan(first: Sequence[AnswerSource]) -> api.PlannedDraft:
        planned = api.plan_draft(
            request.template, sources=[*first, *request.sources], output=output,
            out_dir=request.out_dir, fmt=request.fmt, prompter=recorder,
            now=session.now, on_answer=progress.record, logo=request.logo,
        )  # fmt: skip
        progress.answered = dict(planned.answers)
        return planned

    def write_one(planned: api.PlannedDraft, replace: bool) -> DraftResult:
        return api.write_draft(
            planned, fmt=request.fmt, overwrite=replace, letterhead=request.letterhead
        )

    with keeping_answers(session.output, progress, request.template_dirs):
        planned = plan([])
        if preview and not _offer_to_write(session, request, prompter, progress, planned):
            return DraftResult(request.doctype, None, planned.text, planned.answers)
        if not preview and progress.typed:
            planned = review(
                prompter, planned, lambda values: plan([answers_source(values, planned)])
            )
        return write(prompter, planned, write_one, overwrite=overwrite)


def _offer_to_write(
    session: Session,
    request: DraftRequest,
    prompter: RichPrompter,
    progress: Progress,
    planned: api.PlannedDraft,
) -> bool:
    """Show the preview and ask whether to write it; if not, keep what was typed."""
    print_markdown(session.output.out_console(), planned.text)
    if prompter.confirm("Write this document?", default=False):
        return True
    if progress.typed:
        progress.save(session.output, request.template_dirs, then="Write it")
    return False


def _rows_source(set_rows: tuple[str, ...], template: DocTemplate) -> AnswerSource | None:
    """``--set-rows``: records read from rows files (the rows reader loads only when used)."""
    from advocate.batch.rows_answer import rows_answer_source

    return rows_answer_source(set_rows, template)


def split_output(output: str | None) -> tuple[Path | None, Path | None]:
    """Split ``-o`` into ``(folder, file)``: a folder gets the default name.

    A folder is one that exists, or any path ending in a separator (``-o letters/``), which is
    made when the document is written rather than taken for a file without an extension.
    """
    if output is None:
        return None, None
    separators = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if output.endswith(separators) or Path(output).is_dir():
        return Path(output), None
    return None, Path(output)


def _report(output: Output, result: DraftResult, *, preview: bool) -> None:
    """Print what a draft did: the Markdown for a preview, else paths or JSON."""
    for warning in result.warnings:
        output.warn(warning)
    if preview:
        print_markdown(output.out_console(), result.text)
    elif output.json_mode:
        output.product(json.dumps(draft_json(result), indent=2))
    else:
        for written in result.files:
            output.status(written.action, written.path)
        if result.output is not None and not output.quiet:
            output.product(str(result.output))


def draft_json(result: DraftResult) -> dict[str, Any]:
    """The JSON shape of a draft result (documented in the README)."""
    return {
        "doctype": result.doctype,
        "output": str(result.output) if result.output else None,
        "files": [{"path": str(f.path), "action": f.action} for f in result.files],
        "warnings": list(result.warnings),
    }


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo-output"),
    show_default=True,
)
@click.option(
    "--locale",
    type=click.Choice(LOCALES),
    default=None,
    help="Draft in this locale (fr-CA: French documents); default: each example's own.",
)
@overwrite_option
@json_option
def demo(out_dir: Path, locale: str | None, overwrite: bool, json_mode: bool) -> None:
    """Draft every built-in document type from its example answers.

    \b
    Example:
      advocate demo --out demo-output
      advocate demo --locale fr-CA --out demo-fr
    """
    results = api.draft_examples(out_dir, overwrite=overwrite, locale=locale)
    if json_mode:
        click.echo(json.dumps([str(r.output) for r in results], indent=2))
        return
    for result in results:
        click.echo(f"{result.doctype:>18}  {result.output}")
    click.echo(
        f"\nOpen them in Word or LibreOffice. Answers used: {out_dir}/*.answers.yaml", err=True
    )
