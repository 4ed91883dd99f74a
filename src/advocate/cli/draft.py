"""``advocate draft`` and ``advocate demo``."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from advocate import api
from advocate.cli.console import Output, print_markdown
from advocate.cli.options import (
    ANSWERS,
    Inputs,
    document_options,
    input_options,
    json_option,
    overwrite_option,
    quiet_option,
)
from advocate.cli.session import Session
from advocate.models import DraftResult
from advocate.templates import load_template


@click.command()
@click.argument("doctype")
@input_options(*ANSWERS, "letterhead")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="File to write, or a folder: an existing one, or one ending in / that is made "
    "(default: a name made from the answers, here).",
)
@document_options
@click.option("--preview", is_flag=True, help="Show the document in the terminal; write nothing.")
@overwrite_option
@json_option
@quiet_option
@click.pass_context
def draft(
    ctx: click.Context,
    /,
    doctype: str,
    inputs: Inputs,
    output: str | None,
    fmt: str,
    template_dirs: tuple[Path, ...],
    preview: bool,
    overwrite: bool,
    json_mode: bool,
    quiet: bool,
) -> None:
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
    session = Session.start(ctx, inputs, quiet=quiet, json_mode=json_mode)
    out_dir, out_file = split_output(output)
    dirs = session.template_dirs(template_dirs)
    sources = session.sources() + session.profile_sources()
    session.warn_unknown(sources, [q.id for q in load_template(doctype, dirs).questions])
    answered: dict[str, Any] = {}
    with _keep_partial_answers(session.output, doctype, out_dir or Path(), answered):
        result = api.draft(
            doctype, sources=sources, output=out_file, out_dir=out_dir, fmt=fmt,
            overwrite=overwrite, dry_run=preview, letterhead=session.letterhead(),
            logo=session.logo(), prompter=session.prompter(), template_dirs=dirs,
            on_answer=answered.__setitem__,
        )  # fmt: skip
    _report(session.output, result, preview=preview)


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


@contextlib.contextmanager
def _keep_partial_answers(
    output: Output, doctype: str, folder: Path, answered: dict[str, Any]
) -> Iterator[None]:
    """On Ctrl-C, save what was answered so far and say how to go on."""
    try:
        yield
    except (KeyboardInterrupt, click.Abort, EOFError):
        if answered:
            path = api.save_partial_answers(doctype, answered, folder)
            output.info(
                f"\nYour answers so far are saved in {path}.\n"
                f"Go on with: advocate draft {doctype} --answers {path}"
            )
        raise KeyboardInterrupt from None


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
@overwrite_option
@json_option
def demo(out_dir: Path, overwrite: bool, json_mode: bool) -> None:
    """Draft every built-in document type from its example answers.

    \b
    Example:
      advocate demo --out demo-output
    """
    results = api.draft_examples(out_dir, overwrite=overwrite)
    if json_mode:
        click.echo(json.dumps([str(r.output) for r in results], indent=2))
        return
    for result in results:
        click.echo(f"{result.doctype:>18}  {result.output}")
    click.echo(
        f"\nOpen them in Word or LibreOffice. Answers used: {out_dir}/*.answers.yaml", err=True
    )
