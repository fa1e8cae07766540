"""The audit trail (sql/functions/private/tg__audit.sql, audit_event.sql,
tg_audit_logs__refuse_change.sql): one event per statement that touched rows
of an audited table, with who and where; secrets never copied; append-only
for everyone, the owner and a superuser included."""
from __future__ import annotations

import re

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_order, make_payout, make_user

# The tables and the key column each event names.
AUDITED = {
    "users": "id", "distributors": "user_id", "ranks": "id", "orders": "id",
    "commission_ledger": "id", "commission_periods": "id", "payouts": "id",
    "compliance_cases": "id", "plan_settings": "key",
}
WHO = {"request_id": "req-audit-1", "ip": "203.0.113.7", "user_agent": "AuditTest/1.0 (pytest)"}


def _mark(db) -> int:
    return db.execute("select coalesce(max(id), 0) as id from audit_logs").fetchone()["id"]


def _events(db, since: int) -> list[dict]:
    return db.execute("select * from audit_logs where id > %s order by id", [since]).fetchall()


def _insert_users(db, n: int, tag: str) -> list[str]:
    rows = db.execute(
        "insert into users (id, email) select gen_random_uuid(), %s || g || '@audit.test'"
        "  from generate_series(1, %s) g returning id::text", [tag, n]).fetchall()
    return [r["id"] for r in rows]


# --- one event per statement, with who and where ----------------------------

def test_insert_update_delete_each_write_one_event_with_actor_and_request(db):
    admin = make_user(db, "admin")
    since = _mark(db)
    as_user(db, admin, **WHO)

    db.execute("insert into plan_settings (key, value, description)"
               " values ('audit_test_rate', '0.10', 'A setting for the audit test.')")
    db.execute("update plan_settings set value = '0.12' where key = 'audit_test_rate'")
    db.execute("delete from plan_settings where key = 'audit_test_rate'")

    # Read back as the admin, through RLS (admins and auditors read the trail).
    insert, update, delete = events = _events(db, since)
    for e in events:
        assert (str(e["actor_id"]), e["entity_type"], e["entity_id"], e["row_count"]) == (
            admin, "plan_settings", "audit_test_rate", 1)
        assert (e["request_id"], str(e["ip_address"]), e["user_agent"]) == (
            WHO["request_id"], WHO["ip"], WHO["user_agent"])
    assert [e["action"] for e in events] == ["insert", "update", "delete"]

    assert insert["before_data"] is None
    assert insert["after_data"]["key"] == "audit_test_rate"
    assert insert["after_data"]["value"] == 0.10
    assert insert["after_data"]["description"] == "A setting for the audit test."

    # An update records the key and what changed, old and new; nothing else.
    assert update["before_data"]["value"] == 0.10 and update["after_data"]["value"] == 0.12
    assert update["before_data"]["key"] == update["after_data"]["key"] == "audit_test_rate"
    assert "description" not in update["before_data"] and "description" not in update["after_data"]

    assert delete["after_data"] is None
    assert delete["before_data"]["value"] == 0.12
    assert delete["before_data"]["description"] == "A setting for the audit test."


def test_an_update_that_changes_the_key_names_the_new_key(db):
    db.execute("insert into plan_settings (key, value) values ('audit_old_key', '1')")
    since = _mark(db)
    db.execute("update plan_settings set key = 'audit_new_key' where key = 'audit_old_key'")
    [event] = _events(db, since)
    assert event["entity_id"] == "audit_new_key"
    assert event["before_data"] == {"key": "audit_old_key"}
    assert event["after_data"] == {"key": "audit_new_key"}


def test_without_an_identity_the_event_has_no_actor(db):
    """A DBA's direct write (no identity statement) is audited all the same."""
    since = _mark(db)
    user = make_user(db)
    [event] = _events(db, since)
    assert (event["entity_id"], event["action"], event["actor_id"]) == (user, "insert", None)
    assert (event["request_id"], event["ip_address"], event["user_agent"]) == (None, None, None)


def test_a_malformed_ip_does_not_break_the_write(db):
    admin = make_user(db, "admin")
    as_user(db, admin, request_id="req-bad-ip", ip="not-an-ip", user_agent="x")
    since = _mark(db)
    db.execute("insert into plan_settings (key, value) values ('audit_bad_ip', '1')")
    [event] = _events(db, since)
    assert (event["ip_address"], event["request_id"], str(event["actor_id"])) == (None, "req-bad-ip", admin)


# --- statements with many rows ------------------------------------------------

def test_a_few_rows_are_one_event_with_the_rows_as_arrays(db):
    since = _mark(db)
    ids = _insert_users(db, 3, "few")
    db.execute("update users set status = 'inactive' where id = any(%s::uuid[])", [ids])
    db.execute("delete from users where id = any(%s::uuid[])", [ids])

    insert, update, delete = _events(db, since)
    assert [(e["action"], e["row_count"], e["entity_id"]) for e in (insert, update, delete)] == [
        ("insert", 3, None), ("update", 3, None), ("delete", 3, None)]
    assert [row["id"] for row in insert["after_data"]] == ids
    assert insert["before_data"] is None
    # Update: aligned arrays ordered by key, the key and the changed columns only.
    assert update["before_data"] == [{"id": i, "status": "active"} for i in sorted(ids)]
    assert update["after_data"] == [{"id": i, "status": "inactive"} for i in sorted(ids)]
    assert sorted(row["id"] for row in delete["before_data"]) == sorted(ids)
    assert all(row["status"] == "inactive" and "email" in row for row in delete["before_data"])
    assert delete["after_data"] is None


def test_a_50_row_statement_is_one_event_with_its_row_count(db):
    since = _mark(db)
    ids = _insert_users(db, 50, "fifty")
    db.execute("update users set first_name = 'Fifty' where id = any(%s::uuid[])", [ids])
    db.execute("delete from users where id = any(%s::uuid[])", [ids])

    events = _events(db, since)
    assert [(e["entity_type"], e["action"], e["row_count"], e["entity_id"]) for e in events] == [
        ("users", "insert", 50, None), ("users", "update", 50, None), ("users", "delete", 50, None)]
    for e in events:
        assert e["before_data"] is None
        assert e["after_data"]["rows"] == 50 and e["after_data"]["ids_truncated"] is False
        assert sorted(e["after_data"]["ids"]) == sorted(ids)
    # Nothing row by row: no names, no emails.
    assert "Fifty" not in str(events) and "@audit.test" not in str(events)


def test_a_bulk_load_of_5000_rows_is_one_event_per_table(db):
    since = _mark(db)
    ids = _insert_users(db, 5000, "bulk")
    db.execute("insert into distributors (user_id, distributor_number)"
               " select id, 'AUD' || lpad(g::text, 6, '0')"
               "   from unnest(%s::uuid[]) with ordinality as t (id, g)", [ids])

    users, distributors = _events(db, since)
    for e, table in ((users, "users"), (distributors, "distributors")):
        assert (e["entity_type"], e["action"], e["row_count"], e["entity_id"]) == (table, "insert", 5000, None)
        assert e["after_data"]["rows"] == 5000 and e["after_data"]["ids_truncated"] is True
        assert len(e["after_data"]["ids"]) == 100 and set(e["after_data"]["ids"]) <= set(ids)


def test_a_cascade_is_one_event_per_table(db):
    """Deleting users deletes their distributors rows: one event for each table."""
    people = [make_distributor(db) for _ in range(3)]
    since = _mark(db)
    db.execute("delete from users where id = any(%s::uuid[])", [people])
    summary = [(e["entity_type"], e["action"], e["row_count"]) for e in _events(db, since)]
    assert summary == [("users", "delete", 3), ("distributors", "delete", 3)]


def test_statements_touching_no_rows_write_nothing(db):
    user = make_user(db)
    since = _mark(db)
    db.execute("update users set first_name = 'Nobody' where false")
    db.execute("delete from users where id = gen_random_uuid()")
    db.execute("insert into users (id, email) select gen_random_uuid(), 'none@audit.test' where false")
    db.execute("insert into users (id, email) values (%s, 'dup@audit.test') on conflict (id) do nothing", [user])
    db.execute("update distributors set notes = 'x' where false")
    assert _events(db, since) == []


# --- secrets ------------------------------------------------------------------

def test_secret_and_excluded_columns_are_never_copied(db):
    db.execute(
        "create temp table audit_probe (id integer primary key, name text, password_hash text,"
        " api_token text, client_secret text, backup_codes text[], home_address text)")
    for trigger in (
        "create trigger _900_audit_insert after insert on audit_probe referencing new table as new_rows",
        "create trigger _900_audit_update after update on audit_probe"
        " referencing old table as old_rows new table as new_rows",
        "create trigger _900_audit_delete after delete on audit_probe referencing old table as old_rows",
    ):
        db.execute(trigger + " for each statement execute function private.tg__audit('id', 'home_address')")
    hidden = {"password_hash", "api_token", "client_secret", "backup_codes", "home_address"}
    since = _mark(db)

    db.execute("insert into audit_probe values (1, 'Ann', '$argon2id$SECRET-HASH', 'tok-SECRET',"
               " 'cs-SECRET', '{SECRET-CODE}', '1 SECRET Street')")
    db.execute("insert into audit_probe select g, 'P' || g, 'SECRET', 'SECRET', 'SECRET', '{SECRET}', 'SECRET'"
               "  from generate_series(2, 4) g")
    db.execute("update audit_probe set password_hash = 'SECRET-NEW', api_token = 'SECRET-NEW' where id = 1")
    db.execute("update audit_probe set name = name || '!', password_hash = 'SECRET-2' where id between 2 and 4")
    db.execute("delete from audit_probe where id = 1")

    one, few, secret_only, few_update, delete = events = _events(db, since)
    assert [e["action"] for e in events] == ["insert", "insert", "update", "update", "delete"]
    assert "SECRET" not in str(events)
    assert set(one["after_data"]) == {"id", "name"}
    assert all(set(row) == {"id", "name"} for row in few["after_data"])
    # Changing only secrets is still an event (who, when, which row), without values.
    assert (secret_only["entity_id"], secret_only["before_data"], secret_only["after_data"]) == (
        "1", {"id": 1}, {"id": 1})
    assert few_update["after_data"] == [{"id": i, "name": f"P{i}!"} for i in (2, 3, 4)]
    assert set(delete["before_data"]) == {"id", "name"} and not hidden & set(delete["before_data"])


def test_order_addresses_and_payout_bank_details_stay_out_of_the_trail(db):
    distributor = make_distributor(db)
    since = _mark(db)
    order = make_order(db, distributor)
    payout = make_payout(db, distributor)
    db.execute("update payouts set bank_details = '{\"iban\": \"DE00 SECRET\"}' where id = %s", [payout])
    events = {(e["entity_type"], e["action"]): e for e in _events(db, since)}
    placed = events[("orders", "insert")]
    assert placed["entity_id"] == order and placed["after_data"]["total"] == 50.0
    assert "shipping_address" not in placed["after_data"] and "billing_address" not in placed["after_data"]
    assert "bank_details" not in events[("payouts", "insert")]["after_data"]
    assert events[("payouts", "update")]["after_data"] == {"id": payout}
    assert "Test Street" not in str(events) and "SECRET" not in str(events)


def test_a_trigger_without_a_key_column_is_refused_loudly(db):
    db.execute("create temp table audit_nokey (id integer)")
    db.execute("create trigger _900_audit_insert after insert on audit_nokey referencing new table as new_rows"
               " for each statement execute function private.tg__audit('no_such_column')")
    error = fails_with(db, "P0001", "insert into audit_nokey values (1)")
    assert "key column" in str(error)


# --- append-only ----------------------------------------------------------------

def _some_event(db) -> int:
    return db.execute("select private.audit_event('test', 'x', 'probe') as id").fetchone()["id"]


@pytest.mark.parametrize("statement", [
    "update audit_logs set action = 'tampered' where id = %(id)s",
    "delete from audit_logs where id = %(id)s",
    "truncate audit_logs",
])
def test_the_trail_is_append_only_even_for_a_superuser(db, statement):
    event = _some_event(db)
    error = fails_with(db, "MLDNY", statement, {"id": event})
    assert error.diag.message_primary == "The audit trail is append-only."
    # Also with ordinary triggers switched off (replica mode): these are ENABLE ALWAYS.
    db.execute("set local session_replication_role = replica")
    fails_with(db, "MLDNY", statement, {"id": event})
    db.execute("set local session_replication_role = origin")
    # And as the role every definer function runs as (it holds every privilege).
    db.execute("select set_config('role', 'mlm_definer', true)")
    fails_with(db, "MLDNY", statement, {"id": event})
    as_superuser(db)
    assert db.execute("select action from audit_logs where id = %s", [event]).fetchone()["action"] == "probe"


def test_the_app_cannot_write_the_trail_or_call_audit_event(db):
    admin = make_user(db, "admin")
    as_user(db, admin)
    fails_with(db, "42501", "insert into audit_logs (entity_type, action) values ('forged', 'insert')")
    fails_with(db, "42501", "select private.audit_event('forged', null, 'insert')")


# --- explicit events ------------------------------------------------------------

def test_audit_event_writes_one_row_with_who_and_where(db):
    admin = make_user(db, "admin")
    as_user(db, admin, **WHO)
    # Definer code calls it, never mlm_app: back to the superuser role, the
    # identity settings kept.
    db.execute("select set_config('role', 'none', true)")
    event_id = db.execute(
        "select private.audit_event('commission_periods', '2024-05', 'close',"
        " '{\"status\": \"open\"}', '{\"status\": \"closed\"}', 1234) as id").fetchone()["id"]
    row = db.execute("select * from audit_logs where id = %s", [event_id]).fetchone()
    assert (str(row["actor_id"]), row["entity_type"], row["entity_id"], row["action"], row["row_count"]) == (
        admin, "commission_periods", "2024-05", "close", 1234)
    assert (row["before_data"], row["after_data"]) == ({"status": "open"}, {"status": "closed"})
    assert (row["request_id"], str(row["ip_address"]), row["user_agent"]) == (
        WHO["request_id"], WHO["ip"], WHO["user_agent"])


# --- catalog ----------------------------------------------------------------------

@pytest.mark.parametrize("table", sorted(AUDITED))
def test_every_audited_table_has_the_three_statement_triggers(db, table):
    defs = {r["tgname"]: r for r in db.execute(
        "select tgname, tgenabled, pg_get_triggerdef(t.oid) as def from pg_trigger t"
        " where tgrelid = %s::regclass and tgname like '\\_900\\_audit\\_%%'", [f"public.{table}"])}
    assert sorted(defs) == ["_900_audit_delete", "_900_audit_insert", "_900_audit_update"]
    refs = {"insert": "REFERENCING NEW TABLE AS new_rows",
            "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows"}
    for op, ref in refs.items():
        trigger = defs[f"_900_audit_{op}"]
        assert trigger["tgenabled"] == "O"
        pattern = (rf"AFTER {op.upper()} ON public\.{table} {ref} FOR EACH STATEMENT"
                   rf" EXECUTE FUNCTION private\.tg__audit\('{AUDITED[table]}'(, '\w+')*\)$")
        assert re.search(pattern, trigger["def"]), trigger["def"]


def test_audit_logs_refuses_changes_with_always_enabled_triggers(db):
    rows = db.execute(
        "select tgname, tgenabled, pg_get_triggerdef(t.oid) as def from pg_trigger t"
        " where tgrelid = 'public.audit_logs'::regclass and not tgisinternal order by tgname").fetchall()
    assert [(r["tgname"], r["tgenabled"]) for r in rows] == [
        ("_010_refuse_truncate", "A"), ("_010_refuse_update_delete", "A")]
    assert "BEFORE TRUNCATE" in rows[0]["def"] and "FOR EACH STATEMENT" in rows[0]["def"]
    assert "BEFORE DELETE OR UPDATE" in rows[1]["def"] and "FOR EACH ROW" in rows[1]["def"]


def test_audit_functions_are_definers_owned_by_mlm_definer_and_not_the_apps(db):
    rows = db.execute(
        "select p.oid::regprocedure::text as fn, p.prosecdef, pg_get_userbyid(p.proowner) as owner,"
        "       has_function_privilege('mlm_app', p.oid, 'execute') as app_executes"
        "  from pg_proc p where p.oid in ('private.tg__audit'::regproc, 'private.audit_event'::regproc)"
        " order by 1").fetchall()
    assert [(r["fn"], r["prosecdef"], r["owner"], r["app_executes"]) for r in rows] == [
        ("private.audit_event(text,text,text,jsonb,jsonb,integer)", True, "mlm_definer", False),
        ("private.tg__audit()", True, "mlm_definer", False)]
