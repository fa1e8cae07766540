"""The Huey instance: Redis when REDIS_URL is set, else the app's own PostgreSQL.

The PostgreSQL queue lives in schema `huey` (tables made by a migration) and
is reached as `mlm_web`, the role that owns nothing, so the worker needs no
second server. Setting MLMCRM_HUEY=memory runs tasks at once, in process
(unit tests).
"""
from __future__ import annotations

import functools

import psycopg
from huey import MemoryHuey, PostgresHuey, RedisHuey
from psycopg.conninfo import make_conninfo

from webapp.platform import config, database

QUEUE_NAME = "mlmcrm"


@functools.cache
def _queue_dsn() -> str:
    return make_conninfo(database.app_dsn(), options="-c search_path=huey")


def _connect() -> psycopg.Connection:
    # Resolved on first use, so importing the tasks never starts a database.
    return psycopg.connect(_queue_dsn())


def make_huey():
    if config.jobs_in_process():
        return MemoryHuey(QUEUE_NAME, immediate=True)
    redis_url = config.redis_url()
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url)
    return PostgresHuey(QUEUE_NAME, connection=_connect, create_tables=False)


huey = make_huey()
