"""Autoship (issue 5): subscribing with recorded consent, one-click cancel,
and the daily job: due orders once per day, failures with their reason
retried on the next three days, then stopped."""
from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_user

NOW = "2031-03-10T09:00:00Z"
ADDRESS = json.dumps({"name": "Sam Sub", "line1": "5 Elm St", "city": "Denver", "region": "CO", "country": "US"})


def pin(db, at=NOW):
    db.execute("select set_config('app.now', %s, true)", [at])


@pytest.fixture
def world(db):
    pin(db)
    d = make_distributor(db)
    other = make_distributor(db)
    customer = db.execute("insert into customers (distributor_id, email, first_name, last_name, billing_address)"
                          " values (%s, 'sam@example.test', 'Sam', 'Sub', %s) returning id::text",
                          [d, ADDRESS]).fetchone()["id"]
    other_customer = db.execute("insert into customers (distributor_id, email, billing_address)"
                                " values (%s, 'o@example.test', %s) returning id::text", [other, ADDRESS]
                                ).fetchone()["id"]
    sku = uuid.uuid4().hex[:6].upper()
    product = db.execute("insert into products (sku, name, price, pv, stock_quantity, is_subscription,"
                         " subscription_frequency) values (%s, 'Daily Multivitamin', 39.95, 32.00, 10, true, 30)"
                         " returning id::text", [f"SUB-{sku}"]).fetchone()["id"]
    plain = db.execute("insert into products (sku, name, price, pv, stock_quantity) values (%s, 'Brush', 5, 4, 10)"
                       " returning id::text", [f"PLAIN-{sku}"]).fetchone()["id"]
    return {"d": d, "other": other, "customer": customer, "other_customer": other_customer, "product": product,
            "plain": plain, "admin": make_user(db, "admin"), "support": make_user(db, "support"),
            "finance": make_user(db, "finance")}


def terms(db, w, quantity=1, frequency=30, customer=None, first_on=None):
    return db.execute("select api.autoship_terms(%s, %s, %s, %s, 'standard', %s) as t",
                      [customer or w["customer"], w["product"], quantity, frequency, first_on]).fetchone()["t"]


def subscribe(db, w, quantity=1, frequency=30, first_on=None, consent=True, text=None) -> str:
    shown = text if text is not None else terms(db, w, quantity, frequency, first_on=first_on)
    return str(db.execute(
        "select api.autoship_create(%s, %s, %s, %s, 'standard', md5(%s), %s, %s) as id",
        [w["customer"], w["product"], quantity, frequency, shown, consent, first_on]).fetchone()["id"])


def run(db, day=None) -> dict:
    return db.execute("select * from api.autoship_run(%s)", [day]).fetchone()


def autoship(db, autoship_id) -> dict:
    return db.execute("select * from autoships where id = %s", [autoship_id]).fetchone()


def test_subscribing_records_the_consent_as_shown(db, world):
    as_user(db, world["d"], ip="198.51.100.23", user_agent="Browser/1.0", request_id="r1")
    shown = terms(db, world, quantity=2, frequency=28)
    assert "every 28 days, starting 2031-04-07" in shown and "2 x Daily Multivitamin" in shown
    assert "cancelled at any time" in shown
    a = autoship(db, subscribe(db, world, quantity=2, frequency=28))
    assert (a["consent_text"], str(a["consent_ip"]), a["consent_user_agent"], str(a["consent_by"])) == (
        shown, "198.51.100.23", "Browser/1.0", world["d"])
    assert a["consent_at"].isoformat() == "2031-03-10T09:00:00+00:00"
    assert (a["status"], str(a["next_run_on"]), a["quantity"], a["frequency_days"]) == ("active", "2031-04-07", 2, 28)
    as_superuser(db)
    flags = db.execute("select auto_ship_enabled from customers where id = %s", [world["customer"]]).fetchone()
    assert flags["auto_ship_enabled"] is True


@pytest.mark.parametrize("change,column", [
    ({"consent": False}, "consent"),
    ({"text": "Other terms than those shown."}, "consent"),
    ({"quantity": 0}, "quantity"),
    ({"frequency": 3}, "frequency_days"),
    ({"first_on": "2031-03-10"}, "first_on"),
])
def test_no_autoship_without_consent_to_the_exact_terms_or_with_bad_values(db, world, change, column):
    as_user(db, world["d"])
    args = {"quantity": 1, "frequency": 30, "first_on": None, "consent": True, "text": None}
    args.update(change)
    shown = args["text"] if args["text"] is not None else (
        terms(db, world, 1, 30) if column in ("quantity", "frequency_days", "first_on") else None)
    error = fails_with(db, "MLVAL", "select api.autoship_create(%s, %s, %s, %s, 'standard', md5(%s), %s, %s)",
                       [world["customer"], world["product"], args["quantity"], args["frequency"],
                        shown or terms(db, world), args["consent"], args["first_on"]])
    assert error.diag.column_name == column
    assert db.execute("select count(*) as n from autoships").fetchone()["n"] == 0


def test_only_subscription_products_once_per_customer_and_only_own_customers(db, world):
    as_user(db, world["d"])
    error = fails_with(db, "MLVAL", "select api.autoship_terms(%s, %s, 1, 30)", [world["customer"], world["plain"]])
    assert error.diag.column_name == "product_id"
    subscribe(db, world)
    error = fails_with(db, "MLVAL", "select api.autoship_create(%s, %s, 1, 30, 'standard', md5(%s), true)",
                       [world["customer"], world["product"], terms(db, world)])
    assert "already has an autoship" in str(error)
    as_user(db, world["admin"])
    shown = terms(db, world, customer=world["other_customer"])
    as_user(db, world["d"])
    fails_with(db, "MLDNY", "select api.autoship_create(%s, %s, 1, 30, 'standard', md5(%s), true)",
               [world["other_customer"], world["product"], shown])
    as_user(db, world["finance"])
    fails_with(db, "MLDNY", "select api.autoship_create(%s, %s, 1, 30, 'standard', md5(%s), true)",
               [world["customer"], world["product"], shown])


def test_one_click_cancel_by_the_distributor_or_support_and_never_by_others(db, world):
    as_user(db, world["d"])
    first = subscribe(db, world)
    as_user(db, world["other"])
    fails_with(db, "MLDNY", "select api.autoship_cancel(%s)", [first])
    as_user(db, world["finance"])
    fails_with(db, "MLDNY", "select api.autoship_cancel(%s)", [first])
    as_user(db, world["d"])
    db.execute("select api.autoship_cancel(%s)", [first])
    db.execute("select api.autoship_cancel(%s)", [first])  # twice is fine
    a = autoship(db, first)
    assert (a["status"], str(a["cancelled_by"])) == ("cancelled", world["d"])
    as_superuser(db)
    assert db.execute("select auto_ship_enabled from customers where id = %s",
                      [world["customer"]]).fetchone()["auto_ship_enabled"] is False
    as_user(db, world["admin"])
    assert run(db, "2031-04-09")["created"] == 0


def test_the_job_places_due_orders_once_per_day(db, world):
    as_user(db, world["d"])
    sub = subscribe(db, world, quantity=2)
    as_user(db, world["admin"])
    assert run(db, "2031-04-08") == {"created": 0, "failed": 0, "stopped": 0, "attempted": 0}  # not due yet
    pin(db, "2031-04-09T00:30:00Z")
    assert run(db) == {"created": 1, "failed": 0, "stopped": 0, "attempted": 1}
    assert run(db) == {"created": 0, "failed": 0, "stopped": 0, "attempted": 0}  # the same day: nothing twice
    order = db.execute("select * from orders where autoship_id = %s", [sub]).fetchone()
    assert (order["status"], order["order_type"], str(order["autoship_due_on"]), order["subtotal"],
            order["total_pv"], str(order["distributor_id"])) == (
        "pending", "retail", "2031-04-09", Decimal("79.90"), Decimal("64.00"), world["d"])
    assert order["shipping_address"]["city"] == "Denver"
    a = autoship(db, sub)
    assert (str(a["next_run_on"]), a["last_order_id"], a["failure_count"]) == ("2031-05-09", order["id"], 0)
    assert db.execute("select stock_quantity from products where id = %s", [world["product"]]).fetchone()[
        "stock_quantity"] == 8
    # The run is one audit event with its counts.
    event = db.execute("select after_data from audit_logs where entity_type = 'autoships' and action = 'run'"
                       " order by id desc limit 1").fetchone()
    assert event["after_data"] == {"day": "2031-04-09", "created": 1, "failed": 0, "stopped": 0}


def test_only_admins_and_the_system_user_run_the_job(db, world):
    as_user(db, world["support"])
    fails_with(db, "MLDNY", "select * from api.autoship_run()")
    as_user(db, "00000000-0000-0000-0000-000000000001")
    assert run(db)["created"] == 0


def test_a_failing_autoship_says_why_is_retried_three_days_then_stops(db, world):
    as_user(db, world["d"])
    sub = subscribe(db, world, quantity=20)  # 10 in stock
    as_user(db, world["admin"])
    for day, status in (("2031-04-09", "active"), ("2031-04-10", "active"), ("2031-04-11", "active"),
                        ("2031-04-12", "failed")):
        counts = run(db, day)
        assert counts["created"] == 0 and counts["failed"] == 1
        assert run(db, day)["failed"] == 0  # once per day
        a = autoship(db, sub)
        assert a["status"] == status and a["last_error"] == "Only 10 of Daily Multivitamin left in stock."
    assert counts["stopped"] == 1
    assert autoship(db, sub)["failure_count"] == 4
    assert run(db, "2031-04-13")["failed"] == 0  # stopped: no fifth attempt
    attempts = db.execute("select run_on::text, due_on::text, outcome from autoship_attempts"
                          " where autoship_id = %s order by run_on", [sub]).fetchall()
    assert [a["run_on"] for a in attempts] == ["2031-04-09", "2031-04-10", "2031-04-11", "2031-04-12"]
    assert {a["due_on"] for a in attempts} == {"2031-04-09"}
    # Fixed (stock received) and resumed: the order comes on the next run.
    db.execute("select api.product_stock_adjust(%s, 20, 'Delivery')", [world["product"]])
    pin(db, "2031-04-13T16:00:00Z")
    as_user(db, world["d"])
    db.execute("select api.autoship_resume(%s)", [sub])
    assert str(autoship(db, sub)["next_run_on"]) == "2031-04-13"
    as_user(db, world["admin"])
    pin(db, "2031-04-14T00:30:00Z")
    assert run(db)["created"] == 1
    assert str(autoship(db, sub)["next_run_on"]) == "2031-05-13"


def test_a_failure_that_clears_within_the_retries_places_the_order(db, world):
    as_user(db, world["d"])
    sub = subscribe(db, world)
    as_superuser(db)
    db.execute("update customers set status = 'inactive' where id = %s", [world["customer"]])
    as_user(db, world["admin"])
    assert run(db, "2031-04-09")["failed"] == 1
    assert autoship(db, sub)["last_error"] == "The customer is inactive."
    as_superuser(db)
    db.execute("update customers set status = 'active' where id = %s", [world["customer"]])
    db.execute("update products set status = 'discontinued' where id = %s", [world["product"]])
    as_user(db, world["admin"])
    assert run(db, "2031-04-10")["failed"] == 1
    assert autoship(db, sub)["last_error"] == "Daily Multivitamin is discontinued."
    as_superuser(db)
    db.execute("update products set status = 'active' where id = %s", [world["product"]])
    as_user(db, world["admin"])
    assert run(db, "2031-04-11")["created"] == 1
    order = db.execute("select autoship_due_on::text from orders where autoship_id = %s", [sub]).fetchone()
    assert order["autoship_due_on"] == "2031-04-09"  # the due date it filled, one day late
    assert str(autoship(db, sub)["next_run_on"]) == "2031-05-09"


def test_upcoming_autoships_are_listed_for_the_customer(db, world):
    as_user(db, world["d"])
    sub = subscribe(db, world)
    rows = db.execute("select * from api.autoship_list(%s)", [world["customer"]]).fetchall()
    assert [(str(r["id"]), str(r["next_run_on"]), r["unit_price"], r["can_cancel"]) for r in rows] == [
        (sub, "2031-04-09", Decimal("39.95"), True)]
    as_user(db, world["other"])
    assert db.execute("select * from api.autoship_list(%s)", [world["customer"]]).fetchall() == []


def test_the_job_works_in_batches_and_each_autoship_once(db, world):
    as_user(db, world["d"])
    subscribe(db, world)
    as_superuser(db)
    for i in range(4):
        cid = db.execute("insert into customers (distributor_id, email, billing_address) values (%s, %s, %s)"
                         " returning id::text", [world["d"], f"b{i}@example.test", ADDRESS]).fetchone()["id"]
        db.execute("insert into autoships (customer_id, product_id, quantity, frequency_days, next_run_on,"
                   " consent_text, consent_at) values (%s, %s, 1, 30, '2031-04-09', 'Terms', now())",
                   [cid, world["product"]])
    as_user(db, world["admin"])
    batches = [db.execute("select * from api.autoship_run('2031-04-09', 2)").fetchone()["attempted"]
               for _ in range(4)]
    assert batches == [2, 2, 1, 0]
    assert db.execute("select count(*) as n from orders where autoship_due_on = '2031-04-09'").fetchone()["n"] == 5
