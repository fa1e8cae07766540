"""SQL for tax rates and shipping methods."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def tax_rates() -> list[dict]:
    return query("select * from api.tax_rate_list()")


def tax_rate_save(rate_id: str | None, country: str, region: str | None, rate_percent, name: str,
                  is_active: bool) -> str:
    return str(query_one("select api.tax_rate_save(p_id => %(id)s, p_country => %(country)s,"
                         " p_region => %(region)s, p_rate_percent => %(rate)s, p_name => %(name)s,"
                         " p_is_active => %(active)s) as id",
                         {"id": rate_id, "country": country, "region": region, "rate": rate_percent,
                          "name": name, "active": is_active})["id"])


def tax_rate_delete(rate_id: str) -> None:
    query("select api.tax_rate_delete(p_id => %(id)s)", {"id": rate_id})


def shipping_methods() -> list[dict]:
    return query("select * from api.shipping_method_list()")


def shipping_method_save(method_id: str | None, code: str, name: str, description: str | None,
                         is_active: bool, sort_order: int) -> str:
    return str(query_one("select api.shipping_method_save(p_id => %(id)s, p_code => %(code)s, p_name => %(name)s,"
                         " p_description => %(description)s, p_is_active => %(active)s,"
                         " p_sort_order => %(sort)s) as id",
                         {"id": method_id, "code": code, "name": name, "description": description,
                          "active": is_active, "sort": sort_order})["id"])


def shipping_rate_save(method_id: str, country: str | None, price, free_from) -> str:
    return str(query_one("select api.shipping_rate_save(p_method_id => %(id)s, p_country => %(country)s,"
                         " p_price => %(price)s, p_free_from => %(free_from)s) as id",
                         {"id": method_id, "country": country, "price": price, "free_from": free_from})["id"])


def shipping_rate_delete(rate_id: str) -> None:
    query("select api.shipping_rate_delete(p_id => %(id)s)", {"id": rate_id})


def shipping_options(country: str | None) -> list[dict]:
    return query("select * from api.shipping_options(p_country => %(country)s)", {"country": country})
