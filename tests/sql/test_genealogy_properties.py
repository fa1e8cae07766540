"""Property: whatever enrolments, bulk loads, moves (one or several per
statement), placement and status changes, volume events and deletes happen,
in whatever order, the closure table equals the transitive closure of
sponsor_id / placement_id (check_genealogy() is empty) and the level counts
and running volumes equal what the closure and the events say
(check_genealogy_counts() is empty). A change that would make a cycle is
refused with MLCYC and changes nothing; deleting someone others hang on is
refused with MLREF. A small Python model of the tree predicts which."""
from __future__ import annotations

import psycopg
import pytest
from factories import make_commission_period, make_order, make_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NOW = "2031-05-15T12:00:00Z"
PICK = st.integers(min_value=0, max_value=10_000)   # an index into whoever exists, modulo their number
STATUSES = ("active", "inactive", "on_hold", "terminated")

OPS = st.lists(st.one_of(
    st.tuples(st.just("enrol"), PICK, st.booleans()),
    st.tuples(st.just("bulk"), st.lists(st.tuples(st.booleans(), PICK), min_size=2, max_size=6), st.randoms()),
    st.tuples(st.just("move"), PICK, PICK),
    st.tuples(st.just("moves"), st.lists(st.tuples(PICK, PICK), min_size=2, max_size=3)),
    st.tuples(st.just("place"), PICK, st.one_of(st.none(), PICK)),
    st.tuples(st.just("status"), PICK, st.sampled_from(STATUSES)),
    st.tuples(st.just("volume"), PICK, st.integers(min_value=1, max_value=90)),
    st.tuples(st.just("delete"), PICK),
    st.tuples(st.just("move_distributor"), PICK, PICK),
), min_size=1, max_size=22)


class Model:
    def __init__(self):
        self.sponsor: dict[str, str | None] = {}
        self.placement: dict[str, str | None] = {}
        self.has_orders: set[str] = set()

    @property
    def people(self) -> list[str]:
        return list(self.sponsor)

    def pick(self, k: int) -> str:
        return self.people[k % len(self.people)]

    @staticmethod
    def has_cycle(parents: dict[str, str | None]) -> bool:
        for start in parents:
            seen, at = set(), start
            while at is not None:
                if at in seen:
                    return True
                seen.add(at)
                at = parents.get(at)
        return False


def snapshot(db) -> tuple:
    return (db.execute("select ancestor_id, descendant_id, depth, path_type"
                       " from genealogy_paths order by 1, 2, 4").fetchall(),
            db.execute("select * from private.genealogy_level_counts where members > 0 order by 1, 2").fetchall())


def attempt(db, sql: str, params) -> str | None:
    """None when it went through, else the SQLSTATE (rolled back to a savepoint)."""
    try:
        with db.transaction():
            db.execute(sql, params)
        return None
    except psycopg.Error as exc:
        return exc.sqlstate


def new_distributor_sql(rows: list[tuple[str, str | None]]) -> tuple[str, list]:
    return ("insert into distributors (user_id, distributor_number, sponsor_id)"
            " select u, 'P' || left(u::text, 13), s from unnest(%s::uuid[], %s::uuid[]) as t (u, s)",
            [[u for u, _ in rows], [s for _, s in rows]])


def apply(db, model: Model, op: tuple) -> None:
    kind = op[0]
    if kind == "enrol":
        _, k, at_top = op
        sponsor = None if (at_top or not model.people) else model.pick(k)
        user = make_user(db)
        assert attempt(db, *new_distributor_sql([(user, sponsor)])) is None
        model.sponsor[user], model.placement[user] = sponsor, None
        return
    if kind == "bulk":
        _, picks, rnd = op
        users = [make_user(db) for _ in picks]
        rows = []
        for user, (among_new, k) in zip(users, picks, strict=True):
            if among_new or not model.people:
                rows.append((user, users[k % len(users)]))
            else:
                rows.append((user, model.pick(k)))
        rnd.shuffle(rows)
        parents = {**model.sponsor, **dict(rows)}
        self_loop = any(u == s for u, s in rows)
        expected = "23514" if self_loop else ("MLCYC" if Model.has_cycle(parents) else None)
        before = snapshot(db)
        assert attempt(db, *new_distributor_sql(rows)) == expected
        if expected:
            assert snapshot(db) == before
        else:
            for u, s in rows:
                model.sponsor[u], model.placement[u] = s, None
        return
    if not model.people:
        return
    if kind in ("move", "moves", "move_distributor"):
        pairs = [(op[1], op[2])] if kind != "moves" else op[1]
        changes = {}
        for k, j in pairs:
            changes[model.pick(k)] = model.pick(j)
        after = {**model.sponsor, **changes}
        if any(who == to for who, to in changes.items()):
            expected = "23514" if kind != "move_distributor" else "MLCYC"
        else:
            expected = "MLCYC" if Model.has_cycle(after) else None
        if kind == "move_distributor":
            (who, to), = changes.items()
            if expected is None and model.sponsor[who] == to:
                expected = "MLVAL"            # already there
            sql, params = "select move_distributor(%s, %s, 'property test')", [who, to]
        else:
            sql = ("update distributors d set sponsor_id = c.s from unnest(%s::uuid[], %s::uuid[]) as c (u, s)"
                   " where d.user_id = c.u")
            params = [list(changes), list(changes.values())]
        before = snapshot(db)
        assert attempt(db, sql, params) == expected, (kind, changes)
        if expected:
            assert snapshot(db) == before
        else:
            model.sponsor.update(changes)
        return
    if kind == "place":
        who = model.pick(op[1])
        to = None if op[2] is None else model.pick(op[2])
        after = {**model.placement, who: to}
        expected = "23514" if who == to else ("MLCYC" if Model.has_cycle(after) else None)
        before = snapshot(db)
        assert attempt(db, "update distributors set placement_id = %s where user_id = %s", [to, who]) == expected
        if expected:
            assert snapshot(db) == before
        else:
            model.placement[who] = to
        return
    if kind == "status":
        assert attempt(db, "update distributors set status = %s where user_id = %s", [op[2], model.pick(op[1])]) is None
        return
    if kind == "volume":
        who = model.pick(op[1])
        order = make_order(db, who, pv=f"{op[2]}.00", paid_at="2031-05-10T10:00:00Z")
        db.execute("insert into volume_events (order_id, distributor_id, period_id, occurred_at, kind, pv,"
                   " retail_base, order_paid_at) values (%s, %s, '2031-05', '2031-05-10T10:00:00Z', 'payment',"
                   " %s, 0, '2031-05-10T10:00:00Z') on conflict (order_id, kind) do nothing", [order, who, op[2]])
        model.has_orders.add(who)
        return
    if kind == "delete":
        who = model.pick(op[1])
        hangs = (who in model.has_orders or who in model.sponsor.values() or who in model.placement.values())
        assert attempt(db, "delete from distributors where user_id = %s", [who]) == ("MLREF" if hangs else None)
        if not hangs:
            del model.sponsor[who], model.placement[who]
        return
    raise AssertionError(kind)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=OPS)
def test_the_tree_stays_exact_whatever_happens(db, ops):
    with db.transaction(force_rollback=True):
        db.execute("select set_config('app.now', %s, true)", [NOW])
        make_commission_period(db, "2031-05")
        model = Model()
        for op in ops:
            apply(db, model, op)
        assert db.execute("select * from check_genealogy()").fetchall() == []
        assert db.execute("select * from check_genealogy_counts()").fetchall() == []
        assert db.execute("select count(*) as n from distributors"
                          " where distributor_number like 'P%%'").fetchone()["n"] == len(model.people)


@pytest.mark.parametrize("length", [1, 2, 30])
def test_a_cycle_through_a_long_chain_is_refused_and_changes_nothing(db, length):
    people = []
    for _ in range(length + 1):
        user = make_user(db)
        db.execute(*new_distributor_sql([(user, people[-1] if people else None)]))
        people.append(user)
    before = snapshot(db)
    assert attempt(db, "update distributors set sponsor_id = %s where user_id = %s", [people[-1], people[0]]) == "MLCYC"
    assert attempt(db, "select move_distributor(%s, %s, 'x')", [people[0], people[-1]]) == "MLCYC"
    assert snapshot(db) == before
