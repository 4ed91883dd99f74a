"""Starter answers files and batch headers (templates answers), and the full question schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from advocate.planning.playbooks import playbook_ids
from advocate.templates import load_template
from conftest import run_cli

DOCTYPES = ["briefing-note", "deputation-letter", "meeting-agenda", "thank-you-letter",
            "motion", "minister-letter", "sign-on-letter", "budget-submission",
            "meeting-invitation", "intake-tally", "story-consent", "community-survey",
            "speaking-script"]  # fmt: skip


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_a_starter_file_drafts_as_it_is(doctype: str, tmp_path: Path) -> None:
    starter = run_cli("templates", "answers", doctype).stdout
    template = load_template(doctype)
    for question in template.questions:
        assert f"# {question.label} (" in starter
        set_line = f"\n{question.id}:" in starter
        commented = f"\n# {question.id}:" in starter
        assert set_line == question.required
        assert commented == (not question.required)
    answers = tmp_path / "answers.yaml"
    answers.write_text(starter, encoding="utf-8")
    assert isinstance(yaml.safe_load(starter), dict)
    out = tmp_path / "doc.md"
    run_cli("draft", doctype, "--answers", answers, "--no-input", "--format", "md", "-o", out)
    assert out.read_text(encoding="utf-8")


def test_choices_and_help_are_in_the_comments() -> None:
    starter = run_cli("templates", "answers", "briefing-note").stdout
    assert "#   decision: For decision" in starter
    assert "# A councillor, a committee's members" in starter


@pytest.mark.parametrize("playbook_id", playbook_ids())
def test_a_playbook_starter_file_walks_the_plan(playbook_id: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(run_cli("templates", "answers", playbook_id).stdout, encoding="utf-8")
    run_cli("plan", playbook_id, "--answers", answers, "--no-input",
            "--campaign", tmp_path / "c.campaign.yaml")  # fmt: skip


def test_header_is_a_csv_row_of_question_ids() -> None:
    header = run_cli("templates", "answers", "deputation-letter", "--header").stdout
    (row,) = list(csv.reader(io.StringIO(header)))
    assert row == [question.id for question in load_template("deputation-letter").questions]


def test_an_unknown_name_lists_the_document_types() -> None:
    result = run_cli("templates", "answers", "brefing-note", expect=1)
    assert "Did you mean 'briefing-note'?" in result.stderr


def test_playbooks_show_json_carries_the_question_schema() -> None:
    described = json.loads(run_cli("playbooks", "show", "open-services", "--json").stdout)
    questions = {q["id"]: q for step in described["steps"] for q in step["questions"]}
    assert "libraries" in questions["services_with_barriers"]["choices"]
    assert questions["services_with_barriers"]["rules"]
    assert [field["id"] for field in questions["options"]["fields"]] == ["title", "pros", "cons"]
