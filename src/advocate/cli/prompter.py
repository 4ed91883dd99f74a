"""Asking a person at a terminal: the rich implementation of :class:`advocate.prompting.Prompter`.

It lives in the CLI because rich is terminal UI. rich's prompt modules are imported when a
question is first read, so a run that never asks (``--no-input``) does not load rich.

Every answer is read as text and handed to the same parser the other sources use, so a refused
answer gets the same kind of message whatever the question type, and ``?`` shows the help of
any question. A list or a set of records is read item by item: each item is checked as it is
typed, a bad one is asked again on its own, and the items already given are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advocate import questions as q
from advocate.answer_text import accepted, readable, to_text
from advocate.errors import InvalidAnswerError
from advocate.models import Question, QuestionType

if TYPE_CHECKING:
    from rich.console import Console

HELP = "?"


class RichPrompter:
    """Asks a person at a terminal with rich prompts, re-asking until the answer fits."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Show the question with its help and example, read and parse the answer."""
        self._introduce(question)
        if question.type is QuestionType.LIST:
            return self._ask_list(question, default, parse)
        if question.type is QuestionType.RECORDS:
            return self._ask_records(question, default, parse)
        if question.type is QuestionType.YES_NO:
            default = bool(default)
        if question.type is QuestionType.LONG_TEXT:
            return self._until_valid(question, default, parse, self._read_long_text)
        label = "(yes/no) >" if question.type is QuestionType.YES_NO else ">"
        return self._until_valid(question, default, parse, self._reader(label, question, default))

    def confirm(self, text: str, *, default: bool) -> bool:
        """Ask a yes/no question of the program's own (not a document's)."""
        question = Question(id="confirm", type=QuestionType.YES_NO, label=text)
        read = self._reader(f"{_escape(text)} (yes/no)", question, default)

        def parse(raw: Any) -> Any:
            return q.parse_answer(question, raw)

        return bool(self._until_valid(question, default, parse, read))

    def read_line(self, label: str) -> str:
        """Read one line of the program's own (not an answer to a document's question)."""
        return str(self._read_line(_escape(label), ""))

    def note(self, text: str) -> None:
        """Say something in passing (dim)."""
        self.console.print(f"[dim]{_escape(text)}[/dim]")

    def refuse(self, text: str) -> None:
        """Say why an answer was not taken (red), as every refusal is said."""
        self.console.print(f"[red]{_escape(text)}[/red]")

    def _until_valid(
        self,
        question: Question,
        default: Any,
        parse: Callable[[Any], Any],
        read: Callable[[Question, Any], Any],
    ) -> Any:
        """Read until the answer parses and, for a required question, is not empty."""
        while True:
            raw = read(question, default)
            if isinstance(raw, str) and raw.strip() == HELP:
                self._help(question)
                continue
            try:
                value = default if raw is _USE_DEFAULT else parse(raw)
            except InvalidAnswerError as err:
                self.refuse(refusal(question, raw, err))
                continue
            if value is None and question.required:
                self.refuse("This needs an answer. Type ? for help.")
                continue
            return value

    def _introduce(self, question: Question) -> None:
        optional = "" if question.required else " [dim](optional, Enter to skip)[/dim]"
        self.console.print(f"\n[bold]{_escape(question.label)}[/bold]{optional}")
        if question.help:
            self.console.print(f"[dim]{_escape(question.help)}[/dim]")
        if question.example:
            self.console.print(f"[dim]Example: {_escape(question.example)}[/dim]")
        if question.list_choices:
            self._show_choices(question)

    def _show_choices(self, question: Question) -> None:
        for number, choice in enumerate(question.choices, start=1):
            self.console.print(f"  {number}. {_escape(choice.label)}")

    def _help(self, question: Question) -> None:
        """What ``?`` shows: the help, what is accepted, and the choices again."""
        self.note(question.help or f"No more help for '{question.label}'.")
        if question.choices:
            self.note("Type a number or a name from this list:")
            self._show_choices(question)
        else:
            self.note(f"Accepted: {accepted_in_words(question)}.")

    def _reader(
        self, label: str, question: Question, default: Any
    ) -> Callable[[Question, Any], Any]:
        shown = to_text(question, default)

        def read(_question: Question, _default: Any) -> Any:
            return self._read_line(label, shown)

        return read

    def _read_line(self, label: str, shown_default: str) -> Any:
        from rich.prompt import Prompt  # rich loads only when a person is asked

        text = Prompt.ask(
            label, console=self.console, default=shown_default, show_default=bool(shown_default)
        )
        if shown_default and text == shown_default:
            return _USE_DEFAULT
        return text

    def _read_long_text(self, question: Question, default: Any) -> Any:
        shown = to_text(question, default)
        if shown:
            self.note(f"Default: {shown}")
        self.note("Type the text; an empty line ends the answer.")
        lines: list[str] = []
        while True:
            line = self.console.input("> " if not lines else "  ")
            if not line.strip():
                break
            lines.append(line)
            if len(lines) == 1 and line.strip() == HELP:
                return HELP
        if not lines:
            return _USE_DEFAULT if default is not None else None
        return "\n".join(lines)

    def _ask_list(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        if default:
            edited = self._edit_entries(
                question, default, parse, str, lambda item: self._ask_item(question, item)
            )
            if edited is not _START_AGAIN:
                return edited
            default = None  # starting again: an empty list is no longer the old one
        fewest, most = q.item_limits(question)
        self.note(f"Type one item per line{_limits_in_words(fewest, most)}; "
                  "an empty line ends the list.")  # fmt: skip
        items: list[Any] = []
        while most is None or len(items) < most:
            line = self.console.input("> " if not items else "  ").strip()
            if line == HELP:
                self._help(question)
            elif line:
                self._add_item(question, line, items)
            elif not items and default is not None:
                return default
            elif not items and not question.required:
                return None
            elif len(items) >= max(fewest, 1):
                break
            else:
                self.refuse(_more_needed(max(fewest, 1), len(items), "item"))
        if most is not None and len(items) >= most:
            self._leave_out_extra_lines(most)
        return parse(items)

    def _leave_out_extra_lines(self, most: int) -> None:
        """At the limit, ask for nothing more, but read what was typed ahead up to the empty line.

        Lines typed ahead would otherwise become the answer to the next question.
        """
        self.note(f"That makes {most}, the most this question takes. Press Enter to go on.")
        while extra := self.console.input("").strip():
            self.refuse(f"Left out, as the list is full: '{extra}'.")

    def _add_item(self, question: Question, raw: Any, items: list[Any]) -> None:
        try:
            items.append(q.parse_item(question, raw))
        except InvalidAnswerError as err:
            self.refuse(refusal(question, raw, err))

    def _ask_records(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        if default:

            def show(record: Any) -> str:
                return ", ".join(to_text(f, record.get(f.id)) for f in question.fields)

            def ask_entry(record: Any) -> Any:
                return self._change_record(question, record)

            edited = self._edit_entries(question, default, parse, show, ask_entry)
            if edited is not _START_AGAIN:
                return edited
        fewest, most = q.item_limits(question)
        first = question.fields[0].label
        self.note(f"Entry by entry{_limits_in_words(fewest, most)}; press Enter at "
                  f"'{first}' with nothing typed to finish.")  # fmt: skip
        records: list[dict[str, Any]] = []
        while most is None or len(records) < most:
            needed = fewest if records or question.required else 0
            record = self._ask_record(question, len(records) + 1, may_end=len(records) >= needed)
            if record is None:
                break
            records.append(record)
        if most is not None and len(records) >= most:
            self.note(f"That makes {most}, the most this question takes.")
        return parse(records) if records else None

    def _ask_record(self, question: Question, number: int, *, may_end: bool) -> Any:
        """Ask one record field by field; None when the person ends the list instead."""
        self.console.print(f"[bold]{f'Entry {number}' if number else 'New entry'}[/bold]")
        fewest = max(q.item_limits(question)[0], 1)
        record: dict[str, Any] = {}
        for index, field in enumerate(question.fields):
            if index == 0:
                raw = self._first_field(field, may_end=may_end, needed=(fewest, number - 1))
                if raw is None:
                    return None
                record[field.id] = q.parse_answer(field, raw)
            else:
                record[field.id] = self._ask_field(field)
        return q.parse_item(question, record)

    def _first_field(self, field: Question, *, may_end: bool, needed: tuple[int, int]) -> Any:
        """Read the first field of an entry; an empty answer ends the list when it may."""
        while True:
            raw = self._read_line(f"  {_escape(field.label)}", "")
            text = str(raw).strip()
            if text == HELP:
                self._help(field)
            elif not text and may_end:
                return None
            elif not text:
                self.refuse(_more_needed(needed[0], needed[1], "entry"))
            else:
                try:
                    q.parse_answer(field, text)
                except InvalidAnswerError as err:
                    self.refuse(refusal(field, text, err))
                    continue
                return text

    def _ask_field(self, field: Question, default: Any = None) -> Any:
        default = field.default if default is None else default

        def parse(raw: Any) -> Any:
            return q.parse_answer(field, raw)

        reader = self._reader(f"  {_escape(field.label)}", field, default)
        return self._until_valid(field, default, parse, reader)

    def _edit_entries(
        self,
        question: Question,
        entries: list[Any],
        parse: Callable[[Any], Any],
        show: Callable[[Any], str],
        ask_entry: Callable[[Any], Any],
    ) -> Any:
        """Change, add or remove entries of an answer one at a time; or start again."""
        entries = list(entries)
        while True:
            for number, entry in enumerate(entries, start=1):
                self.console.print(f"  {number}. {_escape(show(entry))}")
            typed = self.read_line(
                "Enter keeps these; a number changes one, + adds one, -N removes one, "
                "no starts again"
            ).strip().casefold()  # fmt: skip
            if typed in ("n", "no"):
                return _START_AGAIN
            if typed not in ("", "y", "yes"):
                self._change_entries(question, typed, entries, ask_entry)
                continue
            try:
                return parse(entries) if entries else None
            except InvalidAnswerError as err:
                self.refuse(refusal(question, entries, err))

    def _change_entries(
        self, question: Question, typed: str, entries: list[Any], ask_entry: Callable[[Any], Any]
    ) -> None:
        most = q.item_limits(question)[1]
        number = int(typed.lstrip("-")) if typed.lstrip("-").isdigit() else 0
        if typed == "+" and most is not None and len(entries) >= most:
            self.refuse(f"There are {most} already, the most this question takes.")
        elif typed == "+":
            added = ask_entry(None)
            if added is not None:
                entries.append(added)
        elif 1 <= number <= len(entries) and typed.startswith("-"):
            del entries[number - 1]
        elif 1 <= number <= len(entries):
            entries[number - 1] = ask_entry(entries[number - 1])
        else:
            self.refuse(
                f"Type a number from 1 to {len(entries)}, + or -N, or press Enter to keep these."
            )

    def _ask_item(self, question: Question, item: Any) -> Any:
        """Read one list item (``item`` is the one being changed; None when adding)."""
        while True:
            raw = self._read_line("  Item", "" if item is None else str(item))
            if raw is _USE_DEFAULT:
                return item
            if not str(raw).strip():
                return None
            try:
                return q.parse_item(question, raw)
            except InvalidAnswerError as err:
                self.refuse(refusal(question, raw, err))

    def _change_record(self, question: Question, record: Any) -> Any:
        """Ask one record's fields with its current values as defaults (None: a new record)."""
        if record is None:
            return self._ask_record(question, 0, may_end=True)
        changed = {f.id: self._ask_field(f, record.get(f.id)) for f in question.fields}
        return q.parse_item(question, changed)


# Menus longer than this are not repeated in an error message: they are on screen already.
SHORT_MENU = 5


def refusal(question: Question, raw: Any, err: InvalidAnswerError) -> str:
    """The message for a refused answer, in the words of the prompt the person saw."""
    why = f": {err.reason}" if err.reason else ""
    return (
        f"'{question.label}' does not accept '{readable(raw).strip()}'{why}. "
        f"{accepted_in_words(question)[:1].upper()}{accepted_in_words(question)[1:]}."
    )


def accepted_in_words(question: Question) -> str:
    """What a prompt accepts, naming the choices by the numbers and labels on screen."""
    if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        many = "one"
        if question.type is QuestionType.MULTI_CHOICE:
            many = "one or more, separated by ';'"
        if len(question.choices) > SHORT_MENU:  # the list is on screen; '?' shows it again
            return (
                f"type the number (1 to {len(question.choices)}) or a few words of the name of "
                f"{many} from the list; ? shows the list again"
            )
        listed = ", ".join(
            f"{number}. {choice.label}" for number, choice in enumerate(question.choices, start=1)
        )
        return f"type the number or the name of {many}: {listed}"
    if question.type is QuestionType.LIST:
        return "one item per line"
    return accepted(question)


def _limits_in_words(fewest: int, most: int | None) -> str:
    if fewest and most is not None:
        return f" (from {fewest} to {most})"
    if most is not None:
        return f" (up to {most})"
    return f" (at least {fewest})" if fewest else ""


def _more_needed(fewest: int, have: int, noun: str) -> str:
    plural = "entries" if noun == "entry" else f"{noun}s"
    wanted = f"{fewest} {noun if fewest == 1 else plural}"
    return f"This needs at least {wanted}; {fewest - have} more, please."


_USE_DEFAULT: Any = object()
_START_AGAIN: Any = object()


def _escape(text: str) -> str:
    from rich.markup import escape  # rich loads only when a person is asked

    return escape(text)
