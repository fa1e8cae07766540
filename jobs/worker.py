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


@contextlib.contextmanager
def job_transaction(job: str) -> Iterator[psycopg.Connection]:
    """`with job_transaction("name") as conn:` — one transaction as the system user."""
    with unit_of_work(pool(), Actor.system(job)) as conn, bound(conn):
        yield conn
