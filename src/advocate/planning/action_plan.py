"""The action plan of a campaign: its active steps with due dates, documents and status.

It shows as a table in the terminal and exports as a Markdown checklist or as a Word document
on the letterhead (the same Markdown, rendered by the Word writer). The export reads as a
document: an overview table of the steps and their status, then one section per step headed by
a check box (☐ to do, ☑ done, ☒ skipped), with labels instead of ids (the municipal context,
the titles of document types) and dates written the locale's way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate import locales
from advocate.api import docx_writer
from advocate.errors import AdvocateError
from advocate.markdown_escape import escape_markdown, escape_paragraphs
from advocate.models import FORMATS, DocumentMeta, WrittenFile
from advocate.outputs import write_atomic
from advocate.pdf import docx_to_pdf, find_soffice
from advocate.planning.campaign import Campaign
from advocate.planning.models import CONTEXT_LABELS, FINISHED, Playbook, Step
from advocate.planning.procedure import Procedure, StepDue, step_dues
from advocate.planning.short_route import plan_steps, short_note
from advocate.templates import load_template

# chosen by the file name's extension; .ics is written by advocate.planning.calendar
EXPORT_FORMATS = (*(f".{fmt}" for fmt in FORMATS), ".ics")


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
    estimated: bool = False
    due_origin: str = ""  # where the date comes from: a council's rule, or general guidance
    ask_clerk: bool = False  # it hangs on a deadline the council's card leaves unknown
    short_route: bool = False  # a move of the short route, not a step of the full playbook


@dataclass(frozen=True)
class ActionPlan:
    """A campaign's steps, in order, ready to show or export."""

    title: str
    campaign: Path
    municipal_context: str | None
    target_date: dt.date | None
    rows: tuple[PlanRow, ...]
    drafted: tuple[tuple[str, str, str], ...] = ()  # (doctype, path, when it was drafted)
    target_estimated: bool = False
    locale: str = locales.DEFAULT_LOCALE
    procedure: Procedure = Procedure()
    short_notes: tuple[str, ...] = ()  # why the short route replaces a playbook's steps

    def progress(self) -> tuple[int, int]:
        """How many steps are finished (done or skipped) out of all of them."""
        finished = sum(1 for row in self.rows if row.status in FINISHED)
        return finished, len(self.rows)

    def date(self, value: dt.date) -> str:
        """A date written the locale's way, as documents write it."""
        return locales.format_date(value, self.locale)


CHECK_BOXES = {"done": "\u2611", "skipped": "\u2612"}  # ☑ ☒; anything else is ☐ (\u2610)
STATUS_WORDS = {"todo": "To do", "answered": "Answered", "done": "Done", "skipped": "Skipped"}


def shown_status(campaign: Campaign, playbook_id: str, step: Step) -> str:
    """The status to show: a step still to do whose questions are all answered is ``answered``."""
    status = campaign.step_state(playbook_id, step.id).status
    if (
        status == "todo"
        and step.questions
        and all(question.id in campaign.answers for question in step.questions)
    ):
        return "answered"
    return status


def action_plan(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    *,
    today: dt.date,
    locale: str | None = None,
    procedure: Procedure | None = None,
) -> ActionPlan:
    """Build the action plan: each active step with its due date, documents and status.

    A step not finished whose due date is before ``today`` is flagged as past due. Due dates
    counted from an estimated target date are marked as estimated.

    Args:
        campaign: The campaign (its answers decide which steps are active).
        playbooks: The campaign's playbooks.
        today: The date that decides what is past due.
        locale: How dates are written (by default the campaign's ``locale`` answer, else en-CA).
        procedure: The council's deadlines for the decision meeting (by default none: due
            dates are the playbooks' general guidance).

    Returns:
        The plan, in step order.
    """
    target, estimated = campaign.due_basis()
    procedure = procedure or Procedure()
    rows, notes = [], []
    for playbook in playbooks:
        steps, short = plan_steps(playbook, campaign, playbooks, today)
        dues = step_dues(steps, target, procedure)
        if short:
            notes.append(short_note(playbook, campaign, today))
            dues = [_no_earlier_than(today, found) for found in dues]
        for number, (step, found) in enumerate(zip(steps, dues, strict=True), start=1):
            due, status = found.due, shown_status(campaign, playbook.id, step)
            rows.append(
                PlanRow(playbook.id, step.id, number, step.title, step.guidance, due,
                        step.documents, status, past_due=due is not None and due < today
                        and status not in FINISHED,
                        estimated=estimated and not found.from_procedure,
                        due_origin=found.origin, ask_clerk=found.ask_clerk,
                        short_route=short)
            )  # fmt: skip
    return ActionPlan(
        title=" + ".join(playbook.title for playbook in playbooks),
        campaign=campaign.path,
        municipal_context=campaign.municipal_context,
        target_date=target,
        rows=tuple(rows),
        drafted=tuple((doc.doctype, doc.path, doc.drafted) for doc in campaign.documents),
        target_estimated=estimated,
        locale=locales.normalise(locale or _answer_locale(campaign)),
        procedure=procedure,
        short_notes=tuple(notes),
    )


def _no_earlier_than(today: dt.date, found: StepDue) -> StepDue:
    """On the short route a move counted back into the past is due today, not past due.

    A council's own deadline that has passed stays as it is: it really has passed.
    """
    if found.due is None or found.due >= today or found.on_rule:
        return found
    return StepDue(today, "as soon as you can: time is short", found.from_procedure)


def _answer_locale(campaign: Campaign) -> str | None:
    value = campaign.answers.get("locale")
    return value if isinstance(value, str) else None


def format_due(row: PlanRow, locale: str | None = None) -> str:
    """The due date as shown in panels, tables and checklists ('' when there is none)."""
    if row.due is None:
        return "ask the clerk" if row.ask_clerk else ""
    marks = [word for word, on in (("estimated", row.estimated), ("past due", row.past_due)) if on]
    text = locales.format_date(row.due, locale)
    return f"{text} ({', '.join(marks)})" if marks else text


def plan_markdown(plan: ActionPlan) -> str:
    """The action plan as a Markdown document: an overview table, then a section per step."""
    lines = [f"# Action plan: {escape_markdown(plan.title)}", ""]
    if plan.target_date:
        label = "Estimated decision date" if plan.target_estimated else "Decision date"
        lines += [f"{label}: **{plan.date(plan.target_date)}**", ""]
    if plan.municipal_context:
        context = CONTEXT_LABELS.get(plan.municipal_context, plan.municipal_context)
        lines += [f"Municipal context: {escape_markdown(context)}", ""]
    lines += [f"**Time is short.** {escape_markdown(note)}\n" for note in plan.short_notes]
    lines += _procedure_lines(plan)
    done, total = plan.progress()
    lines += [f"Progress: {done} of {total} steps finished.", ""]
    lines += _overview(plan)
    for row in plan.rows:
        due = f", due {format_due(row, plan.locale)}" if row.due else ""
        lines += [f"## {_check_box(row)} {row.number}. {escape_markdown(row.title)}{due}", ""]
        if row.status == "skipped":
            lines += ["*Skipped.*", ""]
        elif row.status == "answered":
            lines += ["*Questions answered; not marked done yet.*", ""]
        if row.due_origin:
            lines += [f"*Date: {escape_markdown(row.due_origin)}.*", ""]
        lines += [escape_paragraphs(row.guidance), ""]
        if row.documents:
            docs = ", ".join(document_title(doctype) for doctype in row.documents)
            lines += [f"Documents: {escape_markdown(docs)}", ""]
    if plan.drafted:
        lines += ["## Documents drafted", ""]
        lines += [f"- {escape_markdown(document_title(doctype))}: {escape_markdown(path)}"
                  f"{_on(plan, drafted)}" for doctype, path, drafted in plan.drafted]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def _procedure_lines(plan: ActionPlan) -> list[str]:
    """The council's deadlines for the decision meeting, or a note that dates are general."""
    card = plan.procedure.card
    if not plan.procedure.applies or card is None:
        note = (
            "Due dates are general guidance, counted back from the decision date. Name your "
            "council (--council) to count them from its own procedure."
        )
        return [f"*{note}*", ""] if plan.rows and plan.target_date else []
    lines = [f"Council procedure: {escape_markdown(card.name)} (check these rules with the "
             "clerk: procedures change)", ""]  # fmt: skip
    lines += [f"- {escape_markdown(item.text(card))}" for item in plan.procedure.deadlines]
    return [*lines, ""]


def _check_box(row: PlanRow) -> str:
    return CHECK_BOXES.get(row.status, "\u2610")


def _overview(plan: ActionPlan) -> list[str]:
    """A table of every step: number and title, due date, status."""
    if not plan.rows:
        return []
    lines = ["| Step | Due | Status |", "|---|---|---|"]
    for row in plan.rows:
        status = f"{_check_box(row)} {STATUS_WORDS.get(row.status, row.status)}"
        step = escape_markdown(f"{row.number}. {row.title}")
        lines.append(f"| {step} | {escape_markdown(format_due(row, plan.locale))} | {status} |")
    return [*lines, ""]


def document_title(doctype: str) -> str:
    """The title of a document type ("Briefing note"), or its id when it cannot be loaded."""
    try:
        return load_template(doctype).title
    except AdvocateError:
        return doctype


def _on(plan: ActionPlan, stamp: str) -> str:
    try:
        return f" (drafted {plan.date(dt.datetime.fromisoformat(stamp).date())})"
    except ValueError:  # a hand-edited stamp: leave it out rather than guess
        return ""


def check_export(path: Path) -> None:
    """Refuse an export file name advocate cannot write, before any question is asked.

    Raises:
        AdvocateError: The extension is not one of :data:`EXPORT_FORMATS`.
        PdfConverterMissingError: A ``.pdf`` was asked for and LibreOffice is not installed.
    """
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        names = ", ".join(EXPORT_FORMATS)
        msg = f"Cannot export an action plan as '{path.name}': use a file name ending in {names}."
        raise AdvocateError(msg)
    if suffix == ".pdf":
        find_soffice()


def export_plan(
    plan: ActionPlan,
    path: Path,
    *,
    now: dt.datetime,
    author: str = "",
    letterhead: Path | None = None,
    overwrite: bool = False,
) -> WrittenFile:
    """Write the action plan as ``.md``, ``.docx`` or ``.pdf`` (chosen by the file's extension).

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
        AdvocateError: The extension is not one of :data:`EXPORT_FORMATS`.
        PdfConverterMissingError: A ``.pdf`` was asked for and LibreOffice is not installed.
        OutputExistsError: The file exists and ``overwrite`` is false.
    """
    check_export(path)
    suffix = path.suffix.lower()
    if suffix == ".ics":
        msg = "An .ics calendar is written by advocate.planning.calendar.export_calendar."
        raise AdvocateError(msg)
    text = plan_markdown(plan)
    if suffix == ".md":
        return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)
    meta = DocumentMeta(title=f"Action plan: {plan.title}", author=author, created=now,
                        header_text=author)  # fmt: skip
    data = docx_writer(letterhead).render(text, meta)
    if suffix == ".pdf":
        data = docx_to_pdf(data)
    return write_atomic(path, data, overwrite=overwrite)
