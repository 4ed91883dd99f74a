"""Due dates from a council's own procedure: its deadlines for the decision meeting, and the steps.

With a procedure card and the decision meeting's date, a step that hangs on a procedure deadline
(``deadline: registration`` or ``written_submission``) is due when the council's rule says, and
the steps before it keep the playbook's spacing but count back from that real date. A deadline
the card leaves unknown gives no date: the plan says to ask the clerk. Without a card, or
without a meeting date, due dates are the playbook's ``lead_days``, shown as general guidance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.council.deadlines import compute_deadlines
from advocate.council.models import UNKNOWN_TEXT, Card, Deadline
from advocate.council.store import is_file_reference, resolve_card
from advocate.planning.models import STEP_DEADLINES, Step

DEADLINE_LABELS = {
    "registration": "Register to speak",
    "written_submission": "Written submission",
}
DEADLINE_NOUNS = {
    "registration": "registration deadline",
    "written_submission": "written-submission deadline",
}
GENERAL = "general guidance"


def card_reference(ref: str) -> str:
    """What a campaign file keeps for ``--council``: a card file's full path, else the name.

    Raises:
        AdvocateError: No card has that name, or the card file is unreadable or invalid.
    """
    resolve_card(ref)  # refuse a wrong name before it is saved
    return str(Path(ref).expanduser().resolve()) if is_file_reference(ref) else ref


@dataclass(frozen=True)
class ProcedureDeadline:
    """One procedure deadline of the decision meeting, computed or unknown.

    Attributes:
        name: ``registration`` or ``written_submission``.
        label: What it is, for people ("Register to speak").
        deadline: The earliest deadline the card's rules give, or ``None`` when unknown.
        others: Further rules' deadlines (for another meeting body, say), latest last.
    """

    name: str
    label: str
    deadline: Deadline | None
    others: tuple[Deadline, ...] = ()

    @property
    def day(self) -> dt.date | None:
        """The day it falls on, or ``None`` when the card does not state the rule."""
        return self.deadline.at.date() if self.deadline else None

    def text(self, card: Card) -> str:
        """The deadline in words with the rule and the source, or "ask the clerk"."""
        if self.deadline is None:
            return f"{self.label}: {UNKNOWN_TEXT} ({card.name}'s card does not state the rule)"
        lines = [deadline_text(self.deadline)]
        lines += [deadline_text(other) for other in self.others]
        text = "; ".join(lines)
        return text[:1].upper() + text[1:]


def deadline_text(deadline: Deadline) -> str:
    """One deadline in words, with its source and any warning."""
    source = f" (source: {deadline.source})" if deadline.source else ""
    warning = f" [{deadline.warning}]" if deadline.warning else ""
    return f"{deadline.explanation}{source}{warning}"


@dataclass(frozen=True)
class Procedure:
    """A council's deadlines for one decision meeting (or nothing, for general guidance)."""

    card: Card | None = None
    meeting: dt.date | None = None
    deadlines: tuple[ProcedureDeadline, ...] = ()

    @property
    def applies(self) -> bool:
        """Whether due dates come from the council's procedure (a card and a meeting date)."""
        return self.card is not None and self.meeting is not None

    def deadline(self, name: str) -> ProcedureDeadline | None:
        """The procedure deadline ``name``, if the procedure applies."""
        for item in self.deadlines:
            if item.name == name:
                return item
        return None


def procedure_for(card: Card | None, meeting: dt.date | None, *, now: dt.datetime) -> Procedure:
    """The registration and written-submission deadlines of ``card`` for ``meeting``.

    Args:
        card: The council's procedure card, or ``None`` for general guidance.
        meeting: The decision meeting's date (not an estimate), or ``None``.
        now: The present moment: a deadline already passed carries a warning.
    """
    if card is None or meeting is None:
        return Procedure(card=card, meeting=meeting)
    computed = compute_deadlines(card, meeting, now=now)
    items = []
    for name, key in STEP_DEADLINES.items():
        found = [deadline for deadline in computed if deadline.key == key]
        first = found[0] if found else None
        items.append(ProcedureDeadline(name, DEADLINE_LABELS[name], first, tuple(found[1:])))
    return Procedure(card=card, meeting=meeting, deadlines=tuple(items))


@dataclass(frozen=True)
class StepDue:
    """A step's due date and where it comes from.

    Attributes:
        due: The date, or ``None`` (no date to count from, or a deadline the card leaves unknown).
        origin: Where the date comes from, in words ("register to speak by 4:30 p.m., ... —
            City of Toronto: ..."), or '' when there is nothing to say.
        from_procedure: Whether the date rests on the council's procedure card.
        ask_clerk: The step hangs on a deadline the card leaves unknown.
    """

    due: dt.date | None
    origin: str = ""
    from_procedure: bool = False
    ask_clerk: bool = False  # the step hangs on a deadline the card leaves unknown
    on_rule: bool = False  # the date is the council's deadline itself, not counted from it


def step_dues(steps: Sequence[Step], target: dt.date | None, procedure: Procedure) -> list[StepDue]:
    """The due date of each step, in order.

    A step with ``deadline:`` is due on that procedure deadline. Any other step is due as many
    days before the next step with a known procedure deadline as the playbook's ``lead_days``
    put between them. Without a card (or a meeting date), ``lead_days`` count back from
    ``target`` as general guidance.
    """
    if not procedure.applies or procedure.card is None:
        return [_general(step, target) for step in steps]
    card = procedure.card
    dues: list[StepDue] = []
    for index, step in enumerate(steps):
        if step.deadline:
            dues.append(_hung(step, procedure, card))
            continue
        anchor = _next_anchor(steps[index + 1 :], procedure)
        if anchor is None or step.lead_days is None:
            dues.append(_general(step, target))
            continue
        after, item = anchor
        day = item.day
        assert day is not None and after.lead_days is not None  # _next_anchor checked both
        gap = max(step.lead_days - after.lead_days, 0)
        due = day - dt.timedelta(days=gap)
        when = f"{gap} days before" if gap else "by"
        dues.append(StepDue(due, f"{when} the {DEADLINE_NOUNS[item.name]} ({card.name})", True))
    return dues


def _general(step: Step, target: dt.date | None) -> StepDue:
    if target is None or step.lead_days is None:
        return StepDue(None)
    due = target - dt.timedelta(days=step.lead_days)
    days = f"{step.lead_days} days before the meeting" if step.lead_days else "the meeting day"
    return StepDue(due, f"{GENERAL}: {days}")


def _hung(step: Step, procedure: Procedure, card: Card) -> StepDue:
    item = procedure.deadline(step.deadline or "")
    if item is None or item.deadline is None:
        noun = DEADLINE_NOUNS.get(step.deadline or "", "deadline")
        origin = f"the {noun} is {UNKNOWN_TEXT} ({card.name}); no date is guessed"
        return StepDue(None, origin, True, ask_clerk=True)
    return StepDue(item.day, deadline_text(item.deadline), True, on_rule=True)


def _next_anchor(
    later: Sequence[Step], procedure: Procedure
) -> tuple[Step, ProcedureDeadline] | None:
    for step in later:
        item = procedure.deadline(step.deadline or "")
        if item is not None and item.day is not None and step.lead_days is not None:
            return step, item
    return None
