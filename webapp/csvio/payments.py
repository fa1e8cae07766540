"""Reading a payment provider's CSV export into rows for api.payment_import.

Only parsing happens here (HTTP input); matching rows to orders, checking
amounts and recording payments is SQL's. Column names are matched ignoring
case, spaces and punctuation, with the usual names of the big providers'
exports as aliases. Values stay text: the database parses and judges them.
"""
from __future__ import annotations

import csv
import io
import re

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000

ALIASES = {
    "order_number": ("order_number", "order", "order_no", "order_id", "invoice", "invoice_number",
                     "merchant_reference", "description"),
    "amount": ("amount", "gross", "gross_amount", "total", "amount_paid"),
    "reference": ("reference", "payment_reference", "transaction_id", "charge_id", "payment_id", "id", "psp_reference"),
    "paid_at": ("paid_at", "created", "created_utc", "date", "payment_date", "created_date_utc", "time"),
    "method": ("method", "payment_method", "type", "payment_type"),
    "status": ("status", "payment_status", "state"),
}
REQUIRED = ("order_number", "amount", "reference")


class CsvError(Exception):
    """The file cannot be read as a payment export; the message is for a person."""

    @property
    def message(self) -> str:
        return str(self)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def read_payments(upload) -> list[dict]:
    """Rows of {"line", "order_number", "amount", "reference", "paid_at", "method", "status"} (text)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise CsvError("The file is larger than 2 MB: split it into smaller files.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("The file is not UTF-8 text: export it as CSV (UTF-8).") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CsvError("The file is empty.") from None
    keys = [_key(h) for h in header]
    columns = {}
    for name, aliases in ALIASES.items():
        found = next((keys.index(a) for a in aliases if a in keys), None)
        if found is not None:
            columns[name] = found
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise CsvError("The file needs the columns " + ", ".join(REQUIRED) + " (missing: " + ", ".join(missing) + ").")
    rows = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            rows.append({"line": line, **{name: (values[i].strip()[:200] if i < len(values) else "")
                                          for name, i in columns.items()}})
            if len(rows) > MAX_ROWS:
                raise CsvError(f"At most {MAX_ROWS:,} rows per file.")
    except csv.Error as exc:
        raise CsvError(f"The file is not valid CSV ({exc}).") from None
    if not rows:
        raise CsvError("The file has no payment rows.")
    return rows
