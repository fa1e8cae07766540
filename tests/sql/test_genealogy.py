"""The sponsor tree keeps itself exact (sql/functions/public/tg_distributors__*,
private.genealogy_rewrite): closure rows, level counts and running volumes
after enrolments, bulk loads, moves, placement and status changes and
deletes; the refusals (cycles, depth, deleting someone others hang on); and
move_distributor() with its audit event."""
from __future__ import annotations

import uuid

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import (
    make_commission_period,
    make_distributor,
    make_ledger_entry,
    make_order,
    make_user,
    set_commission_period_status,
)

NOW = "2031-05-15T12:00:00Z"
PERIOD = "2031-05"


def healthy(db) -> None:
    assert db.execute("select * from check_genealogy()").fetchall() == []
    assert db.execute("select * from check_genealogy_counts()").fetchall() == []


def chain(db, length: int, top: str | None = None) -> list[str]:
    """length distributors, each sponsored by the one before (under `top`)."""
    people = []
    for _ in range(length):
        people.append(make_distributor(db, people[-1] if people else top))
    return people


def levels(db, person: str) -> dict[int, tuple[int, int]]:
    return {r["depth"]: (r["members"], r["active_members"]) for r in db.execute(
        "select depth, members, active_members from private.genealogy_level_counts"
        " where ancestor_id = %s and members > 0", [person])}


def upline(db, person: str) -> list[tuple[str, int]]:
    return [(str(r["ancestor_id"]), r["depth"]) for r in db.execute(
        "select ancestor_id, depth from genealogy_paths where descendant_id = %s and path_type = 'sponsor'"
        " order by depth", [person])]


def bulk_insert(db, rows: list[tuple[str, str | None, str | None]]) -> None:
    """One multi-row insert of (user_id, sponsor_id, placement_id) for existing users."""
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id, placement_id)"
               " select u, 'B' || left(u::text, 8) || ord, s, p"
               "   from unnest(%s::uuid[], %s::uuid[], %s::uuid[]) with ordinality as t (u, s, p, ord)",
               [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]])


# --- Enrolment and bulk loads ---------------------------------------------------------

def test_an_enrolment_adds_its_upline_and_one_member_to_each_upline_level(db):
    a, b, c = chain(db, 3)
    d = make_distributor(db, c, status="inactive")
    assert upline(db, d) == [(c, 1), (b, 2), (a, 3)]
    assert levels(db, a) == {1: (1, 1), 2: (1, 1), 3: (1, 0)}
    assert levels(db, c) == {1: (1, 0)}
    healthy(db)


def test_a_bulk_insert_in_any_order_with_placements_is_exact(db):
    top = make_distributor(db)
    users = [make_user(db) for _ in range(6)]
    # Recruits listed before their sponsors; placements across the new rows.
    rows = [(users[5], users[4], users[0]), (users[4], users[3], None), (users[3], users[2], users[1]),
            (users[2], users[1], None), (users[1], users[0], top), (users[0], top, None)]
    bulk_insert(db, rows)
    healthy(db)
    assert levels(db, top) == {k: (1, 1) for k in range(1, 7)}
    assert db.execute("select count(*) as n from genealogy_paths where path_type = 'placement'"
                      " and descendant_id = %s", [users[3]]).fetchone()["n"] == 2


def test_a_loop_among_new_rows_is_refused_with_mlcyc(db):
    x, y, z = (make_user(db) for _ in range(3))
    error = fails_with(db, "MLCYC", "insert into distributors (user_id, distributor_number, sponsor_id)"
                       " values (%s, 'L1', %s), (%s, 'L2', %s), (%s, 'L3', %s)", [x, y, y, z, z, x])
    assert "cycle" in error.diag.message_primary
    assert db.execute("select count(*) as n from distributors where user_id in (%s, %s, %s)",
                      [x, y, z]).fetchone()["n"] == 0


def test_the_depth_guard_refuses_an_enrolment_and_a_bulk_load_too_deep(db):
    db.execute("update plan_settings set value = '4' where key = 'genealogy_max_depth'")
    people = chain(db, 5)                                        # levels 0..4
    error = fails_with(db, "MLVAL", "insert into distributors (user_id, distributor_number, sponsor_id)"
                       " values (%s, 'TOO-DEEP', %s)", [make_user(db), people[-1]])
    assert error.diag.column_name == "sponsor_id"
    assert "deepest level allowed is 4" in error.diag.message_primary
    u1, u2 = make_user(db), make_user(db)
    error = fails_with(db, "MLVAL", "insert into distributors (user_id, distributor_number, sponsor_id)"
                       " values (%s, 'D1', %s), (%s, 'D2', %s)", [u1, people[3], u2, u1])   # levels 4 and 5
    assert "would reach level 5" in error.diag.message_primary
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id)"
               " values (%s, 'D1', %s), (%s, 'D2', %s)", [u1, people[2], u2, u1])           # levels 3 and 4
    healthy(db)


def test_the_depth_guard_allows_exactly_the_maximum(db):
    db.execute("update plan_settings set value = '3' where key = 'genealogy_max_depth'")
    people = chain(db, 4)
    assert upline(db, people[-1])[-1][1] == 3
    u1, u2 = make_user(db), make_user(db)
    bulk_insert(db, [(u1, people[1], None), (u2, u1, None)])     # levels 2 and 3
    healthy(db)


# --- Moves ------------------------------------------------------------------------------

def test_a_move_rewrites_the_subtree_and_the_counts_on_both_sides(db):
    root = make_distributor(db)
    left = chain(db, 3, root)
    right = chain(db, 2, root)
    sub = make_distributor(db, left[1])          # left[1] has left[2] and sub below it
    db.execute("update distributors set sponsor_id = %s where user_id = %s", [right[1], left[1]])
    healthy(db)
    assert upline(db, left[2]) == [(left[1], 1), (right[1], 2), (right[0], 3), (root, 4)]
    assert upline(db, sub) == [(left[1], 1), (right[1], 2), (right[0], 3), (root, 4)]
    assert levels(db, left[0]) == {}
    assert levels(db, right[0]) == {1: (1, 1), 2: (1, 1), 3: (2, 2)}
    assert levels(db, root) == {1: (2, 2), 2: (1, 1), 3: (1, 1), 4: (2, 2)}


def test_a_move_within_its_own_upline_changes_depths_only(db):
    a, b, c, d = chain(db, 4)
    db.execute("update distributors set sponsor_id = %s where user_id = %s", [a, c])
    healthy(db)
    assert upline(db, d) == [(c, 1), (a, 2)]
    assert levels(db, a) == {1: (2, 2), 2: (1, 1)}


def test_nested_moves_in_one_statement(db):
    root = make_distributor(db)
    x = chain(db, 4, root)
    y = chain(db, 3, root)
    # x[1] (with x[2], x[3]) goes under y[2]; x[3], inside that subtree, goes under y[0].
    db.execute("update distributors set sponsor_id = case user_id when %s then %s::uuid else %s::uuid end"
               " where user_id in (%s, %s)", [x[1], y[2], y[0], x[1], x[3]])
    healthy(db)
    assert [p for p, _ in upline(db, x[2])] == [x[1], y[2], y[1], y[0], root]
    assert [p for p, _ in upline(db, x[3])] == [y[0], root]
    assert levels(db, x[0]) == {}


def test_moves_that_make_a_cycle_are_refused_and_change_nothing(db):
    a, b, c = chain(db, 3)
    x = make_distributor(db)
    before = db.execute("select * from genealogy_paths order by 1, 2, 3").fetchall()
    counts = db.execute("select * from private.genealogy_level_counts order by 1, 2").fetchall()
    error = fails_with(db, "MLCYC", "update distributors set sponsor_id = %s where user_id = %s", [c, a])
    assert "own downline" in error.diag.message_primary
    fails_with(db, "23514", "update distributors set sponsor_id = %s where user_id = %s", [b, b])
    # Two moves that are fine alone make a cycle together: a under x, x under c.
    fails_with(db, "MLCYC", "update distributors set sponsor_id = case user_id when %s then %s::uuid"
               " else %s::uuid end where user_id in (%s, %s)", [a, x, c, a, x])
    assert db.execute("select * from genealogy_paths order by 1, 2, 3").fetchall() == before
    assert db.execute("select * from private.genealogy_level_counts order by 1, 2").fetchall() == counts
    healthy(db)


def test_a_move_too_deep_is_refused(db):
    db.execute("update plan_settings set value = '5' where key = 'genealogy_max_depth'")
    a = chain(db, 4)            # levels 0..3
    b = chain(db, 3)            # levels 0..2
    error = fails_with(db, "MLVAL", "update distributors set sponsor_id = %s where user_id = %s", [a[-1], b[0]])
    assert error.diag.column_name == "sponsor_id"
    db.execute("update distributors set sponsor_id = %s where user_id = %s", [a[-2], b[0]])   # reaches 5
    healthy(db)


def test_placement_changes_keep_the_placement_tree(db):
    a, b, c = chain(db, 3)
    db.execute("update distributors set placement_id = %s where user_id = %s", [a, b])
    db.execute("update distributors set placement_id = %s where user_id = %s", [b, c])
    healthy(db)
    assert db.execute("select count(*) as n from genealogy_paths where path_type = 'placement'").fetchone()["n"] == 3
    db.execute("update distributors set placement_id = null where user_id = %s", [b])
    healthy(db)
    fails_with(db, "MLCYC", "update distributors set placement_id = %s where user_id = %s", [c, b])


def test_status_changes_move_people_between_active_and_not_on_every_upline_level(db):
    a, b, c = chain(db, 3)
    db.execute("update distributors set status = 'terminated' where user_id in (%s, %s)", [b, c])
    assert levels(db, a) == {1: (1, 0), 2: (1, 0)}
    db.execute("update distributors set status = 'on_hold' where user_id = %s", [c])
    db.execute("update distributors set status = 'active', sponsor_id = %s where user_id = %s", [a, c])
    assert levels(db, a) == {1: (2, 1)}
    healthy(db)


def test_a_user_id_change_is_refused(db):
    a = make_distributor(db)
    other = make_user(db)
    error = fails_with(db, "MLVAL", "update distributors set user_id = %s where user_id = %s", [other, a])
    assert error.diag.column_name == "user_id"


def test_an_update_that_changes_nothing_genealogical_is_cheap_and_harmless(db):
    a, b = chain(db, 2)
    db.execute("update distributors set rank_id = 'gold', notes = 'x'")
    healthy(db)


# --- Deletes ----------------------------------------------------------------------------

def test_a_leaf_is_deleted_with_its_paths_and_counts(db):
    a, b, c = chain(db, 3)
    db.execute("delete from distributors where user_id = %s", [c])
    assert levels(db, a) == {1: (1, 1)}
    assert db.execute("select count(*) as n from genealogy_paths where descendant_id = %s", [c]).fetchone()["n"] == 0
    healthy(db)
    # Deleting the user deletes its distributor row the same way.
    db.execute("delete from users where id = %s", [b])
    assert levels(db, a) == {}
    healthy(db)


@pytest.mark.parametrize("dependant", ["recruit", "order", "ledger"])
def test_a_distributor_others_depend_on_is_refused_with_mlref_and_terminated_instead(db, dependant):
    a = make_distributor(db)
    if dependant == "recruit":
        make_distributor(db, a)
    elif dependant == "order":
        make_order(db, a)
    else:
        make_commission_period(db, PERIOD)
        make_ledger_entry(db, a, PERIOD)
    error = fails_with(db, "MLREF", "delete from distributors where user_id = %s", [a])
    assert "Set its status to terminated instead" in error.diag.message_primary
    assert {"recruit": "recruit", "order": "orders", "ledger": "ledger"}[dependant] in error.diag.message_primary
    db.execute("update distributors set status = 'terminated' where user_id = %s", [a])
    healthy(db)


# --- Running volumes ----------------------------------------------------------------------

def pay(db, distributor: str, pv: str, at: str = "2031-05-10T10:00:00Z") -> str:
    """A paid order and its payment event (made here unless the order triggers made it)."""
    make_commission_period(db, at[:7])
    order = make_order(db, distributor, pv=pv, paid_at=at)
    db.execute("insert into volume_events (order_id, distributor_id, period_id, occurred_at, kind, pv,"
               " retail_base, order_paid_at) values (%s, %s, %s, %s, 'payment', %s, 0, %s)"
               " on conflict (order_id, kind) do nothing", [order, distributor, at[:7], at, pv, at])
    return order


def volumes(db, person: str, period: str = PERIOD):
    row = db.execute("select personal_pv, group_pv from private.genealogy_volumes"
                     " where period_id = %s and distributor_id = %s", [period, person]).fetchone()
    return (row["personal_pv"], row["group_pv"]) if row else (0, 0)


def event_pv(db, people: list[str], period: str = PERIOD):
    return db.execute("select coalesce(sum(pv), 0) as pv from volume_events where period_id = %s"
                      " and distributor_id = any (%s::uuid[])", [period, people]).fetchone()["pv"]


def test_volume_events_add_up_the_upline_and_move_with_the_subtree(db):
    db.execute("select set_config('app.now', %s, true)", [NOW])
    root = make_distributor(db)
    a = chain(db, 2, root)
    b = make_distributor(db, root)
    pay(db, a[1], "40.00")
    pay(db, a[0], "10.00")
    assert volumes(db, a[1]) == (event_pv(db, [a[1]]), event_pv(db, [a[1]]))
    assert volumes(db, root)[1] == event_pv(db, [root, *a, b])
    healthy(db)
    db.execute("update distributors set sponsor_id = %s where user_id = %s", [b, a[1]])
    assert volumes(db, a[0])[1] == event_pv(db, [a[0]])
    assert volumes(db, b)[1] == event_pv(db, [b, a[1]])
    healthy(db)


def test_refunds_and_deleted_events_take_volume_off(db):
    root = make_distributor(db)
    a = make_distributor(db, root)
    order = pay(db, a, "30.00")
    db.execute("delete from volume_events where order_id = %s", [order])
    assert volumes(db, root) == (0, 0)
    healthy(db)


def test_a_move_leaves_finalized_periods_alone(db):
    root = make_distributor(db)
    a, b = make_distributor(db, root), make_distributor(db, root)
    c = make_distributor(db, a)
    pay(db, c, "25.00", at="2031-03-10T10:00:00Z")
    pay(db, c, "15.00", at="2031-04-10T10:00:00Z")
    set_commission_period_status(db, "2031-03", "finalized")
    march_a = volumes(db, a, "2031-03")
    db.execute("update distributors set sponsor_id = %s where user_id = %s", [b, c])
    assert volumes(db, a, "2031-03") == march_a                   # finalized: frozen
    assert volumes(db, b, "2031-04")[1] == event_pv(db, [b, c], "2031-04")
    healthy(db)


# --- move_distributor() -------------------------------------------------------------------

def test_move_distributor_moves_the_subtree_and_writes_one_move_event(db):
    admin = make_user(db, "admin")
    root = make_distributor(db)
    a = chain(db, 3, root)
    b = make_distributor(db, root)
    as_user(db, admin, request_id="req-move")
    moved = db.execute("select move_distributor(%s, %s, %s) as n", [a[1], b, " Wrong sponsor at sign-up "]).fetchone()
    assert moved["n"] == 2
    as_superuser(db)
    healthy(db)
    events = db.execute("select actor_id::text, entity_id, row_count, before_data, after_data, request_id"
                        " from audit_logs where action = 'move'").fetchall()
    assert len(events) == 1
    event = events[0]
    assert (event["actor_id"], event["entity_id"], event["row_count"], event["request_id"]) == (
        admin, a[1], 2, "req-move")
    assert event["before_data"]["sponsor_id"] == a[0]
    assert event["after_data"]["sponsor_id"] == b
    assert event["after_data"]["reason"] == "Wrong sponsor at sign-up"
    assert event["after_data"]["people_moved"] == 2


@pytest.mark.parametrize("role", ["distributor", "manager", "support", "finance", "auditor"])
def test_only_an_admin_moves(db, role):
    root = make_distributor(db)
    a, b = make_distributor(db, root), make_distributor(db, root)
    who = make_distributor(db, root) if role == "distributor" else make_user(db, role)
    as_user(db, who)
    fails_with(db, "MLDNY", "select move_distributor(%s, %s, 'because')", [a, b])
    fails_with(db, "MLDNY", "select * from api.distributor_move_preview('x', 'y')")
    as_superuser(db)
    assert upline(db, a) == [(root, 1)]


def test_move_distributor_refusals(db):
    admin = make_user(db, "admin")
    a, b, c = chain(db, 3)
    as_user(db, admin)
    assert fails_with(db, "MLVAL", "select move_distributor(%s, %s, '  ')", [b, a]).diag.column_name == "reason"
    assert fails_with(db, "MLVAL", "select move_distributor(%s, %s, null)", [c, a]).diag.column_name == "reason"
    error = fails_with(db, "MLCYC", "select move_distributor(%s, %s, 'x')", [a, c])
    assert "own downline" in error.diag.message_primary
    fails_with(db, "MLCYC", "select move_distributor(%s, %s, 'x')", [a, a])
    assert fails_with(db, "MLVAL", "select move_distributor(%s, %s, 'x')", [c, b]).diag.column_name == "new_sponsor"
    assert fails_with(db, "MLVAL", "select move_distributor(%s, %s, 'x')",
                      [str(uuid.uuid4()), a]).diag.column_name == "distributor"
    assert fails_with(db, "MLVAL", "select move_distributor(%s, %s, 'x')",
                      [c, str(uuid.uuid4())]).diag.column_name == "new_sponsor"
    error = fails_with(db, "MLVAL", "select api.distributor_move(%s, %s, 'x', 5)", [c, a])
    assert error.diag.column_name == "expected"
    as_superuser(db)
    assert db.execute("select count(*) as n from audit_logs where action = 'move'").fetchone()["n"] == 0
    healthy(db)


def test_a_dba_at_the_console_may_move_but_not_an_app_user_without_identity(db):
    a, b, c = chain(db, 3)
    assert db.execute("select move_distributor(%s, %s, 'DBA fix') as n", [c, a]).fetchone()["n"] == 1
    as_user(db, None)
    fails_with(db, "MLDNY", "select move_distributor(%s, %s, 'x')", [c, b])


def test_the_move_preview_counts_who_moves_and_where_they_land(db):
    admin = make_user(db, "admin")
    root = make_distributor(db)
    a = chain(db, 3, root)
    b = make_distributor(db, root)
    numbers = {r["user_id"]: r["distributor_number"] for r in db.execute(
        "select user_id::text, distributor_number from distributors")}
    as_user(db, admin)
    p = db.execute("select * from api.distributor_move_preview(%s, %s)", [numbers[a[0]], numbers[b]]).fetchone()
    assert (p["people"], p["level"], p["new_level"], p["deepest_level"]) == (3, 1, 2, 4)
    assert str(p["sponsor_id"]) == root and str(p["new_sponsor_id"]) == b
    error = fails_with(db, "MLVAL", "select * from api.distributor_move_preview('NOPE', %s)", [numbers[b]])
    assert error.diag.column_name == "distributor_number"
    error = fails_with(db, "MLCYC", "select * from api.distributor_move_preview(%s, %s)",
                       [numbers[a[0]], numbers[a[2]]])
    assert error.diag.column_name == "new_sponsor_number"


def test_a_move_of_a_big_subtree_counts_for_open_periods(db):
    db.execute("select set_config('app.now', %s, true)", [NOW])
    root = make_distributor(db)
    a, b = make_distributor(db, root), make_distributor(db, root)
    users = [make_user(db) for _ in range(200)]
    bulk_insert(db, [(u, users[i // 3] if i else a, None) for i, u in enumerate(users)])
    pay(db, users[-1], "12.00")
    assert db.execute("select move_distributor(%s, %s, 'big move') as n", [users[0], b]).fetchone()["n"] == 200
    assert volumes(db, b)[1] == event_pv(db, [users[-1]])
    assert volumes(db, a)[1] == 0
    healthy(db)
