"""Document types where people look for them: listed in ``-h``, and a menu when none is named.

:class:`DoctypeCommand` adds the list of document types (the user's own included) to a
command's help; :func:`ask_doctype` offers them as a numbered menu at a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from advocate import questions as q
from advocate.api import list_document_types
from advocate.cli.session import Session
from advocate.errors import AdvocateError
from advocate.models import Choice, DocTemplate, Question, QuestionType
from advocate.profile import user_template_dir
from advocate.prompting import NoInputPrompter


def _types(template_dirs: Sequence[Path] = ()) -> list[DocTemplate]:
    return list_document_types([*template_dirs, user_template_dir()])


class DoctypeCommand(click.Command):
    """A command taking a DOCTYPE whose help lists every document type, the user's too."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's epilog, then the document types with their titles."""
        super().format_epilog(ctx, formatter)
        try:
            found = _types()
        except AdvocateError:  # a broken user template must not break -h
            return
        with formatter.section("Document types"):
            formatter.write_dl([(t.name, t.title) for t in found])


def doctype_question(template_dirs: Sequence[Path] = ()) -> Question:
    """The menu of document types, as a choice question."""
    choices = tuple(Choice(t.name, f"{t.title} ({t.name})") for t in _types(template_dirs))
    return Question(id="doctype", type=QuestionType.CHOICE, label="Which document?",
                    choices=choices, origin="advocate draft")  # fmt: skip


def ask_doctype(session: Session, template_dirs: Sequence[Path] = ()) -> str:
    """Ask which document type to draft (at a terminal); without one, say how to name it.

    Raises:
        click.UsageError: Nobody can be asked; the message lists the document types.
    """
    question = doctype_question(template_dirs)
    prompter = session.prompter()
    if isinstance(prompter, NoInputPrompter):
        names = ", ".join(question.choice_values())
        msg = f"Name a document type: {names} ('advocate templates list' shows them)."
        raise click.UsageError(msg)
    return str(prompter.ask(question, None, lambda raw: q.parse_answer(question, raw)))
