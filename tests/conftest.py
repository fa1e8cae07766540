"""Fixtures: a real PostgreSQL (embedded by default, DATABASE_URL when set).

- One template database per test session, migrated once; every test database
  is a clone of it (cloning is fast, migrating is not).
- `db`: a superuser connection to the session's database inside a transaction
  that is always rolled back. Tests set data up as superuser, then act as a
  user with `as_user(db, user_id)`: that runs the app's very identity
  statement, after which `current_user` is `mlm_app` and RLS decides.
- `fresh_db`: a database of its own for tests that need committed data
  (two connections racing, the web server of the browser tests).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row

# Jobs run in process, at once (jobs/queue.py): a task enqueued by a request runs
# against the test's own database (jobs/worker.py uses the app's pool then).
os.environ.setdefault("MLMCRM_HUEY", "memory")

from dbtools import as_superuser, as_user, fails_with  # noqa: E402,F401  (re-exported for tests)

from webapp.platform import database, migrate  # noqa: E402

RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"


def _create_db(server: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(make_conninfo(server, dbname="postgres"), autocommit=True) as conn:
        stmt = sql.SQL("create database {}").format(sql.Identifier(name))
        if template:
            stmt = sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(template))
        conn.execute(stmt)
    return make_conninfo(server, dbname=name)


def _drop_db(server: str, name: str) -> None:
    with psycopg.connect(make_conninfo(server, dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def server_dsn() -> str:
    return database.server_dsn()


@pytest.fixture(scope="session")
def template_db(server_dsn: str) -> Iterator[str]:
    """Name of a migrated database that only ever serves as a template."""
    name = f"mlmcrm_tpl_{RUN_ID}"
    dsn = _create_db(server_dsn, name)
    migrate.upgrade(dsn)
    yield name
    _drop_db(server_dsn, name)


@pytest.fixture(scope="session")
def clone_db(server_dsn: str, template_db: str):
    """Factory: a new database cloned from the template; dropped at session end."""
    made: list[str] = []

    def clone(label: str = "t") -> str:
        name = f"mlmcrm_{label}_{RUN_ID}_{len(made)}"
        _create_db(server_dsn, name, template=template_db)
        made.append(name)
        return name

    yield clone
    for name in made:
        _drop_db(server_dsn, name)


@pytest.fixture(scope="session")
def session_db(clone_db) -> str:
    return clone_db("s")


@pytest.fixture(scope="session")
def admin_dsn(server_dsn: str, session_db: str) -> str:
    return make_conninfo(server_dsn, dbname=session_db)


@pytest.fixture(scope="session")
def app_dsn(session_db: str) -> str:
    return database.app_dsn(session_db)


@pytest.fixture
def db(admin_dsn: str) -> Iterator[psycopg.Connection]:
    """Superuser connection in a transaction that is rolled back after the test."""
    with psycopg.connect(admin_dsn, row_factory=dict_row) as conn, conn.transaction(force_rollback=True):
        yield conn


@pytest.fixture
def fresh_db(clone_db, server_dsn: str) -> str:
    """Admin DSN of a database of this test's own, with committed data allowed."""
    return make_conninfo(server_dsn, dbname=clone_db("f"))
