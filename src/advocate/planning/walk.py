"""Planning a campaign: the triage that picks a playbook, walking its steps, drafting on the spot.

Everything here takes plain data and a prompter, saves progress to the campaign file after every
answer and never prints: the CLI shows steps through a :class:`PlanReporter`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from advocate import questions as q
from advocate.answers import AnswerSource, check_known, collect_answers
from advocate.errors import AdvocateError, CampaignError
from advocate.models import Choice, DraftResult, Question, QuestionType, Rules
from advocate.planning.action_plan import ActionPlan, action_plan, export_plan, plan_markdown
from advocate.planning.campaign import (
    Campaign,
    DraftedDocument,
    Migration,
    apply_settings,
    check_playbooks,
    default_campaign_path,
    load_campaign,
    migrate_campaign,
    new_campaign,
    save_campaign,
    stamp,
)
from advocate.planning.models import Playbook, Step
from advocate.prompting import NoInputPrompter, Prompter

__all__ = [
    "ActionPlan",
    "PlanReporter",
    "Ranked",
    "StepView",
    "action_plan",
    "active_steps",
    "collect_settings",
    "draft_from_campaign",
    "due_date",
    "export_plan",
    "open_campaign",
    "plan_markdown",
    "rank_playbooks",
    "run_triage",
    "set_step_status",
    "walk_campaign",
]

GOAL_LABELS = {
    "role": "Help the council see its own role in integration",
    "connect": "Connect the council with immigrant communities",
    "agenda": "Put integration on the council's agenda",
    "proposal": "Bring a ready-made programme or policy proposal",
    "services": "Open city services to every resident",
    "participation": "Widen civic participation and leadership",
    "employer": "Make the city a fair employer and purchaser",
    "economy": "Make newcomers part of economic development",
    "spaces": "Build bridges between neighbours, welcoming public spaces",
    "national": "Carry local experience to regional and national policy",
}
CONTEXT_LABELS = {
    "large-city": "A large city (committees, staff, maybe an immigrant-affairs office)",
    "small-town-rural": "A small town or rural municipality (one council, few staff)",
    "border-transit": "A border or transit city (arrivals in emergency conditions)",
}


def _choice_question(
    question_id: str, label: str, labels: Mapping[str, str], **kw: Any
) -> Question:
    choices = tuple(Choice(value, text) for value, text in labels.items())
    return Question(id=question_id, type=QuestionType.CHOICE, label=label, choices=choices,
                    origin="advocate plan", **kw)  # fmt: skip


def settings_questions() -> tuple[Question, ...]:
    """The campaign-wide questions: municipal context, target date, existing strategy."""
    return (
        _choice_question(
            "municipal_context",
            "What kind of municipality is it?",
            CONTEXT_LABELS,
            example="small-town-rural",
        ),  # fmt: skip
        Question(
            id="target_date",
            type=QuestionType.DATE,
            required=False,
            origin="advocate plan",
            label="When does the council or committee decide (the meeting date)?",
            help="Due dates are counted back from it. Leave empty if you do not know yet.",
            example="2026-12-03",
        ),  # fmt: skip
        Question(
            id="council_has_strategy",
            type=QuestionType.YES_NO,
            default=False,
            label="Does the council already have an integration or welcoming strategy?",
            origin="advocate plan",
        ),  # fmt: skip
    )


def triage_questions() -> tuple[Question, ...]:
    """The triage asked when no playbook is named: goal, context, weeks left, strategy."""
    settings = settings_questions()
    weeks = Question(
        id="weeks", type=QuestionType.NUMBER, required=False, origin="advocate plan",
        label="How many weeks until the council decides?", example="10",
        help="Leave empty if there is no decision date yet.",
        rules=Rules(min=0, max=520, integer=True),
    )  # fmt: skip
    goal = _choice_question("goal", "What change does your organisation want?", GOAL_LABELS,
                            example="services")  # fmt: skip
    return (goal, settings[0], weeks, settings[2])


# --- triage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """A playbook's place in the triage, with the one-line reason."""

    playbook: Playbook
    score: int
    reason: str


def rank_playbooks(playbooks: Sequence[Playbook], answers: Mapping[str, Any]) -> list[Ranked]:
    """Rank playbooks by how well their ``fits`` match the triage answers.

    Args:
        playbooks: The candidates.
        answers: Parsed triage answers: ``goal``, ``municipal_context``, ``weeks`` (or None)
            and ``council_has_strategy``.

    Returns:
        Every playbook, best first, each with a one-line reason.
    """
    ranked = [_rank(playbook, answers) for playbook in playbooks]
    return sorted(ranked, key=lambda item: (-item.score, item.playbook.number))


def _rank(playbook: Playbook, answers: Mapping[str, Any]) -> Ranked:
    fits = playbook.fits
    score, reasons = 0, []
    goal = answers.get("goal")
    if goal in fits.goals:  # a playbook lists its main goal first
        main = fits.goals[0] == goal
        score += 12 if main else 8
        reasons.append("made for your goal" if main else "also serves your goal")
    context = answers.get("municipal_context")
    if context in fits.contexts:
        score += 3
        reasons.append(f"suits a {context} setting")
    elif context:
        score -= 3
        reasons.append(f"written less for a {context} setting")
    has_strategy = answers.get("council_has_strategy")
    if fits.strategy != "any" and has_strategy is not None:
        fitting = (fits.strategy == "exists") == bool(has_strategy)
        score += 2 if fitting else -2
        word = "with" if fits.strategy == "exists" else "without"
        reasons.append(f"{'works' if fitting else 'is meant'} for councils {word} a strategy")
    weeks = answers.get("weeks")
    if weeks is not None:
        enough = weeks >= fits.min_weeks
        score += 1 if enough else -2
        need = f"needs about {fits.min_weeks} weeks"
        reasons.append(f"{need}, you have {weeks:g}" if not enough else f"{need}: time enough")
    reason = "; ".join(reasons) or playbook.summary
    return Ranked(playbook, score, reason[:1].upper() + reason[1:] + ".")


def pick_question(ranked: Sequence[Ranked]) -> Question:
    """The question that lets a person pick one playbook or more (the best is the default)."""
    choices = tuple(Choice(item.playbook.id, item.playbook.title) for item in ranked)
    return Question(
        id="playbooks", type=QuestionType.MULTI_CHOICE, label="Which playbook will you follow?",
        help="Type a number or an id; several, separated by commas, make one campaign.",
        choices=choices, default=ranked[0].playbook.id if ranked else None,
        origin="advocate plan",
    )  # fmt: skip


def run_triage(
    playbooks: Sequence[Playbook],
    sources: Sequence[AnswerSource],
    asker: Prompter,
    *,
    today: dt.date,
) -> tuple[dict[str, Any], list[Ranked]]:
    """Ask the triage questions and rank the playbooks.

    Returns:
        The parsed triage answers and the ranked playbooks.
    """
    collected = collect_answers(triage_questions(), sources, asker, today=today)
    return collected.values, rank_playbooks(playbooks, collected.values)


def triage_settings(answers: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Campaign settings the triage already answered (weeks become a target date)."""
    settings = {
        "municipal_context": answers.get("municipal_context"),
        "council_has_strategy": answers.get("council_has_strategy"),
    }
    if answers.get("weeks") is not None:
        settings["target_date"] = today + dt.timedelta(weeks=int(answers["weeks"]))
    return settings


# --- walking the steps -------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    """A step as the walk reaches it: its place among the active steps and its due date."""

    playbook: Playbook
    step: Step
    number: int
    total: int
    pending: bool
    due: dt.date | None


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


def due_date(step: Step, target: dt.date | None) -> dt.date | None:
    """The date a step should be done by: ``lead_days`` before the target date."""
    if target is None or step.lead_days is None:
        return None
    return target - dt.timedelta(days=step.lead_days)


def condition_context(
    campaign: Campaign, playbooks: Sequence[Playbook], today: dt.date
) -> dict[str, Any]:
    """The names ``when`` conditions see: campaign settings and every answer, parsed."""
    context: dict[str, Any] = campaign.settings()
    for playbook in playbooks:
        for question in playbook.questions():
            raw = campaign.answers.get(question.id)
            try:
                context[question.id] = q.parse_answer(question, raw, today=today)
            except AdvocateError:
                context[question.id] = raw
    return context


def active_steps(
    playbook: Playbook, campaign: Campaign, playbooks: Sequence[Playbook], today: dt.date
) -> list[Step]:
    """The steps whose ``when`` holds for the campaign's context and answers so far."""
    from advocate.templating import evaluate_condition

    context = condition_context(campaign, playbooks, today)
    return [
        step
        for step in playbook.steps
        if not step.when
        or evaluate_condition(step.when, context, origin=f"{playbook.path}:{step.line}")
    ]


def collect_settings(
    campaign: Campaign, sources: Sequence[AnswerSource], asker: Prompter, *, now: dt.datetime
) -> None:
    """Resolve the municipal context, target date and strategy flag, and save them.

    Values already in the campaign count as answers, so a resumed campaign asks nothing.
    """
    known = {key: value for key, value in campaign.settings().items() if value is not None}
    questions = settings_questions()
    all_sources = [*sources, AnswerSource(str(campaign.path), known)]
    collected = collect_answers(questions, all_sources, asker, today=now.date())
    apply_settings(campaign, collected.values)
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
    from advocate.templates import load_template

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
            view = _view(campaign, playbook, step, steps, revise=step.id in revise)
            reporter.step_started(view)
            again = step.id in revise
            answered += _walk_step(campaign, playbooks, step, sources, asker, now, revise=again)
            campaign.step_state(playbook.id, step.id).walked = stamp(now)
            save_campaign(campaign, now=now)
            walked.append(step.id)
            reporter.step_finished(view, campaign)
    return WalkResult(answered, tuple(walked))


def _view(
    campaign: Campaign, playbook: Playbook, step: Step, steps: Sequence[Step], *, revise: bool
) -> StepView:
    unanswered = any(question.id not in campaign.answers for question in step.questions)
    walked = campaign.step_state(playbook.id, step.id).walked is not None
    return StepView(
        playbook=playbook,
        step=step,
        number=steps.index(step) + 1,
        total=len(steps),
        pending=revise or unanswered or not walked,
        due=due_date(step, campaign.target_date),
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
        campaign.answers[question_id] = q.to_plain(by_id[question_id], value)
        save_campaign(campaign, now=now)

    context = condition_context(campaign, playbooks, now.date())
    collected = collect_answers(
        questions, all_sources, asker, today=now.date(), extra=context, on_answer=keep
    )
    return len(collected.values)


# --- drafting from a campaign ------------------------------------------------------------


def campaign_source(campaign: Campaign) -> AnswerSource:
    """The campaign's answers (and settings) as an answer source for documents."""
    from advocate.planning.campaign import campaign_data

    settings = {key: value for key, value in campaign_data(campaign).items()
                if key in ("municipal_context", "target_date") and value is not None}  # fmt: skip
    return AnswerSource(str(campaign.path), {**settings, **campaign.answers})


def draft_from_campaign(
    campaign: Campaign,
    doctype: str,
    *,
    now: dt.datetime,
    step: str = "",
    sources: Sequence[AnswerSource] = (),
    fallback: Sequence[AnswerSource] = (),
    prompter: Prompter | None = None,
    **options: Any,
) -> DraftResult:
    """Draft a document from the campaign's answers, and record it in the campaign.

    Answers the document asked for besides the campaign's (the organisation, say) are kept in
    the campaign, so the next document does not ask them again.

    Args:
        campaign: The campaign whose answers fill the document.
        doctype: The document type (``briefing-note``...).
        now: The time the document is dated with.
        step: The step that suggested the document (recorded in the campaign).
        sources: Sources that win over the campaign (``--set``, ``--answers``).
        fallback: Sources below the campaign (the organisation profile).
        prompter: Asks for what is still missing.
        **options: Passed on to :func:`advocate.api.draft` (``out_dir``, ``fmt``, ``overwrite``,
            ``letterhead``, ``dry_run``, ``template_dirs``, ``output``).

    Returns:
        The draft result.
    """
    from advocate.api import draft
    from advocate.templates import load_template

    template = load_template(doctype, options.pop("template_dirs", ()))
    all_sources = [*sources, campaign_source(campaign), *fallback]
    result = draft(template, sources=all_sources, prompter=prompter, now=now, **options)
    for question in template.questions:
        value = result.answers.get(question.id)
        if question.id not in campaign.answers and value is not None:
            campaign.answers[question.id] = q.to_plain(question, value)
    if result.output is not None and result.files:
        campaign.documents.append(DraftedDocument(doctype, str(result.output), step, stamp(now)))
    save_campaign(campaign, now=now)
    return result


def resolve_step(playbooks: Sequence[Playbook], ref: str) -> tuple[str, str]:
    """Find ``step-id`` or ``playbook-id/step-id`` among the campaign's playbooks.

    Raises:
        NotFoundError: No step has this id.
    """
    from advocate.errors import NotFoundError

    wanted_playbook, _, wanted_step = ref.rpartition("/")
    found = [
        (playbook.id, step.id)
        for playbook in playbooks
        for step in playbook.steps
        if step.id == wanted_step and wanted_playbook in ("", playbook.id)
    ]
    if len(found) != 1:
        available = [f"{p.id}/{s.id}" if len(playbooks) > 1 else s.id
                     for p in playbooks for s in p.steps]  # fmt: skip
        msg = "step"
        raise NotFoundError(msg, ref, available)
    return found[0]


def set_step_status(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    refs: Sequence[str],
    status: str,
    *,
    now: dt.datetime,
) -> list[tuple[str, str]]:
    """Mark steps ``done``, ``skipped`` or ``todo`` and save the campaign.

    Returns:
        The (playbook id, step id) pairs that changed.
    """
    changed = [resolve_step(playbooks, ref) for ref in refs]
    for playbook_id, step_id in changed:
        campaign.set_status(playbook_id, step_id, status, now=now)
    save_campaign(campaign, now=now)
    return changed


def default_out_dir(campaign: Campaign) -> Path:
    """Documents drafted from a campaign go beside its file."""
    return campaign.path.parent


@dataclass(frozen=True)
class OpenedCampaign:
    """A campaign ready to walk: the campaign, its playbooks and what loading it changed."""

    campaign: Campaign
    playbooks: tuple[Playbook, ...]
    migration: Migration
    created: bool


def open_campaign(
    refs: Sequence[str],
    path: Path | None,
    *,
    resume: bool,
    now: dt.datetime,
    folder: Path,
    playbook_dirs: Sequence[Path] = (),
) -> OpenedCampaign:
    """Start a new campaign file, or load one to resume (migrating it to new playbook versions).

    Args:
        refs: Playbook ids or files (may be empty when resuming).
        path: The campaign file; by default one named after the playbooks in ``folder``.
        resume: Continue an existing file instead of starting a new one.
        now: The current time.
        folder: Where the default campaign file goes.
        playbook_dirs: User playbook folders.

    Returns:
        The opened campaign.

    Raises:
        CampaignError: A new campaign's file exists already, a resumed one is missing or damaged.
    """
    from advocate.planning.playbooks import resolve_playbook

    if not resume:
        playbooks = tuple(resolve_playbook(ref, playbook_dirs) for ref in refs)
        path = path or default_campaign_path([p.id for p in playbooks], folder)
        if path.exists():
            problem = (
                "a campaign file exists here. Pass --resume to continue it, "
                "or choose another --campaign file."
            )
            raise CampaignError(path, problem)
        campaign = new_campaign(path, playbooks, now=now, settings={})
        save_campaign(campaign, now=now)
        return OpenedCampaign(campaign, playbooks, Migration(), created=True)
    if path is None:
        if not refs:
            raise CampaignError(Path("?"), "pass --campaign FILE to say which campaign to resume")
        path = default_campaign_path(list(refs), folder)
    if not path.exists():
        raise CampaignError(path, "no such campaign file. Start one with 'advocate plan PLAYBOOK'.")
    campaign = load_campaign(path)
    playbooks = tuple(resolve_playbook(ref, playbook_dirs) for ref in campaign.playbook_ids)
    check_playbooks(campaign, [p.id for p in (resolve_playbook(r, playbook_dirs) for r in refs)])
    migration = migrate_campaign(campaign, playbooks, known_question_ids(playbooks))
    if migration.upgraded:
        save_campaign(campaign, now=now)
    return OpenedCampaign(campaign, playbooks, migration, created=False)
