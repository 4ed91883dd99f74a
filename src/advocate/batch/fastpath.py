"""The batch's fast path: render the template once per worker, then only put each row's values in.

A briefing note for 1,000 councillors is the same note 1,000 times with a different recipient.
Rendering it from the answers up (Jinja, Markdown, body XML, every part zipped) costs several
milliseconds per row; putting the recipient into an already rendered ``word/document.xml`` and
deflating that one member costs a fraction of one. :class:`FastPath` does the second whenever it
can show that the result is the document the ordinary path would write, and leaves the row to the
ordinary path otherwise. A row is taken only if:

* the answers the row gives are text questions that the template prints as they are, with
  ``{{ answer }}``, or tests with ``{% if answer %}`` (a filter, a comparison, a loop or a
  ``set`` could make the document depend on the value in a way no probe can see);
* each such value is :func:`word.stencil.literal_safe` (one printable line, no doubled or outer
  spaces, no right-to-left letters: Markdown, XML and Jinja characters are fine);
* every other answer equals the one the stencil was made with (shared answers, defaults);
  the shared answers are therefore parsed once per stencil: a later row with the same empty
  cells only has its own values parsed and checked (:meth:`FastPath.answers`), unless a
  question's condition or default names one of them;
* the stencil exists: the document rendered with three very different probe values for those
  answers (short; long with spaces; full of Markdown and XML characters and non-ASCII letters)
  differs only where the values are, as run text (``word.stencil.Stencil.build``);
* for the first row of each stencil, the filled document is byte for byte the ordinary render
  (checked once; on a difference the stencil is dropped and every row goes the ordinary way).

Set ``ADVOCATE_BATCH_FAST=0`` to draft every row the ordinary way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from advocate import api
from advocate import questions as q
from advocate.batch.models import BatchSettings, Task
from advocate.models import DocTemplate, QuestionType
from advocate.templating import environment
from advocate.word.stencil import Stencil, literal_safe

VARIABLE = "ADVOCATE_BATCH_FAST"
MAX_STENCILS = 8  # distinct sets of answers given by rows; more is not a mail merge
_TEXT_TYPES = (QuestionType.TEXT, QuestionType.LONG_TEXT)
_PROBES = (
    "Zq{i}Kv",  # short
    "Wj{i}Xp Hy{i}Lm Rb{i}Tc and a longer tail to change every width",  # long, with spaces
    "1. #Cn{i}Fd \\`*_[x](y)<b>|~&amp;!{{{{ z }}}} :::+-= \"' é中 [footer] Gu{i}Ys",  # hostile
)


def enabled(settings: BatchSettings) -> bool:
    """Whether a batch with these settings may use the fast path at all."""
    return (
        os.environ.get(VARIABLE, "1") != "0"
        and settings.fmt in ("docx", "pdf")  # a PDF batch's workers write .docx
        and not settings.keep_text  # the combined pack needs every row's Markdown
    )


@dataclass
class _Entry:
    stencil: Stencil | None
    base: dict[str, Any]  # the answers not given by rows, as the stencil was made with
    empties: dict[str, Any]  # the row's empty cells that are question ids
    checked: bool = False


class FastPath:
    """One worker's stencils, made on first use, by the set of answers the rows give."""

    def __init__(self, settings: BatchSettings) -> None:
        self.settings = settings
        template = settings.template
        self.questions = {question.id: question for question in template.questions}
        self.fillable = {
            question.id for question in template.questions if question.type in _TEXT_TYPES
        } - structural_names(template)
        self.referenced = referenced_names(template)
        self.stencils: dict[frozenset[str], _Entry] = {}
        self.reasons: dict[frozenset[str], str] = {}  # why a stencil was refused (for tests)
        self.filled = 0

    def given(self, row: Mapping[str, Any]) -> frozenset[str]:
        """The questions a row answers (a non-empty cell)."""
        questions = self.questions
        return frozenset(k for k, v in row.items() if k in questions and v not in ("", None))

    def answers(self, task: Task) -> dict[str, Any] | None:
        """Every answer for the row, parsing only the row's own values; or ``None``.

        ``None`` (collect the answers the ordinary way) unless a stencil was made for rows that
        give the same answers and leave the same cells empty, and no question's condition or
        default names an answer the row gives: then every other answer is the stencil's.
        A value that does not parse also gives ``None``, so the ordinary way reports it.
        """
        given = self.given(task.values)
        entry = self.stencils.get(given)
        if entry is None or entry.stencil is None or given & self.referenced:
            return None
        if entry.empties != self._empties(task.values):
            return None
        values = dict(entry.base)
        today = self.settings.now.date()
        for key in given:
            question = self.questions[key]
            try:
                value = q.parse_answer(question, task.values[key], today=today)
                q.require(question, value)
            except Exception:  # noqa: BLE001 - the ordinary way raises it with the row's name
                return None
            if value is None:
                return None
            values[key] = value
        return values

    def _empties(self, row: Mapping[str, Any]) -> dict[str, Any]:
        questions = self.questions
        return {k: v for k, v in row.items() if k in questions and v in ("", None)}

    def document(self, task: Task, values: Mapping[str, Any]) -> bytes | None:
        """The row's .docx, or ``None`` when the row must be rendered the ordinary way.

        Args:
            task: The row (its own values say which answers the row gives).
            values: Every answer, parsed, for this row.
        """
        given = self.given(task.values)
        if not given or not given <= self.fillable or not given <= values.keys():
            return None  # (a question whose condition is false has no value to fill)
        if not all(literal_safe(values[key]) for key in given):
            return None
        entry = self.stencils.get(given)
        if entry is None:
            if len(self.stencils) >= MAX_STENCILS:
                return None
            entry = self.stencils[given] = self._make(given, values, task)
        if entry.stencil is None or not _same_base(entry.base, values, given):
            return None
        data = entry.stencil.fill({key: values[key] for key in given})
        if not entry.checked:
            entry.checked = True
            plain = render(self.settings, values, task)
            if plain != data:
                entry.stencil = None
                self.reasons[given] = "the first filled document differed from the ordinary one"
                return plain
        self.filled += 1
        return data

    def _make(self, given: frozenset[str], values: Mapping[str, Any], task: Task) -> _Entry:
        base = {key: value for key, value in values.items() if key not in given}
        ordered = sorted(given)
        probes = []
        for probe in _PROBES:
            probe_values = {key: probe.format(i=index) for index, key in enumerate(ordered)}
            probes.append((probe_values, render(self.settings, {**values, **probe_values}, task)))
        try:
            stencil, reason = Stencil.build(probes)
        except ValueError as err:  # a zip layout word.zipsplice does not take
            stencil, reason = None, str(err)
        if stencil is None:
            self.reasons[given] = reason
        return _Entry(stencil, base, self._empties(task.values))


def render(settings: BatchSettings, values: Mapping[str, Any], task: Task) -> bytes:
    """The .docx the ordinary path writes for these answers."""
    planned = api.render_planned(settings.template, values, output=task.path, out_dir=None,
                                 fmt="docx", now=settings.now)  # fmt: skip
    return api.document_bytes(planned, fmt="docx", letterhead=settings.letterhead)


def structural_names(template: DocTemplate) -> set[str]:
    """Names the template uses other than as ``{{ name }}`` or ``{% if name %}``.

    Such a use (a filter, a comparison, a loop, an attribute, ``set``, a macro argument) can
    make the document depend on the value in ways the probes cannot see.
    """
    tree = environment("document").parse(template.body)
    found: set[str] = set()

    def visit(node: nodes.Node, parent: nodes.Node | None) -> None:
        if isinstance(node, nodes.Name):
            bare_output = isinstance(parent, nodes.Output)
            bare_test = isinstance(parent, nodes.If) and parent.test is node
            if node.ctx != "load" or not (bare_output or bare_test):
                found.add(node.name)
        for child in node.iter_child_nodes():
            visit(child, node)

    visit(tree, None)
    return found


def referenced_names(template: DocTemplate) -> set[str]:
    """Every name a question's condition (``when``) or Jinja default could use."""
    text = " ".join(
        f"{question.when or ''} {question.default if isinstance(question.default, str) else ''}"
        for question in template.questions
    )
    return set(_NAME.findall(text))


_NAME = re.compile(r"[A-Za-z_]\w*")


def _same_base(base: Mapping[str, Any], values: Mapping[str, Any], given: frozenset[str]) -> bool:
    if len(values) - len(given) != len(base):
        return False
    return all(key in given or base.get(key, _MISSING) == value for key, value in values.items())


_MISSING = object()
