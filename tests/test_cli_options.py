"""The command layer's shape: shared options mean one thing, and commands hand the API typed values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

import advocate.api
from advocate.cli import cli
from advocate.cli.commands import LAZY_COMMANDS
from advocate.models import DraftResult
from conftest import build_file_tree, run_cli

SHARED = (
    "--set", "--answers", "--no-input", "--interactive", "--profile", "--letterhead",
    "--overwrite", "--json", "--quiet", "--templates", "--playbooks", "--format",
)  # fmt: skip


def _commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in sorted(LAZY_COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", command.commands[sub]) for sub in command.commands]
    return found


def test_each_shared_option_has_one_help_text() -> None:
    helps: dict[str, dict[str, str]] = {}
    for path, command in _commands():
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt in SHARED:
                    helps.setdefault(opt, {})[path] = str(getattr(param, "help", None))
    assert set(helps) == set(SHARED)
    differing = {
        opt: by_command for opt, by_command in helps.items() if len(set(by_command.values())) > 1
    }
    assert differing == {}


def test_campaign_means_answers_outside_plan_and_the_walked_file_in_plan() -> None:
    helps = {
        path: str(param.help)
        for path, command in _commands()
        for param in command.params
        if isinstance(param, click.Option) and "--campaign" in param.opts
    }
    answers = {helps[path] for path in helps if not path.startswith("plan")}
    assert answers == {"A campaign file from 'advocate plan': its answers are used."}
    assert set(helps) >= {"draft", "batch", "plan", "plan status"}


def test_draft_passes_typed_values_to_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = build_file_tree(tmp_path, {"answers.yaml": "subject: Housing\n", "head.docx": b"x"})
    seen: dict[str, Any] = {}

    def fake(doctype: str, **kwargs: Any) -> DraftResult:
        seen.update(kwargs, doctype=doctype)
        return DraftResult(doctype=doctype, output=None, files=(), answers={}, text="", warnings=())

    monkeypatch.setattr(advocate.api, "draft", fake)
    run_cli("draft", "briefing-note", "--answers", files["answers.yaml"], "--set", "purpose=To ask",
            "--letterhead", files["head.docx"], "--format", "md", "--templates", tmp_path,
            "-o", tmp_path / "x.md", "--overwrite", "--no-input", "-q")  # fmt: skip
    assert seen["doctype"] == "briefing-note"
    assert [source.values for source in seen["sources"]] == [
        {"purpose": "To ask"},
        {"subject": "Housing"},
    ]
    assert (seen["fmt"], seen["overwrite"], seen["dry_run"]) == ("md", True, False)
    assert seen["output"] == tmp_path / "x.md" and seen["out_dir"] is None
    assert seen["letterhead"] == files["head.docx"]
    assert seen["template_dirs"][0] == tmp_path
    assert type(seen["prompter"]).__name__ == "NoInputPrompter"


def test_plan_options_work_before_and_after_the_playbook(tmp_path: Path) -> None:
    before = ["--set", "comittee=x", "open-services"]
    after = ["open-services", "--set", "comittee=x"]
    for number, args in enumerate((before, after)):
        campaign = tmp_path / f"c{number}.campaign.yaml"
        result = run_cli("plan", *args, "--campaign", campaign, "--no-input", expect=1)
        assert "Unknown question 'comittee'" in result.stderr


def test_draft_without_input_does_not_load_rich(tmp_path: Path) -> None:
    """rich is terminal UI: a scripted draft should not pay for it."""
    from advocate.yamlio import dump_yaml
    from conftest import example_answers

    answers = tmp_path / "a.yaml"
    answers.write_text(dump_yaml(example_answers("briefing-note")), encoding="utf-8")
    code = (
        "import sys; from advocate.cli import main; sys.argv = ['advocate', 'draft', "
        f"'briefing-note', '--no-input', '--answers', {str(answers)!r}, '-o', "
        f"{str(tmp_path / 'n.docx')!r}, '-q']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "n.docx").exists()
