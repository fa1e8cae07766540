"""The advisory-lock registry: private.advisory_lock_key(name), sql/LOCKS.md,
and the one key Python must keep (the migration runner's)."""
from __future__ import annotations

import re

import psycopg
import pytest

from webapp.platform import config, migrate

# The numbers never change (an old process and a new one must still exclude
# each other): changing one here is changing a lock, not tidying.
KEYS = {
    "migrations": 7361822001,
    "distributor_number": 7361822002,
    "genealogy": 7361822004,
    "customer_number": 7361822005,
    "period_close": 1835100006,
    "period_estimate": 1835100007,
}


def _key(db, name: str) -> int:
    return db.execute("select private.advisory_lock_key(%s) as k", [name]).fetchone()["k"]


def test_the_migration_runner_takes_the_registry_key(db):
    assert _key(db, "migrations") == migrate.LOCK_KEY


def test_every_key_keeps_its_number(db):
    assert {name: _key(db, name) for name in KEYS} == KEYS


def test_an_unknown_name_raises(db):
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="genealogie"), db.transaction():
        _key(db, "genealogie")


def test_locks_md_lists_every_key_as_the_function_does(db):
    text = (config.SQL_DIR / "LOCKS.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| `(\d+)` \|", text, re.M))
    assert {name: int(key) for name, key in rows.items()} == KEYS


def test_no_literal_key_outside_the_registry():
    offenders = []
    for path in migrate.find_functions():
        if path.name == "advisory_lock_key.sql":
            continue
        text = path.read_text(encoding="utf-8")
        for key in KEYS.values():
            if str(key) in text:
                offenders.append((path.name, key))
        if "period_lock_class" in text:
            offenders.append((path.name, "period_lock_class"))
    assert offenders == []


def test_the_key_is_folded_into_a_constant_at_plan_time(db):
    # What keeps the registry free on the enrolment path: the planner
    # evaluates the immutable call once, the plan holds the number.
    plan = db.execute("explain (verbose, costs off)"
                      " select pg_advisory_xact_lock_shared(private.advisory_lock_key('genealogy'))").fetchall()
    text = "\n".join(r["QUERY PLAN"] for r in plan)
    assert "'7361822004'::bigint" in text and "advisory_lock_key" not in text


def test_the_old_period_lock_class_function_is_gone(db):
    assert db.execute("select to_regprocedure('private.period_lock_class()') as f").fetchone()["f"] is None
