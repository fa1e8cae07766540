"""Closes racing each other and racing order writes, on committed data (a
database of the test's own): one close at a time, refused at once rather than
queued; an order is wholly in a close or refused, never half; other sessions
see the close running."""
from __future__ import annotations

import threading
import time

import psycopg
import pytest
from factories import make_customer, make_distributor, make_order
from plan_cases import after_month
from psycopg.rows import dict_row

PERIOD = "2032-05"


def connect(dsn) -> psycopg.Connection:
    return psycopg.connect(dsn, row_factory=dict_row)


@pytest.fixture
def shop(fresh_db):
    with connect(fresh_db) as conn:
        top = make_distributor(conn, join_date="2031-01-01")
        kids = [make_distributor(conn, top, join_date="2031-01-01") for _ in range(3)]
        for who in (top, *kids):
            make_order(conn, who, subtotal="150.00", pv="120.00", paid_at="2032-05-10T12:00Z")
        customer = make_customer(conn, kids[0])
        conn.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
                     " where id < %s", [PERIOD])
        conn.commit()
    return {"dsn": fresh_db, "top": top, "kids": kids, "customer": customer}


def begin_close(conn):
    conn.execute("select set_config('app.now', %s, true)", [after_month(PERIOD)])
    return conn.execute("select close_period(%s) as r", [PERIOD]).fetchone()["r"]


def test_two_closes_at_once_one_runs_the_other_is_refused_at_once(shop):
    start, done = threading.Barrier(2), threading.Barrier(2)
    outcomes: list = []

    def racer():
        with connect(shop["dsn"]) as conn:
            start.wait()
            began = time.monotonic()
            try:
                begin_close(conn)
                outcomes.append(("closed", time.monotonic() - began))
            except psycopg.Error as exc:
                outcomes.append((exc.sqlstate, time.monotonic() - began, str(exc)))
            done.wait()  # the winner commits only after the loser has its answer
            if conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
                conn.rollback()
            else:
                conn.commit()

    threads = [threading.Thread(target=racer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    kinds = sorted(o[0] for o in outcomes)
    assert kinds == ["MLPER", "closed"], outcomes
    refused = next(o for o in outcomes if o[0] == "MLPER")
    assert "being closed or finalized right now" in refused[2]
    assert refused[1] < 2.0, "the second close must be refused at once, not queued"


def test_other_sessions_see_the_close_running(shop):
    with connect(shop["dsn"]) as closing, connect(shop["dsn"]) as watcher:
        begin_close(closing)  # done, not yet committed: still running for everyone else
        assert watcher.execute("select api.periods_running() as r").fetchone()["r"] == [PERIOD]
        listed = {r["id"]: r["status"] for r in watcher.execute("select id, status::text from api.period_list()")}
        assert listed[PERIOD] == "calculating"
        assert watcher.execute("select status::text from commission_periods where id = %s",
                               [PERIOD]).fetchone()["status"] == "open"
        watcher.rollback()
        closing.commit()
        assert watcher.execute("select api.periods_running() as r").fetchone()["r"] == []
        assert {r["id"]: r["status"] for r in watcher.execute(
            "select id, status::text from api.period_list()")}[PERIOD] == "closed"


def test_an_order_written_while_a_close_runs_waits_and_is_then_refused(shop):
    outcome: list = []

    def write_order():
        with connect(shop["dsn"]) as conn:
            try:
                make_order(conn, shop["kids"][0], customer=shop["customer"], pv="999.00",
                           paid_at="2032-05-31T23:00Z")
                conn.commit()
                outcome.append("written")
            except psycopg.Error as exc:
                outcome.append(exc.sqlstate)

    with connect(shop["dsn"]) as closing:
        begin_close(closing)
        writer = threading.Thread(target=write_order)
        writer.start()
        writer.join(1.0)
        assert writer.is_alive(), "the write should wait for the close"
        closing.commit()
        writer.join(30)
    assert outcome == ["MLCLS"]


def test_an_order_in_flight_when_the_close_starts_is_wholly_in_it(shop):
    result: list = []

    def run_close():
        with connect(shop["dsn"]) as conn:
            result.append(begin_close(conn))
            conn.commit()

    with connect(shop["dsn"]) as writer:
        make_order(writer, shop["kids"][1], customer=shop["customer"], pv="77.00", paid_at="2032-05-20T09:00Z")
        closer = threading.Thread(target=run_close)
        closer.start()
        closer.join(1.0)
        assert closer.is_alive(), "the close should wait for the write in flight"
        writer.commit()
        closer.join(60)
    assert float(result[0]["total_pv"]) == 4 * 120 + 77
    with connect(shop["dsn"]) as conn:
        pv = conn.execute("select personal_pv from period_volumes where period_id = %s and distributor_id = %s",
                          [PERIOD, shop["kids"][1]]).fetchone()["personal_pv"]
    assert float(pv) == 120 + 77
