"""SQL for the home pages."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def distributor() -> dict:
    return {
        "volume": query_one("select * from api.home_volume()"),
        "estimate": query_one("select * from api.estimate()"),
        "orders": query("select * from api.home_recent_orders(p_limit => 5)"),
        "tasks": query("select * from api.home_tasks_due(p_limit => 8)"),
    }


def staff(show_audit: bool) -> dict:
    return {
        "counts": query_one("select * from api.home_counts()"),
        "orders": query("select * from api.home_recent_orders(p_limit => 8)"),
        "events": query("select * from api.audit_search(p_limit => 10)") if show_audit else [],
    }
