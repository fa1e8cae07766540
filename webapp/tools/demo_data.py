"""Demo data for `make run`: a small, real-looking direct-selling business.

`load(conn, distributors=300, seed=42)` fills an empty database in one
transaction and returns a one-paragraph summary; `LOGINS_TEXT` lists the demo
sign-ins. Called by `mlmcrm demo load` (webapp/cli.py).

What it loads, all derived from `random.Random(seed)` and the database clock
(`public.app_now()` is "today"), so a seed always gives the same tree:

- users of every role with one demo password, and a sponsor tree of N
  distributors (preferential attachment, depth at most 10, a few strong legs)
  whose join dates spread over the last two years, sponsors before recruits;
- a catalogue of five categories and sixteen products, customers with
  addresses (each distributor's own account marked `is_own_account`), and
  orders (1-3 lines) from the first day of the month three months back up
  to now, in every payment state the contract allows; autoships with a
  recorded consent for the customers who bought subscription products, and
  a few tax rates (US, CA);
- CRM contacts for the demo distributors and a sample of others, with
  activities and tasks (overdue, due today, upcoming, done) for the demo
  logins; and the four commission periods those orders fall in, open.

Rows are generated in Python and written with one COPY per table (a single
statement each, sponsors before recruits), so the set-based triggers
(genealogy paths, audit, volume events) run once per table, not per row.
Money is `Decimal`, never float.
"""
from __future__ import annotations

import functools
import json
import random
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import psycopg
from psycopg import sql

from webapp.platform.db import SYSTEM_USER_ID
from webapp.platform.errors import SetupError
from webapp.platform.passwords import hash_password

DEMO_PASSWORD = "demo-pass-2026"
DEMO_DOMAIN = "demo.mlmcrm.test"

# (email, role, what the login shows). The two distributor logins are the
# root of the tree and one distributor in its middle, with a downline.
DEMO_LOGINS: tuple[tuple[str, str, str], ...] = (
    (f"admin@{DEMO_DOMAIN}", "admin", "everything, plan settings, users"),
    (f"manager@{DEMO_DOMAIN}", "manager", "all contacts and tasks, reads the business"),
    (f"support@{DEMO_DOMAIN}", "support", "customers, orders: payments, shipping, refunds"),
    (f"finance@{DEMO_DOMAIN}", "finance", "commission periods, ledger, payouts"),
    (f"auditor@{DEMO_DOMAIN}", "auditor", "reads everything, audit log; writes nothing"),
    (f"lead@{DEMO_DOMAIN}", "distributor", "top of the tree (D0000001), the whole downline"),
    (f"distributor@{DEMO_DOMAIN}", "distributor", "middle of the tree, own downline, contacts, tasks"),
)
ROOT_EMAIL = f"lead@{DEMO_DOMAIN}"
MID_EMAIL = f"distributor@{DEMO_DOMAIN}"

LOGINS_TEXT = "\n".join([
    "Demo logins (DEMO DATA ONLY: never use these accounts or this password on a real installation)",
    f"  password for every demo login: {DEMO_PASSWORD}",
    *(f"  {email:<30} {role:<12} {shows}" for email, role, shows in DEMO_LOGINS),
    "Other demo distributors and customers have no password and cannot sign in.",
])

MAX_DEPTH = 10          # levels below the root
JOIN_SPAN_DAYS = 730    # the root joined two years ago
ORDER_MONTHS_BACK = 3   # orders and open periods: three whole months + this one
TAX_RATE = Decimal("0.08")
FREE_SHIPPING_FROM = Decimal("100.00")
SHIPPING_FEE = Decimal("7.95")
CENT = Decimal("0.01")

# --- Built-in lists ------------------------------------------------------------

FIRST_NAMES = (
    "Amara", "Olivia", "Liam", "Sofia", "Mateo", "Aisha", "Noah", "Mei", "Hiroshi", "Priya",
    "Arjun", "Fatima", "Omar", "Chloé", "Lucas", "Isabella", "Ethan", "Zanele", "Kwame", "Ingrid",
    "Lars", "Anya", "Dmitri", "Elena", "Carlos", "Lucía", "Diego", "Yuki", "Sakura", "Min-jun",
    "Ji-woo", "Thanh", "Linh", "Nia", "Malik", "Grace", "Samuel", "Hannah", "Daniel", "Leila",
    "Reza", "Tariq", "Zoë", "Emma", "Jack", "Ava", "Mia", "Ravi", "Ananya", "Kofi",
    "Adaeze", "Siobhan", "Connor", "Marta", "Pedro", "Camila", "Valentina", "Tomás", "Jonas", "Freya",
    "Oskar", "Aylin", "Emre", "Noor", "Yara", "Kai", "Leilani", "Ngozi", "Tanvir", "Farah",
    "Benjamin", "Ruth", "Mariana", "Wei", "Sione", "Aroha", "Jamal", "Keisha", "Andrea", "Paolo",
)
LAST_NAMES = (
    "Okafor", "Smith", "García", "Nguyen", "Kim", "Patel", "Johansson", "Müller", "Sørensen", "Nowak",
    "Kowalski", "Rossi", "Tanaka", "Sato", "Chen", "Wang", "Li", "Hernández", "Silva", "Santos",
    "Haddad", "Khan", "Ali", "Mensah", "Boateng", "Adeyemi", "O'Brien", "Murphy", "Johnson", "Williams",
    "Brown", "Jones", "Davis", "Martin", "Dubois", "Lefebvre", "Moreau", "Novak", "Horvat", "Petrov",
    "Yılmaz", "Demir", "Cohen", "Levi", "Dlamini", "Nakamura", "Park", "Choi", "Tran", "Pham",
    "Singh", "Sharma", "Gupta", "Rahman", "Hossain", "Fernandes", "Costa", "López", "Ramírez", "Torres",
    "Walker", "Young", "Anderson", "Thompson", "Wright", "Kaur", "Taufa", "Ngata", "Jackson", "Rivera",
)
CITIES = (  # city, region, postal code, country, area code
    ("Austin", "TX", "78701", "US", "512"), ("Denver", "CO", "80202", "US", "303"),
    ("Portland", "OR", "97205", "US", "503"), ("Atlanta", "GA", "30303", "US", "404"),
    ("Phoenix", "AZ", "85004", "US", "602"), ("Columbus", "OH", "43215", "US", "614"),
    ("Raleigh", "NC", "27601", "US", "919"), ("Salt Lake City", "UT", "84101", "US", "801"),
    ("Minneapolis", "MN", "55401", "US", "612"), ("Tampa", "FL", "33602", "US", "813"),
    ("Sacramento", "CA", "95814", "US", "916"), ("Nashville", "TN", "37203", "US", "615"),
    ("Boise", "ID", "83702", "US", "208"), ("Omaha", "NE", "68102", "US", "402"),
    ("Pittsburgh", "PA", "15222", "US", "412"), ("Madison", "WI", "53703", "US", "608"),
    ("Albuquerque", "NM", "87102", "US", "505"), ("San Antonio", "TX", "78205", "US", "210"),
    ("Toronto", "ON", "M5V 2T6", "CA", "416"), ("Vancouver", "BC", "V6B 1A1", "CA", "604"),
    ("Calgary", "AB", "T2P 1J9", "CA", "403"), ("Ottawa", "ON", "K1P 5J2", "CA", "613"),
)
STREETS = (
    "Maple Avenue", "Oak Street", "Cedar Lane", "Pine Road", "Elm Street", "Lakeview Drive",
    "Hillcrest Road", "Sunset Boulevard", "River Road", "Park Avenue", "Willow Way", "Main Street",
    "Church Street", "Highland Avenue", "Meadow Lane", "Harbor View", "Birch Court", "Orchard Street",
)
COMPANIES = (
    "Brightside Fitness", "Green Leaf Yoga", "Sunrise Dental", "Harbor Realty", "Northwind Traders",
    "Bluebird Bakery", "Summit Physio", "Lotus Day Spa", "Oakridge School", "Riverside Salon",
    "Peak Performance Gym", "Willow Pharmacy", "Cornerstone Church", "Cedar Coffee Co.", "Nova Dance Studio",
)
JOB_TITLES = (
    "Owner", "Manager", "Personal Trainer", "Nurse", "Teacher", "Stylist", "Office Manager",
    "Student", "Retired", "Accountant", "Yoga Instructor", "Stay-at-home parent",
)
CONTACT_TAGS = (
    "wellness", "skincare", "business-opportunity", "vip", "referral", "hot-lead",
    "autoship-candidate", "event-2026", "follow-up", "home-care",
)
CONTACT_NOTES = (
    "Met at the spring wellness fair; interested in the skincare line.",
    "Asked about the business opportunity and the starter kit.",
    "Friend of a current customer. Prefers text messages.",
    "Tried the protein shake samples and loved the vanilla flavour.",
    "Wants to compare the multivitamin with what she buys now.",
    "Runs a small gym; could stock the energy sticks.",
    "Not ready yet, call back after the holidays.",
    "Came to the home party on Saturday with two friends.",
    "Looking for eco-friendly cleaning products for a large family.",
    "Interested in part-time income; has sales experience.",
    None, None,
)
ACTIVITY_TEMPLATES = (
    ("call", "Intro call", "Talked about their goals and which products fit."),
    ("email", "Sent product catalogue", "Emailed the PDF catalogue and the current promotions."),
    ("meeting", "Coffee meeting", "Met for coffee; walked through the starter kit."),
    ("note", "Sample feedback", "Liked the samples, wants to try a full size."),
    ("sms", "Reminder text", "Reminded them about Thursday's online presentation."),
    ("call", "Follow-up call", "Answered questions about autoship and delivery times."),
)
TASK_TEMPLATES = (
    ("call", "Call {name} about the starter kit"),
    ("follow_up", "Follow up with {name} after the samples"),
    ("email", "Send {name} the autoship details"),
    ("meeting", "Coffee with {name}"),
    ("presentation", "Online business presentation for {name}"),
    ("demo", "Skincare demo for {name}"),
)
REFUND_REASONS = (
    "Customer changed their mind (30-day guarantee).",
    "Damaged in transit.",
    "Duplicate order.",
    "Allergic reaction; full refund per policy.",
)

CATEGORIES = (  # slug, name
    ("nutrition", "Nutrition"), ("skincare", "Skincare"), ("wellness", "Wellness"),
    ("home-care", "Home Care"), ("kits-bundles", "Kits & Bundles"),
)


@dataclass(frozen=True)
class _Product:
    sku: str
    name: str
    category: str
    price: Decimal
    pv: Decimal
    cost: Decimal
    stock: int
    subscription_days: int | None = None
    status: str = "active"


def _p(sku, name, category, price, pv, cost, stock, subscription_days=None, status="active"):
    return _Product(sku, name, category, Decimal(price), Decimal(pv), Decimal(cost), stock,
                    subscription_days, status)


# PV is 70-90% of the price.
PRODUCTS = (
    _p("NUT-001", "Daily Essentials Multivitamin (60 capsules)", "nutrition", "39.95", "32.00", "9.80", 1200, 30),
    _p("NUT-002", "Plant Protein Shake, Vanilla (30 servings)", "nutrition", "54.95", "44.00", "14.20", 800, 30),
    _p("NUT-003", "Omega-3 Fish Oil (90 softgels)", "nutrition", "29.95", "24.00", "7.10", 950),
    _p("NUT-004", "Greens Superfood Powder", "nutrition", "49.95", "40.00", "12.60", 400),
    _p("SKN-001", "Hydrating Day Cream SPF 30", "skincare", "44.00", "35.00", "8.40", 600),
    _p("SKN-002", "Renewal Night Serum", "skincare", "68.00", "52.00", "13.90", 350),
    _p("SKN-003", "Gentle Foaming Cleanser", "skincare", "24.00", "18.00", "4.20", 900),
    _p("WEL-001", "Calm Sleep Support (30 tablets)", "wellness", "27.95", "22.00", "6.30", 700, 30),
    _p("WEL-002", "Probiotic Balance (60 capsules)", "wellness", "34.95", "28.00", "8.90", 650, 60),
    _p("WEL-003", "Energy Boost Sticks (20-pack)", "wellness", "32.00", "24.00", "7.50", 500),
    _p("HOM-001", "Concentrated Multi-Surface Cleaner", "home-care", "19.95", "14.00", "3.10", 1500),
    _p("HOM-002", "Eco Laundry Pods (60)", "home-care", "26.95", "20.00", "5.80", 1100, 60),
    _p("HOM-003", "Essential Oil Diffuser", "home-care", "59.00", "42.00", "18.50", 120),
    _p("HOM-004", "Bamboo Dish Brushes (3-pack)", "home-care", "14.95", "11.00", "2.90", 0,
       status="discontinued"),
    _p("KIT-001", "Business Starter Kit", "kits-bundles", "99.00", "80.00", "31.00", 300),
    _p("KIT-002", "Wellness Bundle (Multivitamin, Omega-3, Probiotic)", "kits-bundles", "89.95", "72.00", "24.80", 250),
)
_SELLING = tuple(p for p in PRODUCTS if p.status == "active" and p.category != "kits-bundles")
_SUBSCRIPTIONS = tuple(p for p in PRODUCTS if p.subscription_days)
_STARTER_KIT = next(p for p in PRODUCTS if p.sku == "KIT-001")
_BUNDLE = next(p for p in PRODUCTS if p.sku == "KIT-002")
_RETAIL_POOL = (*_SELLING, _BUNDLE)
_PERSONAL_POOL = (*_RETAIL_POOL, *_SUBSCRIPTIONS, *_SUBSCRIPTIONS)  # autoship favourites


# --- The plan of what to load ---------------------------------------------------

@dataclass
class _Person:
    first: str
    last: str
    city: tuple


@dataclass
class _Distributor:
    index: int
    user_id: uuid.UUID
    number: str
    sponsor: int | None
    depth: int
    joined: datetime
    person: _Person
    email: str
    status: str = "active"
    address: dict = field(default_factory=dict)
    recruits: int = 0
    customers: list = field(default_factory=list)   # indexes into plan.customers
    self_customer: int | None = None


@dataclass
class _Plan:
    now: datetime
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    distributors: list[_Distributor] = field(default_factory=list)
    customers: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    product_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    order_status: dict[str, int] = field(default_factory=dict)
    mid_index: int = 0
    window_start: datetime | None = None

    def rows(self, table: str) -> list[tuple]:
        return self.tables.setdefault(table, [])


# Columns written per table, in COPY order.
COLUMNS = {
    "public.product_categories": ("id", "name", "slug", "sort_order", "created_at"),
    "public.products": (
        "id", "sku", "name", "description", "short_description", "category_id", "price", "cost",
        "pv", "weight", "is_subscription", "subscription_frequency", "tax_code", "shipping_class",
        "stock_quantity", "min_stock_level", "status", "launch_date", "discontinued_date",
        "created_at", "updated_at"),
    "public.users": (
        "id", "email", "phone", "first_name", "last_name", "role", "status", "email_verified",
        "locale", "timezone", "created_at", "updated_at"),
    "private.user_credentials": ("user_id", "password_hash", "password_changed_at", "updated_at"),
    "public.user_profiles": (
        "user_id", "address", "date_of_birth", "kyc_status", "marketing_consent", "created_at",
        "updated_at"),
    "public.distributors": (
        "user_id", "distributor_number", "sponsor_id", "join_date", "status", "auto_ship_active",
        "created_at", "updated_at"),
    "public.customers": (
        "id", "customer_number", "distributor_id", "email", "phone", "first_name", "last_name",
        "billing_address", "shipping_addresses", "marketing_opt_in", "auto_ship_enabled",
        "loyalty_points", "lifetime_value", "first_order_date", "last_order_date", "status",
        "notes", "is_own_account", "created_at", "updated_at"),
    "public.orders": (
        "id", "order_number", "customer_id", "distributor_id", "order_type", "status",
        "subtotal", "discount_amount", "discount_reason", "tax_amount", "shipping_amount", "total",
        "total_pv", "payment_status", "payment_method", "payment_reference", "shipping_address",
        "billing_address", "shipping_method", "tracking_number", "paid_at", "refunded_at",
        "refund_reason", "cancelled_at", "shipped_at", "delivered_at", "created_at", "updated_at"),
    "public.order_items": (
        "order_id", "product_id", "quantity", "unit_price", "total_price", "pv", "created_at"),
    "public.tax_rates": ("country", "region", "rate", "name"),
    "public.autoships": (
        "id", "customer_id", "product_id", "quantity", "frequency_days", "shipping_method", "next_run_on",
        "consent_text", "consent_at", "consent_ip", "created_at", "updated_at"),
    "public.contacts": (
        "id", "owner_id", "first_name", "last_name", "email", "phone", "company", "title", "source",
        "status", "stage", "tags", "notes", "lead_score", "last_activity_at", "next_follow_up",
        "converted_at", "converted_to_customer_id", "converted_to_distributor_id", "lost_reason",
        "created_at", "updated_at"),
    "public.activities": ("contact_id", "owner_id", "type", "subject", "body", "occurred_at", "created_at"),
    "public.tasks": (
        "title", "description", "type", "priority", "status", "assignee_id", "created_by_id",
        "contact_id", "customer_id", "due_at", "completed_at", "created_at", "updated_at"),
}
# Parents before children (foreign keys): the order the tables are written in.
TABLE_ORDER = tuple(COLUMNS)


def load(conn: psycopg.Connection, distributors: int = 300, seed: int = 42) -> str:
    """Load the demo business into an empty database; return a one-paragraph summary."""
    if distributors < 2:
        raise SetupError("The demo needs at least 2 distributors (--distributors 2 or more).")
    started = time.perf_counter()
    demo_hash = _demo_password_hash()
    with conn.transaction():
        conn.execute(
            "select set_config('app.user_id', %s, true), set_config('app.request_id', 'demo-load', true)",
            [SYSTEM_USER_ID])
        taken = conn.execute(
            "select (select count(*) from public.distributors),"
            "       (select count(*) from public.users where email::text like %s)",
            [f"%@{DEMO_DOMAIN}"]).fetchone()
        if taken[0] or taken[1]:
            raise SetupError(
                f"Demo data was not loaded: the database already has {taken[0]} distributors and "
                f"{taken[1]} demo users. Load demo data only into an empty database "
                "(`mlmcrm demo load --if-empty` skips it; `make clean-data` deletes the embedded one).")
        now = conn.execute("select public.app_now()").fetchone()[0].astimezone(UTC)
        periods = _insert_periods(conn)
        plan = _build(random.Random(seed), now, distributors, demo_hash)
        with conn.cursor() as cur:
            for table in TABLE_ORDER:
                _copy(cur, table, plan.rows(table))
        # New orders continue the demo's numbers (private.order_number_next).
        conn.execute("select setval('private.order_number_seq', greatest(%s, 1))", [plan.counts["orders"]])
    seconds = time.perf_counter() - started
    return _summary(plan, seed, periods, seconds)


def close_past_months(conn: psycopg.Connection) -> str:
    """Close the demo's months that have ended, as the monthly close would have:
    every one but the last also finalized, the last one closed (so finance can
    still close it again or finalize it); then the open month's estimates. So
    statements, title ranks and "if this month closed now" have something to
    show from the first sign-in. Returns one line saying what was done."""
    with conn.transaction():
        conn.execute(
            "select set_config('app.user_id', %s, true), set_config('app.request_id', 'demo-close', true)",
            [SYSTEM_USER_ID])
        ended = [r[0] for r in conn.execute(
            "select id from public.commission_periods where status = 'open'"
            "   and end_date < (public.app_now() at time zone 'UTC')::date order by id")]
        for i, period_id in enumerate(ended):
            conn.execute("select public.close_period(%s)", [period_id])
            if i < len(ended) - 1:
                conn.execute("select public.finalize_period(%s)", [period_id])
        conn.execute("select api.estimates_refresh()")
    if not ended:
        return "No demo month has ended yet: nothing to close."
    finalized = f"finalized {', '.join(ended[:-1])} and " if len(ended) > 1 else ""
    return f"Closed the demo months that have ended: {finalized}closed {ended[-1]} (finance can finalize it)."


@functools.cache
def _demo_password_hash() -> str:
    """One Argon2id hash (~150 ms) shared by every demo login."""
    return hash_password(DEMO_PASSWORD)


def _insert_periods(conn: psycopg.Connection) -> list[str]:
    """Open periods for this month (UTC) and the three before it (those not
    there yet); returns the four months' names, oldest first."""
    rows = conn.execute(
        """
        with months as (
          select m from generate_series(
            date_trunc('month', public.app_now() at time zone 'UTC') - make_interval(months => %s),
            date_trunc('month', public.app_now() at time zone 'UTC'),
            interval '1 month') as m
        ), added as (
          insert into public.commission_periods (id, name, start_date, end_date)
          select to_char(m, 'YYYY-MM'), to_char(m, 'FMMonth YYYY'), m::date,
                 (m + interval '1 month')::date - 1
            from months
          on conflict (id) do nothing
        )
        select to_char(m, 'FMMonth YYYY') from months order by m
        """, [ORDER_MONTHS_BACK]).fetchall()
    return [r[0] for r in rows]


def _copy(cur: psycopg.Cursor, table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    schema, name = table.split(".")
    stmt = sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(schema), sql.Identifier(name),
        sql.SQL(", ").join(map(sql.Identifier, COLUMNS[table])))
    with cur.copy(stmt) as copy:
        for row in rows:
            copy.write_row(row)


# --- Building the plan ---------------------------------------------------------------

def _build(rng: random.Random, now: datetime, n: int, demo_hash: str) -> _Plan:
    plan = _Plan(now=now)
    # The tree first, and nothing that depends on the clock before it, so the
    # same seed gives the same tree on any day.
    tree = _tree(rng, n)
    _catalogue(plan)
    _people(rng, plan, tree, demo_hash)
    _customers(rng, plan)
    _orders(rng, plan)
    _crm(rng, plan)
    return plan


def _tree(rng: random.Random, n: int) -> list[tuple[int | None, int]]:
    """(sponsor index, depth) per distributor, sponsors first.

    The root's first recruits head its legs, and each later newcomer goes to
    a leg with fixed odds (a few strong legs, some small ones). Inside a leg,
    preferential attachment with an urn: a person holds one ticket, a
    "builder" (about one in eight) four, and each recruit adds one more
    ticket to its sponsor, so those who recruit keep recruiting. A leg head
    sponsors at most 8 (more only when its whole leg is full), a casual
    member 4, a builder 15, and nobody at depth MAX_DEPTH recruits, so most
    people have 0-3 recruits.
    """
    leg_odds = (34, 24, 16, 11, 8, 7)
    legs = min(n - 1, len(leg_odds))
    sponsors: list[int | None] = [None] + [0] * legs
    depth = [0] + [1] * legs
    recruits = [legs] + [0] * legs
    cap = [legs] + [8] * legs
    urns = [[i] * 3 for i in range(1, legs + 1)]
    for i in range(legs + 1, n):
        leg = rng.choices(range(legs), leg_odds[:legs])[0]
        urn = urns[leg]
        while True:
            if not urn:  # everyone in the leg is capped: its head takes more
                urn.append(leg + 1)
                cap[leg + 1] += 1
            j = urn[rng.randrange(len(urn))]
            if recruits[j] < cap[j]:
                break
            urn[:] = [k for k in urn if recruits[k] < cap[k]]  # drop stale tickets
        sponsors.append(j)
        depth.append(depth[j] + 1)
        recruits.append(0)
        recruits[j] += 1
        builder = rng.random() < 0.125
        cap.append(15 if builder else 4)
        if depth[i] < MAX_DEPTH:
            urn.extend([i] * (4 if builder else 1))
        urn.append(j)
    return list(zip(sponsors, depth, strict=True))


def _catalogue(plan: _Plan) -> None:
    created = plan.now - timedelta(days=JOIN_SPAN_DAYS + 30)
    category_ids = {}
    for order, (slug, name) in enumerate(CATEGORIES):
        category_ids[slug] = _uuid(f"category:{slug}")
        plan.rows("public.product_categories").append((category_ids[slug], name, slug, order * 10, created))
    for k, p in enumerate(PRODUCTS):
        pid = _uuid(f"product:{p.sku}")
        plan.product_ids[p.sku] = pid
        launch = (created + timedelta(days=40 * k)).date()
        discontinued = (plan.now - timedelta(days=45)).date() if p.status == "discontinued" else None
        short = f"{p.name.split(' (')[0]}: {_category_blurb(p.category)}"
        description = (f"{p.name}. {_category_blurb(p.category)} Made with responsibly sourced "
                       "ingredients and backed by our 30-day satisfaction guarantee.")
        if p.subscription_days:
            description += f" Available on autoship every {p.subscription_days} days."
        weight = Decimal("0.45") if p.category != "kits-bundles" else Decimal("2.10")
        plan.rows("public.products").append((
            pid, p.sku, p.name, description, short, category_ids[p.category], p.price, p.cost, p.pv,
            weight, p.subscription_days is not None, p.subscription_days, "TX-STD", "standard",
            p.stock, 50 if p.stock else 0, p.status, launch, discontinued, created, created))
    plan.counts["categories"] = len(CATEGORIES)
    plan.counts["products"] = len(PRODUCTS)
    plan.counts["subscription products"] = len(_SUBSCRIPTIONS)


def _category_blurb(category: str) -> str:
    return {
        "nutrition": "Everyday nutrition for energy and balance.",
        "skincare": "Dermatologist-tested care for every skin type.",
        "wellness": "Gentle support for sleep, digestion and focus.",
        "home-care": "Plant-based cleaning that is tough on dirt.",
        "kits-bundles": "Our best sellers together, at a better price.",
    }[category]


def _people(rng: random.Random, plan: _Plan, tree: list[tuple[int | None, int]], demo_hash: str) -> None:
    now = plan.now
    users = plan.rows("public.users")
    creds = plan.rows("private.user_credentials")
    profiles = plan.rows("public.user_profiles")
    n = len(tree)

    # Join times: the root two years ago, then sorted so sponsors join first;
    # u ** 0.6 puts more joins in recent months (a growing business).
    root_joined = _midnight(now - timedelta(days=JOIN_SPAN_DAYS)) + timedelta(hours=15)
    span = (now - timedelta(hours=2) - root_joined).total_seconds()
    offsets = sorted(span * (rng.random() ** 0.6) for _ in range(n - 1))
    joined = [root_joined] + [root_joined + timedelta(seconds=int(o)) for o in offsets]

    # Subtree sizes, to pick the mid-tree demo distributor.
    size = [1] * n
    for i in range(n - 1, 0, -1):
        size[tree[i][0]] += size[i]
    mid = _pick_mid(tree, size)

    for i, (sponsor, depth) in enumerate(tree):
        person = _person(rng)
        number = f"D{i + 1:07d}"  # the shape private.distributor_number_next continues
        email = ROOT_EMAIL if i == 0 else MID_EMAIL if i == mid else _email(person, i + 1, "example.com")
        d = _Distributor(i, _uuid_from(rng), number, sponsor, depth, joined[i], person, email)
        age_days = (now - d.joined).days
        if i not in (0, mid) and age_days > 30:
            d.status = rng.choices(("active", "inactive", "on_hold", "terminated"), (84, 9, 4, 3))[0]
        if sponsor is not None:
            plan.distributors[sponsor].recruits += 1
        plan.distributors.append(d)

    # Staff: created before the business started.
    staff_names = {"admin": ("Alex", "Morgan"), "manager": ("Priya", "Raman"), "support": ("Diego", "Alvarez"),
                   "finance": ("Hannah", "Okoro"), "auditor": ("Jonas", "Lindqvist")}
    staff_created = root_joined - timedelta(days=14)
    for email, role, _ in DEMO_LOGINS:
        if role == "distributor":
            continue
        uid = _uuid(f"staff:{role}")
        first, last = staff_names[role]
        users.append((uid, email, _phone(rng, CITIES[0]), first, last, role, "active", True,
                      "en-US", "UTC", staff_created, staff_created))
        creds.append((uid, demo_hash, now, now))
        profiles.append((uid, None, None, "verified", False, staff_created, staff_created))

    user_status = {"active": "active", "inactive": "inactive", "on_hold": "suspended", "terminated": "inactive"}
    for d in plan.distributors:
        p = d.person
        users.append((d.user_id, d.email, _phone(rng, p.city), p.first, p.last, "distributor",
                      user_status[d.status], True, "en-US" if p.city[3] == "US" else "en-CA", "UTC",
                      d.joined, d.joined))
        if d.email in (ROOT_EMAIL, MID_EMAIL):
            creds.append((d.user_id, demo_hash, now, now))
        birth = date(rng.randint(1958, 2001), rng.randint(1, 12), rng.randint(1, 28))
        kyc = "verified" if (now - d.joined).days > 21 and rng.random() < 0.9 else "pending"
        d.address = _address(rng, p)
        profiles.append((d.user_id, json.dumps(d.address), birth, kyc, rng.random() < 0.6,
                         d.joined, d.joined))
        # auto_ship_active is filled in by _orders (a subscription in a personal order).
    plan.mid_index = mid
    plan.counts["staff logins"] = 5
    plan.counts["distributors"] = n


def _pick_mid(tree: list[tuple[int | None, int]], size: list[int]) -> int:
    """A depth-3 distributor (depth 2 or 1 in tiny trees) with a good downline:
    the largest one that is at most a tenth of the tree."""
    for want in (3, 2, 1):
        candidates = [i for i, (_, d) in enumerate(tree) if d == want]
        if candidates:
            modest = [i for i in candidates if size[i] <= max(len(tree) // 10, 2)] or candidates
            return max(modest, key=lambda i: (size[i], -i))
    return 1


def _customers(rng: random.Random, plan: _Plan) -> None:
    """2-4 customers per active distributor (0-2 for inactive or on hold, none
    for terminated), plus one "own account" customer per distributor that is
    not terminated: personal orders need a customer_id (orders.customer_id is
    not null), and a distributor buying for themself is their own customer, with
    their own name and addresses. That row is marked in `notes`."""
    now = plan.now
    seq = 0
    for d in plan.distributors:
        if d.status == "terminated":
            continue
        own = rng.randint(2, 4) if d.status == "active" else rng.randint(0, 2)
        people = [(d.person, True)] + [(_person(rng), False) for _ in range(own)]
        for person, is_self in people:
            seq += 1
            number = f"C{seq:07d}"
            created = d.joined if is_self else _between(rng, d.joined, d.joined + (now - d.joined) * 0.6)
            billing = d.address if is_self else _address(rng, person)
            shipping = [dict(billing, label="Home", is_default=True)]
            if rng.random() < 0.2:
                shipping.append(dict(_address(rng, person), label="Work", is_default=False))
            plan.customers.append({
                "id": _uuid_from(rng), "number": number, "distributor": d.index, "self": is_self,
                "person": person, "created": created, "billing": json.dumps(billing),
                "shipping": json.dumps(shipping), "ship_to": json.dumps(shipping[0]),
                "email": d.email if is_self else _email(person, seq, "example.net"),
                "phone": _phone(rng, person.city), "opt_in": rng.random() < 0.55,
                "status": "active" if d.status == "active" or rng.random() < 0.5 else "inactive",
                "autoship": False, "value": Decimal("0.00"), "first": None, "last": None,
            })
            if is_self:
                d.self_customer = len(plan.customers) - 1
            else:
                d.customers.append(len(plan.customers) - 1)


def _orders(rng: random.Random, plan: _Plan) -> None:
    """Orders from the first day of the month ORDER_MONTHS_BACK months ago up to now.

    Each month an active distributor places a personal order with probability
    0.75 (their own customer row) and each customer orders with probability
    0.45. Outcomes: ~3% cancelled (unpaid), ~3% refunded (whole order, after
    payment), some pending (awaiting a bank transfer, or just placed), the rest
    paid, with status following the timestamps (confirmed, processing,
    shipped, delivered).
    """
    now = plan.now
    window_start = _month_start(now, -ORDER_MONTHS_BACK)
    activity = {"active": 1.0, "inactive": 0.2, "on_hold": 0.35, "terminated": 0.0}
    drafts = []  # (created_at, distributor, customer index, order_type)
    month = window_start
    while month < now:
        month_end = min(_month_start(month, 1), now)
        for d in plan.distributors:
            rate = activity[d.status]
            if not rate:
                continue
            begin = max(month, d.joined + timedelta(hours=1))
            if begin >= month_end:
                continue
            if rng.random() < 0.75 * rate:
                drafts.append((_between(rng, begin, month_end), d, d.self_customer, "personal"))
            for c in d.customers:
                cust = plan.customers[c]
                c_begin = max(begin, cust["created"] + timedelta(hours=1))
                if c_begin < month_end and rng.random() < 0.45 * rate:
                    drafts.append((_between(rng, c_begin, month_end), d, c, "retail"))
        month = _month_start(month, 1)
    drafts.sort(key=lambda x: (x[0], x[1].index, x[2]))

    orders = plan.rows("public.orders")
    items = plan.rows("public.order_items")
    first_personal: set[int] = set()
    by_status: dict[str, int] = {}
    for seq, (placed, d, c, order_type) in enumerate(drafts, start=1):
        cust = plan.customers[c]
        lines = _order_lines(rng, d, order_type, first_personal, placed, window_start)
        subtotal = sum((q * p.price for p, q in lines), Decimal("0.00"))
        total_pv = sum((q * p.pv for p, q in lines), Decimal("0.00"))
        discount, discount_reason = Decimal("0.00"), None
        if rng.random() < 0.06:
            discount = (subtotal * Decimal("0.10")).quantize(CENT, ROUND_HALF_UP)
            discount_reason = "Loyalty reward: 10% off"
        tax = ((subtotal - discount) * TAX_RATE).quantize(CENT, ROUND_HALF_UP)
        shipping_fee = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM else SHIPPING_FEE
        total = subtotal + tax + shipping_fee - discount

        o = _outcome(rng, placed, now)
        by_status[o["status"]] = by_status.get(o["status"], 0) + 1
        order_id = _uuid_from(rng)
        number = f"SO-{placed.year}-{seq:06d}"
        tracking = f"1Z{rng.randrange(10**9, 10**10)}{seq:06d}" if o["shipped_at"] else None
        updated = max(t for t in (placed, o["paid_at"], o["refunded_at"], o["cancelled_at"],
                                  o["shipped_at"], o["delivered_at"]) if t)
        orders.append((
            order_id, number, cust["id"], d.user_id, order_type, o["status"], subtotal, discount,
            discount_reason, tax, shipping_fee, total, total_pv, o["payment_status"], o["method"],
            o["reference"], cust["ship_to"], cust["billing"], "standard", tracking,
            o["paid_at"], o["refunded_at"], o["refund_reason"], o["cancelled_at"], o["shipped_at"],
            o["delivered_at"], placed, updated))
        for product, qty in lines:
            items.append((order_id, plan.product_ids[product.sku], qty, product.price,
                          qty * product.price, qty * product.pv, placed))
        if o["payment_status"] == "paid":
            cust["value"] += total
            day = o["paid_at"].date()
            cust["first"] = min(cust["first"] or day, day)
            cust["last"] = max(cust["last"] or day, day)
            if any(p.subscription_days for p, _ in lines):
                cust["autoship"] = True
                if "autoship_product" not in cust:
                    cust["autoship_product"] = next(p for p, _ in lines if p.subscription_days)
                    cust["autoship_since"] = o["paid_at"]
    plan.counts["orders"] = len(orders)
    plan.counts["order items"] = len(items)
    plan.order_status = by_status
    plan.window_start = window_start

    for cust in plan.customers:
        plan.rows("public.customers").append((
            cust["id"], cust["number"], plan.distributors[cust["distributor"]].user_id, cust["email"],
            cust["phone"], cust["person"].first, cust["person"].last, cust["billing"],
            cust["shipping"], cust["opt_in"], cust["autoship"],
            int(cust["value"]), cust["value"], cust["first"], cust["last"], cust["status"],
            "The distributor's own account, for personal orders." if cust["self"] else None,
            cust["self"], cust["created"], cust["created"]))
    plan.counts["customers"] = len(plan.customers)
    plan.counts["own-account customers"] = sum(1 for c in plan.customers if c["self"])

    for d in plan.distributors:
        autoship = d.self_customer is not None and plan.customers[d.self_customer]["autoship"]
        plan.rows("public.distributors").append((
            d.user_id, d.number, plan.distributors[d.sponsor].user_id if d.sponsor is not None else None,
            d.joined.date(), d.status, autoship, d.joined, d.joined))
    _autoships(plan)


# Demo tax rates (the product ships none: they depend on where a company sells).
TAX_RATES = (
    ("US", None, Decimal("0.08"), "Sales tax (demo flat rate)"),
    ("CA", None, Decimal("0.05"), "GST"),
    ("CA", "ON", Decimal("0.13"), "HST Ontario"),
    ("CA", "BC", Decimal("0.12"), "GST + PST British Columbia"),
)


def _autoships(plan: _Plan) -> None:
    """Every customer who bought a subscription product is on autoship for it
    (one unit, the product's frequency, next order after today), with a
    recorded consent; and the demo tax rates."""
    today = plan.now.date()
    for index, cust in enumerate(plan.customers):
        product = cust.get("autoship_product")
        if product is None:
            continue
        since = cust["autoship_since"]
        next_on = since.date() + timedelta(days=product.subscription_days)
        while next_on <= today:
            next_on += timedelta(days=product.subscription_days)
        terms = (f"Autoship agreement (demo data): every {product.subscription_days} days, an order for "
                 f"1 x {product.name} ({product.sku}) at the price of the day, plus tax and shipping. "
                 "It can be cancelled at any time, in one step.")
        plan.rows("public.autoships").append((
            _uuid(f"autoship:{cust['id']}"), cust["id"], plan.product_ids[product.sku], 1,
            product.subscription_days, "standard", next_on, terms, since, f"203.0.113.{index % 250 + 1}",
            since, since))
    plan.counts["autoships"] = len(plan.rows("public.autoships"))
    plan.rows("public.tax_rates").extend(TAX_RATES)


def _order_lines(rng, d, order_type, first_personal, placed, window_start):
    """1-3 distinct products with quantities; a new distributor's first
    personal order brings the starter kit."""
    lines = []
    if (order_type == "personal" and d.index not in first_personal
            and d.joined >= window_start - timedelta(days=7)):
        lines.append((_STARTER_KIT, 1))
    if order_type == "personal":
        first_personal.add(d.index)
    count = rng.choices((1, 2, 3), (45, 35, 20))[0]
    pool = _PERSONAL_POOL if order_type == "personal" else _RETAIL_POOL
    while len(lines) < count:
        product = rng.choice(pool)
        if all(p is not product for p, _ in lines):
            lines.append((product, rng.choices((1, 2, 3), (75, 20, 5))[0]))
    return lines


ORDER_HOLD = timedelta(hours=48)  # plan setting order_hold_hours' default


def _outcome(rng: random.Random, placed: datetime, now: datetime) -> dict:
    """Payment and fulfilment timestamps that satisfy the orders checks."""
    o = dict(status="pending", payment_status="pending", method=rng.choice(("card", "card", "card", "paypal")),
             reference=None, paid_at=None, refunded_at=None, refund_reason=None, cancelled_at=None,
             shipped_at=None, delivered_at=None)
    age = now - placed
    r = rng.random()
    if r < 0.03:
        o.update(status="cancelled", cancelled_at=min(placed + timedelta(hours=rng.randint(1, 48)), now))
        if rng.random() < 0.4:
            o["payment_status"] = "failed"
        return o
    if r < 0.09 or (age < timedelta(hours=12) and r < 0.5):
        if age > ORDER_HOLD:  # left unpaid past the hold: the expiry job cancelled it
            o.update(status="cancelled", cancelled_at=placed + ORDER_HOLD)
            return o
        return o  # pending: awaiting payment
    paid = min(placed + timedelta(minutes=rng.randint(1, 45)), now)
    o.update(payment_status="paid", paid_at=paid, reference=f"pay_{rng.getrandbits(48):012x}")
    shipped = paid + timedelta(hours=rng.randint(20, 52))
    delivered = shipped + timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 8))
    if shipped <= now:
        o["shipped_at"] = shipped
        if delivered <= now:
            o["delivered_at"] = delivered
    o["status"] = ("delivered" if o["delivered_at"] else "shipped" if o["shipped_at"]
                   else "processing" if now - paid > timedelta(hours=6) else "confirmed")
    if r < 0.12 and o["delivered_at"]:
        refunded = o["delivered_at"] + timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 10))
        if refunded <= now:
            o.update(status="refunded", payment_status="refunded", refunded_at=refunded,
                     refund_reason=rng.choice(REFUND_REASONS))
    return o


def _crm(rng: random.Random, plan: _Plan) -> None:
    """Contacts for the demo distributors (12-15 each) and for about one active
    distributor in four (3-10 each); activities and tasks for the demo logins."""
    now = plan.now
    contacts = plan.rows("public.contacts")
    activities = plan.rows("public.activities")
    tasks = plan.rows("public.tasks")
    demo = {0, plan.mid_index}
    manager_id = _uuid("staff:manager")
    stage_of = {"new": "new", "contacted": "contacted", "qualified": "follow_up", "proposal": "proposal",
                "negotiation": "negotiation", "enrolled": "closed_won", "won": "closed_won", "lost": "closed_lost"}
    recruits_of: dict[int, list[int]] = {}
    for d in plan.distributors:
        if d.sponsor is not None:
            recruits_of.setdefault(d.sponsor, []).append(d.index)
    for d in plan.distributors:
        if d.index in demo:
            count = rng.randint(12, 15)
        elif d.status == "active" and rng.random() < 0.25:
            count = rng.randint(3, 10)
        else:
            continue
        own_contacts = []
        for _ in range(count):
            person = _person(rng)
            created = _between(rng, max(d.joined, now - timedelta(days=120)), now - timedelta(hours=3))
            status = rng.choices(tuple(stage_of), (20, 22, 15, 10, 6, 5, 10, 12))[0]
            converted_at = customer_id = distributor_id = lost_reason = None
            if status == "won" and d.customers:
                customer_id = plan.customers[rng.choice(d.customers)]["id"]
                converted_at = _between(rng, created, now)
            elif status == "enrolled" and recruits_of.get(d.index):
                distributor_id = plan.distributors[rng.choice(recruits_of[d.index])].user_id
                converted_at = _between(rng, created, now)
            elif status in ("won", "enrolled"):
                status = "qualified"
            if status == "lost":
                lost_reason = rng.choice(("Price", "Not interested right now", "Chose another brand",
                                          "No reply after three follow-ups"))
            has_company = rng.random() < 0.35
            tags = sorted(set(rng.sample(CONTACT_TAGS, rng.choice((0, 1, 1, 2, 3)))))
            follow_up = (now + timedelta(days=rng.randint(1, 21), hours=rng.randint(0, 8))
                         if status in ("new", "contacted", "qualified", "proposal", "negotiation")
                         and rng.random() < 0.6 else None)
            cid = _uuid_from(rng)
            last_activity = None
            if d.index in demo and rng.random() < 0.7:
                for _ in range(rng.randint(1, 3)):
                    kind, subject, body = rng.choice(ACTIVITY_TEMPLATES)
                    at = _between(rng, created, now)
                    activities.append((cid, d.user_id, kind, subject, body, at, at))
                    last_activity = max(last_activity or at, at)
            contacts.append((
                cid, d.user_id, person.first, person.last,
                _email(person, len(contacts) + 1, "example.org") if rng.random() < 0.85 else None,
                _phone(rng, person.city) if rng.random() < 0.8 else None,
                rng.choice(COMPANIES) if has_company else None,
                rng.choice(JOB_TITLES) if rng.random() < 0.5 else None,
                rng.choice(("referral", "referral", "social_media", "event", "website", "trade_show",
                            "email_campaign", "cold_call", "other")),
                status, stage_of[status], tags, rng.choice(CONTACT_NOTES), rng.randint(5, 95),
                last_activity, follow_up, converted_at, customer_id, distributor_id, lost_reason,
                created, max(created, last_activity or created)))
            own_contacts.append((cid, person))
        if d.index in demo:
            _tasks(rng, plan, d, own_contacts, manager_id, tasks)
    # The manager's own to-do list, so the manager's home page is not empty.
    for title, due_at in (("Review last month's pipeline with team leads", now - timedelta(days=2)),
                          ("Approve the guest list for the next event", _later_today(now, 0.5)),
                          ("Plan the leadership call", now + timedelta(days=5))):
        created = now - timedelta(days=7)
        tasks.append((title, None, "meeting", "medium", "pending", manager_id, manager_id, None, None,
                      due_at, None, created, created))
    plan.counts["contacts"] = len(contacts)
    plan.counts["activities"] = len(activities)
    plan.counts["tasks"] = len(tasks)


def _tasks(rng, plan, d, own_contacts, manager_id, tasks) -> None:
    """Overdue, due today, upcoming and done tasks, plus one the manager assigned."""
    now = plan.now
    due = ([("pending", now - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6))) for _ in range(2)]
           + [("pending", _later_today(now, f)) for f in (0.3, 0.8)]
           + [("pending", now + timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 6))) for _ in range(3)]
           + [("in_progress", now + timedelta(days=2))]
           + [("completed", now - timedelta(days=rng.randint(2, 20))) for _ in range(2)])
    for k, (status, due_at) in enumerate(due):
        contact_id, person = own_contacts[k % len(own_contacts)]
        kind, title = rng.choice(TASK_TEMPLATES)
        created = min(due_at, now) - timedelta(days=rng.randint(1, 10))
        completed = due_at - timedelta(hours=rng.randint(1, 20)) if status == "completed" else None
        tasks.append((title.format(name=f"{person.first} {person.last}"), None, kind,
                      rng.choice(("low", "medium", "medium", "high", "urgent")), status, d.user_id, d.user_id,
                      contact_id, None, due_at, completed, created, completed or created))
    customer = plan.customers[d.customers[0]] if d.customers else None
    tasks.append((f"Ask {customer['person'].first} {customer['person'].last} about autoship" if customer
                  else "Plan next month's team call",
                  "Assigned by the sales manager after the monthly review.", "follow_up", "high", "pending",
                  d.user_id, manager_id, None, customer["id"] if customer else None,
                  now + timedelta(days=3), None, now - timedelta(days=1), now - timedelta(days=1)))


# --- Small helpers ----------------------------------------------------------------------

def _uuid(name: str) -> uuid.UUID:
    """A fixed id for a fixed demo thing (category, product, staff user)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{DEMO_DOMAIN}/{name}")


def _uuid_from(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _person(rng: random.Random) -> _Person:
    return _Person(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(CITIES))


@functools.cache
def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _email(person: _Person, unique: int, domain: str) -> str:
    """first.last42@domain: unique per table thanks to the number."""
    return f"{_ascii(person.first)}.{_ascii(person.last)}{unique}@{domain}"


def _phone(rng: random.Random, city: tuple) -> str:
    return f"+1-{city[4]}-555-01{rng.randrange(100):02d}"  # 555-0100..0199: fictional numbers


def _address(rng: random.Random, person: _Person) -> dict:
    city, region, postal, country, _ = person.city
    address = {"line1": f"{rng.randint(12, 9899)} {rng.choice(STREETS)}", "city": city,
               "region": region, "postal_code": postal, "country": country,
               "name": f"{person.first} {person.last}"}
    if rng.random() < 0.15:
        address["line2"] = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    return address


def _later_today(now: datetime, fraction: float) -> datetime:
    """A time between now and the end of today (UTC): due today, not yet overdue."""
    return now + (_midnight(now) + timedelta(days=1) - now) * fraction


def _midnight(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_start(at: datetime, months: int) -> datetime:
    """00:00 UTC on the first day of the month `months` away from `at`'s."""
    index = at.year * 12 + at.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A whole second in [start, end) (start itself when the span is under a second)."""
    at = start + timedelta(seconds=rng.randrange(max(1, int((end - start).total_seconds()))))
    return at.replace(microsecond=0) if at.replace(microsecond=0) >= start else at


def _summary(plan: _Plan, seed: int, periods: list[str], seconds: float) -> str:
    c = plan.counts
    statuses: dict[str, int] = {}
    for d in plan.distributors:
        statuses[d.status] = statuses.get(d.status, 0) + 1
    depth = max(d.depth for d in plan.distributors)
    by_status = ", ".join(f"{v:,} {k.replace('_', ' ')}"
                          for k, v in sorted(statuses.items(), key=lambda kv: -kv[1]))
    legs = plan.distributors[0].recruits
    paid = sum(plan.order_status.get(s, 0) for s in ("confirmed", "processing", "shipped", "delivered"))
    period_text = f"{len(periods)} open commission periods ({periods[0]} to {periods[-1]})"
    window = f"{plan.window_start:%-d %B %Y} to {plan.now:%-d %B %Y}"
    return (
        f"Loaded demo data (seed {seed}) in {seconds:.1f} s: {c['distributors']:,} distributors "
        f"({by_status}; "
        f"{legs} front-line legs under the root, {depth} levels deep), "
        f"{c['staff logins']} staff users and 2 distributor logins, "
        f"{c['categories']} product categories and {c['products']} products "
        f"({c['subscription products']} on autoship), {c['customers']:,} customers "
        f"({c['own-account customers']:,} of them distributors' own accounts for personal orders; "
        f"{c.get('autoships', 0):,} on autoship), "
        f"{c['orders']:,} orders from {window} with {c['order items']:,} items "
        f"({paid:,} paid, {plan.order_status.get('pending', 0):,} pending, "
        f"{plan.order_status.get('cancelled', 0):,} cancelled, {plan.order_status.get('refunded', 0):,} refunded), "
        f"{c['contacts']:,} contacts with {c['activities']:,} activities and {c['tasks']:,} tasks, "
        f"and {period_text}."
    )

