"""Reading batch rows: messy CSV, Excel, YAML/JSON, column mapping and checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocate.batch.csvfile import sniff_delimiter
from advocate.batch.rows import (
    MissingColumnsError,
    check_required,
    column_id,
    column_warnings,
    duplicate_rows,
    map_row,
    parse_column_map,
    read_rows,
    rows_from_mappings,
)
from advocate.errors import AnswerError, DataFileError
from advocate.templates import load_template


@pytest.fixture(scope="module")
def briefing():
    return load_template("briefing-note")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_messy_csv_bom_semicolons_blank_rows_spaces_and_quoted_newline(tmp_path):
    text = (
        "\ufeffName ; District name;Notes\r\n"
        "\r\n"
        'Jordan Lee  ;Ward 7 ;"two\r\nlines"\r\n'
        ";;\r\n"
        "  Amélie Tremblay;Ward 1;  \r\n"
    )
    table = read_rows(write(tmp_path, "c.csv", text.encode("utf-8")))
    assert table.columns == ("name", "district_name", "notes")
    assert table.header("district_name") == "District name"
    assert [row.number for row in table.rows] == [3, 6]
    first, second = (dict(row.values) for row in table.rows)
    assert first == {"name": "Jordan Lee", "district_name": "Ward 7", "notes": "two\r\nlines"}
    assert second == {"name": "Amélie Tremblay", "district_name": "Ward 1", "notes": ""}


def test_windows_1252_csv_is_decoded(tmp_path):
    data = "name,district_name\nAmélie Tremblay,Côte-des-Neiges – Nord\n".encode("cp1252")
    table = read_rows(write(tmp_path, "c.csv", data))
    assert table.rows[0].values["name"] == "Amélie Tremblay"
    assert table.rows[0].values["district_name"] == "Côte-des-Neiges – Nord"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    text = delimiter.join(["name", "district_name", "email"]) + "\n"
    text += delimiter.join(["A, B", "Ward 1", "a@x.org"]) + "\n" if delimiter != "," else ""
    assert sniff_delimiter(text) == delimiter


def test_duplicate_rows_are_found(tmp_path):
    data = b"name,ward\nA,1\nB,2\nA ,1\nA,1\n"
    table = read_rows(write(tmp_path, "c.csv", data))
    assert duplicate_rows(table) == {4: 2, 5: 2}


def test_duplicate_column_names_are_refused(tmp_path):
    with pytest.raises(DataFileError, match="'Name' and 'name ' have the same name"):
        read_rows(write(tmp_path, "c.csv", b"Name,name \nA,B\n"))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        read_rows(tmp_path / "nope.csv")


def _workbook(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Council"
    sheet.append(["Name", "District name", "Meeting date", "Minutes"])
    sheet.append(["Jordan Lee", "Ward 7", dt.datetime(2026, 12, 3), 10.0])
    sheet.append([None, None, None, None])
    sheet.append(["Amélie Tremblay ", "Ward 1", "3 December 2026", 7.5])
    other = book.create_sheet("Partners")
    other.append(["organisation"])
    other.append(["Northside Newcomer Centre"])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    return path


def test_xlsx_first_sheet_with_sheet_row_numbers_and_typed_cells(tmp_path):
    table = read_rows(_workbook(tmp_path))
    assert table.columns == ("name", "district_name", "meeting_date", "minutes")
    assert [row.number for row in table.rows] == [2, 4]
    first, second = (row.values for row in table.rows)
    assert first["meeting_date"] == dt.date(2026, 12, 3)
    assert first["minutes"] == 10
    assert second["name"] == "Amélie Tremblay"
    assert second["minutes"] == 7.5


def test_xlsx_named_sheet_and_unknown_sheet(tmp_path):
    path = _workbook(tmp_path)
    assert read_rows(path, sheet="Partners").rows[0].values == {
        "organisation": "Northside Newcomer Centre"
    }
    with pytest.raises(DataFileError, match="no sheet named 'Wards'. Sheets: Council, Partners"):
        read_rows(path, sheet="Wards")


def test_not_a_workbook(tmp_path):
    with pytest.raises(DataFileError, match="not an Excel"):
        read_rows(write(tmp_path, "x.xlsx", b"not a zip"))


def test_yaml_list_keeps_line_numbers(tmp_path):
    text = "- name: Jordan Lee\n  district_name: Ward 7\n\n- name: Amélie Tremblay\n  options: [a, b]\n"
    table = read_rows(write(tmp_path, "rows.yaml", text.encode()))
    assert [row.number for row in table.rows] == [1, 4]
    assert table.rows[1].values["options"] == ["a", "b"]


def test_json_list_and_bad_shape(tmp_path):
    table = read_rows(write(tmp_path, "rows.json", b'[{"Name": "A"}, {"Name": "B"}]'))
    assert [(row.number, row.values["name"]) for row in table.rows] == [(1, "A"), (2, "B")]
    with pytest.raises(DataFileError, match="list of mappings"):
        read_rows(write(tmp_path, "bad.json", b'{"name": "A"}'))


def test_represent_headers_are_normalised():
    assert column_id("District name") == "district_name"
    assert column_id("Primary role") == "elected_office"
    assert column_id(" Party-Name ") == "party_name"


def test_represent_columns_make_the_recipient(briefing):
    row = {"name": "Jordan Lee", "district_name": "Ward 7", "elected_office": "Councillor"}
    mapped = map_row(row, briefing, {})
    assert mapped["recipient"] == "Councillor Jordan Lee, Ward 7"
    assert mapped["name"] == "Jordan Lee"  # still there for --name patterns
    first_last = map_row({"first_name": "Ana", "last_name": "Li"}, briefing, {})
    assert first_last["recipient"] == "Ana Li"


def test_explicit_map_wins_over_represent(briefing):
    row = {"name": "Jordan Lee", "to": "The Mayor"}
    assert map_row(row, briefing, {"to": "recipient"})["recipient"] == "The Mayor"
    assert parse_column_map(["Ward Name=district_name"]) == {"ward_name": "district_name"}
    with pytest.raises(AnswerError, match="COLUMN=QUESTION_ID"):
        parse_column_map(["oops"])


def test_meeting_agenda_gets_councillor_name():
    agenda = load_template("meeting-agenda")
    assert map_row({"name": "Jordan Lee"}, agenda, {})["councillor_name"] == "Jordan Lee"
    assert "recipient" not in map_row({"name": "Jordan Lee"}, agenda, {})


def test_missing_required_columns_are_listed_together(briefing):
    table = rows_from_mappings([{"name": "Jordan Lee", "subject": "Housing"}])
    with pytest.raises(MissingColumnsError) as caught:
        check_required(table, briefing, {}, [{"organisation": "Northside"}])
    missing = [question_id for question_id, _ in caught.value.missing]
    assert "organisation" not in missing  # a shared answer provides it
    assert "recipient" not in missing  # derived from name
    assert "subject" not in missing
    assert {"contact_name", "purpose", "recommendation"} <= set(missing)
    assert "document_date" not in missing  # has a default
    assert "Nothing was written." in str(caught.value)


def test_csv_error_deep_in_a_large_file_names_its_line(tmp_path):
    body = "".join(f"Name {i};Ward {i}\n" for i in range(3000))
    data = f"name;district_name\n{body}broken;{'x' * 200_000}\n".encode()
    with pytest.raises(DataFileError, match="not valid CSV") as caught:
        read_rows(write(tmp_path, "big.csv", data))
    assert "3002" in str(caught.value)


def test_large_windows_1252_csv_streams_with_its_sniffed_delimiter(tmp_path):
    lines = "".join(f"Amélie {i};Côte {i}\n" for i in range(5000))
    table = read_rows(write(tmp_path, "c.csv", f"name;district_name\n{lines}".encode("cp1252")))
    assert len(table.rows) == 5000
    assert table.rows[-1].values == {"name": "Amélie 4999", "district_name": "Côte 4999"}
    assert table.rows[-1].number == 5001


def test_duplicates_compare_values_not_their_text(tmp_path):
    table = rows_from_mappings([{"n": 1}, {"n": "1"}, {"n": 1}, {"n": 1, "x": ""}])
    assert duplicate_rows(table) == {3: 1, 4: 1}


def test_utf16_csv_with_a_byte_order_mark_is_read(tmp_path):
    text = "Name\tDistrict name\nAmélie Tremblay\tCôte-des-Neiges\n"
    table = read_rows(write(tmp_path, "c.txt", text.encode("utf-16")))
    assert table.rows[0].values == {"name": "Amélie Tremblay", "district_name": "Côte-des-Neiges"}


def test_an_xls_workbook_is_refused_with_what_to_do(tmp_path):
    path = write(tmp_path, "c.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(DataFileError, match=r"old Excel workbook \(.xls\).*save it as .xlsx"):
        read_rows(path)


def test_an_unclosed_quote_names_its_line_instead_of_merging_rows(tmp_path):
    text = 'name,district_name\nAnn,Ward 1\nBob,"Ward 2\nCy,Ward 3\nDee,Ward 4\n'
    with pytest.raises(DataFileError) as caught:
        read_rows(write(tmp_path, "c.csv", text.encode()))
    assert caught.value.line == 3 and "never closed" in str(caught.value)


def test_quotes_that_close_are_still_fine(tmp_path):
    text = 'name,notes\nAnn,"say ""hi""\nthere"\nBob,5\'11"\n'
    table = read_rows(write(tmp_path, "c.csv", text.encode()))
    assert [row.values["notes"] for row in table.rows] == ['say "hi"\nthere', "5'11\""]


def test_excel_errors_and_uncalculated_formulas_are_the_cells_problem(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "minutes"])
    sheet.append(["Ann", 5])
    sheet.append(["Bob", "=1/0"])  # never calculated: openpyxl saves no value
    sheet.append(["Cy", "#DIV/0!"])
    sheet["B4"].data_type = "e"
    book.save(tmp_path / "rows.xlsx")
    table = read_rows(tmp_path / "rows.xlsx")
    problems = {row.values["name"]: row.problems for row in table.rows}
    assert problems["Ann"] == ()
    assert problems["Bob"] == (
        "cell B3 has a formula (=1/0) with no saved value; open the file in Excel or LibreOffice "
        "and save it, or type the value",
    )
    assert problems["Cy"] == (
        "cell B4 holds the Excel error #DIV/0!; fix the formula or type the value",
    )


def test_excel_cell_problems_fail_only_their_row(tmp_path):
    from openpyxl import Workbook

    from advocate.batch.many import FAILED, WRITTEN, draft_many
    from conftest import SHARED_BRIEFING

    book = Workbook()
    book.active.append(["name", "district_name"])
    book.active.append(["Ann", "Ward 1"])
    book.active.append(["Bob", '=A3&" ward"'])
    book.save(tmp_path / "rows.xlsx")
    results = {r.row: r for r in draft_many("briefing-note", tmp_path / "rows.xlsx",
                                            SHARED_BRIEFING, out_dir=tmp_path / "out", fmt="md",
                                            jobs=1, name_pattern="{name}")}  # fmt: skip
    assert results[2].status == WRITTEN
    assert results[3].status == FAILED and results[3].error.startswith("cell B3 has a formula")


def test_a_blank_first_sheet_points_at_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    book.create_sheet("Councillors").append(["name"])
    book.save(tmp_path / "rows.xlsx")
    with pytest.raises(DataFileError, match=r"the first sheet, 'Cover', is blank\. Pick a sheet "
                                            r"with --sheet NAME\. Other sheets: Councillors"):  # fmt: skip
        read_rows(tmp_path / "rows.xlsx")


def test_map_from_a_missing_column_and_unused_columns_are_warned_about(briefing):
    table = rows_from_mappings([{"name": "Ann", "Subjet": "Housing", "Notes": "", "Party": "X"}])
    warnings = column_warnings(table, briefing, {"wards": "district_name"}, [])
    assert warnings == [
        "--map wards=district_name: the rows have no column 'wards'.",
        "No question uses the column(s) 'Subjet', 'Party'; they are ignored. Did you mean 'subject'?",
    ]
    table = rows_from_mappings([{"name": "Ann", "ward": "W1"}])
    assert column_warnings(table, briefing, {"wards": "district_name"}, ["ward"]) == [
        "--map wards=district_name: the rows have no column 'wards'. Did you mean 'ward'?"
    ]


def test_damaged_utf8_is_refused_with_its_line_not_read_as_windows_1252(tmp_path):
    good = "name,district_name\nAmélie Tremblay,Côte-des-Neiges\n".encode()
    path = write(tmp_path, "c.csv", good + b"Jordan Lee,Ward \xe9 7\n")
    with pytest.raises(DataFileError) as caught:
        read_rows(path)
    assert caught.value.line == 3
    assert "byte 0xe9 is not valid UTF-8" in str(caught.value)
    assert "CSV UTF-8" in str(caught.value)
