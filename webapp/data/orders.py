"""SQL for orders: the order form's quote, placing, the life cycle, payment imports."""
from __future__ import annotations

import json

from webapp.platform.db import query, query_one


def search(q: str = "", status: str | None = None, customer_id: str | None = None, limit: int = 50,
           offset: int = 0) -> list[dict]:
    return query("select * from api.order_search(p_query => %(q)s, p_status => %(status)s,"
                 " p_customer_id => %(customer)s, p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"q": q, "status": status, "customer": customer_id, "limit": limit, "offset": offset})


def get(order_id: str) -> dict | None:
    return query_one("select * from api.order_get(p_id => %(id)s)", {"id": order_id})


def items(order_id: str) -> list[dict]:
    return query("select * from api.order_items_list(p_order_id => %(id)s)", {"id": order_id})


def ship_to(customer_id: str, index: int | None) -> dict:
    return query_one("select api.customer_ship_to(p_customer_id => %(id)s, p_index => %(index)s) as a",
                     {"id": customer_id, "index": index})["a"]


def quote(customer_id: str, lines: list[dict], ship_to: int | None, shipping_method: str,
          discount_percent=None, discount_amount=None) -> list[dict]:
    return query("select * from api.order_quote(p_customer_id => %(c)s, p_lines => %(lines)s::jsonb,"
                 " p_ship_to => %(ship_to)s, p_shipping_method => %(method)s,"
                 " p_discount_percent => %(pct)s, p_discount_amount => %(amt)s)",
                 {"c": customer_id, "lines": json.dumps(lines), "ship_to": ship_to, "method": shipping_method,
                  "pct": discount_percent, "amt": discount_amount})


def place(customer_id: str, lines: list[dict], ship_to: int | None, shipping_method: str, notes: str | None,
          discount_percent, discount_amount, discount_reason: str | None, idempotency_key: str | None) -> str:
    return str(query_one(
        "select api.order_place(p_customer_id => %(c)s, p_lines => %(lines)s::jsonb, p_ship_to => %(ship_to)s,"
        " p_shipping_method => %(method)s, p_notes => %(notes)s, p_discount_percent => %(pct)s,"
        " p_discount_amount => %(amt)s, p_discount_reason => %(reason)s, p_idempotency_key => %(key)s) as id",
        {"c": customer_id, "lines": json.dumps(lines), "ship_to": ship_to, "method": shipping_method,
         "notes": notes, "pct": discount_percent, "amt": discount_amount, "reason": discount_reason,
         "key": idempotency_key})["id"])


def record_payment(order_id: str, method: str, reference: str, amount) -> None:
    query("select api.order_payment_record(p_order_id => %(id)s, p_method => %(method)s,"
          " p_reference => %(reference)s, p_amount => %(amount)s)",
          {"id": order_id, "method": method, "reference": reference, "amount": amount})


def advance(order_id: str, status: str, tracking_number: str | None = None) -> None:
    query("select api.order_advance(p_order_id => %(id)s, p_status => %(status)s,"
          " p_tracking_number => %(tracking)s)", {"id": order_id, "status": status, "tracking": tracking_number})


def refund(order_id: str, reason: str) -> None:
    query("select api.order_refund(p_order_id => %(id)s, p_reason => %(reason)s)",
          {"id": order_id, "reason": reason})


def cancel(order_id: str, reason: str | None) -> None:
    query("select api.order_cancel(p_order_id => %(id)s, p_reason => %(reason)s)", {"id": order_id, "reason": reason})


def set_discount(order_id: str, percent, amount, reason: str | None) -> None:
    query("select api.order_discount_set(p_order_id => %(id)s, p_percent => %(pct)s, p_amount => %(amt)s,"
          " p_reason => %(reason)s)", {"id": order_id, "pct": percent, "amt": amount, "reason": reason})


def import_payments(source: str, rows: list[dict]) -> str:
    return str(query_one("select api.payment_import(p_source => %(source)s, p_rows => %(rows)s::jsonb) as id",
                         {"source": source, "rows": json.dumps(rows)})["id"])


def payment_imports(import_id: str | None = None, limit: int = 20) -> list[dict]:
    return query("select * from api.payment_import_get(p_id => %(id)s, p_limit => %(limit)s)",
                 {"id": import_id, "limit": limit})


def run_autoships(limit: int) -> dict:
    """Place up to `limit` autoship orders due today (UTC); the counts of what was tried."""
    return query_one("select * from api.autoship_run(p_limit => %(limit)s)", {"limit": limit})


def expire_unpaid(limit: int) -> int:
    """Cancel up to `limit` orders unpaid past plan setting order_hold_hours; how many."""
    return query_one("select api.orders_expire_unpaid(p_limit => %(limit)s) as n", {"limit": limit})["n"]
