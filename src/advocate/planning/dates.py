"""Due dates: each step is due a number of days (its ``lead_days``) before the target date.

The walk shows them as it reaches a step and the action plan lists them; both read them here.
"""

from __future__ import annotations

import datetime as dt

from advocate.planning.models import Step


def due_date(step: Step, target: dt.date | None) -> dt.date | None:
    """The date a step should be done by: ``lead_days`` before the target date.

    Args:
        step: The step (``lead_days`` may be unset).
        target: The campaign's target date, if it has one.

    Returns:
        The due date, or ``None`` when the step or the campaign gives no date to count from.
    """
    if target is None or step.lead_days is None:
        return None
    return target - dt.timedelta(days=step.lead_days)
