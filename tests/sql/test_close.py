"""close_period() and finalize_period() (compensation-plan.md section 1):
refusals, idempotent re-closes, adjustments kept, plan data read when a close
runs, finalized periods frozen for everyone, title ranks, one audit event per
statement, nothing left behind by an error half-way."""
from __future__ import annotations

from decimal import Decimal

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_order, make_user
from plan_cases import after_month, ledger_md5, pin_clock, totals


def close(db, period):
    return db.execute("select close_period(%s) as r", [period]).fetchone()["r"]


def finalize(db, period):
    return db.execute("select finalize_period(%s) as r", [period]).fetchone()["r"]


def status(db, period):
    return db.execute("select status::text as s from commission_periods where id = %s", [period]).fetchone()["s"]


@pytest.fixture
def org(db):
    """A small organisation with one month of orders (2031-03): a gold at the top."""
    top = make_distributor(db, join_date="2030-01-01", first_name="Top", last_name="Leader")
    legs = [make_distributor(db, top, join_date="2030-01-01") for _ in range(3)]
    below = [make_distributor(db, leg, join_date="2031-03-01") for leg in legs]
    make_order(db, top, order_type="personal", subtotal="400.00", pv="350.00", paid_at="2031-03-02T10:00Z")
    for leg in legs:
        make_order(db, leg, subtotal="700.00", pv="600.00", paid_at="2031-03-03T10:00Z")
    for person in below:
        make_order(db, person, subtotal="300.00", pv="250.00", paid_at="2031-03-04T10:00Z")
    db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
               " where id < '2031-03' and status <> 'finalized'")
    pin_clock(db, after_month("2031-03"))
    return {"top": top, "legs": legs, "below": below, "period": "2031-03"}


# --- refusals ---------------------------------------------------------------

def test_a_period_that_has_not_ended_is_refused(db, org):
    pin_clock(db, "2031-03-31T23:59:59Z")
    error = fails_with(db, "MLPER", "select close_period('2031-03')")
    assert "not over yet" in str(error)
    assert status(db, "2031-03") == "open"


def test_an_earlier_period_not_finalized_is_refused(db, org):
    db.execute("select private.period_ensure('2031-04-15'::timestamptz)")
    pin_clock(db, after_month("2031-04"))
    error = fails_with(db, "MLPER", "select close_period('2031-04')")
    assert "before 2031-03 is finalized" in str(error)


def test_a_finalized_period_is_refused_and_so_is_finalizing_twice(db, org):
    close(db, "2031-03")
    finalize(db, "2031-03")
    assert "finalized" in str(fails_with(db, "MLPER", "select close_period('2031-03')"))
    assert "already finalized" in str(fails_with(db, "MLPER", "select finalize_period('2031-03')"))


def test_finalizing_an_open_period_is_refused(db, org):
    assert "not closed yet" in str(fails_with(db, "MLPER", "select finalize_period('2031-03')"))


def test_a_malformed_period_id_is_refused(db):
    error = fails_with(db, "MLVAL", "select close_period('2031-3')")
    assert error.diag.column_name == "period_id"


@pytest.mark.parametrize("role", ["distributor", "manager", "support", "auditor"])
def test_only_finance_and_admins_close_and_finalize(db, org, role):
    user = make_user(db, role)
    as_user(db, user)
    fails_with(db, "MLDNY", "select close_period('2031-03')")
    fails_with(db, "MLDNY", "select api.period_close('2031-03')")
    fails_with(db, "MLDNY", "select finalize_period('2031-03')")


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_finance_and_admins_close_and_finalize_through_the_app_role(db, org, role):
    user = make_user(db, role)
    as_user(db, user)
    pin_clock(db, after_month("2031-03"))
    assert close(db, "2031-03")["status"] == "closed"
    assert finalize(db, "2031-03")["status"] == "finalized"
    as_superuser(db)
    row = db.execute("select close_started_by::text as who from commission_periods where id = '2031-03'").fetchone()
    assert row["who"] == user


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_nobody_sets_a_period_status_or_totals_by_hand(db, org, role):
    as_user(db, make_user(db, role))
    fails_with(db, "42501", "update commission_periods set status = 'closed', closed_at = now() where id = '2031-03'")
    fails_with(db, "42501", "update commission_periods set total_commissions = 1 where id = '2031-03'")


# --- what a close writes ----------------------------------------------------

def test_the_close_pays_the_plan_and_records_its_figures(db, org):
    result = close(db, "2031-03")
    assert status(db, "2031-03") == "closed"
    ranks = {r["distributor_id"]: r["paid_as_rank_id"] for r in db.execute(
        "select distributor_id::text, paid_as_rank_id from period_volumes where period_id = '2031-03'")}
    # Top: PV 350, three legs of 850 GV each -> gold (2 legs >= 500, capped GV 2,900 >= 2,500).
    assert ranks[org["top"]] == "gold"
    assert all(ranks[leg] == "bronze" for leg in org["legs"])
    t = totals(db, "2031-03")
    assert t["total_pv"] == Decimal("2900.00") == Decimal(str(result["total_pv"]))
    ledger_total = db.execute("select sum(amount) as s from commission_ledger where period_id = '2031-03'"
                              ).fetchone()["s"]
    assert t["total_commissions"] == ledger_total
    assert result["ledger"]["inserted"] == db.execute(
        "select count(*) as n from commission_ledger where period_id = '2031-03'").fetchone()["n"]


def test_every_ledger_row_is_base_times_rate_rounded_half_away_from_zero(db, org):
    close(db, "2031-03")
    bad = db.execute("select * from commission_ledger where period_id = '2031-03'"
                     " and amount <> round(pv * rate, 2)").fetchall()
    assert bad == []


def test_reclosing_gives_the_identical_ledger_and_keeps_adjustments(db, org):
    close(db, "2031-03")
    db.execute("insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason)"
               " values ('2031-03', %s, 'adjustment', -12.34, true, 'Returned goods')", [org["top"]])
    first = ledger_md5(db, "2031-03")
    figures = totals(db, "2031-03")
    for _ in range(3):
        result = close(db, "2031-03")
        assert result["ledger"]["inserted"] == 0 and result["ledger"]["deleted"] == 0
    assert ledger_md5(db, "2031-03") == first
    assert totals(db, "2031-03") == figures
    assert figures["total_commissions"] == db.execute(
        "select sum(amount) as s from commission_ledger where period_id = '2031-03'").fetchone()["s"]


def test_a_reclose_reads_the_plan_as_it_is_then(db, org):
    close(db, "2031-03")
    before = db.execute("select sum(amount) as s from commission_ledger where period_id = '2031-03'"
                        " and type = 'retail'").fetchone()["s"]
    db.execute("update plan_settings set value = '0.10' where key = 'retail_rate'")
    result = close(db, "2031-03")
    after = db.execute("select sum(amount) as s from commission_ledger where period_id = '2031-03'"
                       " and type = 'retail'").fetchone()["s"]
    assert after == before / 2
    assert result["ledger"]["deleted"] == result["ledger"]["inserted"] > 0


def test_an_adjustment_in_a_closed_period_moves_its_total_at_once(db, org):
    close(db, "2031-03")
    before = totals(db, "2031-03")["total_commissions"]
    finance = make_user(db, "finance")
    number = db.execute("select distributor_number from distributors where user_id = %s",
                        [org["top"]]).fetchone()["distributor_number"]
    as_user(db, finance)
    db.execute("select api.adjustment_add('2031-03', %s, 25.50, 'Bonus promised at the convention')", [number])
    assert totals(db, "2031-03")["total_commissions"] == before + Decimal("25.50")


# --- finalized periods never change -----------------------------------------

def test_a_finalized_period_is_frozen_even_for_a_superuser(db, org):
    close(db, "2031-03")
    finalize(db, "2031-03")
    row = db.execute("select id from commission_ledger where period_id = '2031-03' limit 1").fetchone()
    fails_with(db, "MLCLS", "update commission_ledger set amount = amount + 1 where id = %s", [row["id"]])
    fails_with(db, "MLCLS", "delete from commission_ledger where id = %s", [row["id"]])
    fails_with(db, "MLCLS", "insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason)"
               " values ('2031-03', %s, 'adjustment', 1, true, 'late')", [org["top"]])
    fails_with(db, "MLCLS", "truncate commission_ledger")
    fails_with(db, "MLCLS", "update period_volumes set group_pv = 0 where period_id = '2031-03'")
    fails_with(db, "MLCLS", "delete from period_volumes where period_id = '2031-03'")
    fails_with(db, "MLCLS", "truncate period_volumes")
    fails_with(db, "MLCLS", "update commission_periods set total_pv = 0 where id = '2031-03'")
    fails_with(db, "MLCLS", "delete from commission_periods where id = '2031-03'")


def test_finance_cannot_adjust_a_finalized_period(db, org):
    close(db, "2031-03")
    finalize(db, "2031-03")
    number = db.execute("select distributor_number from distributors where user_id = %s",
                        [org["top"]]).fetchone()["distributor_number"]
    as_user(db, make_user(db, "finance"))
    fails_with(db, "MLCLS", "select api.adjustment_add('2031-03', %s, 1, 'late')", [number])


def test_finalize_raises_title_ranks_never_lowers_them(db, org):
    db.execute("update distributors set rank_id = 'platinum' where user_id = %s", [org["legs"][0]])
    close(db, "2031-03")
    finalize(db, "2031-03")
    titles = {r["user_id"]: r["rank_id"] for r in db.execute(
        "select user_id::text, rank_id from distributors where user_id = any(%s::uuid[])",
        [[org["top"], *org["legs"]]])}
    assert titles[org["top"]] == "gold"
    assert titles[org["legs"][0]] == "platinum"
    assert titles[org["legs"][1]] == "bronze"


# --- one transaction: all or nothing ----------------------------------------

def test_an_error_half_way_leaves_nothing_behind(db, org):
    db.execute("""create function pg_temp.boom() returns trigger language plpgsql as
                  $$ begin raise exception 'disk full (test)'; end $$""")
    db.execute("create trigger zz_boom after insert on period_volumes for each statement"
               " execute function pg_temp.boom()")
    with pytest.raises(Exception, match="disk full"), db.transaction():
        close(db, "2031-03")
    assert status(db, "2031-03") == "open"
    assert db.execute("select count(*) as n from commission_ledger where period_id = '2031-03'").fetchone()["n"] == 0
    assert db.execute("select count(*) as n from period_volumes where period_id = '2031-03'").fetchone()["n"] == 0
    assert totals(db, "2031-03") == {"total_pv": 0, "total_commissions": 0, "total_breakage": 0}


def test_a_failed_reclose_keeps_the_previous_close(db, org):
    close(db, "2031-03")
    before = ledger_md5(db, "2031-03")
    db.execute("update plan_settings set value = '0.10' where key = 'retail_rate'")
    db.execute("""create function pg_temp.boom() returns trigger language plpgsql as
                  $$ begin raise exception 'disk full (test)'; end $$""")
    db.execute("create trigger zz_boom after insert on commission_ledger for each statement"
               " execute function pg_temp.boom()")
    with pytest.raises(Exception, match="disk full"), db.transaction():
        close(db, "2031-03")
    assert status(db, "2031-03") == "closed"
    assert ledger_md5(db, "2031-03") == before


# --- audit --------------------------------------------------------------------

def test_a_close_is_one_audit_event_per_statement_with_row_counts(db, org):
    mark = db.execute("select coalesce(max(id), 0) as m from audit_logs").fetchone()["m"]
    result = close(db, "2031-03")
    events = db.execute("select entity_type, action, row_count from audit_logs where id > %s order by id",
                        [mark]).fetchall()
    ledger = [e for e in events if e["entity_type"] == "commission_ledger"]
    assert ledger == [{"entity_type": "commission_ledger", "action": "insert",
                       "row_count": result["ledger"]["inserted"]}]
    periods = [e["action"] for e in events if e["entity_type"] == "commission_periods"]
    assert periods == ["update", "close"]
