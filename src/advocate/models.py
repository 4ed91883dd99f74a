"""Frozen data models shared by every part of advocate.

Raw YAML is parsed into these at the edge (``schema.py``); nothing downstream indexes raw dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

# The formats a document can be written in: Word, Markdown text, or PDF (through LibreOffice).
FORMATS = ("docx", "md", "pdf")


class QuestionType(StrEnum):
    """The kinds of question a template or playbook can ask."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    DATE = "date"
    TIME = "time"
    NUMBER = "number"
    LIST = "list"
    RECORDS = "records"


@dataclass(frozen=True)
class Choice:
    """One accepted value of a choice question, with the label a person sees."""

    value: str
    label: str


@dataclass(frozen=True)
class Rules:
    """Validation rules beyond the type. Unset rules are ``None``."""

    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    integer: bool = False


@dataclass(frozen=True)
class Question:
    """One question: what is asked, how the answer is parsed and when it applies.

    ``default`` may be a string containing Jinja (``"{{ organisation }}"``) that is rendered
    with the answers given so far. ``when`` is a Jinja expression over the answers so far;
    the question is asked only when it is true. ``fields`` holds the sub-questions of a
    ``records`` question (one record per agenda item, for instance).
    """

    id: str
    type: QuestionType
    label: str
    help: str = ""
    example: str = ""
    default: Any = None
    required: bool = True
    choices: tuple[Choice, ...] = ()
    when: str | None = None
    rules: Rules = field(default_factory=Rules)
    fields: tuple[Question, ...] = ()
    origin: str = ""
    # False when the choices were just shown on their own (the triage's ranking), so a prompt
    # does not list them a second time; ``?`` still does.
    list_choices: bool = True

    def choice_values(self) -> list[str]:
        """Return the accepted values of a choice question, in order."""
        return [choice.value for choice in self.choices]


@dataclass(frozen=True)
class DocTemplate:
    """A document type: its questions and its Markdown + Jinja body.

    ``output`` is a Jinja pattern for the default file name (without extension).
    ``body_line`` is the line of the template file where the body starts, so that
    render errors can point at the right line of the file.
    """

    name: str
    title: str
    description: str
    questions: tuple[Question, ...]
    output: str
    body: str
    path: str
    body_line: int = 1
    origin: str = "built-in"
    example_answers: Mapping[str, Any] = field(default_factory=dict)

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or ``None``."""
        for question in self.questions:
            if question.id == question_id:
                return question
        return None


@dataclass(frozen=True)
class Example:
    """A good-practice example from the library, with the sources a reader can cite.

    ``year`` is the year of the action the summary describes; with ``ongoing`` it reads
    "since ``year``". ``decided`` is what the council decided (a motion, a budget line, a
    policy), empty when the sources do not say. ``sources`` lead with the programme's own
    page or a report about it.
    """

    id: str
    city: str
    country: str
    programme: str
    year: int
    summary: str
    recommendations: tuple[str, ...]
    sources: tuple[str, ...]
    decided: str = ""
    ongoing: bool = False

    @property
    def source(self) -> str:
        """The primary source: the programme's own page or a report about it."""
        return self.sources[0]

    @property
    def when(self) -> str:
        """The year as a reader sees it: ``2013``, or ``since 1981`` for ongoing work."""
        return f"since {self.year}" if self.ongoing else str(self.year)


@dataclass(frozen=True)
class DocumentMeta:
    """What the Word writer needs besides the Markdown body."""

    title: str
    author: str
    created: dt.datetime
    page_size: str = "A4"
    language: str = "en-CA"
    header_text: str = ""
    footer_text: str = ""
    logo: Path | None = None
    # the footer's words around the page fields ("Page ", " de "); None keeps the letterhead's
    page_words: tuple[str, str] | None = None


@dataclass(frozen=True)
class WrittenFile:
    """One file a command wrote, skipped or found identical."""

    path: Path
    action: str  # create | overwrite | skip | identical


@dataclass(frozen=True)
class DraftResult:
    """What ``advocate.draft`` produced.

    ``text`` is the rendered Markdown; ``answers`` are the final answers (parsed values),
    ``files`` what was written (empty for a preview or dry run).
    """

    doctype: str
    output: Path | None
    text: str
    answers: Mapping[str, Any]
    files: tuple[WrittenFile, ...] = ()
    warnings: tuple[str, ...] = ()
