"""SQL for the signed-in user's own profile."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def own_profile() -> dict:
    return query_one("select first_name, last_name, phone from api.profile_own()") or {}


def update_own_profile(first_name: str, last_name: str, phone: str | None) -> None:
    query("select api.profile_update_own(p_first_name => %(first)s, p_last_name => %(last)s, p_phone => %(phone)s)",
          {"first": first_name, "last": last_name, "phone": phone})
