"""The request's transaction: begun on the first query with the caller's
identity, committed before the response leaves, rolled back on any error
response (a form re-rendered with its messages included: bad input changes
nothing).

The data layer never sees Flask: this module registers the request's
transaction with `webapp.platform.db.on_demand`, and `db.connection()` finds
it there.
"""
from __future__ import annotations

import contextlib

import psycopg
from flask import Flask, current_app, g, has_request_context, request, session
from psycopg_pool import ConnectionPool

from webapp.platform import db

POOL_KEY = "mlmcrm.pool"


class _Rollback(Exception):
    """Passed to the transaction's exit to make it roll back."""


def init_app(app: Flask, pool: ConnectionPool) -> None:
    app.extensions[POOL_KEY] = pool
    db.on_demand(_request_connection)
    app.before_request(_bind_pool)
    app.after_request(_commit_request_transaction)
    app.teardown_request(_end_request_transaction)


def app_pool() -> ConnectionPool:
    return current_app.extensions[POOL_KEY]


def request_actor() -> db.Actor:
    """The user the signed session cookie names; the user loader then confirms
    it with the database and drops the identity again if it is no longer valid."""
    return db.Actor(session.get("_user_id"), request_id=g.get("request_id", ""),
                    ip=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""))


def switch_identity(user_id: str | None) -> None:
    """Act as `user_id` for the rest of this request's transaction (sign-in, sign-out)."""
    actor = request_actor()
    db.set_identity(db.connection(), db.Actor(user_id, actor.request_id, actor.ip, actor.user_agent))


def _request_connection() -> psycopg.Connection | None:
    if not has_request_context():
        return None
    if "db_stack" not in g:
        stack = contextlib.ExitStack()
        g.db = stack.enter_context(db.unit_of_work(app_pool(), request_actor()))
        g.db_stack = stack
    return g.db


def _bind_pool() -> None:
    db.use_pool(app_pool())


def _commit_request_transaction(response):
    """Commit before the response leaves, so a failed commit is an error page, not a lie."""
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
    db.use_pool(None)


def detached(request_id: str) -> tuple[ConnectionPool, db.Actor]:
    """The pool and the caller, for work in a transaction of its own that outlives
    the request's (a streamed export): RLS applies to it as to the request."""
    actor = request_actor()
    return app_pool(), db.Actor(actor.user_id, request_id=request_id, ip=actor.ip, user_agent=actor.user_agent)
