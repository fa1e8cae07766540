"""The catalogue, tax rates and shipping methods through the api functions
(issue 5): admins write, everyone reads, money never rounded silently."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from dbtools import as_user, fails_with
from factories import make_distributor, make_user


def save(db, product_id=None, **fields):
    values = {"sku": f"new-{uuid.uuid4().hex[:6]}", "name": "Glow Serum", "price": Decimal("68.00"),
              "pv": Decimal("52.00"), "cost": Decimal("13.90"), "status": "active", "sub": False, "freq": None,
              "stock": 40}
    values.update(fields)
    return str(db.execute(
        "select api.product_save(p_id => %(id)s, p_sku => %(sku)s, p_name => %(name)s, p_price => %(price)s,"
        " p_pv => %(pv)s, p_cost => %(cost)s, p_status => %(status)s, p_is_subscription => %(sub)s,"
        " p_subscription_frequency => %(freq)s, p_stock_quantity => %(stock)s) as id",
        {"id": product_id, **values}).fetchone()["id"])


@pytest.fixture
def admin(db):
    user = make_user(db, "admin")
    as_user(db, user)
    return user


def test_an_admin_creates_and_discontinues_a_product(db, admin):
    db.execute("select set_config('app.now', '2031-01-20T10:00:00Z', true)")
    pid = save(db, sku="skn-9")
    row = db.execute("select sku, price, pv, stock_quantity, status from products where id = %s", [pid]).fetchone()
    assert row == {"sku": "SKN-9", "price": Decimal("68.00"), "pv": Decimal("52.00"), "stock_quantity": 40,
                   "status": "active"}
    save(db, pid, sku="SKN-9", status="discontinued", stock=0)
    row = db.execute("select status, discontinued_date::text, stock_quantity from products where id = %s",
                     [pid]).fetchone()
    assert row == {"status": "discontinued", "discontinued_date": "2031-01-20", "stock_quantity": 40}
    found = db.execute("select orderable from api.product_search(p_id => %s)", [pid]).fetchone()
    assert found["orderable"] is False
    assert db.execute("select count(*) as n from api.product_search(p_orderable => true, p_id => %s)",
                      [pid]).fetchone()["n"] == 0


@pytest.mark.parametrize("fields,column", [
    ({"sku": ""}, "sku"),
    ({"sku": "has space"}, "sku"),
    ({"sku": "x" * 51}, "sku"),
    ({"name": " "}, "name"),
    ({"price": Decimal("12.345")}, "price"),
    ({"price": Decimal("-1")}, "price"),
    ({"price": None}, "price"),
    ({"pv": Decimal("1.001")}, "pv"),
    ({"cost": Decimal("1000000")}, "cost"),
    ({"sub": True, "freq": None}, "subscription_frequency"),
    ({"sub": True, "freq": 400}, "subscription_frequency"),
    ({"stock": -5}, "stock_quantity"),
])
def test_bad_product_input_is_refused_by_field(db, admin, fields, column):
    before = db.execute("select count(*) as n from products").fetchone()["n"]
    error = fails_with(db, "MLVAL", "select api.product_save(null, %(sku)s, %(name)s, %(price)s, %(pv)s, %(cost)s,"
                                    " p_is_subscription => %(sub)s, p_subscription_frequency => %(freq)s,"
                                    " p_stock_quantity => %(stock)s)",
                       {"sku": "OK-1", "name": "N", "price": Decimal("1"), "pv": Decimal("1"), "cost": None,
                        "sub": False, "freq": None, "stock": 0, **fields})
    assert error.diag.column_name == column
    assert db.execute("select count(*) as n from products").fetchone()["n"] == before


def test_skus_are_unique_whatever_their_case(db, admin):
    save(db, sku="ABC-1")
    error = fails_with(db, "MLVAL", "select api.product_save(null, 'abc-1', 'x', 1, 1)")
    assert error.diag.column_name == "sku" and "Another product" in str(error)


@pytest.mark.parametrize("role", ["distributor", "manager", "support", "finance", "auditor"])
def test_only_admins_write_the_catalogue_and_everyone_reads_it(db, role):
    admin = make_user(db, "admin")
    as_user(db, admin)
    pid = save(db)
    method = db.execute("select id from shipping_methods where code = 'standard'").fetchone()["id"]
    user = make_distributor(db) if role == "distributor" else make_user(db, role)
    as_user(db, user)
    assert db.execute("select count(*) as n from api.product_search(p_id => %s)", [pid]).fetchone()["n"] == 1
    assert db.execute("select count(*) as n from api.shipping_method_list()").fetchone()["n"] >= 2
    for sql, params in [
        ("select api.product_save(null, 'X-1', 'x', 1, 1)", []),
        ("select api.product_save(%s, 'X-1', 'x', 1, 1)", [pid]),
        ("select api.category_save(null, 'Teas')", []),
        ("select api.tax_rate_save(null, 'US', null, 8, 'US')", []),
        ("select api.shipping_method_save(null, 'drone', 'Drone')", []),
        ("select api.shipping_rate_save(%s, 'US', 1)", [method]),
        ("select api.product_stock_adjust(%s, 1, 'x')", [pid]),
    ]:
        fails_with(db, "MLDNY", sql, params)


def test_categories(db, admin):
    cid = db.execute("select api.category_save(null, 'Herbal Teas & Infusions') as id").fetchone()["id"]
    assert db.execute("select slug from product_categories where id = %s", [cid]).fetchone()["slug"] == \
        "herbal-teas-infusions"
    error = fails_with(db, "MLVAL", "select api.category_save(null, 'Other', 'herbal-teas-infusions')")
    assert error.diag.column_name == "slug"
    error = fails_with(db, "MLVAL", "select api.category_save(null, 'Bad', 'Not A Slug')")
    assert error.diag.column_name == "slug"
    error = fails_with(db, "MLVAL", "select api.category_save(null, '護膚')")
    assert error.diag.column_name == "slug"
    assert db.execute("select api.category_save(null, '護膚', 'skincare-cn') is not null as ok").fetchone()["ok"]


def test_tax_rates_in_percent_with_four_decimals_one_per_place(db, admin):
    rid = db.execute("select api.tax_rate_save(null, 'us', 'tx', 8.25, 'Texas') as id").fetchone()["id"]
    assert db.execute("select country, region, rate from tax_rates where id = %s", [rid]).fetchone() == {
        "country": "US", "region": "tx", "rate": Decimal("0.082500")}
    for args, column in [(("US", "TX", 5, "Dup"), "region"), (("USA", None, 5, "x"), "country"),
                         (("US", None, 8.12345, "x"), "rate_percent"), (("US", None, 100, "x"), "rate_percent"),
                         (("US", None, -1, "x"), "rate_percent"), (("US", None, 5, ""), "name")]:
        error = fails_with(db, "MLVAL", "select api.tax_rate_save(null, %s, %s, %s::numeric, %s)", list(args))
        assert error.diag.column_name == column, args
    db.execute("select api.tax_rate_delete(%s)", [rid])
    assert db.execute("select count(*) as n from tax_rates where id = %s", [rid]).fetchone()["n"] == 0


def test_shipping_methods_and_prices(db, admin):
    mid = db.execute("select api.shipping_method_save(null, 'Next-Day', 'Next day') as id").fetchone()["id"]
    db.execute("select api.shipping_rate_save(%s, '', 25.00, null)", [mid])
    db.execute("select api.shipping_rate_save(%s, 'us', 12.50, 200)", [mid])
    db.execute("select api.shipping_rate_save(%s, 'US', 11.50, 150)", [mid])  # replaces the US price
    options = {r["code"]: (r["price"], r["free_from"])
               for r in db.execute("select * from api.shipping_options('US')").fetchall()}
    assert options["next-day"] == (Decimal("11.50"), Decimal("150.00"))
    assert {r["code"]: r["price"] for r in db.execute("select * from api.shipping_options('FR')")}["next-day"] == \
        Decimal("25.00")
    for args, column in [(("US", Decimal("1.999"), None), "price"), (("USA", 1, None), "country"),
                         (("US", 1, Decimal("-1")), "free_from")]:
        error = fails_with(db, "MLVAL", "select api.shipping_rate_save(%s, %s, %s, %s)", [mid, *args])
        assert error.diag.column_name == column, args
    error = fails_with(db, "MLVAL", "select api.shipping_method_save(null, 'next-day', 'Again')")
    assert error.diag.column_name == "code"
    error = fails_with(db, "MLVAL", "select api.shipping_method_save(null, 'no spaces', 'x')")
    assert error.diag.column_name == "code"
