"""Walking a campaign's steps: each active step's questions, saved after every answer.

Everything here takes plain data and a prompter and never prints: the CLI shows the steps
through a :class:`PlanReporter`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from advocate.answer_text import to_plain
from advocate.answers import AnswerSource, check_known, collect_answers
from advocate.planning.campaign import Campaign, apply_settings, save_campaign, stamp
from advocate.planning.conditions import active_steps, condition_context
from advocate.planning.models import FINISHED, Playbook, Step
from advocate.planning.procedure import Procedure, StepDue, step_dues
from advocate.planning.short_route import is_short
from advocate.planning.triage import (
    settings_questions,
    triage_questions,
    triage_settings,
    weeks_question,
)
from advocate.prompting import NoInputPrompter, Prompter
from advocate.templates import load_template


@dataclass(frozen=True)
class StepView:
    """A step as the walk reaches it: its place among the active steps and its due date."""

    playbook: Playbook
    step: Step
    number: int
    total: int
    pending: bool
    due: dt.date | None
    estimated: bool = False
    past_due: bool = False
    due_origin: str = ""  # where the date comes from: a council's rule, or general guidance
    ask_clerk: bool = False  # it hangs on a deadline the council's card leaves unknown


class PlanReporter(Protocol):
    """What the walk tells its caller (the CLI shows panels and offers drafting)."""

    def step_started(self, view: StepView) -> None:
        """Called before a step's questions are resolved."""
        ...

    def step_finished(self, view: StepView, campaign: Campaign) -> None:
        """Called after a step's answers are saved."""
        ...


class _Silent:
    def step_started(self, view: StepView) -> None:
        del view

    def step_finished(self, view: StepView, campaign: Campaign) -> None:
        del view, campaign


def collect_settings(
    campaign: Campaign, sources: Sequence[AnswerSource], asker: Prompter, *, now: dt.datetime
) -> None:
    """Resolve the municipal context, target date and strategy flag, and save them.

    Values already in the campaign count as answers, so a resumed campaign asks nothing. A
    campaign with only an estimated date (the person did not know the date yet) is not asked
    for the date again; ``--target-date`` or ``--set target_date=...`` still gives it. When
    no date is given, rough weeks (if known) give an estimate, as in the triage.
    """
    known = {key: value for key, value in campaign.settings().items() if value is not None}
    given = any("target_date" in source.values for source in sources)
    ask_date = given or campaign.estimated_target_date is None
    questions = [question for question in settings_questions()
                 if question.id != "target_date" or ask_date]  # fmt: skip
    if ask_date:  # rough weeks, asked only when the date is left empty
        questions.insert(2, weeks_question())
    all_sources = [*sources, AnswerSource(str(campaign.path), known)]
    collected = collect_answers(questions, all_sources, asker, today=now.date())
    apply_settings(campaign, triage_settings(collected.values, today=now.date()))
    save_campaign(campaign, now=now)


def known_question_ids(playbooks: Sequence[Playbook]) -> list[str]:
    """Every id answers in a campaign may hold: settings, playbook and document questions."""
    ids = [question.id for question in (*settings_questions(), *triage_questions())]
    ids.append("playbooks")  # the triage's pick
    doctypes: dict[str, None] = {}
    for playbook in playbooks:
        ids += [question.id for question in playbook.questions()]
        doctypes.update(dict.fromkeys(doc for step in playbook.steps for doc in step.documents))
    for doctype in doctypes:
        ids += _template_question_ids(doctype)
    return ids


@functools.lru_cache(maxsize=32)
def _template_question_ids(doctype: str) -> list[str]:
    return [question.id for question in load_template(doctype).questions]


def check_sources(sources: Sequence[AnswerSource], playbooks: Sequence[Playbook]) -> None:
    """Refuse a ``--set`` answer that no question of the campaign or its documents asks.

    Raises:
        UnknownAnswerError: The id is unknown (the message suggests the closest one).
    """
    check_known([source for source in sources if source.strict], known_question_ids(playbooks))


@dataclass(frozen=True)
class WalkResult:
    """What a walk resolved: how many questions and which steps it went through."""

    answered: int
    steps: tuple[str, ...]


def walk_campaign(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    *,
    now: dt.datetime,
    sources: Sequence[AnswerSource] = (),
    prompter: Prompter | None = None,
    reporter: PlanReporter | None = None,
    revise: Sequence[str] = (),
    procedure: Procedure | None = None,
) -> WalkResult:
    """Walk every active step of the campaign's playbooks, saving after every answer.

    Questions the campaign already answers are not asked again (so a resumed walk goes on at
    the first unanswered question); steps listed in ``revise`` are asked again with the saved
    answers as defaults.

    Args:
        campaign: The campaign to fill in (saved to its file as it goes).
        playbooks: The campaign's playbooks, in order.
        now: The current time (dates and timestamps).
        sources: Answer sources that win over the campaign (``--set``, ``--answers``).
        prompter: Asks what nothing answers; by default a missing answer is an error.
        reporter: Told when each step starts and ends.
        revise: Step ids whose answers are asked again.
        procedure: The council's deadlines for the decision meeting, which set due dates.

    Returns:
        The number of questions resolved and the step ids walked.

    Raises:
        AdvocateError: An invalid answer, or a missing one that may not be asked.
    """
    check_sources(sources, playbooks)
    asker = prompter or NoInputPrompter()
    reporter = reporter or _Silent()
    answered, walked = 0, []
    for playbook in playbooks:
        for step in playbook.steps:
            steps = active_steps(playbook, campaign, playbooks, now.date())
            if step not in steps:
                continue
            view = _view(campaign, playbook, step, steps, revise=step.id in revise,
                         today=now.date(), procedure=procedure or Procedure())  # fmt: skip
            reporter.step_started(view)
            again = step.id in revise
            answered += _walk_step(campaign, playbooks, step, sources, asker, now, revise=again)
            campaign.step_state(playbook.id, step.id).walked = stamp(now)
            save_campaign(campaign, now=now)
            walked.append(step.id)
            reporter.step_finished(view, campaign)
    return WalkResult(answered, tuple(walked))


def _view(
    campaign: Campaign,
    playbook: Playbook,
    step: Step,
    steps: Sequence[Step],
    *,
    revise: bool,
    today: dt.date,
    procedure: Procedure,
) -> StepView:
    unanswered = any(question.id not in campaign.answers for question in step.questions)
    state = campaign.step_state(playbook.id, step.id)
    target, estimated = campaign.due_basis()
    found = step_dues(steps, target, procedure)[steps.index(step)]
    if (
        is_short(playbook, campaign, today)
        and found.due
        and found.due < today
        and not found.on_rule
    ):
        found = StepDue(None, "time is short: the action plan gives the short route")
    due = found.due
    return StepView(
        playbook=playbook,
        step=step,
        number=steps.index(step) + 1,
        total=len(steps),
        pending=revise or unanswered or state.walked is None,
        due=due,
        estimated=estimated and not found.from_procedure,
        past_due=due is not None and due < today and state.status not in FINISHED,
        due_origin=found.origin,
        ask_clerk=found.ask_clerk,
    )


def _walk_step(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    step: Step,
    sources: Sequence[AnswerSource],
    asker: Prompter,
    now: dt.datetime,
    *,
    revise: bool,
) -> int:
    questions = list(step.questions)
    all_sources = [*sources, AnswerSource(str(campaign.path), campaign.answers)]
    if revise:  # ask again, offering the saved answers as defaults
        questions = [
            replace(question, default=campaign.answers.get(question.id, question.default))
            for question in questions
        ]
        all_sources = list(sources)
    by_id = {question.id: question for question in questions}

    def keep(question_id: str, value: Any) -> None:
        campaign.answers[question_id] = to_plain(by_id[question_id], value)
        save_campaign(campaign, now=now)

    context = condition_context(campaign, playbooks, now.date())
    collected = collect_answers(
        questions, all_sources, asker, today=now.date(), extra=context, on_answer=keep
    )
    return len(collected.values)
