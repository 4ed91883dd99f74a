"""Every campaign in a folder at a glance: what is due next, across all of them.

``advocate plan status --all [FOLDER]`` reads each ``*.campaign.yaml`` in the folder (without
changing it: no migration, no save), builds its action plan, and lists the steps still to do
and the council's procedure deadlines no step stands for, earliest first; steps with no date
come last. A file that cannot be read is listed with its problem instead of stopping the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError
from advocate.planning.action_plan import ActionPlan, action_plan
from advocate.planning.campaign import CAMPAIGN_SUFFIX, Campaign, load_campaign
from advocate.planning.models import FINISHED
from advocate.planning.playbooks import resolve_playbook
from advocate.planning.procedure import Procedure

ProcedureOf = Callable[[Campaign], Procedure]
"""The council's deadlines for a campaign's decision meeting (the CLI resolves the card)."""


@dataclass(frozen=True)
class DueItem:
    """One thing to do by a date, in one campaign.

    Attributes:
        day: The date, or ``None`` (no date yet, or a deadline the card leaves unknown).
        campaign: The campaign file.
        plan: The campaign's title (its playbooks).
        what: The step's title, or the procedure deadline's label.
        origin: Where the date comes from.
        past_due: The date has passed and the step is not finished.
        at: The exact moment, for a procedure deadline with a stated time.
    """

    day: dt.date | None
    campaign: Path
    plan: str
    what: str
    origin: str = ""
    past_due: bool = False
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Overview:
    """The campaigns of a folder and what is due in them, earliest first."""

    folder: Path
    campaigns: tuple[Path, ...]
    items: tuple[DueItem, ...]
    problems: tuple[tuple[Path, str], ...] = ()


def campaign_files(folder: Path) -> list[Path]:
    """The campaign files in ``folder`` (not its sub-folders), by name."""
    return sorted(path for path in folder.glob(f"*{CAMPAIGN_SUFFIX}") if path.is_file())


def folder_overview(
    folder: Path,
    *,
    today: dt.date,
    procedure_of: ProcedureOf,
    playbook_dirs: Sequence[Path] = (),
) -> Overview:
    """What is due next across every campaign in ``folder``.

    Args:
        folder: Where the campaign files are.
        today: Decides what is past due.
        procedure_of: The council's deadlines for a campaign (or an empty procedure).
        playbook_dirs: User playbook folders, searched before the built-in playbooks.

    Returns:
        The campaigns, their due items (earliest first, undated last) and unreadable files.
    """
    paths = campaign_files(folder)
    items: list[DueItem] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        try:
            campaign = load_campaign(path)
            playbooks = [resolve_playbook(ref.id, playbook_dirs) for ref in campaign.playbooks]
            plan = action_plan(campaign, playbooks, today=today, procedure=procedure_of(campaign))
        except AdvocateError as err:
            problems.append((path, str(err)))
            continue
        items += _items(plan, today)
    items.sort(key=lambda item: (item.day is None, item.day or today, item.campaign.name))
    return Overview(folder, tuple(paths), tuple(items), tuple(problems))


def _items(plan: ActionPlan, today: dt.date) -> list[DueItem]:
    found = [
        DueItem(row.due, plan.campaign, plan.title, row.title, row.due_origin, row.past_due)
        for row in plan.rows
        if row.status not in FINISHED
    ]
    card = plan.procedure.card
    if card is None:
        return found
    origins = [row.due_origin for row in plan.rows]
    for item in plan.procedure.deadlines:
        for deadline in (item.deadline, *item.others) if item.deadline else ():
            if any(origin.startswith(deadline.explanation) for origin in origins):
                continue  # a step hangs on it and is listed (or finished) already
            day = deadline.at.date()
            found.append(
                DueItem(day, plan.campaign, plan.title, f"{item.label} ({card.name})",
                        deadline.explanation, day < today,
                        deadline.at if deadline.time_known else None)
            )  # fmt: skip
    return found
