"""The documentation stays honest: every command has help with an example and is in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from advocate.cli import cli
from advocate.cli.commands import LAZY_COMMANDS
from conftest import run_cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _all_commands() -> list[list[str]]:
    paths = []
    for name in sorted(LAZY_COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        paths.append([name])
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in command.list_commands(click.Context(command)))
    return paths


@pytest.mark.parametrize("path", _all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = run_cli(*path, "--help")
    assert "Usage: advocate" in result.stdout
    assert "Example" in result.stdout, f"advocate {' '.join(path)} --help has no example"


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_command_appears_in_the_readme(name: str) -> None:
    assert f"advocate {name}" in README


def test_readme_shows_the_two_setup_commands_and_exit_codes() -> None:
    assert "make demo" in README and "make test" in README
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |"):
        assert code in README


def test_group_help_lists_every_command_without_importing_them() -> None:
    result = run_cli("--help")
    for name, (_, _, short) in LAZY_COMMANDS.items():
        assert name in result.stdout and short[:20] in result.stdout
