"""Asking a person at a terminal: the rich implementation of :class:`advocate.prompting.Prompter`.

It lives in the CLI because rich is terminal UI. rich's prompt modules are imported when a
question is first read, so a run that never asks (``--no-input``) does not load rich.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advocate import questions as q
from advocate.errors import InvalidAnswerError
from advocate.models import Question, QuestionType

if TYPE_CHECKING:
    from rich.console import Console


class RichPrompter:
    """Asks a person at a terminal with rich prompts, re-asking until the answer fits."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Show the question with its help and example, read and parse the answer."""
        self._introduce(question)

        def parse_or_default(raw: Any) -> Any:
            return default if raw is _USE_DEFAULT else parse(raw)

        return self._until_valid(question, lambda: self._read(question, default), parse_or_default)

    def _until_valid(
        self, question: Question, read: Callable[[], Any], parse: Callable[[Any], Any]
    ) -> Any:
        """Read until the answer parses and, for a required question, is not empty."""
        while True:
            try:
                value = parse(read())
            except InvalidAnswerError as err:
                self.console.print(f"[red]{_escape(str(err))}[/red]")
                continue
            if value is None and question.required:
                self.console.print("[red]This needs an answer.[/red]")
                continue
            return value

    def _introduce(self, question: Question) -> None:
        optional = "" if question.required else " [dim](optional, Enter to skip)[/dim]"
        self.console.print(f"\n[bold]{_escape(question.label)}[/bold]{optional}")
        if question.help:
            self.console.print(f"[dim]{_escape(question.help)}[/dim]")
        if question.example:
            self.console.print(f"[dim]Example: {_escape(question.example)}[/dim]")
        if question.choices:
            for number, choice in enumerate(question.choices, start=1):
                self.console.print(f"  {number}. {_escape(choice.label)}")

    def _read(self, question: Question, default: Any) -> Any:
        kind = question.type
        if kind is QuestionType.YES_NO:
            from rich.prompt import Confirm  # rich loads only when a person is asked

            return Confirm.ask(">", console=self.console, default=bool(default))
        if kind in (QuestionType.LONG_TEXT, QuestionType.LIST):
            return self._read_lines(question, default)
        if kind is QuestionType.RECORDS:
            return self._read_records(question, default)
        return self._read_line(">", q.to_text(question, default))

    def _read_line(self, label: str, shown_default: str) -> Any:
        from rich.prompt import Prompt  # rich loads only when a person is asked

        text = Prompt.ask(
            label, console=self.console, default=shown_default, show_default=bool(shown_default)
        )
        if shown_default and text == shown_default:
            return _USE_DEFAULT
        return text

    def _read_lines(self, question: Question, default: Any) -> Any:
        hint = "one item per line" if question.type is QuestionType.LIST else "text"
        shown = q.to_text(question, default)
        if shown:
            self.console.print(f"[dim]Default: {_escape(shown)}[/dim]")
        self.console.print(f"[dim]Type {hint}; an empty line ends the answer.[/dim]")
        lines: list[str] = []
        while True:
            line = self.console.input("> " if not lines else "  ")
            if not line.strip():
                break
            lines.append(line)
        if not lines:
            return _USE_DEFAULT if default is not None else None
        separator = "\n" if question.type is QuestionType.LONG_TEXT else ";"
        return separator.join(lines)

    def _read_records(self, question: Question, default: Any) -> Any:
        from rich.prompt import Confirm  # rich loads only when a person is asked

        for number, record in enumerate(default or [], start=1):
            shown = ", ".join(q.to_text(f, record.get(f.id)) for f in question.fields)
            self.console.print(f"  {number}. {_escape(shown)}")
        if default and Confirm.ask(
            f"Keep the {len(default)} entries shown above?", console=self.console, default=True
        ):
            return _USE_DEFAULT
        records: list[dict[str, Any]] = []
        while True:
            self.console.print(f"[bold]Entry {len(records) + 1}[/bold]")
            records.append({field.id: self._ask_field(field) for field in question.fields})
            if not Confirm.ask("Add another?", console=self.console, default=True):
                return records

    def _ask_field(self, field: Question) -> Any:
        def parse(raw: Any) -> Any:
            return q.parse_answer(field, field.default if raw is _USE_DEFAULT else raw)

        def read() -> Any:
            return self._read_line(f"  {field.label}", q.to_text(field, field.default))

        return self._until_valid(field, read, parse)


_USE_DEFAULT: Any = object()


def _escape(text: str) -> str:
    from rich.markup import escape  # rich loads only when a person is asked

    return escape(text)
