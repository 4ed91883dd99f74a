"""The draft interview without a terminal: the output is checked first, typed answers are kept.

``--interactive`` prompts from piped input, which is how these tests type; menus and the
review are for a real terminal and are tested in ``test_interview_terminal.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import advocate.api
from advocate import api
from advocate.answers import to_plain_answers
from advocate.cli.interview import shown_value
from advocate.errors import OutputError, OutputExistsError
from advocate.templates import load_template
from conftest import build_file_tree, example_answers, run_cli


def given_answers(tmp_path: Path, doctype: str, *missing: str, **changed: Any) -> Path:
    data = example_answers(doctype)
    for key in missing:
        del data[key]
    data.update(changed)
    return build_file_tree(tmp_path, {"given.yaml": yaml.safe_dump(data)})["given.yaml"]


def partial_answers(folder: Path, doctype: str) -> dict[str, Any]:
    path = folder / f"{doctype}.partial.answers.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["answers"])


def test_an_existing_output_is_refused_before_any_question(tmp_path: Path) -> None:
    existing = build_file_tree(tmp_path, {"note.md": "keep me"})["note.md"]
    result = run_cli("draft", "briefing-note", "--interactive", "--format", "md", "-o", existing,
                     input="Northside\n", expect=1)  # fmt: skip
    assert f"Cannot write {existing}: the file exists. Pass --overwrite to replace it." in (
        result.stderr
    )
    assert "Name of your organisation" not in result.stderr
    assert not list(tmp_path.glob("*.partial.answers.yaml"))


def test_an_unwritable_folder_is_refused_before_any_question(tmp_path: Path) -> None:
    blocker = build_file_tree(tmp_path, {"blocker": "a file"})["blocker"]
    result = run_cli("draft", "briefing-note", "--interactive", "-o", blocker / "note.docx",
                     input="Northside\n", expect=1)  # fmt: skip
    assert "is a file, not a folder" in result.stderr
    assert "Name of your organisation" not in result.stderr


def test_check_output_names_the_existing_answers_file_too(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"note.answers.yaml": "{}"})
    with pytest.raises(OutputExistsError) as caught:
        api.check_output(tmp_path / "note.docx", None)
    assert caught.value.path == tmp_path / "note.answers.yaml"
    api.check_output(tmp_path / "note.docx", None, overwrite=True)
    api.check_output(None, tmp_path / "new" / "folder")  # made when the document is written
    with pytest.raises(OutputError):
        api.check_output(None, tmp_path / "note.answers.yaml" / "inside")


def test_a_typed_semicolon_stays_inside_its_item(tmp_path: Path) -> None:
    given = given_answers(tmp_path, "deputation-letter", "reasons")
    run_cli("draft", "deputation-letter", "--answers", given, "--interactive", "--format", "md",
            "-o", tmp_path / "d.md", input="Cost; and time\nReach\n\n")  # fmt: skip
    saved = yaml.safe_load((tmp_path / "d.answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["reasons"] == ["Cost; and time", "Reach"]


def test_a_list_below_its_minimum_asks_for_more(tmp_path: Path) -> None:
    given = given_answers(tmp_path, "deputation-letter", "reasons")
    result = run_cli("draft", "deputation-letter", "--answers", given, "--interactive",
                     "--format", "md", "-o", tmp_path / "d.md", input="\nReach\n\n")  # fmt: skip
    assert "This needs at least 1 item; 1 more, please." in result.stderr
    saved = yaml.safe_load((tmp_path / "d.answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["reasons"] == ["Reach"]


def test_a_refused_yes_no_reads_like_every_other_refusal(tmp_path: Path) -> None:
    template = """\
---
title: Yes or no
output: "yes-no"
questions:
  - id: attending
    type: yes_no
    label: Will you attend?
---
Attending: {{ attending }}
"""
    build_file_tree(tmp_path, {"t/yes-no.md.j2": template})
    result = run_cli("draft", "yes-no", "--templates", tmp_path / "t", "--interactive",
                     "--format", "md", "-o", tmp_path / "y.md", input="maybe\nyes\n")  # fmt: skip
    assert "'Will you attend?' does not accept 'maybe'. Yes or no." in result.stderr
    assert "Attending: yes" in (tmp_path / "y.md").read_text(encoding="utf-8")


def test_a_validation_failure_after_typing_keeps_the_typed_answers(tmp_path: Path) -> None:
    # the answers file's date is refused only once the questions before it were answered
    given = build_file_tree(tmp_path, {"given.yaml": "document_date: the 31st\n"})["given.yaml"]
    typed = "Northside\nAmina Yusuf\nDirector\namina@example.org\n\nCity of Toronto\n\n"
    result = run_cli("draft", "briefing-note", "--answers", given, "--interactive", "-o",
                     tmp_path, input=typed, expect=1)  # fmt: skip
    assert "does not accept 'the 31st'" in result.stderr
    answers = partial_answers(tmp_path, "briefing-note")
    assert answers["organisation"] == "Northside"
    assert answers["contact_phone"] is None  # skipped, and kept as skipped
    assert answers["council_name"] == "City of Toronto"


def test_a_crash_after_typing_keeps_the_typed_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(advocate.api, "write_draft", crash)
    given = given_answers(tmp_path, "deputation-letter", "position")
    result = run_cli("draft", "deputation-letter", "--answers", given, "--interactive", "-o",
                     tmp_path, input="2\n", expect=1)  # fmt: skip
    assert isinstance(result.exception, RuntimeError)
    assert partial_answers(tmp_path, "deputation-letter")["position"] == "oppose"


def test_nothing_typed_saves_no_partial_file(tmp_path: Path) -> None:
    existing = build_file_tree(tmp_path, {"d.md": "keep"})["d.md"]
    given = given_answers(tmp_path, "deputation-letter")
    run_cli("draft", "deputation-letter", "--answers", given, "--no-input", "--format", "md",
            "-o", existing, expect=1)  # fmt: skip
    assert not list(tmp_path.glob("*.partial.answers.yaml"))


def test_saved_answers_keep_skipped_optional_questions_as_null() -> None:
    questions = load_template("briefing-note").questions
    plain = to_plain_answers(questions, {"organisation": "Northside", "contact_phone": None,
                                         "subject": None})  # fmt: skip
    # a skipped optional answer is kept; an empty required one is not an answer at all
    assert plain == {"organisation": "Northside", "contact_phone": None}


def test_a_preview_without_a_terminal_keeps_what_was_typed(tmp_path: Path) -> None:
    given = given_answers(tmp_path, "deputation-letter", "position")
    result = run_cli("draft", "deputation-letter", "--answers", given, "--interactive",
                     "--preview", "-o", tmp_path / "d.docx", input="2\n")  # fmt: skip
    assert "We oppose" in result.stdout
    partial = tmp_path / "deputation-letter.partial.answers.yaml"
    assert f"Write it with: advocate draft deputation-letter --answers {partial}" in result.stderr
    assert partial_answers(tmp_path, "deputation-letter")["position"] == "oppose"
    assert not (tmp_path / "d.docx").exists()


def test_the_review_shows_choices_by_label_and_records_field_by_field() -> None:
    questions = {question.id: question for question in load_template("briefing-note").questions}
    assert shown_value(questions["decision_type"], "decision") == "For decision"
    options = [{"title": "Adopt", "pros": "Quick", "cons": None}, {"title": "Defer", "pros": None,
                                                                  "cons": "Delay"}]  # fmt: skip
    assert shown_value(questions["options"], options) == "Adopt, Quick; Defer, Delay"
    assert shown_value(questions["legal"], None) == ""


def test_an_existing_default_named_output_keeps_what_was_typed(tmp_path: Path) -> None:
    # the file name comes from the answers, so it can only be checked after the questions
    given = given_answers(tmp_path, "deputation-letter", "position")
    first = run_cli("draft", "deputation-letter", "--answers", given, "--interactive", "-o",
                    f"{tmp_path}/", "--format", "md", input="1\n")  # fmt: skip
    written = Path(first.stdout.strip())
    again = run_cli("draft", "deputation-letter", "--answers", given, "--interactive", "-o",
                    f"{tmp_path}/", "--format", "md", input="2\n", expect=1)  # fmt: skip
    assert f"Cannot write {written}: the file exists." in again.stderr
    assert partial_answers(tmp_path, "deputation-letter")["position"] == "oppose"
    assert "We support" in written.read_text(encoding="utf-8")


def test_lines_typed_past_a_limit_are_left_out_not_given_to_the_next_question(
    tmp_path: Path,
) -> None:
    # 'ask' comes before 'reasons' and 'speaking_minutes' after: a leaked line would answer it
    given = given_answers(tmp_path, "deputation-letter", "ask", "reasons", "speaking_minutes")
    result = run_cli("draft", "deputation-letter", "--answers", given, "--interactive",
                     "--format", "md", "-o", tmp_path / "d.md",
                     input="Adopt the report\n\nOne\nTwo\nThree\nFour\n\n7\n")  # fmt: skip
    assert "Left out, as the list is full: 'Four'." in result.stderr
    saved = yaml.safe_load((tmp_path / "d.answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["reasons"] == ["One", "Two", "Three"]
    assert saved["answers"]["ask"] == "Adopt the report"
    assert saved["answers"]["speaking_minutes"] == 7
