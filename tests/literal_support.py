"""Helpers for the tests that answers stay literal: hostile text, rendering and reading back.

Import with ``from literal_support import ...`` (``tests/`` is on ``sys.path``). Rendering stays in
memory: :func:`render` plans a draft through the public API and builds the Word file's bytes with
the writer ``advocate draft`` uses, without writing anything to disk.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

import advocate
from advocate.api import document_bytes
from advocate.errors import MissingAnswerError
from advocate.markdown_escape import clean_text
from advocate.models import DocTemplate, Question, QuestionType
from advocate.templates import load_template, template_names

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
BUILT_IN = sorted(template_names())
MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
TEXT_TYPES = (QuestionType.TEXT, QuestionType.LONG_TEXT)
MARK = "Zed"  # every hostile value holds this word, so it is never empty after cleaning

# Markdown that means something at the start of a line, inside a line, or as a whole block.
BLOCK = ["# ", "## ", "###### ", "1. ", "2) ", "- ", "* ", "+ ", "> ", "=", "===", "---", "***",
         "```", "~~~", "    ", "\t", "| a | b |", "|---|---|", "<div>", "</div>", "[^1]: x",
         "[ref]: http://example.org"]  # fmt: skip
INLINE = ["**", "__", "*", "_", "`", "~~", "[link](http://example.org)", "![img](x.png)",
          "<b>", "<script>", "&amp;", "&#35;", "\\", "\\#", "{{ 7*7 }}", "{% if x %}", "|", ";",
          ":", "!", "<http://example.org>", "word", "  ", " "]  # fmt: skip
# Control characters, line and paragraph separators, surrogates and non-characters.
CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1c", "\x1f", "\x7f", "\x85",
           "\x9b", "\u2028", "\u2029", "\r", "\r\n", "\n", "\n\n", "\ud800", "\udfff", "\ufdd0",
           "\ufffe", "\uffff", "\U0001fffe", "\U0010fffe", "\U0010ffff", "\u202e", "\u200b",
           "\ufeff"]  # fmt: skip

_piece = st.one_of(
    st.sampled_from(BLOCK),
    st.sampled_from(INLINE),
    st.sampled_from(CONTROL),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
)
_run = st.lists(_piece, max_size=8).map("".join)
hostile_text = st.tuples(_run, _run).map(lambda pair: pair[0] + MARK + pair[1])
"""Markdown block and inline tokens mixed with control characters, around the word ``Zed``."""


@dataclass(frozen=True)
class Target:
    """One place an answer goes: a question, or a field of a records question."""

    doctype: str
    question: Question
    field: Question | None = None

    def __repr__(self) -> str:
        return self.label

    @property
    def kind(self) -> QuestionType:
        """The type of the value the hostile text lands in."""
        return (self.field or self.question).type

    @property
    def label(self) -> str:
        """``doctype:question`` or ``doctype:question.field``, for test ids."""
        tail = f".{self.field.id}" if self.field else ""
        return f"{self.doctype}:{self.question.id}{tail}"

    def answer(self, template: DocTemplate, text: str) -> Any:
        """The answer that puts ``text`` in this place, shaped as its question expects."""
        if self.field is not None:
            records = [dict(record) for record in template.example_answers[self.question.id]]
            records[0][self.field.id] = text
            return records
        if self.question.type is QuestionType.LIST:
            return [text, MARK]
        return text


def targets() -> list[Target]:
    """Every question and record field of every built-in document type."""
    found = []
    for doctype in BUILT_IN:
        for question in load_template(doctype).questions:
            found.append(Target(doctype, question))
            found += [Target(doctype, question, field) for field in question.fields]
    return found


def enabling_answers(template: DocTemplate, question: Question) -> dict[str, Any]:
    """The example answers, changed so that ``question`` is asked (its ``when`` holds)."""
    answers = dict(template.example_answers)
    if not question.when:
        return answers
    for other in template.questions:
        values: list[Any] = list(other.choice_values())
        values += [True] if other.type is QuestionType.YES_NO else []
        for value in values:
            context = {q.id: None for q in template.questions} | answers | {other.id: value}
            if advocate_condition(question.when, context):
                return answers | {other.id: value}
    raise AssertionError(f"no choice makes {question.id} apply")


def advocate_condition(expression: str, context: Mapping[str, Any]) -> bool:
    """Evaluate a ``when`` condition the way answers are collected."""
    from advocate.templating import evaluate_condition

    return evaluate_condition(expression, context, origin="test")


@dataclass(frozen=True)
class Rendered:
    """A document rendered in both formats."""

    markdown: str
    docx: bytes

    def word_text(self) -> str:
        """Every ``w:t`` of the body, headers and footers, joined."""
        parts = []
        with zipfile.ZipFile(io.BytesIO(self.docx)) as package:
            for name in package.namelist():
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                    root = etree.fromstring(package.read(name))
                    parts += [node.text or "" for node in root.iter(W_T)]
        return "".join(parts)


def render(doctype: str, answers: Mapping[str, Any]) -> Rendered:
    """Render a built-in document type to Markdown and to Word bytes, in memory."""
    planned = advocate.plan_draft(doctype, answers, output=Path("out.md"), fmt="md", now=NOW)
    docx = document_bytes(planned, fmt="docx", letterhead=None)
    return Rendered(planned.text, docx)


def render_filling(doctype: str, answers: dict[str, Any]) -> Rendered:
    """Render, answering ``Zed`` to any further required question the answers switched on."""
    for _ in range(10):
        try:
            return render(doctype, answers)
        except MissingAnswerError as err:
            answers = answers | {err.question_id: MARK}
    return render(doctype, answers)


def structure(markdown: str) -> Counter[str]:
    """What a Markdown parser builds, apart from paragraphs and plain text.

    Headings, lists, block quotes, tables, rules and code blocks count by tag; inside lines,
    emphasis, links, images, code and HTML count by type. Line breaks and paragraphs do not:
    an answer may hold several paragraphs of its own.
    """
    found: Counter[str] = Counter()
    for token in MD.parse(markdown):
        if token.type == "inline":
            found.update(c.type for c in token.children or () if c.type not in _PLAIN)
        elif token.nesting >= 0 and not token.type.startswith("paragraph"):
            found[f"{token.type}:{token.tag}"] += 1
    return found


_PLAIN = {"text", "softbreak", "hardbreak"}


def visible(markdown: str) -> str:
    """The text a reader sees in rendered Markdown (escapes resolved), without whitespace."""
    texts = []
    for token in MD.parse(markdown):
        for child in token.children or ():
            texts.append(child.content)
    return squash("".join(texts))


def squash(text: str) -> str:
    """Remove all whitespace, so line wrapping and collapsed spaces do not matter."""
    return "".join(text.split())


def literal_form(text: str) -> str:
    """What a text answer must look like in any document: cleaned, whitespace removed."""
    return squash(clean_text(text))
