"""``advocate playbooks list|show|validate`` and ``advocate examples``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from advocate.cli.console import Output, print_table

_DIRS = click.option(
    "--playbooks",
    "playbook_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of your own playbooks, searched first (repeatable).",
)


@click.group()
def playbooks() -> None:
    """List, show and check the playbooks that 'advocate plan' walks.

    Your own playbooks go in a folder given with --playbooks, or in the 'playbooks' folder of
    your config folder; one with the id of a built-in playbook replaces it.

    \b
    Examples:
      advocate playbooks list
      advocate playbooks show open-services
      advocate playbooks validate my-playbooks/*.yaml
    """


@playbooks.command("list")
@_DIRS
@click.option("--json", "json_mode", is_flag=True, help="Print the list as JSON.")
def list_command(playbook_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """List every playbook: number, id, title, steps and where it comes from.

    \b
    Example:
      advocate playbooks list --playbooks ./our-playbooks
    """
    from advocate.planning.playbooks import list_playbooks, user_playbook_dirs

    found = list_playbooks(user_playbook_dirs(playbook_dirs))
    rows = [
        (p.number, p.id, p.title, len(p.steps), _origin(p.origin, p.replaces_builtin))
        for p in found
    ]
    if json_mode:
        keys = ("number", "id", "title", "steps", "origin")
        click.echo(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
        return
    print_table(Output().out_console(), "Playbooks", ["#", "id", "title", "steps", "from"], rows)


def _origin(origin: str, replaces: bool) -> str:
    return f"{origin} (replaces built-in)" if replaces else origin


@playbooks.command("show")
@click.argument("playbook")
@_DIRS
@click.option("--json", "json_mode", is_flag=True, help="Print the whole playbook as JSON.")
def show_command(playbook: str, playbook_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """Show a playbook: summary, why, steps with guidance and questions, and examples.

    \b
    Examples:
      advocate playbooks show open-services
      advocate playbooks show louder-voice --json > louder-voice.json
    """
    from advocate.planning.playbooks import describe_playbook, resolve_playbook, user_playbook_dirs

    description = describe_playbook(resolve_playbook(playbook, user_playbook_dirs(playbook_dirs)))
    if json_mode:
        click.echo(json.dumps(description, indent=2))
        return
    from rich.markdown import Markdown

    Output().out_console().print(Markdown(_markdown(description)))


def _markdown(d: dict[str, Any]) -> str:
    basis = f"*Basis:* \u201c{d['basis']['phrase']}\u201d ({d['basis']['source']})"
    lines = [f"# {d['number']}. {d['title']} ({d['id']})", "", d["summary"], "", "## Why", "",
             d["why"], "", basis]  # fmt: skip
    for number, step in enumerate(d["steps"], start=1):
        when = f" (when `{step['when']}`)" if step["when"] else ""
        lines += ["", f"## Step {number}: {step['title']}{when}", "", step["guidance"]]
        lines += [f"- *{q['label']}* (`{q['id']}`, {q['type']})" for q in step["questions"]]
        if step["documents"]:
            lines += ["", "Documents: " + ", ".join(step["documents"])]
    lines += ["", "## Examples", ""]
    for ex in d["examples"]:
        decided = f" Decided: {ex['decided']}" if ex["decided"] else ""
        lines += [f"- {ex['city']}: {ex['programme']} ({ex['when']}).{decided} <{ex['source']}>"]
    lines += ["", "## Pitfalls", ""] + [f"- {item}" for item in d["pitfalls"]]
    lines += ["", "## Signs of success", ""] + [f"- {item}" for item in d["signs_of_success"]]
    return "\n".join(lines)


@playbooks.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate_command(files: tuple[Path, ...]) -> None:
    """Check playbook files against the schema; each problem names the file, line and key.

    \b
    Example:
      advocate playbooks validate playbooks/*.yaml
    """
    from advocate.errors import DefinitionError
    from advocate.planning.playbooks import validate_playbook_files

    results = validate_playbook_files(files)
    for path, problem in results:
        if problem is None:
            click.echo(f"ok {path}")
        else:
            click.echo(f"Error: {problem}", err=True)
    failed = [path for path, problem in results if problem]
    if failed:
        raise DefinitionError(failed[0], f"{len(failed)} of {len(results)} file(s) are not valid")


@click.command()
@click.option("--recommendation", metavar="ID", help="Only examples for this playbook id.")
@click.option("--search", metavar="TEXT", help="Only examples mentioning every word of TEXT.")
@click.option("--json", "json_mode", is_flag=True, help="Print the examples as JSON.")
def examples(recommendation: str | None, search: str | None, json_mode: bool) -> None:
    """Browse the good-practice library: what other cities did, each with its source.

    \b
    Examples:
      advocate examples --recommendation open-services
      advocate examples --search rural --json
    """
    from dataclasses import asdict

    from advocate.examples import load_examples, search_examples

    found = search_examples(load_examples(), recommendation=recommendation, text=search)
    if json_mode:
        rows = [{**asdict(e), "source": e.source, "when": e.when} for e in found]
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.markup import escape

    console = Output().out_console()
    for e in found:
        console.print(f"[bold]{escape(e.city)}, {escape(e.country)}: {escape(e.programme)}"
                      f" ({e.when})[/bold]  [dim]{e.id}[/dim]")  # fmt: skip
        console.print(f"  {escape(e.summary)}", soft_wrap=True)
        if e.decided:
            console.print(f"  Decided: {escape(e.decided)}", soft_wrap=True)
        sources, playbook_ids = escape(" ; ".join(e.sources)), ", ".join(e.recommendations)
        console.print(f"  Sources: {sources}  For: {playbook_ids}\n", soft_wrap=True)
