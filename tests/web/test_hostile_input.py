"""Hostile input never reaches a 500: every route of the URL map, driven with
NUL bytes, broken UTF-8, huge strings, malformed ids, NaN and overflowing
numbers, impossible dates and control characters, as a distributor and as an
admin (two-factor on), on the demo business. Each answer is a 2xx/3xx/4xx."""
from __future__ import annotations

import re
from urllib.parse import quote

import psycopg
import pytest
from factories import make_ledger_entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row
from webtools import PASSWORD, WebEnv, csrf_from, sign_in

from webapp.platform import database
from webapp.platform.passwords import hash_password
from webapp.tools import demo_data

# Every value below is sent on every run; hypothesis adds random text.
HOSTILE = [
    "\x00", "a\x00b", "\udcff", "\x1b[31m", "\r\nX-Injected: 1", "x" * 100_000, "-1", "1e309", "NaN",
    "sNaN", "-Infinity", "99999999999999999999", "2025-13-45", "2025-02-30T25:61", "not-a-uuid",
    "' or 1=1 --", "<script>alert(1)</script>", "%ff%fe", "../../etc/passwd", "{}", "  ", "\u202e１２３", "1,5",
    "0.005",
]

# Routes not driven, each with why.
SKIPPED = {
    "static": "files, no input",
    "auth.logout": "ends the session the test uses",
}
# Where a route's id comes from in the demo business, by its URL parameter name.
IDS = {
    "contact_id": "select id from contacts", "customer_id": "select id from customers",
    "order_id": "select id from orders", "product_id": "select id from products",
    "task_id": "select id from tasks", "activity_id": "select id from activities",
    "person_id": "select user_id from distributors", "distributor_id": "select user_id from distributors",
    "user_id": "select id from users where not is_system", "import_id": "select id from contact_imports",
    "autoship_id": "select id from autoships", "rule_id": "select id from lead_score_rules",
    "filter_id": "select id from contact_saved_filters", "method_id": "select id from shipping_methods",
    "rate_id": "select id from tax_rates", "adjustment_id": "select id from commission_ledger where is_manual",
    "period_id": "select id from commission_periods", "rank_id": "select id from ranks",
    "key": "select key from plan_settings", "token": "select 'no-such-token'", "index": "select 0",
}
QUERY_NAMES = ("q", "page", "status", "sort", "id", "number", "after", "distributor", "customer", "next",
               "root", "who", "owner", "tag", "stage", "source", "follow_up", "entity", "action", "role",
               "kind", "type", "limit", "before")


@pytest.fixture(scope="module")
def demo_web(clone_db, server_dsn):
    name = clone_db("h")
    admin = make_conninfo(server_dsn, dbname=name)
    with psycopg.connect(admin, autocommit=True) as conn:
        demo_data.load(conn, distributors=60, seed=11)
    with psycopg.connect(admin, autocommit=True, row_factory=dict_row) as conn:
        conn.execute("update private.user_credentials set password_hash = %s", [hash_password(PASSWORD)])
        someone = conn.execute("select user_id from distributors order by distributor_number limit 1").fetchone()
        open_period = conn.execute("select id from commission_periods where status = 'open' order by id desc"
                                   " limit 1").fetchone()
        # What the demo has none of: a saved filter, an import, a manual adjustment.
        conn.execute("insert into contact_saved_filters (user_id, name) values (%s, 'Hot leads')", [someone["user_id"]])
        conn.execute("insert into contact_imports (owner_id, created_by, file_name, encoding, delimiter, header,"
                     " row_count) values (%s, %s, 'x.csv', 'utf-8', ',', '{a}', 0)",
                     [someone["user_id"], someone["user_id"]])
        make_ledger_entry(conn, str(someone["user_id"]), open_period["id"], type="adjustment")
        ids = {}
        for param, sql in IDS.items():
            row = conn.execute(sql + " limit 1").fetchone()
            ids[param] = str(next(iter(row.values()))) if row else None
        admin_email = conn.execute("select email from users where role = 'admin' and not is_system"
                                   " order by email limit 1").fetchone()["email"]
        dist_email = "distributor@demo.mlmcrm.test"  # the demo's mid-tree distributor, who can sign in
    env = WebEnv(admin, database.app_dsn(name))
    env.ids, env.logins = ids, {"admin": admin_email, "distributor": dist_email}
    yield env
    env.app.extensions["mlmcrm.pool"].close()


def routes(app):
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            out.append((rule, method))
    return out


def url_for_rule(env, rule, hostile: str | None) -> str | None:
    url = rule.rule
    for arg in rule.arguments:
        converter = type(rule._converters[arg]).__name__
        value = env.ids.get(arg)
        if value is None:
            return None
        if hostile is not None and converter in ("UnicodeConverter", "PathConverter"):
            value = hostile
        url = re.sub(r"<(?:[^:<>]+:)?" + arg + ">", _quote(value), url)
    return url


def _quote(value: str) -> str:
    """Percent-encoded as a browser would send it; a lone surrogate becomes the
    broken UTF-8 byte it stands for (\\udcff -> %FF)."""
    return quote(value.encode("utf-8", "surrogateescape"), safe="")


def encoded(pairs: dict) -> str:
    return "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs.items())


def signed_in(env, role):
    client = env.app.test_client()
    assert sign_in(client, {"email": env.logins[role], "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200, f"the {role} is not signed in"
    if role == "admin":
        env.sql("update users set two_factor_enabled = true where email = %s", [env.logins[role]])
    return client


def form_names(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="([^"]+)"', html)) - {"csrf_token"})


@pytest.fixture(scope="module", params=["distributor", "admin"])
def driver(request, demo_web):
    """A signed-in client, and each route's requests planned once: the URL and,
    for a POST, the fields of the page that shows its form."""
    role = request.param
    client = signed_in(demo_web, role)
    token = csrf_from(client.get("/").get_data(as_text=True))
    plans = []
    for rule, method in routes(demo_web.app):
        fields = []
        if method == "POST":
            shown = client.get(url_for_rule(demo_web, rule, None).rsplit("/", 1)[0] or "/")
            fields = form_names(shown.get_data(as_text=True)) if shown.status_code == 200 else []
        plans.append((rule, method, fields))
    return role, client, token, plans


def drive(env, driver, value: str) -> list[str]:
    role, client, token, plans = driver
    errors = []
    query = encoded({name: value for name in QUERY_NAMES})
    for rule, method, fields in plans:
        takes_text = any(type(rule._converters[a]).__name__ == "UnicodeConverter" for a in rule.arguments)
        for hostile_path in ((None, value) if takes_text else (None,)):
            url = url_for_rule(env, rule, hostile_path)
            if method == "GET":
                response = client.get(url, query_string=query)
            else:
                form = encoded({name: value for name in fields} | {"csrf_token": token})
                response = client.post(url, data=form, query_string=query,
                                       content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                errors.append(f"{method} {rule.rule} ({role}, {value[:20]!r}) -> {response.status_code}")
    return errors


def test_every_route_is_driven(demo_web):
    for rule, _method in routes(demo_web.app):
        assert all(arg in IDS for arg in rule.arguments), f"no id for {rule.rule}: add it to IDS"
        assert url_for_rule(demo_web, rule, None), f"the demo has no row for {rule.rule}: add one"


def test_the_listed_hostile_values_never_answer_a_server_error(demo_web, driver):
    errors = [e for value in HOSTILE for e in drive(demo_web, driver, value)]
    assert errors == []


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(value=st.text(max_size=40))
def test_random_text_never_answers_a_server_error(demo_web, driver, value):
    assert drive(demo_web, driver, value) == []
