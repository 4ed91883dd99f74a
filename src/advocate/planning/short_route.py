"""The short route: what to do when the decision is nearer than a playbook's ``min_weeks``.

A full playbook with three weeks to go is a list of steps already past due. The short route is
what an experienced organisation would do instead: make a realistic ask, take it straight to
the people who can act, send a written submission and speak. A playbook may define its own
(``short_route:``); otherwise the default below is offered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from advocate.planning.campaign import Campaign
from advocate.planning.conditions import active_steps
from advocate.planning.models import Playbook, Step

DEFAULT_ROUTE = (
    Step(
        id="shrink-the-ask",
        title="Turn the ask into one council can grant this time",
        lead_days=14,
        guidance=(
            "There is no time to win a new programme from scratch, so ask for a step council can "
            "take at this meeting: an amendment to the item already on the agenda, a direction "
            "to staff to report back by a date, a small pilot, or a line in next year's budget. "
            "Read the staff report on the item first; the realistic ask usually fits inside what "
            "it already recommends (see: advocate glossary report back)."
        ),
        documents=("motion",),
    ),
    Step(
        id="ask-directly",
        title="Ask the people who can act, directly",
        lead_days=10,
        guidance=(
            "Phone and email the ward councillor, the chair of the committee and the mayor's "
            "office, and ask the chief administrator's office which staff member owns the item. "
            "Ask one councillor to move your amendment or direction and another to second it "
            "(see: advocate glossary mover and seconder). A one-page note is enough."
        ),
        documents=("briefing-note",),
    ),
    Step(
        id="send-submission",
        title="Send the written submission",
        lead_days=7,
        deadline="written_submission",
        guidance=(
            "Write to the committee or council through the clerk, naming the agenda item, your "
            "realistic ask and two or three reasons. Written comments reach every member even if "
            "you cannot speak, so send them by the council's deadline (see: advocate glossary "
            "written submission)."
        ),
        documents=("deputation-letter",),
    ),
    Step(
        id="speak-at-the-meeting",
        title="Register, speak, and follow up the outcome",
        lead_days=1,
        deadline="registration",
        guidance=(
            "Register to speak by the deadline, ask the clerk early about interpretation, and "
            "rehearse to the time limit: who you are, the ask, one fact, one story, the ask "
            "again. Afterwards note what council did (adopted, referred, deferred, received for "
            "information) and any report-back date, and thank the mover and seconder (see: "
            "advocate glossary refer)."
        ),
        documents=("deputation-letter", "thank-you-letter"),
    ),
)


def weeks_left(campaign: Campaign, today: dt.date) -> float | None:
    """Weeks from ``today`` to the decision (the target date, or its estimate), if known."""
    target, _ = campaign.due_basis()
    return None if target is None else max((target - today).days, 0) / 7


def is_short(playbook: Playbook, campaign: Campaign, today: dt.date) -> bool:
    """Whether the decision is nearer than the playbook needs (``fits.min_weeks``)."""
    weeks = weeks_left(campaign, today)
    return weeks is not None and weeks < playbook.fits.min_weeks


def route(playbook: Playbook) -> tuple[Step, ...]:
    """The playbook's own short route, or the default one."""
    return playbook.short_route or DEFAULT_ROUTE


def plan_steps(
    playbook: Playbook, campaign: Campaign, playbooks: Sequence[Playbook], today: dt.date
) -> tuple[list[Step], bool]:
    """The steps the plan shows: the short route when time is short, else the active steps.

    Returns:
        The steps and whether they are the short route.
    """
    if is_short(playbook, campaign, today):
        return list(route(playbook)), True
    return active_steps(playbook, campaign, playbooks, today), False


def short_note(playbook: Playbook, campaign: Campaign, today: dt.date) -> str:
    """One sentence saying why the short route is offered."""
    weeks = weeks_left(campaign, today) or 0
    return (
        f"{playbook.title}: the full playbook needs about {playbook.fits.min_weeks} weeks and "
        f"the decision is {weeks:.0f} week{'' if round(weeks) == 1 else 's'} away, so this plan "
        "is the short route. Your answers and the full steps stay in the campaign for the next "
        "cycle."
    )
