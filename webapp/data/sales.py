"""Shared by the sales areas' data modules: an MLCLS refusal (a closed
period) becomes a message for the person, like an MLVAL one."""
from __future__ import annotations

import psycopg

from ..db import ValidationError, query


def call(sql: str, params: dict | None = None, field: str | None = None) -> list[dict]:
    """`query`, with a closed-period refusal turned into a ValidationError."""
    try:
        return query(sql, params)
    except psycopg.Error as exc:
        if exc.sqlstate == "MLCLS":
            raise ValidationError(exc.diag.message_primary or "That period is closed.", field) from exc
        raise
