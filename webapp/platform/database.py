"""Which PostgreSQL server and database to use, and how to reach it.

Two kinds of connection exist:
- the *admin* DSN runs migrations and creates databases (the embedded
  server's superuser, or the user in DATABASE_URL);
- the *app* DSN is what the web app, the worker and the tests' assertions
  use: the `mlm_web` login role, which owns nothing and can do nothing until
  a transaction's first statement sets `role` and `app.user_id`.
"""
from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from webapp.platform import config, embedded_pg
from webapp.platform.errors import SetupError


def server_dsn() -> str:
    """Admin DSN of the server: DATABASE_URL, or the embedded one (started if needed)."""
    url = config.database_url()
    if url:
        return url
    return embedded_pg.ensure_running(config.data_dir() / "postgres")


def admin_dsn(dbname: str | None = None) -> str:
    """Admin DSN of the app's database (or of `dbname` on the same server)."""
    dsn = server_dsn()
    try:
        given = conninfo_to_dict(dsn).get("dbname") if config.database_url() else None
    except psycopg.ProgrammingError as exc:
        raise SetupError(f"DATABASE_URL is not a valid PostgreSQL URL ({exc}). "
                         "Use postgresql://user@host:port/dbname, or unset it.") from exc
    return make_conninfo(dsn, dbname=dbname or given or config.APP_DATABASE_NAME)


def app_dsn(dbname: str | None = None) -> str:
    """DSN for the `mlm_web` login role on the app's database (or `dbname`)."""
    explicit = config.app_database_url()
    if explicit:
        return explicit if dbname is None else make_conninfo(explicit, dbname=dbname)
    params = conninfo_to_dict(admin_dsn(dbname))
    params.pop("password", None)
    params["user"] = config.APP_LOGIN_ROLE
    return make_conninfo(**params)


def ensure_database(dbname: str | None = None) -> str:
    """Create the app's database when missing; return its admin DSN."""
    dsn = admin_dsn(dbname)
    name = conninfo_to_dict(dsn)["dbname"]
    with connect_admin(make_conninfo(dsn, dbname="postgres")) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    return dsn


def connect_admin(dsn: str, **kwargs) -> psycopg.Connection:
    """Connect with a clear message, not a traceback, when the server is unreachable."""
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise SetupError(describe_connect_error(dsn, exc)) from exc


def describe_connect_error(dsn: str, exc: Exception) -> str:
    where = _redacted(dsn)
    reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
    hint = (
        "Check DATABASE_URL (unset it to use the embedded server)."
        if config.database_url()
        else "The embedded server may have stopped: run the command again."
    )
    return f"Cannot connect to PostgreSQL at {where}: {reason}. {hint}"


def _redacted(dsn: str) -> str:
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(an unreadable DATABASE_URL)"
    host = params.get("host", "localhost")
    return f"{params.get('user', '')}@{host}:{params.get('port', '5432')}/{params.get('dbname', '')}"
