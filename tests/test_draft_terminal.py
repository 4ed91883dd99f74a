"""advocate draft at a real terminal (a pseudo-terminal driven by pexpect)."""

from __future__ import annotations

from pathlib import Path

import pexpect
import yaml

from terminal import spawn


def test_prompts_at_a_terminal_then_ctrl_c_keeps_answers_and_leaves_no_document(
    tmp_path: Path,
) -> None:
    child = spawn(["draft", "briefing-note", "-o", str(tmp_path)], tmp_path)
    child.expect("Name of your organisation")
    child.sendline("Northside Newcomer Centre")
    child.expect("Who prepared the note")
    child.sendline("Amina Yusuf")
    child.expect("Their role")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    output = child.before or ""
    assert "Traceback" not in output
    assert "Interrupted." in output
    saved = yaml.safe_load(
        (tmp_path / "briefing-note.partial.answers.yaml").read_text(encoding="utf-8")
    )
    assert saved["answers"] == {
        "organisation": "Northside Newcomer Centre",
        "contact_name": "Amina Yusuf",
    }
    assert not list(tmp_path.glob("*.docx"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_choice_prompt_accepts_a_number_and_reasks_on_a_bad_value(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    from conftest import example_answers

    data = example_answers("deputation-letter")
    del data["position"]
    answers.write_text(yaml.safe_dump(data), encoding="utf-8")
    child = spawn(
        ["draft", "deputation-letter", "--answers", str(answers), "--format", "md", "-o", "d.md"],
        tmp_path,
    )
    child.expect("What is your position on the item")
    child.expect("3. We support it with changes")
    child.sendline("perhaps")
    child.expect("does not accept 'perhaps'")
    child.sendline("3")
    child.expect("Enter writes the document")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "with the change set out below" in (tmp_path / "d.md").read_text(encoding="utf-8")
