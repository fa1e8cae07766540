"""The order jobs as the worker runs them (in process here)."""
from __future__ import annotations

import psycopg
from factories import make_distributor, make_order
from psycopg.rows import dict_row

from jobs import tasks
from webapp.platform.db import SYSTEM_USER_ID


def test_the_expiry_job_cancels_what_was_left_unpaid_too_long(web):
    with psycopg.connect(web.admin_dsn, row_factory=dict_row) as db:
        distributor = make_distributor(db)
        old = make_order(db, distributor)
        fresh = make_order(db, distributor)
        db.execute("update orders set created_at = now() - interval '49 hours' where id = %s", [old])
        db.commit()
    with web.jobs():
        tasks.expire_unpaid_orders.call_local()
        tasks.expire_unpaid_orders.call_local()  # a second run finds nothing more
    rows = {r["id"]: r for r in web.sql("select id::text, status::text, cancel_reason from orders"
                                        " where id in (%s, %s)", [old, fresh])}
    assert rows[old]["status"] == "cancelled" and "48 hours" in rows[old]["cancel_reason"]
    assert rows[fresh]["status"] == "pending"
    events = web.sql("select count(*) as n from audit_logs where entity_type = 'orders' and action = 'update'"
                     " and entity_id = %s and actor_id = %s", [old, SYSTEM_USER_ID])
    assert events[0]["n"] == 1  # cancelled once, by the system user, audited
