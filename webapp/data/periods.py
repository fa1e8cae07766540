"""SQL for commission periods."""
from __future__ import annotations

from ..db import query


def all_periods() -> list[dict]:
    return query("select * from api.period_list()")
