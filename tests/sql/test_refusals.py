"""The one map from the database's refusals (sql/ERRORS.md) to the
exceptions the app handles (webapp/platform/errors.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.platform import db as platform_db
from webapp.platform.errors import PROGRESS_SQLSTATE, REFUSALS, Cycle, Denied, InvalidInput, PeriodClosed, Refusal

ERRORS_MD = Path(__file__).resolve().parents[2] / "sql" / "ERRORS.md"


def registry_codes() -> set[str]:
    return set(re.findall(r"^\| `(ML[A-Z]{3})` \|", ERRORS_MD.read_text(encoding="utf-8"), re.M))


def test_every_sqlstate_of_the_registry_has_its_exception_and_no_other():
    codes = registry_codes()
    assert len(codes) >= 8
    assert set(REFUSALS) == codes - {PROGRESS_SQLSTATE}


def raise_sql(sqlstate: str, message: str, column: str | None = None) -> str:
    extra = f", column = '{column}'" if column else ""
    return f"do $$ begin raise exception using errcode = '{sqlstate}', message = '{message}'{extra}; end $$"


@pytest.mark.parametrize(("sqlstate", "kind"), [("MLVAL", InvalidInput), ("MLCLS", PeriodClosed),
                                                ("MLCYC", Cycle), ("MLDNY", Denied)])
def test_query_raises_the_refusal_and_leaves_the_transaction_usable(db, sqlstate, kind):
    with platform_db.bound(db):
        with pytest.raises(kind) as caught:
            platform_db.query(raise_sql(sqlstate, "Email is required.", "email"))
        assert caught.value.message == "Email is required." and caught.value.field == "email"
        assert platform_db.query_one("select 1 as one") == {"one": 1}  # still usable


def test_a_denial_is_not_a_refusal_a_form_would_show():
    assert not issubclass(Denied, Refusal)
    assert issubclass(InvalidInput, Refusal) and issubclass(PeriodClosed, Refusal)


def test_other_database_errors_stay_faults(db):
    import psycopg

    with platform_db.bound(db), pytest.raises(psycopg.errors.DivisionByZero):
        platform_db.query("select 1 / 0")
