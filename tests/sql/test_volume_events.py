"""Plan v1 section 2: volume is a stream of events, +PV at paid_at and -PV at
refunded_at, and nothing may change in a closed period, whoever writes."""
from __future__ import annotations

from decimal import Decimal

import pytest
from dbtools import fails_with
from factories import make_customer, make_distributor, make_order, make_product


def events(db, order_id):
    return db.execute("select kind, period_id, pv, retail_base from volume_events where order_id = %s"
                      " order by kind", [order_id]).fetchall()


def volumes(db, dist, start, end):
    return db.execute("select * from calculate_distributor_volumes(%s, %s, %s)", [dist, start, end]).fetchone()


def close(db, period_id, status="closed"):
    db.execute("select private.period_ensure(%s::date)", [period_id + "-01"])
    db.execute("update commission_periods set status = %s, closed_at = now(),"
               " finalized_at = case when %s = 'finalized' then now() end where id = %s",
               [status, status, period_id])


def test_a_paid_retail_order_is_one_payment_event_of_its_month(db):
    d = make_distributor(db)
    order = make_order(db, d, subtotal="80.00", pv="64.00", paid_at="2025-01-31T23:59:59Z")
    assert events(db, order) == [{"kind": "payment", "period_id": "2025-01", "pv": Decimal("64.00"),
                                  "retail_base": Decimal("80.00")}]


def test_a_personal_order_has_no_retail_base(db):
    d = make_distributor(db)
    order = make_order(db, d, order_type="personal", subtotal="80.00", pv="64.00", paid_at="2025-02-01T00:00:00Z")
    assert events(db, order)[0]["retail_base"] == 0 and events(db, order)[0]["period_id"] == "2025-02"


def test_an_unpaid_order_has_no_events(db):
    d = make_distributor(db)
    assert events(db, make_order(db, d)) == []


def test_a_refund_in_the_same_month_nets_to_zero(db):
    d = make_distributor(db)
    make_order(db, d, pv="50.00", paid_at="2025-03-02T10:00Z", refunded_at="2025-03-20T10:00Z")
    assert volumes(db, d, "2025-03-01", "2025-03-31") == {"personal_pv": 0, "group_pv": 0}


def test_a_refund_in_a_later_month_is_a_negative_event_of_that_month(db):
    d = make_distributor(db)
    order = make_order(db, d, subtotal="60.00", pv="50.00", paid_at="2025-03-30T10:00Z",
                       refunded_at="2025-04-02T10:00Z")
    assert events(db, order) == [
        {"kind": "payment", "period_id": "2025-03", "pv": Decimal("50.00"), "retail_base": Decimal("60.00")},
        {"kind": "refund", "period_id": "2025-04", "pv": Decimal("-50.00"), "retail_base": Decimal("-60.00")}]
    assert volumes(db, d, "2025-03-01", "2025-03-31")["personal_pv"] == Decimal("50.00")
    assert volumes(db, d, "2025-04-01", "2025-04-30")["personal_pv"] == Decimal("-50.00")


def test_group_volume_is_over_the_whole_sponsor_downline(db):
    top = make_distributor(db)
    mid = make_distributor(db, top)
    low = make_distributor(db, mid)
    for who, pv in ((top, "10.00"), (mid, "20.00"), (low, "40.00")):
        make_order(db, who, pv=pv, paid_at="2025-05-10T12:00Z")
    assert volumes(db, top, "2025-05-01", "2025-05-31") == {"personal_pv": Decimal("10.00"),
                                                           "group_pv": Decimal("70.00")}
    assert volumes(db, mid, "2025-05-01", "2025-05-31") == {"personal_pv": Decimal("20.00"),
                                                           "group_pv": Decimal("60.00")}


def test_order_pv_and_subtotal_follow_its_items(db):
    d = make_distributor(db)
    order = make_order(db, d, subtotal="30.00", pv="20.00", paid_at="2025-06-01T09:00Z")
    product = make_product(db, price="15.00", pv="12.50")
    db.execute("insert into order_items (order_id, product_id, quantity, unit_price, total_price, pv)"
               " values (%s, %s, 2, 15.00, 30.00, 25.00)", [order, product])
    db.execute("update orders set subtotal = 60.00, total = 60.00 where id = %s", [order])
    row = db.execute("select total_pv, items_subtotal from orders where id = %s", [order]).fetchone()
    assert row == {"total_pv": Decimal("45.00"), "items_subtotal": Decimal("60.00")}
    assert events(db, order)[0]["pv"] == Decimal("45.00")
    db.execute("set constraints all immediate")  # the commit-time check passes


def test_a_subtotal_that_is_not_the_sum_of_items_is_refused_at_commit(db):
    d = make_distributor(db)
    order = make_order(db, d, subtotal="30.00", pv="20.00")
    db.execute("update orders set subtotal = 31.00, total = 31.00 where id = %s", [order])
    error = fails_with(db, "MLVAL", "set constraints all immediate")
    assert "is not the sum of its items (30.00)" in str(error)


def test_events_create_contiguous_periods(db):
    db.execute("delete from commission_periods where not exists"
               " (select from volume_events e where e.period_id = commission_periods.id)")
    d = make_distributor(db)
    make_order(db, d, paid_at="2030-01-15T00:00Z")
    make_order(db, d, paid_at="2030-04-15T00:00Z")
    ids = [r["id"] for r in db.execute("select id from commission_periods where id >= '2030-01' order by id")]
    assert ids == ["2030-01", "2030-02", "2030-03", "2030-04"]


@pytest.mark.parametrize("status", ["closed", "finalized"])
def test_payments_and_refunds_into_a_closed_period_are_refused_even_for_a_superuser(db, status):
    d = make_distributor(db)
    open_order = make_order(db, d, paid_at="2025-08-10T00:00Z")
    close(db, "2025-08", status)
    customer = make_customer(db, d)
    error = fails_with(db, "MLCLS",
        "insert into orders (id, order_number, customer_id, distributor_id, status, payment_status, subtotal,"
        " total, paid_at, shipping_address, billing_address) values (gen_random_uuid(), 'LATE-1', %s, %s,"
        " 'confirmed', 'paid', 0, 0, '2025-08-31T12:00Z', '{}', '{}')", [customer, d])
    assert f"period 2025-08, which is {status}" in str(error)
    fails_with(db, "MLCLS", "insert into orders (id, order_number, customer_id, distributor_id, status,"
               " payment_status, subtotal, total, paid_at, shipping_address, billing_address) values"
               " (gen_random_uuid(), 'EARLY-1', %s, %s, 'confirmed', 'paid', 0, 0, '2025-07-01T12:00Z', '{}', '{}')",
               [customer, d])
    # A refund dated in the closed month is refused too...
    fails_with(db, "MLCLS", "update orders set status = 'refunded', payment_status = 'refunded',"
               " refunded_at = '2025-08-20T00:00Z' where id = %s", [open_order])
    # ...its money columns, items and the order itself stay as they were...
    fails_with(db, "MLCLS", "update orders set distributor_id = distributor_id, total = total + 1 where id = %s",
               [open_order])
    fails_with(db, "MLCLS", "update order_items set pv = pv + 1 where order_id = %s", [open_order])
    fails_with(db, "MLCLS", "delete from orders where id = %s", [open_order])
    # ...while its life cycle goes on, and a refund in an open month is a clawback there.
    db.execute("update orders set status = 'shipped', tracking_number = 'TRK1' where id = %s", [open_order])
    db.execute("update orders set status = 'refunded', payment_status = 'refunded',"
               " refunded_at = '2025-09-03T00:00Z' where id = %s", [open_order])
    assert [e["period_id"] for e in events(db, open_order)] == ["2025-08", "2025-09"]


@pytest.mark.parametrize("status", ["closed", "finalized"])
def test_the_events_of_a_closed_period_never_change_even_for_a_superuser(db, status):
    d = make_distributor(db)
    order = make_order(db, d, paid_at="2025-08-10T00:00Z")
    later = make_order(db, d, paid_at="2025-09-10T00:00Z")
    close(db, "2025-08", status)
    error = fails_with(db, "MLCLS", "update volume_events set pv = pv + 1 where order_id = %s", [order])
    assert f"period 2025-08, which is {status}" in str(error)
    fails_with(db, "MLCLS", "delete from volume_events where order_id = %s", [order])
    fails_with(db, "MLCLS", "update volume_events set period_id = '2025-08', occurred_at = '2025-08-31T00:00Z',"
               " order_paid_at = '2025-08-31T00:00Z' where order_id = %s", [later])  # moved into it
    fails_with(db, "MLCLS", "insert into volume_events (order_id, distributor_id, period_id, occurred_at, kind, pv,"
               " retail_base, order_paid_at) values (%s, %s, '2025-08', '2025-08-20T00:00Z', 'refund', -1, 0,"
               " '2025-08-10T00:00Z')", [order, d])
    # The open month's events still follow their orders.
    db.execute("update volume_events set pv = pv where order_id = %s", [later])


def test_volume_events_are_not_writable_by_the_app(db):
    from dbtools import as_user
    from factories import make_user

    admin = make_user(db, "admin")
    d = make_distributor(db)
    order = make_order(db, d, paid_at="2025-10-01T00:00Z")
    as_user(db, admin)
    fails_with(db, "42501", "delete from volume_events where order_id = %s", [order])
