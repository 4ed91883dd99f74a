"""``advocate draft`` and ``advocate demo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from advocate.cli.base import answers_options, document_options
from advocate.cli.context import Session


@click.command()
@click.argument("doctype")
@answers_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write, or an existing folder (default: a name made from the answers).",
)
@document_options
@click.option("--preview", is_flag=True, help="Show the document in the terminal; write nothing.")
@click.option("--overwrite", is_flag=True, help="Replace existing files.")
@click.option("--json", "json_mode", is_flag=True, help="Print what was written as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
@click.pass_context
def draft(ctx: click.Context, /, doctype: str, output: Path | None, **options: Any) -> None:
    """Draft a Word document from a template, asking only what is not known yet.

    DOCTYPE is briefing-note, deputation-letter, meeting-agenda, or one of your own templates
    ('advocate templates list' shows them). Beside the document, NAME.answers.yaml keeps the
    answers: pass it back with --answers to make the same document again.

    \b
    Examples:
      advocate draft briefing-note
      advocate draft deputation-letter --answers letter.answers.yaml --no-input
      advocate draft meeting-agenda --set meeting_kind=community -o agenda.docx
    """
    session = Session.from_context(ctx, options)
    out_dir, output = _split_output(output)
    with session.keep_partial_answers(doctype, out_dir or Path()):
        result = session.api.draft(
            doctype,
            sources=session.sources(),
            output=output,
            out_dir=out_dir,
            fmt=options["fmt"],
            overwrite=options["overwrite"],
            dry_run=options["preview"],
            letterhead=session.letterhead(options["letterhead"]),
            logo=session.logo(),
            prompter=session.prompter(),
            template_dirs=session.template_dirs(options["template_dirs"]),
            on_answer=session.record_answer,
        )
    session.report_draft(result, preview=options["preview"], json_mode=options["json_mode"])


def _split_output(output: Path | None) -> tuple[Path | None, Path | None]:
    """An existing folder means 'put the default name there'."""
    if output is not None and output.is_dir():
        return output, None
    return None, output


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo-output"),
    show_default=True,
)
@click.option("--overwrite", is_flag=True, help="Replace files from an earlier demo.")
@click.option("--json", "json_mode", is_flag=True, help="Print what was written as JSON.")
def demo(out_dir: Path, overwrite: bool, json_mode: bool) -> None:
    """Draft every built-in document type from its example answers.

    \b
    Example:
      advocate demo --out demo-output
    """
    from advocate import api

    results = api.draft_examples(out_dir, overwrite=overwrite)
    if json_mode:
        click.echo(json.dumps([str(r.output) for r in results], indent=2))
        return
    for result in results:
        click.echo(f"{result.doctype:>18}  {result.output}")
    click.echo(
        f"\nOpen them in Word or LibreOffice. Answers used: {out_dir}/*.answers.yaml", err=True
    )


def register(group: click.Group) -> None:
    """Add ``draft`` and ``demo`` to the group."""
    group.add_command(draft)
    group.add_command(demo)
