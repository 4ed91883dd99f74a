"""Finding your way: 'advocate help COMMAND', shell completion of types, playbooks and steps."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete

from advocate.cli.base import cli
from advocate.cli.doctypes import ask_doctype, doctype_question
from advocate.prompting import NoInputPrompter, ScriptedPrompter
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


def _user_template(home: Path) -> None:
    folder = home / ".config" / "advocate" / "templates"
    run_cli("templates", "copy", "thank-you-letter", folder)
    (folder / "thank-you-letter.md.j2").rename(folder / "partner-thanks.md.j2")


def test_help_lists_every_document_type_the_users_too(isolated_home: Path) -> None:
    _user_template(isolated_home)
    for command in (["batch"], ["templates", "show"], ["templates", "answers"]):
        shown = run_cli(*command, "-h").stdout
        assert "Document types:" in shown
        assert "briefing-note" in shown
        assert "partner-thanks" in shown


class _Asks:
    def __init__(self, prompter: object) -> None:
        self._prompter = prompter

    def prompter(self) -> object:
        return self._prompter


def test_the_document_menu_takes_a_number_and_names_types_without_a_terminal() -> None:
    question = doctype_question()
    number = question.choice_values().index("meeting-agenda") + 1
    picked = ask_doctype(_Asks(ScriptedPrompter({"doctype": str(number)})))  # type: ignore[arg-type]
    assert picked == "meeting-agenda"
    with pytest.raises(click.UsageError, match="Name a document type: briefing-note"):
        ask_doctype(_Asks(NoInputPrompter()))  # type: ignore[arg-type]
