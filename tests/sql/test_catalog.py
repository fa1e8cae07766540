"""Catalog meta-tests: what must hold for every table, role and function, now
and for whatever later migrations add (house-style.md, "Catalog meta-tests")."""
from __future__ import annotations

import re

from webapp.platform import migrate

OUR_SCHEMAS = ("api", "auth", "private", "public")
# Functions that belong to an extension (citext, pg_trgm, ...) are not ours.
OUR_FUNCTIONS = """
    select p.oid, n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
           p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner) as owner,
           coalesce(p.proacl, acldefault('f', p.proowner)) as acl
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = any (%s)
       and not exists (select from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
"""


def _functions(db, schemas=OUR_SCHEMAS):
    return db.execute(OUR_FUNCTIONS, [list(schemas)]).fetchall()


def _pins_search_path(proconfig) -> bool:
    return any(setting.startswith("search_path=") for setting in proconfig or [])


def test_every_public_table_has_rls_enabled_and_forced(db):
    rows = db.execute(
        "select c.oid::regclass::text as t, c.relrowsecurity as enabled, c.relforcerowsecurity as forced"
        "  from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where (n.nspname = 'public' and c.relkind in ('r', 'p'))"
        "    or c.oid = 'private.user_credentials'::regclass").fetchall()
    assert len(rows) > 20
    assert [r["t"] for r in rows if not (r["enabled"] and r["forced"])] == []


def test_every_public_table_has_a_policy_and_policies_name_mlm_app_only(db):
    without = db.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'public' and c.relkind in ('r', 'p')"
        "   and not exists (select from pg_policy p where p.polrelid = c.oid)").fetchall()
    assert without == []
    others = db.execute(
        "select polname from pg_policy where polroles <> array['mlm_app'::regrole]::oid[]").fetchall()
    assert others == []


def test_runtime_roles_cannot_bypass_rls(db):
    roles = {r["rolname"]: r for r in db.execute(
        "select rolname, rolsuper, rolbypassrls, rolcanlogin, rolinherit, rolcreaterole, rolcreatedb"
        "  from pg_roles where rolname in ('mlm_app', 'mlm_web', 'mlm_definer')")}
    for name in ("mlm_app", "mlm_web"):
        assert not roles[name]["rolsuper"] and not roles[name]["rolbypassrls"], name
        assert not roles[name]["rolcreaterole"] and not roles[name]["rolcreatedb"], name
    assert not roles["mlm_app"]["rolcanlogin"]
    assert roles["mlm_web"]["rolcanlogin"] and not roles["mlm_web"]["rolinherit"]
    # The definer role crosses RLS but cannot sign in.
    assert roles["mlm_definer"]["rolbypassrls"] and not roles["mlm_definer"]["rolcanlogin"]
    assert not roles["mlm_definer"]["rolsuper"]


def test_runtime_and_definer_roles_own_no_relations(db):
    owned = db.execute(
        "select c.oid::regclass::text as rel, pg_get_userbyid(c.relowner) as owner from pg_class c"
        " where pg_get_userbyid(c.relowner) in ('mlm_definer', 'mlm_app', 'mlm_web')"
        "   and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')").fetchall()
    assert owned == []


def test_every_security_definer_function_pins_search_path_and_is_owned_by_mlm_definer(db):
    definers = [f for f in _functions(db) if f["prosecdef"]]
    assert any(f["name"] == "auth.user_role()" for f in definers)
    assert [f["name"] for f in definers if not _pins_search_path(f["proconfig"])] == []
    assert [(f["name"], f["owner"]) for f in definers if f["owner"] != "mlm_definer"] == []


# language sql functions the planner must inline into set-based queries: a
# function with a SET clause is never inlined, so these pin nothing and name
# every operator and function by schema instead (their files say so).
INLINED = {"private.commission_cents(p_base_cents bigint, p_rate_millionths bigint)"}


def test_every_function_pins_search_path(db):
    assert [f["name"] for f in _functions(db) if not _pins_search_path(f["proconfig"])] == sorted(INLINED)


def test_the_functions_that_pin_no_search_path_are_inlined(db):
    for name in INLINED:
        row = db.execute(
            "select (select l.lanname = 'sql' from pg_language l where l.oid = p.prolang) as is_sql,"
            "       p.provolatile = 'i' as immutable, p.prosecdef, p.prosrc"
            "  from pg_proc p where p.oid = to_regprocedure(%s)",
            [re.sub(r"\bp_\w+ ", "", name)]).fetchone()
        assert row["is_sql"] and row["immutable"] and not row["prosecdef"], name
        # Every operator is schema-qualified: no bare + - * / < > = in the body.
        assert re.findall(r"(?<!operator\(pg_catalog\.)[-+*/<>=]+(?=\s)", row["prosrc"]) == [], name
    plan = "\n".join(r["QUERY PLAN"] for r in db.execute(
        "explain (verbose, costs off) select private.commission_cents(g, -g) from generate_series(1, 3) g"))
    assert "commission_cents" not in plan and "1000000" in plan


def test_nothing_in_api_auth_private_is_executable_by_public(db):
    # has_function_privilege('public', ...) does not exist: read the ACL, where
    # PUBLIC is grantee 0 (an '=X/owner' entry).
    executable = db.execute(
        OUR_FUNCTIONS + " and exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a"
          "              where a.grantee = 0 and a.privilege_type = 'EXECUTE')",
        [["api", "auth", "private"]]).fetchall()
    assert [f["name"] for f in executable] == []


def test_no_security_definer_function_is_executable_by_public(db):
    executable = db.execute(
        OUR_FUNCTIONS + " and p.prosecdef and exists (select from aclexplode(coalesce(p.proacl,"
                        " acldefault('f', p.proowner))) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')",
        [list(OUR_SCHEMAS)]).fetchall()
    assert [f["name"] for f in executable] == []


def test_mlm_app_has_no_privilege_on_schema_private(db):
    row = db.execute(
        "select has_schema_privilege('mlm_app', 'private', 'usage') as app_usage,"
        "       has_schema_privilege('mlm_app', 'private', 'create') as app_create,"
        "       has_schema_privilege('mlm_web', 'private', 'usage') as web_usage").fetchone()
    assert row == {"app_usage": False, "app_create": False, "web_usage": False}
    tables = db.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'private' and c.relkind in ('r', 'p', 'v')"
        "   and (has_table_privilege('mlm_app', c.oid, 'select, insert, update, delete')"
        "        or has_table_privilege('mlm_web', c.oid, 'select, insert, update, delete'))").fetchall()
    assert tables == []


def test_mlm_app_never_truncates_and_never_writes_the_audit_trail(db):
    truncatable = db.execute(
        "select c.oid::regclass::text as t from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname in ('public', 'private', 'api', 'auth') and c.relkind in ('r', 'p')"
        "   and has_table_privilege('mlm_app', c.oid, 'truncate, references, trigger')").fetchall()
    assert truncatable == []
    row = db.execute(
        "select has_table_privilege('mlm_app', 'public.audit_logs', 'select') as sel,"
        "       has_table_privilege('mlm_app', 'public.audit_logs', 'insert, update, delete') as write").fetchone()
    assert row == {"sel": True, "write": False}


def test_mlm_web_can_do_nothing_outside_huey_without_the_identity_statement(db):
    granted = db.execute(
        "select c.oid::regclass::text as t from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname not in ('huey', 'information_schema') and n.nspname !~ '^pg_'"
        "   and c.relkind in ('r', 'p', 'v', 'm')"
        "   and has_table_privilege('mlm_web', c.oid, 'select, insert, update, delete')").fetchall()
    assert granted == []
    assert db.execute("select has_table_privilege('mlm_web', 'huey.huey_task', 'insert') as ok").fetchone()["ok"]


def test_the_migration_defines_the_policy_helpers_as_the_function_files_do():
    """0003 defines the auth.* helpers its policies need; the files under
    sql/functions/ take over on later upgrades: same bodies."""
    migration = (migrate.MIGRATIONS_DIR / "0003_rls.sql").read_text()
    files = sorted((migrate.FUNCTIONS_DIR / "auth").glob("*.sql"))
    assert len(files) >= 7
    for path in files:
        text = path.read_text()
        body = re.search(r"create or replace function .*?\n\$\$;\n", text, re.S).group(0)
        assert body in migration, path.name


# The contract's functions (sql-contract.md): what a DBA calls at the console.
CONTRACT_FUNCTIONS = ("close_period", "finalize_period", "calculate_distributor_volumes", "move_distributor",
                      "check_genealogy", "check_genealogy_counts")
DOCUMENTED = """
    select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
           obj_description(p.oid, 'pg_proc') as comment
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
     where (n.nspname in ('api', 'auth', 'private')
            or (n.nspname = 'public' and p.prorettype <> 'trigger'::regtype))
       and not exists (select from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
"""


def test_every_function_has_a_comment(db):
    """\\df+ documents the DBA surface: every api function, the contract's
    functions and every other public function that is not a trigger's; and
    the auth and private functions they are built from."""
    rows = db.execute(DOCUMENTED).fetchall()
    names = {r["name"].split("(")[0] for r in rows}
    assert {f"public.{f}" for f in CONTRACT_FUNCTIONS} <= names
    assert sum(r["name"].startswith("api.") for r in rows) > 100
    assert [r["name"] for r in rows if not (r["comment"] or "").strip()] == []


def test_comments_name_only_registered_sqlstates(db):
    registry = (migrate.MIGRATIONS_DIR.parent / "ERRORS.md").read_text(encoding="utf-8")
    known = set(re.findall(r"^\| `(ML[A-Z]{3})` \|", registry, re.M))
    assert {"MLVAL", "MLDNY", "MLCLS", "MLPER", "MLCYC"} <= known
    named = {(r["name"], code) for r in db.execute(DOCUMENTED + " and obj_description(p.oid, 'pg_proc') is not null")
             for code in re.findall(r"\bML[A-Z]{3}\b", r["comment"])}
    assert [(name, code) for name, code in sorted(named) if code not in known] == []
