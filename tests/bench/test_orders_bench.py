"""How fast orders are placed, quoted and paid, and how long the daily
autoship run takes (run with `make bench`)."""
from __future__ import annotations

import json
import time
import uuid

import psycopg
import pytest
from dbtools import as_user
from psycopg.rows import dict_row

pytestmark = pytest.mark.bench

ADDRESS = json.dumps({"line1": "1 Main St", "city": "Austin", "region": "TX", "country": "US"})
SYSTEM = "00000000-0000-0000-0000-000000000001"


def test_place_quote_pay_and_the_autoship_run(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True, row_factory=dict_row) as conn:
        d = str(uuid.uuid4())
        conn.execute("insert into users (id, email) values (%s, %s)", [d, f"{d}@bench.test"])
        conn.execute("insert into distributors (user_id, distributor_number) values (%s, 'B0000001')", [d])
        support = conn.execute("insert into users (email, role) values ('s@bench.test', 'support')"
                               " returning id::text").fetchone()["id"]
        conn.execute("insert into tax_rates (country, rate, name) values ('US', 0.08, 'US')")
        products = [r["id"] for r in conn.execute(
            "insert into products (sku, name, price, pv, stock_quantity, is_subscription, subscription_frequency)"
            " select 'B-' || g, 'Bench ' || g, 10 + g, 8 + g, 1000000, true, 30 from generate_series(1, 20) g"
            " returning id::text")]
        customers = [r["id"] for r in conn.execute(
            "insert into customers (distributor_id, email, billing_address)"
            " select %s, 'c' || g || '@bench.test', %s from generate_series(1, 2000) g returning id::text",
            [d, ADDRESS])]
        conn.execute(
            "insert into autoships (customer_id, product_id, quantity, frequency_days, next_run_on, consent_text,"
            " consent_at) select c, %s, 1, 30, (now() at time zone 'UTC')::date, 'Terms', now()"
            " from unnest(%s::uuid[]) c", [products[0], customers])

    lines = json.dumps([{"product_id": products[1], "quantity": 2}, {"product_id": products[2], "quantity": 1}])
    with psycopg.connect(fresh_db, row_factory=dict_row) as conn:
        n = 300
        started = time.perf_counter()
        for i in range(n):
            as_user(conn, d)
            conn.execute("select * from api.order_quote(%s, %s)", [customers[i], lines]).fetchall()
            conn.commit()
        quote_ms = (time.perf_counter() - started) / n * 1000
        started = time.perf_counter()
        ids = []
        for i in range(n):
            as_user(conn, d)
            ids.append(conn.execute("select api.order_place(%s, %s) as id", [customers[i], lines]).fetchone()["id"])
            conn.commit()
        place_ms = (time.perf_counter() - started) / n * 1000
        started = time.perf_counter()
        for order_id in ids:
            as_user(conn, support)
            total = conn.execute("select total from orders where id = %s", [order_id]).fetchone()["total"]
            conn.execute("select api.order_payment_record(%s, 'card', 'bench', %s)", [order_id, total])
            conn.commit()
        pay_ms = (time.perf_counter() - started) / n * 1000
        started = time.perf_counter()
        run = _run_like_the_job(conn)
        run_s = time.perf_counter() - started
        started = time.perf_counter()
        again = _run_like_the_job(conn)
        again_s = time.perf_counter() - started
    print(f"\nquote {quote_ms:.1f} ms, place {place_ms:.1f} ms, pay {pay_ms:.1f} ms per order (2 lines, {n} each);"
          f" autoship run: {run['created']} orders in {run_s:.2f} s, the same day again {again_s:.2f} s")
    assert run["created"] == 2000 and again["created"] == 0


def _run_like_the_job(conn, batch: int = 200) -> dict:
    """What jobs/tasks.py run_autoships does: batches, each its own transaction."""
    created = 0
    while True:
        as_user(conn, SYSTEM)
        counts = conn.execute("select * from api.autoship_run(p_limit => %s)", [batch]).fetchone()
        conn.commit()
        created += counts["created"]
        if counts["attempted"] < batch:
            return {"created": created}
