"""The one place a connection gets an identity.

Every request and every job is one transaction whose first statement is the
contract's `set_config('role', 'mlm_app', true), set_config('app.user_id', …,
true)` (PostgREST's way): row-level security then decides what the caller
sees, and nothing survives the transaction on the pooled connection.
Views never open connections themselves; they call `get_db()`.
"""
from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from flask import Flask, current_app, g, has_request_context, request, session
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

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
    def system(cls, job: str = "") -> "Actor":
        return cls(SYSTEM_USER_ID, request_id=job or f"job-{uuid.uuid4()}")

    def settings(self) -> dict[str, str]:
        return {"user_id": self.user_id or "", "request_id": self.request_id,
                "ip": self.ip, "user_agent": self.user_agent[:400]}


def open_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> ConnectionPool:
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
    with pool.connection() as conn:
        with conn.transaction():
            conn.execute(IDENTITY_SQL, actor.settings())
            yield conn


# --- Flask integration -------------------------------------------------------

class _Rollback(Exception):
    """Passed to the transaction's exit to make it roll back."""


def init_app(app: Flask, pool: ConnectionPool) -> None:
    app.extensions["mlmcrm.pool"] = pool
    app.after_request(_commit_request_transaction)
    app.teardown_request(_end_request_transaction)


_bound: contextvars.ContextVar[psycopg.Connection | None] = contextvars.ContextVar("mlmcrm_db", default=None)


@contextlib.contextmanager
def bound(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Let the data layer use `conn` outside a request (CLI commands, jobs)."""
    token = _bound.set(conn)
    try:
        yield conn
    finally:
        _bound.reset(token)


def get_db() -> psycopg.Connection:
    """The connection of this job or CLI command (see `bound`), or the request's,
    its transaction begun with the caller's identity."""
    conn = _bound.get()
    if conn is not None:
        return conn
    if "db_stack" not in g:
        stack = contextlib.ExitStack()
        g.db = stack.enter_context(unit_of_work(current_app.extensions["mlmcrm.pool"], _request_actor()))
        g.db_stack = stack
    return g.db


def switch_identity(user_id: str | None) -> None:
    """Act as `user_id` for the rest of this request's transaction (sign-in, sign-out)."""
    actor = _request_actor()
    get_db().execute(IDENTITY_SQL, Actor(user_id, actor.request_id, actor.ip, actor.user_agent).settings())


def _request_actor() -> Actor:
    """The user the signed session cookie names; the user loader then confirms
    it with the database and drops the identity again if it is no longer valid."""
    user_id = session.get("_user_id") if has_request_context() else None
    if not has_request_context():
        return Actor(user_id)
    return Actor(user_id, request_id=g.get("request_id", ""),
                 ip=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""))


def _commit_request_transaction(response):
    """Commit before the response leaves, so a failed commit is an error page, not a lie.

    An error response (4xx/5xx, a form re-rendered with its messages included)
    rolls back instead: bad input changes nothing.
    """
    if response.status_code >= 400:
        _end_request_transaction(None)
        return response
    stack = g.pop("db_stack", None)
    g.pop("db", None)
    if stack is not None:
        stack.close()
    return response


def _end_request_transaction(exc: BaseException | None) -> None:
    """Roll back whatever a failed request left open."""
    stack = g.pop("db_stack", None)
    g.pop("db", None)
    if stack is not None:
        error = exc or _Rollback("request ended without commit")
        stack.__exit__(type(error), error, error.__traceback__)


# --- Calling SQL from the data layer -----------------------------------------

class ValidationError(Exception):
    """An MLVAL refusal: `field` names the form field, `message` is for a person."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def query(sql: str, params: dict | None = None) -> list[dict]:
    """Run one statement in a savepoint of the request's transaction.

    A refusal (MLVAL) becomes a ValidationError and leaves the transaction
    usable, so the view can re-render the form with the message by its field.
    """
    conn = get_db()
    try:
        with conn.transaction():
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []
    except psycopg.Error as exc:
        if exc.sqlstate == "MLVAL":
            raise ValidationError(exc.diag.message_primary or "Invalid input.",
                                  exc.diag.column_name) from exc
        raise


def query_one(sql: str, params: dict | None = None) -> dict | None:
    rows = query(sql, params)
    return rows[0] if rows else None
