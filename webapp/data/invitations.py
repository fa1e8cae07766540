"""SQL for accepting an invitation to set a password (/invitation)."""
from __future__ import annotations

from webapp.platform.db import query_one


def lookup(token_hash: str) -> dict | None:
    return query_one("select * from api.invitation_lookup(p_token_hash => %(hash)s)", {"hash": token_hash})


def accept(token_hash: str, password_hash: str) -> str:
    return str(query_one("select api.invitation_accept(p_token_hash => %(hash)s,"
                         " p_password_hash => %(password)s) as id",
                         {"hash": token_hash, "password": password_hash})["id"])
