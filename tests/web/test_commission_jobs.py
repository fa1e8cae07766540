"""The commission jobs as the worker runs them (in process here): the
scheduled close of last month on plan setting auto_close_day, as the system
user, visible as a close run; the estimates refresh every minute."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
from factories import make_distributor, make_order
from psycopg.rows import dict_row

from webapp.platform.db import SYSTEM_USER_ID as SYSTEM

NOW = datetime.now(UTC)
LAST_MONTH = (NOW.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def test_the_scheduled_close_and_the_estimates(web):
    with psycopg.connect(web.admin_dsn, row_factory=dict_row) as db:
        top = make_distributor(db, join_date="2020-01-01")
        kid = make_distributor(db, top, join_date="2020-01-01")
        make_order(db, kid, subtotal="300.00", pv="250.00", paid_at=f"{LAST_MONTH}-10T10:00Z")
        make_order(db, top, subtotal="130.00", pv="110.00", paid_at=(NOW - timedelta(seconds=5)).isoformat())
        db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
                   " where id < %s", [LAST_MONTH])
        db.commit()
    from jobs import tasks

    web.sql("update plan_settings set value = '0' where key = 'auto_close_day'")
    with web.jobs():
        tasks.scheduled_close.call_local()
    assert web.sql("select status::text from commission_periods where id = %s", [LAST_MONTH])[0]["status"] == "open"

    web.sql("update plan_settings set value = '1' where key = 'auto_close_day'")  # any day from the 1st
    with web.jobs():
        tasks.refresh_estimates.call_local()
        estimated = web.sql("select count(*) as n from period_estimates where period_id = %s", [LAST_MONTH])[0]["n"]
        assert estimated == 2  # last month is still open: estimated too, until it is closed
        tasks.scheduled_close.call_local()
    period = web.sql("select status::text, close_started_by::text from commission_periods where id = %s",
                     [LAST_MONTH])[0]
    assert period == {"status": "closed", "close_started_by": SYSTEM}  # a job acts as the system user
    run = web.sql("select state, requested_by::text from private.period_close_runs where period_id = %s"
                  " order by id desc limit 1", [LAST_MONTH])[0]
    assert run == {"state": "succeeded", "requested_by": SYSTEM}
    assert web.sql("select count(*) as n from commission_ledger where period_id = %s", [LAST_MONTH])[0]["n"] > 0
    assert web.sql("select count(*) as n from period_estimates where period_id = %s", [LAST_MONTH])[0]["n"] == 0
    with web.jobs():
        tasks.scheduled_close.call_local()  # closed already: nothing to do
        tasks.refresh_estimates.call_local()
    this_month = NOW.strftime("%Y-%m")
    assert web.sql("select personal_pv from period_estimates where period_id = %s and distributor_id = %s",
                   [this_month, top])[0]["personal_pv"] == 110
