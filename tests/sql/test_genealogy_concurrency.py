"""Genealogy writes racing each other on committed data: the genealogy lock
(shared for enrolments, exclusive for moves) keeps the closure exact when an
enrolment and a move of its upline overlap, and two moves that would make a
cycle together cannot both succeed."""
from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest
from psycopg.rows import dict_row

from webapp.platform.db import IDENTITY_SQL, Actor


def _setup(dsn: str) -> dict[str, str]:
    """root ── a ── b,  root ── c ── d; an admin."""
    ids = {k: str(uuid.uuid4()) for k in ("root", "a", "b", "c", "d", "admin")}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("insert into users (id, email, role) select u, left(u::text, 8) || '@example.test',"
                     " case when u = %s::uuid then 'admin' else 'distributor' end::user_role"
                     " from unnest(%s::uuid[]) u", [ids["admin"], list(ids.values())])
        for who, sponsor in (("root", None), ("a", "root"), ("b", "a"), ("c", "root"), ("d", "c")):
            conn.execute("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, %s, %s)",
                         [ids[who], "R" + who + ids[who][:6], ids[sponsor] if sponsor else None])
    return ids


def _healthy(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        assert conn.execute("select count(*) from check_genealogy()").fetchone()[0] == 0
        assert conn.execute("select count(*) from check_genealogy_counts()").fetchone()[0] == 0


def _in_thread(target) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target()
        except psycopg.Error as exc:
            outcome["error"] = exc.sqlstate

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _waiting(dsn: str, timeout: float = 10.0) -> None:
    """Until some other session waits on a lock."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("select count(*) from pg_stat_activity where datname = current_database()"
                            " and wait_event_type = 'Lock'").fetchone()[0]:
                return
            time.sleep(0.02)
    pytest.fail("the second session never waited")


def test_an_enrolment_and_a_move_of_its_upline_serialise(fresh_db):
    ids = _setup(fresh_db)
    newcomer = str(uuid.uuid4())
    enrolling = psycopg.connect(fresh_db)
    try:
        enrolling.execute("insert into users (id, email) values (%s, %s)", [newcomer, f"n-{newcomer}@example.test"])
        enrolling.execute("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, 'NEW1', %s)",
                          [newcomer, ids["b"]])

        def move():
            with psycopg.connect(fresh_db) as conn:
                conn.execute(IDENTITY_SQL, Actor(ids["admin"]).settings())
                return conn.execute("select move_distributor(%s, %s, 'race')", [ids["a"], ids["d"]]).fetchone()[0]

        thread, outcome = _in_thread(move)
        _waiting(fresh_db)
        enrolling.commit()
        thread.join(30)
    finally:
        enrolling.close()
    assert outcome == {"value": 3}            # a, b and the newcomer, who was committed first
    _healthy(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        depth = conn.execute("select depth from genealogy_paths where ancestor_id = %s and descendant_id = %s",
                             [ids["root"], newcomer]).fetchone()[0]
    assert depth == 5                         # root > c > d > a > b > newcomer


def test_two_moves_that_would_cross_into_a_cycle_cannot_both_succeed(fresh_db):
    ids = _setup(fresh_db)
    first = psycopg.connect(fresh_db)
    try:
        first.execute(IDENTITY_SQL, Actor(ids["admin"]).settings())
        assert first.execute("select move_distributor(%s, %s, 'one')", [ids["a"], ids["d"]]).fetchone()[0] == 2

        def crossing():
            with psycopg.connect(fresh_db) as conn:
                conn.execute(IDENTITY_SQL, Actor(ids["admin"]).settings())
                return conn.execute("select move_distributor(%s, %s, 'two')", [ids["c"], ids["b"]]).fetchone()[0]

        thread, outcome = _in_thread(crossing)
        _waiting(fresh_db)
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert outcome == {"error": "MLCYC"}      # b is now under d, which is under c
    _healthy(fresh_db)


def test_enrolments_share_the_lock_and_wait_only_for_a_shared_counter_row(fresh_db):
    """Under b (level 3) and under c (level 2): no counter row in common, so
    the second goes through while the first is open. Two enrolments at the
    same level under the same upline would meet on its counter rows and take
    turns, in key order (no deadlock)."""
    ids = _setup(fresh_db)
    one, two = psycopg.connect(fresh_db, row_factory=dict_row), psycopg.connect(fresh_db, row_factory=dict_row)
    try:
        for conn, sponsor in ((one, "b"), (two, "c")):
            user = str(uuid.uuid4())
            conn.execute("insert into users (id, email) values (%s, %s)", [user, f"p-{user}@example.test"])
            conn.execute("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, %s, %s)",
                         [user, "P" + user[:8], ids[sponsor]])
        one.commit()
        two.commit()
    finally:
        one.close()
        two.close()
    _healthy(fresh_db)
