""""If the period closed now": the open period's estimates come from the close's
own engine, so they are what the close then pays; only changed rows are
written; a distributor sees its own and its downline's, staff anyone's."""
from __future__ import annotations

from decimal import Decimal

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_order, make_user
from plan_cases import after_month, pin_clock

PERIOD = "2036-02"


@pytest.fixture
def org(db):
    db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
               " where status <> 'finalized'")
    top = make_distributor(db, join_date="2035-01-01", first_name="Tia", last_name="Top")
    legs = [make_distributor(db, top, join_date="2036-02-01") for _ in range(3)]
    grand = make_distributor(db, legs[0], join_date="2035-01-01")
    make_order(db, top, order_type="personal", subtotal="400.00", pv="320.00", paid_at=f"{PERIOD}-03T09:00Z")
    for i, leg in enumerate(legs):
        make_order(db, leg, subtotal="900.00", pv=str(700 + 50 * i), paid_at=f"{PERIOD}-05T09:00Z")
    make_order(db, grand, subtotal="250.00", pv="210.00", paid_at=f"{PERIOD}-06T09:00Z",
               refunded_at=f"{PERIOD}-07T09:00Z")
    make_order(db, grand, subtotal="130.00", pv="110.00", paid_at=f"{PERIOD}-08T09:00Z")
    pin_clock(db, f"{PERIOD}-20T12:00:00Z")
    return {"top": top, "legs": legs, "grand": grand}


def refresh(db):
    return db.execute("select api.estimates_refresh() as r").fetchone()["r"]


def test_the_estimate_is_what_the_close_pays(db, org):
    refresh(db)
    estimated = {r["distributor_id"]: r for r in db.execute(
        "select distributor_id::text, personal_pv, group_pv, paid_as_rank_id, retail, unilevel, leadership,"
        " matching, fast_start, rank_bonus, car_bonus, total from period_estimates where period_id = %s", [PERIOD])}
    assert estimated, "no estimates written"
    pin_clock(db, after_month(PERIOD))
    db.execute("select close_period(%s)", [PERIOD])
    paid = {}
    for r in db.execute("select distributor_id::text as d, type::text, sum(amount) as s from commission_ledger"
                        " where period_id = %s group by 1, 2", [PERIOD]):
        paid.setdefault(r["d"], {})[r["type"]] = r["s"]
    for d, e in estimated.items():
        for t in ("retail", "unilevel", "leadership", "matching", "fast_start", "rank_bonus", "car_bonus"):
            assert e[t] == paid.get(d, {}).get(t, Decimal(0)), (d, t)
        assert e["total"] == sum(paid.get(d, {}).values(), Decimal(0))
    volumes = {r["distributor_id"]: r for r in db.execute(
        "select distributor_id::text, personal_pv, group_pv, paid_as_rank_id from period_volumes"
        " where period_id = %s", [PERIOD])}
    assert {d: (e["personal_pv"], e["group_pv"], e["paid_as_rank_id"]) for d, e in estimated.items()} == \
        {d: (v["personal_pv"], v["group_pv"], v["paid_as_rank_id"]) for d, v in volumes.items()}
    # The close replaces the estimates.
    assert db.execute("select count(*) as n from period_estimates where period_id = %s", [PERIOD]).fetchone()["n"] == 0


def test_a_refresh_writes_only_what_changed(db, org):
    first = refresh(db)
    mine = next(r for r in first if r["period_id"] == PERIOD)
    assert mine["inserted"] > 0
    again = next(r for r in refresh(db) if r["period_id"] == PERIOD)
    assert (again["inserted"], again["updated"], again["deleted"]) == (0, 0, 0)
    make_order(db, org["grand"], subtotal="60.00", pv="50.00", paid_at=f"{PERIOD}-19T09:00Z")
    moved = next(r for r in refresh(db) if r["period_id"] == PERIOD)
    assert moved["updated"] >= 2 and moved["inserted"] == 0  # the grandchild and its upline


def test_what_is_missing_for_the_next_rank(db, org):
    refresh(db)
    as_user(db, org["top"])
    e = db.execute("select * from api.estimate()").fetchone()
    # Top: PV 320; legs 810 (700, and 110 below: 210 paid and refunded the same month nets to 0), 750
    # and 800 -> GV 2,680; gold: no leg over its cap of 1,500, three legs of 500 or more.
    assert (e["personal_pv"], e["group_pv"]) == (Decimal("320.00"), Decimal("2680.00"))
    assert e["rank_id"] == "gold" and e["next_rank_id"] == "platinum"
    # Platinum: legs capped at 2,500 (0.5 x 5,000); legs of 1,000 GV or more: none yet.
    assert e["next_capped_gv"] == Decimal("2680.00") and e["next_qualified_legs"] == 0
    assert (e["next_min_pv"], e["next_min_gv"], e["next_min_legs"]) == (Decimal("500.00"), Decimal("5000.00"), 3)
    assert e["rank_bonus"] == Decimal("350.00")  # bronze 0 + silver 100 + gold 250, first time
    legs = db.execute("select * from api.estimate_legs()").fetchall()
    assert [leg["group_pv"] for leg in legs] == [Decimal("810.00"), Decimal("800.00"), Decimal("750.00")]


def test_someone_with_nothing_yet_sees_the_lowest_rank_as_next(db, org):
    newbie = make_distributor(db, org["top"])
    refresh(db)
    as_user(db, newbie)
    e = db.execute("select * from api.estimate()").fetchone()
    assert (e["personal_pv"], e["total"], e["rank_id"], e["next_rank_id"]) == (0, 0, None, "bronze")
    assert e["next_capped_gv"] == 0 and e["computed_at"] is not None


def test_who_sees_which_estimate(db, org):
    refresh(db)
    as_user(db, org["legs"][0])
    assert db.execute("select distributor_id::text as d from api.estimate(%s)", [org["grand"]]).fetchone()["d"] == \
        org["grand"]  # its downline
    fails_with(db, "MLDNY", "select * from api.estimate(%s)", [org["top"]])  # its sponsor: no
    fails_with(db, "MLDNY", "select * from api.estimate_legs(%s)", [org["legs"][1]])  # a cross-line: no
    visible = {r["distributor_id"] for r in db.execute("select distributor_id::text from period_estimates")}
    assert visible == {org["legs"][0], org["grand"]}
    as_superuser(db)
    as_user(db, make_user(db, "support"))
    assert db.execute("select count(*) as n from period_estimates").fetchone()["n"] >= 5


def test_only_admins_refresh(db, org):
    as_user(db, make_user(db, "finance"))
    fails_with(db, "MLDNY", "select api.estimates_refresh()")
