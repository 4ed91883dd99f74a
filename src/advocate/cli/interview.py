"""The ``advocate draft`` interview at a terminal: nothing typed is lost, nothing is written unseen.

Before the first question the output is checked (an existing file offers overwrite, a new name
or cancel). After the last, the answers are shown numbered and any of them can be changed
before the document is written. A preview offers to write what it showed. Whatever way the run
ends, the answers typed at the prompt are saved in ``DOCTYPE.partial.answers.yaml``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from advocate import api
from advocate import questions as q
from advocate.answer_text import to_text
from advocate.answers import AnswerSource, to_plain_answers
from advocate.cli.console import Output
from advocate.cli.prompter import RichPrompter
from advocate.errors import OutputExistsError
from advocate.models import Choice, DraftResult, Question, QuestionType
from advocate.prompting import RecordingPrompter

OVERWRITE, NEW_NAME, CANCEL = "overwrite", "new-name", "cancel"
_EXISTS_MENU = Question(
    id="existing_file",
    type=QuestionType.CHOICE,
    label="What should advocate do?",
    choices=(
        Choice(OVERWRITE, "Overwrite it"),
        Choice(NEW_NAME, "Write to a new name"),
        Choice(CANCEL, "Cancel"),
    ),
)
_NEW_NAME = Question(id="new_name", type=QuestionType.TEXT, label="New file name")


@dataclass
class Progress:
    """The answers of a run so far, and which of them were typed at the prompt."""

    doctype: str
    folder: Path
    recorder: RecordingPrompter | None
    answered: dict[str, Any] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        """Whether anything was answered at the prompt (so there is something to lose)."""
        return bool(self.recorder and self.recorder.answered)

    def record(self, question_id: str, value: Any) -> None:
        """Keep one resolved answer (the ``on_answer`` callback)."""
        self.answered[question_id] = value

    def save(self, output: Output, template_dirs: list[Path], *, then: str = "Go on") -> Path:
        """Save the answers so far and say how to go on from them."""
        self.folder.mkdir(parents=True, exist_ok=True)  # ``-o letters/`` may not be made yet
        path = api.save_partial_answers(
            self.doctype, self.answered, self.folder, template_dirs=template_dirs
        )
        output.info(
            f"\nYour answers so far are saved in {path}.\n"
            f"{then} with: advocate draft {self.doctype} --answers {path}"
        )
        return path


@contextlib.contextmanager
def keeping_answers(
    output: Output, progress: Progress, template_dirs: list[Path]
) -> Iterator[None]:
    """Save the typed answers on every way out but success: Ctrl-C, an error, a crash."""
    try:
        yield
    except (KeyboardInterrupt, click.Abort, EOFError):
        if progress.typed:
            progress.save(output, template_dirs)
        raise KeyboardInterrupt from None
    except BaseException:
        if progress.typed:
            progress.save(output, template_dirs)
        raise


def settle_output(
    prompter: RichPrompter, output: Path | None, out_dir: Path | None, *, overwrite: bool
) -> tuple[Path | None, bool]:
    """Check the output before any question; an existing file offers overwrite, rename, cancel.

    Returns:
        The file to write and whether it may be overwritten.
    """
    while True:
        try:
            api.check_output(output, out_dir, overwrite=overwrite)
        except OutputExistsError as err:
            output, overwrite = _resolve_existing(prompter, err.path, output or err.path)
            continue
        return output, overwrite


def _resolve_existing(prompter: RichPrompter, existing: Path, output: Path) -> tuple[Path, bool]:
    prompter.refuse(f"{existing} exists already.")
    picked = prompter.ask(_EXISTS_MENU, None, lambda raw: q.parse_answer(_EXISTS_MENU, raw))
    if picked == OVERWRITE:
        return output, True
    if picked == NEW_NAME:
        typed = prompter.ask(_NEW_NAME, None, lambda raw: q.parse_answer(_NEW_NAME, raw))
        return _new_path(output, str(typed)), False
    msg = "Cancelled: nothing was written."
    raise click.ClickException(msg)


def _new_path(old: Path, typed: str) -> Path:
    """A typed name, in the old file's folder unless it names one, with the old extension."""
    new = Path(typed).expanduser()
    if not new.is_absolute() and new.parent == Path():
        new = old.parent / new
    return new if new.suffix else new.with_suffix(old.suffix)


def review(
    prompter: RichPrompter,
    planned: api.PlannedDraft,
    replan: Callable[[Mapping[str, Any]], api.PlannedDraft],
) -> api.PlannedDraft:
    """Show the answers numbered and let the person change any before the document is written.

    Args:
        prompter: The terminal prompter.
        planned: The document as the interview left it.
        replan: Renders again from changed answers (asking what they newly call for).

    Returns:
        The document to write.
    """
    while True:
        shown = [qu for qu in planned.template.questions if qu.id in planned.answers]
        _show_answers(prompter, shown, planned.answers)
        number = _pick_answer(prompter, len(shown))
        if number is None:
            return planned
        question = shown[number - 1]
        today = planned.meta.created.date()
        parse = functools.partial(q.parse_answer, question, today=today)
        value = prompter.ask(question, planned.answers[question.id], parse)
        planned = replan({**planned.answers, question.id: value})


def _show_answers(prompter: RichPrompter, shown: list[Question], values: Mapping[str, Any]) -> None:
    prompter.console.print("\n[bold]Your answers[/bold]")
    for number, question in enumerate(shown, start=1):
        text = " ".join(shown_value(question, values[question.id]).split()) or "(skipped)"
        line = f"{number:>2}. {question.label}: {text}"
        prompter.note(line if len(line) <= 78 else line[:75] + "...")


def shown_value(question: Question, value: Any) -> str:
    """An answer as the review shows it: choices by their labels, records field by field."""
    if value is None:
        return ""
    labels = {choice.value: choice.label for choice in question.choices}
    if question.type is QuestionType.CHOICE:
        return labels.get(value, str(value))
    if question.type is QuestionType.MULTI_CHOICE:
        return "; ".join(labels.get(item, str(item)) for item in value)
    if question.type is QuestionType.RECORDS:
        return "; ".join(
            ", ".join(shown_value(f, record.get(f.id)) for f in question.fields if record.get(f.id))
            for record in value
        )
    return to_text(question, value)


def _pick_answer(prompter: RichPrompter, count: int) -> int | None:
    while True:
        typed = str(prompter.read_line("Enter writes the document; a number changes that answer"))
        typed = typed.strip()
        if not typed:
            return None
        if typed.isdigit() and 1 <= int(typed) <= count:
            return int(typed)
        prompter.refuse(f"Type a number from 1 to {count}, or press Enter to write the document.")


def write(
    prompter: RichPrompter,
    planned: api.PlannedDraft,
    write_one: Callable[[api.PlannedDraft, bool], DraftResult],
    *,
    overwrite: bool,
) -> DraftResult:
    """Write the document; a file that exists by now offers overwrite, a new name or cancel."""
    while True:
        try:
            return write_one(planned, overwrite)
        except OutputExistsError as err:
            path, overwrite = _resolve_existing(prompter, err.path, planned.path)
            planned = dataclasses.replace(planned, path=path)


def answers_source(values: Mapping[str, Any], planned: api.PlannedDraft) -> AnswerSource:
    """The answers given so far, as the first source of a new plan."""
    return AnswerSource("your answers", to_plain_answers(planned.template.questions, values))
