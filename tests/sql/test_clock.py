"""The one clock: public.app_now(), pinned per transaction by app.now."""
from __future__ import annotations

from datetime import UTC, datetime

from webapp.platform import clock


def test_pinned_clock_is_what_sql_and_python_see(db):
    clock.pin(db, "2025-03-31T23:59:59Z")
    assert clock.now(db) == datetime(2025, 3, 31, 23, 59, 59, tzinfo=UTC)
    assert db.execute("select app_now() = '2025-03-31T23:59:59Z'::timestamptz as same").fetchone()["same"]


def test_unpinned_clock_is_the_transaction_time(db):
    assert db.execute("select app_now() = now() as same").fetchone()["same"]


def test_period_rows_are_contiguous_up_to_today(db):
    db.execute("delete from commission_periods")
    clock.pin(db, "2025-01-15T12:00Z")
    assert db.execute("select api.period_ensure_current() as id").fetchone()["id"] == "2025-01"
    clock.pin(db, "2025-04-01T00:00Z")
    assert db.execute("select api.period_ensure_current() as id").fetchone()["id"] == "2025-04"
    rows = db.execute("select id, name, start_date::text, end_date::text"
                      " from commission_periods order by id").fetchall()
    assert [r["id"] for r in rows] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert rows[1] == {"id": "2025-02", "name": "February 2025", "start_date": "2025-02-01", "end_date": "2025-02-28"}
