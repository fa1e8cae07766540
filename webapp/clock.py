"""The app's clock is the database's: `public.app_now()`.

Python asks the database rather than `datetime.now()`, so a test that pins
`app.now` pins the web layer, the jobs and the SQL alike.
"""
from __future__ import annotations

from datetime import datetime

import psycopg


def now(conn: psycopg.Connection) -> datetime:
    row = conn.execute("select public.app_now() as now").fetchone()
    return row["now"] if isinstance(row, dict) else row[0]


def pin(conn: psycopg.Connection, at: str | datetime) -> None:
    """Pin the clock for the rest of this transaction (tests, what-if runs)."""
    conn.execute("select set_config('app.now', %s, true)", [str(at)])
