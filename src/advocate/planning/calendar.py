"""The action plan as an iCalendar file (``.ics``), for Outlook, Google Calendar and Thunderbird.

One event per step due date (an all-day event) and one per procedure deadline of the decision
meeting (at the council's stated time, in the time zone of its procedure card; all-day when
the card gives no time). Each event's UID is stable, so importing the file again updates the
events instead of doubling them. Nothing is invented: a step or deadline without a date has no
event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from pathlib import Path

from icalendar import Calendar, Event

from advocate.models import WrittenFile
from advocate.outputs import write_atomic
from advocate.planning.action_plan import ActionPlan, PlanRow
from advocate.planning.procedure import deadline_text

PRODID = "-//advocate//action plan//EN"
STEP_STATUS = {"done": "COMPLETED", "skipped": "CANCELLED"}  # anything else: TENTATIVE


def plan_calendar(plan: ActionPlan, *, now: dt.datetime) -> Calendar:
    """The plan's due dates and procedure deadlines as a calendar.

    Args:
        plan: The action plan.
        now: The moment the events are stamped with (DTSTAMP).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Action plan: {plan.title}")
    stamp = now.astimezone(dt.UTC)
    for row in plan.rows:
        if row.due is not None:
            calendar.add_component(_step_event(plan, row, stamp))
    card = plan.procedure.card
    if plan.procedure.applies and card is not None:
        zone = zoneinfo.ZoneInfo(card.time_zone)
        for item in plan.procedure.deadlines:
            for deadline in (item.deadline, *item.others) if item.deadline else ():
                event = Event()
                event.add("uid", _uid(plan, f"{item.name}-{deadline.at.isoformat()}"))
                event.add("dtstamp", stamp)
                applies = f" ({deadline.rule.applies_to})" if deadline.rule.applies_to else ""
                event.add("summary", f"{item.label} — {card.name}{applies}")
                if deadline.time_known:
                    event.add("dtstart", deadline.at.astimezone(zone))
                    event.add("duration", dt.timedelta(minutes=30))
                else:
                    _all_day(event, deadline.at.date())
                event.add("description", deadline_text(deadline))  # the rule and its source
                calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar


def _step_event(plan: ActionPlan, row: PlanRow, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", _uid(plan, f"{row.playbook_id}-{row.step_id}"))
    event.add("dtstamp", stamp)
    event.add("summary", f"{row.number}. {row.title}")
    _all_day(event, row.due or dt.date.min)
    lines = []
    if row.due_origin:
        lines.append(f"Date: {row.due_origin}.")
    if row.estimated:
        lines.append("Estimated: counted from rough weeks, not the meeting date.")
    lines.append(row.guidance)
    event.add("description", "\n\n".join(lines))
    event.add("status", STEP_STATUS.get(row.status, "TENTATIVE"))
    return event


def _all_day(event: Event, day: dt.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy


def _uid(plan: ActionPlan, what: str) -> str:
    digest = hashlib.sha1(f"{plan.campaign.name}/{what}".encode(), usedforsecurity=False)
    return f"{digest.hexdigest()[:20]}@advocate"


def export_calendar(
    plan: ActionPlan, path: Path, *, now: dt.datetime, overwrite: bool = False
) -> WrittenFile:
    """Write the plan as an ``.ics`` file.

    Raises:
        OutputExistsError: The file exists and ``overwrite`` is false.
    """
    return write_atomic(path, plan_calendar(plan, now=now).to_ical(), overwrite=overwrite)
