"""SQL for commission statements and "if the period closed now" estimates."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def periods(distributor_id: str | None = None) -> list[dict]:
    return query("select * from api.statement_periods(p_distributor_id => %(d)s)", {"d": distributor_id})


def head(period_id: str, distributor_id: str | None = None) -> dict | None:
    return query_one("select * from api.statement(p_period_id => %(p)s, p_distributor_id => %(d)s)",
                     {"p": period_id, "d": distributor_id})


def lines(period_id: str, distributor_id: str | None = None) -> list[dict]:
    return query("select * from api.statement_lines(p_period_id => %(p)s, p_distributor_id => %(d)s)",
                 {"p": period_id, "d": distributor_id})


def estimate(distributor_id: str | None = None) -> dict:
    return query_one("select * from api.estimate(p_distributor_id => %(d)s)", {"d": distributor_id})


def estimate_legs(distributor_id: str | None = None, limit: int = 50) -> list[dict]:
    return query("select * from api.estimate_legs(p_distributor_id => %(d)s, p_limit => %(limit)s)",
                 {"d": distributor_id, "limit": limit})


def find_distributor(number: str) -> dict | None:
    """A distributor the caller may see, by number (staff looking up a statement)."""
    return query_one("select user_id, distributor_number, first_name, last_name"
                     " from api.distributor_people() where upper(distributor_number) = upper(%(n)s)",
                     {"n": number.strip()})
