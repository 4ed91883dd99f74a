"""Playbook schema, validation errors, discovery and the playbooks/examples commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocate.errors import DataFileError, DefinitionError, NotFoundError
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.playbooks import (
    list_playbooks,
    load_playbook_file,
    playbook_ids,
    resolve_playbook,
    user_playbook_dirs,
)
from advocate.resources import data_dir
from conftest import build_file_tree, run_cli
from plan_support import line_of, mini_playbook, sample_answers

BUILT_IN = playbook_ids()


def test_the_built_in_playbooks_are_there() -> None:
    assert "recognise-role" in BUILT_IN
    assert "examples" not in BUILT_IN


@pytest.mark.parametrize("playbook_id", BUILT_IN)
def test_every_built_in_playbook_validates(playbook_id: str) -> None:
    playbook = resolve_playbook(playbook_id)
    assert playbook.id == playbook_id
    assert 4 <= len(playbook.steps) <= 8
    assert playbook.basis.phrase and playbook.basis.source
    assert playbook.examples, "each playbook cites the examples library"
    sample_answers(playbook)  # every question can be answered from its example or type


def test_built_in_numbers_are_unique() -> None:
    numbers = [playbook.number for playbook in list_playbooks()]
    assert len(numbers) == len(set(numbers))


def test_a_small_playbook_parses(tmp_path: Path) -> None:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    assert [step.id for step in playbook.steps] == ["first", "second", "third", "fourth"]
    assert playbook.steps[0].lead_days == 42
    assert playbook.steps[2].documents == ("deputation-letter",)
    assert playbook.fits.min_weeks == 4


BROKEN = [
    ("title: A tiny playbook", "title: A tiny playbook\ncolour: blue", "colour", "unknown key"),
    ("number: 5", "number: 11", "number", "from 1 to 10"),
    ("version: 1", "version: one", "version", "whole number"),
    ("id: second", "id: first", "id", "duplicate step id"),
    ("      - id: ally", "      - id: committee", "id", "duplicate question id 'committee'"),
    ('when: "wants_letter"', 'when: "wants_lettre"', "when", "unknown question(s) wants_lettre"),
    ('when: "wants_letter"', 'when: "ask"', "when", "unknown question(s) ask"),
    ("documents: [briefing-note]", "documents: [press-release]", "documents", "press-release"),
    ("examples: [toronto-access-without-fear]", "examples: [atlantis]", "examples", "atlantis"),
    ("  goals: [services]", "  goals: [housing]", "goals", "unknown goals 'housing'"),
    ("  strategy: any", "  strategy: maybe", "strategy", "'strategy' must be one of"),
    ("    lead_days: 42", "    lead_days: soon", "lead_days", "whole number"),
    ("type: yes_no", "type: boolean", "type", "unknown question type 'boolean'"),
    ("guidance: Follow up.", "guidance: [Follow, up]", "guidance", "must be text"),
]


@pytest.mark.parametrize(("old", "new", "key", "message"), BROKEN)
def test_schema_errors_name_file_line_and_key(old: str, new: str, key: str, message: str) -> None:
    original = mini_playbook()
    text = original.replace(old, new, 1)
    assert text != original
    with pytest.raises(DefinitionError) as caught:
        parse_playbook(text, "tiny-plan.yaml")
    err = caught.value
    assert message in str(err)
    assert err.key == key
    assert str(err.path) == "tiny-plan.yaml"
    assert err.line == original.count("\n", 0, original.index(old)) + 1 + new.count("\n")


def test_id_must_match_the_file_name() -> None:
    with pytest.raises(DefinitionError, match="must match the file name 'other'"):
        parse_playbook(mini_playbook(), "other.yaml")


def test_too_few_steps() -> None:
    text = mini_playbook()
    text = text[: text.index("  - id: fourth")]
    text = text[: text.index("  - id: third")]
    with pytest.raises(DefinitionError, match="4 to 8 steps"):
        parse_playbook(text, "tiny-plan.yaml")


def test_yaml_syntax_error_has_line_and_column() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_playbook(mini_playbook() + "  - id: [unclosed\n", "tiny-plan.yaml")
    assert caught.value.line is not None
    assert caught.value.column is not None


def test_a_question_when_may_use_earlier_questions_of_its_step() -> None:
    text = mini_playbook().replace(
        "        required: false", "        required: false\n        when: committee"
    )
    assert parse_playbook(text, "tiny-plan.yaml").steps[1].questions[0].when == "committee"


def test_user_playbook_replaces_built_in_and_path_refs_load(tmp_path: Path) -> None:
    built_in = BUILT_IN[0]
    files = build_file_tree(tmp_path, {f"mine/{built_in}.yaml": mini_playbook(built_in),
                                       "tiny-plan.yaml": mini_playbook()})  # fmt: skip
    replaced = resolve_playbook(built_in, [tmp_path / "mine"])
    assert replaced.title == "A tiny playbook"
    assert replaced.replaces_builtin
    assert replaced.origin == str(tmp_path / "mine")
    assert resolve_playbook(str(files["tiny-plan.yaml"])).id == "tiny-plan"
    assert load_playbook_file(files["tiny-plan.yaml"]).origin == str(tmp_path)


def test_config_folder_playbooks_are_found(isolated_home: Path) -> None:
    config = user_playbook_dirs()[-1]
    build_file_tree(config, {"tiny-plan.yaml": mini_playbook()})
    assert "tiny-plan" in playbook_ids(user_playbook_dirs())


def test_unknown_playbook_lists_the_available_ones() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve_playbook("open-service")
    assert "Available:" in str(caught.value)
    assert BUILT_IN[0] in str(caught.value)


# --- commands ------------------------------------------------------------------------------


def test_playbooks_list_shows_origin(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {f"{BUILT_IN[0]}.yaml": mini_playbook(BUILT_IN[0])})
    result = run_cli("playbooks", "list", "--playbooks", tmp_path, "--json")
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(BUILT_IN)
    assert rows[BUILT_IN[0]]["origin"].endswith("(replaces built-in)")
    assert rows[BUILT_IN[-1]]["origin"] == "built-in"
    table = run_cli("playbooks", "list").stdout
    assert "steps" in table


def test_playbooks_show_json_and_text() -> None:
    described = json.loads(run_cli("playbooks", "show", BUILT_IN[0], "--json").stdout)
    assert described["id"] == BUILT_IN[0]
    assert described["steps"][0]["guidance"]
    assert described["examples"][0]["source"].startswith("http")
    text = run_cli("playbooks", "show", BUILT_IN[0]).stdout
    assert "Step 1" in text
    assert "Pitfalls" in text


def test_playbooks_validate_reports_each_file(tmp_path: Path) -> None:
    good = mini_playbook()
    bad = good.replace("documents: [briefing-note]", "documents: [press-release]")
    files = build_file_tree(tmp_path, {"tiny-plan.yaml": good, "b/tiny-plan.yaml": bad})
    result = run_cli("playbooks", "validate", files["tiny-plan.yaml"], files["b/tiny-plan.yaml"],
                     expect=1)  # fmt: skip
    assert f"ok {files['tiny-plan.yaml']}" in result.stdout
    line = line_of(bad, "press-release")
    assert f"{files['b/tiny-plan.yaml']}:{line} [documents]: unknown document type" in result.stderr


def test_playbooks_validate_all_packaged_files() -> None:
    folder = Path(str(data_dir("playbooks")))
    files = sorted(folder.glob("*.yaml"))
    result = run_cli("playbooks", "validate", *files)
    assert result.stdout.count("ok ") == len(files)


def test_examples_command_filters_and_json() -> None:
    found = json.loads(run_cli("examples", "--recommendation", "open-services", "--json").stdout)
    assert found
    assert all("open-services" in example["recommendations"] for example in found)
    assert all(example["source"].startswith("http") for example in found)
    searched = json.loads(run_cli("examples", "--search", "toronto", "--json").stdout)
    assert [example["city"] for example in searched] == ["Toronto"]
    assert "Access Without Fear" in run_cli("examples", "--search", "toronto").stdout
