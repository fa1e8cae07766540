"""The organisation generator (webapp/tools/generate.py, `mlmcrm generate`): a healthy
tree of the asked size with deep chains, the same for the same seed, orders
that keep the orders contract, and a refusal to write into a database that
already has distributors."""
from __future__ import annotations

import random

import psycopg
import pytest
from click.testing import CliRunner

from webapp import cli
from webapp.platform.errors import SetupError
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
        # One audit event per COPY, not one per row.
        assert one(conn, "select max(row_count) from audit_logs where entity_type = 'distributors'") == 400
        assert one(conn, "select count(*) from audit_logs where entity_type = 'distributors'") == 1
    assert {s[0] for s in steps} >= {"users", "distributors", "customers"}
    assert "400 distributors" in result.text()


def test_the_same_seed_gives_the_same_organisation(clone_db, server_dsn):
    from psycopg.conninfo import make_conninfo
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
