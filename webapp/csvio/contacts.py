"""Reading an uploaded contacts CSV for the CRM's import.

Reading refuses what is not a contacts CSV with one message a person can act
on (wrong encoding, an Excel workbook, no header line, a giant cell, too many
rows); whether each *row* is good is the database's call
(public.contact_import_check), so the form and the import apply one rule.

A line whose first cell looks like a spreadsheet formula is refused by the
database's line check; what the app writes goes through `webapp.csvio.writer`.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

MAX_ROWS = 200_000
MAX_COLUMNS = 100
# csv's own limit (131,072 characters a cell) stays: a bigger cell is not a contact.
ENCODINGS = [
    ("utf-8", "UTF-8 (recommended; Excel: “CSV UTF-8”)"),
    ("windows-1252", "Windows, Western European (Excel’s plain “CSV”)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("utf-16", "UTF-16 (Excel’s “Unicode Text”)"),
]
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_LOOKS_LIKE_DATA = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^\+?[\d ()./-]{6,}$")


class CsvProblem(Exception):
    """The file cannot be imported at all; `message` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedCsv:
    header: list[str]
    lines: list[int]          # the file line each row starts on
    rows: list[list[str]]
    encoding: str
    delimiter: str


def read_contacts_csv(data: bytes, encoding: str = "utf-8") -> ParsedCsv:
    """Decode and parse an uploaded file, or raise CsvProblem."""
    if not data.strip():
        raise CsvProblem("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        raise CsvProblem("This is an Excel workbook (.xlsx), not a CSV file. In Excel choose "
                         "File › Save As › “CSV UTF-8 (comma delimited)” and upload that file.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CsvProblem("This is an old Excel workbook (.xls), not a CSV file. Save it as "
                         "“CSV UTF-8” first.")
    text, encoding = _decode(data, encoding)
    if "\x00" in text:
        raise CsvProblem("The file contains NUL characters, so it is not a text file. "
                         "Export your contacts as CSV and upload that.")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(reader)
        lines, rows = [], []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(rows) == MAX_ROWS:
                    raise CsvProblem(f"Import at most {MAX_ROWS:,} contacts at a time: this file has more. "
                                     "Split it into smaller files.")
                lines.append(start)
                rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvProblem(_csv_error(exc, reader.line_num)) from exc
    if not rows:
        raise CsvProblem("The file has a header line but no contacts under it.")
    return ParsedCsv(header, lines, rows, encoding, delimiter)


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    elif data[:3] == codecs.BOM_UTF8:
        encoding = "utf-8"
    if encoding not in dict(ENCODINGS):
        raise CsvProblem("Choose one of the listed encodings.")
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        if encoding == "utf-8":
            raise CsvProblem(
                f"The file is not UTF-8 text (line {line} has a character UTF-8 does not allow). "
                "It was probably saved by Excel on Windows: choose “Windows, Western European” as the "
                "encoding and upload it again, or save it from Excel as “CSV UTF-8”.") from exc
        raise CsvProblem(f"The file cannot be read as {encoding} (line {line}). "
                         "Choose the encoding it was saved with.") from exc


def _sniff_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab | outside quotes."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _header(reader) -> list[str]:
    for row in reader:
        if any(cell.strip() for cell in row):
            break
    else:
        raise CsvProblem("The file is empty.")
    header = [cell.strip().lstrip("\ufeff") for cell in row]
    while header and not header[-1]:
        header.pop()
    data_like = next((cell for cell in header if _LOOKS_LIKE_DATA.match(cell)), None)
    if data_like:
        raise CsvProblem(
            f"The first line looks like a contact (“{data_like[:60]}”), not the names of the columns. "
            "Add a first line that names them, for example: First name,Last name,Email,Phone")
    if len(header) > MAX_COLUMNS:
        raise CsvProblem(f"A contacts file has at most {MAX_COLUMNS} columns; this one has {len(header)}. "
                         "Check that the separator is a comma or a semicolon.")
    if len(header) == 1 and len(header[0]) > 100:
        raise CsvProblem("The first line is one long value, not the names of columns. "
                         "Upload a CSV file whose first line names the columns (First name,Last name,Email,…).")
    for number, name in enumerate(header, 1):
        if not name:
            raise CsvProblem(f"Column {number} has no name in the first line: every column needs one.")
        if len(name) > 100:
            raise CsvProblem(f"The name of column {number} is longer than 100 characters: "
                             "the first line must name the columns.")
    seen: dict[str, int] = {}
    for number, name in enumerate(header, 1):
        if name.lower() in seen:
            raise CsvProblem(f"Columns {seen[name.lower()]} and {number} are both named “{name}”: "
                             "give each column its own name.")
        seen[name.lower()] = number
    return header


def _csv_error(exc: csv.Error, line: int) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (f"Line {line or 1} has a value longer than {csv.field_size_limit():,} characters. "
                "That is not a contact: check that this is the right file and that its quotes are balanced.")
    return f"Line {line or 1} is not valid CSV ({text}). Check its quotes."
