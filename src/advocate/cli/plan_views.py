"""How ``advocate plan`` looks: step panels, drafting offers, the action plan table."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from advocate.errors import AdvocateError

if TYPE_CHECKING:
    from rich.console import Console

    from advocate.cli.plan_session import PlanSession
    from advocate.planning.action_plan import ActionPlan
    from advocate.planning.campaign import Campaign
    from advocate.planning.walk import StepView


class StepPanels:
    """A :class:`advocate.planning.walk.PlanReporter` that shows each step in a rich panel."""

    def __init__(self, session: PlanSession) -> None:
        self.session = session
        self.console = session.output.err_console()

    def step_started(self, view: StepView) -> None:
        """Show the step's number, title and guidance (one line for a finished step)."""
        from rich.markup import escape
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
            if self.session.interactive and self._confirm(f"Draft the {doctype} now?"):
                self._draft(campaign, doctype, view.step.id)
            else:
                self.session.output.info(
                    f"Suggested document: {doctype}. Draft it later with: "
                    f"advocate draft {doctype} --campaign {campaign.path}"
                )

    def _confirm(self, text: str) -> bool:
        from rich.prompt import Confirm

        return bool(Confirm.ask(text, console=self.console, default=False))

    def _draft(self, campaign: Campaign, doctype: str, step_id: str) -> None:
        from advocate.planning.drafting import draft_from_campaign

        session = self.session
        try:
            result = draft_from_campaign(
                campaign, doctype, now=session.now, step=step_id, sources=session.sources(),
                fallback=session.fallback(), prompter=session.prompter(),
                out_dir=campaign.path.parent, letterhead=session.letterhead(),
                overwrite=bool(session.options.get("overwrite")),
            )  # fmt: skip
        except AdvocateError as err:  # one document failing should not end the walk
            session.output.warn(str(err))
            return
        for written in result.files:
            session.output.status(written.action, written.path)


@contextlib.contextmanager
def keep_progress(session: PlanSession) -> Iterator[None]:
    """On Ctrl-C or a closed terminal, say that nothing is lost and how to go on."""
    try:
        yield
    except (KeyboardInterrupt, click.Abort, EOFError):
        campaign = session.campaign
        if campaign is not None:
            session.output.info(
                f"\nYour answers are saved in {campaign.path}.\n"
                f"Go on with: advocate plan --resume --campaign {campaign.path}"
            )
        raise KeyboardInterrupt from None


def print_plan(console: Console, plan: ActionPlan) -> None:
    """The action plan as a table: step, due date, documents, status."""
    from rich.table import Table

    from advocate.planning.action_plan import format_due

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
