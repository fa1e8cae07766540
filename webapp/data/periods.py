"""SQL for commission periods: the list, closing (request, run, progress),
finalizing, the period summary, adjustments and the ledger export."""
from __future__ import annotations

from collections.abc import Iterator

from psycopg.types.json import Jsonb

from webapp.platform.db import Actor, query, query_one, unit_of_work


def all_periods() -> list[dict]:
    return query("select * from api.period_list()")


def request_close(period_id: str) -> int:
    """Queue a close run (refused with the reason when it could not run now)."""
    return query("select api.period_close_request(p_period_id => %(p)s) as id", {"p": period_id})[0]["id"]


def close(period_id: str) -> dict:
    """The close itself, in this transaction (the close job calls it)."""
    return query_one("select api.period_close(p_period_id => %(p)s) as r", {"p": period_id})["r"]


def finalize(period_id: str) -> dict:
    return query("select api.period_finalize(p_period_id => %(p)s) as r", {"p": period_id})[0]["r"]


def close_run_update(run_id: int, *, step: int | None = None, total: int | None = None, label: str | None = None,
                     finished: bool = False, error: str | None = None, result: dict | None = None) -> None:
    query("select api.period_close_run_update(p_run_id => %(run)s, p_step => %(step)s, p_total => %(total)s,"
          " p_label => %(label)s, p_finished => %(finished)s, p_error => %(error)s, p_result => %(result)s)",
          {"run": run_id, "step": step, "total": total, "label": label, "finished": finished, "error": error,
           "result": Jsonb(result) if result is not None else None})


def close_state(period_id: str) -> dict | None:
    return query_one("select * from api.period_close_state(p_period_id => %(p)s)", {"p": period_id})


def auto_close_due() -> str | None:
    return query_one("select api.period_auto_close_due() as p")["p"]


def summary(period_id: str) -> dict | None:
    return query_one("select * from api.period_summary(p_period_id => %(p)s)", {"p": period_id})


def adjustments(period_id: str) -> list[dict]:
    return query("select * from api.period_adjustments(p_period_id => %(p)s)", {"p": period_id})


def add_adjustment(period_id: str, distributor_number: str, amount, reason: str) -> str:
    return str(query("select api.adjustment_add(p_period_id => %(p)s, p_distributor_number => %(n)s,"
                          " p_amount => %(a)s, p_reason => %(r)s) as id",
                          {"p": period_id, "n": distributor_number, "a": amount, "r": reason})[0]["id"])


def delete_adjustment(adjustment_id: str) -> None:
    query("select api.adjustment_delete(p_id => %(id)s)", {"id": adjustment_id})


def estimates_refresh() -> list[dict]:
    return query_one("select api.estimates_refresh() as r")["r"]


def ledger_rows(pool, actor: Actor, period_id: str) -> Iterator[list]:
    """The whole ledger of a period, its column names first, streamed from a
    server-side cursor in a transaction of its own (a response body outlives
    the request's transaction), acting as `actor` so the ledger's policies apply."""
    with unit_of_work(pool, actor) as conn, conn.cursor(name="ledger_export") as cur:
        cur.itersize = 5000
        cur.execute("select * from api.ledger_export(p_period_id => %(p)s)", {"p": period_id})
        yield [column.name for column in cur.description]
        for row in cur:
            yield list(row.values())


def ensure_current() -> str:
    """This month's period row (periods are contiguous: every month gets one)."""
    return query_one("select api.period_ensure_current() as id")["id"]
