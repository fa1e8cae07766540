"""SQL for sign-in, sessions, passwords and two-factor codes.

Credentials live in `private.user_credentials`, which `mlm_app` cannot read;
every call here goes through a `security definer` function that hands out
only what one step of the sign-in needs.
"""
from __future__ import annotations

from webapp.platform.db import query, query_one


def current_session() -> dict | None:
    return query_one("select * from api.current_session()")


def login_lookup(email: str) -> dict:
    """(user_id, password_hash, two_factor_enabled) — hash only when sign-in is allowed now."""
    return query_one("select * from api.login_lookup(p_email => %(email)s)", {"email": email})


def login_record(email: str, user_id: str | None, success: bool, stage: str) -> dict:
    return query_one(
        "select * from api.login_record(p_email => %(email)s, p_user_id => %(user_id)s,"
        " p_success => %(success)s, p_stage => %(stage)s)",
        {"email": email, "user_id": user_id, "success": success, "stage": stage})


def second_factor(user_id: str) -> dict | None:
    return query_one("select * from api.login_second_factor(p_user_id => %(user_id)s)", {"user_id": user_id})


def totp_accept(user_id: str, counter: int) -> bool:
    row = query_one("select api.login_totp_accept(p_user_id => %(user_id)s, p_counter => %(counter)s) as ok",
                    {"user_id": user_id, "counter": counter})
    return bool(row and row["ok"])


def backup_code_use(user_id: str, code_hash: str) -> bool:
    row = query_one("select api.login_backup_code_use(p_user_id => %(user_id)s, p_code_hash => %(code_hash)s) as ok",
                    {"user_id": user_id, "code_hash": code_hash})
    return bool(row and row["ok"])


def own_password_hash() -> str | None:
    row = query_one("select api.password_hash_own() as hash")
    return row["hash"] if row else None


def set_own_password(new_hash: str) -> None:
    query("select api.password_set_own(p_password_hash => %(hash)s)", {"hash": new_hash})


def enable_totp(secret: str, counter: int, backup_hashes: list[str]) -> None:
    query("select api.totp_enable_own(p_secret => %(secret)s, p_counter => %(counter)s,"
          " p_backup_code_hashes => %(hashes)s)",
          {"secret": secret, "counter": counter, "hashes": backup_hashes})


def disable_totp_own() -> None:
    query("select api.totp_disable_own()")


def backup_codes_left() -> int:
    row = query_one("select api.backup_codes_left() as n")
    return row["n"] if row else 0
