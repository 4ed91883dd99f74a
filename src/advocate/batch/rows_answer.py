"""A ``records`` answer read from a rows file, with the same reader as batch.

A batch file makes one document per row; here the whole file is one answer: each row becomes
one record. The sign-on letter's signatories are the first use: a coalition keeps the list of
signing organisations in a spreadsheet, and the letter lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from advocate.answers import AnswerSource
from advocate.batch.rows import read_rows
from advocate.errors import AnswerError, DataFileError
from advocate.models import DocTemplate, QuestionType

SIGNATORY_FIELDS = ("name", "city", "contact")
# Headers a coalition's spreadsheet often uses instead of the field ids (already snake_case).
SIGNATORY_ALIASES = {"name": ("organisation", "organization", "organisation_name")}


def records_from_rows(
    path: Path,
    fields: Sequence[str],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    sheet: str | None = None,
) -> list[dict[str, Any]]:
    """Read a CSV, Excel or YAML/JSON rows file as the value of a ``records`` question.

    Args:
        path: The rows file; headers are normalised as in batch (``City`` → ``city``).
        fields: The record's field ids; the first one must have a column and a value in
            every row. Other columns are left out.
        aliases: Other column names accepted for a field, used when the file has no column
            named after the field itself.
        sheet: The Excel sheet to read (default: the first one).

    Returns:
        One record per non-blank row, in file order, holding the fields that have a value.

    Raises:
        DataFileError: The file cannot be read, has no column for the first field, or a row
            leaves it empty (the message gives the row number).
    """
    table = read_rows(path, sheet=sheet)
    columns = {field: _column(field, table.columns, aliases or {}) for field in fields}
    key = fields[0]
    if columns[key] is None:
        found = ", ".join(table.columns) or "none"
        raise DataFileError(path, f"has no '{key}' column (columns found: {found})", line=1)
    records = []
    for row in table.rows:
        record = {
            field: row.values[column]
            for field, column in columns.items()
            if column is not None and row.values.get(column) not in (None, "")
        }
        if key not in record:
            raise DataFileError(path, f"this row has no {key}", line=row.number)
        records.append(record)
    return records


def _column(field: str, columns: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> str | None:
    for name in (field, *aliases.get(field, ())):
        if name in columns:
            return name
    return None


def signatories_from_rows(path: Path, *, sheet: str | None = None) -> list[dict[str, Any]]:
    """The signing organisations of a sign-on letter, read from a rows file.

    The file has a ``name`` column (or ``organisation``) and optional ``city`` and ``contact``
    columns; each row is one organisation. Pass the result as the ``signatories`` answer::

        advocate.draft("sign-on-letter", answers | {"signatories": signatories_from_rows(path)})

    Raises:
        DataFileError: As :func:`records_from_rows`.
    """
    return records_from_rows(path, SIGNATORY_FIELDS, aliases=SIGNATORY_ALIASES, sheet=sheet)


def rows_answer_source(items: Sequence[str], template: DocTemplate) -> AnswerSource | None:
    """Turn ``--set-rows QUESTION_ID=FILE`` items into one answer source.

    Raises:
        AnswerError: An item is not ``QUESTION_ID=FILE`` or names no records question.
        DataFileError: A file cannot be read (see :func:`records_from_rows`).
    """
    if not items:
        return None
    questions = {q.id: q for q in template.questions if q.type is QuestionType.RECORDS}
    values: dict[str, Any] = {}
    for item in items:
        question_id, sep, file = item.partition("=")
        question = questions.get(question_id.strip())
        if not sep or not file.strip():
            msg = f"'{item}' is not QUESTION_ID=FILE (for example signatories=orgs.csv)."
            raise AnswerError(msg)
        if question is None:
            known = ", ".join(questions) or "none"
            msg = f"'{question_id}' is no records question of {template.name} (they are: {known})."
            raise AnswerError(msg)
        fields = [field.id for field in question.fields]
        aliases = SIGNATORY_ALIASES if tuple(fields) == SIGNATORY_FIELDS else None
        values[question.id] = records_from_rows(Path(file.strip()), fields, aliases=aliases)
    return AnswerSource("--set-rows", values, strict=True)
