"""SQL for the pipeline board (/pipeline)."""
from __future__ import annotations

from webapp.platform.db import query


def board(owner_id: str | None, q: str | None, per_column: int = 50) -> list[dict]:
    return query("select * from api.pipeline_board(p_owner_id => %(owner)s, p_query => %(q)s,"
                 " p_per_column => %(n)s)", {"owner": owner_id, "q": q, "n": per_column})
