"""Reading contacts files and writing CSV that spreadsheets cannot be tricked by
(webapp/csvio/; no database)."""
from __future__ import annotations

import csv
import io

import pytest

from webapp.csvio.contacts import CsvProblem, read_contacts_csv
from webapp.csvio.writer import csv_bytes, safe_cell


def test_reads_a_plain_file_with_line_numbers():
    parsed = read_contacts_csv(b'First name,Email\r\nAnn,ann@x.test\r\n\r\n"Bob\nby",bob@x.test\r\nCid,\r\n')
    assert parsed.header == ["First name", "Email"]
    assert parsed.rows == [["Ann", "ann@x.test"], ["Bob\nby", "bob@x.test"], ["Cid", ""]]
    assert parsed.lines == [2, 4, 6]  # a blank line is skipped; a quoted newline spans two lines


@pytest.mark.parametrize("data,delimiter", [
    (b"Name;Email\nAnn;ann@x.test\n", ";"), (b"Name\tEmail\nAnn\tann@x.test\n", "\t"),
    (b'"Name, full",Email\nAnn,ann@x.test\n', ","), (b"Name|Email\nAnn|a@x.test\n", "|")])
def test_sniffs_the_separator(data, delimiter):
    assert read_contacts_csv(data).delimiter == delimiter


def test_encodings():
    latin = "Name,Email\nJosé Müller,jose@x.test\n".encode("cp1252")
    with pytest.raises(CsvProblem, match="not UTF-8 text \\(line 2.*Windows, Western European"):
        read_contacts_csv(latin)
    assert read_contacts_csv(latin, "windows-1252").rows == [["José Müller", "jose@x.test"]]
    assert read_contacts_csv("\ufeffName\nZoë\n".encode()).header == ["Name"]  # Excel's UTF-8 BOM
    assert read_contacts_csv("Name\nZoë\n".encode("utf-16")).rows == [["Zoë"]]  # BOM wins over the choice
    with pytest.raises(CsvProblem, match="Choose one of the listed encodings"):
        read_contacts_csv(b"Name\nA\n", "klingon")


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty"),
    (b"\n\n  \n", "The file is empty"),
    (b"PK\x03\x04rest-of-a-zip", "Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel workbook"),
    (b"Name,Email\nA\x00B,x\n", "NUL characters"),
    (b"ann@example.test,Ann\nbob@example.test,Bob\n", "looks like a contact"),
    (b"+1 555 010 0101,Ann\n", "looks like a contact"),
    (b"Name,,Email\nA,,b\n", "Column 2 has no name"),
    (b"Name,name\nA,B\n", "Columns 1 and 2 are both named"),
    (b"Name,Email\n", "no contacts under it"),
    (("x" * 200 + "\nA\n").encode(), "one long value"),
    (("Name\n" + "x" * 200_000 + "\n").encode(), "longer than 131,072 characters"),
    (("x" * 10_000_000).encode(), "longer than 131,072 characters"),  # 10 MB of one column, one line
    (",".join(f"c{i}" for i in range(101)).encode() + b"\n1\n", "at most 100 columns"),
])
def test_refuses_what_is_not_a_contacts_csv_with_a_clear_message(data, message):
    with pytest.raises(CsvProblem, match=message):
        read_contacts_csv(data)


def test_refuses_more_than_200000_lines():
    data = b"Email\n" + b"a@b.test\n" * 200_001  # 1.8 MB of one column
    with pytest.raises(CsvProblem, match="at most 200,000 contacts"):
        read_contacts_csv(data)


@pytest.mark.parametrize("value,cell", [
    ("=1+1", "'=1+1"), ("+1 555", "'+1 555"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (None, ""), (7, "7"),
    (["a", "b"], "a; b")])
def test_cells_are_made_safe(value, cell):
    assert safe_cell(value) == cell


def test_written_csv_round_trips_as_text():
    data = csv_bytes(["name", "note"], [["=HYPERLINK(\"http://evil\")", 'say "hi", twice\nplease']])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "note"], ["'=HYPERLINK(\"http://evil\")", 'say "hi", twice\nplease']]
