"""SQL for the health check."""
from __future__ import annotations

from webapp.platform.db import query_one


def health() -> dict:
    """Whether the database answers, and as whom this transaction acts."""
    return query_one("select current_user as db_role, row_security_active('public.users') as rls_active,"
                     " public.app_now() as now")
