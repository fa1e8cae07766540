"""Every CSV the app writes goes through here, so none can trick a spreadsheet.

A cell starting with = + - @ tab or carriage return gets a leading
apostrophe (CSV injection, OWASP), so Excel, LibreOffice and Google Sheets
show it as text instead of running it: a distributor who names itself
`=HYPERLINK(...)` is shown as that text in its upline's statement and in
finance's ledger. Files are RFC 4180 (CRLF) in UTF-8 with a byte-order mark,
so Excel opens accents right.
"""
from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024  # bytes of CSV handed to the response at a time


def safe_cell(value) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row_writer(out: IO[str]) -> Callable[[Iterable], object]:
    """Writes one row to `out` as CSV (RFC 4180, CRLF), every cell made safe."""
    writer = csv.writer(out, lineterminator="\r\n")
    return lambda row: writer.writerow([safe_cell(v) for v in row])


def write_csv(out: IO[str], header: Iterable[str], rows: Iterable[Iterable]) -> None:
    """Write CSV (RFC 4180, CRLF) with every cell made safe."""
    write = _row_writer(out)
    write(header)
    for row in rows:
        write(row)


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable]) -> bytes:
    """A whole (small) CSV file as bytes."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def stream(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    """A CSV file in chunks, for a response body that must not sit in memory whole."""
    out = io.StringIO()
    write = _row_writer(out)
    write(header)
    yield codecs.BOM_UTF8
    for row in rows:
        write(row)
        if out.tell() >= CHUNK:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def spooled(header: Iterable[str], rows: Iterable[Iterable], limit: int) -> IO[bytes] | None:
    """At most `limit` rows as a CSV file on a spool (memory, then disk), rewound;
    None when `rows` holds more than `limit` (the caller asks for a narrower list)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115 (handed to the response)
    counted = _Counter(limit)
    write_csv(_TextSink(spool), header, counted.count(rows))
    if counted.over:
        spool.close()
        return None
    spool.seek(0)
    return spool


class _Counter:
    """Passes at most `limit` rows on and notes whether there were more."""

    def __init__(self, limit: int):
        self.limit, self.over = limit, False

    def count(self, rows):
        for n, row in enumerate(rows):
            if n == self.limit:
                self.over = True
                return
            yield row


class _TextSink:
    """A text file over a binary spool, starting with the byte-order mark."""

    def __init__(self, raw):
        self.raw = raw
        raw.write(codecs.BOM_UTF8)

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))
