"""The one place a connection gets an identity, and the data layer's way to
run SQL on it. No Flask here: the web layer and the jobs each bind the
connection of their transaction, and `webapp.data` only ever calls `query`.

Every request and every job is one transaction whose first statement is the
contract's `set_config('role', 'mlm_app', true), set_config('app.user_id', …,
true)` (PostgREST's way): row-level security then decides what the caller
sees, and nothing survives the transaction on the pooled connection.
"""
from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from webapp.platform.errors import refusal_from

IDENTITY_SQL = (
    "select set_config('role', 'mlm_app', true),"
    " set_config('app.user_id', %(user_id)s, true),"
    " set_config('app.request_id', %(request_id)s, true),"
    " set_config('app.ip', %(ip)s, true),"
    " set_config('app.user_agent', %(user_agent)s, true)"
)

# The seeded system user that scheduled jobs act as (role admin, no password).
SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000001"


@dataclass(frozen=True)
class Actor:
    """Who a transaction acts for, and what the audit trail records of them."""
    user_id: str | None
    request_id: str = ""
    ip: str = ""
    user_agent: str = ""

    @classmethod
    def system(cls, job: str = "") -> Actor:
        return cls(SYSTEM_USER_ID, request_id=job or f"job-{uuid.uuid4()}")

    def settings(self) -> dict[str, str]:
        return {"user_id": self.user_id or "", "request_id": self.request_id,
                "ip": self.ip, "user_agent": self.user_agent[:400]}


def open_pool(dsn: str, *, min_size: int = 1, max_size: int = 10,
              settings: dict[str, str] | None = None) -> ConnectionPool:
    """A pool whose connections start with `settings` (server parameters, such
    as the web's `jit` and `statement_timeout`), added to any the DSN gives."""
    if settings:
        given = conninfo_to_dict(dsn).get("options") or ""
        extra = " ".join(f"-c {name}={value}" for name, value in settings.items())
        dsn = make_conninfo(dsn, options=f"{given} {extra}".strip())
    # check: each connection is tried (one empty round trip) as it leaves the pool,
    # so a database restart costs a reconnect, not the next requests of every worker.
    pool = ConnectionPool(dsn, min_size=min_size, max_size=max_size, open=False,
                          kwargs={"row_factory": dict_row, "autocommit": False},
                          check=ConnectionPool.check_connection, name="mlmcrm")
    pool.open(wait=True, timeout=30)
    return pool


@contextlib.contextmanager
def unit_of_work(pool: ConnectionPool, actor: Actor) -> Iterator[psycopg.Connection]:
    """One transaction acting as `actor`: committed on success, rolled back on error."""
    with pool.connection() as conn, conn.transaction():
        conn.execute(IDENTITY_SQL, actor.settings())
        yield conn


def set_identity(conn: psycopg.Connection, actor: Actor) -> None:
    """Act as `actor` for the rest of `conn`'s transaction (sign-in, sign-out)."""
    conn.execute(IDENTITY_SQL, actor.settings())


# --- The connection the data layer uses ---------------------------------------

_bound: contextvars.ContextVar[psycopg.Connection | None] = contextvars.ContextVar("mlmcrm_db", default=None)
_pool: contextvars.ContextVar[ConnectionPool | None] = contextvars.ContextVar("mlmcrm_pool", default=None)


def _no_connection() -> psycopg.Connection | None:
    return None


# Set by the web layer: opens the request's transaction on first use (None outside a request).
_lazy_connection: Callable[[], psycopg.Connection | None] = _no_connection


@contextlib.contextmanager
def bound(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Let the data layer use `conn` (a job's or a CLI command's transaction)."""
    token = _bound.set(conn)
    try:
        yield conn
    finally:
        _bound.reset(token)


def on_demand(opener: Callable[[], psycopg.Connection | None]) -> None:
    """Register how to open a transaction when nothing is bound: the web layer's
    request transaction, begun with the caller's identity on first use."""
    global _lazy_connection
    _lazy_connection = opener


def connection() -> psycopg.Connection:
    """The connection of this job, CLI command or request."""
    conn = _bound.get() or _lazy_connection()
    if conn is None:
        raise RuntimeError("No transaction: bind one with webapp.platform.db.bound().")
    return conn


@contextlib.contextmanager
def using_pool(pool: ConnectionPool) -> Iterator[ConnectionPool]:
    """The pool this context's work belongs to (a request's app), for work it
    starts in-process: a job run at once (MLMCRM_HUEY=memory) reaches the same
    database as the request that enqueued it."""
    token = _pool.set(pool)
    try:
        yield pool
    finally:
        _pool.reset(token)


def use_pool(pool: ConnectionPool | None) -> None:
    """Set (or, with None, end) the pool of the work this context is doing:
    the web layer sets it at a request's start and ends it at its teardown."""
    _pool.set(pool)


def current_pool() -> ConnectionPool | None:
    return _pool.get()


def query(sql: str, params: dict | None = None) -> list[dict]:
    """Run one statement in a savepoint of the current transaction.

    A refusal of ours (sql/ERRORS.md) becomes its `Refusal` and leaves the
    transaction usable, so the caller can show the message and carry on.
    """
    conn = connection()
    try:
        with conn.transaction():
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []
    except psycopg.Error as exc:
        refusal = refusal_from(exc)
        if refusal is not None:
            raise refusal from exc
        raise


def query_one(sql: str, params: dict | None = None) -> dict | None:
    rows = query(sql, params)
    return rows[0] if rows else None
