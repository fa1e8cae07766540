"""The pages' hot calls read what they show, not the downline or the orders table.

Not a benchmark: a small generated organisation (3,000 distributors, orders in
January and February 2025, January closed, the clock pinned to 15 February), and
for its top distributor (the biggest downline) each call the distributor home,
the orders list, the statement and the genealogy page make, run exactly as the
app runs it (the identity statement, then the call) under EXPLAIN (ANALYZE,
BUFFERS, FORMAT JSON). auto_explain hands back the plan of every statement run
inside the functions too (log_nested_statements, as notices), and the test fails
when any of them

- scans one of the big tables sequentially (orders, distributors, users,
  volume_events, genealogy_paths, the ledger, ...; a branch of the plan that
  never ran, such as another caller's, does not count), or
- reads more rows from a scan of one of them (rows returned plus rows removed
  by a filter, over all loops) than ROWS_FIXED + ROWS_PER_ROW per row the call
  returns, or
- touches more shared buffers in all than BUFFERS_FIXED + BUFFERS_PER_ROW per
  row returned.

The top of a 3,000 tree has a downline of about 3,000 and there are about
12,000 orders, so a plan that reads the downline's volume events, every order
the caller's policy filters, or every distributor to pick one, is over these
bounds by an order of magnitude, while a key lookup or a page of an index is
well within them.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from dbtools import as_user
from psycopg.conninfo import make_conninfo

from webapp.tools import generate

NOW = "2025-02-15T12:00:00Z"
BIG_TABLES = {"orders", "order_items", "customers", "distributors", "users", "volume_events", "genealogy_paths",
              "commission_ledger", "period_volumes", "period_estimates", "genealogy_volumes",
              "genealogy_level_counts", "contacts"}
ROWS_FIXED, ROWS_PER_ROW = 300, 30
BUFFERS_FIXED, BUFFERS_PER_ROW = 400, 30


@pytest.fixture(scope="module")
def org(clone_db, server_dsn) -> Iterator[dict]:
    dsn = make_conninfo(server_dsn, dbname=clone_db("plans"))
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"set app.now = '{NOW}'")
        generate.generate(conn, 3000, months=2, seed=11, orders_per_month=2.0, contacts=False)
        conn.execute("select close_period('2025-01')")
        conn.execute("select api.estimates_refresh()")
        conn.execute("vacuum analyze")
        top = conn.execute(
            "select lc.ancestor_id from private.genealogy_level_counts lc"
            " join public.users u on u.id = lc.ancestor_id and u.status = 'active'"
            " group by lc.ancestor_id order by sum(lc.members) desc limit 1").fetchone()[0]
        downline = conn.execute("select sum(members) from private.genealogy_level_counts where ancestor_id = %s",
                                [top]).fetchone()[0]
        deep = conn.execute("select descendant_id from genealogy_paths where ancestor_id = %s"
                            " and path_type = 'sponsor' and depth = 2 order by descendant_id limit 1",
                            [top]).fetchone()[0]
        ledger = conn.execute("select count(*) from commission_ledger where distributor_id = %s"
                              " and period_id = '2025-01'", [top]).fetchone()[0]
    assert downline > 2000 and ledger > 0
    yield {"dsn": dsn, "top": str(top), "deep": str(deep)}


CALLS = {
    "home_volume": ("select * from api.home_volume()", []),
    "home_recent_orders": ("select * from api.home_recent_orders(p_limit => 5)", []),
    "order_search": ("select * from api.order_search(p_query => '', p_status => null, p_customer_id => null,"
                     " p_limit => 50, p_offset => 0)", []),
    "order_search_text": ("select * from api.order_search(p_query => 'an', p_status => null,"
                          " p_customer_id => null, p_limit => 50, p_offset => 0)", []),
    "order_search_status": ("select * from api.order_search(p_query => '', p_status => 'pending',"
                            " p_customer_id => null, p_limit => 50, p_offset => 0)", []),
    "statement_lines": ("select * from api.statement_lines(p_period_id => '2025-01', p_distributor_id => null)",
                        []),
    "distributor_people": ("select * from api.distributor_people(array[%(deep)s]::uuid[])", ["deep"]),
    "genealogy_frontline": ("select * from api.genealogy_frontline(p_parent => null, p_after => null,"
                            " p_limit => 50)", []),
}


def _nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _explain(org: dict, query: str, params: dict) -> tuple[dict, list[dict]]:
    """The call's own plan and those of the statements it ran inside."""
    inner: list[dict] = []
    with psycopg.connect(org["dsn"]) as conn:
        conn.add_notice_handler(
            lambda d: inner.append(json.loads(d.message_primary.split("plan:", 1)[1]))
            if d.message_primary and "plan:" in d.message_primary else None)
        with conn.transaction(force_rollback=True):       # warm the caches: planning reads the catalog
            conn.execute("select set_config('app.now', %s, true)", [NOW])
            as_user(conn, org["top"])
            conn.execute(query, params).fetchall()
        with conn.transaction(force_rollback=True):
            conn.execute("select set_config('app.now', %s, true)", [NOW])
            conn.execute("load 'auto_explain'")
            for name, value in (("log_min_duration", "0"), ("log_analyze", "on"), ("log_buffers", "on"),
                                ("log_nested_statements", "on"), ("log_format", "json"),
                                ("log_level", "notice"), ("log_timing", "off")):
                conn.execute(f"set local auto_explain.{name} = '{value}'")
            as_user(conn, org["top"])
            outer = conn.execute("explain (analyze, buffers, format json) " + query, params).fetchone()[0][0]
    return outer, [p["Plan"] for p in inner if "Plan" in p]


@pytest.mark.parametrize("call", CALLS)
def test_a_hot_call_reads_what_it_shows(org, call):
    query, keys = CALLS[call]
    outer, inner = _explain(org, query, {k: org[k] for k in keys})
    returned = outer["Plan"]["Actual Rows"]
    row_bound = ROWS_FIXED + ROWS_PER_ROW * returned
    problems = []
    for plan in [outer["Plan"], *inner]:
        for node in _nodes(plan):
            table = node.get("Relation Name")
            if table not in BIG_TABLES or not node.get("Actual Loops", 1):
                continue                # never executed (a branch for another caller) reads nothing
            read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                    + node.get("Rows Removed by Index Recheck", 0)) * node.get("Actual Loops", 1)
            if node["Node Type"] == "Seq Scan":
                problems.append(f"sequential scan of {table} ({read} rows)")
            elif read > row_bound:
                problems.append(f"{node['Node Type']} of {table} read {read} rows (bound {row_bound})")
    buffers = outer["Plan"].get("Shared Hit Blocks", 0) + outer["Plan"].get("Shared Read Blocks", 0)
    buffer_bound = BUFFERS_FIXED + BUFFERS_PER_ROW * returned
    if buffers > buffer_bound:
        problems.append(f"{buffers} shared buffers (bound {buffer_bound})")
    assert not problems, f"{call} returned {returned} rows but: " + "; ".join(problems) + "\n" + json.dumps(
        inner, indent=1)
