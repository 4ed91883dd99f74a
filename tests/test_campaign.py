"""Campaign files: round trips, damaged files, migration from older playbook versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocate.answers import load_answers_file
from advocate.errors import CampaignError
from advocate.planning.campaign import (
    PlaybookRef,
    load_campaign,
    new_campaign,
    save_campaign,
)
from advocate.planning.migration import migrate_campaign
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.progress import open_campaign
from advocate.planning.walk import known_question_ids
from plan_support import mini_playbook

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def _playbook(version: int = 1) -> object:
    text = mini_playbook().replace("version: 1", f"version: {version}")
    return parse_playbook(text, "tiny-plan.yaml")


def _saved(tmp_path: Path) -> Path:
    campaign = new_campaign(tmp_path / "c.campaign.yaml", [_playbook()], now=NOW,  # type: ignore[list-item]
                            settings={"municipal_context": "large-city",
                                      "target_date": dt.date(2027, 1, 12)})  # fmt: skip
    campaign.answers = {"committee": "Housing", "ask": "Fund *interpreters*\n\nNow.", "n": [1, 2]}
    campaign.set_status("tiny-plan", "first", "done", now=NOW)
    save_campaign(campaign, now=NOW)
    return campaign.path


def test_round_trip(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    loaded = load_campaign(path)
    assert loaded.playbooks == [PlaybookRef("tiny-plan", 1)]
    assert loaded.municipal_context == "large-city"
    assert loaded.target_date == dt.date(2027, 1, 12)
    assert loaded.answers["ask"] == "Fund *interpreters*\n\nNow."
    assert loaded.step_state("tiny-plan", "first").status == "done"
    assert loaded.updated == "2026-11-20T09:30:00+00:00"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# An advocate campaign")
    assert "advocate plan --resume --campaign c.campaign.yaml" in text


def test_answers_are_readable_by_draft(tmp_path: Path) -> None:
    assert load_answers_file(_saved(tmp_path))["committee"] == "Housing"


DAMAGE = [
    ("answers:\n", "answers: [\n", "not valid YAML"),
    ("municipal_context: large-city", "municipal_context: metropolis", "'municipal_context'"),
    ("target_date: '2027-01-12'", "target_date: next week", "'target_date'"),
    ("      status: done", "      status: finished", "status must be one of"),
    (
        "format: 1",
        "format: 1\ncolour: red",
        "unknown key 'colour' in a campaign file. Accepted keys: ",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), DAMAGE)
def test_damaged_file_is_reported_with_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _saved(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CampaignError) as caught:
        load_campaign(path)
    assert message in str(caught.value)
    assert caught.value.line is not None
    assert str(caught.value).startswith(f"{path}:{caught.value.line}")


def test_not_a_campaign(tmp_path: Path) -> None:
    path = tmp_path / "x.campaign.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CampaignError, match="holds a mapping"):
        load_campaign(path)
    path.write_text("answers: {}\n", encoding="utf-8")
    with pytest.raises(CampaignError, match="not a campaign file"):
        load_campaign(path)


def test_damaged_file_is_never_overwritten(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    broken = path.read_text(encoding="utf-8").replace("answers:\n", "answers: [\n")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CampaignError):
        open_campaign([], path, resume=True, now=NOW, folder=tmp_path)
    assert path.read_text(encoding="utf-8") == broken


def test_new_campaign_refuses_an_existing_file(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    before = path.read_bytes()
    with pytest.raises(CampaignError, match="--resume"):
        open_campaign([str(_write_playbook(tmp_path))], path, resume=False, now=NOW,
                      folder=tmp_path)  # fmt: skip
    assert path.read_bytes() == before


def _write_playbook(tmp_path: Path, version: int = 1) -> Path:
    path = tmp_path / "books" / "tiny-plan.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(mini_playbook().replace("version: 1", f"version: {version}"), encoding="utf-8")
    return path


def test_migration_keeps_a_backup_and_reports_unknown_answers(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    before = path.read_text(encoding="utf-8")
    playbook = _playbook(version=2)
    campaign = load_campaign(path)
    migration = migrate_campaign(campaign, [playbook], known_question_ids([playbook]))  # type: ignore[list-item]
    assert migration.upgraded == (("tiny-plan", 1, 2),)
    assert migration.backup == path.with_name("c.campaign.yaml.bak")
    assert migration.backup.read_text(encoding="utf-8") == before
    assert migration.unknown_answers == ("n",)
    assert campaign.playbooks == [PlaybookRef("tiny-plan", 2)]
    assert campaign.answers["n"] == [1, 2]  # kept


def test_resume_migrates_through_open_campaign(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    books = _write_playbook(tmp_path, version=3).parent
    opened = open_campaign([], path, resume=True, now=NOW, folder=tmp_path, playbook_dirs=[books])
    assert opened.migration.upgraded == (("tiny-plan", 1, 3),)
    assert load_campaign(path).playbooks == [PlaybookRef("tiny-plan", 3)]
    assert path.with_name(path.name + ".bak").exists()


def test_resume_refuses_another_playbook(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    with pytest.raises(CampaignError, match="follows tiny-plan"):
        open_campaign(["recognise-role"], path, resume=True, now=NOW, folder=tmp_path,
                      playbook_dirs=[_write_playbook(tmp_path).parent])  # fmt: skip


def test_resume_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="no such campaign file"):
        open_campaign([], tmp_path / "none.campaign.yaml", resume=True, now=NOW, folder=tmp_path)


def test_unknown_status_is_refused(tmp_path: Path) -> None:
    campaign = load_campaign(_saved(tmp_path))
    with pytest.raises(CampaignError, match="Use one of: todo, done, skipped"):
        campaign.set_status("tiny-plan", "first", "finished", now=NOW)
