"""The draft command as a user meets it: messages on stderr, product on stdout, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from advocate.errors import ExitCode
from conftest import build_file_tree, example_answers, run_cli


def _answers_file(tmp_path: Path, doctype: str, **changes: object) -> Path:
    answers = example_answers(doctype) | changes
    return build_file_tree(tmp_path, {"answers.yaml": yaml.safe_dump(answers)})["answers.yaml"]


def test_draft_md_prints_path_on_stdout_and_status_on_stderr(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "briefing-note")
    out = tmp_path / "note.md"
    result = run_cli(
        "draft", "briefing-note", "--answers", answers, "--no-input", "--format", "md", "-o", out
    )
    assert result.stdout.strip() == str(out)
    assert "create" in result.stderr and str(out) in result.stderr
    assert out.exists() and (tmp_path / "note.answers.yaml").exists()


def test_json_output_is_the_only_stdout(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "meeting-agenda")
    result = run_cli(
        "draft", "meeting-agenda", "--answers", answers, "--format", "md", "-o", tmp_path, "--json"
    )
    data = json.loads(result.stdout)
    assert data["doctype"] == "meeting-agenda"
    assert [f["action"] for f in data["files"]] == ["create", "create"]
    assert Path(data["output"]).parent == tmp_path


def test_set_overrides_answers_file(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "briefing-note")
    result = run_cli(
        "draft",
        "briefing-note",
        "--answers",
        answers,
        "--set",
        "subject=Libraries for all",
        "--preview",
    )
    assert "Libraries for all" in result.stdout
    assert not list(tmp_path.glob("*.docx"))


def test_invalid_set_value_exit_1_with_clear_message(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "deputation-letter")
    result = run_cli(
        "draft",
        "deputation-letter",
        "--answers",
        answers,
        "--set",
        "position=maybe",
        "-o",
        tmp_path / "x.md",
        expect=ExitCode.USER_ERROR,
    )
    assert result.stderr.startswith(
        "Error: Question 'position' (from --set) does not accept 'maybe'"
    )
    assert "Accepted: one of: support, oppose, amend" in result.stderr
    assert not list(tmp_path.glob("x*"))


def test_set_without_equals_is_a_usage_error() -> None:
    result = run_cli("draft", "briefing-note", "--set", "subject", expect=ExitCode.USAGE)
    assert "is not KEY=VALUE" in result.stderr


def test_unknown_set_key_suggests_the_right_one(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "briefing-note")
    result = run_cli("draft", "briefing-note", "--answers", answers, "--set", "subjet=x", expect=1)
    assert "Unknown question 'subjet' in --set. Did you mean 'subject'?" in result.stderr


def test_missing_answer_without_terminal_fails_fast_with_the_flag_to_pass() -> None:
    result = run_cli("draft", "briefing-note", expect=1)  # CliRunner's stdin is not a terminal
    assert "Question 'organisation'" in result.stderr and "--set organisation=..." in result.stderr


def test_malformed_answers_file_gives_line_and_column(tmp_path: Path) -> None:
    bad = build_file_tree(tmp_path, {"a.yaml": "subject: ok\nrecipient: [unclosed\n"})["a.yaml"]
    result = run_cli("draft", "briefing-note", "--answers", bad, expect=1)
    assert f"Error: {bad}:3:1: not valid YAML" in result.stderr
    bad_json = build_file_tree(tmp_path, {"a.json": '{"subject": "x",\n "recipient": }'})["a.json"]
    result = run_cli("draft", "briefing-note", "--answers", bad_json, expect=1)
    assert f"{bad_json}:2:15: not valid JSON" in result.stderr


def test_unknown_doctype_lists_the_available_ones() -> None:
    result = run_cli("draft", "briefing-notes", expect=1)
    assert "Document type 'briefing-notes' not found." in result.stderr
    assert "deputation-letter" in result.stderr and "Did you mean 'briefing-note'?" in result.stderr


def test_existing_output_needs_overwrite(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, "briefing-note")
    out = tmp_path / "note.md"
    out.write_text("keep me", encoding="utf-8")
    result = run_cli(
        "draft", "briefing-note", "--answers", answers, "--format", "md", "-o", out, expect=1
    )
    assert "Pass --overwrite to replace it." in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    run_cli(
        "draft", "briefing-note", "--answers", answers, "--format", "md", "-o", out, "--overwrite"
    )
    assert out.read_text(encoding="utf-8").startswith("# Briefing note")


def test_interrupted_prompt_keeps_answers_and_exits_130(tmp_path: Path) -> None:
    # --interactive prompts from piped input; the input ends after two answers.
    result = run_cli(
        "draft",
        "briefing-note",
        "--interactive",
        "-o",
        tmp_path,
        input="Northside\nAmina Yusuf\n",
        expect=130,
    )
    assert "Interrupted." in result.stderr
    saved = tmp_path / "briefing-note.partial.answers.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["answers"] == {"organisation": "Northside", "contact_name": "Amina Yusuf"}
    assert not list(tmp_path.glob("*.docx"))
    assert "Go on with: advocate draft briefing-note --answers" in result.stderr


def test_prompts_reask_after_an_invalid_answer(tmp_path: Path) -> None:
    answers = example_answers("deputation-letter")
    del answers["meeting_date"]
    file = build_file_tree(tmp_path, {"a.yaml": yaml.safe_dump(answers)})["a.yaml"]
    result = run_cli(
        "draft",
        "deputation-letter",
        "--answers",
        file,
        "--interactive",
        "--format",
        "md",
        "-o",
        tmp_path / "d.md",
        input="31/02/2026\n2026-12-03\n",
    )
    assert "does not accept '31/02/2026'" in result.stderr
    assert "December 3, 2026" in (tmp_path / "d.md").read_text(encoding="utf-8")


def test_traceback_flag_shows_the_real_exception(tmp_path: Path) -> None:
    result = run_cli("--traceback", "draft", "nope", expect=1)
    assert result.exception is not None and type(result.exception).__name__ == "NotFoundError"


def test_templates_show_json_lists_every_question() -> None:
    data = json.loads(run_cli("templates", "show", "meeting-agenda", "--json").stdout)
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["meeting_kind"]["choices"] == ["community", "councillor", "coalition"]
    assert by_id["items"]["type"] == "records"
    assert [f["id"] for f in by_id["items"]["fields"]] == ["title", "minutes", "kind", "lead"]
    assert {"id", "type", "required", "choices", "default", "help"} <= set(by_id["start_time"])


def test_templates_list_names_the_built_in_types() -> None:
    data = json.loads(run_cli("templates", "list", "--json").stdout)
    assert {"briefing-note", "deputation-letter", "meeting-agenda"} <= {t["name"] for t in data}


def test_version_matches_package_metadata() -> None:
    from importlib.metadata import version

    assert run_cli("--version").stdout.strip() == f"advocate, version {version('advocate')}"


def test_records_are_asked_entry_by_entry(tmp_path: Path) -> None:
    answers = example_answers("meeting-agenda")
    del answers["items"]
    file = build_file_tree(tmp_path, {"a.yaml": yaml.safe_dump(answers)})["a.yaml"]
    # refuse the default items, then one entry with a bad number first, then Enter ends the list
    typed = "n\nWelcome\nten\n10\nreport\nAmina\n\n"
    result = run_cli(
        "draft",
        "meeting-agenda",
        "--answers",
        file,
        "--interactive",
        "--format",
        "md",
        "-o",
        tmp_path / "a.md",
        input=typed,
    )
    assert (
        "1. Welcome and introductions, 10, report, Amina Yusuf" in result.stderr
    )  # the default, shown
    assert "does not accept 'ten'" in result.stderr
    text = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "| 6:30 p.m. | 1. Welcome | Report | Amina | 10 |" in text
    assert "**Time:** 6:30 p.m. to 6:40 p.m." in text


def test_draft_without_a_type_and_no_terminal_names_the_types() -> None:
    result = run_cli("draft", "--no-input", expect=2)
    assert "Name a document type: " in result.stderr
    assert "briefing-note" in result.stderr and "thank-you-letter" in result.stderr


def test_draft_without_a_type_offers_a_menu(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(example_answers("briefing-note")), encoding="utf-8")
    result = run_cli("draft", "--interactive", "--answers", answers, "--format", "md", "-o",
                     tmp_path / "note.md", input="briefing note\n" + "\n" * 40)  # fmt: skip
    assert "Which document?" in result.stderr
    assert (tmp_path / "note.md").exists()


def test_draft_help_lists_every_type_with_its_title() -> None:
    result = run_cli("draft", "-h")
    assert "Document types" in result.stdout
    # the column is as wide as the longest name, so the gap depends on which types exist
    assert re.search(r"\n  deputation-letter +Deputation letter\n", result.stdout)
    assert re.search(r"\n  meeting-invitation  Meeting invitation\n", result.stdout)


def test_the_first_draft_without_a_profile_suggests_one_once(tmp_path: Path) -> None:
    answers = example_answers("briefing-note")
    typed = {key: answers.pop(key) for key in ("organisation", "contact_name")}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    lines = f"{typed['organisation']}\n{typed['contact_name']}\n" + "\n" * 40
    for name in ("one.md", "two.md"):
        result = run_cli("draft", "briefing-note", "--interactive", "--answers",
                         tmp_path / "a.yaml", "--format", "md", "-o", tmp_path / name,
                         input=lines)  # fmt: skip
        shown = "advocate profile init" in result.stderr
        assert shown == (name == "one.md"), result.stderr
