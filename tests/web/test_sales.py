"""Customers, orders, products, tax and shipping over HTTP (issue 5): the
pages each role gets, the order form's live totals, every form refusing bad
input by its field with nothing saved, and a double submit saving once."""
from __future__ import annotations

import io
import json
import re
import uuid
from decimal import Decimal

import pytest
from webtools import csrf_from, post_form, sign_in

ADDRESS = {"name": "Ann Buyer", "line1": "12 Oak Street", "city": "Austin", "region": "TX",
           "postal_code": "78701", "country": "US"}
EVIL = "<img src=x onerror=alert(1)>"
SQLI = "'); drop table customers; --"


def count(web, table: str, where: str = "true", params=None) -> int:
    return web.sql(f"select count(*) as n from {table} where {where}", params)[0]["n"]


@pytest.fixture(scope="module")
def shop(web):
    sku = uuid.uuid4().hex[:6].upper()
    web.sql("insert into tax_rates (country, region, rate, name) values ('US', 'TX', 0.0825, 'Texas')"
            " on conflict do nothing")
    shake = web.sql("insert into products (sku, name, price, pv, stock_quantity) values (%s, 'Vanilla Shake',"
                    " 54.95, 44.00, 100) returning id::text", [f"SHK-{sku}"])[0]["id"]
    bar = web.sql("insert into products (sku, name, price, pv, stock_quantity) values (%s, 'Energy Bar',"
                  " 20.00, 15.00, 100) returning id::text", [f"BAR-{sku}"])[0]["id"]
    vitamin = web.sql("insert into products (sku, name, price, pv, stock_quantity, is_subscription,"
                      " subscription_frequency) values (%s, 'Multivitamin', 39.95, 32.00, 100, true, 30)"
                      " returning id::text", [f"VIT-{sku}"])[0]["id"]
    return {"shake": shake, "bar": bar, "vitamin": vitamin}


def customer_of(web, distributor_id: str, **extra) -> str:
    return web.sql("insert into customers (distributor_id, email, first_name, last_name, billing_address)"
                   " values (%s, %s, 'Ann', 'Buyer', %s) returning id::text",
                   [distributor_id, f"ann-{uuid.uuid4().hex[:8]}@example.test", json.dumps(ADDRESS)])[0]["id"]


def signed_in(web, role: str, **kw):
    client = web.app.test_client()
    user = web.user(role, **kw)
    assert sign_in(client, user).status_code == 302
    return client, user


@pytest.fixture
def dist(web):
    return signed_in(web, "distributor")


def order_form(customer: str, lines, key: str | None = None, **extra) -> dict:
    data = {"customer_id": customer, "ship_to": "-1", "shipping_method": "standard", "notes": "",
            "idempotency_key": key or str(uuid.uuid4()), "action": "place", **extra}
    for i, (product, quantity) in enumerate(lines):
        data[f"lines-{i}-product_id"] = product
        data[f"lines-{i}-quantity"] = str(quantity)
    return data


# --- navigation and pages -----------------------------------------------------------

@pytest.mark.parametrize("role,links,absent", [
    ("distributor", ["Customers", "Orders", "Products"], ["Tax and shipping"]),
    ("support", ["Customers", "Orders", "Products"], ["Tax and shipping"]),
    ("finance", ["Customers", "Orders", "Products"], ["Tax and shipping"]),
    ("admin", ["Customers", "Orders", "Products", "Tax and shipping"], []),
])
def test_navigation_per_role(web, role, links, absent):
    client, _ = signed_in(web, role)
    nav = client.get("/").get_data(as_text=True).split('aria-label="Main"')[1].split("</nav>")[0]
    for label in links:
        assert f">{label}</a>" in nav
    for label in absent:
        assert f">{label}</a>" not in nav


@pytest.mark.parametrize("role,url,status", [
    ("distributor", "/products/new", 403), ("support", "/products/new", 403),
    ("distributor", "/admin/tax-shipping/", 403), ("finance", "/customers/new", 403),
    ("support", "/orders/new", 403), ("auditor", "/orders/payments/import", 403),
    ("manager", "/customers/", 200), ("auditor", "/orders/", 200), ("finance", "/products/", 200),
    ("admin", "/admin/tax-shipping/", 200), ("admin", "/products/categories", 200),
])
def test_pages_by_role(web, role, url, status):
    client, _ = signed_in(web, role)
    assert client.get(url).status_code == status


# --- customers ------------------------------------------------------------------------

CUSTOMER = {"first_name": "Zoë", "last_name": "Sørensen", "email": "zoe.s@example.test", "phone": "+1 512 555 0100",
            "billing_line1": "1 Main St", "billing_city": "Austin", "billing_region": "TX",
            "billing_postal_code": "78701", "billing_country": "us", "marketing_opt_in": "y", "notes": "VIP"}


def test_a_distributor_creates_a_customer_and_sees_its_page(web, dist):
    client, user = dist
    response = post_form(client, "/customers/new", {**CUSTOMER, "email": f"z-{uuid.uuid4().hex[:6]}@example.test"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zoë" in page and "Sørensen" in page and "Lifetime value" in page and "No orders yet." in page
    row = web.sql("select distributor_id::text, billing_address from customers where first_name = 'Zoë'"
                  " and distributor_id = %s", [user["id"]])[0]
    assert row["billing_address"]["country"] == "US"


@pytest.mark.parametrize("change,message", [
    ({"first_name": ""}, "Enter a first name."),
    ({"first_name": "x" * 101}, "Field cannot be longer than 100 characters."),
    ({"email": "not-an-email"}, "Enter a valid email address."),
    ({"email": EVIL}, "Enter a valid email address."),
    ({"phone": "call me"}, "Enter a phone number"),
    ({"billing_line1": ""}, "Enter the street address."),
    ({"billing_country": "USA"}, "Two letters, such as US, CA or GB."),
    ({"billing_country": "ÜS"}, "Two letters, such as US, CA or GB."),
    ({"billing_city": "c" * 5000}, "Field cannot be longer than 100 characters."),
    ({"notes": "n" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"status": "emperor"}, None),  # a new customer is active: no status field to refuse
])
def test_bad_customer_input_is_refused_by_field_and_saves_nothing(web, dist, change, message):
    client, user = dist
    before = count(web, "customers", "distributor_id = %s", [user["id"]])
    response = post_form(client, "/customers/new", {**CUSTOMER, "email": "bad-case@example.test", **change})
    html = response.get_data(as_text=True)
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 422 and message in html
    assert EVIL not in html
    assert count(web, "customers", "distributor_id = %s", [user["id"]]) == before


def test_sql_and_html_in_a_customer_are_stored_as_text_and_shown_escaped(web, dist):
    client, user = dist
    response = post_form(client, "/customers/new", {**CUSTOMER, "first_name": SQLI, "last_name": EVIL,
                                                    "email": f"t-{uuid.uuid4().hex[:6]}@example.test"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert count(web, "customers", "first_name = %s", [SQLI]) == 1


def test_customers_of_another_distributor_are_not_found(web, dist):
    client, _ = dist
    other = web.user("distributor")
    theirs = customer_of(web, other["id"])
    assert client.get(f"/customers/{theirs}").status_code == 404
    assert client.get(f"/customers/{theirs}/edit").status_code == 404
    response = post_form(client, f"/customers/{theirs}/addresses", {**ADDRESS}, page="/customers/")
    assert response.status_code in (403, 404)


def test_addresses_add_default_and_bad_input(web, dist):
    client, user = dist
    cid = customer_of(web, user["id"])
    page = f"/customers/{cid}"
    assert post_form(client, f"{page}/addresses", {**ADDRESS, "label": "Work", "line1": "9 Office Park"},
                     page=page).status_code == 302
    bad = post_form(client, f"{page}/addresses", {**ADDRESS, "line1": "", "country": "U"}, page=page)
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Enter the street address." in html and "Two letters, such as US" in html
    addresses = web.sql("select shipping_addresses from customers where id = %s", [cid])[0]["shipping_addresses"]
    assert [a["label"] for a in addresses] == ["Work"] and addresses[0]["is_default"]


def test_autoship_needs_consent_to_the_terms_shown_and_cancels_in_one_click(web, dist, shop):
    client, user = dist
    cid = customer_of(web, user["id"])
    page = f"/customers/{cid}"
    html = client.get(page).get_data(as_text=True)
    assert "Autoship agreement for Ann Buyer" in html
    terms_hash = re.search(r'name="terms_hash" value="([0-9a-f]{32})"', html).group(1)
    fragment = client.get(f"{page}/autoship-terms?product_id={shop['vitamin']}&quantity=2&frequency_days=28"
                          "&shipping_method=standard", headers={"HX-Request": "true", "HX-Target": "autoship_terms"})
    assert "<html" not in fragment.get_data(as_text=True) and "2 x Multivitamin" in fragment.get_data(as_text=True)
    data = {"product_id": shop["vitamin"], "quantity": "1", "frequency_days": "30", "shipping_method": "standard",
            "terms_hash": terms_hash}
    response = post_form(client, f"{page}/autoships", data, page=page)
    assert response.status_code == 422 and "Tick the box" in response.get_data(as_text=True)
    response = post_form(client, f"{page}/autoships", {**data, "terms_hash": "0" * 32, "consent": "y"}, page=page)
    assert response.status_code == 422 and "The terms changed" in response.get_data(as_text=True)
    for bad, message in ((("quantity", "0"), "From 1 to 99."), (("frequency_days", "abc"), "Not a valid integer"),
                         (("frequency_days", "3"), "From 7 to 365 days.")):
        response = post_form(client, f"{page}/autoships", {**data, bad[0]: bad[1], "consent": "y"}, page=page)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(web, "autoships", "customer_id = %s", [cid]) == 0
    assert post_form(client, f"{page}/autoships", {**data, "consent": "y"}, page=page).status_code == 302
    autoship = web.sql("select id::text, consent_text, consent_ip::text from autoships where customer_id = %s",
                       [cid])[0]
    assert autoship["consent_text"].startswith("Autoship agreement for Ann Buyer")
    assert autoship["consent_ip"] is not None
    html = client.get(page).get_data(as_text=True)
    assert "Cancel autoship" in html
    assert post_form(client, f"/customers/autoships/{autoship['id']}/cancel", {"next": page},
                     page=page).status_code == 302
    assert web.sql("select status from autoships where id = %s", [autoship["id"]])[0]["status"] == "cancelled"


# --- orders ----------------------------------------------------------------------------

def test_the_order_form_quotes_live_totals_from_sql(web, dist, shop):
    client, user = dist
    cid = customer_of(web, user["id"])
    page = client.get(f"/orders/new?customer={cid}")
    assert page.status_code == 200
    data = order_form(cid, [(shop["shake"], 2), (shop["bar"], 1)], action="quote")
    fragment = client.post("/orders/new", data={"csrf_token": csrf_from(page.get_data(as_text=True)), **data},
                           headers={"HX-Request": "true", "HX-Target": "order_form"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    # 129.90 subtotal, free shipping, Texas 8.25 % = 10.72, total 140.62, PV 103.00.
    for value in ("129.90", "10.72", "140.62", "103.00"):
        assert value in html
    assert count(web, "orders", "customer_id = %s", [cid]) == 0  # a quote writes nothing
    added = client.post("/orders/new", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                             **{**data, "action": "add_line"}},
                        headers={"HX-Request": "true", "HX-Target": "order_form"}).get_data(as_text=True)
    assert 'name="lines-2-product_id"' in added


def test_placing_an_order_and_a_double_submit_saves_it_once(web, dist, shop):
    client, user = dist
    cid = customer_of(web, user["id"])
    data = order_form(cid, [(shop["shake"], 1), (shop["bar"], 2)])
    first = post_form(client, "/orders/new", data, page=f"/orders/new?customer={cid}")
    second = post_form(client, "/orders/new", data, page=f"/orders/new?customer={cid}")
    assert first.status_code == 302 and second.headers["Location"] == first.headers["Location"]
    assert count(web, "orders", "customer_id = %s", [cid]) == 1
    order = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Vanilla Shake" in order and "Energy Bar" in order and "94.95" in order
    assert "Cancel order" in order and "Record payment" not in order


@pytest.mark.parametrize("lines,extra,message", [
    ([("SHAKE", -1)], {}, "From 1 to 999."),
    ([("SHAKE", "1.5")], {}, "Not a valid integer value."),
    ([("SHAKE", "99999999999999999999")], {}, "From 1 to 999."),
    ([(str(uuid.uuid4()), 1)], {}, "Choose a product from the list."),
    ([("not-a-uuid", 1)], {}, "Choose a product from the list."),
    ([("", "")], {}, "Add at least one product."),
    ([("SHAKE", 1)], {"customer_id": "OTHER"}, "Not a valid choice."),
    ([("SHAKE", 1)], {"shipping_method": "teleport"}, "Not a valid choice."),
    ([("SHAKE", 1)], {"ship_to": "7"}, "Not a valid choice."),
    ([("SHAKE", 1)], {"notes": "x" * 2001}, "Field cannot be longer than 2000 characters."),
    ([("SHAKE", 1)], {"notes": EVIL}, None),
])
def test_bad_order_input_is_refused_with_a_message_and_saves_nothing(web, dist, shop, lines, extra, message):
    client, user = dist
    cid = customer_of(web, user["id"])
    other = customer_of(web, web.user("distributor")["id"])
    lines = [(shop["shake"] if p == "SHAKE" else p, q) for p, q in lines]
    extra = {k: (other if v == "OTHER" else v) for k, v in extra.items()}
    response = post_form(client, "/orders/new", order_form(cid, lines, **extra), page=f"/orders/new?customer={cid}")
    if message is None:
        assert response.status_code == 302
        if "notes" in extra:
            assert EVIL not in client.get(response.headers["Location"]).get_data(as_text=True)
        return
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html, html[-3000:]
    assert count(web, "orders", "customer_id in (%s, %s)", [cid, other]) == 0


def test_a_distributor_cannot_discount(web, dist, shop):
    client, user = dist
    cid = customer_of(web, user["id"])
    response = post_form(client, "/orders/new", order_form(cid, [(shop["shake"], 1)], discount_kind="percent",
                                                            discount_value="10", discount_reason="friend"),
                         page=f"/orders/new?customer={cid}")
    assert response.status_code == 403
    assert count(web, "orders", "customer_id = %s", [cid]) == 0


def test_admin_discount_with_three_decimals_is_refused(web, shop):
    client, _ = signed_in(web, "admin")
    cid = customer_of(web, web.user("distributor")["id"])
    response = post_form(client, "/orders/new", order_form(cid, [(shop["shake"], 1)], discount_kind="amount",
                                                            discount_value="5.555", discount_reason="x"),
                         page=f"/orders/new?customer={cid}")
    assert response.status_code == 422 and "At most 2 decimals." in response.get_data(as_text=True)
    response = post_form(client, "/orders/new", order_form(cid, [(shop["shake"], 1)], discount_kind="amount",
                                                            discount_value="5.50", discount_reason=""),
                         page=f"/orders/new?customer={cid}")
    assert response.status_code == 422 and "Say why the discount is given" in response.get_data(as_text=True)
    assert count(web, "orders", "customer_id = %s", [cid]) == 0


def _placed(web, client, user, shop, lines=None) -> tuple[str, str]:
    cid = customer_of(web, user["id"])
    response = post_form(client, "/orders/new", order_form(cid, lines or [(shop["shake"], 1)]),
                         page=f"/orders/new?customer={cid}")
    assert response.status_code == 302
    url = response.headers["Location"]
    return url, url.rstrip("/").split("/")[-1]


@pytest.mark.parametrize("data,message", [
    ({"payment_method": "card", "payment_reference": "", "amount": "67.43"}, "Enter the payment reference."),
    ({"payment_method": "card", "payment_reference": "r", "amount": "67.431"}, "At most 2 decimals."),
    ({"payment_method": "card", "payment_reference": "r", "amount": "abc"}, "Not a valid decimal value."),
    ({"payment_method": "card", "payment_reference": "r", "amount": "NaN"}, "Enter a number."),
    ({"payment_method": "card", "payment_reference": "r", "amount": "10.00"}, "record the whole amount"),
    ({"payment_method": "gold", "payment_reference": "r", "amount": "67.43"}, "Not a valid choice."),
    ({"payment_method": "card", "payment_reference": "r" * 101, "amount": "67.43"}, "cannot be longer than 100"),
])
def test_bad_payment_input_is_refused_by_field(web, dist, shop, data, message):
    client, user = dist
    url, order_id = _placed(web, client, user, shop)
    support, _ = signed_in(web, "support")
    response = post_form(support, f"{url}/payment", data, page=url)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert web.sql("select payment_status from orders where id = %s", [order_id])[0]["payment_status"] == "pending"


def test_pay_ship_deliver_refund_by_role(web, dist, shop):
    client, user = dist
    url, order_id = _placed(web, client, user, shop)
    assert post_form(client, f"{url}/payment", {"payment_method": "card", "payment_reference": "x",
                                                "amount": "67.43"}, page=url).status_code == 403
    finance, _ = signed_in(web, "finance")
    assert post_form(finance, f"{url}/payment", {}, page=url).status_code == 302  # to two-factor first
    assert web.sql("select payment_status from orders where id = %s", [order_id])[0]["payment_status"] == "pending"
    support, _ = signed_in(web, "support")
    assert post_form(support, f"{url}/payment", {"payment_method": "card", "payment_reference": "ch_1",
                                                 "amount": "67.43"}, page=url).status_code == 302
    response = post_form(support, f"{url}/ship", {"tracking_number": ""}, page=url)
    assert response.status_code == 422 and "Enter the carrier" in response.get_data(as_text=True)
    assert post_form(support, f"{url}/ship", {"tracking_number": "1Z999"}, page=url).status_code == 302
    assert post_form(support, f"{url}/deliver", {}, page=url).status_code == 302
    assert post_form(client, f"{url}/refund", {"refund_reason": "x"}, page=url).status_code == 403
    response = post_form(support, f"{url}/refund", {"refund_reason": "   "}, page=url)
    assert response.status_code == 422 and "Say why the order is refunded." in response.get_data(as_text=True)
    assert post_form(support, f"{url}/refund", {"refund_reason": "Damaged"}, page=url).status_code == 302
    row = web.sql("select status, tracking_number from orders where id = %s", [order_id])[0]
    assert row == {"status": "refunded", "tracking_number": "1Z999"}


def test_a_distributor_cancels_its_unpaid_order(web, dist, shop):
    client, user = dist
    url, order_id = _placed(web, client, user, shop, [(shop["bar"], 3)])
    stock = web.sql("select stock_quantity from products where id = %s", [shop["bar"]])[0]["stock_quantity"]
    assert post_form(client, f"{url}/cancel", {"reason": "Changed mind"}, page=url).status_code == 302
    assert web.sql("select status from orders where id = %s", [order_id])[0]["status"] == "cancelled"
    assert web.sql("select stock_quantity from products where id = %s", [shop["bar"]])[0]["stock_quantity"] == stock + 3
    other, _ = signed_in(web, "distributor")
    assert other.get(url).status_code == 404


def test_payment_import_from_a_csv_export(web, dist, shop):
    client, user = dist
    url, order_id = _placed(web, client, user, shop)
    number = web.sql("select order_number, total from orders where id = %s", [order_id])[0]
    support, _ = signed_in(web, "support")
    csv_text = ("Order Number,Amount,Transaction ID,Status\n"
                f"{number['order_number']},{number['total']},ch_csv_1,succeeded\n"
                "SO-0000-000000,5.00,ch_csv_2,succeeded\n")

    def upload(text, name="export.csv"):
        return post_form(support, "/orders/payments/import",
                         {"file": (io.BytesIO(text.encode()), name)}, page="/orders/payments/import",
                         content_type="multipart/form-data")

    response = upload(csv_text)
    assert response.status_code == 302
    result = support.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="import-recorded">1<' in result and "No order has this number." in result
    assert web.sql("select payment_reference from orders where id = %s", [order_id])[0]["payment_reference"] == \
        "ch_csv_1"
    again = support.get(upload(csv_text).headers["Location"]).get_data(as_text=True)
    assert 'id="import-recorded">0<' in again and "Already recorded." in again
    for text, message in (("a,b\n1,2\n", "The file needs the columns"), ("", "The file is empty."),
                          ("order_number,amount,reference\n", "The file has no payment rows.")):
        response = upload(text)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    response = post_form(support, "/orders/payments/import", {}, page="/orders/payments/import")
    assert response.status_code == 422 and "Choose the CSV file" in response.get_data(as_text=True)


# --- catalogue, tax and shipping ----------------------------------------------------------

PRODUCT = {"sku": "", "name": "Glow Serum", "price": "68.00", "pv": "52.00", "cost": "13.90", "status": "active",
           "inventory_tracked": "y", "stock_quantity": "10", "min_stock_level": "2"}


@pytest.mark.parametrize("change,message", [
    ({"sku": ""}, "Enter the SKU."),
    ({"sku": "has space"}, "A SKU has 1-50 letters"),
    ({"price": "12.345"}, "At most 2 decimals."),
    ({"price": "-1"}, "Enter an amount from 0"),
    ({"price": "1e400"}, "Enter an amount from 0"),
    ({"pv": ""}, "Enter an amount."),
    ({"stock_quantity": "-3"}, "From 0 to 10,000,000."),
    ({"is_subscription": "y", "subscription_frequency": ""}, "A subscription product needs a frequency"),
    ({"name": "n" * 201}, "Field cannot be longer than 200 characters."),
    ({"category_id": str(uuid.uuid4())}, "Not a valid choice."),
])
def test_bad_product_input_is_refused_by_field(web, change, message):
    client, _ = signed_in(web, "admin")
    before = count(web, "products")
    data = {**PRODUCT, "sku": f"GLW-{uuid.uuid4().hex[:6]}", **change}
    response = post_form(client, "/products/new", data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(web, "products") == before


def test_admin_creates_a_product_and_adjusts_stock(web):
    client, _ = signed_in(web, "admin")
    sku = f"glw-{uuid.uuid4().hex[:6]}"
    response = post_form(client, "/products/new", {**PRODUCT, "sku": sku, "name": "Sérum éclat 光"})
    assert response.status_code == 302
    url = response.headers["Location"]
    assert "Sérum éclat 光" in client.get(url).get_data(as_text=True)
    bad = post_form(client, f"{url}/stock", {"delta": "-11", "reason": "count"}, page=url)
    assert bad.status_code == 422 and "Only 10 in stock" in bad.get_data(as_text=True)
    assert post_form(client, f"{url}/stock", {"delta": "5", "reason": "Delivery"}, page=url).status_code == 302
    assert web.sql("select stock_quantity from products where sku = %s", [sku.upper()])[0]["stock_quantity"] == 15


@pytest.mark.parametrize("data,message", [
    ({"country": "", "rate_percent": "8", "name": "x"}, "Enter the country code."),
    ({"country": "US", "rate_percent": "8.123456", "name": "x"}, "At most 4 decimals."),
    ({"country": "US", "rate_percent": "100", "name": "x"}, "Enter an amount from 0 to 99.9999."),
    ({"country": "US", "rate_percent": "eight", "name": "x"}, "Not a valid decimal value."),
    ({"country": "US", "rate_percent": "8", "name": ""}, "Enter a name."),
])
def test_bad_tax_rate_input(web, data, message):
    client, _ = signed_in(web, "admin")
    before = count(web, "tax_rates")
    response = post_form(client, "/admin/tax-shipping/tax-rates", {**data, "is_active": "y"},
                         page="/admin/tax-shipping/")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(web, "tax_rates") == before


def test_admin_sets_tax_and_shipping(web):
    client, _ = signed_in(web, "admin")
    page = "/admin/tax-shipping/"
    assert post_form(client, f"{page}tax-rates", {"country": "gb", "region": "", "rate_percent": "20",
                                                  "name": "VAT", "is_active": "y"}, page=page).status_code == 302
    assert web.sql("select rate from tax_rates where country = 'GB'")[0]["rate"] == Decimal("0.2")
    response = post_form(client, f"{page}methods", {"code": "Bad Code", "name": "x", "sort_order": "1"}, page=page)
    assert response.status_code == 422 and "A code has lower-case letters" in response.get_data(as_text=True)
    assert post_form(client, f"{page}methods", {"code": "pickup", "name": "Pick-up", "sort_order": "30",
                                                "is_active": "y"}, page=page).status_code == 302
    method = web.sql("select id::text from shipping_methods where code = 'pickup'")[0]["id"]
    prefix = f"rate-{method[:8]}-"
    response = post_form(client, f"{page}methods/{method}/rates", {prefix + "country": "", prefix + "price": "0.001"},
                         page=page)
    assert response.status_code == 422 and "At most 2 decimals." in response.get_data(as_text=True)
    assert post_form(client, f"{page}methods/{method}/rates", {prefix + "country": "", prefix + "price": "0"},
                     page=page).status_code == 302
    rate = web.sql("select r.id::text, r.price from shipping_rates r join shipping_methods m on m.id = r.method_id"
                   " where m.code = 'pickup'")[0]
    assert rate["price"] == 0
    assert post_form(client, f"{page}rates/{rate['id']}/delete", {}, page=page).status_code == 302
    assert count(web, "shipping_rates", "id = %s", [rate["id"]]) == 0


# --- the daily autoship job ------------------------------------------------------

def test_the_daily_job_places_due_autoships_in_batches_and_only_once(web, shop, monkeypatch):
    from jobs import tasks

    distributor = web.user("distributor")
    customers = [customer_of(web, distributor["id"]) for _ in range(5)]
    web.sql("insert into autoships (customer_id, product_id, quantity, frequency_days, next_run_on, consent_text,"
            " consent_at) select c, %s, 1, 30, (now() at time zone 'UTC')::date, 'Terms', now()"
            " from unnest(%s::uuid[]) c", [shop["vitamin"], customers])
    monkeypatch.setattr(tasks, "AUTOSHIP_BATCH", 2)
    with web.jobs():
        tasks.run_autoships.call_local()
        tasks.run_autoships.call_local()
    assert count(web, "orders", "customer_id = any(%s::uuid[])", [customers]) == 5
    assert count(web, "autoships", "customer_id = any(%s::uuid[]) and next_run_on > (now() at time zone 'UTC')::date",
                 [customers]) == 5


# --- the remaining forms: bad input by field, nothing saved -------------------------------

def test_customer_edit_and_a_double_submitted_new_customer(web, dist):
    client, user = dist
    email = f"twice-{uuid.uuid4().hex[:6]}@example.test"
    assert post_form(client, "/customers/new", {**CUSTOMER, "email": email}).status_code == 302
    again = post_form(client, "/customers/new", {**CUSTOMER, "email": email})
    assert again.status_code == 422 and "already has a customer with this email" in again.get_data(as_text=True)
    assert count(web, "customers", "email = %s", [email]) == 1
    cid = web.sql("select id::text from customers where email = %s", [email])[0]["id"]
    page = f"/customers/{cid}/edit"
    bad = post_form(client, page, {**CUSTOMER, "email": email, "last_name": "", "status": "inactive"})
    assert bad.status_code == 422 and "Enter a last name." in bad.get_data(as_text=True)
    assert web.sql("select status from customers where id = %s", [cid])[0]["status"] == "active"
    assert post_form(client, page, {**CUSTOMER, "email": email, "status": "inactive"}).status_code == 302
    assert web.sql("select status from customers where id = %s", [cid])[0]["status"] == "inactive"


def test_order_page_forms_refuse_bad_input(web, dist, shop):
    client, user = dist
    url, order_id = _placed(web, client, user, shop)
    response = post_form(client, f"{url}/cancel", {"reason": "r" * 501}, page=url)
    assert response.status_code == 422 and "cannot be longer than 500" in response.get_data(as_text=True)
    admin, _ = signed_in(web, "admin")
    for data, message in (({"discount_kind": "percent", "discount_value": "150", "discount_reason": "x"},
                           "A percentage above 0 and at most 100"),
                          ({"discount_kind": "amount", "discount_value": "1.999", "discount_reason": "x"},
                           "At most 2 decimals."),
                          ({"discount_kind": "amount", "discount_value": "5", "discount_reason": ""},
                           "Say why the discount is given")):
        response = post_form(admin, f"{url}/discount", data, page=url)
        assert response.status_code == 422 and message in response.get_data(as_text=True), data
    assert web.sql("select discount_amount from orders where id = %s", [order_id])[0]["discount_amount"] == 0
    assert post_form(admin, f"{url}/discount", {"discount_kind": "amount", "discount_value": "5.00",
                                                "discount_reason": "Goodwill"}, page=url).status_code == 302
    assert web.sql("select discount_amount from orders where id = %s", [order_id])[0]["discount_amount"] == 5
    # Without the form's token nothing happens.
    assert admin.post(f"{url}/cancel", data={"reason": "x"}).status_code == 400
    assert web.sql("select status from orders where id = %s", [order_id])[0]["status"] == "pending"


@pytest.mark.parametrize("data,message", [
    ({"name": "", "slug": "", "sort_order": "0"}, "Enter a name."),
    ({"name": "Teas", "slug": "Not A Slug", "sort_order": "0"}, "A slug has lower-case letters"),
    ({"name": "Teas", "slug": "", "sort_order": "abc"}, "Not a valid integer value."),
    ({"name": "護膚", "slug": "", "sort_order": "0"}, "A slug has lower-case letters"),
])
def test_bad_category_input(web, data, message):
    client, _ = signed_in(web, "admin")
    before = count(web, "product_categories")
    response = post_form(client, "/products/categories", data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(web, "product_categories") == before


def test_bad_stock_adjustment_input(web, shop):
    client, _ = signed_in(web, "admin")
    url = f"/products/{shop['bar']}"
    for data, message in (({"delta": "1.5", "reason": "x"}, "Not a valid integer value."),
                          ({"delta": "", "reason": "x"}, "Enter a whole number."),
                          ({"delta": "5", "reason": ""}, "Say why.")):
        response = post_form(client, f"{url}/stock", data, page=url)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
