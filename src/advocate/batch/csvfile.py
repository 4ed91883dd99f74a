"""Reading CSV text as it comes from real spreadsheets: encodings, delimiters, quotes."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advocate.errors import DataFileError

DELIMITERS = ",;\t|"


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing file, a folder or an unreadable file is a DataFileError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a file") from None
    except OSError as err:
        raise DataFileError(path, err.strerror or str(err)) from None


# A multi-byte UTF-8 sequence: in a Windows-1252 file these byte pairs are mojibake ("Ã©").
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without a byte-order mark), else Windows-1252, else Latin-1."""
    return data.decode(text_encoding(data))


def check_encoding(path: Path, data: bytes) -> None:
    """Refuse UTF-8 text with a damaged byte, rather than reading all of it as Windows-1252.

    A file that holds real UTF-8 accents and one invalid byte is UTF-8 that was damaged (or
    pasted together): decoding it as Windows-1252 would garble every accent in it silently.

    Raises:
        DataFileError: Names the line of the first invalid byte.
    """
    if text_encoding(data) != "cp1252" or not _UTF8_SEQUENCE.search(data):
        return
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problem = (
            f"mostly UTF-8 text, but byte 0x{data[err.start]:02x} is not valid UTF-8; "
            "save the file again as UTF-8 (in Excel: CSV UTF-8)"
        )
        raise DataFileError(path, problem, line=line) from None


def text_encoding(data: bytes) -> str:
    """The encoding :func:`decode_text` uses.

    UTF-32 or UTF-16 when the data starts with their byte-order mark (Excel's "Unicode text"
    is UTF-16), else ``utf-8-sig``, else ``cp1252``, else ``latin-1``.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter among ``, ; tab |`` that splits the header line into most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def csv_records(path: Path) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    """The header and a lazy iterator of the non-blank records with their first line."""
    data = read_bytes(path)
    check_encoding(path, data)
    encoding = text_encoding(data)
    head = data[:65536].decode(encoding, errors="ignore")
    # Decoded as it is read, and each record turned into a row at once: a large file is never
    # held as one string (or one StringIO) beside its rows.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=sniff_delimiter(head))
    odd = _quote_count(data, encoding) % 2 == 1
    records = _csv_records(path, reader, odd_quotes=odd)
    header = next(records, (0, []))[1]
    return header, records


def _quote_count(data: bytes, encoding: str) -> int:
    if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        return data.decode(encoding).count('"')
    return data.count(b'"')  # in these encodings a byte 0x22 is always a quote


def _csv_records(
    path: Path, reader: Any, *, odd_quotes: bool = False
) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank records with the line each starts on (the first is the header).

    A quote that is never closed makes the reader take the rest of the file as one value: the
    last record then holds line breaks. With an odd number of quotes in the file, that is
    reported at the line where the record starts, instead of quietly merging rows.
    """
    last_line = 0
    held: tuple[int, list[Any]] | None = None  # the last record is checked before it is given
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                if held is not None:
                    yield held
                held = (start, cells)
    except csv.Error as err:
        raise DataFileError(path, f"not valid CSV: {err}", line=reader.line_num) from None
    if held is None:
        return
    if odd_quotes and any("\n" in cell or "\r" in cell for cell in held[1]):
        problem = 'a quote (") opened in this record is never closed; close it or remove it'
        raise DataFileError(path, problem, line=held[0])
    yield held
