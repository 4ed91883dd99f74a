"""Triage, walking steps, due dates, action plans and drafting from a campaign (core, no CLI)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest

from advocate.answers import AnswerSource
from advocate.errors import MissingAnswerError
from advocate.planning.action_plan import action_plan, export_plan, plan_markdown
from advocate.planning.campaign import load_campaign
from advocate.planning.drafting import draft_from_campaign
from advocate.planning.models import CONTEXTS, Playbook
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.playbooks import list_playbooks, playbook_ids
from advocate.planning.progress import open_campaign, set_step_status
from advocate.planning.triage import rank_playbooks
from advocate.planning.walk import StepView, collect_settings, walk_campaign
from advocate.prompting import ScriptedPrompter
from advocate.questions import parse_answer
from advocate.templates import load_template
from plan_support import mini_playbook, plain_words, sample_answers

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
TARGET = dt.date(2027, 2, 19)  # 13 weeks after NOW: time for every playbook, no short route


class Recorder:
    def __init__(self) -> None:
        self.started: list[StepView] = []
        self.finished: list[str] = []

    def step_started(self, view: StepView) -> None:
        self.started.append(view)

    def step_finished(self, view: StepView, campaign: Any) -> None:
        del campaign
        self.finished.append(view.step.id)


def _settings(context: str) -> AnswerSource:
    return AnswerSource("flags", {"municipal_context": context, "target_date": TARGET,
                                  "council_has_strategy": False})  # fmt: skip


def _start(tmp_path: Path, playbook_id: str, context: str) -> Any:
    opened = open_campaign([playbook_id], tmp_path / "c.campaign.yaml", resume=False, now=NOW,
                           folder=tmp_path)  # fmt: skip
    collect_settings(opened.campaign, [_settings(context)], ScriptedPrompter({}), now=NOW)
    return opened


@functools.cache
def _template(doctype: str) -> Any:
    return load_template(doctype)


def _fill_in_document(doctype: str) -> AnswerSource:
    """What a profile and a person would add: the template's example answers, lowest."""
    return AnswerSource("examples", _template(doctype).example_answers)


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("playbook_id", playbook_ids())
def test_walk_every_playbook_in_every_context(
    tmp_path: Path, playbook_id: str, context: str
) -> None:
    opened = _start(tmp_path, playbook_id, context)
    playbook: Playbook = opened.playbooks[0]
    script = sample_answers(playbook)
    recorder = Recorder()
    result = walk_campaign(opened.campaign, opened.playbooks, now=NOW,
                           prompter=ScriptedPrompter(script), reporter=recorder)  # fmt: skip
    saved = load_campaign(opened.campaign.path)
    assert saved.municipal_context == context
    active = [view.step for view in recorder.started]
    assert recorder.finished == [step.id for step in active]
    assert [view.number for view in recorder.started] == list(range(1, len(active) + 1))
    for step in active:
        for question in step.questions:
            if question.id in saved.answers and saved.answers[question.id] is not None:
                assert saved.answers[question.id] == script[question.id] or question.when
    assert result.answered >= 1
    plan = action_plan(saved, opened.playbooks, today=NOW.date())
    assert [row.step_id for row in plan.rows] == [step.id for step in active]
    markdown = plan_markdown(plan)
    for row in plan.rows:
        assert plain_words(row.title) in plain_words(markdown)
        if row.due:
            assert row.due == TARGET - dt.timedelta(days=next(
                s.lead_days for s in active if s.id == row.step_id) or 0)  # fmt: skip
    export_plan(plan, tmp_path / "plan.md", now=NOW)
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == markdown
    _draft_one(saved, active)


def _draft_one(campaign: Any, active: list[Any]) -> None:
    doctype, step_id = next(((d, s.id) for s in active for d in s.documents), ("briefing-note", ""))
    result = draft_from_campaign(campaign, doctype, now=NOW, step=step_id, dry_run=True,
                                 fallback=[_fill_in_document(doctype)])  # fmt: skip
    template = _template(doctype)
    shared = [question for question in template.questions
              if campaign.answers.get(question.id) is not None]  # fmt: skip
    assert shared, f"{doctype} uses none of the campaign's answers"
    for question in shared:
        expected = parse_answer(question, campaign.answers[question.id], today=NOW.date())
        assert result.answers[question.id] == expected, question.id
    assert result.text.strip()


def test_resume_asks_only_unanswered_questions(tmp_path: Path) -> None:
    build = tmp_path / "tiny-plan.yaml"
    build.write_text(mini_playbook(), encoding="utf-8")
    opened = open_campaign([str(build)], tmp_path / "t.campaign.yaml", resume=False, now=NOW,
                           folder=tmp_path)  # fmt: skip
    collect_settings(opened.campaign, [_settings("large-city")], ScriptedPrompter({}), now=NOW)
    first = ScriptedPrompter({"committee": "Housing Committee", "wants_letter": "yes"})
    with pytest.raises(MissingAnswerError):
        walk_campaign(opened.campaign, opened.playbooks, now=NOW, prompter=first)
    saved = load_campaign(opened.campaign.path)
    assert saved.answers == {"committee": "Housing Committee", "wants_letter": True, "ally": None}
    second = ScriptedPrompter({"meeting_date": "2027-01-12", "ask": "Fund interpreters."})
    walk_campaign(saved, opened.playbooks, now=NOW, prompter=second)
    assert second.asked == ["meeting_date", "ask"]
    assert load_campaign(saved.path).answers["meeting_date"] == "2027-01-12"


def test_revise_asks_again_with_saved_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tiny-plan.yaml"
    path.write_text(mini_playbook(), encoding="utf-8")
    opened = open_campaign([str(path)], None, resume=False, now=NOW, folder=tmp_path)
    assert opened.campaign.path == tmp_path / "tiny-plan.campaign.yaml"
    opened.campaign.municipal_context = "small-town-rural"
    script = {"committee": "Council", "wants_letter": "no"}
    walk_campaign(opened.campaign, opened.playbooks, now=NOW, prompter=ScriptedPrompter(script))
    revise = ScriptedPrompter({"committee": "Committee of the Whole"})
    walk_campaign(opened.campaign, opened.playbooks, now=NOW, prompter=revise, revise=["first"])
    assert revise.asked == ["committee", "wants_letter"]
    assert opened.campaign.answers["committee"] == "Committee of the Whole"
    assert opened.campaign.answers["wants_letter"] is False


def test_steps_follow_context_and_answers(tmp_path: Path) -> None:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    opened = open_campaign([], None, resume=False, now=NOW, folder=tmp_path)
    campaign = opened.campaign
    campaign.municipal_context = "small-town-rural"
    campaign.answers = {"wants_letter": False}
    rows = action_plan(campaign, [playbook], today=NOW.date()).rows
    assert [row.step_id for row in rows] == ["first", "fourth"]
    campaign.municipal_context = "large-city"
    campaign.answers = {"wants_letter": True}
    rows = action_plan(campaign, [playbook], today=NOW.date()).rows
    assert [row.step_id for row in rows] == ["first", "second", "third", "fourth"]


def test_due_dates_and_past_due(tmp_path: Path) -> None:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    campaign.municipal_context = "large-city"
    campaign.target_date = dt.date(2026, 12, 20)  # first step due 8 Nov: past due on 20 Nov
    campaign.answers = {"wants_letter": True}
    plan = action_plan(campaign, [playbook], today=NOW.date())
    first, second = plan.rows[0], plan.rows[1]
    assert first.due == dt.date(2026, 11, 8)
    assert first.past_due
    assert second.due == dt.date(2026, 11, 29)
    assert not second.past_due
    assert plan.rows[-1].due is None
    set_step_status(campaign, [playbook], ["first"], "done", now=NOW)
    plan = action_plan(campaign, [playbook], today=NOW.date())
    assert not plan.rows[0].past_due
    assert plan.progress() == (1, 4)
    markdown = plan_markdown(plan)
    assert "## \u2611 1. First step, due November 8, 2026" in markdown  # en-CA, as documents
    assert "## \u2610 2. Second step, due November 29, 2026" in markdown
    assert "Do the second thing." in markdown


def test_export_docx_reopens(tmp_path: Path) -> None:
    import docx

    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    campaign.target_date = TARGET
    plan = action_plan(campaign, [playbook], today=NOW.date())
    written = export_plan(plan, tmp_path / "plan.docx", now=NOW, author="Newcomer Centre")
    assert written.action == "create"
    document = docx.Document(str(tmp_path / "plan.docx"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any("First step" in text and "due" in text for text in texts)
    assert document.core_properties.author == "Newcomer Centre"


def test_triage_ranks_by_fit() -> None:
    playbooks = list_playbooks()
    for playbook in playbooks:
        answers = {"goal": playbook.fits.goals[0], "municipal_context": playbook.fits.contexts[0],
                   "weeks": playbook.fits.min_weeks, "council_has_strategy": False}  # fmt: skip
        ranked = rank_playbooks(playbooks, answers)
        best = ranked[0]
        assert playbook.fits.goals[0] in best.playbook.fits.goals
        assert best.reason.startswith("Made for your goal")
        assert all(item.reason.endswith(".") for item in ranked)


def test_triage_reason_mentions_missing_time() -> None:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    answers = {"goal": "services", "municipal_context": "border-transit", "weeks": 2}
    (ranked,) = rank_playbooks([playbook], answers)
    assert "needs about 4 weeks, you have 2" in ranked.reason
    assert "less for a border or transit city setting" in ranked.reason
