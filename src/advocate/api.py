"""The Python API of advocate: what the CLI calls, and what staff scripts import.

Every function takes plain data, returns a frozen result and never prints.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advocate import locales, messages
from advocate.answer_text import to_plain
from advocate.answers import (
    AnswerSource,
    answers_document,
    check_known,
    collect_answers,
    to_plain_answers,
)
from advocate.errors import AdvocateError, OutputError, OutputExistsError
from advocate.models import FORMATS, DocTemplate, DocumentMeta, DraftResult, WrittenFile
from advocate.outputs import remove_quietly, safe_filename, write_atomic, write_text_atomic
from advocate.pdf import docx_to_pdf, find_soffice
from advocate.prompting import NoInputPrompter, Prompter
from advocate.templates import list_templates, load_template, template_names
from advocate.templating import compile_body, render_body, render_value

if TYPE_CHECKING:
    from advocate.word.writer import DocxWriter

ANSWERS_SUFFIX = ".answers.yaml"


@dataclass(frozen=True)
class PlannedDraft:
    """A rendered document that has not been written yet (see :func:`plan_draft`)."""

    template: DocTemplate
    answers: Mapping[str, Any]
    text: str
    path: Path
    meta: DocumentMeta

    @property
    def answers_path(self) -> Path:
        """Where the answers that reproduce this document are saved."""
        return answers_path_for(self.path)


def answers_path_for(document: Path) -> Path:
    """``letter.docx`` → ``letter.answers.yaml``."""
    return document.with_name(document.stem + ANSWERS_SUFFIX)


def check_output(output: Path | None, out_dir: Path | None, *, overwrite: bool = False) -> None:
    """Refuse an output that cannot be written, so that it is found before any question.

    A file named by the answers (no ``output``) can only be checked once they are known.

    Raises:
        OutputExistsError: ``output`` or its answers file exists and ``overwrite`` is false.
        OutputError: The folder is a file, or cannot be written to.
    """
    if output is not None and not overwrite:
        for target in (output, answers_path_for(output)):
            if target.exists():
                raise OutputExistsError(target)
    folder = output.parent if output is not None else (out_dir or Path())
    existing = folder.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(folder, f"{existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise OutputError(folder, f"the folder {existing} cannot be written to")


def check_format(fmt: str) -> None:
    """Refuse an unknown format, and PDF without LibreOffice, before any question is asked.

    Raises:
        AdvocateError: The format is not one of :data:`FORMATS`.
        PdfConverterMissingError: ``fmt`` is ``pdf`` and LibreOffice is not installed.
    """
    if fmt not in FORMATS:
        msg = f"Unknown format '{fmt}'. Use one of: {', '.join(FORMATS)}."
        raise AdvocateError(msg)
    if fmt == "pdf":
        find_soffice()


def plan_draft(
    doctype: str | DocTemplate,
    answers: Mapping[str, Any] | None = None,
    *,
    sources: Sequence[AnswerSource] = (),
    output: Path | None = None,
    out_dir: Path | None = None,
    fmt: str = "docx",
    prompter: Prompter | None = None,
    template_dirs: Sequence[Path] = (),
    now: dt.datetime | None = None,
    on_answer: Callable[[str, Any], None] | None = None,
    logo: Path | None = None,
) -> PlannedDraft:
    """Collect the answers and render a document's text, without writing anything.

    Args:
        doctype: A document type name (``briefing-note``), a template path, or a loaded template.
        answers: Answers that win over every other source; unknown ids are refused.
        sources: Further answer sources, highest precedence first (``--set``, files, profile).
        output: The file to write; by default the template's name pattern in ``out_dir``.
        out_dir: The folder for the default file name (default: the current folder).
        fmt: ``docx``, ``md`` or ``pdf``.
        prompter: Asks what no source answers; by default nothing is asked.
        template_dirs: User template folders searched before the built-in templates.
        now: The time the document is dated and stamped with.
        on_answer: Called after every resolved question (to keep progress on Ctrl-C).
        logo: A PNG or JPEG image shown in the header (the organisation profile's logo).

    Returns:
        The planned document: answers, Markdown text, path and Word metadata.

    Raises:
        AdvocateError: Unknown document type, invalid or missing answers, template errors.
    """
    template = (
        doctype if isinstance(doctype, DocTemplate) else load_template(doctype, template_dirs)
    )
    now = now or dt.datetime.now().astimezone()
    all_sources = ([AnswerSource("answers", answers, strict=True)] if answers else []) + list(
        sources
    )
    check_known(all_sources, [question.id for question in template.questions])
    collected = collect_answers(
        template.questions,
        all_sources,
        prompter or NoInputPrompter(),
        today=now.date(),
        on_answer=on_answer,
    )
    return render_planned(template, collected.values, output=output, out_dir=out_dir, fmt=fmt,
                          now=now, logo=logo)  # fmt: skip


def render_planned(
    template: DocTemplate,
    values: Mapping[str, Any],
    *,
    output: Path | None,
    out_dir: Path | None,
    fmt: str,
    now: dt.datetime,
    logo: Path | None = None,
) -> PlannedDraft:
    """Render already-parsed answers into a :class:`PlannedDraft` (no prompting, no IO)."""
    context: dict[str, Any] = {question.id: None for question in template.questions}
    context.update(values)
    locale = locales.normalise(context.get("locale"))
    context["locale"] = locale
    text = render_body(template, compile_body(template), context)
    path = output or _default_path(template, context, out_dir or Path(), fmt)
    meta = DocumentMeta(
        title=_property(_title_of(text) or template.title),
        author=_property(str(context.get("organisation") or "")),
        created=now,
        page_size=locales.page_size(locale),
        language=locale,
        header_text=str(context.get("organisation") or ""),
        logo=logo,
        page_words=messages.page_words(locale),
    )
    return PlannedDraft(template, dict(values), text, path, meta)


def _default_path(
    template: DocTemplate, context: Mapping[str, Any], folder: Path, fmt: str
) -> Path:
    name = render_value(template.output, context, origin=template.path)
    return folder / f"{safe_filename(name, fallback=template.name)}.{fmt}"


_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


# Word refuses a document property (title, author) longer than this many characters.
MAX_PROPERTY_LENGTH = 255


def _property(text: str) -> str:
    """Cut a value for a Word document property to the length Word accepts."""
    return text if len(text) <= MAX_PROPERTY_LENGTH else text[: MAX_PROPERTY_LENGTH - 1] + "…"


def _title_of(markdown: str) -> str:
    match = _HEADING.search(markdown)
    return re.sub(r"\\(.)", r"\1", match.group(1)).strip() if match else ""


def docx_writer(letterhead: Path | None = None) -> DocxWriter:
    """Return a Word writer for a letterhead, loaded once per process."""
    # Lazy: lxml + markdown-it (~40 ms) only for Word output, not for --format md or `plan`.
    from advocate.word.writer import cached_writer

    return cached_writer(letterhead)


def document_bytes(planned: PlannedDraft, *, fmt: str, letterhead: Path | None) -> bytes:
    """The bytes of the document in the given format."""
    if fmt == "md":
        return planned.text.encode("utf-8")
    data: bytes = docx_writer(letterhead).render(planned.text, planned.meta)
    return docx_to_pdf(data) if fmt == "pdf" else data


def write_draft(
    planned: PlannedDraft,
    *,
    fmt: str = "docx",
    overwrite: bool = False,
    letterhead: Path | None = None,
) -> DraftResult:
    """Write a planned document and its answers file, atomically and all-or-nothing.

    Raises:
        OutputExistsError: The document or its answers file exists and ``overwrite`` is false.
        OutputError: A file cannot be written.
    """
    targets = [planned.path, planned.answers_path]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise OutputExistsError(target)
    data = document_bytes(planned, fmt=fmt, letterhead=letterhead)
    plain = to_plain_answers(planned.template.questions, planned.answers)
    answers_text = answers_document(planned.template.title.lower(), planned.template.name, plain)
    written: list[WrittenFile] = []
    try:
        written.append(write_atomic(planned.path, data, overwrite=overwrite))
        written.append(write_text_atomic(planned.answers_path, answers_text, overwrite=overwrite))
    except BaseException:
        remove_quietly([item.path for item in written if item.action == "create"])
        raise
    warnings = docx_writer(letterhead).warnings if fmt != "md" else ()
    return DraftResult(
        doctype=planned.template.name,
        output=planned.path,
        text=planned.text,
        answers=planned.answers,
        files=tuple(written),
        warnings=tuple(warnings),
    )


def draft(
    doctype: str | DocTemplate,
    answers: Mapping[str, Any] | None = None,
    *,
    sources: Sequence[AnswerSource] = (),
    output: Path | None = None,
    out_dir: Path | None = None,
    fmt: str = "docx",
    overwrite: bool = False,
    dry_run: bool = False,
    letterhead: Path | None = None,
    prompter: Prompter | None = None,
    template_dirs: Sequence[Path] = (),
    now: dt.datetime | None = None,
    on_answer: Callable[[str, Any], None] | None = None,
    logo: Path | None = None,
) -> DraftResult:
    """Draft one document: collect answers, render, and write it with its answers file.

    Example:
        >>> draft("briefing-note", {"subject": "Access to services", ...}, out_dir=Path("out"))

    Args:
        doctype: ``briefing-note``, ``deputation-letter``, ``meeting-agenda`` or a user template.
        answers: Answers by question id; they win over every other source.
        sources: Further answer sources, highest precedence first.
        output: The file to write (default: the template's name pattern in ``out_dir``).
        out_dir: Folder for the default file name.
        fmt: ``docx`` (Word), ``md`` (the Markdown text) or ``pdf`` (needs LibreOffice).
        overwrite: Replace existing files; without it an existing file is an error.
        dry_run: Render only; write nothing (``DraftResult.files`` is empty).
        letterhead: A ``.docx`` whose styles, header and footer the document uses.
        prompter: Asks for missing answers; by default a missing required answer is an error.
        template_dirs: User template folders searched first.
        now: The time to date and stamp the document with.
        on_answer: Called after each resolved question.
        logo: A PNG or JPEG image shown in the header (the organisation profile's logo).

    Returns:
        A :class:`DraftResult` with the text, the parsed answers and the files written.

    Raises:
        AdvocateError: Any problem a user can fix (the message says how).
    """
    check_format(fmt)
    if not dry_run:
        check_output(output, out_dir, overwrite=overwrite)
    planned = plan_draft(
        doctype,
        answers,
        sources=sources,
        output=output,
        out_dir=out_dir,
        fmt=fmt,
        prompter=prompter,
        template_dirs=template_dirs,
        now=now,
        on_answer=on_answer,
        logo=logo,
    )
    if dry_run:
        return DraftResult(planned.template.name, planned.path, planned.text, planned.answers)
    return write_draft(planned, fmt=fmt, overwrite=overwrite, letterhead=letterhead)


def save_partial_answers(
    doctype: str, values: Mapping[str, Any], folder: Path, *, template_dirs: Sequence[Path] = ()
) -> Path:
    """Keep the answers of an interrupted session in a new file, and return its path."""
    template = load_template(doctype, template_dirs)
    plain = to_plain_answers(template.questions, values)
    text = answers_document(template.title.lower(), template.name, plain)
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / f"{template.name}.partial{suffix}{ANSWERS_SUFFIX}"
        if not path.exists():
            write_text_atomic(path, text, overwrite=False)
            return path
    raise OutputExistsError(folder / f"{template.name}.partial{ANSWERS_SUFFIX}")


def draft_examples(
    out_dir: Path, *, overwrite: bool = False, locale: str | None = None
) -> list[DraftResult]:
    """Draft every built-in document type from the example answers in its template.

    Args:
        out_dir: The folder for the documents and their answer files.
        overwrite: Replace files that exist.
        locale: Draft every type that asks for a locale in this one (``fr-CA``: in French),
            with the language's example answers where there are some (``messages.example_answers``).
    """
    results = []
    for name in template_names():
        template = load_template(name)
        answers = dict(template.example_answers)
        if locale is not None and any(q.id == "locale" for q in template.questions):
            answers["locale"] = locale
            language = messages.language_of(locale)
            answers.update(messages.example_answers(language).get(name, {}))
        results.append(draft(template, answers, out_dir=out_dir, overwrite=overwrite))
    return results


def list_document_types(template_dirs: Sequence[Path] = ()) -> list[DocTemplate]:
    """Every document type available, user templates included."""
    return list_templates(template_dirs)


def describe_template(doctype: str, template_dirs: Sequence[Path] = ()) -> dict[str, Any]:
    """A plain description of a document type and its questions (for ``--json``)."""
    template = load_template(doctype, template_dirs)

    def question(q: Any) -> dict[str, Any]:
        default = q.default if isinstance(q.default, str) else to_plain(q, q.default)
        return {
            "id": q.id,
            "type": q.type.value,
            "label": q.label,
            "required": q.required,
            "choices": q.choice_values(),
            "default": default,
            "help": q.help,
            "example": q.example,
            "when": q.when,
            "fields": [question(f) for f in q.fields],
        }

    return {
        "name": template.name,
        "title": template.title,
        "description": template.description,
        "origin": template.origin,
        "path": template.path,
        "questions": [question(q) for q in template.questions],
    }
