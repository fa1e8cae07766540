"""Commission pages over HTTP: finance closes a period (the job runs in
process after the request commits, its progress relayed from the close's
notices), finalizes it, enters adjustments; a distributor reads its statement
(explained lines, CSV, printable) and "if this month closed now"; admins edit
the plan; everyone else is kept out."""
from __future__ import annotations

import csv
import io
import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import make_distributor, make_order
from psycopg.rows import dict_row
from webtools import post_form, sign_in

# Real time (the app's pooled connections cannot be pinned): the month before
# last is over and closable; this month is open, for the estimate.
NOW = datetime.now(UTC)
THIS_MONTH = NOW.strftime("%Y-%m")
_before_last = (NOW.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)
PERIOD = _before_last.strftime("%Y-%m")
PERIOD_NAME = _before_last.strftime("%B %Y")


@pytest.fixture(scope="module")
def org(web):
    """A leader with three legs and orders in PERIOD; earlier periods finalized."""
    leader = web.user("distributor")
    web.sql("update users set first_name = 'Lena', last_name = 'Leader' where id = %s", [leader["id"]])
    with psycopg.connect(web.admin_dsn, row_factory=dict_row) as db:
        legs = [make_distributor(db, leader["id"], join_date="2029-01-01", first_name=f"Leg{i}", last_name="Person")
                for i in range(3)]
        make_order(db, leader["id"], order_type="personal", subtotal="400.00", pv="350.00",
                   paid_at=f"{PERIOD}-02T10:00Z")
        for leg in legs:
            make_order(db, leg, subtotal="1000.00", pv="900.00", paid_at=f"{PERIOD}-03T10:00Z")
        db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
                   " where id < %s and status <> 'finalized'", [PERIOD])
        db.commit()
    number = web.sql("select distributor_number from distributors where user_id = %s", [leader["id"]])[0]
    return {"leader": leader, "legs": legs, "number": number["distributor_number"]}


def staff(web, client, role):
    user = web.user(role)
    assert sign_in(client, user).status_code == 302
    web.sql("update users set two_factor_enabled = true where id = %s", [user["id"]])  # money pages need it
    return user


def close_from_the_page(client, period=PERIOD):
    return post_form(client, f"/periods/{period}/close", {}, page=f"/periods/{period}")


def test_finance_closes_a_period_and_sees_its_summary(web, client, org):
    staff(web, client, "finance")
    page = client.get(f"/periods/{PERIOD}").get_data(as_text=True)
    assert "Close period" in page
    response = close_from_the_page(client)
    assert response.status_code == 302  # the job ran in process after the commit
    page = client.get(f"/periods/{PERIOD}").get_data(as_text=True)
    assert "Period summary" in page and "Top earners" in page and "Lena Leader" in page
    assert web.sql("select status::text from commission_periods where id = %s", [PERIOD])[0]["status"] == "closed"
    run = web.sql("select state, step, total, label from private.period_close_runs where period_id = %s"
                  " order by id desc limit 1", [PERIOD])[0]
    assert run == {"state": "succeeded", "step": 12, "total": 12, "label": "Closed"}
    # Closing again is allowed while closed, and refused once queued twice.
    assert "Close again" in page and "Finalize period" in page


def test_progress_is_visible_while_the_close_waits_and_runs(web, org):
    """An order write in flight holds the period: the close's first notice
    ("Waiting for orders being written") reaches the run row while the close's
    own transaction is still open."""
    from jobs.close import run_close

    finance = make_finance(web)
    run_id = web.sql("insert into private.period_close_runs (period_id, requested_by) values (%s, %s)"
                     " returning id", [PERIOD, finance])[0]["id"]
    with psycopg.connect(web.admin_dsn) as blocker:
        blocker.execute("select 1 from commission_periods where id = %s for share", [PERIOD])
        done = []

        def close_in_the_worker():
            with web.jobs():  # jobs reach the app's database through its pool
                done.append(run_close(PERIOD, run_id, finance))

        closer = threading.Thread(target=close_in_the_worker)
        closer.start()
        seen = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            seen = web.sql("select state, step, label from private.period_close_runs where id = %s", [run_id])[0]
            if seen["state"] == "running":
                break
            time.sleep(0.05)
        assert seen == {"state": "running", "step": 0, "label": "Waiting for orders being written"}
        assert web.sql("select api.periods_running() as r")[0]["r"] == [PERIOD]
        blocker.rollback()
        closer.join(30)
    assert done and done[0]["status"] == "closed"
    assert web.sql("select state from private.period_close_runs where id = %s", [run_id])[0]["state"] == "succeeded"


def make_finance(web) -> str:
    return web.user("finance", password=None)["id"]


def test_a_close_while_one_is_queued_is_refused_with_the_reason(web, client, org):
    finance = staff(web, client, "finance")
    web.sql("insert into private.period_close_runs (period_id, requested_by) values (%s, %s)", [PERIOD, finance["id"]])
    response = close_from_the_page(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already on its way" in page
    assert "Waiting for the worker to start the close" in page
    web.sql("update private.period_close_runs set state = 'failed', finished_at = now(), error = 'test'"
            " where state = 'queued'")


def test_adjustments_need_a_reason_and_are_kept_by_a_reclose(web, client, org):
    staff(web, client, "finance")
    url = f"/periods/{PERIOD}/adjustments"
    refused = post_form(client, url, {"distributor_number": org["number"], "amount": "10.00", "reason": ""},
                        page=f"/periods/{PERIOD}")
    assert refused.status_code == 422 and "a reason is required" in refused.get_data(as_text=True)
    unknown = post_form(client, url, {"distributor_number": "NOPE-1", "amount": "10.00", "reason": "x"},
                        page=f"/periods/{PERIOD}")
    assert unknown.status_code == 422 and "No distributor has this number" in unknown.get_data(as_text=True)
    ok = post_form(client, url, {"distributor_number": org["number"], "amount": "-7.25",
                                 "reason": "Damaged shipment charged back"}, page=f"/periods/{PERIOD}")
    assert ok.status_code == 302
    assert close_from_the_page(client).status_code == 302
    rows = web.sql("select amount, reason from commission_ledger where period_id = %s and is_manual", [PERIOD])
    assert [(str(r["amount"]), r["reason"]) for r in rows] == [("-7.25", "Damaged shipment charged back")]
    audit = web.sql("select row_count from audit_logs where entity_type = 'commission_ledger' and action = 'insert'"
                    " and after_data ->> 'reason' = 'Damaged shipment charged back'")
    assert audit == [{"row_count": 1}]


def test_a_distributor_reads_its_statement_explained_as_csv_and_printable(web, client, org):
    assert sign_in(client, org["leader"]).status_code == 302
    listing = client.get("/statements/").get_data(as_text=True)
    assert PERIOD_NAME in listing
    page = client.get(f"/statements/{PERIOD}").get_data(as_text=True)
    assert "Level 1 unilevel on Leg0 Person&#39;s 900.00 PV at 5% = 45.00" in page
    assert "Leadership on your own 350.00 PV at 10% = 35.00" in page
    assert "Rank bonus for reaching Gold = 250.00" in page
    response = client.get(f"/statements/{PERIOD}/statement.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["type"] for r in rows} >= {"unilevel", "leadership", "rank_bonus"}
    assert all(r["explanation"] for r in rows)
    printable = client.get(f"/statements/{PERIOD}/print").get_data(as_text=True)
    assert "data-print" in printable and "Every line, explained" in printable


def test_a_distributor_sees_no_one_elses_statement_and_no_period_pages(web, client, org):
    leg = web.user("distributor")
    assert sign_in(client, leg).status_code == 302
    page = client.get(f"/statements/{PERIOD}?distributor={org['leader']['id']}").get_data(as_text=True)
    assert "Lena Leader" not in page  # the parameter is for staff: a distributor gets its own
    assert client.get(f"/periods/{PERIOD}").status_code == 403
    assert client.get("/periods/").status_code == 403
    assert client.get(f"/statements/estimate?distributor={org['leader']['id']}").status_code == 403


@pytest.mark.parametrize("bad", ["not-a-uuid", "1' or '1'='1", "x" * 5000])
def test_a_malformed_distributor_id_is_ignored_not_an_error(web, client, org, bad):
    staff(web, client, "auditor")  # a bad id is no id: the auditor's own statement, which it has not
    assert client.get(f"/statements/{PERIOD}?distributor={bad}").status_code == 404
    leader = web.app.test_client()
    sign_in(leader, org["leader"])
    assert leader.get(f"/statements/estimate?distributor={bad}").status_code == 200


def test_a_nul_byte_in_a_parameter_is_a_clear_400(web, client, org):
    staff(web, client, "auditor")
    response = client.get(f"/statements/{PERIOD}?distributor=%00")
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)


def test_staff_find_a_statement_by_number(web, client, org):
    staff(web, client, "auditor")
    response = client.get(f"/statements/?number={org['number']}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert PERIOD_NAME in page


def test_finance_downloads_the_whole_ledger(web, client, org):
    staff(web, client, "finance")
    response = client.get(f"/periods/{PERIOD}/ledger.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    total = web.sql("select count(*) as n from commission_ledger where period_id = %s", [PERIOD])[0]["n"]
    assert len(rows) == total > 0
    assert {"distributor_number", "type", "source_number", "level", "rate", "base", "amount"} <= set(rows[0])


FORMULA_NAME = '=HYPERLINK("http://evil.test","Click")'


def cells(response) -> list[str]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return [cell for row in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))) for cell in row]


def test_statement_and_ledger_csv_never_carry_a_formula(web, client, org):
    """A downline member who names itself like a spreadsheet formula lands in its
    upline's statement and in finance's ledger as text, never as a formula."""
    leg = org["legs"][0]
    web.sql("update users set first_name = %s where id = %s", [FORMULA_NAME, leg])
    try:
        assert sign_in(client, org["leader"]).status_code == 302
        statement = cells(client.get(f"/statements/{PERIOD}/statement.csv"))
        finance = web.app.test_client()
        staff(web, finance, "finance")
        ledger = cells(finance.get(f"/periods/{PERIOD}/ledger.csv"))
    finally:
        web.sql("update users set first_name = 'Leg0' where id = %s", [leg])
    for exported in (statement, ledger):
        assert any(cell.startswith("'" + FORMULA_NAME) for cell in exported)
        assert not [cell for cell in exported if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_finalize_from_the_page(web, client, org):
    staff(web, client, "finance")
    response = post_form(client, f"/periods/{PERIOD}/finalize", {}, page=f"/periods/{PERIOD}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is finalized" in page and "never change" in page
    assert web.sql("select rank_id from distributors where user_id = %s", [org["leader"]["id"]])[0]["rank_id"] == "gold"


def test_if_this_month_closed_now(web, client, org):
    with psycopg.connect(web.admin_dsn, row_factory=dict_row) as db:
        make_order(db, org["leader"]["id"], order_type="personal", subtotal="150.00", pv="120.00",
                   paid_at=(NOW - timedelta(seconds=1)).isoformat())
        db.commit()
    web.sql("select api.estimates_refresh()")
    assert sign_in(client, org["leader"]).status_code == 302
    page = client.get("/statements/estimate").get_data(as_text=True)
    assert f"If {THIS_MONTH} closed now" in page
    assert "Bronze" in page  # PV 120: bronze, and silver is next
    assert "What is missing for Silver" in page and "<progress" in page
    home = client.get("/").get_data(as_text=True)
    assert 'id="home-rank">Bronze<' in home


def test_admins_edit_the_plan_with_validation(web, client, org):
    staff(web, client, "admin")
    bad = post_form(client, "/plan/settings/retail_rate", {"value": "1.5"}, page="/plan/")
    assert bad.status_code == 422 and "retail_rate must be a number from 0 to 1" in bad.get_data(as_text=True)
    good = post_form(client, "/plan/settings/retail_rate", {"value": "0.21"}, page="/plan/")
    assert good.status_code == 302
    assert web.sql("select value::text from plan_settings where key = 'retail_rate'")[0]["value"] == "0.21"
    web.sql("update plan_settings set value = '0.20' where key = 'retail_rate'")
    form = {"id": "bronze", "name": "Bronze", "level": "1", "min_personal_pv": "100", "min_group_pv": "0",
            "min_legs": "0", "min_leg_volume": "0", "max_leg_share": "", "commission_rate": "0.05555",
            "unilevel_depth": "2", "matching_rates": "", "rank_bonus": "0", "car_bonus": "0", "is_active": "y"}
    refused = post_form(client, "/plan/ranks/bronze", form)
    assert refused.status_code == 422 and "at most four decimals" in refused.get_data(as_text=True)
    assert post_form(client, "/plan/ranks/bronze", {**form, "commission_rate": "0.05"}).status_code == 302


@pytest.mark.parametrize("role", ["distributor", "support"])
def test_only_admins_edit_the_plan(web, client, role):
    user = web.user(role)
    assert sign_in(client, user).status_code == 302
    assert client.get("/plan/").status_code == 200
    assert client.get("/plan/ranks/bronze").status_code == 403
