"""The web's connections: no JIT, a statement timeout, and a request that
runs past it is shed with a 503 and changes nothing."""
from __future__ import annotations

import pytest

from webapp import create_app
from webapp.platform import db


@pytest.fixture(scope="module")
def slow_app(app_dsn):
    app = create_app({"DATABASE_DSN": app_dsn, "TESTING": True,
                      "DATABASE_SETTINGS": {"jit": "off", "statement_timeout": "200ms"}})

    @app.get("/_test/slow")
    def _slow():
        db.query("select set_config('app.test_marker', 'x', true)")
        db.query("select pg_sleep(2)")
        return "never"

    @app.get("/_test/settings")
    def _settings():
        row = db.query_one("select current_setting('jit') as jit,"
                           " current_setting('statement_timeout') as timeout")
        return row

    yield app
    app.extensions["mlmcrm.pool"].close()


def test_the_web_pool_runs_without_jit_and_with_the_configured_timeout(app_dsn):
    app = create_app({"DATABASE_DSN": app_dsn, "TESTING": True})
    try:
        with app.extensions["mlmcrm.pool"].connection() as conn:
            row = conn.execute("select current_setting('jit') as jit,"
                               " current_setting('statement_timeout') as timeout").fetchone()
            conn.rollback()
    finally:
        app.extensions["mlmcrm.pool"].close()
    assert row == {"jit": "off", "timeout": "15s"}


def test_times_without_a_zone_are_read_as_utc_whatever_the_servers_zone(clone_db, server_dsn):
    """An import's cell or a typed time without a zone (2031-03-01 10:00) is 10:00
    UTC, as the app shows times, even where the database's TimeZone is elsewhere;
    the worker's pool has the same setting (jobs/worker.py)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    from webapp.platform import config, database

    name = clone_db("tz")
    with psycopg.connect(make_conninfo(server_dsn, dbname=name), autocommit=True) as conn:
        conn.execute(f'alter database "{name}" set timezone = \'America/New_York\'')
    app = create_app({"DATABASE_DSN": database.app_dsn(name), "TESTING": True})
    worker = db.open_pool(database.app_dsn(name), min_size=1, max_size=1, settings=config.session_settings())
    try:
        for pool in (app.extensions["mlmcrm.pool"], worker):
            with pool.connection() as conn:
                row = conn.execute("select to_char('2031-03-01 10:00'::timestamptz at time zone 'UTC',"
                                   " 'YYYY-MM-DD HH24:MI') as at").fetchone()
                conn.rollback()
            assert row["at"] == "2031-03-01 10:00"
    finally:
        app.extensions["mlmcrm.pool"].close()
        worker.close()


def test_other_pools_keep_the_servers_settings(app_dsn):
    pool = db.open_pool(app_dsn, min_size=1, max_size=1)  # the worker's kind: the close needs no timeout
    try:
        with pool.connection() as conn:
            assert conn.execute("select current_setting('statement_timeout') as t").fetchone()["t"] == "0"
            conn.rollback()
    finally:
        pool.close()


def test_a_statement_past_the_timeout_is_shed_with_a_503(slow_app):
    response = slow_app.test_client().get("/_test/slow")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "busy" in response.get_data(as_text=True)


def test_the_pool_keeps_serving_after_a_shed_request(slow_app):
    client = slow_app.test_client()
    assert client.get("/_test/slow").status_code == 503
    assert client.get("/_test/settings").get_json() == {"jit": "off", "timeout": "200ms"}
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_bad_timeout_setting_is_a_clear_error(monkeypatch):
    from webapp.platform import config

    monkeypatch.setenv("MLMCRM_WEB_STATEMENT_TIMEOUT", "fast")
    with pytest.raises(ValueError, match="number of seconds"):
        config.web_session_settings()
    monkeypatch.setenv("MLMCRM_WEB_STATEMENT_TIMEOUT", "0")
    assert config.web_session_settings()["statement_timeout"] == "0ms"
