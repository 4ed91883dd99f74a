"""``advocate playbooks list|show|validate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from advocate.cli.complete import complete_playbook
from advocate.cli.console import Output, print_markdown, print_table
from advocate.cli.options import json_option, playbooks_option
from advocate.errors import DefinitionError
from advocate.planning.playbooks import (
    describe_playbook,
    list_playbooks,
    resolve_playbook,
    user_playbook_dirs,
    validate_playbook_files,
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
@playbooks_option
@json_option
def list_command(playbook_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """List every playbook: number, id, title, steps and where it comes from.

    \b
    Example:
      advocate playbooks list --playbooks ./our-playbooks
    """
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
@click.argument("playbook", shell_complete=complete_playbook)
@playbooks_option
@json_option
def show_command(playbook: str, playbook_dirs: tuple[Path, ...], json_mode: bool) -> None:
    """Show a playbook: summary, why, steps with guidance and questions, and examples.

    \b
    Examples:
      advocate playbooks show open-services
      advocate playbooks show louder-voice --json > louder-voice.json
    """
    description = describe_playbook(resolve_playbook(playbook, user_playbook_dirs(playbook_dirs)))
    if json_mode:
        click.echo(json.dumps(description, indent=2))
        return
    print_markdown(Output().out_console(), _markdown(description))


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
    results = validate_playbook_files(files)
    for path, problem in results:
        if problem is None:
            click.echo(f"ok {path}")
        else:
            click.echo(f"Error: {problem}", err=True)
    failed = [path for path, problem in results if problem]
    if failed:
        raise DefinitionError(failed[0], f"{len(failed)} of {len(results)} file(s) are not valid")
