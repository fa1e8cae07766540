"""The app's clocks, in one place.

- The business clock is the database's, `public.app_now()`: periods, due
  dates, lockouts and autoships are all judged by it, and a test pins it
  for a transaction with `pin()`, for SQL and Python alike. `now(conn)`
  reads it.
- `utcnow()` is the wall clock in UTC, for what happens outside any
  transaction: file names, the two-factor code window, a sign-in step's age.
  Nothing else in the project calls `datetime.now()` or `time.time()`.
"""
from __future__ import annotations

from datetime import UTC, datetime

import psycopg


def now(conn: psycopg.Connection) -> datetime:
    row = conn.execute("select public.app_now() as now").fetchone()
    return row["now"] if isinstance(row, dict) else row[0]


def pin(conn: psycopg.Connection, at: str | datetime) -> None:
    """Pin the business clock for the rest of this transaction (tests, what-if runs)."""
    conn.execute("select set_config('app.now', %s, true)", [str(at)])


def utcnow() -> datetime:
    return datetime.now(UTC)
