"""``advocate plan`` and ``advocate plan status`` through the CLI: scripted, no terminal."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from advocate.cli.console import Output
from advocate.cli.plan_views import print_ranking
from advocate.locales import format_date
from advocate.planning.models import CONTEXTS
from advocate.planning.playbooks import list_playbooks, playbook_ids, resolve_playbook
from advocate.planning.triage import pick_question, rank_playbooks
from advocate.templates import load_template
from conftest import build_file_tree, run_cli
from plan_support import mini_playbook, sample_answers


def _answers_file(tmp_path: Path, playbook_id: str) -> Path:
    answers = sample_answers(resolve_playbook(playbook_id))
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("playbook_id", playbook_ids())
def test_scripted_plan_for_every_playbook_and_context(
    tmp_path: Path, playbook_id: str, context: str
) -> None:
    campaign = tmp_path / "c.campaign.yaml"
    export = tmp_path / "plan.md"
    result = run_cli(
        "plan", playbook_id, "--campaign", campaign, "--answers", _answers_file(tmp_path, playbook_id),
        "--no-input", "--context", context, "--target-date", "2027-03-01", "--export", export,
    )  # fmt: skip
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["municipal_context"] == context
    assert saved["playbooks"] == [{"id": playbook_id, "version": saved["playbooks"][0]["version"]}]
    assert saved["answers"]
    assert "Action plan" in result.stdout
    checklist = export.read_text(encoding="utf-8")
    assert checklist.startswith("# Action plan:")
    assert "## \u2610 1." in checklist
    assert f"create {export}" in result.stderr
    assert "Suggested document" in result.stderr or "documents" not in checklist.casefold()


def test_draft_reads_a_campaign_file(tmp_path: Path) -> None:
    playbook_id = "open-services" if "open-services" in playbook_ids() else playbook_ids()[0]
    campaign = tmp_path / "c.campaign.yaml"
    run_cli("plan", playbook_id, "--campaign", campaign, "--no-input", "--context", "large-city",
            "--answers", _answers_file(tmp_path, playbook_id))  # fmt: skip
    answers = yaml.safe_load(campaign.read_text(encoding="utf-8"))["answers"]
    doctype = "briefing-note"
    template = load_template(doctype)
    missing = {k: v for k, v in template.example_answers.items() if k not in answers}
    extra = tmp_path / "extra.yaml"
    extra.write_text(yaml.safe_dump(missing), encoding="utf-8")
    out = tmp_path / "note.docx"
    run_cli("draft", doctype, "--campaign", campaign, "--answers", extra, "--no-input", "-o", out)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    shared = [q.id for q in template.questions if isinstance(answers.get(q.id), str)]
    assert shared
    assert any(answers[key].split()[0] in text for key in shared)


def test_missing_answer_names_the_question_and_flag(tmp_path: Path) -> None:
    result = run_cli("plan", playbook_ids()[0], "--campaign", tmp_path / "c.campaign.yaml",
                     "--no-input", "--context", "large-city", expect=1)  # fmt: skip
    assert "Error: Question '" in result.stderr
    assert "--set " in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_context_fails_without_input(tmp_path: Path) -> None:
    result = run_cli("plan", playbook_ids()[0], "--campaign", tmp_path / "c.campaign.yaml",
                     "--no-input", expect=1)  # fmt: skip
    assert "Question 'municipal_context'" in result.stderr


def test_unknown_set_key_is_refused(tmp_path: Path) -> None:
    result = run_cli("plan", playbook_ids()[0], "--campaign", tmp_path / "c.campaign.yaml",
                     "--no-input", "--set", "comittee=x", expect=1)  # fmt: skip
    assert "Unknown question 'comittee'" in result.stderr


def _tiny(tmp_path: Path) -> Path:
    return build_file_tree(tmp_path, {"books/tiny-plan.yaml": mini_playbook()})[
        "books/tiny-plan.yaml"
    ]


def test_second_sitting_with_resume_and_status(tmp_path: Path) -> None:
    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    common = ["--campaign", campaign, "--playbooks", books]
    first = run_cli("plan", "tiny-plan", *common, "--no-input", "--context", "large-city",
                    "--target-date", "2027-01-20", "--set", "committee=Housing",
                    "--set", "wants_letter=yes", expect=1)  # fmt: skip
    assert "Question 'meeting_date'" in first.stderr
    again = run_cli("plan", "tiny-plan", *common, "--no-input", expect=1)
    assert "--resume" in again.stderr
    run_cli("plan", "--resume", *common, "--no-input", "--set", "meeting_date=2027-01-20",
            "--set", "ask=Fund interpreters.")  # fmt: skip
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["answers"]["committee"] == "Housing"
    assert saved["answers"]["ask"] == "Fund interpreters."
    status = run_cli("plan", "status", *common, "--done", "first", "--skip", "second", "--json")
    plan = json.loads(status.stdout)
    # the third step's questions are all answered: 'answered', not yet 'done'
    assert [step["status"] for step in plan["steps"]] == ["done", "skipped", "answered", "todo"]
    assert plan["steps"][2]["due"] == "2027-01-13"
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["steps"]["tiny-plan"]["first"]["status"] == "done"


def test_status_of_unknown_step(tmp_path: Path) -> None:
    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    run_cli("plan", "tiny-plan", "--campaign", campaign, "--playbooks", books, "--no-input",
            "--context", "small-town-rural", "--set", "committee=Council",
            "--set", "wants_letter=no")  # fmt: skip
    result = run_cli("plan", "status", "--campaign", campaign, "--playbooks", books,
                     "--done", "frist", expect=1)  # fmt: skip
    assert "Step 'frist' not found" in result.stderr
    assert "Did you mean 'first'?" in result.stderr


def test_status_export_docx(tmp_path: Path) -> None:
    import docx

    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    run_cli("plan", "tiny-plan", "--campaign", campaign, "--playbooks", books, "--no-input",
            "--context", "large-city", "--target-date", "2027-01-20",
            "--set", "committee=Council", "--set", "wants_letter=no")  # fmt: skip
    out = tmp_path / "plan.docx"
    run_cli("plan", "status", "--campaign", campaign, "--playbooks", books, "--export", out)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(text.startswith("Action plan") for text in texts)
    assert any("First step" in text for text in texts)
    again = run_cli("plan", "status", "--campaign", campaign, "--playbooks", books, "--export",
                    out, expect=1)  # fmt: skip
    assert "--overwrite" in again.stderr


def test_damaged_campaign_is_a_clear_error(tmp_path: Path) -> None:
    campaign = tmp_path / "bad.campaign.yaml"
    campaign.write_text("playbooks:\n  - id: x\n    version: [\n", encoding="utf-8")
    result = run_cli("plan", "--resume", "--campaign", campaign, expect=1)
    assert result.stderr.startswith(f"Error: {campaign}:")
    assert "Traceback" not in result.stderr
    assert campaign.read_text(encoding="utf-8").endswith("version: [\n")


def test_triage_without_a_terminal_picks_the_best_fit(tmp_path: Path) -> None:
    result = run_cli("plan", "--no-input", "--set", "goal=role", "--set",
                     "municipal_context=large-city", "--set", "weeks=12",
                     "--campaign", tmp_path / "c.campaign.yaml", expect=1)  # fmt: skip
    assert "Playbooks that fit" in result.stderr
    assert "Made for your goal" in result.stderr
    saved = yaml.safe_load((tmp_path / "c.campaign.yaml").read_text(encoding="utf-8"))
    assert "role" in resolve_playbook(saved["playbooks"][0]["id"]).fits.goals
    # rough weeks are an estimate: kept apart from the target date that documents may use
    assert saved["target_date"] is None
    assert saved["estimated_target_date"] is not None


def test_interactive_walk_with_typed_answers(tmp_path: Path) -> None:
    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    typed = "\n".join(["1", "2027-01-20", "n", "Housing Committee", "n", "n", "", "n"]) + "\n"
    result = run_cli("plan", "tiny-plan", "--campaign", campaign, "--playbooks", books,
                     "--interactive", input=typed)  # fmt: skip
    assert "Step 1 of 3" in result.stderr
    assert "Do the first thing." in result.stderr
    assert "Draft the briefing-note now?" in result.stderr
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["municipal_context"] == "large-city"
    assert saved["answers"]["committee"] == "Housing Committee"


def test_plan_help_lists_status() -> None:
    result = run_cli("plan", "--help")
    assert "status" in result.stdout
    assert "--resume" in result.stdout
    assert "--export" in run_cli("plan", "status", "--help").stdout


def test_draft_on_the_spot_uses_the_campaign_answers(tmp_path: Path) -> None:
    import docx

    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    rest = {key: value for key, value in load_template("briefing-note").example_answers.items()
            if key != "committee"}  # fmt: skip
    rest["recommendation"] = "Refer the request to the Housing Committee."
    rest["legal"] = "No new powers are needed."
    extra = tmp_path / "rest.yaml"
    extra.write_text(yaml.safe_dump(rest), encoding="utf-8")
    typed = ["1", "2027-01-20", "n", "Housing Committee", "y", "y", "", "2027-01-20", "Fund it.",
             "", "n"]  # fmt: skip
    result = run_cli("plan", "tiny-plan", "--campaign", campaign, "--playbooks", books,
                     "--answers", extra, "--interactive", input="\n".join(typed) + "\n")  # fmt: skip
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    (document,) = saved["documents"]
    assert document["doctype"] == "briefing-note"
    assert document["step"] == "first"
    assert Path(document["path"]).parent == tmp_path
    assert document["drafted"] >= saved["created"]  # when it was drafted, not before the walk
    texts = "\n".join(p.text for p in docx.Document(document["path"]).paragraphs)
    assert "Housing Committee" in texts
    assert saved["answers"]["organisation"] == rest["organisation"]
    assert "Draft the deputation-letter now?" in result.stderr
    assert result.stderr.count("'advocate profile init' saves") == 1  # without a profile, once


def test_status_marks_by_number_and_never_cuts_an_id(tmp_path: Path) -> None:
    books = _tiny(tmp_path).parent
    campaign = tmp_path / "t.campaign.yaml"
    run_cli("plan", "tiny-plan", "--campaign", campaign, "--playbooks", books, "--no-input",
            "--context", "small-town-rural", "--set", "committee=Council",
            "--set", "wants_letter=no")  # fmt: skip
    result = run_cli("plan", "status", "--campaign", campaign, "--playbooks", books,
                     "--done", "1", "--skip", "2")  # fmt: skip
    assert "done first (tiny-plan)" in result.stderr
    assert "skipped fourth (tiny-plan)" in result.stderr  # number 2 of the steps that apply
    narrow = run_cli("plan", "status", "--campaign", campaign, "--playbooks", books,
                     env={"COLUMNS": "40"})  # fmt: skip
    ids = [line.split("│")[3].strip() for line in narrow.stdout.splitlines() if "│" in line]
    assert [step_id for step_id in ids if step_id] == ["first", "fourth"]


def test_the_step_panel_flags_a_past_due_step_in_the_locales_format(tmp_path: Path) -> None:
    books = _tiny(tmp_path).parent
    target = dt.date.today() + dt.timedelta(days=30)  # the first step was due 12 days ago
    due = target - dt.timedelta(days=42)
    result = run_cli("plan", "tiny-plan", "--campaign", tmp_path / "t.campaign.yaml",
                     "--playbooks", books, "--interactive", "--context", "small-town-rural",
                     "--target-date", target.isoformat(), "--set", "wants_letter=no",
                     "--set", "committee=Council", input="n\n" * 4)  # fmt: skip
    assert f"Due: {format_date(due, 'en-CA')} (past due)" in result.stderr
    assert "Decision date: " + format_date(target, "en-CA") in result.stdout


def test_status_json_keeps_an_estimate_apart_from_the_target_date(tmp_path: Path) -> None:
    campaign = tmp_path / "c.campaign.yaml"
    run_cli("plan", "--no-input", "--set", "goal=services", "--set",
            "municipal_context=large-city", "--set", "weeks=6",
            "--campaign", campaign, expect=1)  # fmt: skip
    plan = json.loads(run_cli("plan", "status", "--campaign", campaign, "--json").stdout)
    assert plan["target_date"] is None
    assert plan["estimated_target_date"] is not None
    dated = [step for step in plan["steps"] if step["due"]]
    assert dated
    assert all(step["due_estimated"] for step in dated)
    shown = run_cli("plan", "status", "--campaign", campaign)
    assert "(estimated" in shown.stdout
    assert "Estimated decision date:" in shown.stdout


def test_the_triage_ranking_fits_80_columns_and_the_pick_does_not_repeat_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    answers = {"goal": "services", "municipal_context": "small-town-rural", "weeks": 6}
    ranked = rank_playbooks(list_playbooks([]), answers)
    stream = io.StringIO()
    with contextlib.redirect_stderr(stream):
        print_ranking(Output(no_color=True), ranked)
    lines = stream.getvalue().splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "1. Open city services to every resident (open-services)" in lines[2]
    assert "small-town or rural setting" in stream.getvalue()
    assert pick_question(ranked).list_choices is False
