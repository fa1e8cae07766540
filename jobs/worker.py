"""What a task runs in: one pool per worker process, one transaction per job.

Jobs act as the seeded system user (role admin, cannot sign in), through the
same identity statement as web requests, so RLS and audit apply to them too,
and the data layer (`webapp/data/`) works inside them as it does in a request.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

import psycopg
from psycopg_pool import ConnectionPool

from webapp import database
from webapp.db import Actor, bound, open_pool, unit_of_work


@functools.cache
def pool() -> ConnectionPool:
    return open_pool(database.app_dsn(), min_size=1, max_size=4)


def _current_pool() -> ConnectionPool:
    """The worker's pool; or, when a task runs inside the web app (MLMCRM_HUEY=memory
    runs tasks in process: tests, a one-process setup), the app's own pool, so the
    task reaches the same database as the request that enqueued it."""
    from flask import current_app, has_app_context

    if has_app_context() and "mlmcrm.pool" in current_app.extensions:
        return current_app.extensions["mlmcrm.pool"]
    return pool()


@contextlib.contextmanager
def job_transaction(job: str, user_id: str | None = None) -> Iterator[psycopg.Connection]:
    """`with job_transaction("name") as conn:` — one transaction as the system user,
    or as `user_id` for work a user started (a CSV import: RLS then applies to it
    exactly as to that user's requests)."""
    actor = Actor(user_id, request_id=f"job-{job}") if user_id else Actor.system(job)
    with unit_of_work(_current_pool(), actor) as conn, bound(conn):
        yield conn
