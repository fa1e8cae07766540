"""SQL for commission periods: the list, closing (request, run, progress),
finalizing, the period summary, adjustments and the ledger export."""
from __future__ import annotations

from collections.abc import Iterator

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ..db import Actor, query, query_one, unit_of_work

# Refusals a person can act on: the period cannot be closed/finalized now
# (MLPER) or is closed to the change (MLCLS). The message says why.
REFUSALS = ("MLPER", "MLCLS")


class Refused(Exception):
    """The database refused with a reason for a person (MLPER, MLCLS)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _refusable(sql: str, params: dict) -> list[dict]:
    try:
        return query(sql, params)
    except psycopg.Error as exc:
        if exc.sqlstate in REFUSALS:
            raise Refused(exc.diag.message_primary or "Refused.") from exc
        raise


def all_periods() -> list[dict]:
    return query("select * from api.period_list()")


def running() -> list[str]:
    return query_one("select api.periods_running() as ids")["ids"]


def request_close(period_id: str) -> int:
    """Queue a close run (refused with the reason when it could not run now)."""
    return _refusable("select api.period_close_request(p_period_id => %(p)s) as id", {"p": period_id})[0]["id"]


def close(period_id: str) -> dict:
    """The close itself, in this transaction (the close job calls it)."""
    return query_one("select api.period_close(p_period_id => %(p)s) as r", {"p": period_id})["r"]


def finalize(period_id: str) -> dict:
    return _refusable("select api.period_finalize(p_period_id => %(p)s) as r", {"p": period_id})[0]["r"]


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
    return str(_refusable("select api.adjustment_add(p_period_id => %(p)s, p_distributor_number => %(n)s,"
                          " p_amount => %(a)s, p_reason => %(r)s) as id",
                          {"p": period_id, "n": distributor_number, "a": amount, "r": reason})[0]["id"])


def delete_adjustment(adjustment_id: str) -> None:
    _refusable("select api.adjustment_delete(p_id => %(id)s)", {"id": adjustment_id})


def estimates_refresh() -> list[dict]:
    return query_one("select api.estimates_refresh() as r")["r"]


LEDGER_CSV = ("copy (select * from api.ledger_export(p_period_id => {period})) to stdout"
              " with (format csv, header)")


def ledger_csv(pool, actor: Actor, period_id: str) -> Iterator[bytes]:
    """The whole ledger of a period as CSV, streamed from COPY in a transaction
    of its own (a response body outlives the request's transaction), acting
    as `actor` so the ledger's policies apply."""
    with unit_of_work(pool, actor) as conn:
        statement = sql.SQL(LEDGER_CSV).format(period=sql.Literal(period_id))
        with conn.cursor().copy(statement) as copy:
            for chunk in copy:
                yield bytes(chunk)
