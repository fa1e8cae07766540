"""Tasks in SQL: the form's checks, "my day" buckets, completion on the
timeline, and reminders claimed once (api.task_*)."""
from __future__ import annotations

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_contact, make_distributor, make_user

from webapp.platform.db import SYSTEM_USER_ID

NOW = "2026-03-10T12:00:00Z"


def _task(db, title, due=None, **kw):
    params = {"title": title, "due": due, "contact": None, "assignee": None, "type": "call", "priority": "medium",
              **kw}
    return str(db.execute("select api.task_save(p_title => %(title)s, p_type => %(type)s, p_priority => %(priority)s,"
                          " p_due_at => %(due)s, p_contact_id => %(contact)s, p_assignee_id => %(assignee)s) as id",
                          params).fetchone()["id"])


@pytest.fixture
def world(db):
    d, o = make_distributor(db), make_distributor(db)
    manager, auditor = make_user(db, "manager"), make_user(db, "auditor")
    contact = make_contact(db, d)
    db.execute("select set_config('app.now', %s, true)", [NOW])
    return {"D": d, "O": o, "manager": manager, "auditor": auditor, "contact": contact}


def test_my_day_buckets(db, world):
    as_user(db, world["D"])
    _task(db, "overdue", "2026-03-10T11:00:00Z")
    _task(db, "today", "2026-03-10T18:00:00Z")
    _task(db, "upcoming", "2026-03-15T09:00:00Z")
    _task(db, "later", "2026-04-15T09:00:00Z")
    _task(db, "someday")
    done = _task(db, "done", "2026-03-09T09:00:00Z")
    db.execute("select api.task_complete(%s)", [done])
    rows = db.execute("select title, bucket from api.task_list()").fetchall()
    assert [(r["title"], r["bucket"]) for r in rows] == [
        ("overdue", "overdue"), ("today", "today"), ("upcoming", "upcoming"), ("later", "later"),
        ("someday", "later"), ("done", "done")]


def test_task_checks(db, world):
    as_user(db, world["D"])
    save = "select api.task_save(p_title => %s, p_contact_id => %s, p_type => %s)"
    assert fails_with(db, "MLVAL", save, [" ", None, "call"]).diag.column_name == "title"
    assert fails_with(db, "MLVAL", save, ["x" * 201, None, "call"]).diag.column_name == "title"
    assert fails_with(db, "MLVAL", save, ["T", None, None]).diag.column_name == "type"
    other_contact = make_contact_as_superuser(db, world["O"], world["D"])
    assert fails_with(db, "MLVAL", save, ["T", other_contact, "call"]).diag.column_name == "contact_id"
    fails_with(db, "MLDNY", "select api.task_save(p_title => 'T', p_assignee_id => %s)", [world["O"]])


def make_contact_as_superuser(db, owner, back_as):
    as_superuser(db)
    contact = make_contact(db, owner)
    as_user(db, back_as)
    return contact


def test_managers_assign_tasks_and_see_everyones(db, world):
    as_user(db, world["manager"])
    task = _task(db, "Call the new lead", "2026-03-11T09:00:00Z", assignee=world["D"])
    fails_with(db, "MLVAL", "select api.task_save(p_title => 'T', p_assignee_id => %s)", [world["auditor"]])
    assert [r["title"] for r in db.execute("select title from api.task_list(p_assignee_id => %s)", [world["D"]])] == [
        "Call the new lead"]
    assert db.execute("select count(*) as n from api.task_list(p_everyone => true)").fetchone()["n"] >= 1
    as_user(db, world["D"])
    assert [str(r["id"]) for r in db.execute("select id from api.task_list()")] == [task]
    as_user(db, world["O"])
    assert db.execute("select count(*) as n from api.task_list(p_everyone => true)").fetchone()["n"] == 0
    assert db.execute("select api.task_complete(%s) as id", [task]).fetchone()["id"] is None


def test_completing_is_on_the_timeline_and_undo_takes_it_back(db, world):
    as_user(db, world["D"])
    task = _task(db, "Send the catalogue", contact=world["contact"])
    assert str(db.execute("select api.task_complete(%s) as id", [task]).fetchone()["id"]) == task
    assert str(db.execute("select api.task_complete(%s) as id", [task]).fetchone()["id"]) == task  # idempotent
    timeline = db.execute("select type, subject from api.contact_timeline(%s)", [world["contact"]]).fetchall()
    assert timeline == [{"type": "task_done", "subject": "Send the catalogue"}]
    assert db.execute("select status from tasks where id = %s", [task]).fetchone()["status"] == "completed"
    db.execute("select api.task_reopen(%s)", [task])
    assert db.execute("select api.contact_timeline(%s)", [world["contact"]]).fetchall() == []
    assert db.execute("select status, completed_at from tasks where id = %s", [task]).fetchone() == {
        "status": "pending", "completed_at": None}


def test_an_auditor_cannot_complete_or_create(db, world):
    as_user(db, world["D"])
    task = _task(db, "Mine")
    as_user(db, world["auditor"])
    assert db.execute("select api.task_complete(%s) as id", [task]).fetchone()["id"] is None
    fails_with(db, "42501", "select api.task_save(p_title => 'T')")


# --- Reminders ---------------------------------------------------------------

def _claim(db):
    as_user(db, SYSTEM_USER_ID)
    return [r["title"] for r in db.execute("select title from api.task_reminders_claim()")]


def test_reminders_are_claimed_once(db, world):
    as_user(db, world["D"])
    _task(db, "due in 10 minutes", "2026-03-10T12:10:00Z")
    _task(db, "due an hour ago", "2026-03-10T11:00:00Z")
    _task(db, "due tomorrow", "2026-03-11T12:00:00Z")
    _task(db, "due last month", "2026-02-10T12:00:00Z")
    done = _task(db, "done already", "2026-03-10T12:05:00Z")
    db.execute("select api.task_complete(%s)", [done])
    _task(db, "no due time")
    assert sorted(_claim(db)) == ["due an hour ago", "due in 10 minutes"]
    assert _claim(db) == []  # never twice
    assert db.execute("select count(*) as n from tasks where reminder_sent and reminder_sent_at is not null"
                      ).fetchone()["n"] == 2


def test_a_failed_send_is_released_and_a_rescheduled_task_reminds_again(db, world):
    as_user(db, world["D"])
    task = _task(db, "call back", "2026-03-10T12:05:00Z")
    assert _claim(db) == ["call back"]
    db.execute("select api.task_reminders_release(array[%s]::uuid[])", [task])
    assert _claim(db) == ["call back"]
    as_user(db, world["D"])
    db.execute("select api.task_save(p_id => %s, p_title => 'call back', p_due_at => '2026-03-10T12:00:00Z')", [task])
    assert _claim(db) == ["call back"]
    as_user(db, world["D"])
    db.execute("select api.task_save(p_id => %s, p_title => 'call back later', p_due_at => '2026-03-10T12:00:00Z')",
               [task])
    assert _claim(db) == []  # same due time: no second reminder


def test_reminders_skip_inactive_users_and_only_the_system_claims(db, world):
    as_user(db, world["D"])
    _task(db, "mine", "2026-03-10T12:05:00Z")
    assert db.execute("select count(*) as n from api.task_reminders_claim()").fetchone()["n"] == 0
    as_superuser(db)
    db.execute("update users set status = 'suspended' where id = %s", [world["D"]])
    assert _claim(db) == []
    as_superuser(db)
    db.execute("update users set status = 'active' where id = %s", [world["D"]])
    assert _claim(db) == ["mine"]


def test_two_workers_never_claim_the_same_reminder(fresh_db):
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(fresh_db, row_factory=dict_row, autocommit=True) as setup:
        d = make_distributor(setup)
        setup.execute("insert into tasks (title, type, assignee_id, created_by_id, due_at)"
                      " select 'T' || i, 'call', %s, %s, now() from generate_series(1, 50) i", [d, d])
    with psycopg.connect(fresh_db, row_factory=dict_row) as one, psycopg.connect(fresh_db, row_factory=dict_row) as two:
        as_user(one, SYSTEM_USER_ID)
        as_user(two, SYSTEM_USER_ID)
        first = {r["task_id"] for r in one.execute("select task_id from api.task_reminders_claim(p_limit => 30)")}
        second = {r["task_id"] for r in two.execute("select task_id from api.task_reminders_claim(p_limit => 30)")}
        assert len(first) == 30 and len(second) == 20 and not first & second
