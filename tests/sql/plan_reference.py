"""Plan v1 written the slow, obvious way in Python, straight from
compensation-plan.md: walk up the sponsor chain for every source, Decimal
arithmetic, ROUND_HALF_UP (halves away from zero, like PostgreSQL's
round(numeric, 2)). The property tests hold the PL/pgSQL engine to it."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

RANKS = [  # id, level, min_pv, min_gv, min_legs, min_leg_volume, max_leg_share, rate, depth, matching, bonus, car
    ("bronze", 1, 100, 0, 0, 0, None, "0.05", 2, [], 0, 0),
    ("silver", 2, 200, 1000, 0, 0, None, "0.07", 3, [], 100, 0),
    ("gold", 3, 300, 2500, 2, 500, "0.60", "0.10", 4, ["0.10"], 250, 0),
    ("platinum", 4, 500, 5000, 3, 1000, "0.50", "0.12", 5, ["0.10", "0.05"], 500, 300),
    ("diamond", 5, 1000, 10000, 4, 2000, "0.40", "0.15", 7, ["0.10", "0.05", "0.05"], 1000, 600),
]
UNILEVEL = [Decimal(x) for x in ("0.05", "0.05", "0.04", "0.04", "0.03", "0.03", "0.02")]
RETAIL = Decimal("0.20")
FAST_START = Decimal("0.25")
FAST_START_DAYS = 30


@dataclass(frozen=True)
class Rank:
    id: str
    level: int
    min_pv: Decimal
    min_gv: Decimal
    min_legs: int
    min_leg: Decimal
    share: Decimal | None
    rate: Decimal
    depth: int
    matching: tuple[Decimal, ...]
    bonus: Decimal
    car: Decimal


PLAN = [Rank(r[0], r[1], Decimal(r[2]), Decimal(r[3]), r[4], Decimal(r[5]), Decimal(r[6]) if r[6] else None,
             Decimal(r[7]), r[8], tuple(Decimal(m) for m in r[9]), Decimal(r[10]), Decimal(r[11])) for r in RANKS]


def money(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def month(ts: datetime) -> str:
    return f"{ts.year:04d}-{ts.month:02d}"


@dataclass
class Period:
    pv: dict[str, Decimal]
    gv: dict[str, Decimal]
    rank: dict[str, Rank | None]
    ledger: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    breakage: Decimal = Decimal(0)

    @property
    def total_pv(self) -> Decimal:
        return sum(self.pv.values(), Decimal(0))

    @property
    def total_commissions(self) -> Decimal:
        return sum(self.ledger.values(), Decimal(0))


def scaled(scale: Decimal) -> list[Rank]:
    """Plan v1 with every volume threshold (PV, GV, leg volume) times `scale`."""
    return [Rank(r.id, r.level, r.min_pv * scale, r.min_gv * scale, r.min_legs, r.min_leg * scale, r.share,
                 r.rate, r.depth, r.matching, r.bonus, r.car) for r in PLAN]


def compute(distributors: list[dict], orders: list[dict], periods: list[str],
            plan: list[Rank] = PLAN) -> dict[str, Period]:
    """distributors: {id, sponsor, status, join_date: date}; orders: {distributor, order_type, subtotal,
    pv (Decimal), paid_at, refunded_at (datetimes or None)}. Periods in order, each closed then finalized."""
    sponsor = {d["id"]: d["sponsor"] for d in distributors}
    active = {d["id"]: d["status"] == "active" for d in distributors}
    joined = {d["id"]: d["join_date"] for d in distributors}
    frontline = defaultdict(list)
    for d in distributors:
        if d["sponsor"]:
            frontline[d["sponsor"]].append(d["id"])
    events = []  # (distributor, period, pv, retail base, order paid date)
    for o in orders:
        if o["paid_at"] is None:
            continue
        rb = o["subtotal"] if o["order_type"] == "retail" else Decimal(0)
        events.append((o["distributor"], month(o["paid_at"]), o["pv"], rb, o["paid_at"].date()))
        if o["refunded_at"] is not None:
            events.append((o["distributor"], month(o["refunded_at"]), -o["pv"], -rb, o["paid_at"].date()))

    def upline(d):
        a = sponsor[d]
        while a is not None:
            yield a
            a = sponsor[a]

    results: dict[str, Period] = {}
    best_level: dict[str, int] = defaultdict(int)
    for p in periods:
        pv, rb, fs = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
        for who, period, e_pv, e_rb, paid in events:
            if period == p:
                pv[who] += e_pv
                rb[who] += e_rb
                if (paid - joined[who]).days < FAST_START_DAYS:
                    fs[who] += e_pv
        gv: dict[str, Decimal] = {}

        def group(d, gv=gv, pv=pv):
            if d not in gv:
                gv[d] = pv[d] + sum((group(c) for c in frontline[d]), Decimal(0))
            return gv[d]
        for d in sponsor:
            group(d)

        def passes(d, r: Rank, gv=gv, pv=pv) -> bool:
            if not active[d] or pv[d] < r.min_pv:
                return False
            cap = r.share * r.min_gv if r.share is not None else None
            capped = pv[d] + sum((gv[c] if cap is None else min(gv[c], cap) for c in frontline[d]), Decimal(0))
            legs = sum(1 for c in frontline[d] if gv[c] >= r.min_leg)
            return capped >= r.min_gv and legs >= r.min_legs

        rank = {d: max((r for r in plan if passes(d, r)), key=lambda r: r.level, default=None) for d in sponsor}
        out = Period(pv={d: pv[d] for d in sponsor}, gv=gv, rank=rank)
        ledger = out.ledger
        unilevel_to = defaultdict(Decimal)
        top_rate = max(r.rate for r in plan)
        for s in sponsor:
            if pv[s] == 0:
                continue
            k = 0
            for a in upline(s):
                if rank[a] is None:
                    continue
                k += 1
                if k > len(UNILEVEL):
                    break
                if k <= rank[a].depth:
                    amount = money(pv[s] * UNILEVEL[k - 1])
                    ledger[(a, "unilevel")] += amount
                    unilevel_to[a] += amount
            out.breakage += sum((money(pv[s] * r) for r in UNILEVEL), Decimal(0))
            m = Decimal(0)
            for x in (s, *upline(s)):
                r = rank[x].rate if rank[x] else Decimal(0)
                if r > m:
                    ledger[(x, "leadership")] += money(pv[s] * (r - m))
                    m = r
                if m == top_rate:
                    break
        out.breakage -= sum(unilevel_to.values(), Decimal(0))
        for s, u in unilevel_to.items():
            if u == 0:
                continue
            k = 0
            for a in upline(s):
                if rank[a] is None:
                    continue
                k += 1
                if k <= len(rank[a].matching):
                    ledger[(a, "matching")] += money(u * rank[a].matching[k - 1])
        for d in sponsor:
            if active[d] and rb[d] != 0:
                ledger[(d, "retail")] += money(rb[d] * RETAIL)
            if fs[d] != 0 and sponsor[d] is not None and active[sponsor[d]]:
                ledger[(sponsor[d], "fast_start")] += money(fs[d] * FAST_START)
            if rank[d] is not None:
                for r in plan:
                    if r.bonus > 0 and best_level[d] < r.level <= rank[d].level:
                        ledger[(d, "rank_bonus")] += r.bonus
                previous = results.get(previous_month(p))
                if previous is not None and rank[d].car > 0:
                    before = previous.rank.get(d)
                    if before is not None and before.car > 0:
                        ledger[(d, "car_bonus")] += min(rank[d].car, before.car)
        for d in sponsor:
            if rank[d] is not None:
                best_level[d] = max(best_level[d], rank[d].level)
        out.ledger = defaultdict(Decimal, {k: v for k, v in ledger.items() if v != 0})
        results[p] = out
    return results


def previous_month(p: str) -> str:
    year, mon = map(int, p.split("-"))
    return f"{year - (mon == 1):04d}-{(mon - 2) % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    out, p = [], first
    while p <= last:
        out.append(p)
        year, mon = map(int, p.split("-"))
        p = f"{year + (mon == 12):04d}-{mon % 12 + 1:02d}"
    return out


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
