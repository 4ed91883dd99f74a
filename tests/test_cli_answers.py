"""Answers and output paths that used to be taken silently: each now reads as the user meant."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from advocate.answers import AnswerSource, unknown_answer_warnings
from advocate.sources import answer_sources
from conftest import SHARED_BRIEFING, build_file_tree, example_answers, run_cli


def _tree(tmp_path: Path, files: dict[str, object]) -> dict[str, Path]:
    return build_file_tree(tmp_path, {name: yaml.safe_dump(data) for name, data in files.items()})


def test_unknown_key_in_an_answers_file_is_named_with_the_closest_question(tmp_path: Path) -> None:
    answers = example_answers("briefing-note") | {"subjet": "Housing"}
    files = _tree(tmp_path, {"a.yaml": answers})
    result = run_cli("draft", "briefing-note", "--answers", files["a.yaml"], "-o", tmp_path / "n.md",
                     "--format", "md")  # fmt: skip
    assert result.stderr.startswith(
        f"Warning: {files['a.yaml']}: no question asks 'subjet', so it is not used. "
        "Did you mean 'subject'?\n"
    )
    assert (tmp_path / "n.md").exists()


def test_unknown_key_far_from_every_question_gets_no_suggestion() -> None:
    source = AnswerSource("a.yaml", {"zzz_unrelated": 1, "subject": "x"}, warn_unknown=True)
    assert unknown_answer_warnings([source], ["subject", "purpose"]) == [
        "a.yaml: no question asks 'zzz_unrelated', so it is not used."
    ]


def test_campaign_and_profile_sources_hold_other_answers_without_a_warning() -> None:
    quiet = AnswerSource("c.campaign.yaml", {"playbook_only": 1})
    assert unknown_answer_warnings([quiet], ["subject"]) == []


def test_batch_warns_about_an_unknown_shared_answer(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"shared.yaml": SHARED_BRIEFING | {"recipent": "x"}})
    rows = build_file_tree(tmp_path, {"rows.csv": "name,district_name\nJo Lee,Ward 1\n"})
    result = run_cli("batch", "briefing-note", rows["rows.csv"], "--answers", files["shared.yaml"],
                     "--out", tmp_path / "out", "-q", "--format", "md")  # fmt: skip
    assert "no question asks 'recipent', so it is not used. Did you mean 'recipient'?" in (
        result.stderr
    )


def test_plan_warns_about_an_answer_no_step_or_document_asks(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"a.yaml": {"municipal_contxt": "large-city"}})
    result = run_cli("plan", "open-services", "--answers", files["a.yaml"], "--no-input",
                     "--campaign", tmp_path / "c.campaign.yaml", expect=1)  # fmt: skip
    assert "no question asks 'municipal_contxt'" in result.stderr
    assert "Did you mean 'municipal_context'?" in result.stderr


def test_two_answers_files_are_read_in_order_and_the_later_wins(tmp_path: Path) -> None:
    first = example_answers("briefing-note") | {
        "subject": "From the first",
        "purpose": "A purpose only the first file has",
    }
    files = _tree(tmp_path, {"one.yaml": first, "two.yaml": {"subject": "From the second"}})
    result = run_cli("draft", "briefing-note", "--answers", files["one.yaml"], "--answers",
                     files["two.yaml"], "--preview", "--no-input")  # fmt: skip
    assert "From the second" in result.stdout and "From the first" not in result.stdout
    assert "A purpose only the first file has" in result.stdout


def test_answer_sources_put_set_first_then_the_later_file(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"one.yaml": {"a": 1, "b": 1}, "two.yaml": {"a": 2}})
    sources = answer_sources(
        set_values=["a=3"], answers_files=[files["one.yaml"], files["two.yaml"]]
    )
    assert [source.name for source in sources] == [
        "--set",
        str(files["two.yaml"]),
        str(files["one.yaml"]),
    ]
    assert [source.warn_unknown for source in sources] == [False, True, True]
    assert sources[0].strict and not sources[1].strict


def test_profile_init_reads_every_answers_file(tmp_path: Path, isolated_home: Path) -> None:
    files = _tree(tmp_path, {"one.yaml": {"name": "Northside", "email": "a@north.example.org"},
                             "two.yaml": {"name": "Northside Newcomer Centre"}})  # fmt: skip
    run_cli("profile", "init", "--answers", files["one.yaml"], "--answers", files["two.yaml"],
            "--no-input")  # fmt: skip
    shown = json.loads(run_cli("profile", "show", "--json").stdout)["profile"]
    assert shown["organisation"] == "Northside Newcomer Centre"
    assert shown["contact_email"] == "a@north.example.org"


def test_output_to_a_missing_folder_makes_the_folder(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"a.yaml": example_answers("briefing-note")})
    target = f"{tmp_path / 'letters'}/"
    result = run_cli("draft", "briefing-note", "--answers", files["a.yaml"], "-o", target,
                     "--format", "md")  # fmt: skip
    written = Path(result.stdout.strip())
    assert written.parent == tmp_path / "letters" and written.suffix == ".md"
    assert (tmp_path / "letters").is_dir() and written.is_file()


def test_output_to_a_file_name_is_still_a_file(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"a.yaml": example_answers("briefing-note")})
    run_cli("draft", "briefing-note", "--answers", files["a.yaml"], "-o", tmp_path / "x.md",
            "--format", "md")  # fmt: skip
    assert (tmp_path / "x.md").is_file()
