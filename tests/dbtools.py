"""Helpers for database tests: act as a user, expect a refusal."""
from __future__ import annotations

import psycopg
import pytest

from webapp.platform.db import IDENTITY_SQL, Actor


def as_user(conn: psycopg.Connection, user_id: str | None, **audit) -> None:
    """Act as `user_id` from here on in this transaction, exactly as the app does."""
    conn.execute(IDENTITY_SQL, Actor(user_id, **audit).settings())


def as_superuser(conn: psycopg.Connection) -> None:
    """Back to the connection's own (superuser) role, for more set-up."""
    conn.execute("select set_config('role', 'none', true), set_config('app.user_id', '', true)")


def fails_with(conn: psycopg.Connection, sqlstate: str, query: str, params=None) -> psycopg.Error:
    """Run `query` in a savepoint and return the error; fail when none or another comes."""
    with pytest.raises(psycopg.Error) as info, conn.transaction():
        conn.execute(query, params)
    assert info.value.sqlstate == sqlstate, f"expected {sqlstate}, got {info.value.sqlstate}: {info.value}"
    return info.value
