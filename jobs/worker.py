"""What a task runs in: one pool per worker process, one transaction per job.

Jobs act as the seeded system user (role admin, cannot sign in), through the
same identity statement as web requests, so RLS and audit apply to them too,
and the data layer (`webapp/data/`) works inside them as it does in a request.
"""
from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Iterator

import psycopg
from psycopg_pool import ConnectionPool

from webapp.platform import database, db
from webapp.platform.logs import log_context


@functools.cache
def pool() -> ConnectionPool:
    return db.open_pool(database.app_dsn(), min_size=1, max_size=4)


def _current_pool() -> ConnectionPool:
    """The worker's pool; or, when a task runs inside the web app (MLMCRM_HUEY=memory
    runs tasks in process: tests, a one-process setup), the request's own pool, so
    the task reaches the same database as the request that enqueued it."""
    return db.current_pool() or pool()


@contextlib.contextmanager
def job_transaction(job: str, user_id: str | None = None) -> Iterator[psycopg.Connection]:
    """`with job_transaction("name") as conn:` — one transaction as the system user,
    or as `user_id` for work a user started (a CSV import: RLS then applies to it
    exactly as to that user's requests). Its log lines carry the job and a run id."""
    run_id = f"job-{job}-{uuid.uuid4().hex[:12]}"
    actor = db.Actor(user_id, request_id=run_id) if user_id else db.Actor.system(run_id)
    outer = log_context.get() or {}
    token = log_context.set({**outer, "job": job, "job_run": run_id})
    try:
        with db.unit_of_work(_current_pool(), actor) as conn, db.bound(conn):
            yield conn
    finally:
        log_context.reset(token)
