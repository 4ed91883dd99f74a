"""How ``advocate plan`` looks: step panels, drafting offers, the ranking and the action plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from advocate import locales
from advocate.cli.console import Output
from advocate.cli.prompter import RichPrompter
from advocate.planning.action_plan import ActionPlan, format_due
from advocate.planning.campaign import Campaign
from advocate.planning.overview import Overview
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

    def __init__(
        self, output: Output, *, interactive: bool, draft_now: DraftNow, locale: str | None = None
    ) -> None:
        self.output = output
        self.console = output.err_console()
        self.interactive = interactive
        self.draft_now = draft_now
        self.locale = locale

    def step_started(self, view: StepView) -> None:
        """Show the step's number, title, guidance and due date (one line for a finished step).

        An estimated due date says so; a past one is flagged in red.
        """
        from rich.markup import escape  # rich loads only when a panel is shown
        from rich.panel import Panel

        heading = f"Step {view.number} of {view.total}: {view.step.title}"
        if not view.pending:
            self.console.print(f"[dim]{escape(heading)} (answered)[/dim]")
            return
        body = escape(view.step.guidance) + self._due(view)
        title = f"[bold]{escape(heading)}[/bold]"
        self.console.print()
        self.console.print(Panel(body, title=title, subtitle=escape(view.playbook.title)))

    def _due(self, view: StepView) -> str:
        from rich.markup import escape  # loaded with the panel that shows it

        origin = f"\n[dim]Date: {escape(view.due_origin)}.[/dim]" if view.due_origin else ""
        if view.due is None:
            return f"\n\n[bold]Due:[/bold] ask the clerk{origin}" if view.ask_clerk else ""
        marks = [word for word, on in (("estimated", view.estimated), ("past due", view.past_due))
                 if on]  # fmt: skip
        text = locales.format_date(view.due, self.locale) + (
            f" ({', '.join(marks)})" if marks else ""
        )
        line = f"[bold red]Due: {text}[/bold red]" if view.past_due else f"[bold]Due:[/bold] {text}"
        if view.estimated:
            line += (
                "\n[dim]Counted from your rough weeks: the decision date is not known yet.[/dim]"
            )
        return "\n\n" + line + origin

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
        # the same yes/no reading and error messages as every other question
        return RichPrompter(self.console).confirm(text, default=False)


def print_ranking(output: Output, ranked: Sequence[Ranked]) -> None:
    """The ranked playbooks with their reasons, as the numbered menu the pick refers to.

    One entry is two lines (title and id, then why), so the list reads well in 80 columns and
    the question that follows does not list the playbooks again.
    """
    from rich.markup import escape  # rich loads only when the ranking is shown
    from rich.table import Table

    menu = Table.grid(padding=(0, 1))
    menu.add_column(justify="right", no_wrap=True)
    menu.add_column()  # wraps under its own first letter, not under the number
    for number, item in enumerate(ranked, start=1):
        title, playbook_id = escape(item.playbook.title), escape(item.playbook.id)
        menu.add_row(f"{number}.", f"{title} [dim]({playbook_id})[/dim]")
        menu.add_row("", f"[dim]{escape(item.reason)}[/dim]")
    console = output.err_console()
    console.print("\n[bold]Playbooks that fit, best first[/bold]")
    console.print(menu)


def print_plan(console: Console, plan: ActionPlan) -> None:
    """The action plan as a table: step, due date, documents, status."""
    from rich.table import Table  # rich loads only when the table is shown

    done, total = plan.progress()
    title = f"Action plan: {plan.title} ({done} of {total} steps finished)"
    table = Table(title=title, title_justify="left", caption=_decision(plan),
                  caption_justify="left")  # fmt: skip
    for column in ("#", "step", "id", "due", "documents", "status"):
        # an id is typed back (plan status --done ID): fold a long one, never cut it short
        overflow: Literal["fold", "ellipsis"] = (
            "fold" if column in ("id", "documents") else "ellipsis"
        )
        table.add_column(column, no_wrap=column == "id", overflow=overflow)
    for row in plan.rows:
        due = format_due(row, plan.locale)
        table.add_row(
            str(row.number), row.title, row.step_id,
            f"[red]{due}[/red]" if row.past_due else due,
            ", ".join(row.documents), row.status,
        )  # fmt: skip
    console.print(table)


def _decision(plan: ActionPlan) -> str | None:
    if plan.target_date is None:
        return None
    if plan.short_notes:
        note = "\n".join(f"Time is short. {note}" for note in plan.short_notes)
        rest = _procedure_caption(plan)
        return note + ("\n" + rest if rest else "")
    return _procedure_caption(plan)


def _procedure_caption(plan: ActionPlan) -> str | None:
    if plan.target_date is None:
        return None
    card = plan.procedure.card
    if plan.procedure.applies and card is not None:
        lines = [f"Decision date: {plan.date(plan.target_date)}. Procedure: {card.name} "
                 "(check it with the clerk)."]  # fmt: skip
        return "\n".join(lines + [f"- {item.text(card)}" for item in plan.procedure.deadlines])
    if plan.target_estimated:
        return (
            f"Estimated decision date: {plan.date(plan.target_date)}. Give the real one with "
            f"'advocate plan --resume --campaign {plan.campaign} --target-date YYYY-MM-DD'."
        )
    return f"Decision date: {plan.date(plan.target_date)}."


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_json(plan: ActionPlan) -> dict[str, object]:
    """The JSON shape of an action plan (documented in the README)."""
    return {
        "title": plan.title,
        "campaign": str(plan.campaign),
        "municipal_context": plan.municipal_context,
        # as in the campaign file: an estimate from rough weeks is never the target date
        "target_date": None if plan.target_estimated else _iso(plan.target_date),
        "estimated_target_date": _iso(plan.target_date) if plan.target_estimated else None,
        "steps": [
            {
                "playbook": row.playbook_id,
                "step": row.step_id,
                "number": row.number,
                "title": row.title,
                "due": row.due.isoformat() if row.due else None,
                "due_origin": row.due_origin or None,
                "ask_clerk": row.ask_clerk,
                "past_due": row.past_due,
                "due_estimated": row.estimated,
                "documents": list(row.documents),
                "status": row.status,
                "short_route": row.short_route,
            }
            for row in plan.rows
        ],  # fmt: skip
        "documents": [{"doctype": d, "path": p, "drafted": when} for d, p, when in plan.drafted],
        "procedure": _procedure_json(plan),
        "short_route": list(plan.short_notes),
    }


def _procedure_json(plan: ActionPlan) -> dict[str, object] | None:
    card = plan.procedure.card
    if not plan.procedure.applies or card is None:
        return None
    return {
        "council": card.id,
        "time_zone": card.time_zone,
        "deadlines": [
            {
                "deadline": item.name,
                "at": item.deadline.at.isoformat() if item.deadline else None,
                "time_known": item.deadline.time_known if item.deadline else False,
                "text": item.text(card),
                "source": item.deadline.source if item.deadline else None,
            }
            for item in plan.procedure.deadlines
        ],
    }


def print_overview(console: Console, found: Overview) -> None:
    """Every campaign's next steps and deadlines, earliest first, as one table."""
    from rich.table import Table  # rich loads only when the table is shown

    if not found.campaigns:
        console.print(f"No campaign files (*.campaign.yaml) in {found.folder}.")
        return
    title = f"What is due: {len(found.campaigns)} campaign(s) in {found.folder}"
    table = Table(title=title, title_justify="left")
    for column in ("due", "campaign", "what", "where the date comes from"):
        table.add_column(column, overflow="fold")
    for item in found.items:
        when = item.at.strftime("%Y-%m-%d %H:%M") if item.at else _iso(item.day) or "no date"
        table.add_row(f"[red]{when} (past due)[/red]" if item.past_due else when,
                      item.campaign.name, item.what, item.origin)  # fmt: skip
    console.print(table)


def overview_json(found: Overview) -> dict[str, object]:
    """The JSON shape of ``plan status --all``."""
    return {
        "folder": str(found.folder),
        "campaigns": [str(path) for path in found.campaigns],
        "due": [
            {
                "date": _iso(item.day),
                "at": item.at.isoformat() if item.at else None,
                "campaign": str(item.campaign),
                "plan": item.plan,
                "what": item.what,
                "origin": item.origin or None,
                "past_due": item.past_due,
            }
            for item in found.items
        ],  # fmt: skip
        "problems": [{"campaign": str(path), "problem": text} for path, text in found.problems],
    }
