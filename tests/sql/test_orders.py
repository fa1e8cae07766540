"""Orders through the api functions (issue 5): placing (prices and PV from the
catalogue, stock, tax, shipping, discounts, idempotency), the life cycle
(payment, shipping, refund, cancel) with each role's rights, volume and
closed periods, payment imports, and the audit trail of it all."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_commission_period, make_distributor, make_user, set_commission_period_status

NOW = "2031-05-15T12:00:00Z"
ADDRESS = {"name": "Ann Buyer", "line1": "12 Oak Street", "city": "Austin", "region": "TX",
           "postal_code": "78701", "country": "US"}


@dataclass
class Shop:
    d: str            # the distributor
    other: str        # another distributor
    cust: str         # D's customer (retail)
    own: str          # D's own account (personal)
    cust_other: str   # the other distributor's customer
    shake: str        # 54.95, 44 PV, stock 10
    vitamin: str      # 39.95, 32 PV, stock 1, subscription 30 days
    old: str          # discontinued
    admin: str
    support: str
    finance: str
    manager: str
    auditor: str


def pin(db, at: str = NOW) -> None:
    db.execute("select set_config('app.now', %s, true)", [at])


def product(db, sku, price, pv, stock, *, status="active", subscription=None) -> str:
    return db.execute(
        "insert into products (sku, name, price, pv, stock_quantity, status, is_subscription,"
        " subscription_frequency) values (%s, %s, %s, %s, %s, %s, %s, %s) returning id::text",
        [sku, f"Product {sku}", price, pv, stock, status, subscription is not None, subscription]
    ).fetchone()["id"]


def customer(db, distributor, *, own=False, address=ADDRESS, email=None) -> str:
    return db.execute(
        "insert into customers (distributor_id, email, first_name, last_name, billing_address, is_own_account)"
        " values (%s, %s, 'Ann', 'Buyer', %s, %s) returning id::text",
        [distributor, email or f"c-{uuid.uuid4().hex[:8]}@example.test", json.dumps(address), own]
    ).fetchone()["id"]


@pytest.fixture
def shop(db) -> Shop:
    pin(db)
    d = make_distributor(db)
    other = make_distributor(db)
    db.execute("insert into tax_rates (country, region, rate, name) values ('US', null, 0.08, 'US'),"
               " ('US', 'TX', 0.0825, 'Texas'), ('CA', null, 0.05, 'GST')")
    sku = uuid.uuid4().hex[:6].upper()
    return Shop(
        d=d, other=other, cust=customer(db, d), own=customer(db, d, own=True), cust_other=customer(db, other),
        shake=product(db, f"SHAKE-{sku}", "54.95", "44.00", 10),
        vitamin=product(db, f"VIT-{sku}", "39.95", "32.00", 1, subscription=30),
        old=product(db, f"OLD-{sku}", "14.95", "11.00", 50, status="discontinued"),
        admin=make_user(db, "admin"), support=make_user(db, "support"), finance=make_user(db, "finance"),
        manager=make_user(db, "manager"), auditor=make_user(db, "auditor"))


def lines(*pairs) -> str:
    return json.dumps([{"product_id": p, "quantity": q} for p, q in pairs])


def place(db, customer_id, *pairs, **kw) -> str:
    params = {"c": customer_id, "l": lines(*pairs), "ship_to": None, "method": "standard", "notes": None,
              "pct": None, "amt": None, "reason": None, "key": None}
    params.update(kw)
    return str(db.execute(
        "select api.order_place(p_customer_id => %(c)s, p_lines => %(l)s, p_ship_to => %(ship_to)s,"
        " p_shipping_method => %(method)s, p_notes => %(notes)s, p_discount_percent => %(pct)s,"
        " p_discount_amount => %(amt)s, p_discount_reason => %(reason)s, p_idempotency_key => %(key)s) as id",
        params).fetchone()["id"])


def order(db, order_id) -> dict:
    return db.execute("select * from orders where id = %s", [order_id]).fetchone()


def stock(db, product_id) -> int:
    return db.execute("select stock_quantity from products where id = %s", [product_id]).fetchone()["stock_quantity"]


def pay(db, order_id, amount=None, reference="pay_1"):
    amount = amount if amount is not None else order(db, order_id)["total"]
    db.execute("select api.order_payment_record(%s, 'card', %s, %s)", [order_id, reference, amount])


# --- placing ----------------------------------------------------------------

def test_a_retail_order_takes_prices_and_pv_from_the_catalogue_and_adds_up_to_the_cent(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 2), (shop.vitamin, 1))
    o = order(db, oid)
    assert o["order_type"] == "retail" and o["status"] == "pending" and o["payment_status"] == "pending"
    assert o["distributor_id"] == uuid.UUID(shop.d) and o["placed_by"] == uuid.UUID(shop.d)
    assert o["subtotal"] == Decimal("149.85") and o["total_pv"] == Decimal("120.00")
    # Texas 8.25 % of 149.85 = 12.362625 -> 12.36; free shipping from 100.00.
    assert (o["tax_rate"], o["tax_amount"], o["shipping_amount"], o["total"]) == (
        Decimal("0.082500"), Decimal("12.36"), Decimal("0.00"), Decimal("162.21"))
    assert o["order_number"].startswith("SO-2031-") and len(o["order_number"]) >= 14
    items = db.execute("select product_id::text, quantity, unit_price, total_price, pv from order_items"
                       " where order_id = %s order by unit_price desc", [oid]).fetchall()
    assert items == [
        {"product_id": shop.shake, "quantity": 2, "unit_price": Decimal("54.95"), "total_price": Decimal("109.90"),
         "pv": Decimal("88.00")},
        {"product_id": shop.vitamin, "quantity": 1, "unit_price": Decimal("39.95"), "total_price": Decimal("39.95"),
         "pv": Decimal("32.00")}]
    assert (stock(db, shop.shake), stock(db, shop.vitamin)) == (8, 0)
    db.execute("set constraints all immediate")  # the commit-time subtotal check passes


def test_every_order_subtotal_and_pv_equal_the_sum_of_its_items(db, shop):
    as_user(db, shop.d)
    for pairs in ([(shop.shake, 1)], [(shop.shake, 3), (shop.vitamin, 1)], [(shop.shake, 2)]):
        place(db, shop.cust, *pairs)
    place(db, shop.own, (shop.shake, 1))
    as_superuser(db)
    bad = db.execute(
        "select o.order_number from orders o join (select order_id, sum(total_price) as s, sum(pv) as pv"
        " from order_items group by order_id) i on i.order_id = o.id"
        " where o.subtotal <> i.s or o.total_pv <> i.pv"
        "    or o.total <> o.subtotal - o.discount_amount + o.tax_amount + o.shipping_amount").fetchall()
    assert bad == []
    db.execute("set constraints all immediate")


def test_a_personal_order_is_the_one_for_the_distributors_own_account(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.own, (shop.shake, 1))
    o = order(db, oid)
    # Under 100.00: standard shipping 7.95; Texas tax on 54.95 = 4.53.
    assert (o["order_type"], o["shipping_amount"], o["tax_amount"], o["total"]) == (
        "personal", Decimal("7.95"), Decimal("4.53"), Decimal("67.43"))


def test_price_and_pv_changes_never_change_orders_already_placed(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 1))
    as_user(db, shop.admin)
    db.execute("select api.product_save(p_id => %s, p_sku => %s, p_name => 'New name', p_price => 99.00,"
               " p_pv => 80.00, p_stock_quantity => 0)",
               [shop.shake, db.execute("select sku from products where id = %s", [shop.shake]).fetchone()["sku"]])
    item = db.execute("select unit_price, pv from order_items where order_id = %s", [oid]).fetchone()
    assert item == {"unit_price": Decimal("54.95"), "pv": Decimal("44.00")}
    assert order(db, oid)["subtotal"] == Decimal("54.95")


def test_tax_by_region_then_country_then_none(db, shop):
    as_superuser(db)
    ohio = customer(db, shop.d, address={**ADDRESS, "region": "OH"})
    berlin = customer(db, shop.d, address={**ADDRESS, "region": "BE", "country": "DE"})
    as_user(db, shop.d)
    assert order(db, place(db, ohio, (shop.shake, 1)))["tax_amount"] == Decimal("4.40")  # 8 % of 54.95 = 4.396
    o = order(db, place(db, berlin, (shop.shake, 1)))
    assert (o["tax_rate"], o["tax_amount"]) == (None, Decimal("0.00"))
    quote = db.execute("select tax_note from api.order_quote(%s, %s) where line_no is null",
                       [berlin, lines((shop.shake, 1))]).fetchone()
    assert quote["tax_note"] == "No tax rate is set up for DE-BE; no tax is charged."


def test_shipping_by_method_and_country(db, shop):
    as_superuser(db)
    db.execute("insert into shipping_rates (method_id, country, price)"
               " select id, 'US', 4.50 from shipping_methods where code = 'express'")
    toronto = customer(db, shop.d, address={**ADDRESS, "region": "ON", "country": "CA"})
    as_user(db, shop.d)
    assert order(db, place(db, shop.cust, (shop.shake, 1), method="express"))["shipping_amount"] == Decimal("4.50")
    assert order(db, place(db, toronto, (shop.shake, 1), method="express"))["shipping_amount"] == Decimal("19.95")
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s, p_shipping_method => 'teleport')",
                       [shop.cust, lines((shop.shake, 1))])
    assert error.diag.column_name == "shipping_method"


def test_quote_shows_each_lines_problem_and_totals_of_the_rest(db, shop):
    as_user(db, shop.d)
    rows = db.execute("select * from api.order_quote(%s, %s)", [shop.cust, json.dumps([
        {"product_id": shop.shake, "quantity": "2"}, {"product_id": shop.old, "quantity": 1},
        {"product_id": shop.vitamin, "quantity": 5}, {"product_id": "", "quantity": ""},
        {"product_id": "not-a-uuid", "quantity": 1}, {"product_id": shop.shake, "quantity": "-1"}])]).fetchall()
    problems = [(r["name"], r["problem"]) for r in rows if r["line_no"] is not None]
    assert problems[0][1] == "Enter a quantity from 1 to 999."  # the shake twice: 2 and -1
    assert problems[1][1] == "Discontinued: it can no longer be ordered."
    assert problems[2][1] == "Only 1 left in stock."
    assert problems[3][1] == "Choose a product from the list."
    totals = rows[-1]
    assert totals["line_no"] is None and totals["subtotal"] == 0 and totals["total"] == 0


@pytest.mark.parametrize("pairs,message", [
    ("old", "is discontinued and can no longer be ordered."),
    ("vitamin2", "Only 1 of Product VIT-"),
    ("zero", "Enter a quantity from 1 to 999."),
    ("negative", "Enter a quantity from 1 to 999."),
    ("huge", "Enter a quantity from 1 to 999."),
    ("unknown", "Choose a product from the list."),
    ("empty", "Add at least one product."),
])
def test_bad_lines_refuse_the_whole_order_and_reserve_nothing(db, shop, pairs, message):
    given = {"old": [(shop.old, 1)], "vitamin2": [(shop.shake, 1), (shop.vitamin, 2)],
             "zero": [(shop.shake, 0)], "negative": [(shop.shake, -3)], "huge": [(shop.shake, 100000)],
             "unknown": [(str(uuid.uuid4()), 1)], "empty": []}[pairs]
    as_user(db, shop.d)
    before = db.execute("select count(*) as n from orders").fetchone()["n"]
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s)", [shop.cust, lines(*given)])
    assert message in error.diag.message_primary and error.diag.column_name == "lines"
    assert db.execute("select count(*) as n from orders").fetchone()["n"] == before
    assert stock(db, shop.shake) == 10


def test_a_distributor_orders_only_for_its_own_active_customers(db, shop):
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.order_place(%s, %s)", [shop.cust_other, lines((shop.shake, 1))])
    fails_with(db, "MLDNY", "select api.order_place(%s, %s)", [str(uuid.uuid4()), lines((shop.shake, 1))])
    as_superuser(db)
    db.execute("update customers set status = 'inactive' where id = %s", [shop.cust])
    as_user(db, shop.d)
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s)", [shop.cust, lines((shop.shake, 1))])
    assert "inactive" in str(error)
    as_superuser(db)
    db.execute("update distributors set status = 'terminated' where user_id = %s", [shop.d])
    as_user(db, shop.admin)
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s)", [shop.own, lines((shop.shake, 1))])
    assert "terminated" in str(error)


@pytest.mark.parametrize("role", ["manager", "support", "finance", "auditor"])
def test_staff_other_than_admins_place_no_orders(db, shop, role):
    as_user(db, getattr(shop, role))
    fails_with(db, "MLDNY", "select api.order_place(%s, %s)", [shop.cust, lines((shop.shake, 1))])


def test_an_admin_places_an_order_credited_to_the_customers_distributor_with_a_discount(db, shop):
    as_user(db, shop.admin)
    oid = place(db, shop.cust, (shop.shake, 2), pct=Decimal("12.5"), reason="Loyalty reward")
    o = order(db, oid)
    # 12.5 % of 109.90 = 13.7375 -> 13.74; net 96.16 < 100: shipping 7.95; tax 8.25 % = 7.9332 -> 7.93.
    assert (o["distributor_id"], o["discount_amount"], o["discount_percent"], o["shipping_amount"],
            o["tax_amount"], o["total"], o["discount_reason"]) == (
        uuid.UUID(shop.d), Decimal("13.74"), Decimal("12.50"), Decimal("7.95"), Decimal("7.93"),
        Decimal("112.04"), "Loyalty reward")
    assert o["total_pv"] == Decimal("88.00")  # a discount never changes volume
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s, p_discount_amount => 5)",
                       [shop.cust, lines((shop.shake, 1))])
    assert error.diag.column_name == "discount_reason"
    error = fails_with(db, "MLVAL", "select api.order_place(%s, %s, p_discount_amount => 5.005,"
                       " p_discount_reason => 'x')", [shop.cust, lines((shop.shake, 1))])
    assert error.diag.column_name == "discount_value"
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.order_place(%s, %s, p_discount_percent => 10, p_discount_reason => 'x')",
               [shop.cust, lines((shop.shake, 1))])


def test_an_amount_discount_is_at_most_the_subtotal(db, shop):
    as_user(db, shop.admin)
    o = order(db, place(db, shop.cust, (shop.shake, 1), amt=Decimal("80.00"), reason="Goodwill"))
    assert (o["discount_amount"], o["tax_amount"], o["total"]) == (Decimal("54.95"), Decimal("0.00"), Decimal("7.95"))


def test_the_same_form_placed_twice_makes_one_order(db, shop):
    key = str(uuid.uuid4())
    as_user(db, shop.d)
    first = place(db, shop.cust, (shop.shake, 1), key=key)
    second = place(db, shop.cust, (shop.shake, 1), key=key)
    assert first == second
    assert db.execute("select count(*) as n from orders where idempotency_key = %s", [key]).fetchone()["n"] == 1
    assert stock(db, shop.shake) == 9
    # The key is per user: another user's key never returns someone else's order.
    as_user(db, shop.admin)
    assert place(db, shop.cust, (shop.shake, 1), key=key) != first


# --- life cycle and who may do what ----------------------------------------------

def test_life_cycle_pay_process_ship_deliver(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 1))
    as_user(db, shop.finance)
    pay(db, oid, reference="ch_123")
    o = order(db, oid)
    assert (o["status"], o["payment_status"], o["payment_method"], o["payment_reference"]) == (
        "confirmed", "paid", "card", "ch_123")
    assert o["paid_at"].isoformat().startswith("2031-05-15T12:00")
    fails_with(db, "MLDNY", "select api.order_advance(%s, 'processing')", [oid])
    fails_with(db, "MLDNY", "select api.order_refund(%s, 'x')", [oid])
    as_user(db, shop.support)
    db.execute("select api.order_advance(%s, 'processing')", [oid])
    error = fails_with(db, "MLVAL", "select api.order_advance(%s, 'shipped', '')", [oid])
    assert error.diag.column_name == "tracking_number"
    db.execute("select api.order_advance(%s, 'shipped', '1Z999AA10123456784')", [oid])
    fails_with(db, "MLVAL", "select api.order_advance(%s, 'processing')", [oid])
    db.execute("select api.order_advance(%s, 'delivered')", [oid])
    o = order(db, oid)
    assert (o["status"], o["tracking_number"]) == ("delivered", "1Z999AA10123456784")
    assert o["shipped_at"] is not None and o["delivered_at"] is not None


def test_a_payment_must_be_the_whole_total_once(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 1))
    fails_with(db, "MLDNY", "select api.order_payment_record(%s, 'card', 'x', 67.43)", [oid])
    as_user(db, shop.support)
    error = fails_with(db, "MLVAL", "select api.order_payment_record(%s, 'card', 'x', 10)", [oid])
    assert error.diag.column_name == "amount" and "67.43" in str(error)
    error = fails_with(db, "MLVAL", "select api.order_payment_record(%s, 'bitcoin', 'x', 67.43)", [oid])
    assert error.diag.column_name == "payment_method"
    error = fails_with(db, "MLVAL", "select api.order_payment_record(%s, 'card', '  ', 67.43)", [oid])
    assert error.diag.column_name == "payment_reference"
    pay(db, oid)
    error = fails_with(db, "MLVAL", "select api.order_payment_record(%s, 'card', 'again', 67.43)", [oid])
    assert "already paid" in str(error)


def test_cancel_before_payment_returns_stock_and_a_cancelled_order_cannot_be_paid(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 3))
    assert stock(db, shop.shake) == 7
    db.execute("select api.order_cancel(%s, 'Customer changed their mind')", [oid])
    o = order(db, oid)
    assert (o["status"], o["payment_status"], o["cancel_reason"]) == (
        "cancelled", "pending", "Customer changed their mind")
    assert o["cancelled_at"] is not None and stock(db, shop.shake) == 10
    fails_with(db, "MLVAL", "select api.order_cancel(%s)", [oid])
    as_user(db, shop.support)
    error = fails_with(db, "MLVAL", "select api.order_payment_record(%s, 'card', 'x', %s)", [oid, o["total"]])
    assert "cancelled" in str(error)


def test_who_cancels_and_paid_orders_are_refunded_not_cancelled(db, shop):
    as_user(db, shop.other)
    other_order = place(db, shop.cust_other, (shop.shake, 1))
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.order_cancel(%s)", [other_order])
    for role in ("finance", "manager", "auditor"):
        as_user(db, getattr(shop, role))
        fails_with(db, "MLDNY", "select api.order_cancel(%s)", [other_order])
    as_user(db, shop.support)
    pay(db, other_order)
    error = fails_with(db, "MLVAL", "select api.order_cancel(%s)", [other_order])
    assert "refunded" in str(error)
    as_user(db, shop.other)
    fails_with(db, "MLVAL", "select api.order_cancel(%s)", [other_order])


def test_refund_needs_support_or_admin_and_a_reason_and_returns_stock(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 2))
    as_user(db, shop.support)
    pay(db, oid)
    error = fails_with(db, "MLVAL", "select api.order_refund(%s, '  ')", [oid])
    assert error.diag.column_name == "refund_reason"
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.order_refund(%s, 'x')", [oid])
    as_user(db, shop.admin)
    db.execute("select api.order_refund(%s, 'Damaged in transit')", [oid])
    o = order(db, oid)
    assert (o["status"], o["payment_status"], o["refund_reason"]) == ("refunded", "refunded", "Damaged in transit")
    assert o["refunded_at"] is not None and stock(db, shop.shake) == 10
    fails_with(db, "MLVAL", "select api.order_refund(%s, 'again')", [oid])


def test_the_order_page_offers_each_role_its_actions(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 1))
    flags = "can_cancel, can_record_payment, can_process, can_ship, can_deliver, can_refund, can_discount"
    expected = {
        "d": (True, False, False, False, False, False, False),
        "support": (True, True, False, False, False, False, False),
        "finance": (False, True, False, False, False, False, False),
        "manager": (False, False, False, False, False, False, False),
        "admin": (True, True, False, False, False, False, True),
    }
    for who, want in expected.items():
        as_user(db, getattr(shop, who))
        assert tuple(db.execute(f"select {flags} from api.order_get(%s)", [oid]).fetchone().values()) == want, who
    pay(db, oid)
    as_user(db, shop.support)
    assert tuple(db.execute(f"select {flags} from api.order_get(%s)", [oid]).fetchone().values()) == (
        False, False, True, True, False, True, False)
    as_user(db, shop.other)
    assert db.execute("select * from api.order_get(%s)", [oid]).fetchall() == []


def test_admin_changes_the_discount_of_an_unpaid_order(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 2))
    as_user(db, shop.admin)
    db.execute("select api.order_discount_set(%s, null, 10.00, 'Late delivery last time')", [oid])
    o = order(db, oid)
    # 109.90 - 10.00 = 99.90 < 100: shipping 7.95; tax 8.25 % of 99.90 = 8.24.
    assert (o["discount_amount"], o["shipping_amount"], o["tax_amount"], o["total"]) == (
        Decimal("10.00"), Decimal("7.95"), Decimal("8.24"), Decimal("116.09"))
    db.execute("select api.order_discount_set(%s, null, null, null)", [oid])
    o = order(db, oid)
    assert (o["discount_amount"], o["discount_reason"], o["total"]) == (Decimal("0.00"), None, Decimal("118.97"))
    as_user(db, shop.support)
    fails_with(db, "MLDNY", "select api.order_discount_set(%s, 5, null, 'x')", [oid])


# --- volume and closed periods -----------------------------------------------

def home_pv(db, who) -> Decimal:
    as_user(db, who)
    return db.execute("select personal_pv from api.home_volume()").fetchone()["personal_pv"]


def test_paying_adds_pv_and_a_refund_in_the_same_month_nets_to_zero(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.cust, (shop.shake, 2))
    assert home_pv(db, shop.d) == 0
    as_user(db, shop.support)
    pay(db, oid)
    assert home_pv(db, shop.d) == Decimal("88.00")
    as_user(db, shop.support)
    db.execute("select api.order_refund(%s, 'Returned')", [oid])
    assert home_pv(db, shop.d) == 0
    as_superuser(db)
    assert db.execute("select kind, pv, retail_base from volume_events where order_id = %s order by kind",
                      [oid]).fetchall() == [
        {"kind": "payment", "pv": Decimal("88.00"), "retail_base": Decimal("109.90")},
        {"kind": "refund", "pv": Decimal("-88.00"), "retail_base": Decimal("-109.90")}]


def test_a_refund_in_a_later_month_is_a_negative_event_of_that_month(db, shop):
    as_user(db, shop.d)
    oid = place(db, shop.own, (shop.shake, 1))
    as_user(db, shop.support)
    pay(db, oid)
    pin(db, "2031-06-02T08:00:00Z")
    db.execute("select api.order_refund(%s, 'Allergic reaction')", [oid])
    as_superuser(db)
    rows = db.execute("select period_id, pv, retail_base from volume_events where order_id = %s order by period_id",
                      [oid]).fetchall()
    assert rows == [{"period_id": "2031-05", "pv": Decimal("44.00"), "retail_base": 0},
                    {"period_id": "2031-06", "pv": Decimal("-44.00"), "retail_base": 0}]
    assert home_pv(db, shop.d) == Decimal("-44.00")  # June so far


def test_payment_and_refund_into_a_closed_period_are_refused_and_change_nothing(db, shop):
    as_user(db, shop.d)
    paid = place(db, shop.cust, (shop.shake, 1))
    unpaid = place(db, shop.cust, (shop.shake, 1))
    as_user(db, shop.support)
    pay(db, paid)
    as_superuser(db)
    make_commission_period(db, "2031-05")
    set_commission_period_status(db, "2031-05", "closed")
    as_user(db, shop.support)
    # Still May: both the payment and the refund would fall in the closed month.
    error = fails_with(db, "MLCLS", "select api.order_payment_record(%s, 'card', 'late', %s)",
                       [unpaid, order(db, unpaid)["total"]])
    assert "2031-05" in str(error)
    fails_with(db, "MLCLS", "select api.order_refund(%s, 'x')", [paid])
    assert (order(db, unpaid)["payment_status"], order(db, paid)["payment_status"]) == ("pending", "paid")
    # The same holds for a superuser writing the table directly.
    as_superuser(db)
    fails_with(db, "MLCLS", "update orders set status = 'refunded', payment_status = 'refunded',"
                            " refunded_at = '2031-05-20T00:00Z' where id = %s", [paid])
    # In June the refund is a clawback of June.
    pin(db, "2031-06-01T00:00:01Z")
    as_user(db, shop.support)
    db.execute("select api.order_refund(%s, 'Returned')", [paid])
    assert order(db, paid)["status"] == "refunded"


# --- payment imports ---------------------------------------------------------

def test_importing_a_providers_export_records_each_payment_once(db, shop):
    as_user(db, shop.d)
    a = place(db, shop.cust, (shop.shake, 1))
    b = place(db, shop.cust, (shop.shake, 2))
    c = place(db, shop.cust, (shop.shake, 3))
    number = {k: order(db, v)["order_number"] for k, v in {"a": a, "b": b, "c": c}.items()}
    rows = [
        {"line": 2, "order_number": number["a"], "amount": str(order(db, a)["total"]), "reference": "ch_a",
         "paid_at": "2031-05-15T12:00:00Z", "status": "succeeded"},
        {"line": 3, "order_number": number["b"], "amount": "1.00", "reference": "ch_b"},
        {"line": 4, "order_number": "SO-1999-000001", "amount": "5.00", "reference": "ch_x"},
        {"line": 5, "order_number": number["c"], "amount": "3", "reference": "ch_c", "status": "refunded"},
        {"line": 6, "order_number": number["c"], "amount": "12.345", "reference": "ch_c"},
    ]
    as_user(db, shop.finance)
    first = db.execute("select api.payment_import('stripe-may.csv', %s) as id", [json.dumps(rows)]).fetchone()["id"]
    result = db.execute("select * from api.payment_import_get(%s)", [first]).fetchone()
    assert (result["row_count"], result["recorded"], result["skipped"], result["failed"]) == (5, 1, 1, 3)
    outcomes = {r["line"]: (r["outcome"], r.get("message")) for r in result["results"]}
    assert outcomes[2] == ("recorded", None)
    assert outcomes[3][0] == "failed" and "record the whole amount" in outcomes[3][1]
    assert outcomes[4] == ("failed", "No order has this number.")
    assert outcomes[5][0] == "skipped"
    assert outcomes[6] == ("failed", "The amount is not a number with at most two decimals.")
    o = order(db, a)
    assert (o["payment_status"], o["payment_reference"], o["paid_at"].isoformat()) == (
        "paid", "ch_a", "2031-05-15T12:00:00+00:00")
    again = db.execute("select api.payment_import('stripe-may.csv', %s) as id", [json.dumps(rows[:1])]).fetchone()
    result = db.execute("select * from api.payment_import_get(%s)", [again["id"]]).fetchone()
    assert (result["recorded"], result["skipped"], result["results"][0]["message"]) == (0, 1, "Already recorded.")
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.payment_import('x.csv', %s)", [json.dumps(rows)])
    as_superuser(db)
    event = db.execute("select after_data, row_count from audit_logs where entity_type = 'payment_imports'"
                       " and entity_id = %s", [str(first)]).fetchone()
    assert event == {"row_count": 5, "after_data": {"source": "stripe-may.csv", "rows": 5, "recorded": 1,
                                                      "skipped": 1, "failed": 3}}


# --- the audit trail ---------------------------------------------------------

def test_every_step_of_an_order_is_audited_with_who_did_it(db, shop):
    since = db.execute("select coalesce(max(id), 0) as id from audit_logs").fetchone()["id"]
    as_user(db, shop.d, request_id="req-place")
    oid = place(db, shop.cust, (shop.shake, 1), (shop.vitamin, 1))
    as_user(db, shop.support, request_id="req-pay")
    pay(db, oid)
    db.execute("select api.order_refund(%s, 'Returned')", [oid])
    as_superuser(db)
    events = db.execute("select actor_id::text, entity_type, action, request_id, after_data from audit_logs"
                        " where id > %s order by id", [since]).fetchall()
    kinds = [(e["entity_type"], e["action"], e["actor_id"]) for e in events]
    assert ("orders", "insert", shop.d) in kinds and ("order_items", "insert", shop.d) in kinds
    assert ("products", "update", shop.d) in kinds  # the stock reserved
    updates = [e for e in events if e["entity_type"] == "orders" and e["action"] == "update"]
    assert [u["after_data"].get("status") for u in updates] == ["confirmed", "refunded"]
    assert all(u["actor_id"] == shop.support and u["request_id"] == "req-pay" for u in updates)
    assert "shipping_address" not in events[[k[:2] for k in kinds].index(("orders", "insert"))]["after_data"]


def test_stock_adjustments_are_admin_only_never_negative_and_audited_with_the_reason(db, shop):
    as_user(db, shop.support)
    fails_with(db, "MLDNY", "select api.product_stock_adjust(%s, 5, 'x')", [shop.shake])
    as_user(db, shop.admin)
    assert db.execute("select api.product_stock_adjust(%s, 25, 'Delivery 4711') as n",
                      [shop.shake]).fetchone()["n"] == 35
    error = fails_with(db, "MLVAL", "select api.product_stock_adjust(%s, -36, 'Count')", [shop.shake])
    assert "Only 35 in stock" in str(error)
    fails_with(db, "MLVAL", "select api.product_stock_adjust(%s, 0, 'Count')", [shop.shake])
    fails_with(db, "MLVAL", "select api.product_stock_adjust(%s, 1, '')", [shop.shake])
    event = db.execute("select after_data from audit_logs where entity_type = 'products' and action = 'stock_adjust'"
                       " and entity_id = %s", [shop.shake]).fetchone()
    assert event["after_data"] == {"stock_quantity": 35, "delta": 25, "reason": "Delivery 4711"}
    as_superuser(db)
    fails_with(db, "23514", "update products set stock_quantity = -1 where id = %s", [shop.shake])


# --- unpaid orders give their stock back --------------------------------------

def test_an_unpaid_order_holds_its_stock_for_the_plans_hours_then_is_cancelled(db, shop):
    as_user(db, shop.d)
    held = place(db, shop.cust, (shop.shake, 6))
    paid = place(db, shop.cust, (shop.shake, 1), key=str(uuid.uuid4()))
    as_user(db, shop.support)
    pay(db, paid)
    assert stock(db, shop.shake) == 3
    as_user(db, shop.admin)
    pin(db, "2031-05-17T11:59:00Z")  # 47 h 59 min later: still held
    assert db.execute("select api.orders_expire_unpaid() as n").fetchone()["n"] == 0
    pin(db, "2031-05-17T12:01:00Z")
    as_user(db, shop.d)
    young = place(db, shop.cust, (shop.shake, 1), key=str(uuid.uuid4()))
    as_user(db, shop.admin)
    assert db.execute("select api.orders_expire_unpaid() as n").fetchone()["n"] == 1
    expired = order(db, held)
    assert (expired["status"], expired["payment_status"]) == ("cancelled", "pending")
    assert expired["cancel_reason"] == "Not paid within 48 hours: cancelled and its stock returned."
    assert order(db, paid)["status"] == "confirmed" and order(db, young)["status"] == "pending"
    assert stock(db, shop.shake) == 8  # 10 - 1 paid - 1 young
    assert db.execute("select api.orders_expire_unpaid() as n").fetchone()["n"] == 0  # nothing twice


def test_the_hold_is_a_plan_setting_and_only_the_job_or_an_admin_expires(db, shop):
    as_user(db, shop.d)
    fails_with(db, "MLDNY", "select api.orders_expire_unpaid()")
    as_user(db, shop.support)
    fails_with(db, "MLDNY", "select api.orders_expire_unpaid()")
    as_user(db, shop.admin)
    for bad in ("0", "8761", "1.5", '"48"'):
        error = fails_with(db, "MLVAL", "update plan_settings set value = %s where key = 'order_hold_hours'", [bad])
        assert "order_hold_hours must be a whole number of hours" in str(error)
    db.execute("update plan_settings set value = '2' where key = 'order_hold_hours'")
    as_user(db, shop.d)
    held = place(db, shop.cust, (shop.shake, 2))
    pin(db, "2031-05-15T14:01:00Z")
    as_user(db, shop.admin)
    assert db.execute("select api.orders_expire_unpaid(p_limit => 10) as n").fetchone()["n"] == 1
    assert order(db, held)["cancel_reason"] == "Not paid within 2 hours: cancelled and its stock returned."
