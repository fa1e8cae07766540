"""SQL for customers, their addresses and autoships."""
from __future__ import annotations

import json

from webapp.platform.db import query, query_one


def search(q: str = "", status: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    return query("select * from api.customer_search(p_query => %(q)s, p_status => %(status)s,"
                 " p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"q": q, "status": status, "limit": limit, "offset": offset})


def get(customer_id: str) -> dict | None:
    return query_one("select * from api.customer_get(p_id => %(id)s)", {"id": customer_id})


def save(customer_id: str | None, *, first_name: str, last_name: str, email: str, phone: str | None,
         billing_address: dict | None, marketing_opt_in: bool, notes: str | None, status: str | None = None,
         distributor_number: str | None = None) -> str:
    row = query_one(
        "select api.customer_save(p_id => %(id)s, p_first_name => %(first)s, p_last_name => %(last)s,"
        " p_email => %(email)s, p_phone => %(phone)s, p_billing_address => %(billing)s::jsonb,"
        " p_marketing_opt_in => %(opt_in)s, p_notes => %(notes)s, p_status => %(status)s,"
        " p_distributor_number => %(number)s) as id",
        {"id": customer_id, "first": first_name, "last": last_name, "email": email, "phone": phone,
         "billing": json.dumps(billing_address) if billing_address is not None else None,
         "opt_in": marketing_opt_in, "notes": notes, "status": status, "number": distributor_number})
    return str(row["id"])


def address_save(customer_id: str, index: int | None, address: dict, is_default: bool) -> int:
    return query_one("select api.customer_address_save(p_customer_id => %(id)s, p_index => %(index)s,"
                     " p_address => %(address)s::jsonb, p_is_default => %(default)s) as i",
                     {"id": customer_id, "index": index, "address": json.dumps(address),
                      "default": is_default})["i"]


def address_remove(customer_id: str, index: int) -> None:
    query("select api.customer_address_remove(p_customer_id => %(id)s, p_index => %(index)s)",
          {"id": customer_id, "index": index})


def own_account() -> str:
    return str(query_one("select api.own_account_ensure() as id")["id"])


def autoships(customer_id: str) -> list[dict]:
    return query("select * from api.autoship_list(p_customer_id => %(id)s)", {"id": customer_id})


def autoship_terms(customer_id: str, product_id: str, quantity: int, frequency_days: int,
                   shipping_method: str, first_on) -> dict:
    """The terms text the person is shown, and its md5 (what autoship_create checks)."""
    return query_one("select t.terms, md5(t.terms) as hash from (select api.autoship_terms(p_customer_id => %(c)s,"
                     " p_product_id => %(p)s, p_quantity => %(q)s, p_frequency_days => %(f)s,"
                     " p_shipping_method => %(m)s, p_first_on => %(first)s) as terms) t",
                     {"c": customer_id, "p": product_id, "q": quantity, "f": frequency_days,
                      "m": shipping_method, "first": first_on})


def autoship_create(customer_id: str, product_id: str, quantity: int, frequency_days: int,
                    shipping_method: str, terms_hash: str, consent: bool, first_on) -> str:
    return str(query_one(
        "select api.autoship_create(p_customer_id => %(c)s, p_product_id => %(p)s, p_quantity => %(q)s,"
        " p_frequency_days => %(f)s, p_shipping_method => %(m)s, p_terms_hash => %(h)s,"
        " p_consent => %(consent)s, p_first_on => %(first)s) as id",
        {"c": customer_id, "p": product_id, "q": quantity, "f": frequency_days, "m": shipping_method,
         "h": terms_hash, "consent": consent, "first": first_on})["id"])


def autoship_cancel(autoship_id: str) -> None:
    query("select api.autoship_cancel(p_autoship_id => %(id)s)", {"id": autoship_id})


def autoship_resume(autoship_id: str) -> None:
    query("select api.autoship_resume(p_autoship_id => %(id)s)", {"id": autoship_id})
