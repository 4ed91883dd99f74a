"""Dates people can trust and status that matches reality (core, no CLI).

Rough weeks give only an estimated target date: it sets due dates, marked as estimated, and is
never the default of a question, so no document states it. A step whose questions are all
answered shows as ``answered``, and a step can be marked by its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advocate.answers import AnswerSource
from advocate.errors import AdvocateError, NotFoundError
from advocate.models import Question
from advocate.planning.action_plan import action_plan, format_due, plan_markdown
from advocate.planning.campaign import apply_settings, load_campaign, save_campaign
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.playbooks import list_playbooks
from advocate.planning.progress import open_campaign, set_step_status
from advocate.planning.triage import run_triage, triage_settings
from advocate.planning.walk import StepView, collect_settings, walk_campaign
from advocate.prompting import ScriptedPrompter
from plan_support import mini_playbook

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


class Defaults(ScriptedPrompter):
    """A scripted prompter that also records the default each question was offered."""

    def __init__(self, script: dict[str, Any]) -> None:
        super().__init__(script)
        self.defaults: dict[str, Any] = {}

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        self.defaults[question.id] = default
        return super().ask(question, default, parse)


class Views:
    def __init__(self) -> None:
        self.views: list[StepView] = []

    def step_started(self, view: StepView) -> None:
        self.views.append(view)

    def step_finished(self, view: StepView, campaign: Any) -> None:
        del view, campaign


def test_triage_asks_the_date_first_and_weeks_only_without_one() -> None:
    prompter = Defaults({"goal": "services", "municipal_context": "large-city",
                         "target_date": "2027-01-15", "council_has_strategy": "no"})  # fmt: skip
    values, ranked = run_triage(list_playbooks(), [], prompter, today=NOW.date())
    assert "weeks" not in prompter.asked
    assert values["target_date"] == dt.date(2027, 1, 15)
    assert "you have 8" in ranked[0].reason  # weeks counted from the date given
    assert triage_settings(values, today=NOW.date())["target_date"] == dt.date(2027, 1, 15)


def test_rough_weeks_give_an_estimate_not_a_target_date() -> None:
    prompter = Defaults({"goal": "services", "municipal_context": "large-city", "weeks": "6",
                         "council_has_strategy": "no"})  # fmt: skip
    values, _ = run_triage(list_playbooks(), [], prompter, today=NOW.date())
    assert prompter.asked.index("target_date") < prompter.asked.index("weeks")
    settings = triage_settings(values, today=NOW.date())
    assert settings["target_date"] is None
    assert settings["estimated_target_date"] == dt.date(2027, 1, 1)


def _estimated(tmp_path: Path, playbook_ref: str = "open-services") -> Any:
    opened = open_campaign([playbook_ref], None, resume=False, now=NOW, folder=tmp_path)
    apply_settings(opened.campaign, {"estimated_target_date": dt.date(2027, 1, 12)})
    return opened


def test_an_estimate_is_saved_apart_and_never_a_default(tmp_path: Path) -> None:
    opened = _estimated(tmp_path)
    campaign = opened.campaign
    prompter = Defaults({"municipal_context": "large-city", "council_has_strategy": "no"})
    collect_settings(campaign, [], prompter, now=NOW)
    assert "target_date" not in prompter.asked  # the person said they do not know it yet
    reloaded = load_campaign(campaign.path)
    assert reloaded.target_date is None
    assert reloaded.estimated_target_date == dt.date(2027, 1, 12)
    views, sample = Views(), _Sample({"meeting_date": "2027-02-02"})
    walk_campaign(campaign, opened.playbooks, now=NOW, prompter=sample, reporter=views)
    assert campaign.answers["meeting_date"] == "2027-02-02"
    assert sample.defaults["meeting_date"] is None  # not "{{ target_date }}" from the estimate
    dated = [view for view in views.views if view.due is not None]
    assert dated
    assert all(view.estimated for view in dated)


class _Sample(Defaults):
    """Answers every question with its example (a walk of a packaged playbook)."""

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        self.defaults[question.id] = default
        if question.id in self.script:
            return parse(self.script[question.id])
        if question.example:
            return parse(question.example)
        if default is not None or not question.required:
            return default
        return parse(question.choices[0].value)


def test_a_given_date_replaces_the_estimate_and_is_the_default(tmp_path: Path) -> None:
    opened = _estimated(tmp_path)
    campaign = opened.campaign
    prompter = Defaults({"municipal_context": "large-city", "council_has_strategy": "no"})
    collect_settings(campaign, [_given("2027-03-01")], prompter, now=NOW)
    assert campaign.target_date == dt.date(2027, 3, 1)
    assert campaign.estimated_target_date is None
    assert "estimated_target_date" not in campaign.path.read_text(encoding="utf-8")
    prompter = _Sample({})
    walk_campaign(campaign, opened.playbooks, now=NOW, prompter=prompter)
    assert prompter.defaults["meeting_date"] == dt.date(2027, 3, 1)  # a date the person gave


def _given(target: str) -> AnswerSource:
    return AnswerSource("command line", {"target_date": target})


def test_estimated_due_dates_are_marked_everywhere(tmp_path: Path) -> None:
    opened = _estimated(tmp_path)
    plan = action_plan(opened.campaign, opened.playbooks, today=NOW.date())
    assert plan.target_estimated
    row = next(row for row in plan.rows if row.due is not None)
    assert row.estimated
    assert "(estimated" in format_due(row)
    markdown = plan_markdown(plan)
    assert "Estimated decision date: **January 12, 2027**" in markdown
    french = action_plan(opened.campaign, opened.playbooks, today=NOW.date(), locale="fr-CA")
    assert "Estimated decision date: **12 janvier 2027**" in plan_markdown(french)


def _tiny(tmp_path: Path) -> Any:
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    campaign.municipal_context = "small-town-rural"  # the second step does not apply
    campaign.answers = {"wants_letter": True}
    return playbook, campaign


def test_answered_is_not_done_and_steps_are_marked_by_number(tmp_path: Path) -> None:
    playbook, campaign = _tiny(tmp_path)
    campaign.answers.update(committee="Housing")
    plan = action_plan(campaign, [playbook], today=NOW.date())
    assert [row.status for row in plan.rows] == ["answered", "todo", "todo"]
    assert plan.progress() == (0, 3)
    changed = set_step_status(campaign, [playbook], ["2"], "done", now=NOW)
    assert changed == [("tiny-plan", "third")]  # number 2 of the steps that apply
    plan = action_plan(campaign, [playbook], today=NOW.date())
    assert [row.status for row in plan.rows] == ["answered", "done", "todo"]
    assert "## \u2610 1. First step\n" in plan_markdown(plan)  # not done: not ticked
    assert "*Questions answered; not marked done yet.*" in plan_markdown(plan)


def test_unknown_step_lists_only_the_campaigns_steps(tmp_path: Path) -> None:
    playbook, campaign = _tiny(tmp_path)
    with pytest.raises(NotFoundError) as caught:
        set_step_status(campaign, [playbook], ["9"], "done", now=NOW)
    assert caught.value.available == ["first", "third", "fourth"]


def test_past_due_is_flagged_on_the_step_as_it_is_shown(tmp_path: Path) -> None:
    playbook, campaign = _tiny(tmp_path)
    campaign.target_date = dt.date(2026, 12, 20)  # the first step was due on 8 November
    save_campaign(campaign, now=NOW)
    views = Views()
    walk_campaign(campaign, [playbook], now=NOW, reporter=views,
                  prompter=ScriptedPrompter({"committee": "Housing", "meeting_date": "2026-12-20",
                                             "ask": "Fund it."}))  # fmt: skip
    assert [(view.step.id, view.past_due) for view in views.views] == [
        ("first", True), ("third", False), ("fourth", False),
    ]  # fmt: skip


def test_a_number_in_a_campaign_of_two_playbooks_names_its_playbook(tmp_path: Path) -> None:
    first = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    second = parse_playbook(mini_playbook("other-plan"), "other-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    campaign.municipal_context = "small-town-rural"
    with pytest.raises(AdvocateError, match="write tiny-plan/1 or other-plan/1"):
        set_step_status(campaign, [first, second], ["1"], "done", now=NOW)
    changed = set_step_status(campaign, [first, second], ["other-plan/2"], "done", now=NOW)
    assert changed == [("other-plan", "fourth")]  # 'third' needs wants_letter


def test_a_named_playbook_asks_rough_weeks_only_when_the_date_is_left_empty(
    tmp_path: Path,
) -> None:
    opened = open_campaign(["open-services"], None, resume=False, now=NOW, folder=tmp_path)
    prompter = Defaults({"municipal_context": "large-city", "weeks": "4",
                         "council_has_strategy": "no"})  # fmt: skip
    collect_settings(opened.campaign, [], prompter, now=NOW)
    assert prompter.asked == ["municipal_context", "target_date", "weeks", "council_has_strategy"]
    assert opened.campaign.target_date is None
    assert opened.campaign.estimated_target_date == NOW.date() + dt.timedelta(weeks=4)
    dated = Defaults({"target_date": "2027-03-01", "council_has_strategy": "no",
                      "municipal_context": "large-city"})  # fmt: skip
    other = open_campaign(["open-services"], tmp_path / "o.campaign.yaml", resume=False, now=NOW,
                          folder=tmp_path)  # fmt: skip
    collect_settings(other.campaign, [], dated, now=NOW)
    assert "weeks" not in dated.asked
