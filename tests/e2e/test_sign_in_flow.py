"""Sign-in as a person does it, in a real browser."""
from __future__ import annotations

import time

import pyotp
from playwright.sync_api import expect
from webtools import PASSWORD


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_logout(page, live):
    user = live.user("distributor")
    sign_in(page, user["email"])
    expect(page.get_by_role("heading", name="Welcome, Distributor")).to_be_visible()
    expect(page.get_by_text("PV this period")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(f"{live.url}/login")


def test_enrol_two_factor_then_sign_in_with_a_code_and_a_backup_code_once(page, live, browser):
    user = live.user("manager")
    sign_in(page, user["email"])
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("#manual-key").inner_text()
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and turn on").click()
    codes = page.get_by_role("list", name="Backup codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved them").click()
    page.get_by_role("button", name="Sign out").click()

    # A fresh code (the next time step: the enrolment's step was spent).
    sign_in(page, user["email"])
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Welcome, Manager")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    for attempt in range(2):
        sign_in(page, user["email"])
        page.get_by_text("Use a backup code instead").click()
        page.get_by_label("Backup code").fill(codes[0])
        page.get_by_role("button", name="Use backup code").click()
        if attempt == 0:
            expect(page.get_by_role("heading", name="Welcome, Manager")).to_be_visible()
            page.get_by_role("button", name="Sign out").click()
        else:
            expect(page.get_by_text("That code is not valid")).to_be_visible()


def test_lockout_after_five_bad_passwords(page, live):
    user = live.user("support")
    for _ in range(5):
        sign_in(page, user["email"], "wrong-password-123")
        expect(page.get_by_text("Email or password is incorrect")).to_be_visible()
    sign_in(page, user["email"])
    expect(page.get_by_text("Email or password is incorrect")).to_be_visible()
    locked = live.sql("select locked_until > now() as locked from users where id = %s", [user["id"]])[0]
    assert locked["locked"]


def test_distributor_sees_no_staff_navigation_and_gets_403(page, live):
    sign_in(page, live.user("distributor")["email"])
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    expect(nav.get_by_role("link", name="Audit trail")).to_have_count(0)
    response = page.goto("/admin/users/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


def test_admin_sees_staff_navigation_on_a_phone(browser, live):
    context = browser.new_context(base_url=live.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live.user("admin")["email"])
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Users")).to_be_visible()
    expect(nav.get_by_role("link", name="Audit trail")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    context.close()
