"""The one error hierarchy of advocate, and the exit codes the CLI turns it into.

Every error carries the data a caller needs as attributes and builds its own message,
so the CLI only has to print ``str(err)`` and exit with ``err.exit_code``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import IntEnum
from pathlib import Path
from typing import Any


class ExitCode(IntEnum):
    """Exit codes of the ``advocate`` command, documented in ``--help`` and the README."""

    OK = 0
    USER_ERROR = 1
    USAGE = 2
    PARTIAL_FAILURE = 3
    INTERRUPTED = 130


class AdvocateError(Exception):
    """Base class of every error advocate raises on purpose."""

    exit_code: ExitCode = ExitCode.USER_ERROR


def _where(path: str | Path | None, line: int | None = None, column: int | None = None) -> str:
    """Format ``path:line:column`` for messages, leaving out the parts that are unknown."""
    if path is None:
        return ""
    text = str(path)
    if any(ord(char) < 32 for char in text):  # a NUL or control character: show it escaped
        text = text.encode("unicode_escape").decode("ascii")
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


class AnswerError(AdvocateError):
    """A problem with an answer, wherever it came from."""


class InvalidAnswerError(AnswerError, ValueError):
    """A value that fails a question's type or validation rules."""

    def __init__(
        self,
        question_id: str,
        value: Any,
        accepted: str,
        *,
        reason: str = "",
        source: str = "",
    ) -> None:
        self.question_id = question_id
        self.value = value
        self.accepted = accepted
        self.reason = reason
        self.source = source
        shown = value if isinstance(value, str) else repr(value)
        if isinstance(shown, str) and len(shown) > 80:
            shown = shown[:77] + "..."
        origin = f" (from {source})" if source else ""
        why = f": {reason}" if reason else ""
        super().__init__(
            f"Question '{question_id}'{origin} does not accept {shown!r}{why}. "
            f"Accepted: {accepted}."
        )

    def with_source(self, source: str) -> InvalidAnswerError:
        """Return a copy of this error that names where the value came from."""
        return InvalidAnswerError(
            self.question_id, self.value, self.accepted, reason=self.reason, source=source
        )


class MissingAnswerError(AnswerError):
    """A required question has no answer and the session may not prompt."""

    def __init__(self, question_id: str, label: str = "") -> None:
        self.question_id = question_id
        self.label = label
        about = f" ({label})" if label else ""
        super().__init__(
            f"Question '{question_id}'{about} needs an answer: pass "
            f"--set {question_id}=... or --answers FILE, or run without --no-input in a terminal."
        )


class UnknownAnswerError(AnswerError):
    """An answer names a question the document or playbook does not have."""

    def __init__(self, question_id: str, known: list[str], *, source: str = "") -> None:
        self.question_id = question_id
        self.known = known
        origin = f" in {source}" if source else ""
        hint = did_you_mean(question_id, known)
        super().__init__(f"Unknown question '{question_id}'{origin}.{hint}")


class DataFileError(AdvocateError):
    """A YAML, JSON, CSV or spreadsheet file that cannot be read or parsed."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        key: str = "",
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.column = column
        self.key = key
        super().__init__(f"{_where(path, line, column)}: {problem}")


class AnswersFileError(DataFileError, AnswerError):
    """An answers or campaign file that is malformed."""


class DefinitionError(AdvocateError):
    """A template, playbook or example definition that breaks the schema."""

    def __init__(
        self, path: str | Path, problem: str, *, line: int | None = None, key: str = ""
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.key = key
        at_key = f" [{key}]" if key else ""
        super().__init__(f"{_where(path, line)}{at_key}: {problem}")


class NotFoundError(AdvocateError):
    """A named template, playbook, example or profile key that does not exist."""

    def __init__(self, kind: str, name: str, available: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.available = available
        listing = ", ".join(available) if available else "none"
        super().__init__(
            f"{kind.capitalize()} '{name}' not found. Available: {listing}."
            + did_you_mean(name, available)
        )


class TemplateRenderError(AdvocateError):
    """A template that fails while rendering (undefined variable, bad syntax, sandbox refusal)."""

    def __init__(self, template: str, problem: str, *, line: int | None = None) -> None:
        self.template = template
        self.problem = problem
        self.line = line
        super().__init__(f"Template {_where(template, line)}: {problem}")


class LetterheadError(AdvocateError):
    """A letterhead file advocate cannot build documents on."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Letterhead {path}: {problem}")


class OutputError(AdvocateError):
    """An output file that cannot be written."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Cannot write {path}: {problem}")


class OutputExistsError(OutputError):
    """An output file that exists already, without ``--overwrite``."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "the file exists. Pass --overwrite to replace it.")


class CampaignError(DataFileError):
    """A campaign file that is damaged or belongs to another playbook."""


class ProfileError(AdvocateError):
    """A profile that cannot be read, or a profile key or value that is not valid."""

    @classmethod
    def at(
        cls, path: str | Path, problem: str, *, line: int | None = None, key: str = ""
    ) -> ProfileError:
        """The error for a problem in a profile file (``schema.Context`` builds it this way)."""
        error = cls(f"Profile {_where(path, line)}: {problem}")
        error.key = key
        return error

    key: str = ""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Suggest the closest candidate as `` Did you mean 'x'?``, or return an empty string."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
