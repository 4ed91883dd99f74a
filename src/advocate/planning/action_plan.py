"""The action plan of a campaign: its active steps with due dates, documents and status.

It shows as a table in the terminal and exports as a Markdown checklist or as a Word document
on the letterhead (the same Markdown, rendered by the Word writer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.api import docx_writer
from advocate.errors import AdvocateError
from advocate.markdown_escape import escape_markdown, escape_paragraphs
from advocate.models import DocumentMeta, WrittenFile
from advocate.outputs import write_atomic
from advocate.planning.campaign import Campaign
from advocate.planning.conditions import active_steps
from advocate.planning.dates import due_date
from advocate.planning.models import Playbook

EXPORT_FORMATS = (".md", ".docx")


@dataclass(frozen=True)
class PlanRow:
    """One step of the action plan."""

    playbook_id: str
    step_id: str
    number: int
    title: str
    guidance: str
    due: dt.date | None
    documents: tuple[str, ...]
    status: str
    past_due: bool


@dataclass(frozen=True)
class ActionPlan:
    """A campaign's steps, in order, ready to show or export."""

    title: str
    campaign: Path
    municipal_context: str | None
    target_date: dt.date | None
    rows: tuple[PlanRow, ...]
    drafted: tuple[tuple[str, str], ...] = ()  # (doctype, path)

    def progress(self) -> tuple[int, int]:
        """How many steps are finished (done or skipped) out of all of them."""
        finished = sum(1 for row in self.rows if row.status != "todo")
        return finished, len(self.rows)


def action_plan(campaign: Campaign, playbooks: Sequence[Playbook], *, today: dt.date) -> ActionPlan:
    """Build the action plan: each active step with its due date, documents and status.

    A step still to do whose due date is before ``today`` is flagged as past due.

    Args:
        campaign: The campaign (its answers decide which steps are active).
        playbooks: The campaign's playbooks.
        today: The date that decides what is past due.

    Returns:
        The plan, in step order.
    """
    rows = []
    for playbook in playbooks:
        for number, step in enumerate(active_steps(playbook, campaign, playbooks, today), start=1):
            due = due_date(step, campaign.target_date)
            status = campaign.step_state(playbook.id, step.id).status
            rows.append(
                PlanRow(playbook.id, step.id, number, step.title, step.guidance, due,
                        step.documents, status, past_due=due is not None and due < today
                        and status == "todo")
            )  # fmt: skip
    return ActionPlan(
        title=" + ".join(playbook.title for playbook in playbooks),
        campaign=campaign.path,
        municipal_context=campaign.municipal_context,
        target_date=campaign.target_date,
        rows=tuple(rows),
        drafted=tuple((doc.doctype, doc.path) for doc in campaign.documents),
    )


def format_due(row: PlanRow) -> str:
    """The due date as shown in tables and checklists ('' when there is none)."""
    if row.due is None:
        return ""
    text = f"{row.due.day} {row.due:%B %Y}"
    return f"{text} (past due)" if row.past_due else text


def plan_markdown(plan: ActionPlan) -> str:
    """The action plan as a Markdown checklist with guidance, due dates and documents."""
    lines = [f"# Action plan: {escape_markdown(plan.title)}", ""]
    if plan.target_date:
        lines += [f"Decision date: **{plan.target_date.day} {plan.target_date:%B %Y}**", ""]
    if plan.municipal_context:
        lines += [f"Municipal context: {escape_markdown(plan.municipal_context)}", ""]
    done, total = plan.progress()
    lines += [f"Progress: {done} of {total} steps finished.", ""]
    for row in plan.rows:
        mark = {"done": "x", "skipped": "-"}.get(row.status, " ")
        due = f", due {format_due(row)}" if row.due else ""
        lines += [f"## [{mark}] {row.number}. {escape_markdown(row.title)}{due}", ""]
        if row.status == "skipped":
            lines += ["*Skipped.*", ""]
        lines += [escape_paragraphs(row.guidance), ""]
        if row.documents:
            docs = ", ".join(row.documents)
            lines += [f"Documents: {escape_markdown(docs)}", ""]
    if plan.drafted:
        lines += ["## Documents drafted", ""]
        lines += [f"- {escape_markdown(doctype)}: {escape_markdown(path)}"
                  for doctype, path in plan.drafted]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def export_plan(
    plan: ActionPlan,
    path: Path,
    *,
    now: dt.datetime,
    author: str = "",
    letterhead: Path | None = None,
    overwrite: bool = False,
) -> WrittenFile:
    """Write the action plan as ``.md`` or ``.docx`` (chosen by the file's extension).

    Args:
        plan: The action plan.
        path: The file to write.
        now: The time the Word document is stamped with.
        author: The organisation, for the Word document's properties and header.
        letterhead: A ``.docx`` letterhead (default: the built-in one).
        overwrite: Replace an existing file.

    Returns:
        What was written.

    Raises:
        AdvocateError: The extension is neither ``.md`` nor ``.docx``.
        OutputExistsError: The file exists and ``overwrite`` is false.
    """
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        msg = f"Cannot export an action plan as '{path.name}': use a .md or .docx file name."
        raise AdvocateError(msg)
    text = plan_markdown(plan)
    if suffix == ".md":
        return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)
    meta = DocumentMeta(title=f"Action plan: {plan.title}", author=author, created=now,
                        header_text=author)  # fmt: skip
    data = docx_writer(letterhead).render(text, meta)
    return write_atomic(path, data, overwrite=overwrite)
