"""Asking questions: the ``Prompter`` protocol and the prompters that need no terminal.

The core never decides how to ask. The CLI asks a person at a terminal with its own prompter
(``advocate.cli.prompter``, built on rich) and uses :class:`NoInputPrompter` for scripts; tests
and embedders use :class:`ScriptedPrompter`. Every prompter hands what it reads to the same
``parse`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from advocate.errors import MissingAnswerError
from advocate.models import Question


class Prompter(Protocol):
    """Asks one question and returns its parsed value."""

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Return the parsed answer; ``default`` is already parsed (or None)."""
        ...


class NoInputPrompter:
    """Never asks: takes the default, or fails for a required question without one."""

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Return the default or raise :class:`MissingAnswerError`."""
        del parse
        if default is None and question.required:
            raise MissingAnswerError(question.id, question.label)
        return default


class ScriptedPrompter:
    """Answers from a mapping, as if typed; unknown questions fall back to the default."""

    def __init__(self, script: Mapping[str, Any]) -> None:
        self.script = dict(script)
        self.asked: list[str] = []

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Parse the scripted answer, or use the default."""
        self.asked.append(question.id)
        if question.id in self.script:
            return parse(self.script[question.id])
        return NoInputPrompter().ask(question, default, parse)


class RecordingPrompter:
    """Passes questions on to another prompter and keeps what was answered at the prompt."""

    def __init__(self, inner: Prompter) -> None:
        self.inner = inner
        self.answered: dict[str, Any] = {}

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Ask through the inner prompter and remember the answer."""
        value = self.inner.ask(question, default, parse)
        self.answered[question.id] = value
        return value
