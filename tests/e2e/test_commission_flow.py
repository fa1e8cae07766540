"""Closing a period as finance does it, in a real browser: press "Close
period", watch the progress bar (fed by the database while the close's own
transaction is still open), then the summary appears by itself; a distributor
opens its statement and reads every line explained."""
from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import make_distributor, make_order
from playwright.sync_api import expect
from psycopg.rows import dict_row
from webtools import PASSWORD

NOW = datetime.now(UTC)
_MONTH = (NOW.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)
PERIOD, PERIOD_NAME = _MONTH.strftime("%Y-%m"), _MONTH.strftime("%B %Y")


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


@pytest.fixture
def worker(live):
    """A background worker for this test: jobs are queued, not run inside the
    request (the tests' default), and a thread runs them as huey's consumer would."""
    from jobs.queue import huey

    huey.immediate = False
    stop = threading.Event()

    def work():
        with live.jobs():
            while not stop.is_set():
                task = huey.dequeue()
                if task is None:
                    stop.wait(0.1)
                    continue
                huey.execute(task)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(10)
    huey.immediate = True


def test_close_a_period_watch_the_progress_then_read_a_statement(browser, live, worker):
    leader = live.user("distributor")
    live.sql("update users set first_name = 'Lena', last_name = 'Leader' where id = %s", [leader["id"]])
    with psycopg.connect(live.admin_dsn, row_factory=dict_row) as db:
        legs = [make_distributor(db, leader["id"], join_date="2029-01-01", first_name=f"Leg{i}", last_name="Person")
                for i in range(3)]
        make_order(db, leader["id"], order_type="personal", subtotal="400.00", pv="350.00",
                   paid_at=f"{PERIOD}-02T10:00Z")
        for leg in legs:
            make_order(db, leg, subtotal="1000.00", pv="900.00", paid_at=f"{PERIOD}-03T10:00Z")
        db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
                   " where id < %s and status <> 'finalized'", [PERIOD])
        db.commit()
    finance = live.user("finance")

    ctx = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, finance["email"])
    live.sql("update users set two_factor_enabled = true where id = %s", [finance["id"]])  # money pages need it
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Commission periods").click()
    page.get_by_role("row", name=re.compile(PERIOD_NAME)).get_by_role("link", name="Close…").click()

    # An order being written into the month holds it: the close waits for it,
    # and says so, from inside its transaction.
    with psycopg.connect(live.admin_dsn) as order_in_flight:
        order_in_flight.execute("select 1 from commission_periods where id = %s for share", [PERIOD])
        page.get_by_role("button", name="Close period").click()
        progress = page.get_by_role("progressbar", name="Close progress")
        expect(progress).to_be_visible()
        expect(page.get_by_text("Waiting for orders being written")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Status: calculating"))).to_be_visible()
        order_in_flight.rollback()

    # The polling swaps in the summary once the close has committed.
    expect(page.get_by_role("heading", name="Period summary")).to_be_visible()
    expect(progress).to_have_count(0)
    expect(page.get_by_role("table", name="Top earners")).to_contain_text("Lena Leader")
    expect(page.get_by_role("button", name="Finalize period")).to_be_visible()
    ctx.close()

    ctx = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, leader["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Statements").click()
    page.get_by_role("link", name=PERIOD_NAME).click()
    expect(page.get_by_role("heading", name=f"Statement for {PERIOD_NAME}")).to_be_visible()
    lines = page.get_by_role("table", name="Statement lines")
    expect(lines).to_contain_text("Level 1 unilevel on Leg0 Person's 900.00 PV at 5% = 45.00")
    expect(lines).to_contain_text("Rank bonus for reaching Gold = 250.00")
    page.get_by_role("link", name="Printable").click()
    expect(page.get_by_role("heading", name=f"Commission statement · {PERIOD_NAME}")).to_be_visible()
    ctx.close()
