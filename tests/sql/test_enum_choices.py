"""The forms' choice lists hold the database's enum values, so a value added
to an enum (a migration) cannot go unseen by the forms, and a form can never
offer a value the database refuses. Labels live beside the values in
webapp/forms/; the values are the database's.

A list may leave values out on purpose (`OFFERED_SUBSET`), each with why.
"""
from __future__ import annotations

import pytest

from webapp.forms import contacts, customers, orders, products, tasks, users

CHOICES = {
    "user_role": users.ROLES,
    "user_status": users.STATUSES,
    "contact_source": contacts.SOURCES,
    "contact_status": contacts.STATUSES,
    "pipeline_stage": contacts.STAGES,
    "activity_type": contacts.ACTIVITY_TYPES,
    "task_type": tasks.TASK_TYPES,
    "task_priority": tasks.PRIORITIES,
    "customer_status": customers.CUSTOMER_STATUSES,
    "product_status": products.PRODUCT_STATUSES,
    "order_status": orders.ORDER_STATUSES,
}
# Enum values a form does not offer, and why.
OFFERED_SUBSET = {
    ("user_status", "pending"): "a pending user is one invited and not yet signed up; nobody sets it by hand",
    ("activity_type", "stage_change"): "written by the pipeline when a contact moves, never by hand",
    ("activity_type", "task_done"): "written when a task is completed, never by hand",
}


@pytest.mark.parametrize("enum", sorted(CHOICES))
def test_choices_are_the_enum_values(db, enum):
    values = [r["v"] for r in db.execute(f"select unnest(enum_range(null::public.{enum}))::text as v").fetchall()]
    offered = [value for value, _ in CHOICES[enum]]
    left_out = {v for v in values if (enum, v) in OFFERED_SUBSET}
    assert set(offered) == set(values) - left_out, f"{enum}: the database has {values}"
    assert len(offered) == len(set(offered))


def test_every_left_out_value_still_exists(db):
    for enum, value in OFFERED_SUBSET:
        values = {r["v"] for r in db.execute(f"select unnest(enum_range(null::public.{enum}))::text as v")}
        assert value in values, (enum, value)
