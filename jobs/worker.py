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

from jobs.queue import huey
from webapp.platform import config, database, db
from webapp.platform.logs import log_context


@functools.cache
def pool() -> ConnectionPool:
    return db.open_pool(database.app_dsn(), min_size=1, max_size=4, settings=config.session_settings())


def _current_pool() -> ConnectionPool:
    """The worker's pool; or, when a task runs inside the web app (MLMCRM_HUEY=memory
    runs tasks in process: tests, a one-process setup), the request's own pool, so
    the task reaches the same database as the request that enqueued it."""
    return db.current_pool() or pool()


@huey.pre_execute()
def _begin_log_context(task) -> None:
    """Every line a task logs carries its name and huey's id of this run."""
    task.log_token = log_context.set({**(log_context.get() or {}), "job": task.name, "job_run": task.id})


@huey.post_execute()
def _end_log_context(task, value, exception) -> None:
    token = getattr(task, "log_token", None)
    if token is not None:
        log_context.reset(token)


@contextlib.contextmanager
def job_transaction(job: str, user_id: str | None = None) -> Iterator[psycopg.Connection]:
    """`with job_transaction("name") as conn:` — one transaction as the system user,
    or as `user_id` for work a user started (a CSV import: RLS then applies to it
    exactly as to that user's requests). The audit trail and the log lines name
    the task's run (or, outside a task, a run id of its own)."""
    outer = log_context.get() or {}
    run_id = outer.get("job_run") or f"job-{job}-{uuid.uuid4().hex[:12]}"
    actor = db.Actor(user_id, request_id=run_id) if user_id else db.Actor.system(run_id)
    token = log_context.set({**outer, "job": outer.get("job", job), "job_run": run_id})
    try:
        with db.unit_of_work(_current_pool(), actor) as conn, db.bound(conn):
            yield conn
    finally:
        log_context.reset(token)
