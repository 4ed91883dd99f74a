"""The triage: the questions ``advocate plan`` asks itself, and the ranking that picks a playbook.

When no playbook is named, a person answers a few questions (goal, municipal context, the
decision date or, when it is not known yet, rough weeks left, existing strategy); each
playbook's ``fits`` scores against them, with the situation weighed too (what presses most in
that kind of municipality, which services the council runs by its kind on the procedure card,
the time left and whether a strategy exists), and the best comes first. Rough weeks give only an
*estimated* target date: it may set due dates, never a date a document states.
The campaign-wide settings questions live here too, since the triage asks most of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advocate.answers import AnswerSource, collect_answers
from advocate.models import Choice, Question, QuestionType, Rules
from advocate.planning.models import CONTEXT_LABELS, CONTEXT_NAMES, GOAL_LABELS, Playbook
from advocate.prompting import Prompter

# What tends to press most in each municipal context (goals), and why, in a few words.
CONTEXT_PRESSES = {
    "large-city": ({"agenda", "role", "employer"},
                   "a large city has the committees, staff and budget to take this on"),
    "small-town-rural": ({"connect", "spaces", "economy"},
                         "in a small town personal links and keeping newcomers count most"),
    "border-transit": ({"services", "national", "proposal"},
                       "a border or transit city needs services now and help from above"),
}  # fmt: skip
# Which goals a council can act on itself, by its kind (from its procedure card).
KIND_RUNS = {
    "upper-tier": ({"services", "proposal", "national"}, {"spaces", "connect"},
                   "a regional council runs shelters and social services",
                   "parks, recreation and by-laws are run by the local councils"),
    "lower-tier": ({"spaces", "connect", "participation"}, {"services", "proposal"},
                   "a local council runs recreation, parks and by-laws",
                   "shelters and social services are run by the regional council"),
    "small-town": ({"spaces", "connect", "participation"}, {"services"},
                   "a small council runs recreation, parks and by-laws",
                   "social services are usually run by the county or region"),
}  # fmt: skip


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
        ),  # fmt: skip
        Question(
            id="target_date",
            type=QuestionType.DATE,
            required=False,
            origin="advocate plan",
            label="When does the council or committee decide (the meeting date)?",
            help="Due dates are counted back from it. Press Enter if you do not know it yet.",
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


def weeks_question() -> Question:
    """Rough weeks until the decision, asked only when the date is left empty."""
    return Question(
        id="weeks", type=QuestionType.NUMBER, required=False, origin="advocate plan",
        label="Roughly how many weeks until the council decides?", example="10",
        help="An estimate is enough: it sets rough due dates, marked 'estimated', and no "
        "document states it. Leave empty if you have no idea yet.",
        rules=Rules(min=0, max=520, integer=True), when="not target_date",
    )  # fmt: skip


def triage_questions() -> tuple[Question, ...]:
    """The triage asked when no playbook is named.

    Goal, context, the decision date, then (only when the date is not known yet) rough weeks
    left, and the strategy flag.
    """
    settings = settings_questions()
    weeks = weeks_question()
    goal = _choice_question("goal", "What change does your organisation want?", GOAL_LABELS)
    return (goal, settings[0], settings[1], weeks, settings[2])


@dataclass(frozen=True)
class Ranked:
    """A playbook's place in the triage, with the one-line reason."""

    playbook: Playbook
    score: int
    reason: str


def rank_playbooks(
    playbooks: Sequence[Playbook],
    answers: Mapping[str, Any],
    *,
    today: dt.date | None = None,
    kind: str | None = None,
) -> list[Ranked]:
    """Rank playbooks by how well their ``fits`` match the triage answers and the situation.

    Args:
        playbooks: The candidates.
        answers: Parsed triage answers: ``goal``, ``municipal_context``, ``target_date`` and
            ``weeks`` (either may be None) and ``council_has_strategy``.
        today: Counts the weeks left to a given ``target_date`` (else ``weeks`` is used).
        kind: The council's kind from its procedure card (``upper-tier``, ``lower-tier``,
            ``small-town``, ``single-tier``), if known.

    Returns:
        Every playbook, best first, each with a one-line reason.
    """
    weeks = _weeks_left(answers, today)
    ranked = [_rank(playbook, answers, weeks, kind) for playbook in playbooks]
    return sorted(ranked, key=lambda item: (-item.score, item.playbook.number))


def _situation(playbook: Playbook, context: Any, kind: str | None) -> tuple[int, list[str]]:
    """Points and reasons for what presses in the context and what the council runs."""
    main = playbook.fits.goals[0]
    score, reasons = 0, []
    presses = CONTEXT_PRESSES.get(context) if isinstance(context, str) else None
    if presses and main in presses[0]:
        score += 3
        reasons.append(presses[1])
    runs = KIND_RUNS.get(kind or "")
    if runs and main in runs[0]:
        score += 3
        reasons.append(runs[2])
    elif runs and main in runs[1]:
        score -= 4
        reasons.append(runs[3])
    return score, reasons


def _rank(
    playbook: Playbook, answers: Mapping[str, Any], weeks: float | None, kind: str | None
) -> Ranked:
    fits = playbook.fits
    score, reasons = 0, []
    goal = answers.get("goal")
    if goal in fits.goals:  # a playbook lists its main goal first
        main = fits.goals[0] == goal
        score += 12 if main else 8
        reasons.append("made for your goal" if main else "also serves your goal")
    context = answers.get("municipal_context")
    if context in fits.contexts:
        score += 1
        reasons.append(f"suits a {CONTEXT_NAMES.get(context, context)} setting")
    elif context:
        score -= 3
        reasons.append(f"written less for a {CONTEXT_NAMES.get(context, context)} setting")
    points, why = _situation(playbook, context, kind)
    score += points
    reasons += why
    has_strategy = answers.get("council_has_strategy")
    if fits.strategy != "any" and has_strategy is not None:
        fitting = (fits.strategy == "exists") == bool(has_strategy)
        score += 2 if fitting else -5
        word = "with" if fits.strategy == "exists" else "without"
        reasons.append(f"{'works' if fitting else 'is meant'} for councils {word} a strategy")
    if weeks is not None:
        enough = weeks >= fits.min_weeks
        # short of time, a shorter playbook (or one with its own short route) loses less
        short = 0 if enough else min(4, round(fits.min_weeks - weeks)) - bool(playbook.short_route)
        score += 1 if enough else -short
        need = f"needs about {fits.min_weeks} weeks"
        reasons.append(f"{need}, you have {weeks:.0f}" if not enough else f"{need}: time enough")
        if not enough and playbook.short_route:
            reasons.append("has its own short route for the time you have")
    reason = "; ".join(reasons) or playbook.summary
    return Ranked(playbook, score, reason[:1].upper() + reason[1:] + ".")


def _weeks_left(answers: Mapping[str, Any], today: dt.date | None) -> float | None:
    """Weeks until the decision: counted from the date when one is given, else the estimate."""
    target = answers.get("target_date")
    if isinstance(target, dt.date) and today is not None:
        return max((target - today).days, 0) / 7
    weeks = answers.get("weeks")
    return float(weeks) if weeks is not None else None


def pick_question(ranked: Sequence[Ranked]) -> Question:
    """The question that lets a person pick one playbook or more (the best is the default)."""
    choices = tuple(Choice(item.playbook.id, item.playbook.title) for item in ranked)
    return Question(
        id="playbooks", type=QuestionType.MULTI_CHOICE, label="Which playbook will you follow?",
        help="Type a number from the list above, or an id; several, separated by commas, make "
        "one campaign.",
        choices=choices, default=ranked[0].playbook.id if ranked else None,
        origin="advocate plan", list_choices=False,
    )  # fmt: skip


def run_triage(
    playbooks: Sequence[Playbook],
    sources: Sequence[AnswerSource],
    asker: Prompter,
    *,
    today: dt.date,
    kind: str | None = None,
) -> tuple[dict[str, Any], list[Ranked]]:
    """Ask the triage questions and rank the playbooks.

    Args:
        playbooks: The candidates.
        sources: Where answers come from before anyone is asked.
        asker: Asks what the sources do not answer.
        today: Counts the weeks left.
        kind: The council's kind from its procedure card, if known.

    Returns:
        The parsed triage answers and the ranked playbooks.
    """
    collected = collect_answers(triage_questions(), sources, asker, today=today)
    return collected.values, rank_playbooks(playbooks, collected.values, today=today, kind=kind)


def triage_settings(answers: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Campaign settings the triage already answered.

    A decision date given is the target date; rough weeks give only ``estimated_target_date``,
    which due dates may count from but which no question takes as its default.
    """
    settings = {
        "municipal_context": answers.get("municipal_context"),
        "council_has_strategy": answers.get("council_has_strategy"),
        "target_date": answers.get("target_date"),
    }
    if answers.get("target_date") is None and answers.get("weeks") is not None:
        settings["estimated_target_date"] = today + dt.timedelta(weeks=int(answers["weeks"]))
    return settings
