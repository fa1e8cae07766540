"""Property tests: for random organisations and orders, the PL/pgSQL close
pays exactly what a plain Python reading of the plan pays (tests/sql/
plan_reference.py), to the cent, per distributor and type; totals and
breakage agree; re-closing changes nothing."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from factories import make_distributor, make_order, make_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_cases import after_month, ledger_md5, pin_clock
from plan_reference import compute, months_between, scaled

START = datetime(2033, 1, 1, tzinfo=UTC)
STATUSES = ["active"] * 8 + ["inactive", "terminated", "on_hold"]


@st.composite
def organisations(draw):
    """Up to 25 people over two months; sponsors mostly near the top (so
    there are legs to count); PV from a few points to a whale's order, so
    every rank, matching, rank and car bonuses all come up."""
    n = draw(st.integers(1, 25))
    distributors = []
    for i in range(n):
        sponsor = None
        if i > 0 and draw(st.integers(0, 11)) > 0:
            sponsor = f"d{draw(st.integers(0, min(i - 1, draw(st.sampled_from([2, 5, i - 1])))))}"
        distributors.append({"id": f"d{i}", "sponsor": sponsor, "status": draw(st.sampled_from(STATUSES)),
                             "join_date": (START + timedelta(days=draw(st.integers(-60, 50)))).date()})
    orders = []
    for d in distributors:
        for _ in range(draw(st.integers(0, 3))):
            size = draw(st.sampled_from([300, 1500, 1500, 6000]))
            pv = Decimal(draw(st.integers(0, size * 100))) / 100
            paid = START + timedelta(minutes=draw(st.integers(0, 58 * 24 * 60)))
            refunded = None
            if draw(st.integers(0, 6)) == 0:
                refunded = paid + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))
            orders.append({"distributor": d["id"], "order_type": draw(st.sampled_from(["retail", "personal"])),
                           "subtotal": (pv * Decimal("1.2")).quantize(Decimal("0.01")), "pv": pv,
                           "paid_at": paid, "refunded_at": refunded})
    return distributors, orders


def load(db, distributors, orders) -> dict[str, str]:
    ids = {}
    for d in distributors:
        user = make_user(db, "distributor", first_name=d["id"])
        ids[d["id"]] = make_distributor(db, ids.get(d["sponsor"]), status=d["status"],
                                        join_date=d["join_date"].isoformat(), user_id=user)
    for o in orders:
        make_order(db, ids[o["distributor"]], order_type=o["order_type"], subtotal=str(o["subtotal"]),
                   pv=str(o["pv"]), paid_at=o["paid_at"].isoformat(),
                   refunded_at=o["refunded_at"].isoformat() if o["refunded_at"] else None)
    return ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(organisations(), st.sampled_from(["0.02", "0.1", "1"]))
def test_the_close_pays_what_the_plan_says(db, org, scale):
    """`scale` shrinks every rank's volume thresholds (plan data is data), so
    small random organisations reach gold, platinum and diamond too."""
    distributors, orders = org
    with db.transaction(force_rollback=True):
        db.execute("update ranks set min_personal_pv = min_personal_pv * %(s)s, min_group_pv = min_group_pv * %(s)s,"
                   " min_leg_volume = min_leg_volume * %(s)s", {"s": Decimal(scale)})
        db.execute("update commission_periods set status = 'finalized', closed_at = now(), finalized_at = now()"
                   " where status <> 'finalized'")
        ids = load(db, distributors, orders)
        labels = {v: k for k, v in ids.items()}
        months = db.execute("select array_agg(id order by id) as m from commission_periods"
                            " where status = 'open'").fetchone()["m"] or []
        assert months == months_between(months[0], months[-1]) if months else True
        expected = compute(distributors, orders, months, scaled(Decimal(scale)))
        for period in months:
            pin_clock(db, after_month(period))
            db.execute("select close_period(%s)", [period])
            if period == months[-1]:
                first = ledger_md5(db, period)
                db.execute("select close_period(%s)", [period])
                assert ledger_md5(db, period) == first
            db.execute("select finalize_period(%s)", [period])

            want = expected[period]
            got = {(labels[r["d"]], r["type"]): r["s"] for r in db.execute(
                "select distributor_id::text as d, type::text, sum(amount) as s from commission_ledger"
                " where period_id = %s group by 1, 2 having sum(amount) <> 0", [period])}
            assert got == {k: v for k, v in want.ledger.items() if v != 0}, period
            ranks = {labels[r["d"]]: r["paid_as_rank_id"] for r in db.execute(
                "select distributor_id::text as d, paid_as_rank_id from period_volumes where period_id = %s",
                [period])}
            assert {d: r for d, r in ranks.items() if r} == \
                {d: r.id for d, r in want.rank.items() if r is not None}, period
            figures = db.execute("select total_pv, total_commissions, total_breakage from commission_periods"
                                 " where id = %s", [period]).fetchone()
            assert figures == {"total_pv": want.total_pv, "total_commissions": want.total_commissions,
                               "total_breakage": want.breakage}, period
