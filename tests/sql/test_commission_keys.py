"""commission_ledger's and period_volumes' foreign keys, checked once per
statement (0007: private.fk_require / fk_refuse_referenced) instead of row by
row: the same refusals (23503, the same constraint names), the same row locks,
and the referenced side's NO ACTION / SET NULL."""
from __future__ import annotations

import uuid

import psycopg
import pytest
from dbtools import fails_with
from factories import make_commission_period, make_distributor, make_user
from psycopg.rows import dict_row

ADJUST = ("insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason, created_by)"
          " values (%s, %s, 'adjustment', 5, true, 'test', %s)")


@pytest.fixture
def world(db):
    period = make_commission_period(db, "2034-01")
    d = make_distributor(db)
    return {"period": period, "d": d}


def test_a_ledger_row_needs_an_existing_distributor_period_source_and_author(db, world):
    error = fails_with(db, "23503", ADJUST, [world["period"], str(uuid.uuid4()), None])
    assert error.diag.constraint_name == "commission_ledger_distributor_id_fkey"
    assert "is not present in table \"distributors\"" in error.diag.message_detail
    error = fails_with(db, "23503", ADJUST, ["2034-02", world["d"], None])
    assert error.diag.constraint_name == "commission_ledger_period_id_fkey"
    error = fails_with(db, "23503", "insert into commission_ledger (period_id, distributor_id, type, amount,"
                       " source_distributor_id, level, rate, pv) values (%s, %s, 'unilevel', 1, %s, 1, 0.05, 20)",
                       [world["period"], world["d"], str(uuid.uuid4())])
    assert error.diag.constraint_name == "commission_ledger_distributor_id_fkey"
    error = fails_with(db, "23503", ADJUST, [world["period"], world["d"], str(uuid.uuid4())])
    assert error.diag.constraint_name == "commission_ledger_created_by_fkey"


def test_updates_are_checked_too(db, world):
    db.execute(ADJUST, [world["period"], world["d"], None])
    error = fails_with(db, "23503", "update commission_ledger set distributor_id = %s where period_id = %s",
                       [str(uuid.uuid4()), world["period"]])
    assert error.diag.constraint_name == "commission_ledger_distributor_id_fkey"


def test_period_volumes_need_existing_keys(db, world):
    insert = ("insert into period_volumes (period_id, distributor_id, personal_pv, group_pv, paid_as_rank_id)"
              " values (%s, %s, 1, 1, %s)")
    assert fails_with(db, "23503", insert, ["2034-02", world["d"], None]).diag.constraint_name == \
        "period_volumes_period_id_fkey"
    assert fails_with(db, "23503", insert, [world["period"], str(uuid.uuid4()), None]).diag.constraint_name == \
        "period_volumes_distributor_id_fkey"
    assert fails_with(db, "23503", insert, [world["period"], world["d"], "nope"]).diag.constraint_name == \
        "period_volumes_paid_as_rank_id_fkey"
    db.execute(insert, [world["period"], world["d"], "gold"])


def test_rows_in_use_cannot_be_deleted(db, world):
    db.execute(ADJUST, [world["period"], world["d"], None])
    db.execute("insert into period_volumes (period_id, distributor_id, personal_pv, group_pv, paid_as_rank_id)"
               " values (%s, %s, 1, 1, 'diamond')", [world["period"], world["d"]])
    # (The genealogy triggers refuse deleting a distributor with ledger rows first, MLREF.)
    with pytest.raises(psycopg.Error) as refused, db.transaction():
        db.execute("delete from distributors where user_id = %s", [world["d"]])
    assert refused.value.sqlstate in ("23503", "MLREF")
    only_volumes = make_distributor(db)
    db.execute("insert into period_volumes (period_id, distributor_id, personal_pv, group_pv)"
               " values (%s, %s, 1, 1)", [world["period"], only_volumes])
    error = fails_with(db, "23503", "delete from distributors where user_id = %s", [only_volumes])
    assert error.diag.constraint_name == "period_volumes_distributor_id_fkey"
    assert fails_with(db, "23503", "delete from commission_periods where id = %s", [world["period"]]) \
        .diag.constraint_name in ("commission_ledger_period_id_fkey", "period_volumes_period_id_fkey")
    assert fails_with(db, "23503", "delete from ranks where id = 'diamond'").diag.constraint_name == \
        "period_volumes_paid_as_rank_id_fkey"
    assert fails_with(db, "23503", "update ranks set id = 'diamond2' where id = 'diamond'").diag.constraint_name == \
        "period_volumes_paid_as_rank_id_fkey"


def test_deleting_the_author_of_an_adjustment_clears_created_by(db, world):
    author = make_user(db, "finance")
    db.execute(ADJUST, [world["period"], world["d"], author])
    db.execute("delete from users where id = %s", [author])
    assert db.execute("select created_by from commission_ledger where period_id = %s",
                      [world["period"]]).fetchone()["created_by"] is None


def test_a_referenced_row_is_locked_until_commit_like_a_foreign_key(fresh_db):
    with psycopg.connect(fresh_db, row_factory=dict_row) as setup:
        period = make_commission_period(setup, "2034-03")
        d = make_distributor(setup)
        spare = make_distributor(setup)
        setup.commit()
    with psycopg.connect(fresh_db) as writer, psycopg.connect(fresh_db) as deleter:
        writer.execute(ADJUST, [period, d, None])  # not committed yet
        deleter.execute("set lock_timeout = '500ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            deleter.execute("delete from distributors where user_id = %s", [d])
        deleter.rollback()
        writer.commit()
        with pytest.raises(psycopg.Error) as refused:  # in use now (the genealogy trigger says so first)
            deleter.execute("delete from distributors where user_id = %s", [d])
        assert refused.value.sqlstate in ("23503", "MLREF")
        deleter.rollback()
        deleter.execute("delete from distributors where user_id = %s", [spare])  # not in use: fine
        deleter.commit()


def test_deleting_in_use_candidates_needs_read_committed(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        d = make_distributor(conn)
        conn.commit()
        conn.execute("set transaction isolation level repeatable read")
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute("delete from distributors where user_id = %s", [d])
