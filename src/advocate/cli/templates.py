"""``advocate templates``: list, show, copy and check document types and letterheads."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from advocate.api import describe_template, list_document_types
from advocate.cli.complete import complete_doctype, complete_doctype_or_playbook
from advocate.cli.console import Output, print_table
from advocate.cli.doctypes import DoctypeCommand
from advocate.cli.options import json_option, overwrite_option, playbooks_option, templates_option
from advocate.errors import NotFoundError
from advocate.models import Question
from advocate.planning.playbooks import resolve_playbook, user_playbook_dirs
from advocate.planning.triage import settings_questions
from advocate.profile import user_template_dir
from advocate.question_docs import rows_header, starter_answers
from advocate.templates import copy_builtin_template, load_template

if TYPE_CHECKING:
    from advocate.word.writer import LetterheadReport


@click.group()
def templates() -> None:
    """List, inspect and copy the document types you can draft; check a letterhead.

    Your own templates (NAME.md.j2) are found first in --templates DIR, then in the templates
    folder of your config folder; a new NAME adds a document type.

    \b
    Examples:
      advocate templates list
      advocate templates show briefing-note --json
      advocate templates copy deputation-letter my-templates/
      advocate templates check letterhead.docx
      advocate templates answers briefing-note > note.yaml
    """


@templates.command("list")
@templates_option
@json_option
def list_command(template_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """List every document type, with where its template comes from.

    \b
    Example:
      advocate templates list
    """
    found = list_document_types([*template_dirs, user_template_dir()])
    if json_mode:
        rows = [{"name": t.name, "title": t.title, "description": t.description,
                 "origin": t.origin, "source": origin_label(t.origin, t.path)}
                for t in found]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    print_table(
        Output().out_console(),
        "Document types",
        ["name", "title", "from", "description"],
        [(t.name, t.title, origin_label(t.origin, t.path), t.description) for t in found],
    )


def origin_label(origin: str, path: str) -> str:
    """Say where a template comes from: built-in, a --templates folder or the config folder."""
    if origin == "built-in":
        return "built-in"
    if Path(origin) == user_template_dir():
        return f"config folder: {path}"
    return f"--templates: {path}"


@templates.command("show", cls=DoctypeCommand)
@click.argument("doctype", shell_complete=complete_doctype)
@templates_option
@json_option
def show_command(doctype: str, template_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """Show a document type's questions: id, type, whether required, choices and help.

    \b
    Examples:
      advocate templates show deputation-letter
      advocate templates show briefing-note --json > questions.json
    """
    description = describe_template(doctype, template_dirs)
    if json_mode:
        click.echo(json.dumps(description, indent=2, default=str))
        return
    _print_description(description)


def _print_description(description: dict[str, Any]) -> None:
    console = Output().out_console()
    console.print(f"[bold]{description['title']}[/bold] ({description['name']})")
    console.print(description["description"])
    rows = [
        (
            q["id"],
            q["type"],
            "yes" if q["required"] else "no",
            ", ".join(q["choices"]) if q["choices"] else "",
            q["label"],
        )
        for q in description["questions"]
    ]
    print_table(console, "Questions", ["id", "type", "required", "choices", "question"], rows)


@templates.command("answers", cls=DoctypeCommand)
@click.argument("name", shell_complete=complete_doctype_or_playbook)
@click.option("--header", is_flag=True,
              help="Print the header row of a batch file (CSV) instead.")  # fmt: skip
@templates_option
@playbooks_option
def answers_command(
    name: str, header: bool, template_dirs: tuple[Path, ...], playbook_dirs: tuple[Path, ...]
) -> None:
    """Print a starter answers file for a document type or a playbook.

    Every question is there, commented with its label, help, type and choices; required ones
    hold an example to replace, optional ones are commented out. Fill it in and pass it
    with --answers. --header prints a CSV header row for 'advocate batch' instead.

    \b
    Examples:
      advocate templates answers briefing-note > note.yaml
      advocate draft briefing-note --answers note.yaml
      advocate templates answers open-services > campaign.yaml
      advocate templates answers deputation-letter --header > rows.csv
    """
    title, usage, questions, examples = _questions_of(name, template_dirs, playbook_dirs)
    if header:
        click.echo(rows_header(questions), nl=False)
        return
    click.echo(starter_answers(title, usage, questions, examples))


def _questions_of(
    name: str, template_dirs: tuple[Path, ...], playbook_dirs: tuple[Path, ...]
) -> tuple[str, str, tuple[Question, ...], Mapping[str, Any]]:
    """A document type's questions, or (when no type has this name) a playbook's."""
    try:
        template = load_template(name, [*template_dirs, user_template_dir()])
    except NotFoundError as not_a_type:
        try:
            playbook = resolve_playbook(name, user_playbook_dirs(playbook_dirs))
        except NotFoundError:
            raise not_a_type from None
        usage = f"advocate plan {playbook.id} --answers FILE"
        examples: dict[str, Any] = {}  # the documents' examples fit the questions they share
        for doctype in {doc for step in playbook.steps for doc in step.documents}:
            examples.update(load_template(doctype, template_dirs).example_answers)
        questions = (*settings_questions(), *playbook.questions())
        return playbook.title, usage, questions, examples
    usage = f"advocate draft {template.name} --answers FILE"
    return template.title, usage, template.questions, template.example_answers


@templates.command("copy")
@click.argument("doctype", shell_complete=complete_doctype)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@overwrite_option
def copy_command(doctype: str, folder: Path, overwrite: bool) -> None:
    """Copy a built-in template into FOLDER, to edit it or to start a new document type.

    Draft from the copy with 'advocate draft DOCTYPE --templates FOLDER', or put it in the
    templates folder of your config folder to use it always. Rename the file to add a new
    document type.

    \b
    Examples:
      advocate templates copy deputation-letter my-templates
      advocate draft deputation-letter --templates my-templates
    """
    written = copy_builtin_template(doctype, folder, overwrite=overwrite)
    Output().status(written.action, written.path)
    click.echo(str(written.path))


@templates.command("check")
@click.argument("letterhead", type=click.Path(path_type=Path, dir_okay=False))
@json_option
def check_command(letterhead: Path, json_mode: bool) -> None:
    """Check a letterhead (.docx made in Word or LibreOffice) before drafting on it.

    Lists the styles advocate needs that the file lacks and what it uses instead, and
    whether it has a header, a footer and a page number. Missing styles are warnings
    (exit 0); a file advocate cannot use at all (.dotx, .doc, not Word) is an error (exit 1).

    \b
    Example:
      advocate templates check our-letterhead.docx
    """
    # The Word package loads lxml and markdown-it (about 60 ms): only this sub-command needs it.
    from advocate.word.writer import check_letterhead

    report = check_letterhead(letterhead)
    if json_mode:
        click.echo(json.dumps(_report_json(report), indent=2))
        return
    for line in _report_lines(report):
        click.echo(line)


def _report_json(report: LetterheadReport) -> dict[str, Any]:
    return {
        "path": str(report.path),
        "missing_styles": [{"style": name, "fallback": fb} for name, fb in report.missing_styles],
        "has_header": report.has_header,
        "has_footer": report.has_footer,
        "has_page_number": report.has_page_number,
        "page_size": report.page_size,
        "notes": list(report.notes),
    }


def _yes(flag: bool, yes: str, no: str) -> str:
    return f"yes, {yes}" if flag else f"no: {no}"


def _report_lines(report: LetterheadReport) -> list[str]:
    lines = [f"Letterhead: {report.path}"]
    if report.missing_styles:
        lines.append("Missing styles (advocate uses a fallback and warns when drafting):")
        lines += [f"  - {name}: {fallback}" for name, fallback in report.missing_styles]
    else:
        lines.append("Styles: every style advocate needs is there.")
    lines += [
        "Header: " + _yes(report.has_header, "the organisation's name and logo replace its "
                          "[organisation] marker, if any",
                          "an empty header gets the organisation's name and logo"),
        "Footer: " + _yes(report.has_footer, "kept as it is", "the document has no footer"),
        "Page number: " + _yes(report.has_page_number, "pages are numbered",
                               "add a page number field to the footer to number pages"),
        f"Page size: {report.page_size} in the file; documents use the locale's size "
        "(Letter for en-US, en-CA and fr-CA, A4 for en-GB and en-AU).",
    ]  # fmt: skip
    return lines + list(report.notes)
