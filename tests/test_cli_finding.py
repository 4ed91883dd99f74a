"""Finding your way: 'advocate help COMMAND', shell completion of types, playbooks and steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from advocate.cli.base import cli
from conftest import run_cli


def _complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "advocate", "_ADVOCATE_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


@pytest.mark.parametrize("command", [["draft"], ["plan", "status"], ["templates", "answers"]])
def test_help_command_is_the_commands_own_help(command: list[str]) -> None:
    assert run_cli("help", *command).stdout == run_cli(*command, "-h").stdout


def test_help_without_a_command_is_the_main_help() -> None:
    assert run_cli("help").stdout == run_cli("-h").stdout


def test_help_for_an_unknown_command_says_where_to_look() -> None:
    result = run_cli("help", "drfat", expect=2)
    assert "No such command 'drfat'. 'advocate --help' lists them." in result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_shells_code(shell: str) -> None:
    assert "_ADVOCATE_COMPLETE" in run_cli("completion", shell).stdout


def test_document_types_and_playbooks_complete() -> None:
    assert _complete(["templates", "show"], "br") == ["briefing-note"]
    assert _complete(["templates", "answers"], "open") == ["open-services"]
    assert "open-services" in _complete(["plan"], "")
    assert "status" in _complete(["plan"], "")
    assert _complete(["playbooks", "show"], "louder") == ["louder-voice"]


def test_step_ids_of_the_campaign_complete(tmp_path: Path) -> None:
    campaign = tmp_path / "c.campaign.yaml"
    run_cli(
        "plan",
        "open-services",
        "--campaign",
        campaign,
        "--no-input",
        "--set",
        "municipal_context=large-city",
        expect=1,
    )  # stops at the first question
    steps = _complete(["plan", "status", "--campaign", str(campaign), "--done"], "map")
    assert steps == ["map-barriers"]
    assert _complete(["plan", "status", "--done"], "") == []  # no campaign named: nothing
