"""Rows for tests, written as the superuser with only the contract's columns.

Each factory takes the `db` connection (superuser, rolled back after the
test) and returns the new row's id. Call `as_superuser(db)` first when the
test has already switched identity.
"""
from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

import psycopg

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_user(db: psycopg.Connection, role: str = "distributor", *, status: str = "active",
              email: str | None = None, first_name: str | None = None,
              last_name: str | None = None) -> str:
    n = _n()
    user_id = str(uuid.uuid4())
    db.execute(
        "insert into users (id, email, role, status, first_name, last_name) values (%s, %s, %s, %s, %s, %s)",
        [user_id, email or f"{role}{n}-{user_id[:8]}@example.test", role, status,
         first_name or role.title(), last_name or f"Person{n}"])
    return user_id


def make_distributor(db: psycopg.Connection, sponsor: str | None = None, *, status: str = "active",
                     join_date: str | None = None, user_id: str | None = None, **user) -> str:
    user_id = user_id or make_user(db, "distributor", **user)
    db.execute(
        "insert into distributors (user_id, distributor_number, sponsor_id, join_date, status)"
        " values (%s, %s, %s, coalesce(%s::date, current_date), %s)",
        [user_id, f"D{_n():07d}{user_id[:4]}", sponsor, join_date, status])
    return user_id


def make_customer(db: psycopg.Connection, distributor: str, *, email: str | None = None) -> str:
    customer_id = str(uuid.uuid4())
    db.execute("insert into customers (id, customer_number, distributor_id, email) values (%s, %s, %s, %s)",
               [customer_id, f"C{_n():07d}{customer_id[:4]}", distributor,
                email or f"customer-{customer_id[:8]}@example.test"])
    return customer_id


def make_product(db: psycopg.Connection, price: str = "50.00", pv: str = "40.00") -> str:
    product_id = str(uuid.uuid4())
    db.execute("insert into products (id, sku, name, price, pv) values (%s, %s, %s, %s, %s)",
               [product_id, f"SKU-{_n()}-{product_id[:6]}", "Test product", price, pv])
    return product_id


def make_order(db: psycopg.Connection, distributor: str, *, customer: str | None = None,
               order_type: str = "retail", subtotal: str = "50.00", pv: str = "40.00",
               paid_at: str | None = None, refunded_at: str | None = None) -> str:
    """A one-line order; paid when `paid_at` is given, refunded when `refunded_at` is."""
    customer = customer or make_customer(db, distributor)
    status, payment = "pending", "pending"
    if paid_at:
        status, payment = "confirmed", "paid"
    if refunded_at:
        status, payment = "refunded", "refunded"
    order_id = str(uuid.uuid4())
    address = '{"line1": "1 Test Street", "city": "Testville", "country": "US"}'
    db.execute(
        "insert into orders (id, order_number, customer_id, distributor_id, order_type, status,"
        " payment_status, subtotal, total, paid_at, refunded_at, shipping_address, billing_address)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [order_id, f"O-{_n():08d}-{order_id[:4]}", customer, distributor, order_type, status, payment,
         subtotal, subtotal, paid_at, refunded_at, address, address])
    product = make_product(db, price=subtotal, pv=pv)
    db.execute(
        "insert into order_items (order_id, product_id, quantity, unit_price, total_price, pv)"
        " values (%s, %s, 1, %s, %s, %s)", [order_id, product, subtotal, subtotal, pv])
    return order_id


def make_contact(db: psycopg.Connection, owner: str, *, email: str | None = None) -> str:
    contact_id = str(uuid.uuid4())
    db.execute("insert into contacts (id, owner_id, first_name, last_name, email) values (%s, %s, %s, %s, %s)",
               [contact_id, owner, "Pat", f"Prospect{_n()}", email or f"lead-{contact_id[:8]}@example.test"])
    return contact_id


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# --- Added for the RLS matrix tests (tests/sql/test_rls_matrix.py) -----------

def make_user_profile(db: psycopg.Connection, user: str, *, kyc_status: str = "pending") -> str:
    db.execute("insert into user_profiles (user_id, kyc_status, tax_id) values (%s, %s, %s)",
               [user, kyc_status, f"TAX-{_n()}"])
    return user


def make_commission_period(db: psycopg.Connection, period_id: str, *, status: str = "open") -> str:
    """Period 'YYYY-MM' (the UTC calendar month); closed/finalized ones get their timestamps."""
    db.execute(
        "insert into commission_periods (id, name, start_date, end_date)"
        " values (%(id)s::text, %(id)s::text, to_date(%(id)s::text, 'YYYY-MM'),"
        "         (to_date(%(id)s::text, 'YYYY-MM') + interval '1 month')::date - 1)"
        " on conflict (id) do nothing", {"id": period_id})
    if status != "open":
        set_commission_period_status(db, period_id, status)
    return period_id


def set_commission_period_status(db: psycopg.Connection, period_id: str, status: str) -> None:
    db.execute(
        "update commission_periods set status = %(s)s::text::public.period_status,"
        " closed_at = case when %(s)s::text in ('closed', 'finalized') then coalesce(closed_at, app_now()) end,"
        " finalized_at = case when %(s)s::text = 'finalized' then coalesce(finalized_at, app_now()) end"
        " where id = %(id)s", {"s": status, "id": period_id})


def make_task(db: psycopg.Connection, assignee: str, *, created_by: str | None = None,
              contact: str | None = None) -> str:
    task_id = str(uuid.uuid4())
    db.execute("insert into tasks (id, title, type, assignee_id, created_by_id, contact_id)"
               " values (%s, %s, 'call', %s, %s, %s)",
               [task_id, f"Call back {_n()}", assignee, created_by or assignee, contact])
    return task_id


def make_activity(db: psycopg.Connection, contact: str, owner: str) -> str:
    activity_id = str(uuid.uuid4())
    db.execute("insert into activities (id, contact_id, owner_id, type, subject) values (%s, %s, %s, 'note', %s)",
               [activity_id, contact, owner, f"Note {_n()}"])
    return activity_id


def make_ledger_entry(db: psycopg.Connection, distributor: str, period: str, *, type: str = "retail",
                      amount: str = "10.00") -> str:
    """A commission_ledger row; an 'adjustment' is manual with a reason, as the checks require."""
    entry_id = str(uuid.uuid4())
    manual = type == "adjustment"
    db.execute("insert into commission_ledger (id, period_id, distributor_id, type, amount, is_manual, reason)"
               " values (%s, %s, %s, %s, %s, %s, %s)",
               [entry_id, period, distributor, type, amount, manual, "test adjustment" if manual else None])
    return entry_id


def make_payout(db: psycopg.Connection, distributor: str, *, amount: str = "25.00",
                status: str = "requested") -> str:
    payout_id = str(uuid.uuid4())
    db.execute("insert into payouts (id, distributor_id, amount, method, status) values (%s, %s, %s, 'paypal', %s)",
               [payout_id, distributor, amount, status])
    return payout_id


def make_compliance_case(db: psycopg.Connection, subject: str) -> str:
    case_id = str(uuid.uuid4())
    db.execute("insert into compliance_cases (id, case_number, subject_type, subject_id, severity, title, description)"
               " values (%s, %s, 'user', %s, 'low', 'Test case', 'Opened by a test.')",
               [case_id, f"CASE-{_n()}-{case_id[:4]}", subject])
    return case_id
