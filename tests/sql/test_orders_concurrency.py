"""Two sessions racing, on a database of their own with committed rows: the
last unit in stock goes to exactly one order, and a form submitted twice at
once makes one order."""
from __future__ import annotations

import json
import threading
import time
import uuid

import psycopg
import pytest
from dbtools import as_user
from psycopg.rows import dict_row

ADDRESS = json.dumps({"line1": "1 Main St", "city": "Austin", "region": "TX", "country": "US"})


@pytest.fixture
def world(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True, row_factory=dict_row) as conn:
        d = str(uuid.uuid4())
        conn.execute("insert into users (id, email, role) values (%s, %s, 'distributor')", [d, f"{d}@example.test"])
        conn.execute("insert into distributors (user_id, distributor_number) values (%s, %s)", [d, "R" + d[:8]])
        customer = conn.execute("insert into customers (distributor_id, email, billing_address)"
                                " values (%s, 'race@example.test', %s) returning id::text", [d, ADDRESS]
                                ).fetchone()["id"]
        product = conn.execute("insert into products (sku, name, price, pv, stock_quantity)"
                               " values ('LAST-1', 'The last one', 20.00, 15.00, 1) returning id::text"
                               ).fetchone()["id"]
    return {"dsn": fresh_db, "d": d, "customer": customer, "product": product}


PLACE = ("select api.order_place(p_customer_id => %s, p_idempotency_key => %s,"
         " p_lines => jsonb_build_array(jsonb_build_object('product_id', %s::text, 'quantity', 1))) as id")


def _wait_until_blocked(observer: psycopg.Connection, pid: int) -> None:
    """Until session `pid` waits for a lock (at most 10 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        row = observer.execute("select wait_event_type from pg_stat_activity where pid = %s", [pid]).fetchone()
        if row and row["wait_event_type"] == "Lock":
            return
        time.sleep(0.02)
    raise AssertionError("the second session never waited for the first")


def _race(world, key_a, key_b):
    """Session A places and holds its transaction open; session B places the
    same and must wait for A's lock; A commits; B finishes. Returns B's
    outcome (the order id or the error) and A's order id."""
    outcome = {}
    with psycopg.connect(world["dsn"], row_factory=dict_row) as a, \
            psycopg.connect(world["dsn"], row_factory=dict_row) as b, \
            psycopg.connect(world["dsn"], row_factory=dict_row, autocommit=True) as observer:
        as_user(a, world["d"])
        first = a.execute(PLACE, [world["customer"], key_a, world["product"]]).fetchone()["id"]

        def second():
            try:
                as_user(b, world["d"])
                outcome["id"] = b.execute(PLACE, [world["customer"], key_b, world["product"]]).fetchone()["id"]
                b.commit()
            except psycopg.Error as exc:
                outcome["error"] = exc
                b.rollback()

        thread = threading.Thread(target=second)
        thread.start()
        _wait_until_blocked(observer, b.info.backend_pid)
        a.commit()
        thread.join(10)
        assert not thread.is_alive()
        counts = observer.execute(
            "select (select count(*) from orders) as orders, (select count(*) from order_items) as items,"
            " (select stock_quantity from products where id = %s) as stock", [world["product"]]).fetchone()
    return first, outcome, counts


def test_two_orders_for_the_last_unit_exactly_one_succeeds(world):
    first, outcome, counts = _race(world, str(uuid.uuid4()), str(uuid.uuid4()))
    assert "id" not in outcome
    assert outcome["error"].sqlstate == "MLVAL"
    assert outcome["error"].diag.message_primary == "The last one is out of stock."
    assert counts == {"orders": 1, "items": 1, "stock": 0}
    assert first is not None


def test_a_form_submitted_twice_at_once_makes_one_order(world):
    key = str(uuid.uuid4())
    first, outcome, counts = _race(world, key, key)
    assert "error" not in outcome and outcome["id"] == first
    assert counts == {"orders": 1, "items": 1, "stock": 0}
