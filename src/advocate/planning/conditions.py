"""Which steps apply to a campaign: the names ``when`` conditions see, and the steps they keep.

The walk asks the questions of these steps; the action plan lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from advocate import questions as q
from advocate.errors import AdvocateError
from advocate.planning.campaign import Campaign
from advocate.planning.models import Playbook, Step
from advocate.templating import evaluate_condition


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
    context = condition_context(campaign, playbooks, today)
    return [
        step
        for step in playbook.steps
        if not step.when
        or evaluate_condition(step.when, context, origin=f"{playbook.path}:{step.line}")
    ]
