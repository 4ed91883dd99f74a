"""``advocate templates``: list and show document types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.group()
def templates() -> None:
    """List and inspect the document types you can draft.

    \b
    Examples:
      advocate templates list
      advocate templates show briefing-note --json
    """


_DIRS = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of your own templates, searched first (repeatable).",
)


@templates.command("list")
@_DIRS
@click.option("--json", "json_mode", is_flag=True, help="Print the list as JSON.")
def list_command(template_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """List every document type, with where its template comes from.

    \b
    Example:
      advocate templates list
    """
    from advocate.api import list_document_types
    from advocate.console import Output, print_table

    found = list_document_types(template_dirs)
    if json_mode:
        rows = [{"name": t.name, "title": t.title, "description": t.description,
                 "origin": t.origin} for t in found]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    print_table(
        Output().out_console(),
        "Document types",
        ["name", "title", "from", "description"],
        [(t.name, t.title, t.origin, t.description) for t in found],
    )


@templates.command("show")
@click.argument("doctype")
@_DIRS
@click.option("--json", "json_mode", is_flag=True, help="Print every question as JSON.")
def show_command(doctype: str, template_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """Show a document type's questions: id, type, whether required, choices and help.

    \b
    Examples:
      advocate templates show deputation-letter
      advocate templates show briefing-note --json > questions.json
    """
    from advocate.api import describe_template

    description = describe_template(doctype, template_dirs)
    if json_mode:
        click.echo(json.dumps(description, indent=2, default=str))
        return
    _print_description(description)


def _print_description(description: dict[str, Any]) -> None:
    from advocate.console import Output, print_table

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


def register(group: click.Group) -> None:
    """Add ``templates`` to the group."""
    group.add_command(templates)
