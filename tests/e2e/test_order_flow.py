"""An order from start to refund, in a real browser: a distributor creates a
customer and places an order with two lines (live totals from SQL), support
records the payment, the distributor's PV on the home page goes up, support
refunds the order and the PV comes back down."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect
from webtools import PASSWORD


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


def test_customer_order_payment_volume_and_refund(browser, live):
    expect.set_options(timeout=10_000)  # a shared 2-core machine: give htmx round trips time
    sku = uuid.uuid4().hex[:6].upper()
    live.sql("insert into tax_rates (country, region, rate, name) values ('US', 'CO', 0.05, 'Colorado')"
             " on conflict do nothing")
    live.sql("insert into products (sku, name, price, pv, stock_quantity) values"
             " (%s, 'Plant Protein Shake', 54.95, 44.00, 20), (%s, 'Omega-3 Fish Oil', 29.95, 24.00, 20)",
             [f"E2E-P-{sku}", f"E2E-O-{sku}"])
    distributor = live.user("distributor")
    support = live.user("support")
    dist_ctx = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    page = dist_ctx.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, distributor["email"])
    expect(page.locator("#home-pv")).to_have_text("0.00")

    # A new customer.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    page.get_by_role("link", name="New customer").click()
    page.get_by_label("First name").fill("Chloé")
    page.get_by_label("Last name").fill("Martin")
    page.get_by_label("Email").fill(f"chloe.{sku.lower()}@example.test")
    page.get_by_label("Street address").fill("1550 Larimer Street")
    page.get_by_label("City").fill("Denver")
    page.get_by_label("State or region").fill("CO")
    page.get_by_label("Postal code").fill("80202")
    page.get_by_label("Country code").fill("US")
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("heading", name=re.compile("Chloé Martin"))).to_be_visible()

    # An order with two lines; the totals come from SQL as the lines change.
    page.get_by_role("link", name="New order").click()
    expect(page.get_by_label("Customer")).to_have_value(re.compile(".+"))
    page.get_by_label("Product of line 1").select_option(label=f"Plant Protein Shake (E2E-P-{sku}) · 54.95")
    expect(page.locator("#line-1-unit-price")).to_have_text("54.95")  # the quote came back
    page.get_by_label("Quantity of line 1").fill("2")
    page.get_by_label("Quantity of line 1").press("Tab")
    expect(page.locator("#total-subtotal")).to_have_text("109.90")
    page.get_by_role("button", name="Add a line").click()
    page.get_by_label("Product of line 2").select_option(label=f"Omega-3 Fish Oil (E2E-O-{sku}) · 29.95")
    expect(page.locator("#line-2-unit-price")).to_have_text("29.95")
    page.get_by_label("Quantity of line 2").fill("1")
    page.get_by_label("Quantity of line 2").press("Tab")
    # 139.85, Colorado 5 % = 6.99, free shipping from 100: 146.84; PV 112.00.
    expect(page.locator("#total-subtotal")).to_have_text("139.85")
    expect(page.locator("#total-tax")).to_have_text("6.99")
    expect(page.locator("#total-shipping")).to_have_text("0.00")
    expect(page.locator("#total-total")).to_have_text("146.84")
    expect(page.locator("#total-pv")).to_have_text("112.00")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_text("Order placed.")).to_be_visible()
    expect(page.locator("#order-total")).to_have_text("146.84")
    order_url = page.url
    page.get_by_role("link", name="Home").click()
    expect(page.locator("#home-pv")).to_have_text("0.00")  # unpaid: no volume yet

    # Support records the payment.
    support_ctx = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    staff = support_ctx.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, support["email"])
    staff.goto(order_url)
    staff.get_by_label("Payment reference").fill("ch_e2e_123")
    expect(staff.get_by_label("Amount received")).to_have_value("146.84")
    staff.get_by_role("button", name="Record payment").click()
    expect(staff.get_by_text("Payment recorded")).to_be_visible()
    expect(staff.get_by_role("heading", name=re.compile("confirmed"))).to_be_visible()

    page.reload()
    expect(page.locator("#home-pv")).to_have_text("112.00")

    # Support refunds it, with a reason; the PV goes back.
    staff.get_by_label("Reason for the refund").fill("Parcel damaged in transit.")
    staff.get_by_role("button", name="Refund order").click()
    expect(staff.get_by_text("Order refunded")).to_be_visible()
    expect(staff.get_by_role("heading", name=re.compile("refunded"))).to_be_visible()
    page.reload()
    expect(page.locator("#home-pv")).to_have_text("0.00")
    support_ctx.close()
    dist_ctx.close()
