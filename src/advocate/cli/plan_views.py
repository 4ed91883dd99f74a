"""How ``advocate plan`` looks: step panels, drafting offers, the ranking and the action plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from advocate.cli.console import Output, print_table
from advocate.planning.action_plan import ActionPlan, format_due
from advocate.planning.campaign import Campaign
from advocate.planning.triage import Ranked
from advocate.planning.walk import StepView

if TYPE_CHECKING:
    from rich.console import Console

DraftNow = Callable[[Campaign, str, str], None]
"""Draft a document of a campaign now: ``(campaign, doctype, step id)``."""


class StepPanels:
    """A :class:`advocate.planning.walk.PlanReporter` that shows each step in a rich panel.

    At a terminal it offers to draft each document a step suggests, through ``draft_now``.
    """

    def __init__(self, output: Output, *, interactive: bool, draft_now: DraftNow) -> None:
        self.output = output
        self.console = output.err_console()
        self.interactive = interactive
        self.draft_now = draft_now

    def step_started(self, view: StepView) -> None:
        """Show the step's number, title and guidance (one line for a finished step)."""
        from rich.markup import escape  # rich loads only when a panel is shown
        from rich.panel import Panel

        heading = f"Step {view.number} of {view.total}: {view.step.title}"
        if not view.pending:
            self.console.print(f"[dim]{escape(heading)} (answered)[/dim]")
            return
        due = f"\n\n[bold]Due:[/bold] {view.due:%d %B %Y}" if view.due else ""
        body = escape(view.step.guidance) + due
        title = f"[bold]{escape(heading)}[/bold]"
        self.console.print()
        self.console.print(Panel(body, title=title, subtitle=escape(view.playbook.title)))

    def step_finished(self, view: StepView, campaign: Campaign) -> None:
        """List the step's documents and, at a terminal, offer to draft each now."""
        if not view.step.documents or not view.pending:
            return
        for doctype in view.step.documents:
            if self.interactive and self._confirm(f"Draft the {doctype} now?"):
                self.draft_now(campaign, doctype, view.step.id)
            else:
                self.output.info(
                    f"Suggested document: {doctype}. Draft it later with: "
                    f"advocate draft {doctype} --campaign {campaign.path}"
                )

    def _confirm(self, text: str) -> bool:
        from rich.prompt import Confirm  # rich loads only when a person is asked

        return bool(Confirm.ask(text, console=self.console, default=False))


def print_ranking(output: Output, ranked: Sequence[Ranked]) -> None:
    """The ranked playbooks with their reasons (on stderr: it is commentary)."""
    rows = [(i, r.playbook.id, r.playbook.title, r.reason) for i, r in enumerate(ranked, 1)]
    print_table(output.err_console(), "Playbooks that fit", ["#", "id", "title", "why"], rows)


def print_plan(console: Console, plan: ActionPlan) -> None:
    """The action plan as a table: step, due date, documents, status."""
    from rich.table import Table  # rich loads only when the table is shown

    done, total = plan.progress()
    table = Table(title=f"Action plan: {plan.title} ({done} of {total} steps finished)",
                  title_justify="left")  # fmt: skip
    for column in ("#", "step", "id", "due", "documents", "status"):
        table.add_column(column)
    for row in plan.rows:
        due = format_due(row)
        table.add_row(
            str(row.number), row.title, row.step_id,
            f"[red]{due}[/red]" if row.past_due else due,
            ", ".join(row.documents), row.status,
        )  # fmt: skip
    console.print(table)


def plan_json(plan: ActionPlan) -> dict[str, object]:
    """The JSON shape of an action plan (documented in the README)."""
    return {
        "title": plan.title,
        "campaign": str(plan.campaign),
        "municipal_context": plan.municipal_context,
        "target_date": plan.target_date.isoformat() if plan.target_date else None,
        "steps": [
            {
                "playbook": row.playbook_id,
                "step": row.step_id,
                "number": row.number,
                "title": row.title,
                "due": row.due.isoformat() if row.due else None,
                "past_due": row.past_due,
                "documents": list(row.documents),
                "status": row.status,
            }
            for row in plan.rows
        ],  # fmt: skip
        "documents": [{"doctype": d, "path": p} for d, p in plan.drafted],
    }
