"""Customers through the api functions (issue 5): who creates and edits
whom, validation by field, addresses, the distributor's own account, search,
and lifetime value kept by the orders."""
from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_user

ADDRESS = {"name": "Lee Park", "line1": "7 Pine Road", "city": "Portland", "region": "OR",
           "postal_code": "97205", "country": "us"}


def save(db, customer_id=None, **fields):
    values = {"first": "Lee", "last": "Park", "email": "lee.park@example.test", "phone": "+1 503 555 0101",
              "billing": json.dumps(ADDRESS), "opt_in": True, "notes": "Likes the vanilla shake.",
              "status": None, "number": None}
    values.update(fields)
    return str(db.execute(
        "select api.customer_save(p_id => %(id)s, p_first_name => %(first)s, p_last_name => %(last)s,"
        " p_email => %(email)s, p_phone => %(phone)s, p_billing_address => %(billing)s::jsonb,"
        " p_marketing_opt_in => %(opt_in)s, p_notes => %(notes)s, p_status => %(status)s,"
        " p_distributor_number => %(number)s) as id", {"id": customer_id, **values}).fetchone()["id"])


@pytest.fixture
def people(db):
    d = make_distributor(db, first_name="Dana")
    other = make_distributor(db)
    number = db.execute("select distributor_number from distributors where user_id = %s", [d]).fetchone()
    return {"d": d, "other": other, "number": number["distributor_number"],
            **{role: make_user(db, role) for role in ("admin", "manager", "support", "finance", "auditor")}}


def test_a_distributor_creates_and_edits_its_own_customer(db, people):
    as_user(db, people["d"])
    cid = save(db)
    row = db.execute("select * from customers where id = %s", [cid]).fetchone()
    assert str(row["distributor_id"]) == people["d"] and row["customer_number"].startswith("C")
    assert row["billing_address"]["country"] == "US" and row["marketing_opt_in"] is True
    assert row["is_own_account"] is False
    save(db, cid, first="Leigh", notes="", status="inactive")
    row = db.execute("select first_name, notes, status from customers where id = %s", [cid]).fetchone()
    assert row == {"first_name": "Leigh", "notes": None, "status": "inactive"}


def test_customer_numbers_follow_on(db, people):
    as_user(db, people["d"])
    first = save(db, email="one@example.test")
    second = save(db, email="two@example.test")
    numbers = [db.execute("select customer_number from customers where id = %s", [i]).fetchone()["customer_number"]
               for i in (first, second)]
    assert int(numbers[1][1:]) == int(numbers[0][1:]) + 1 and len(numbers[0]) == 8


def test_who_may_create_and_edit(db, people):
    as_user(db, people["d"])
    cid = save(db)
    for role in ("manager", "support", "finance", "auditor"):
        as_user(db, people[role])
        fails_with(db, "MLDNY", "select api.customer_save(null, 'A', 'B', 'a@example.test')")
    for role in ("manager", "finance", "auditor"):
        as_user(db, people[role])
        fails_with(db, "MLDNY", "select api.customer_save(%s, 'A', 'B', 'a@example.test')", [cid])
    as_user(db, people["support"])
    save(db, cid, first="Support-edited")
    as_user(db, people["other"])
    fails_with(db, "MLDNY", "select api.customer_save(%s, 'A', 'B', 'a@example.test')", [cid])
    as_user(db, people["admin"])
    error = fails_with(db, "MLVAL", "select api.customer_save(null, 'A', 'B', 'a@example.test',"
                                    " p_billing_address => %s::jsonb)", [json.dumps(ADDRESS)])
    assert error.diag.column_name == "distributor_number"
    created = save(db, email="admin-made@example.test", number=people["number"])
    assert str(db.execute("select distributor_id from customers where id = %s", [created]).fetchone()[
        "distributor_id"]) == people["d"]


@pytest.mark.parametrize("fields,column", [
    ({"first": ""}, "first_name"),
    ({"first": "x" * 101}, "first_name"),
    ({"last": "   "}, "last_name"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "<script>@x"}, "email"),
    ({"phone": "call me maybe"}, "phone"),
    ({"phone": "1" * 21}, "phone"),
    ({"notes": "n" * 5001}, "notes"),
    ({"billing": json.dumps({**ADDRESS, "line1": ""})}, "billing_line1"),
    ({"billing": json.dumps({**ADDRESS, "country": "USA"})}, "billing_country"),
    ({"billing": json.dumps({**ADDRESS, "city": "c" * 101})}, "billing_city"),
    ({"billing": json.dumps({**ADDRESS, "line2": "a\x07b"})}, "billing_line2"),
    ({"billing": None}, "billing_line1"),
])
def test_bad_input_is_refused_by_field_and_saves_nothing(db, people, fields, column):
    as_user(db, people["d"])
    before = db.execute("select count(*) as n from customers").fetchone()["n"]
    error = fails_with(db, "MLVAL", "select api.customer_save(null, %(first)s, %(last)s, %(email)s, %(phone)s,"
                                    " %(billing)s::jsonb, false, %(notes)s)",
                       {"first": "Lee", "last": "Park", "email": "l@example.test", "phone": None,
                        "billing": json.dumps(ADDRESS), "notes": None,
                        **{{"first": "first", "last": "last", "email": "email", "phone": "phone",
                            "notes": "notes", "billing": "billing"}[k]: v for k, v in fields.items()}})
    assert error.diag.column_name == column
    assert db.execute("select count(*) as n from customers").fetchone()["n"] == before


def test_unicode_names_and_the_same_email_twice(db, people):
    as_user(db, people["d"])
    cid = save(db, first="Zoë", last="Sørensen-Yılmaz", email="zoe@example.test")
    assert db.execute("select first_name, last_name from customers where id = %s", [cid]).fetchone() == {
        "first_name": "Zoë", "last_name": "Sørensen-Yılmaz"}
    error = fails_with(db, "MLVAL", "select api.customer_save(null, 'Z', 'S', 'ZOE@example.test',"
                                    " p_billing_address => %s::jsonb)", [json.dumps(ADDRESS)])
    assert error.diag.column_name == "email"
    as_user(db, people["other"])  # another distributor may have the same person as customer
    save(db, email="zoe@example.test")


def test_shipping_addresses_add_replace_default_remove(db, people):
    as_user(db, people["d"])
    cid = save(db)
    add = "select api.customer_address_save(%s, %s, %s::jsonb, %s) as i"
    assert db.execute(add, [cid, None, json.dumps({**ADDRESS, "label": "Home"}), False]).fetchone()["i"] == 0
    assert db.execute(add, [cid, None, json.dumps({**ADDRESS, "label": "Work", "line1": "1 Office Park"}),
                            True]).fetchone()["i"] == 1
    addresses = db.execute("select shipping_addresses from customers where id = %s", [cid]).fetchone()[
        "shipping_addresses"]
    assert [(a["label"], a["is_default"]) for a in addresses] == [("Home", False), ("Work", True)]
    assert db.execute("select api.customer_ship_to(%s) as a", [cid]).fetchone()["a"]["line1"] == "1 Office Park"
    db.execute(add, [cid, 0, json.dumps({**ADDRESS, "label": "Home", "city": "Salem"}), False])
    db.execute("select api.customer_address_remove(%s, 1)", [cid])
    addresses = db.execute("select shipping_addresses from customers where id = %s", [cid]).fetchone()[
        "shipping_addresses"]
    assert [(a["city"], a["is_default"]) for a in addresses] == [("Salem", True)]
    error = fails_with(db, "MLVAL", add, [cid, 5, json.dumps(ADDRESS), False])
    assert "no longer exists" in str(error)
    error = fails_with(db, "MLVAL", add, [cid, None, json.dumps({**ADDRESS, "country": ""}), False])
    assert error.diag.column_name == "country"
    as_user(db, people["other"])
    fails_with(db, "MLDNY", add, [cid, None, json.dumps(ADDRESS), False])


def test_own_account_is_created_once_from_the_distributors_profile(db, people):
    as_superuser(db)
    db.execute("insert into user_profiles (user_id, address) values (%s, %s)", [people["d"], json.dumps(ADDRESS)])
    as_user(db, people["d"])
    first = db.execute("select api.own_account_ensure() as id").fetchone()["id"]
    assert db.execute("select api.own_account_ensure() as id").fetchone()["id"] == first
    row = db.execute("select is_own_account, first_name, billing_address, shipping_addresses from customers"
                     " where id = %s", [first]).fetchone()
    assert row["is_own_account"] and row["first_name"] == "Dana"
    assert row["billing_address"]["city"] == "Portland" and row["shipping_addresses"][0]["is_default"]
    as_user(db, people["support"])
    fails_with(db, "MLDNY", "select api.own_account_ensure()")


def test_lifetime_value_and_order_dates_follow_paid_orders(db, people):
    as_superuser(db)
    db.execute("select set_config('app.now', '2031-02-10T10:00:00Z', true)")
    product = db.execute("insert into products (sku, name, price, pv, stock_quantity) values (%s, 'P', 20, 15, 9)"
                         " returning id::text", [f"LV-{uuid.uuid4().hex[:6]}"]).fetchone()["id"]
    as_user(db, people["d"])
    cid = save(db)
    place = "select api.order_place(%s, %s) as id"
    lines = json.dumps([{"product_id": product, "quantity": 1}])
    a, b = (db.execute(place, [cid, lines]).fetchone()["id"] for _ in range(2))
    as_user(db, people["support"])
    for oid in (a, b):
        total = db.execute("select total from orders where id = %s", [oid]).fetchone()["total"]
        db.execute("select api.order_payment_record(%s, 'card', 'r', %s)", [oid, total])
    row = db.execute("select lifetime_value, first_order_date::text, last_order_date::text from customers"
                     " where id = %s", [cid]).fetchone()
    assert row == {"lifetime_value": Decimal("55.90"), "first_order_date": "2031-02-10",
                   "last_order_date": "2031-02-10"}
    db.execute("select api.order_refund(%s, 'Returned')", [b])
    assert db.execute("select lifetime_value from customers where id = %s", [cid]).fetchone()[
        "lifetime_value"] == Decimal("27.95")


def test_search_finds_by_name_email_number_and_phone_and_respects_rls(db, people):
    as_user(db, people["d"])
    cid = save(db, first="Marguerite", email="mags@example.test", phone="+1 503 555 0199")
    number = db.execute("select customer_number from customers where id = %s", [cid]).fetchone()["customer_number"]
    for q in ("margu", "MAGS@", number, "555 0199", "%", "_"):
        found = [str(r["id"]) for r in db.execute("select id from api.customer_search(%s)", [q]).fetchall()]
        assert (cid in found) == (q not in ("%", "_")), q
    as_user(db, people["other"])
    assert db.execute("select count(*) as n from api.customer_search('Marguerite')").fetchone()["n"] == 0
    as_user(db, people["auditor"])
    assert db.execute("select distributor_name from api.customer_search(p_id => %s)",
                      [cid]).fetchone()["distributor_name"].startswith("Dana")


@pytest.mark.parametrize("assignment", [
    "is_own_account = not is_own_account", "lifetime_value = 1000000", "last_order_date = '2030-01-01'",
    "auto_ship_enabled = true", "customer_number = 'C9999999'"])
def test_derived_customer_columns_are_not_written_by_hand(db, people, assignment):
    as_user(db, people["d"])
    cid = save(db)
    error = fails_with(db, "MLDNY", f"update customers set {assignment} where id = %s", [cid])
    assert "kept by the system" in str(error)
    as_user(db, people["admin"])
    fails_with(db, "MLDNY", f"update customers set {assignment} where id = %s", [cid])
    as_user(db, people["d"])
    assert db.execute("update customers set notes = 'ok' where id = %s", [cid]).rowcount == 1
