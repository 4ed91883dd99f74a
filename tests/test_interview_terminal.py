"""The ``advocate draft`` interview at a real terminal (pexpect): nothing typed is lost.

Each test starts from an answers file with one or two answers taken out, so that only the
questions under test are asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pexpect
import yaml

from advocate.templates import load_template
from conftest import build_file_tree, example_answers
from terminal import spawn

CONTEXT_TEMPLATE = """\
---
title: Context note
output: "context-note"
questions:
  - id: context
    type: choice
    label: Which describes your place best?
    help: Pick the closest; the note adapts its advice to it.
    choices:
      - {value: large-city, label: Large city}
      - {value: small-town-rural, label: Small town or rural area}
example_answers:
  context: large-city
---
# Context

Place: {{ context }}
"""


def answers_without(tmp_path: Path, doctype: str, *missing: str) -> Path:
    """The example answers less ``missing``; questions the example leaves out count as skipped."""
    data: dict[str, Any] = {question.id: None for question in load_template(doctype).questions}
    data.update(example_answers(doctype))
    for key in missing:
        del data[key]
    return build_file_tree(tmp_path, {"given.yaml": yaml.safe_dump(data)})["given.yaml"]


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before or ""


def saved_answers(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["answers"])


def test_a_preview_then_write_writes_what_was_shown(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "meeting-agenda", "meeting_title")
    child = spawn(["draft", "meeting-agenda", "--answers", str(given), "--preview", "--format",
                   "md", "-o", "agenda.md"], tmp_path)  # fmt: skip
    child.expect("Title of the meeting")
    child.sendline("Access to services: planning meeting")
    child.expect("Access to services: planning meeting")  # the preview shows it
    child.expect("Write this document")
    child.sendline("yes")
    output = finish(child)
    assert child.exitstatus == 0, output
    text = (tmp_path / "agenda.md").read_text(encoding="utf-8")
    assert "Access to services: planning meeting" in text
    assert not list(tmp_path.glob("*.partial.answers.yaml"))


def test_a_preview_not_written_saves_the_answers_for_the_same_command(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "meeting-agenda", "meeting_title")
    child = spawn(["draft", "meeting-agenda", "--answers", str(given), "--preview", "--format",
                   "md", "-o", "agenda.md"], tmp_path)  # fmt: skip
    child.expect("Title of the meeting")
    child.sendline("Planning meeting")
    child.expect("Write this document")
    child.sendline("")  # no is the default
    output = finish(child)
    assert child.exitstatus == 0, output
    assert not (tmp_path / "agenda.md").exists()
    partial = tmp_path / "meeting-agenda.partial.answers.yaml"
    assert saved_answers(partial)["meeting_title"] == "Planning meeting"
    assert f"Write it with: advocate draft meeting-agenda --answers {partial.name}" in output


def test_an_existing_output_is_found_before_the_first_question(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "deputation-letter", "position")
    existing = build_file_tree(tmp_path, {"letter.md": "keep me"})["letter.md"]
    child = spawn(["draft", "deputation-letter", "--answers", str(given), "--format", "md",
                   "-o", str(existing)], tmp_path)  # fmt: skip
    child.expect(r"letter\.md exists\s+already")
    child.expect("3. Cancel")
    before_menu = child.before or ""
    assert "What is your position" not in before_menu
    child.sendline("new name")
    child.expect("New file name")
    child.sendline("letter-2")
    child.expect("What is your position on the item")
    child.sendline("1")
    child.expect("Enter writes the document")
    child.sendline("")
    output = finish(child)
    assert child.exitstatus == 0, output
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert "We support" in (tmp_path / "letter-2.md").read_text(encoding="utf-8")


def test_cancelling_at_an_existing_output_asks_nothing(tmp_path: Path) -> None:
    existing = build_file_tree(tmp_path, {"note.docx": "keep me"})["note.docx"]
    child = spawn(["draft", "briefing-note", "-o", str(existing)], tmp_path)
    child.expect("3. Cancel")
    child.sendline("3")
    output = finish(child)
    assert child.exitstatus == 1
    assert "Cancelled: nothing was written." in output
    assert "Name of your organisation" not in output
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_four_reasons_at_a_three_item_limit_keep_the_first_three(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "deputation-letter", "reasons")
    child = spawn(["draft", "deputation-letter", "--answers", str(given), "--format", "md",
                   "-o", "d.md"], tmp_path)  # fmt: skip
    child.expect("Your strongest reasons")
    child.expect("from 1 to 3")
    for reason in ("Families delay care", "Cost; and time", "Other cities did it", "A fourth"):
        child.sendline(reason)  # typed ahead, as a person does
    child.sendline("")
    child.expect("That makes 3, the most this question takes.")
    child.expect("Left out, as the list is full: 'A fourth'.")
    # the fourth reason became nobody's answer: the next thing is the review
    child.expect("Enter writes the document")
    child.sendline("")
    output = finish(child)
    assert child.exitstatus == 0, output
    answers = saved_answers(tmp_path / "d.answers.yaml")
    assert answers["reasons"] == ["Families delay care", "Cost; and time", "Other cities did it"]


def test_an_optional_records_question_is_skipped_with_enter(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "briefing-note", "options")
    child = spawn(["draft", "briefing-note", "--answers", str(given), "--format", "md",
                   "-o", "note.md"], tmp_path)  # fmt: skip
    child.expect("Options the reader could choose from")
    child.expect("Option: ")
    child.sendline("")
    child.expect("Options the reader could choose from: \\(skipped\\)")
    child.expect("Enter writes the document")
    child.sendline("")
    output = finish(child)
    assert child.exitstatus == 0, output
    saved = yaml.safe_load((tmp_path / "note.answers.yaml").read_text(encoding="utf-8"))
    assert "options" in saved["answers"] and saved["answers"]["options"] is None
    # drafting again from the saved answers asks nothing, the skipped question included
    again = spawn(["draft", "briefing-note", "--answers", "note.answers.yaml", "--format", "md",
                   "-o", "again.md"], tmp_path)  # fmt: skip
    replay = finish(again)
    assert again.exitstatus == 0, replay
    assert "Options the reader" not in replay
    assert (tmp_path / "again.md").read_text(encoding="utf-8") == (tmp_path / "note.md").read_text(
        encoding="utf-8"
    )


def test_a_choice_menu_takes_what_people_type(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"templates/context-note.md.j2": CONTEXT_TEMPLATE})
    child = spawn(["draft", "context-note", "--templates", "templates", "--format", "md",
                   "-o", "c.md"], tmp_path)  # fmt: skip
    child.expect("2. Small town or rural area")
    child.sendline("?")
    child.expect("Pick the closest")
    child.sendline("big town")
    child.expect(r"does not accept 'big town': not one of the\s+choices")
    child.expect(r"1\. Large city, 2\. Small town or\s+rural area")
    assert "large-city" not in (child.before or "")  # the hidden id is not shown
    child.sendline("large city")
    child.expect("Enter writes the document")
    child.sendline("")
    output = finish(child)
    assert child.exitstatus == 0, output
    assert "Place: large-city" in (tmp_path / "c.md").read_text(encoding="utf-8")


def test_ctrl_c_in_the_review_keeps_everything(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "briefing-note", "subject", "recipient")
    child = spawn(["draft", "briefing-note", "--answers", str(given), "-o", "out/"], tmp_path)
    child.expect("Who is the note for")
    child.sendline("Councillor Lee")
    child.expect("Subject, in one line")
    child.sendline("Access to services")
    child.expect("Enter writes the document")
    child.sendline("9")  # change the recipient
    child.expect("Who is the note for")
    child.sendline("Councillor Jordan Lee")
    child.expect("Enter writes the document")
    child.sendintr()
    output = finish(child)
    assert child.exitstatus == 130
    assert "Interrupted." in output
    answers = saved_answers(tmp_path / "out" / "briefing-note.partial.answers.yaml")
    assert answers["recipient"] == "Councillor Jordan Lee"
    assert answers["subject"] == "Access to services"
    assert answers["organisation"] == example_answers("briefing-note")["organisation"]
    assert not list(tmp_path.glob("out/*.docx"))


def test_a_list_changed_in_the_review_is_edited_entry_by_entry(tmp_path: Path) -> None:
    given = answers_without(tmp_path, "deputation-letter", "position")
    reasons = example_answers("deputation-letter")["reasons"]
    child = spawn(["draft", "deputation-letter", "--answers", str(given), "--format", "md",
                   "-o", "d.md"], tmp_path)  # fmt: skip
    child.expect("What is your position on the item")
    child.sendline("support")
    child.expect(r"(\d+)\. Your strongest reasons")
    number = child.match.group(1)
    child.expect("Enter writes the document")
    child.sendline(number)
    child.expect("Enter keeps these")
    child.sendline("+")  # three already: the limit
    child.expect("There are 3 already, the most this question takes.")
    child.expect("Enter keeps these")
    child.sendline("-2")
    child.expect("Enter keeps these")
    child.sendline("+")
    child.expect("Item")
    child.sendline("Cost; and time")
    child.expect("Enter keeps these")
    child.sendline("1")
    child.expect("Item")
    child.sendline("Families wait for care")
    child.expect("Enter keeps these")
    child.sendline("")
    child.expect("Enter writes the document")
    child.sendline("")
    output = finish(child)
    assert child.exitstatus == 0, output
    answers = saved_answers(tmp_path / "d.answers.yaml")
    assert answers["reasons"] == ["Families wait for care", reasons[2], "Cost; and time"]
