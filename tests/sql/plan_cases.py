"""Load a plan-v1 worked case (tests/sql/plan_v1_cases/*.json, the format is
in docs/compensation-plan.md) through the contract's tables, close and
finalize its periods in order with the clock pinned after each month, and
read back what the tests compare.

The cases are data kept in this repository, beside this module: nothing here
reads from outside the checkout. Shared by tests/sql/test_plan_cases.py and
the property tests.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from factories import make_distributor, make_order, make_user

# The worked cases, one JSON file each, in the repository beside this module.
CASES_DIR = Path(__file__).resolve().parent / "plan_v1_cases"


def case_files() -> list[Path]:
    """The case files in name order (empty when the folder is missing or empty:
    test_plan_cases.py fails then, it never passes on no cases)."""
    return sorted(CASES_DIR.glob("*.json"))


def read_case(path: Path) -> dict:
    return json.loads(path.read_text())


def after_month(period_id: str) -> str:
    """An instant just after the month ends (UTC): the clock a close is run at."""
    year, month = map(int, period_id.split("-"))
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return datetime(first_next.year, first_next.month, first_next.day, 0, 0, 1, tzinfo=UTC).isoformat()


def pin_clock(db, at: str) -> None:
    db.execute("select set_config('app.now', %s, true)", [at])


def load_case(db, case: dict) -> dict[str, str]:
    """Rows for the case's labels; returns label -> distributor id."""
    ids: dict[str, str] = {}
    pending = list(case["distributors"])
    while pending:  # sponsors before recruits, whatever the file's order
        progressed = False
        for d in list(pending):
            if d["sponsor"] is None or d["sponsor"] in ids:
                user = make_user(db, "distributor", first_name=d["id"], last_name="Case")
                ids[d["id"]] = make_distributor(db, ids.get(d["sponsor"]), status=d["status"],
                                                join_date=d["join_date"], user_id=user)
                pending.remove(d)
                progressed = True
        assert progressed, "the case's sponsor tree has a cycle"
    for o in case["orders"]:
        make_order(db, ids[o["distributor"]], order_type=o["order_type"], subtotal=o["subtotal"], pv=o["pv"],
                   paid_at=o["paid_at"], refunded_at=o["refunded_at"])
    return ids


def close_and_finalize(db, period_id: str) -> dict:
    pin_clock(db, after_month(period_id))
    result = db.execute("select close_period(%s) as r", [period_id]).fetchone()["r"]
    db.execute("select finalize_period(%s)", [period_id])
    return result


def volumes(db, period_id: str, ids: dict[str, str]) -> dict[str, dict]:
    labels = {v: k for k, v in ids.items()}
    rows = db.execute("select distributor_id::text, personal_pv, group_pv, paid_as_rank_id from period_volumes"
                      " where period_id = %s", [period_id]).fetchall()
    return {labels[r["distributor_id"]]: {"pv": r["personal_pv"], "gv": r["group_pv"], "rank": r["paid_as_rank_id"]}
            for r in rows if r["distributor_id"] in labels}


def ledger_sums(db, period_id: str, ids: dict[str, str]) -> dict[str, dict[str, Decimal]]:
    labels = {v: k for k, v in ids.items()}
    rows = db.execute("select distributor_id::text, type::text, sum(amount) as amount from commission_ledger"
                      " where period_id = %s group by 1, 2", [period_id]).fetchall()
    sums: dict[str, dict[str, Decimal]] = {}
    for r in rows:
        sums.setdefault(labels.get(r["distributor_id"], r["distributor_id"]), {})[r["type"]] = r["amount"]
    return sums


def totals(db, period_id: str) -> dict[str, Decimal]:
    return db.execute("select total_pv, total_commissions, total_breakage from commission_periods where id = %s",
                      [period_id]).fetchone()


def ledger_md5(db, period_id: str) -> str:
    """An md5 over the period's ledger rows in (distributor, type, source, level) order."""
    return db.execute(
        "select md5(string_agg(concat_ws('|', id, distributor_id, type, source_distributor_id, level, amount, rate,"
        " pv, is_manual, reason), E'\\n' order by distributor_id, type, source_distributor_id, level, id)) as h"
        " from commission_ledger where period_id = %s", [period_id]).fetchone()["h"]


def next_month(period_id: str) -> str:
    year, month = map(int, period_id.split("-"))
    return f"{year + (month == 12):04d}-{month % 12 + 1:02d}"


def month_before(period_id: str) -> str:
    year, month = map(int, period_id.split("-"))
    d = date(year, month, 1) - timedelta(days=1)
    return f"{d.year:04d}-{d.month:02d}"
