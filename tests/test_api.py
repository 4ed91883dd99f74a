"""advocate.draft as a script uses it: precedence of sources, validation, output safety."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import advocate
from advocate.answers import AnswerSource
from advocate.errors import (
    InvalidAnswerError,
    MissingAnswerError,
    OutputExistsError,
    UnknownAnswerError,
)
from advocate.prompting import ScriptedPrompter
from conftest import NOW, example_answers


def test_draft_markdown_from_example_answers(tmp_path: Path) -> None:
    result = advocate.draft(
        "deputation-letter",
        example_answers("deputation-letter"),
        out_dir=tmp_path,
        fmt="md",
        now=NOW,
    )
    assert (
        result.output
        == tmp_path / "deputation-economic-and-community-development-committee-2026-12-03.md"
    )
    text = result.output.read_text(encoding="utf-8")
    assert text == result.text
    assert "# Deputation: Access to City Services for All Residents" in text
    assert "Thursday, December 3, 2026" in text
    assert [f.action for f in result.files] == ["create", "create"]


def test_answers_file_reproduces_the_same_text(tmp_path: Path) -> None:
    first = advocate.draft(
        "briefing-note", example_answers("briefing-note"), out_dir=tmp_path, fmt="md"
    )
    saved = first.output.with_name(first.output.stem + ".answers.yaml")
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["doctype"] == "briefing-note"
    again = advocate.draft(
        "briefing-note",
        sources=[AnswerSource(str(saved), advocate.load_answers_file(saved))],
        output=tmp_path / "again.md",
        fmt="md",
    )
    assert again.text == first.text


def test_precedence_first_source_wins(tmp_path: Path) -> None:
    answers = example_answers("meeting-agenda")
    result = advocate.draft(
        "meeting-agenda",
        sources=[
            AnswerSource("--set", {"meeting_title": "From set"}),
            AnswerSource("file", {**answers, "meeting_title": "From file"}),
        ],
        dry_run=True,
        out_dir=tmp_path,
    )
    assert "# From set" in result.text
    assert not list(tmp_path.iterdir())  # a dry run writes nothing


def test_agenda_start_times_follow_durations() -> None:
    answers = example_answers("meeting-agenda") | {"start_time": "9:00 am"}
    result = advocate.draft("meeting-agenda", answers, dry_run=True)
    times = [
        line.split("|")[1].strip()
        for line in result.text.splitlines()
        if line.startswith("| ") and "a.m." in line
    ]
    assert times == ["9:00 a.m.", "9:10 a.m.", "9:25 a.m.", "9:40 a.m.", "10:10 a.m."]
    assert "**Time:** 9:00 a.m. to 10:20 a.m." in result.text


@pytest.mark.parametrize(
    ("kind", "title"),
    [("councillor", "Meeting with Councillor Lee"), ("coalition", "Coalition meeting")],
)
def test_agenda_kinds_have_their_own_default_items(kind: str, title: str) -> None:
    answers = example_answers("meeting-agenda") | {
        "meeting_kind": kind,
        "councillor_name": "Councillor Lee",
    }
    del answers["items"]
    result = advocate.draft("meeting-agenda", answers, dry_run=True)
    assert title in result.text
    if kind == "councillor":
        assert "Our ask" in result.text and "How can we help you?" in result.text
    else:
        assert "Agree the joint position" in result.text


def test_invalid_value_names_question_value_source_and_accepted() -> None:
    answers = example_answers("deputation-letter")
    with pytest.raises(InvalidAnswerError) as info:
        advocate.draft(
            "deputation-letter",
            sources=[AnswerSource("answers.yaml", answers | {"meeting_date": "31/02/2026"})],
            dry_run=True,
        )
    message = str(info.value)
    assert "'meeting_date'" in message and "answers.yaml" in message and "31/02/2026" in message
    assert "Accepted: a date such as 2026-12-03" in message


def test_missing_required_answer_without_prompting() -> None:
    answers = example_answers("briefing-note")
    del answers["subject"]
    with pytest.raises(MissingAnswerError, match="--set subject="):
        advocate.draft("briefing-note", answers, dry_run=True)


def test_unknown_answer_in_explicit_answers_is_refused() -> None:
    with pytest.raises(UnknownAnswerError, match="Did you mean 'subject'"):
        advocate.draft("briefing-note", {"subjcet": "x"}, dry_run=True)


def test_prompter_is_asked_only_what_is_missing() -> None:
    answers = example_answers("briefing-note")
    del answers["recipient"]
    prompter = ScriptedPrompter({"recipient": "Mayor Olivia Chow"})
    result = advocate.draft("briefing-note", answers, prompter=prompter, dry_run=True)
    assert prompter.asked == ["recipient", "legal"]  # the missing required one, and an optional one
    assert "**To:** Mayor Olivia Chow" in result.text


def test_when_conditions_skip_questions() -> None:
    answers = example_answers("deputation-letter") | {"request_to_speak": "no"}
    for key in ("speaker_name", "speaking_minutes", "interpretation_language"):
        answers.pop(key)
    result = advocate.draft("deputation-letter", answers, dry_run=True)
    assert "Request to speak" not in result.text
    assert result.answers["request_to_speak"] is False


def test_default_may_use_earlier_answers() -> None:
    answers = example_answers("deputation-letter")
    del answers["speaker_name"]
    result = advocate.draft("deputation-letter", answers, dry_run=True)
    assert result.answers["speaker_name"] == "Amina Yusuf"


def test_existing_file_is_never_replaced_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="--overwrite"):
        advocate.draft("briefing-note", example_answers("briefing-note"), output=target, fmt="md")
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]
    result = advocate.draft(
        "briefing-note", example_answers("briefing-note"), output=target, fmt="md", overwrite=True
    )
    assert result.files[0].action == "overwrite"


def test_failed_validation_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidAnswerError):
        advocate.draft(
            "briefing-note",
            example_answers("briefing-note") | {"decision_type": "vibes"},
            out_dir=tmp_path,
        )
    assert not list(tmp_path.iterdir())


def test_french_locale_writes_french_dates() -> None:
    answers = example_answers("deputation-letter") | {
        "locale": "fr-CA",
        "meeting_date": "2026-12-01",
    }
    result = advocate.draft("deputation-letter", answers, dry_run=True)
    assert "20 novembre 2026" in result.text
    assert "mardi 1er décembre 2026" in result.text


def test_hostile_answers_stay_literal_in_markdown() -> None:
    answers = example_answers("briefing-note") | {"subject": "# {{ 7*7 }} <b>x</b> | [a](b)"}
    result = advocate.draft("briefing-note", answers, dry_run=True)
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": False}).render(result.text)
    assert "<h1>Briefing note: # {{ 7*7 }} &lt;b&gt;x&lt;/b&gt; | [a](b)</h1>" in html


def test_today_default_uses_now() -> None:
    answers = example_answers("briefing-note")
    del answers["document_date"]
    result = advocate.draft(
        "briefing-note", answers, dry_run=True, now=dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
    )
    assert result.answers["document_date"] == dt.date(2027, 1, 5)
