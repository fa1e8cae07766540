"""Who the running app is to the database: it connects as mlm_web (which can
read nothing by itself) and every request acts as mlm_app under RLS."""
from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row
from webtools import sign_in

from webapp import create_app


@pytest.fixture(scope="module")
def app(app_dsn):
    app = create_app({"DATABASE_DSN": app_dsn, "TESTING": True})
    yield app
    app.extensions["mlmcrm.pool"].close()


def test_public_healthz_says_ok_and_nothing_about_the_database(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("role", ["distributor", "auditor"])
def test_healthz_details_are_not_for_other_roles(web, client, role):
    sign_in(client, web.user(role))
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_an_admin_sees_healthz_runs_as_mlm_app_with_rls_active(web, client):
    sign_in(client, web.user("admin"))
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["db_role"] == "mlm_app"
    assert body["rls_active"] is True


def test_the_pool_connects_as_mlm_web(app):
    with app.extensions["mlmcrm.pool"].connection() as conn:
        row = conn.execute("select session_user as login, current_user as acting,"
                           " (select rolsuper or rolbypassrls from pg_roles where rolname = session_user)"
                           " as privileged").fetchone()
        conn.rollback()
    assert row == {"login": "mlm_web", "acting": "mlm_web", "privileged": False}


def test_without_the_identity_statement_mlm_web_reads_nothing(app_dsn):
    with psycopg.connect(app_dsn, row_factory=dict_row) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from public.users")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from private.user_credentials")
        conn.rollback()
        # With the identity statement but no user: mlm_app, and RLS shows no rows.
        conn.execute("select set_config('role', 'mlm_app', true), set_config('app.user_id', '', true)")
        assert conn.execute("select count(*) as n from public.users").fetchone()["n"] == 0


def test_requests_after_the_database_dropped_the_pools_connections_succeed(app, admin_dsn):
    """A database restart (or an idle-connection reaper) kills pooled connections:
    the pool checks each one as it hands it out and reconnects, no request fails."""
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        killed = conn.execute("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                              " where usename = 'mlm_web' and datname = current_database()").fetchone()[0]
    assert killed >= 1
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
