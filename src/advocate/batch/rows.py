"""Reading batch rows from CSV, Excel or YAML/JSON, and mapping their columns to question ids.

Real spreadsheets are messy, so the CSV reader accepts a UTF-8 byte-order mark, falls back to
Windows-1252, sniffs the delimiter among ``, ; tab |``, skips blank rows, strips values and
keeps quoted newlines. Every row keeps its 1-based row number in the source (the CSV line
where the record starts, the sheet row, the YAML line or the JSON list position), so errors
can point at it.

Column names are normalised to snake_case (``District name`` → ``district_name``), so the
columns of an OpenNorth Represent councillor export can be used without help:

* every column stays available under its own name (for ``--name "{district_name}-{name}"``
  and for user templates that ask a question with that id);
* ``recipient`` (briefing notes) is made from ``elected_office``, ``name`` and
  ``district_name`` ("Councillor Jordan Lee, Ward 7") when the file has no ``recipient``;
* ``councillor_name`` (meeting agendas) is made from ``name`` (or ``first_name`` and
  ``last_name``);
* ``primary_role`` (Represent's CSV header for the office) is read as ``elected_office``.

``--map column=question_id`` renames a column explicitly and wins over all of this.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from advocate.batch.csvfile import csv_records, read_bytes
from advocate.batch.excel import read_sheet
from advocate.errors import AnswerError, DataFileError, did_you_mean
from advocate.models import DocTemplate
from advocate.yamlio import load_data_file

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)
DATA_SUFFIXES = (".yaml", ".yml", ".json")
COLUMN_ALIASES = {"primary_role": "elected_office", "district": "district_name"}
_NON_ID = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)  # slots: a large file holds thousands of these
class Row:
    """One row of a batch file: its 1-based row number in the source and its values."""

    number: int
    values: Mapping[str, Any]
    problems: tuple[str, ...] = ()  # cells that hold no usable value (Excel errors)


@dataclass(frozen=True)
class RowTable:
    """The rows of a batch file, with its normalised column names in file order."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    headers: Mapping[str, str] = field(default_factory=dict)  # column id -> header as written

    def header(self, column: str) -> str:
        """The column's header as written in the file (or the id itself)."""
        return self.headers.get(column, column)


class MissingColumnsError(AnswerError):
    """Required questions that no column, shared answer or default provides."""

    def __init__(self, source: str, missing: Sequence[tuple[str, str]], columns: Sequence[str]):
        self.source = source
        self.missing = list(missing)
        self.columns = list(columns)
        listing = "; ".join(f"{qid} ({label})" if label else qid for qid, label in missing)
        have = ", ".join(columns) or "none"
        super().__init__(
            f"{source} has no column for {len(missing)} required question(s): {listing}. "
            f"Add the columns, rename one with --map COLUMN=QUESTION_ID, or give a shared "
            f"answer with --set QUESTION_ID=... or --answers FILE. Columns found: {have}. "
            "Nothing was written."
        )


def column_id(header: str) -> str:
    """Normalise a column header to a snake_case id (``District name`` → ``district_name``)."""
    text = _NON_ID.sub("_", header.strip().casefold()).strip("_")
    return COLUMN_ALIASES.get(text, text)


def read_rows(path: Path, *, sheet: str | None = None) -> RowTable:
    """Read the rows of a CSV, Excel (``.xlsx``) or YAML/JSON file.

    Args:
        path: The file; its extension says how to read it (anything unknown is read as CSV).
        sheet: The Excel sheet to read (default: the first one).

    Returns:
        The rows, blank ones left out, each with its row number in the file.

    Raises:
        DataFileError: The file is missing, unreadable or not a table (the message says why).
    """
    suffix = path.suffix.lower()
    if suffix in OLD_EXCEL_SUFFIXES:
        problem = "is an old Excel workbook (.xls), which advocate cannot read"
        raise DataFileError(path, f"{problem}: save it as .xlsx (Excel Workbook) or as CSV")
    if suffix in EXCEL_SUFFIXES:
        return read_xlsx(path, sheet=sheet)
    if suffix in DATA_SUFFIXES:
        return read_data(path)
    return read_csv(path)


def read_csv(path: Path) -> RowTable:
    """Read a CSV file (see the module docstring for what messy input is accepted)."""
    header, records = csv_records(path)
    return _table(path, [str(cell) for cell in header], records)


def read_xlsx(path: Path, *, sheet: str | None = None) -> RowTable:
    """Read the first sheet (or ``sheet``) of an Excel workbook; row numbers are sheet rows.

    A cell holding an Excel error or an uncalculated formula is kept as that row's problem
    (:attr:`Row.problems`): the row fails, the others are drafted.
    """
    read_bytes(path)  # clear errors for missing files and folders
    header, records = read_sheet(path, sheet)
    problems = {number: found for number, _, found in records if found}
    table = _table(path, [str(cell) for cell in header], ((n, c) for n, c, _ in records))
    if not problems:
        return table
    rows = tuple(replace(row, problems=tuple(problems.get(row.number, ()))) for row in table.rows)
    return replace(table, rows=rows)


def read_data(path: Path) -> RowTable:
    """Read a YAML or JSON list of mappings (one mapping per row)."""
    data = load_data_file(path)
    if isinstance(data, Mapping) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list):
        raise DataFileError(path, "expected a list of mappings, one per row")
    rows: list[Row] = []
    headers: dict[str, str] = {}
    for index, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            raise DataFileError(path, f"item {index} is not a mapping of column: value")
        number = int(getattr(item, "line", 0) or index)
        values = {column_id(str(key)): _strip(value) for key, value in item.items()}
        headers.update({column_id(str(key)): str(key) for key in item})
        if any(value not in ("", None) for value in values.values()):
            rows.append(Row(number, values))
    return RowTable(str(path), tuple(headers), tuple(rows), headers)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _table(path: Path, header: list[str], records: Iterable[tuple[int, list[Any]]]) -> RowTable:
    """Build a table from a header and its records; refuse duplicate column names."""
    ids = [column_id(str(name)) for name in header]
    seen: dict[str, str] = {}
    for name, cid in zip(header, ids, strict=True):
        if cid and cid in seen:
            problem = f"columns '{seen[cid]}' and '{name}' have the same name"
            raise DataFileError(path, problem, line=1)
        if cid:
            seen[cid] = str(name).strip()
    rows = []
    for number, cells in records:
        values = {cid: _strip(cell) for cid, cell in zip(ids, cells, strict=False) if cid}
        rows.append(Row(number, values))
    return RowTable(str(path), tuple(seen), tuple(rows), seen)


def rows_from_mappings(items: Iterable[Mapping[str, Any]], source: str = "rows") -> RowTable:
    """Make a table from mappings a script built itself (numbered from 1)."""
    rows = []
    headers: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        headers.update({column_id(str(key)): str(key) for key in item})
        rows.append(Row(number, {column_id(str(k)): _strip(v) for k, v in item.items()}))
    return RowTable(source, tuple(headers), tuple(rows), headers)


def parse_column_map(items: Iterable[str]) -> dict[str, str]:
    """``["Ward=district_name"]`` → ``{"ward": "district_name"}`` (column names normalised)."""
    mapping = {}
    for item in items:
        column, sep, question_id = item.partition("=")
        if not sep or not column.strip() or not question_id.strip():
            msg = f"'{item}' is not COLUMN=QUESTION_ID (for example Ward=district_name)."
            raise AnswerError(msg)
        mapping[column_id(column)] = question_id.strip()
    return mapping


def map_row(
    values: Mapping[str, Any], template: DocTemplate, column_map: Mapping[str, str]
) -> dict[str, Any]:
    """Return a row's answers: its own columns, renamed ones, and Represent-derived ones.

    Args:
        values: The row's values by column id.
        template: The document type; derived answers are added only for questions it has.
        column_map: Explicit renames, column id → question id (they win).

    Returns:
        The values by name: every column under its own id, plus the question ids.
    """
    mapped = dict(values)
    for column, question_id in column_map.items():
        if column in values:
            mapped[question_id] = values[column]
    for question_id, derive in _DERIVED.items():
        if template.question(question_id) is None or mapped.get(question_id) not in ("", None):
            continue  # an explicit value, even from --map, wins; an empty cell does not
        derived = derive(mapped)
        if derived:
            mapped[question_id] = derived
    return mapped


def _full_name(values: Mapping[str, Any]) -> str:
    name = str(values.get("name") or "").strip()
    if name:
        return name
    parts = (values.get("first_name"), values.get("last_name"))
    return " ".join(str(part).strip() for part in parts if part)


def _recipient(values: Mapping[str, Any]) -> str:
    name = _full_name(values)
    if not name:
        return ""
    office = str(values.get("elected_office") or "").strip()
    district = str(values.get("district_name") or "").strip()
    text = f"{office} {name}" if office else name
    return f"{text}, {district}" if district else text


_DERIVED = {"recipient": _recipient, "councillor_name": _full_name}


def question_columns(
    table: RowTable, template: DocTemplate, column_map: Mapping[str, str]
) -> dict[str, str]:
    """Question id → the column header that provides it (for error messages)."""
    provided = {cid: table.header(cid) for cid in table.columns}
    for column, question_id in column_map.items():
        if column in table.columns:
            provided[question_id] = table.header(column)
    if template.question("recipient") and "recipient" not in provided:
        named = [c for c in ("elected_office", "name", "district_name") if c in table.columns]
        if named:
            provided["recipient"] = "+".join(table.header(c) for c in named)
    needs_name = template.question("councillor_name") and "councillor_name" not in provided
    if needs_name and "name" in table.columns:
        provided["councillor_name"] = table.header("name")
    return provided


def check_required(
    table: RowTable,
    template: DocTemplate,
    column_map: Mapping[str, str],
    shared: Iterable[Mapping[str, Any]],
) -> None:
    """Raise one error naming every required question that nothing can answer.

    A required question without a default and without a ``when`` condition needs a column
    (after ``--map`` and the Represent mapping) or a shared answer (``--set``, ``--answers``,
    ``--campaign``, the profile).

    Raises:
        MissingColumnsError: Listing all such questions at once.
    """
    provided = set(question_columns(table, template, column_map))
    for values in shared:
        provided.update(key for key, value in values.items() if value not in (None, ""))
    missing = [
        (question.id, question.label)
        for question in template.questions
        if question.required
        and question.default is None
        and not question.when
        and question.id not in provided
    ]
    if missing:
        raise MissingColumnsError(table.source, missing, [table.header(c) for c in table.columns])


_DERIVED_FROM = {
    "recipient": ("name", "first_name", "last_name", "elected_office", "district_name"),
    "councillor_name": ("name", "first_name", "last_name"),
}


def column_warnings(
    table: RowTable, template: DocTemplate, column_map: Mapping[str, str], named: Iterable[str]
) -> list[str]:
    """Warnings for a ``--map`` from a column the rows lack, and for columns nothing uses.

    Args:
        table: The rows.
        template: The document type.
        column_map: Column id → question id renames.
        named: Columns the ``--name`` pattern uses.

    Returns:
        One message per ``--map`` problem and one listing the unused columns that hold any
        value, each with a "did you mean" where a name is close.
    """
    ids = [question.id for question in template.questions]
    warnings = [
        f"--map {column}={question_id}: the rows have no column '{column}'."
        + did_you_mean(column, list(table.columns))
        for column, question_id in column_map.items()
        if column not in table.columns
    ]
    used = {*ids, *column_map, *named}
    for question_id, sources in _DERIVED_FROM.items():
        if question_id in ids:
            used.update(sources)
    unused = [column for column in table.columns if column not in used and _filled(table, column)]
    if unused:
        unanswered = [qid for qid in ids if qid not in table.columns]
        hints = "".join(did_you_mean(column, unanswered) for column in unused)
        listed = ", ".join(f"'{table.header(column)}'" for column in unused)
        warnings.append(f"No question uses the column(s) {listed}; they are ignored.{hints}")
    return warnings


def _filled(table: RowTable, column: str) -> bool:
    """Whether any row has a value in the column (a blank column holds nothing to lose)."""
    return any(row.values.get(column) not in ("", None) for row in table.rows)


def row_fingerprint(values: Mapping[str, Any]) -> str:
    """A digest of a row's non-empty values: the same for the same row in any position."""
    pairs = sorted((k, repr(v)) for k, v in values.items() if v not in ("", None))
    return hashlib.blake2b(repr(pairs).encode(), digest_size=8).hexdigest()


def duplicate_rows(table: RowTable) -> dict[int, int]:
    """Rows whose values repeat an earlier row exactly: row number → the earlier row number."""
    first: dict[str, int] = {}  # a short digest per row, not a copy of the row
    duplicates = {}
    for row in table.rows:
        key = row_fingerprint(row.values)
        if key in first:
            duplicates[row.number] = first[key]
        else:
            first[key] = row.number
    return duplicates
