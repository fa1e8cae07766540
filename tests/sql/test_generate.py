"""The organisation generator (webapp/tools/generate.py, `mlmcrm generate`): a healthy
tree of the asked size with deep chains, the same for the same seed, orders
that keep the orders contract, and a refusal to write into a database that
already has distributors."""
from __future__ import annotations

import random
from datetime import UTC, datetime

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.conninfo import make_conninfo

from webapp import cli
from webapp.platform.errors import SetupError
from webapp.platform.passwords import hash_password, verify_password
from webapp.tools import generate


def one(conn, query, params=None):
    return conn.execute(query, params).fetchone()[0]


def test_the_tree_grows_deep_chains_and_stays_a_tree():
    sponsors, depth = generate.org_tree(random.Random(3), 200_000)
    assert sponsors[0] == -1 and all(0 <= s < i for i, s in enumerate(sponsors) if i)
    assert all(depth[i] == depth[sponsors[i]] + 1 for i in range(1, len(sponsors)))
    mean = sum(depth) / len(depth)
    assert 8 < mean < 30
    assert max(depth) >= 100                       # a burst: a chain of 100-400
    recruits = [0] * len(sponsors)
    for s in sponsors[1:]:
        recruits[s] += 1
    assert sum(1 for r in recruits if r == 0) > len(sponsors) * 0.3     # many leaves
    assert max(recruits) > 20                                           # and some big recruiters


def test_generate_writes_a_healthy_organisation_with_orders(fresh_db):
    steps = []
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        result = generate.generate(conn, 400, months=2, seed=5, progress=lambda *a: steps.append(a))
        assert one(conn, "select count(*) from distributors") == 400
        assert one(conn, "select count(*) from users where role = 'distributor'") == 400
        assert one(conn, "select count(*) from check_genealogy()") == 0
        assert one(conn, "select count(*) from check_genealogy_counts()") == 0
        assert one(conn, "select count(*) from genealogy_paths where path_type = 'sponsor'") == \
            result.counts["closure rows"]
        assert one(conn, "select count(*) from distributors where sponsor_id is null") == 1
        assert one(conn, "select count(*) from distributors d join distributors s on s.user_id = d.sponsor_id"
                         " where d.join_date < s.join_date") == 0
        orders = one(conn, "select count(*) from orders")
        assert orders == result.counts["orders"] > 400
        assert one(conn, "select count(*) from orders o where not exists"
                         " (select from order_items i where i.order_id = o.id)") == 0
        assert one(conn, "select count(*) from commission_periods") == 2
        assert one(conn, "select count(*) from contacts") == result.counts.get("contacts", 0)
        # Without a password nobody can sign in as them.
        assert one(conn, "select count(*) from private.user_credentials c"
                         " join distributors d on d.user_id = c.user_id") == 0
        # One audit event per COPY, not one per row.
        assert one(conn, "select max(row_count) from audit_logs where entity_type = 'distributors'") == 400
        assert one(conn, "select count(*) from audit_logs where entity_type = 'distributors'") == 1
    assert {s[0] for s in steps} >= {"users", "distributors", "customers"}
    assert "400 distributors" in result.text()


def test_the_same_seed_gives_the_same_organisation(clone_db, server_dsn):
    trees = []
    for seed in (11, 11, 12):
        dsn = make_conninfo(server_dsn, dbname=clone_db("gen"))
        with psycopg.connect(dsn, autocommit=True) as conn:
            generate.generate(conn, 150, months=0, seed=seed, contacts=False)
            trees.append(conn.execute("select d.distributor_number, s.distributor_number, u.email::text"
                                      "  from distributors d join users u on u.id = d.user_id"
                                      "  left join distributors s on s.user_id = d.sponsor_id order by 1").fetchall())
    assert trees[0] == trees[1] != trees[2]


def test_generate_refuses_a_database_with_distributors(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        generate.generate(conn, 5, months=0, seed=1, contacts=False)
        with pytest.raises(SetupError, match="already has 5 distributors"):
            generate.generate(conn, 5, months=0, seed=1)
        assert one(conn, "select count(*) from distributors") == 5


def test_the_cli_generates_with_a_progress_bar(fresh_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    result = CliRunner().invoke(cli.main, ["generate", "--distributors", "60", "--months", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "60 distributors" in result.output and "Seconds per step" in result.output
    result = CliRunner().invoke(cli.main, ["generate", "--distributors", "0"])
    assert result.exit_code == 2 and "--distributors" in result.output
    result = CliRunner().invoke(cli.main, ["generate", "--distributors", "5"])
    assert result.exit_code == 1 and "already has 60 distributors" in result.output


def test_the_step_bar_takes_steps_that_know_no_total(capsys):
    # At 100,000 distributors the contacts step reported 10,000 done of 0 (not
    # known yet) and click.progressbar(length=None) raised a TypeError.
    bar = cli._StepBar()
    bar("contacts", 10_000, 0)
    bar("contacts", 20_000, 0)
    bar("contacts", 23_456, 23_456)
    bar("nothing", 0, 0)                       # a step with no rows at all
    bar("orders", 5, 10)
    bar("orders", 10, 10)
    bar.close()
    err = capsys.readouterr().err
    assert "contacts" in err and "nothing" in err and "orders" in err


def test_every_step_reports_its_total(fresh_db, monkeypatch):
    monkeypatch.setattr(generate, "STEP", 7)   # a progress call every 7 rows, as at scale every 10,000
    steps = []
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        result = generate.generate(conn, 120, months=1, seed=4, progress=lambda *a: steps.append(a))
    totals = {}
    for step, done, total in steps:
        assert total > 0 and done <= total, (step, done, total)
        totals.setdefault(step, set()).add(total)
    assert totals["contacts"] == {result.counts["contacts"]}
    assert totals["customers"] == {result.counts["customers"]}


def test_the_cli_generates_a_step_with_no_rows(fresh_db, monkeypatch):
    # One distributor, and (for this seed) no contacts: the contacts step ends at 0 of 0.
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    result = CliRunner().invoke(cli.main, ["generate", "--distributors", "1", "--months", "0", "--seed", "42"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "1 distributors" in result.output
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert one(conn, "select count(*) from contacts") == 0


def test_this_months_orders_come_at_a_full_months_daily_rate(fresh_db):
    now = datetime(2025, 4, 10, 12, tzinfo=UTC)     # 9.5 days into April; March is a full month
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("select set_config('app.now', %s, false)", [now.isoformat()])
        generate.generate(conn, 1500, months=3, seed=8)
        march, april = (one(conn, "select count(*) from orders where created_at >= %s and created_at < %s",
                            [start, end])
                        for start, end in ((datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)),
                                           (datetime(2025, 4, 1, tzinfo=UTC), now)))
        assert march > 1000
        ratio = (april / 9.5) / (march / 31)
        assert 0.85 < ratio < 1.15, (march, april)
        assert one(conn, "select count(*) from orders where created_at < '2025-02-01'") == 0
        assert one(conn, "select count(*) from orders where greatest(created_at, updated_at, paid_at, shipped_at,"
                         " delivered_at, refunded_at, cancelled_at) > %s", [now]) == 0
        assert one(conn, "select count(*) from order_items where created_at > %s", [now]) == 0


def test_generate_vacuums_and_analyzes_what_it_wrote(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        result = generate.generate(conn, 200, months=1, seed=6)
        assert "vacuum" in result.seconds
        for table in ("orders", "volume_events", "genealogy_paths", "audit_logs"):
            rows = one(conn, f"select count(*) from {table}")
            assert rows > 0, table
            vacuumed, analyzed, estimate = conn.execute(
                "select s.last_vacuum, s.last_analyze, c.reltuples from pg_stat_user_tables s"
                "  join pg_class c on c.oid = s.relid where s.relid = %s::regclass", [table]).fetchone()
            assert vacuumed and analyzed, table
            assert estimate == rows, table


def test_generate_in_a_transaction_of_its_callers_analyzes(fresh_db):
    with psycopg.connect(fresh_db) as conn:         # not autocommit: VACUUM cannot run there
        result = generate.generate(conn, 50, months=1, seed=6)
        conn.commit()
        assert "analyze" in result.seconds and "vacuum" not in result.seconds
        assert one(conn, "select reltuples from pg_class where oid = 'volume_events'::regclass") == \
            one(conn, "select count(*) from volume_events")


def test_one_password_for_everyone_hashed_once(fresh_db, monkeypatch):
    calls = []

    def counted(password):
        calls.append(password)
        return hash_password(password)

    monkeypatch.setattr(generate, "hash_password", counted)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        generate.generate(conn, 40, months=0, seed=2, contacts=False, password="bench-Pass-2026")
        hashes = conn.execute("select c.password_hash from private.user_credentials c"
                              "  join distributors d on d.user_id = c.user_id").fetchall()
    assert calls == ["bench-Pass-2026"]
    assert len(hashes) == 40 and len(set(hashes)) == 1
    assert verify_password(hashes[0][0], "bench-Pass-2026")
    assert not verify_password(hashes[0][0], "bench-Pass-2027")


def test_the_cli_sets_a_password_or_none(fresh_db, clone_db, server_dsn, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    result = CliRunner().invoke(cli.main, ["generate", "--distributors", "12", "--months", "0",
                                           "--password", "demo-Pass-77"])
    assert result.exit_code == 0, (result.output, result.exception)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        stored = conn.execute("select c.password_hash from private.user_credentials c"
                              " join users u on u.id = c.user_id where u.email like '%%@example.com'").fetchall()
    assert len(stored) == 12 and all(verify_password(h, "demo-Pass-77") for (h,) in stored[:2])

    without = make_conninfo(server_dsn, dbname=clone_db("nopw"))
    monkeypatch.setenv("DATABASE_URL", without)
    assert CliRunner().invoke(cli.main, ["generate", "--distributors", "12", "--months", "0"]).exit_code == 0
    with psycopg.connect(without, autocommit=True) as conn:
        assert one(conn, "select count(*) from private.user_credentials c"
                         " join distributors d on d.user_id = c.user_id") == 0
