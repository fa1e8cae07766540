"""SQL for the health check."""
from __future__ import annotations

from ..db import get_db


def health() -> dict:
    row = get_db().execute(
        "select current_user as db_role, row_security_active('public.users') as rls_active,"
        " public.app_now() as now").fetchone()
    return {"status": "ok", **row}
