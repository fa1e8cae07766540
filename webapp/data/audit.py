"""SQL for the audit trail pages."""
from __future__ import annotations

from webapp.platform.db import query

# What the audit trail records: the audited tables, and sign-in events.
ENTITY_TYPES = ("users", "distributors", "ranks", "plan_settings", "orders", "commission_periods",
                "commission_ledger", "payouts", "compliance_cases", "sign_in",
                # issue 5: catalogue, customers, order lines, tax, shipping, autoship, payment imports
                "products", "product_categories", "customers", "order_items", "tax_rates", "shipping_methods",
                "shipping_rates", "autoships", "payment_imports")


def search(entity: str | None, action: str | None, limit: int, offset: int) -> list[dict]:
    return query("select * from api.audit_search(p_entity_type => %(entity)s, p_action => %(action)s,"
                 " p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"entity": entity, "action": action, "limit": limit, "offset": offset})
