"""`mlmcrm generate`: a real-looking organisation of any size, for benchmarks
and for trying the product at scale.

`generate(conn, distributors=N, months=M, seed=S)` fills an empty database
and returns a `Generated` summary (counts, seconds per step, tree shape).
From Python it is the one call the benchmarks make; `mlmcrm generate` wraps
it with a progress bar. Everything comes from `random.Random(seed)` and the
database clock (`public.app_now()` is "now"), so a seed always gives the
same organisation.

What it writes, one COPY per table and month (so the set-based triggers --
genealogy closure and counts, audit, volume events -- run once per
statement, not per row), in one transaction:

- N distributors with users rows, joined over the last three years (more of
  them recently), sponsors before recruits. The sponsor tree grows by
  preferential attachment (people who recruit keep recruiting), with about
  two joins in five coming from someone who joined just before (teams that
  recruit in streaks, which makes long legs), and now and then a burst of
  100-400 people each sponsored by the one before: the deep chains real
  organisations have. At a million people: mean depth ~16, deepest ~400,
  ~16 million sponsor closure rows, a root with ~110 recruits, half leaves.
- with `password`: the same password for every one of them (one Argon2
  hash, computed once), so benchmarks and demos can sign in as them;
  without it nobody can;
- with `contacts`: CRM contacts for about one active distributor in ten;
- with `months` > 0: the commission periods of those months (open), an
  own-account customer for each distributor who is not terminated plus 0-2
  retail customers, and `orders_per_month` orders per active distributor a
  month (fewer for inactive ones) with their items, in every payment state
  the orders contract allows, month by month up to now. The rate is a daily
  one: the current month gets the share of a month's orders for the days
  that have passed, spread over them (none after now), and someone who
  joined in a month the share for the time since.

Then, on an autocommit connection, `VACUUM (ANALYZE)` of every table the
transaction wrote (triggers' tables too: closure, audit, volume events), so
the first queries are planned on real counts; elsewhere ANALYZE before the
commit.

The product catalogue, names, addresses and order outcomes are the demo's
(`webapp.demo_data`): one set of builders for both.
"""
from __future__ import annotations

import json
import random
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import psycopg
from psycopg import sql

from webapp.platform.db import SYSTEM_USER_ID
from webapp.platform.errors import SetupError
from webapp.platform.passwords import hash_password
from webapp.tools import demo_data as demo

Progress = Callable[[str, int, int], None]
"""progress(step, done, total): called as each step advances (every few
thousand rows) and once more when it ends (done == total)."""

YEARS = 3                 # the first distributor joined this long ago
RECENT_SHARE = 0.4        # joins that come from someone who joined just before
RECENT_WINDOW = 10        # ... among the last this many
BURST_ODDS = 1 / 50_000   # a join that starts a chain of 100-400 people
STATUS_ODDS = (("active", 84), ("inactive", 9), ("on_hold", 4), ("terminated", 3))
USER_STATUS = {"active": "active", "inactive": "inactive", "on_hold": "suspended", "terminated": "inactive"}
ACTIVITY = {"active": 1.0, "inactive": 0.2, "on_hold": 0.35, "terminated": 0.0}
STEP = 10_000             # rows between progress calls

# Columns written per table, in COPY order (the demo's catalogue tables use demo_data.COLUMNS).
COLUMNS = {
    "public.users": ("id", "email", "phone", "first_name", "last_name", "role", "status", "email_verified",
                     "locale", "timezone", "created_at", "updated_at"),
    "public.distributors": ("user_id", "distributor_number", "sponsor_id", "join_date", "status",
                            "auto_ship_active", "created_at", "updated_at"),
    "public.contacts": ("id", "owner_id", "first_name", "last_name", "email", "phone", "source", "status",
                        "stage", "notes", "lead_score", "lost_reason", "created_at", "updated_at"),
    "public.customers": ("id", "customer_number", "distributor_id", "email", "phone", "first_name", "last_name",
                         "billing_address", "shipping_addresses", "marketing_opt_in", "status", "notes",
                         "created_at", "updated_at"),
    "public.orders": ("id", "order_number", "customer_id", "distributor_id", "order_type", "status", "subtotal",
                      "tax_amount", "shipping_amount", "total", "total_pv", "items_subtotal", "payment_status",
                      "payment_method", "payment_reference", "shipping_address", "billing_address", "shipping_method",
                      "tracking_number", "paid_at", "refunded_at", "refund_reason", "cancelled_at", "shipped_at",
                      "delivered_at", "created_at", "updated_at"),
    "public.order_items": ("order_id", "product_id", "quantity", "unit_price", "total_price", "pv", "created_at"),
    "private.user_credentials": ("user_id", "password_hash", "password_changed_at", "updated_at"),
}


@dataclass
class Generated:
    """What `generate` wrote and how long each step took (seconds)."""
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    mean_depth: float = 0.0
    max_depth: int = 0
    root_recruits: int = 0
    periods: list[str] = field(default_factory=list)

    def text(self) -> str:
        c = self.counts
        parts = [f"{c.get('distributors', 0):,} distributors (mean depth {self.mean_depth:.1f},"
                 f" deepest {self.max_depth:,}, {self.root_recruits:,} recruits under the root,"
                 f" {c.get('closure rows', 0):,} closure rows)"]
        for key in ("contacts", "customers", "orders", "order items"):
            if c.get(key):
                parts.append(f"{c[key]:,} {key}")
        if self.periods:
            parts.append(f"{len(self.periods)} open periods ({self.periods[0]} to {self.periods[-1]})")
        total = sum(self.seconds.values())
        return f"Generated (seed {self.seed}) in {total:.1f} s: " + ", ".join(parts) + "."


class _Person(NamedTuple):
    index: int           # join order: sponsors come first
    joined: datetime


def generate(conn: psycopg.Connection, distributors: int, months: int = 0, seed: int = 42, *,
             orders_per_month: float = 2.0, contacts: bool = True, password: str | None = None,
             progress: Progress | None = None) -> Generated:
    """Fill an empty database with an organisation of `distributors` people.

    With `password`, every generated user can sign in with it (one Argon2
    hash, computed once and stored for all); without it nobody can. On an
    autocommit connection (the CLI's) the tables written are vacuumed and
    analyzed after the commit; otherwise only analyzed, inside the transaction.
    """
    if distributors < 1:
        raise SetupError("Generate at least 1 distributor (--distributors 1 or more).")
    if months < 0 or orders_per_month < 0:
        raise SetupError("--months and orders per month cannot be negative.")
    if password == "":
        raise SetupError("--password cannot be empty (leave it out for users nobody can sign in as).")
    progress = progress or (lambda step, done, total: None)
    result = Generated(seed=seed)
    rng = random.Random(seed)
    # One hash for everyone: Argon2 costs tens of milliseconds, a million of them hours.
    password_hash = hash_password(password) if password is not None else None
    with conn.transaction():
        conn.execute("select set_config('app.user_id', %s, true), set_config('app.request_id', %s, true)",
                     [SYSTEM_USER_ID, f"generate-{seed}"])
        taken = conn.execute("select count(*) from public.distributors").fetchone()[0]
        if taken:
            raise SetupError(f"Nothing was generated: the database already has {taken:,} distributors. "
                             "Generate into an empty database.")
        now = conn.execute("select public.app_now()").fetchone()[0].astimezone(UTC)
        _compress_wal(conn)

        started = time.perf_counter()
        sponsors, depth = org_tree(rng, distributors)
        joined = _join_times(rng, now, distributors)
        statuses = _statuses(rng, now, joined)
        ids = [demo._uuid_from(rng) for _ in range(distributors)]
        result.seconds["tree"] = time.perf_counter() - started
        result.mean_depth = sum(depth) / distributors
        result.max_depth = max(depth)
        result.root_recruits = sum(1 for s in sponsors if s == 0)

        with conn.cursor() as cur:
            _timed(result, "users", lambda: _copy(cur, "public.users", _users(rng, ids, joined, statuses),
                                                  distributors, progress))
            _timed(result, "distributors", lambda: _copy(
                cur, "public.distributors", _distributors(ids, sponsors, joined, statuses),
                distributors, progress))
            result.counts["distributors"] = distributors
            result.counts["closure rows"] = sum(depth)
            if password_hash is not None:
                _timed(result, "credentials", lambda: _copy(
                    cur, "private.user_credentials", ((uid, password_hash, now, now) for uid in ids),
                    distributors, progress))
            if contacts:
                owners = _contact_owners(rng, statuses)
                result.counts["contacts"] = sum(k for _, k in owners)
                _timed(result, "contacts", lambda: _copy(
                    cur, "public.contacts", _contacts(rng, now, ids, joined, owners),
                    result.counts["contacts"], progress))
            if months:
                _timed(result, "orders", lambda: _orders(conn, cur, rng, now, months, orders_per_month,
                                                         ids, joined, statuses, result, progress))
        # Every table this transaction wrote, the triggers' too (closure, audit,
        # volume events), but not their temporary tables (gone at the commit).
        written = sql.SQL(", ").join(sql.Identifier(schema, name) for schema, name in conn.execute(
            "select s.schemaname, s.relname from pg_catalog.pg_stat_xact_user_tables s"
            "  join pg_catalog.pg_class c on c.oid = s.relid"
            " where s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0 and c.relpersistence = 'p'"
            " order by 1, 2").fetchall())
        if not conn.autocommit:
            # VACUUM cannot run in a transaction block: fresh statistics at least.
            _timed(result, "analyze", lambda: conn.execute(sql.SQL("analyze {}").format(written)))
    if conn.autocommit:
        # Freshly loaded tables: the planner's statistics (without them a
        # period's volume events were estimated at hundreds for 146,000) and
        # the visibility map (index-only scans), before anyone reads them.
        _timed(result, "vacuum", lambda: conn.execute(sql.SQL("vacuum (analyze) {}").format(written)))
    return result


def _compress_wal(conn: psycopg.Connection) -> None:
    """Compress full-page images in the WAL of this load (about a third less WAL
    for the closure rows of a big tree, measured). A superuser's setting, for
    this transaction only; anyone else loads without it."""
    try:
        with conn.transaction():
            conn.execute("select set_config('wal_compression', 'on', true)")
    except psycopg.errors.InsufficientPrivilege:
        pass


def _timed(result: Generated, step: str, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    result.seconds[step] = result.seconds.get(step, 0.0) + time.perf_counter() - started


# --- The tree -------------------------------------------------------------------------------

def org_tree(rng: random.Random, n: int) -> tuple[array, array]:
    """(sponsor index, depth) per person in join order; the root's sponsor is -1.

    Each newcomer is sponsored, with odds RECENT_SHARE, by one of the last
    RECENT_WINDOW people to join; otherwise by preferential attachment, from
    an urn holding one ticket per person and one more per recruit. Now and
    then (BURST_ODDS) a burst of 100-400 people each sponsored by the one
    before starts: a deep chain.
    """
    sponsors = array("l", [-1])
    depth = array("l", [0])
    urn = array("l", [0, 0])
    rand, randrange = rng.random, rng.randrange
    burst = 0
    for i in range(1, n):
        if burst:
            s = i - 1
            burst -= 1
        elif i > RECENT_WINDOW and rand() < RECENT_SHARE:
            s = i - 1 - randrange(RECENT_WINDOW)
        else:
            s = urn[randrange(len(urn))]
        if not burst and rand() < BURST_ODDS:
            burst = randrange(100, 400)
        sponsors.append(s)
        depth.append(depth[s] + 1)
        urn.append(s)
        urn.append(i)
    return sponsors, depth


def _join_times(rng: random.Random, now: datetime, n: int) -> list[datetime]:
    """Sorted join times over the last YEARS years, more of them recently; the last an hour ago."""
    first = demo._midnight(now - timedelta(days=365 * YEARS)) + timedelta(hours=15)
    span = (now - timedelta(hours=1) - first).total_seconds()
    offsets = sorted(span * (rng.random() ** 0.6) for _ in range(n - 1))
    return [first] + [first + timedelta(seconds=int(o)) for o in offsets]


def _statuses(rng: random.Random, now: datetime, joined: list[datetime]) -> list[str]:
    names = [s for s, _ in STATUS_ODDS]
    weights = [w for _, w in STATUS_ODDS]
    month_ago = now - timedelta(days=30)
    out = ["active"] * len(joined)
    picks = rng.choices(names, weights, k=len(joined))
    for i, at in enumerate(joined):
        if i and at < month_ago:
            out[i] = picks[i]
    return out


# --- Rows -----------------------------------------------------------------------------------

def _users(rng, ids, joined, statuses) -> Iterator[tuple]:
    for i, user_id in enumerate(ids):
        p = demo._person(rng)
        yield (user_id, demo._email(p, i + 1, "example.com"), demo._phone(rng, p.city), p.first, p.last,
               "distributor", USER_STATUS[statuses[i]], True, "en-US" if p.city[3] == "US" else "en-CA",
               "UTC", joined[i], joined[i])


def _distributors(ids, sponsors, joined, statuses) -> Iterator[tuple]:
    for i, user_id in enumerate(ids):
        yield (user_id, f"D{i + 1:07d}", ids[sponsors[i]] if sponsors[i] >= 0 else None,
               joined[i].date(), statuses[i], False, joined[i], joined[i])


def _contact_owners(rng, statuses) -> list[tuple[int, int]]:
    """(distributor index, how many contacts): 2-6 for about one active
    distributor in ten. Drawn before the rows, so the contacts step knows its
    total (the progress bar's length)."""
    return [(i, rng.randint(2, 6)) for i, status in enumerate(statuses)
            if status == "active" and rng.random() < 0.1]


def _contacts(rng, now, ids, joined, owners) -> Iterator[tuple]:
    count = 0
    stages = {"new": "new", "contacted": "contacted", "qualified": "follow_up", "lost": "closed_lost"}
    for i, k in owners:
        owner = ids[i]
        for _ in range(k):
            count += 1
            p = demo._person(rng)
            created = demo._between(rng, max(joined[i], now - timedelta(days=120)), now)
            status = rng.choice(tuple(stages))
            yield (demo._uuid_from(rng), owner, p.first, p.last, demo._email(p, count, "example.org"),
                   demo._phone(rng, p.city), "referral", status, stages[status], rng.choice(demo.CONTACT_NOTES),
                   rng.randint(5, 95), "Not interested right now" if status == "lost" else None, created, created)


def _orders(conn, cur, rng, now, months, per_month, ids, joined, statuses, result, progress) -> None:
    """Periods, customers, then each month's orders and items (one COPY each)."""
    window_start = demo._month_start(now, -(months - 1))
    rows = conn.execute(
        """
        with months as (
          select m from generate_series(%s::timestamptz at time zone 'UTC',
                                        date_trunc('month', public.app_now() at time zone 'UTC'),
                                        interval '1 month') as m
        ), added as (
          insert into public.commission_periods (id, name, start_date, end_date)
          select to_char(m, 'YYYY-MM'), to_char(m, 'FMMonth YYYY'), m::date, (m + interval '1 month')::date - 1
            from months
          on conflict (id) do nothing
        )
        select to_char(m, 'YYYY-MM') from months order by m
        """, [window_start]).fetchall()
    result.periods = [r[0] for r in rows]

    plan = demo._Plan(now=now)
    demo._catalogue(plan)
    for table in ("public.product_categories", "public.products"):
        demo._copy(cur, table, plan.rows(table))
    # Own-account customers are marked where the schema has the column (orders, 0005).
    own_flag = conn.execute("select exists (select from pg_catalog.pg_attribute where attrelid ="
                            " 'public.customers'::regclass and attname = 'is_own_account' and not attisdropped)"
                            ).fetchone()[0]
    customer_columns = COLUMNS["public.customers"] + (("is_own_account",) if own_flag else ())

    # Customers: an own account (personal orders) and 0-2 retail customers each.
    own: list[tuple | None] = [None] * len(ids)   # (customer id, shipping json, billing json)
    retail: list[list[tuple]] = [[] for _ in ids]

    # How many each has, drawn first so the step knows its total.
    extras = [(i, rng.randint(0, 2) if status == "active" else rng.randint(0, 1))
              for i, status in enumerate(statuses) if status != "terminated"]

    def customers() -> Iterator[tuple]:
        seq = 0
        for i, extra in extras:
            dist = ids[i]
            for k in range(1 + extra):
                seq += 1
                p = demo._person(rng)
                address = demo._address(rng, p)
                billing = json.dumps(address)
                ship_to = json.dumps(dict(address, label="Home", is_default=True))
                cid = demo._uuid_from(rng)
                created = joined[i] if k == 0 else demo._between(rng, joined[i], now)
                if k == 0:
                    own[i] = (cid, ship_to, billing)
                else:
                    retail[i].append((cid, ship_to, billing, created))
                row = (cid, f"C{seq:07d}", dist, demo._email(p, seq, "example.net"), demo._phone(rng, p.city),
                       p.first, p.last, billing, f"[{ship_to}]", rng.random() < 0.55, "active",
                       "The distributor's own account, for personal orders." if k == 0 else None,
                       created, created)
                yield row + ((k == 0,) if own_flag else ())
        result.counts["customers"] = seq

    _copy(cur, "public.customers", customers(), sum(1 + extra for _, extra in extras), progress,
          columns=customer_columns)

    seq = 0
    items_total = 0
    month = window_start
    while month < now:
        next_month = demo._month_start(month, 1)
        month_end = min(next_month, now)
        month_seconds = (next_month - month).total_seconds()
        label = f"orders {month:%Y-%m}"
        drafts = []
        for i in range(len(ids)):
            begin = max(month, joined[i] + timedelta(hours=1))
            if begin >= month_end or own[i] is None:
                continue
            # One daily rate all through: a month's orders for a whole month, and for
            # the part of it that has passed (this month, up to now) or that someone
            # was in (the month they joined) that part's share, spread over it.
            rate = per_month * ACTIVITY[statuses[i]] * (month_end - begin).total_seconds() / month_seconds
            if not rate:
                continue
            count = int(rate) + (rng.random() < rate - int(rate))
            for _ in range(count):
                mine = [c for c in retail[i] if c[3] < month_end]
                personal = not mine or rng.random() < 0.4
                customer = own[i] if personal else rng.choice(mine)
                drafts.append((demo._between(rng, begin, month_end), i, customer, personal))
        drafts.sort(key=lambda d: (d[0], d[1]))
        orders, items = [], []
        first_personal: set[int] = set()
        for placed, i, customer, personal in drafts:
            seq += 1
            kind = "personal" if personal else "retail"
            lines = demo._order_lines(rng, _Person(i, joined[i]), kind, first_personal, placed, window_start)
            subtotal = sum((q * p.price for p, q in lines), Decimal("0.00"))
            total_pv = sum((q * p.pv for p, q in lines), Decimal("0.00"))
            tax = (subtotal * demo.TAX_RATE).quantize(demo.CENT, ROUND_HALF_UP)
            shipping = Decimal("0.00") if subtotal >= demo.FREE_SHIPPING_FROM else demo.SHIPPING_FEE
            o = demo._outcome(rng, placed, now)
            order_id = demo._uuid_from(rng)
            updated = max(t for t in (placed, o["paid_at"], o["refunded_at"], o["cancelled_at"],
                                      o["shipped_at"], o["delivered_at"]) if t)
            orders.append((
                order_id, f"SO-{placed.year}-{seq:08d}", customer[0], ids[i], kind, o["status"], subtotal,
                tax, shipping, subtotal + tax + shipping, total_pv, subtotal, o["payment_status"],
                o["method"], o["reference"], customer[1], customer[2], "standard",
                f"1Z{seq:012d}" if o["shipped_at"] else None, o["paid_at"], o["refunded_at"],
                o["refund_reason"], o["cancelled_at"], o["shipped_at"], o["delivered_at"], placed, updated))
            for product, qty in lines:
                items.append((order_id, plan.product_ids[product.sku], qty, product.price,
                              qty * product.price, qty * product.pv, placed))
        _copy(cur, "public.orders", iter(orders), len(orders), progress, label)
        _copy(cur, "public.order_items", iter(items), len(items), progress, label + " items")
        items_total += len(items)
        month = next_month
    result.counts["orders"] = seq
    result.counts["order items"] = items_total
    # New orders continue the generated numbers where the schema numbers orders (0005).
    if conn.execute("select to_regclass('private.order_number_seq') is not null").fetchone()[0]:
        conn.execute("select setval('private.order_number_seq', greatest(%s, 1))", [seq])


def _copy(cur: psycopg.Cursor, table: str, rows: Iterator[tuple], total: int | None,
          progress: Progress, label: str | None = None, columns: tuple[str, ...] | None = None) -> int:
    """One COPY statement for `table` (columns: COLUMNS[table] unless given)."""
    schema, name = table.split(".")
    label = label or name
    stmt = sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(schema), sql.Identifier(name),
        sql.SQL(", ").join(map(sql.Identifier, columns or COLUMNS[table])))
    done = 0
    with cur.copy(stmt) as copy:
        for row in rows:
            copy.write_row(row)
            done += 1
            if done % STEP == 0:
                progress(label, done, total or 0)
    # The statement's triggers (closure, audit, ...) run as the COPY ends.
    progress(label, done, done)
    return done
