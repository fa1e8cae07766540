"""The pages work under the Content-Security-Policy: scripts from this site
only, so what inline handlers did (asking before a delete) is done by
static/js/app.js. (The page fixture fails any test the policy blocked.)"""
from __future__ import annotations

import uuid

from playwright.sync_api import expect
from test_sign_in_flow import sign_in


def test_signed_in_pages_carry_the_headers_and_a_confirm_still_asks(page, live):
    user = live.user("distributor")
    contact = str(uuid.uuid4())
    live.sql("insert into contacts (id, owner_id, first_name, last_name) values (%s, %s, 'Connie', 'Confirm')",
             [contact, user["id"]])
    sign_in(page, user["email"])
    response = page.goto(f"/contacts/{contact}")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("heading", name="Connie Confirm")).to_be_visible()
    assert asked == ["Delete this contact with its timeline and tasks?"]
    assert live.sql("select count(*) as n from contacts where id = %s", [contact])[0]["n"] == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(f"{live.url}/contacts/")
    assert live.sql("select count(*) as n from contacts where id = %s", [contact])[0]["n"] == 0
