"""Reading one sheet of an Excel ``.xlsx`` workbook as batch rows.

Cells are read as Excel last saved them (``data_only``). Two kinds of cell hold no usable
value and are reported as that cell's problem rather than read as text or as an empty cell:
an error value (``#DIV/0!``, ``#N/A``...) and a formula that was never calculated (files
written by scripts often have no saved values), which would otherwise look blank.
"""

from __future__ import annotations

import datetime as dt
from itertools import zip_longest
from pathlib import Path
from typing import Any

from advocate.errors import DataFileError

ERROR_VALUES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)  # fmt: skip

Record = tuple[int, list[Any], list[str]]  # sheet row number, cell values, cell problems


def read_sheet(path: Path, sheet: str | None) -> tuple[list[Any], list[Record]]:
    """The header and the non-blank rows of the first sheet (or ``sheet``).

    Raises:
        DataFileError: Not a workbook, no such sheet, or the sheet is blank.
    """
    from openpyxl import load_workbook  # heavy (~100 ms): only Excel rows need it

    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises zipfile, KeyError and its own errors
        raise DataFileError(path, f"not an Excel .xlsx workbook ({err})") from None
    try:
        name = _sheet_name(path, values.sheetnames, sheet)
        header, records = _records(values[name], formulas[name])
    finally:
        values.close()
        formulas.close()
    if header is None:
        which = f"sheet '{name}'" if sheet is not None else f"the first sheet, '{name}',"
        others = ", ".join(n for n in values.sheetnames if n != name) or "none"
        raise DataFileError(
            path, f"{which} is blank. Pick a sheet with --sheet NAME. Other sheets: {others}"
        )
    return header, records


def _sheet_name(path: Path, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet not in names:
        raise DataFileError(path, f"no sheet named '{sheet}'. Sheets: {', '.join(names)}")
    return sheet


def _records(values: Any, formulas: Any) -> tuple[list[Any] | None, list[Record]]:
    header: list[Any] | None = None
    records: list[Record] = []
    rows = zip_longest(values.iter_rows(), formulas.iter_rows(values_only=True), fillvalue=())
    for number, (cells, raw) in enumerate(rows, start=1):
        row = [_cell_value(cell.value) for cell in cells]
        problems = [
            _problem(cell.value, formula, f"{_column_letter(index)}{number}")
            for index, (cell, formula) in enumerate(zip(cells, raw, strict=False), start=1)
        ]
        found = [problem for problem in problems if problem]
        if all(value == "" for value in row) and not found:
            continue
        if header is None:
            header = row
        else:
            records.append((number, row, found))
    return header, records


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _problem(value: Any, formula: Any, where: str) -> str:
    """What is wrong with a cell, or an empty string."""
    if isinstance(value, str) and value in ERROR_VALUES:
        return f"cell {where} holds the Excel error {value}; fix the formula or type the value"
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return (
            f"cell {where} has a formula ({formula}) with no saved value; open the file in Excel "
            "or LibreOffice and save it, or type the value"
        )
    return ""


def _cell_value(cell: Any) -> Any:
    """Spreadsheet cells as answers: whole floats as ints, midnight datetimes as dates."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date()
    return cell
