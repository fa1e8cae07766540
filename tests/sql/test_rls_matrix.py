"""The role matrix of sql-contract.md ("Who sees what"), cell by cell.

One world of rows is committed once per module in a database of its own;
every test then acts as one user, exactly as the app does (`as_user`), inside
a transaction that is rolled back. Reads: each role sees exactly the expected
rows of every table (what it may see is there: the allow; the rest of the
world is not: the deny). Writes: every case runs for all six roles; the roles
listed may do it (one row or more), every other role is refused (no rows, a
missing grant or policy violation 42501, or MLDNY from a guard).

The world (sponsor tree):   R ── T ─┬─ D (the distributor under test) ─┬─ C ── G
                                     │                                  └─ X (user suspended)
                                     └─ O (a sibling of D: not D's to see)
Staff: A admin, M manager, S support, F finance, U auditor; Asus a suspended
admin; `spare` a user nothing refers to (for inserts and deletes).
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import (
    make_activity,
    make_commission_period,
    make_compliance_case,
    make_contact,
    make_customer,
    make_distributor,
    make_ledger_entry,
    make_order,
    make_payout,
    make_product,
    make_task,
    make_user,
    make_user_profile,
    set_commission_period_status,
)
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row

from webapp.platform.db import SYSTEM_USER_ID

ROLES = ("distributor", "manager", "support", "finance", "auditor", "admin")
STAFF = ("manager", "support", "finance", "auditor", "admin")
ACTOR = {"distributor": "D", "manager": "M", "support": "S", "finance": "F", "auditor": "U", "admin": "A"}
ALL = "ALL"  # every row of the world in that table
PAID_AT = "2020-03-10T12:00:00Z"


# ---------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------

@dataclass
class World:
    ids: dict[str, str]                   # label -> id
    keys: dict[str, dict[str, str]]       # table -> label -> key (see KEY_SQL)

    def params(self, role_or_label: str) -> dict[str, str]:
        me = self.ids[ACTOR.get(role_or_label, role_or_label)]
        return {**self.ids, "me": me}


# How a row of each table is named in `World.keys`.
KEY_SQL = {
    "genealogy_paths": "ancestor_id::text || '>' || descendant_id::text || ':' || path_type::text",
    "period_volumes": "period_id || ':' || distributor_id::text",
    "period_estimates": "period_id || ':' || distributor_id::text",
    "volume_events": "order_id::text || ':' || kind",
    "user_profiles": "user_id::text",
    "distributors": "user_id::text",
    "plan_settings": "key",
    "lead_score_rules": "kind || ':' || coalesce(match, '')",
    "contact_import_rows": "import_id::text || ':' || line_no::text",
}


def _one(db, sql: str, params=None) -> str:
    return str(next(iter(db.execute(sql, params).fetchone().values())))


def build_world(db: psycopg.Connection) -> World:
    w: dict[str, str] = {"SYS": SYSTEM_USER_ID}
    for label, role in (("A", "admin"), ("M", "manager"), ("S", "support"), ("F", "finance"), ("U", "auditor")):
        w[label] = make_user(db, role)
    w["Asus"] = make_user(db, "admin", status="suspended")
    w["spare"] = make_user(db, "distributor")
    sponsors = {"R": None, "T": "R", "D": "T", "O": "T", "C": "D", "G": "C", "X": "D"}
    names = {"D": ("Dana", "Self"), "O": ("Olga", "Other"), "C": ("Carl", "Child"), "T": ("Tess", "Sponsor"),
             "R": ("Rita", "Root"), "G": ("Gus", "Grandchild"), "X": ("Xena", "Suspended")}
    for label, sponsor in sponsors.items():
        first, last = names[label]
        user = make_user(db, "distributor", status="suspended" if label == "X" else "active",
                         first_name=first, last_name=last)
        w[label] = make_distributor(db, w[sponsor] if sponsor else None, user_id=user)
    profiled = [label for label in w if label not in ("SYS", "spare")]
    for label in profiled:
        make_user_profile(db, w[label])

    for label, owner in (("custD", "D"), ("custD2", "D"), ("custO", "O"), ("custC", "C")):
        w[label] = make_customer(db, w[owner])
    for label, period in (("P1", "2020-01"), ("P2", "2020-02"), ("P3", "2020-03"), ("P4", "2020-04")):
        w[label] = make_commission_period(db, period)

    orders = {"oD": ("D", "custD", None), "oDpaid": ("D", "custD", PAID_AT), "oOforD": ("O", "custD", None),
              "oO": ("O", "custO", None), "oOpaid": ("O", "custO", PAID_AT), "oCpaid": ("C", "custC", PAID_AT)}
    for label, (dist, customer, paid_at) in orders.items():
        w[label] = make_order(db, w[dist], customer=w[customer], paid_at=paid_at)
        w["i_" + label] = _one(db, "select id from order_items where order_id = %s", [w[label]])
    for label in ("oDpaid", "oOpaid", "oCpaid"):
        db.execute(
            "insert into volume_events (order_id, distributor_id, period_id, occurred_at, kind, pv,"
            " retail_base, order_paid_at)"
            " select id, distributor_id, '2020-03', paid_at, 'payment', total_pv, subtotal, paid_at"
            "   from orders where id = %s on conflict (order_id, kind) do nothing", [w[label]])
    for label in ("T", "D", "C", "O"):
        db.execute("insert into period_volumes (period_id, distributor_id, personal_pv, group_pv)"
                   " values ('2020-03', %s, 100, 500)", [w[label]])
        db.execute("insert into period_estimates (period_id, distributor_id, personal_pv, group_pv)"
                   " values ('2020-03', %s, 100, 500)", [w[label]])

    w["cD"], w["cO"], w["cM"] = (make_contact(db, w[o]) for o in ("D", "O", "M"))
    w["aD"] = make_activity(db, w["cD"], w["D"])
    w["aDm"] = make_activity(db, w["cD"], w["M"])
    w["aO"] = make_activity(db, w["cO"], w["O"])
    w["tD"] = make_task(db, w["D"])
    w["tMD"] = make_task(db, w["D"], created_by=w["M"])
    w["tDO"] = make_task(db, w["O"], created_by=w["D"])
    w["tO"] = make_task(db, w["O"])
    # CRM (0006): saved filters, imports and their staged lines; a lead-score rule.
    for label, owner in (("fD", "D"), ("fO", "O"), ("fM", "M")):
        w[label] = _one(db, "insert into contact_saved_filters (user_id, name) values (%s, 'Mine') returning id",
                        [w[owner]])
    for label, owner in (("impD", "D"), ("impO", "O")):
        w[label] = _one(db, "insert into contact_imports (owner_id, created_by, file_name, encoding, delimiter,"
                            " header, row_count) values (%s, %s, 'x.csv', 'utf-8', ',', '{Email}', 1) returning id",
                        [w[owner], w[owner]])
        db.execute("insert into contact_import_rows (import_id, line_no, cells) values (%s, 2, '{a@b.test}')",
                   [w[label]])
    db.execute("insert into lead_score_rules (kind, match, label, points) values ('tag', 'ztest', 'Test', 1)")

    w["lD"] = make_ledger_entry(db, w["D"], "2020-03")
    w["lO"] = make_ledger_entry(db, w["O"], "2020-03", type="unilevel")
    w["adjO3"] = make_ledger_entry(db, w["O"], "2020-03", type="adjustment")
    w["adjO2"] = make_ledger_entry(db, w["O"], "2020-02", type="adjustment")
    w["adjO1"] = make_ledger_entry(db, w["O"], "2020-01", type="adjustment")
    set_commission_period_status(db, "2020-02", "closed")
    set_commission_period_status(db, "2020-01", "finalized")
    w["pD"] = make_payout(db, w["D"])
    w["pO"] = make_payout(db, w["O"])

    w["prod"] = make_product(db)
    w["prodSpare"] = make_product(db)
    w["cat"] = _one(db, "insert into product_categories (name, slug) values ('Shakes', 'shakes') returning id")
    w["catSpare"] = _one(db, "insert into product_categories (name, slug) values ('Spare', 'spare') returning id")
    # Tax, shipping, autoship, payment imports (issue 5); 'standard' is the migration's default method.
    w["taxUS"] = _one(db, "insert into tax_rates (country, rate, name) values ('US', 0.08, 'US') returning id")
    w["taxSpare"] = _one(db, "insert into tax_rates (country, region, rate, name) values ('CA', 'ON', 0.13, 'HST')"
                             " returning id")
    w["shipStd"] = _one(db, "select id from shipping_methods where code = 'standard'")
    w["shipSpare"] = _one(db, "insert into shipping_methods (code, name) values ('spare', 'Spare') returning id")
    w["rateStd"] = _one(db, "select id from shipping_rates where method_id = %s and country is null", [w["shipStd"]])
    w["rateSpare"] = _one(db, "insert into shipping_rates (method_id, country, price) values (%s, 'US', 1)"
                              " returning id", [w["shipSpare"]])
    for label, customer in (("asD", "custD"), ("asO", "custO")):
        w[label] = _one(db, "insert into autoships (customer_id, product_id, quantity, frequency_days, next_run_on,"
                            " consent_text, consent_at) values (%s, %s, 1, 30, '2020-04-01', 'Terms', now())"
                            " returning id", [w[customer], w["prod"]])
        w["at" + label[2:]] = _one(db, "insert into autoship_attempts (autoship_id, run_on, due_on, outcome, reason)"
                                       " values (%s, '2020-04-01', '2020-04-01', 'failed', 'Out of stock')"
                                       " returning id", [w[label]])
    w["payImp"] = _one(db, "insert into payment_imports (source, imported_by) values ('x.csv', %s) returning id",
                       [w["S"]])
    w["terr"] = _one(db, "insert into territories (name, country_code) values ('North', 'US') returning id")
    w["terrSpare"] = _one(db, "insert into territories (name, country_code) values ('Spare', 'CA') returning id")
    w["ztest"] = _one(db, "insert into ranks (id, name, level) values ('ztest', 'Test rank', 99) returning id")
    w["kztest"] = _one(db, "insert into plan_settings (key, value) values ('ztest', '1') returning key")
    w["case1"] = make_compliance_case(db, w["D"])
    w["audit"] = _one(db, "insert into audit_logs (entity_type, entity_id, action)"
                          " values ('test', 'world', 'test') returning id")

    # Which world labels live in which table, by their row key.
    def keyed(labels, key=lambda label: w[label]):
        return {label: key(label) for label in labels}

    users = ["SYS", "A", "M", "S", "F", "U", "Asus", "spare", *sponsors]
    paths = {}
    for label in sponsors:  # walk each distributor's upline
        depth_up = sponsors[label]
        while depth_up:
            paths[f"{depth_up}>{label}"] = f"{w[depth_up]}>{w[label]}:sponsor"
            depth_up = sponsors[depth_up]
    keys = {
        "users": keyed(users),
        "user_profiles": keyed(profiled),
        "distributors": keyed(sponsors),
        "genealogy_paths": paths,
        "period_volumes": keyed(["T", "D", "C", "O"], lambda label: f"2020-03:{w[label]}"),
        "period_estimates": keyed(["T", "D", "C", "O"], lambda label: f"2020-03:{w[label]}"),
        "volume_events": keyed(["oDpaid", "oOpaid", "oCpaid"], lambda label: f"{w[label]}:payment"),
        "customers": keyed(["custD", "custD2", "custO", "custC"]),
        "contacts": keyed(["cD", "cO", "cM"]),
        "activities": keyed(["aD", "aDm", "aO"]),
        "tasks": keyed(["tD", "tMD", "tDO", "tO"]),
        "contact_saved_filters": keyed(["fD", "fO", "fM"]),
        "contact_imports": keyed(["impD", "impO"]),
        "contact_import_rows": keyed(["rD", "rO"], lambda label: f"{w['imp' + label[1]]}:2"),
        "lead_score_rules": {k: k for k in ("source:referral", "activity:call", "activity:meeting",
                                            "activity:email", "stage:proposal", "inactive_week:", "tag:ztest")},
        "orders": keyed(orders),
        "order_items": keyed(["i_" + label for label in orders]),
        "commission_periods": keyed(["P1", "P2", "P3", "P4"]),
        "commission_ledger": keyed(["lD", "lO", "adjO3", "adjO2", "adjO1"]),
        "payouts": keyed(["pD", "pO"]),
        "ranks": {**{r: r for r in ("bronze", "silver", "gold", "platinum", "diamond")}, "ztest": "ztest"},
        "plan_settings": {**{k: k for k in ("retail_rate", "unilevel_rates", "fast_start_rate",
                                            "fast_start_days", "auto_close_day")}, "kztest": "ztest"},
        "products": keyed(["prod", "prodSpare"]),
        "product_categories": keyed(["cat", "catSpare"]),
        "territories": keyed(["terr", "terrSpare"]),
        "tax_rates": keyed(["taxUS", "taxSpare"]),
        "shipping_methods": keyed(["shipStd", "shipSpare"]),
        "shipping_rates": keyed(["rateStd", "rateSpare"]),
        "autoships": keyed(["asD", "asO"]),
        "autoship_attempts": keyed(["atD", "atO"]),
        "payment_imports": keyed(["payImp"]),
        "compliance_cases": keyed(["case1"]),
        "audit_logs": keyed(["audit"]),
    }
    return World(w, keys)


@pytest.fixture(scope="module")
def world_db(clone_db, server_dsn) -> tuple[str, World]:
    dsn = make_conninfo(server_dsn, dbname=clone_db("rls"))
    with psycopg.connect(dsn, row_factory=dict_row) as conn:  # commits on leaving
        world = build_world(conn)
    return dsn, world


@pytest.fixture(scope="module")
def world(world_db) -> World:
    return world_db[1]


@pytest.fixture
def wdb(world_db):
    """Superuser connection to the world, in a transaction rolled back after the test."""
    with psycopg.connect(world_db[0], row_factory=dict_row) as conn, conn.transaction(force_rollback=True):
        yield conn


def visible(conn: psycopg.Connection, world: World, table: str) -> set[str]:
    """Labels of the world's rows of `table` that the current identity can read."""
    by_key = {key: label for label, key in world.keys[table].items()}
    rows = conn.execute(f"select {KEY_SQL.get(table, 'id::text')} as k from public.{table}").fetchall()
    return {by_key[r["k"]] for r in rows if r["k"] in by_key}


def attempt(conn: psycopg.Connection, sql: str, params: dict) -> str:
    """'ok' (rows written), 'no rows', or the SQLSTATE of the error (rolled back to a savepoint)."""
    try:
        with conn.transaction():
            cur = conn.execute(sql, params)
            return "ok" if cur.rowcount > 0 else "no rows"
    except psycopg.Error as exc:
        return exc.sqlstate or repr(exc)


DENIED = {"no rows", "42501", "MLDNY"}


# ---------------------------------------------------------------------------
# Reads: exactly these rows, per table and role
# ---------------------------------------------------------------------------

def for_roles(roles, value) -> dict:
    return {role: value for role in roles}


VISIBLE: dict[str, dict[str, object]] = {
    "users": {"distributor": {"D"}, **for_roles(STAFF, ALL)},
    "user_profiles": {"distributor": {"D"}, **for_roles(STAFF, ALL)},
    "distributors": {"distributor": {"T", "D", "C", "G", "X"}, **for_roles(STAFF, ALL)},
    "genealogy_paths": {"distributor": {"D>C", "D>G", "D>X", "C>G"}, **for_roles(STAFF, ALL)},
    "period_volumes": {"distributor": {"D", "C"}, **for_roles(STAFF, ALL)},
    "period_estimates": {"distributor": {"D", "C"}, **for_roles(STAFF, ALL)},
    "volume_events": {"distributor": {"oDpaid", "oCpaid"}, **for_roles(STAFF, ALL)},
    "contacts": {"distributor": {"cD"}, "manager": ALL, "support": set(), "finance": set(),
                 "auditor": ALL, "admin": ALL},
    "activities": {"distributor": {"aD", "aDm"}, "manager": ALL, "support": set(), "finance": set(),
                   "auditor": ALL, "admin": ALL},
    "contact_saved_filters": {"distributor": {"fD"}, "manager": {"fM"}, "support": set(), "finance": set(),
                              "auditor": ALL, "admin": ALL},
    "contact_imports": {"distributor": {"impD"}, "manager": ALL, "support": set(), "finance": set(),
                        "auditor": ALL, "admin": ALL},
    "contact_import_rows": {"distributor": {"rD"}, "manager": ALL, "support": set(), "finance": set(),
                            "auditor": ALL, "admin": ALL},
    "lead_score_rules": for_roles(ROLES, ALL),
    "tasks": {"distributor": {"tD", "tMD", "tDO"}, "manager": ALL, "support": set(), "finance": set(),
              "auditor": ALL, "admin": ALL},
    "customers": {"distributor": {"custD", "custD2"}, **for_roles(STAFF, ALL)},
    "orders": {"distributor": {"oD", "oDpaid", "oOforD"}, **for_roles(STAFF, ALL)},
    "order_items": {"distributor": {"i_oD", "i_oDpaid", "i_oOforD"}, **for_roles(STAFF, ALL)},
    "commission_ledger": {"distributor": {"lD"}, "manager": ALL, "support": set(), "finance": ALL,
                          "auditor": ALL, "admin": ALL},
    "payouts": {"distributor": {"pD"}, "manager": set(), "support": set(), "finance": ALL,
                "auditor": ALL, "admin": ALL},
    "commission_periods": for_roles(ROLES, ALL),
    "ranks": for_roles(ROLES, ALL),
    "plan_settings": for_roles(ROLES, ALL),
    "products": for_roles(ROLES, ALL),
    "product_categories": for_roles(ROLES, ALL),
    "territories": for_roles(ROLES, ALL),
    "tax_rates": for_roles(ROLES, ALL),
    "shipping_methods": for_roles(ROLES, ALL),
    "shipping_rates": for_roles(ROLES, ALL),
    "autoships": {"distributor": {"asD"}, **for_roles(STAFF, ALL)},
    "autoship_attempts": {"distributor": {"atD"}, **for_roles(STAFF, ALL)},
    "payment_imports": {"distributor": set(), "manager": set(), "support": ALL, "finance": ALL,
                        "auditor": ALL, "admin": ALL},
    "audit_logs": {**for_roles(("distributor", "manager", "support", "finance"), set()),
                   "auditor": ALL, "admin": ALL},
    "compliance_cases": {"distributor": set(), **for_roles(STAFF, ALL)},
}
PUBLIC_TABLES = sorted(VISIBLE)


def test_every_public_table_is_covered_by_this_matrix(db):
    tables = [r["relname"] for r in db.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1")]
    assert tables == PUBLIC_TABLES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_reads(wdb, world, table, role):
    expected = VISIBLE[table][role]
    expected = set(world.keys[table]) if expected == ALL else expected
    as_user(wdb, world.ids[ACTOR[role]])
    assert visible(wdb, world, table) == expected


@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_without_app_user_id_no_rows(wdb, world, table):
    assert visible(wdb, world, table) == set(world.keys[table])  # the superuser sees the world
    as_user(wdb, None)
    assert wdb.execute("select current_user as u").fetchone()["u"] == "mlm_app"
    assert wdb.execute(f"select count(*) as n from public.{table}").fetchone()["n"] == 0


@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_unknown_user_id_no_rows(wdb, table):
    as_user(wdb, "00000000-0000-0000-0000-00000000dead")
    assert wdb.execute(f"select count(*) as n from public.{table}").fetchone()["n"] == 0


@pytest.mark.parametrize("who", ["X", "Asus"], ids=["suspended_distributor", "suspended_admin"])
@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_suspended_user_sees_nothing(wdb, world, table, who):
    as_user(wdb, world.ids[who])
    assert wdb.execute(f"select count(*) as n from public.{table}").fetchone()["n"] == 0


# ---------------------------------------------------------------------------
# Writes: who may do what (everyone else is refused)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    sql: str
    allowed: tuple[str, ...]
    setup: str | None = None         # run as the superuser first
    roles: tuple[str, ...] = ROLES   # roles the case is run for


NUM = "substr(md5(random()::text), 1, 10)"
ADDR = "'{\"line1\": \"1 Test St\"}'"
PLACE = ("select api.order_place(%({customer})s,"
         " jsonb_build_array(jsonb_build_object('product_id', %(prod)s::text, 'quantity', 1)))")
PLACE_SETUP = ("with stock as (update products set stock_quantity = 5 where id = %(prod)s)"
               " update customers set billing_address = '{\"line1\": \"1 Main St\", \"city\": \"Austin\","
               " \"country\": \"US\"}' where id in (%(custD)s, %(custO)s)")

CASES = [
    # users: own profile columns for everyone; account fields and other people's rows for admins
    Case("users.update_own_profile", "update users set first_name = 'New', phone = '555' where id = %(me)s", ROLES),
    Case("users.update_other", "update users set first_name = 'New' where id = %(O)s", ("admin",)),
    Case("users.update_own_role", "update users set role = 'admin' where id = %(me)s", ("admin",)),
    Case("users.update_own_status", "update users set status = 'inactive' where id = %(me)s", ("admin",)),
    Case("users.update_own_email", "update users set email = 'me-new@example.test' where id = %(me)s", ("admin",)),
    Case("users.update_own_2fa", "update users set two_factor_enabled = true where id = %(me)s", ("admin",)),
    Case("users.update_own_lockout", "update users set login_attempts = 0, locked_until = now() where id = %(me)s",
         ("admin",)),
    Case("users.update_other_role", "update users set role = 'manager' where id = %(O)s", ("admin",)),
    Case("users.insert", f"insert into users (email) values ('new-' || {NUM} || '@example.test')", ("admin",)),
    Case("users.delete", "delete from users where id = %(spare)s", ("admin",)),
    # user_profiles
    Case("user_profiles.update_own", "update user_profiles set gender = 'x' where user_id = %(me)s", ROLES),
    Case("user_profiles.insert_own", "insert into user_profiles (user_id) values (%(me)s)", ROLES,
         setup="delete from user_profiles where user_id = %(me)s"),
    Case("user_profiles.update_other", "update user_profiles set gender = 'x' where user_id = %(O)s", ("admin",)),
    Case("user_profiles.insert_other", "insert into user_profiles (user_id) values (%(spare)s)", ("admin",)),
    Case("user_profiles.delete_own", "delete from user_profiles where user_id = %(me)s", ("admin",)),
    Case("user_profiles.approve_own_kyc", "update user_profiles set kyc_status = 'approved' where user_id = %(me)s",
         ("admin",)),
    # distributors: only admins write (a distributor's own row included)
    Case("distributors.update", "update distributors set status = 'on_hold' where user_id = %(D)s", ("admin",)),
    Case("distributors.update_rank", "update distributors set rank_id = 'gold' where user_id = %(D)s", ("admin",)),
    Case("distributors.insert",
         f"insert into distributors (user_id, distributor_number, sponsor_id) values (%(spare)s, {NUM}, %(D)s)",
         ("admin",)),
    Case("distributors.delete_leaf", "delete from distributors where user_id = %(G)s", ("admin",)),
    # derived tables: nobody writes them directly
    Case("genealogy_paths.delete", "delete from genealogy_paths where ancestor_id = %(D)s", ()),
    Case("genealogy_paths.update", "update genealogy_paths set depth = depth where ancestor_id = %(D)s", ()),
    Case("period_volumes.update", "update period_volumes set group_pv = 1 where distributor_id = %(D)s", ()),
    Case("period_estimates.update", "update period_estimates set group_pv = 1 where distributor_id = %(D)s", ()),
    Case("volume_events.delete", "delete from volume_events where order_id = %(oDpaid)s", ()),
    # contacts
    Case("contacts.insert_own", "insert into contacts (owner_id, first_name) values (%(me)s, 'New')",
         ("distributor", "manager", "admin")),
    Case("contacts.insert_for_other", "insert into contacts (owner_id, first_name) values (%(O)s, 'New')",
         ("manager", "admin")),
    Case("contacts.update_own", "update contacts set notes = 'x' where id = %(cD)s",
         ("distributor", "manager", "admin")),
    Case("contacts.update_other", "update contacts set notes = 'x' where id = %(cO)s", ("manager", "admin")),
    Case("contacts.give_away", "update contacts set owner_id = %(O)s where id = %(cD)s", ("manager", "admin")),
    Case("contacts.delete_own", "delete from contacts where id = %(cD)s", ("distributor", "manager", "admin")),
    Case("contacts.delete_other", "delete from contacts where id = %(cO)s", ("manager", "admin")),
    # CRM (0006): saved filters are their user's; imports and staged lines follow contacts; rules are admin's
    Case("contact_saved_filters.insert_own", "insert into contact_saved_filters (user_id, name) values (%(me)s, 'N')",
         ("distributor", "manager", "admin")),
    Case("contact_saved_filters.insert_for_other",
         "insert into contact_saved_filters (user_id, name) values (%(O)s, 'N')", ("admin",)),
    Case("contact_saved_filters.update_own", "update contact_saved_filters set name = 'R' where id = %(fD)s",
         ("distributor", "admin")),
    Case("contact_saved_filters.delete_other", "delete from contact_saved_filters where id = %(fO)s", ("admin",)),
    Case("contact_imports.insert_own",
         "insert into contact_imports (owner_id, created_by, file_name, encoding, delimiter, header, row_count)"
         " values (%(me)s, %(me)s, 'y.csv', 'utf-8', ',', '{Email}', 0)", ("distributor", "manager", "admin")),
    Case("contact_imports.insert_into_other",
         "insert into contact_imports (owner_id, created_by, file_name, encoding, delimiter, header, row_count)"
         " values (%(O)s, %(me)s, 'y.csv', 'utf-8', ',', '{Email}', 0)", ("manager", "admin")),
    Case("contact_imports.update_own", "update contact_imports set status = 'cancelled' where id = %(impD)s",
         ("distributor", "manager", "admin")),
    Case("contact_imports.update_other", "update contact_imports set status = 'cancelled' where id = %(impO)s",
         ("manager", "admin")),
    Case("contact_imports.delete_other", "delete from contact_imports where id = %(impO)s", ("manager", "admin")),
    Case("contact_import_rows.insert_own",
         "insert into contact_import_rows (import_id, line_no, cells) values (%(impD)s, 3, '{x}')",
         ("distributor", "manager", "admin")),
    Case("contact_import_rows.insert_other",
         "insert into contact_import_rows (import_id, line_no, cells) values (%(impO)s, 3, '{x}')",
         ("manager", "admin")),
    Case("contact_import_rows.update_other",
         "update contact_import_rows set outcome = 'reject' where import_id = %(impO)s", ("manager", "admin")),
    Case("contact_import_rows.delete_own", "delete from contact_import_rows where import_id = %(impD)s",
         ("distributor", "manager", "admin")),
    Case("lead_score_rules.insert",
         "insert into lead_score_rules (kind, match, label, points) values ('tag', 'znew', 'New', 2)", ("admin",)),
    Case("lead_score_rules.update", "update lead_score_rules set points = 3 where match = 'ztest'", ("admin",)),
    Case("lead_score_rules.delete", "delete from lead_score_rules where match = 'ztest'", ("admin",)),
    # tasks
    Case("tasks.insert_for_self",
         "insert into tasks (title, type, assignee_id, created_by_id) values ('T', 'call', %(me)s, %(me)s)",
         ("distributor", "manager", "admin")),
    Case("tasks.insert_assigned_to_other",
         "insert into tasks (title, type, assignee_id, created_by_id) values ('T', 'call', %(O)s, %(me)s)",
         ("manager", "admin")),
    Case("tasks.update_assigned_to_me", "update tasks set status = 'completed' where id = %(tMD)s",
         ("distributor", "manager", "admin")),
    Case("tasks.update_other", "update tasks set status = 'completed' where id = %(tO)s", ("manager", "admin")),
    Case("tasks.reassign", "update tasks set assignee_id = %(O)s where id = %(tD)s", ("manager", "admin")),
    Case("tasks.delete_own", "delete from tasks where id = %(tD)s", ("distributor", "manager", "admin")),
    Case("tasks.delete_other", "delete from tasks where id = %(tO)s", ("manager", "admin")),
    # activities
    Case("activities.insert_on_own_contact",
         "insert into activities (contact_id, owner_id, type) values (%(cD)s, %(me)s, 'note')",
         ("distributor", "manager", "admin")),
    Case("activities.insert_on_other_contact",
         "insert into activities (contact_id, owner_id, type) values (%(cO)s, %(me)s, 'note')", ("manager", "admin")),
    Case("activities.update_on_own_contact", "update activities set body = 'x' where id = %(aDm)s",
         ("distributor", "manager", "admin")),
    Case("activities.update_other", "update activities set body = 'x' where id = %(aO)s", ("manager", "admin")),
    Case("activities.delete_own", "delete from activities where id = %(aD)s", ("distributor", "manager", "admin")),
    Case("activities.delete_other", "delete from activities where id = %(aO)s", ("manager", "admin")),
    # customers
    Case("customers.insert_for_D",
         f"insert into customers (customer_number, distributor_id, email) values ({NUM}, %(D)s, 'c@example.test')",
         ("distributor", "admin")),
    Case("customers.insert_for_O",
         f"insert into customers (customer_number, distributor_id, email) values ({NUM}, %(O)s, 'c@example.test')",
         ("admin",)),
    Case("customers.update_own", "update customers set notes = 'x' where id = %(custD)s",
         ("distributor", "support", "admin")),
    Case("customers.update_other", "update customers set notes = 'x' where id = %(custO)s", ("support", "admin")),
    Case("customers.give_away", "update customers set distributor_id = %(O)s where id = %(custD)s",
         ("support", "admin")),
    Case("customers.delete", "delete from customers where id = %(custD2)s", ("admin",)),
    # orders and order_items: nobody writes them directly (admins included); the api functions
    # place, pay, ship, refund and cancel, each for the roles of the contract's matrix.
    Case("orders.insert_direct",
         "insert into orders (order_number, customer_id, distributor_id, subtotal, total, shipping_address,"
         f" billing_address) values ({NUM}, %(custD)s, %(D)s, 0, 0, {ADDR}, {ADDR})", ()),
    Case("orders.update_direct", "update orders set notes = 'x' where id = %(oD)s", ()),
    Case("orders.update_paid_direct", "update orders set notes = 'x' where id = %(oDpaid)s", ()),
    Case("orders.cancel_direct", "update orders set status = 'cancelled', cancelled_at = now() where id = %(oD)s", ()),
    Case("orders.delete_direct", "delete from orders where id = %(oD)s", ()),
    Case("orders.place_for_own_customer", PLACE.format(customer="custD"), ("distributor", "admin"),
         setup=PLACE_SETUP),
    Case("orders.place_for_other_customer", PLACE.format(customer="custO"), ("admin",), setup=PLACE_SETUP),
    Case("orders.cancel_own_unpaid", "select api.order_cancel(%(oD)s)", ("distributor", "support", "admin")),
    Case("orders.cancel_unpaid_for_own_customer", "select api.order_cancel(%(oOforD)s)",
         ("distributor", "support", "admin")),
    Case("orders.cancel_other", "select api.order_cancel(%(oO)s)", ("support", "admin")),
    Case("orders.record_payment", "select api.order_payment_record(%(oD)s, 'card', 'ref-1', 50.00)",
         ("support", "finance", "admin")),
    Case("orders.record_payment_other", "select api.order_payment_record(%(oO)s, 'card', 'ref-2', 50.00)",
         ("support", "finance", "admin")),
    Case("orders.ship", "select api.order_advance(%(oDpaid)s, 'shipped', 'TRK1')", ("support", "admin")),
    Case("orders.refund", "select api.order_refund(%(oDpaid)s, 'Damaged in transit')", ("support", "admin")),
    Case("orders.discount", "select api.order_discount_set(%(oD)s, 10, null, 'Loyalty')", ("admin",),
         setup="update orders set shipping_method = 'standard' where id = %(oD)s"),
    Case("order_items.insert_direct",
         "insert into order_items (order_id, product_id, quantity, unit_price, total_price, pv)"
         " values (%(oD)s, %(prod)s, 1, 5, 5, 1)", ()),
    Case("order_items.update_direct", "update order_items set quantity = 2 where id = %(i_oD)s", ()),
    Case("order_items.delete_direct", "delete from order_items where id = %(i_oD)s", ()),
    Case("order_items.place", PLACE.format(customer="custD"), ("distributor", "admin"), setup=PLACE_SETUP),
    # commission_periods
    Case("commission_periods.insert",
         "insert into commission_periods (id, name, start_date, end_date)"
         " values ('2020-05', 'May 2020', '2020-05-01', '2020-05-31')", ("admin",)),
    Case("commission_periods.update", "update commission_periods set name = 'x' where id = %(P3)s",
         ("finance", "admin")),
    Case("commission_periods.delete", "delete from commission_periods where id = %(P4)s", ("admin",)),
    # Status and totals change only through close_period()/finalize_period() (0007: column grants).
    Case("commission_periods.update_status",
         "update commission_periods set status = 'closed', closed_at = now() where id = %(P3)s", ()),
    Case("commission_periods.update_totals", "update commission_periods set total_pv = 1 where id = %(P3)s", ()),
    # commission_ledger: finance writes adjustments of open or closed periods
    Case("commission_ledger.insert_adjustment_open",
         "insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason)"
         " values (%(P3)s, %(O)s, 'adjustment', 5, true, 'fix')", ("finance", "admin")),
    Case("commission_ledger.insert_adjustment_closed",
         "insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason)"
         " values (%(P2)s, %(O)s, 'adjustment', 5, true, 'fix')", ("finance", "admin")),
    # Admins are left out of the finalized-period cases: a period guard may refuse even them.
    Case("commission_ledger.insert_adjustment_finalized",
         "insert into commission_ledger (period_id, distributor_id, type, amount, is_manual, reason)"
         " values (%(P1)s, %(O)s, 'adjustment', 5, true, 'fix')", (), roles=ROLES[:-1]),
    Case("commission_ledger.insert_unilevel",
         "insert into commission_ledger (period_id, distributor_id, type, amount)"
         " values (%(P3)s, %(O)s, 'unilevel', 5)", ("admin",)),
    Case("commission_ledger.update_adjustment_open", "update commission_ledger set amount = 7 where id = %(adjO3)s",
         ("finance", "admin")),
    Case("commission_ledger.update_adjustment_closed", "update commission_ledger set amount = 7 where id = %(adjO2)s",
         ("finance", "admin")),
    Case("commission_ledger.update_adjustment_finalized",
         "update commission_ledger set amount = 7 where id = %(adjO1)s", (), roles=ROLES[:-1]),
    Case("commission_ledger.update_computed", "update commission_ledger set amount = 7 where id = %(lO)s",
         ("admin",)),
    Case("commission_ledger.delete_adjustment", "delete from commission_ledger where id = %(adjO3)s",
         ("finance", "admin")),
    Case("commission_ledger.delete_computed", "delete from commission_ledger where id = %(lO)s", ("admin",)),
    # payouts: a distributor requests its own; finance approves and processes
    Case("payouts.request_own", "insert into payouts (distributor_id, amount, method) values (%(D)s, 10, 'paypal')",
         ("distributor", "admin")),
    Case("payouts.insert_approved",
         "insert into payouts (distributor_id, amount, method, status) values (%(D)s, 10, 'paypal', 'approved')",
         ("admin",)),
    Case("payouts.request_for_other",
         "insert into payouts (distributor_id, amount, method) values (%(O)s, 10, 'paypal')", ("admin",)),
    Case("payouts.approve", "update payouts set status = 'approved', approved_at = now() where id = %(pD)s",
         ("finance", "admin")),
    Case("payouts.delete", "delete from payouts where id = %(pD)s", ("admin",)),
    # plan and catalogue: admins only
    Case("ranks.update", "update ranks set name = 'x' where id = 'bronze'", ("admin",)),
    Case("ranks.insert", "insert into ranks (id, name, level) values ('zz', 'zz', 98)", ("admin",)),
    Case("ranks.delete", "delete from ranks where id = %(ztest)s", ("admin",)),
    Case("plan_settings.update", "update plan_settings set value = '0.25' where key = 'retail_rate'", ("admin",)),
    Case("plan_settings.insert", "insert into plan_settings (key, value) values ('zz', '1')", ("admin",)),
    Case("plan_settings.delete", "delete from plan_settings where key = %(kztest)s", ("admin",)),
    Case("products.update", "update products set name = 'x' where id = %(prod)s", ("admin",)),
    Case("products.insert", f"insert into products (sku, name, price) values ({NUM}, 'x', 1)", ("admin",)),
    Case("products.delete", "delete from products where id = %(prodSpare)s", ("admin",)),
    Case("product_categories.update", "update product_categories set name = 'x' where id = %(cat)s", ("admin",)),
    Case("product_categories.insert", "insert into product_categories (name, slug) values ('x', 'x')", ("admin",)),
    Case("product_categories.delete", "delete from product_categories where id = %(catSpare)s", ("admin",)),
    Case("territories.update", "update territories set name = 'x' where id = %(terr)s", ("admin",)),
    Case("territories.insert", "insert into territories (name) values ('x')", ("admin",)),
    Case("territories.delete", "delete from territories where id = %(terrSpare)s", ("admin",)),
    # tax and shipping tables: admins only
    Case("tax_rates.insert", "insert into tax_rates (country, rate, name) values ('GB', 0.2, 'VAT')", ("admin",)),
    Case("tax_rates.update", "update tax_rates set rate = 0.07 where id = %(taxUS)s", ("admin",)),
    Case("tax_rates.delete", "delete from tax_rates where id = %(taxSpare)s", ("admin",)),
    Case("shipping_methods.insert", "insert into shipping_methods (code, name) values ('zz', 'ZZ')", ("admin",)),
    Case("shipping_methods.update", "update shipping_methods set name = 'x' where id = %(shipStd)s", ("admin",)),
    Case("shipping_methods.delete", "delete from shipping_methods where id = %(shipSpare)s", ("admin",)),
    Case("shipping_rates.insert", "insert into shipping_rates (method_id, country, price) values (%(shipStd)s,"
         " 'GB', 12)", ("admin",)),
    Case("shipping_rates.update", "update shipping_rates set price = 3 where id = %(rateStd)s", ("admin",)),
    Case("shipping_rates.delete", "delete from shipping_rates where id = %(rateSpare)s", ("admin",)),
    # autoships: consent and attempts are written by the api functions and the job only
    Case("autoships.insert_direct",
         "insert into autoships (customer_id, product_id, quantity, frequency_days, next_run_on, consent_text,"
         " consent_at) values (%(custD)s, %(prod)s, 1, 30, '2030-01-01', 'x', now())", ()),
    Case("autoships.update_direct", "update autoships set failure_count = 0 where id = %(asD)s", ()),
    Case("autoships.cancel_own", "select api.autoship_cancel(%(asD)s)", ("distributor", "support", "admin")),
    Case("autoships.cancel_other", "select api.autoship_cancel(%(asO)s)", ("support", "admin")),
    Case("autoship_attempts.delete", "delete from autoship_attempts where id = %(atD)s", ()),
    Case("payment_imports.insert_direct", "insert into payment_imports (source) values ('x')", ()),
    Case("payment_imports.import", "select api.payment_import('x.csv', '[{\"order_number\": \"none\"}]')",
         ("support", "finance", "admin")),
    # compliance cases: managers and support write (no delete), admins all
    Case("compliance_cases.insert",
         "insert into compliance_cases (case_number, subject_type, subject_id, severity, title, description)"
         f" values ({NUM}, 'user', %(O)s, 'low', 't', 'd')", ("manager", "support", "admin")),
    Case("compliance_cases.update", "update compliance_cases set status = 'investigating' where id = %(case1)s",
         ("manager", "support", "admin")),
    Case("compliance_cases.delete", "delete from compliance_cases where id = %(case1)s", ("admin",)),
    # audit_logs: no one writes through mlm_app, admins and auditors included
    Case("audit_logs.insert", "insert into audit_logs (entity_type, action) values ('x', 'x')", ()),
    Case("audit_logs.update", "update audit_logs set action = 'x' where id = %(audit)s", ()),
    Case("audit_logs.delete", "delete from audit_logs where id = %(audit)s", ()),
]


def _case_params() -> list:
    return [pytest.param(case, role, id=f"{case.name}-{role}") for case in CASES for role in case.roles]


@pytest.mark.parametrize("case,role", _case_params())
def test_writes(wdb, world, case, role):
    params = world.params(role)
    if case.setup:
        wdb.execute(case.setup, params)
    as_user(wdb, params["me"])
    outcome = attempt(wdb, case.sql, params)
    if role in case.allowed:
        assert outcome == "ok", f"{role} should be allowed: {outcome}"
    else:
        assert outcome in DENIED, f"{role} should be refused: {outcome}"


def test_every_written_table_has_allowed_and_refused_write_cases():
    """The allow and the deny half of each cell; derived tables and the audit trail: nobody writes."""
    allowed = {c.name.split(".")[0] for c in CASES if c.allowed}
    refused = {c.name.split(".")[0] for c in CASES if set(c.roles) - set(c.allowed)}
    assert refused == set(PUBLIC_TABLES)
    assert set(PUBLIC_TABLES) - allowed == {"genealogy_paths", "period_volumes", "period_estimates", "volume_events",
                                            "audit_logs", "autoship_attempts"}


# ---------------------------------------------------------------------------
# The contract's sentences, one by one
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_an_auditor_writes_nothing(wdb, world, table):
    as_user(wdb, world.ids["U"])
    column = wdb.execute(
        "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0"
        " and not attisdropped and attgenerated = '' and attidentity = '' order by attnum limit 1",
        [f"public.{table}"]).fetchone()["attname"]
    # Its own users row and profile are the auditor's to edit (profile columns only).
    others = {"users": "id <> %(me)s", "user_profiles": "user_id <> %(me)s"}.get(table, "true")
    params = world.params("auditor")
    assert attempt(wdb, f"insert into public.{table} default values", {}) == "42501"
    assert attempt(wdb, f'update public.{table} set "{column}" = "{column}" where {others}', params) in DENIED
    assert attempt(wdb, f"delete from public.{table}", {}) in DENIED
    as_superuser(wdb)
    assert visible(wdb, world, table) == set(world.keys[table])


def test_a_distributor_cannot_read_another_ones_email(wdb, world):
    as_user(wdb, world.ids["D"])
    assert wdb.execute("select email from users where id = %s", [world.ids["O"]]).fetchall() == []
    assert wdb.execute("select email from users where id = %s", [world.ids["C"]]).fetchall() == []
    assert wdb.execute("select phone, tax_id from users join user_profiles on user_id = id"
                       " where id = %s", [world.ids["C"]]).fetchall() == []
    assert len(wdb.execute("select email from users where id = %s", [world.ids["D"]]).fetchall()) == 1


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reads_password_hashes(wdb, world, role):
    as_user(wdb, world.ids[ACTOR[role]])
    fails_with(wdb, "42501", "select password_hash from private.user_credentials")
    fails_with(wdb, "42501", "select * from private.schema_migrations")


def test_a_distributor_cannot_change_its_own_role_status_or_sponsor(wdb, world):
    me = world.ids["D"]
    as_user(wdb, me)
    error = fails_with(wdb, "MLDNY", "update users set role = 'admin' where id = %s", [me])
    assert error.diag.column_name == "role"
    error = fails_with(wdb, "MLDNY", "update users set status = 'active', role = 'manager' where id = %s", [me])
    assert error.diag.column_name == "role"
    fails_with(wdb, "MLDNY", "update users set status = 'inactive' where id = %s", [me])
    fails_with(wdb, "MLDNY", "update users set email_verified = true where id = %s", [me])
    assert wdb.execute("update distributors set sponsor_id = %s where user_id = %s",
                       [world.ids["R"], me]).rowcount == 0
    assert wdb.execute("update distributors set status = 'active', rank_id = 'diamond' where user_id = %s",
                       [me]).rowcount == 0
    as_superuser(wdb)
    row = wdb.execute("select u.role, u.status, d.sponsor_id::text, d.rank_id from users u"
                      " join distributors d on d.user_id = u.id where u.id = %s", [me]).fetchone()
    assert row == {"role": "distributor", "status": "active", "sponsor_id": world.ids["T"], "rank_id": None}


@pytest.mark.parametrize("role", ["manager", "support", "finance", "auditor"])
def test_staff_cannot_promote_themselves(wdb, world, role):
    me = world.ids[ACTOR[role]]
    as_user(wdb, me)
    fails_with(wdb, "MLDNY", "update users set role = 'admin' where id = %s", [me])
    assert wdb.execute("update users set first_name = 'Renamed' where id = %s", [me]).rowcount == 1


def test_an_admin_the_system_user_and_a_dba_change_roles_and_status(wdb, world):
    as_user(wdb, world.ids["A"])
    assert wdb.execute("update users set role = 'manager', status = 'suspended' where id = %s",
                       [world.ids["O"]]).rowcount == 1
    as_user(wdb, SYSTEM_USER_ID)
    assert wdb.execute("update users set role = 'support' where id = %s", [world.ids["O"]]).rowcount == 1
    as_superuser(wdb)
    assert wdb.execute("update users set role = 'finance' where id = %s", [world.ids["O"]]).rowcount == 1
    assert wdb.execute("select role::text from users where id = %s", [world.ids["O"]]).fetchone()["role"] == "finance"


def test_definer_functions_may_update_account_fields(wdb, world):
    """Sign-in code runs as mlm_definer: the guard is for mlm_app only."""
    as_user(wdb, world.ids["D"])
    wdb.execute("select set_config('role', 'mlm_definer', true)")
    assert wdb.execute("update users set login_attempts = 1 where id = %s", [world.ids["D"]]).rowcount == 1


def test_a_distributor_cannot_approve_its_own_kyc(wdb, world):
    me = world.ids["D"]
    as_user(wdb, me)
    fails_with(wdb, "MLDNY", "update user_profiles set kyc_status = 'approved' where user_id = %s", [me])
    assert wdb.execute("delete from user_profiles where user_id = %s", [me]).rowcount == 0
    as_superuser(wdb)
    wdb.execute("delete from user_profiles where user_id = %s", [me])
    as_user(wdb, me)
    fails_with(wdb, "MLDNY", "insert into user_profiles (user_id, kyc_status) values (%s, 'approved')", [me])
    assert wdb.execute("insert into user_profiles (user_id, tax_id) values (%s, 'T-1')", [me]).rowcount == 1


def test_orders_a_distributor_may_not_create_or_mark_paid(wdb, world):
    ids = world.ids
    as_user(wdb, ids["D"])
    fails_with(wdb, "42501", "update orders set payment_status = 'paid', status = 'confirmed', paid_at = now()"
                             " where id = %s", [ids["oD"]])
    fails_with(wdb, "42501", "update orders set status = 'shipped' where id = %s", [ids["oD"]])
    fails_with(wdb, "42501", "update orders set notes = 'x' where id = %s", [ids["oDpaid"]])
    fails_with(wdb, "MLDNY", "select api.order_payment_record(%s, 'card', 'x', 50.00)", [ids["oD"]])
    fails_with(wdb, "MLDNY", "select api.order_advance(%s, 'shipped', 'TRK')", [ids["oDpaid"]])


# ---------------------------------------------------------------------------
# Helpers and the names function
# ---------------------------------------------------------------------------

def test_auth_helpers(wdb, world):
    ids = world.ids
    as_user(wdb, ids["D"])
    row = wdb.execute(
        "select auth.user_id()::text as uid, auth.user_role()::text as role, auth.sponsor_id()::text as sponsor,"
        " auth.in_downline(%(C)s) as c, auth.in_downline(%(G)s) as g, auth.in_downline(%(D)s) as self,"
        " auth.in_downline(%(O)s) as o, auth.in_downline(%(T)s) as t, auth.is_staff() as staff,"
        " auth.is_admin() as admin, auth.has_role('manager', 'distributor') as has", ids).fetchone()
    assert row == {"uid": ids["D"], "role": "distributor", "sponsor": ids["T"], "c": True, "g": True,
                   "self": False, "o": False, "t": False, "staff": False, "admin": False, "has": True}
    as_user(wdb, ids["F"])
    assert wdb.execute("select auth.is_staff() and not auth.is_admin() as ok").fetchone()["ok"]
    as_user(wdb, ids["X"])
    assert wdb.execute("select auth.user_role() is null and not auth.has_role('distributor') as ok"
                       ).fetchone()["ok"]
    as_user(wdb, None)
    assert wdb.execute("select auth.user_id() is null and auth.user_role() is null as ok").fetchone()["ok"]


def _people(conn, ids=None) -> dict[str, dict]:
    rows = conn.execute("select * from api.distributor_people(%s)", [ids]).fetchall()
    return {str(r["user_id"]): r for r in rows}


def test_distributor_people_shows_downline_and_sponsor_names_only(wdb, world):
    ids = world.ids
    as_user(wdb, ids["D"])
    people = _people(wdb)
    by_label = {label: people[ids[label]] for label in ("T", "D", "C", "G", "X")}
    assert set(people) & {ids[x] for x in ("R", "T", "D", "O", "C", "G", "X")} == {ids[x] for x in by_label}
    assert ids["O"] not in people and ids["R"] not in people
    assert (by_label["C"]["first_name"], by_label["C"]["last_name"]) == ("Carl", "Child")
    assert (by_label["T"]["first_name"], by_label["T"]["last_name"]) == ("Tess", "Sponsor")
    assert str(by_label["C"]["sponsor_id"]) == ids["D"]
    assert set(by_label["C"]) == {"user_id", "distributor_number", "first_name", "last_name", "rank_id",
                                  "status", "join_date", "sponsor_id"}
    assert set(_people(wdb, [ids["O"], ids["C"]])) == {ids["C"]}


def test_distributor_people_for_staff_and_for_nobody(wdb, world):
    ids = world.ids
    everyone = {ids[x] for x in ("R", "T", "D", "O", "C", "G", "X")}
    for staff in ("M", "S", "F", "U", "A"):
        as_user(wdb, ids[staff])
        assert everyone <= set(_people(wdb))
    for nobody in (None, ids["X"], ids["Asus"]):
        as_user(wdb, nobody)
        assert _people(wdb) == {}
