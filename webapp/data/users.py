"""SQL for the admin's user management (/admin/users) and `mlmcrm users`."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def search(q: str = "", role: str | None = None, status: str | None = None,
           limit: int = 50, offset: int = 0) -> list[dict]:
    return query("select * from api.user_search(p_query => %(q)s, p_role => %(role)s,"
                 " p_status => %(status)s, p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"q": q, "role": role, "status": status, "limit": limit, "offset": offset})


def get(user_id: str) -> dict | None:
    return query_one("select * from api.user_search(p_id => %(id)s)", {"id": user_id})


def create(email: str, first_name: str, last_name: str, role: str,
           password_hash: str | None, sponsor_number: str | None = None) -> str:
    row = query_one(
        "select api.user_create(p_email => %(email)s, p_first_name => %(first)s, p_last_name => %(last)s,"
        " p_role => %(role)s, p_password_hash => %(hash)s, p_sponsor_number => %(sponsor)s) as id",
        {"email": email, "first": first_name, "last": last_name, "role": role,
         "hash": password_hash, "sponsor": sponsor_number})
    return str(row["id"])


def set_role(user_id: str, role: str) -> None:
    query("select api.user_set_role(p_user_id => %(id)s, p_role => %(role)s)", {"id": user_id, "role": role})


def set_status(user_id: str, status: str) -> None:
    query("select api.user_set_status(p_user_id => %(id)s, p_status => %(status)s)",
          {"id": user_id, "status": status})


def reset_two_factor(user_id: str) -> None:
    query("select api.totp_reset(p_user_id => %(id)s)", {"id": user_id})
