"""SQL for the catalogue: products, categories, stock."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def search(q: str = "", category_id: str | None = None, status: str | None = None, *,
           orderable: bool = False, subscription: bool | None = None, limit: int = 100,
           offset: int = 0) -> list[dict]:
    return query("select * from api.product_search(p_query => %(q)s, p_category_id => %(cat)s,"
                 " p_status => %(status)s, p_orderable => %(orderable)s, p_subscription => %(sub)s,"
                 " p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"q": q, "cat": category_id, "status": status, "orderable": orderable, "sub": subscription,
                  "limit": limit, "offset": offset})


def get(product_id: str) -> dict | None:
    return query_one("select * from api.product_search(p_id => %(id)s)", {"id": product_id})


def save(product_id: str | None, **f) -> str:
    row = query_one(
        "select api.product_save(p_id => %(id)s, p_sku => %(sku)s, p_name => %(name)s, p_price => %(price)s,"
        " p_pv => %(pv)s, p_cost => %(cost)s, p_category_id => %(category_id)s,"
        " p_description => %(description)s, p_short_description => %(short_description)s,"
        " p_status => %(status)s, p_is_subscription => %(is_subscription)s,"
        " p_subscription_frequency => %(subscription_frequency)s, p_inventory_tracked => %(inventory_tracked)s,"
        " p_stock_quantity => %(stock_quantity)s, p_min_stock_level => %(min_stock_level)s,"
        " p_launch_date => %(launch_date)s) as id", {"id": product_id, **f})
    return str(row["id"])


def stock_adjust(product_id: str, delta: int, reason: str) -> int:
    return query_one("select api.product_stock_adjust(p_product_id => %(id)s, p_delta => %(delta)s,"
                     " p_reason => %(reason)s) as n", {"id": product_id, "delta": delta, "reason": reason})["n"]


def categories() -> list[dict]:
    return query("select * from api.category_list()")


def category_save(category_id: str | None, name: str, slug: str | None, sort_order: int, is_active: bool) -> str:
    return str(query_one("select api.category_save(p_id => %(id)s, p_name => %(name)s, p_slug => %(slug)s,"
                         " p_sort_order => %(sort)s, p_is_active => %(active)s) as id",
                         {"id": category_id, "name": name, "slug": slug, "sort": sort_order,
                          "active": is_active})["id"])
