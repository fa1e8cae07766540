"""The navigation each role sees: only the pages the contract's matrix lets
it use. The database still enforces every row; this only avoids offering a
page that would answer 403.
"""
from __future__ import annotations

from flask import Flask, request, url_for
from flask_login import current_user

ALL = ("distributor", "manager", "support", "finance", "auditor", "admin")

# (group, label, endpoint, roles). Areas join this list as they are built.
ITEMS = [
    ("", "Home", "main.index", ALL),
    ("CRM", "Contacts", "contacts.index", ("distributor", "manager", "auditor", "admin")),
    ("CRM", "Pipeline", "pipeline.index", ("distributor", "manager", "auditor", "admin")),
    ("CRM", "My day", "tasks.index", ("distributor", "manager", "auditor", "admin")),
    ("Business", "Genealogy", "genealogy.index", ALL),
    ("Business", "Customers", "customers.index", ALL),
    ("Business", "Orders", "orders.index", ALL),
    ("Business", "Products", "products.index", ALL),
    ("Business", "Commission periods", "finance.periods_index", ("manager", "support", "finance", "auditor", "admin")),
    ("Commissions", "Statements", "statements.index", ("distributor", "manager", "finance", "auditor", "admin")),
    ("Commissions", "If this month closed now", "statements.estimate", ("distributor",)),
    ("Commissions", "Compensation plan", "plan.index", ALL),
    ("Oversight", "Audit trail", "audit.index", ("auditor", "admin")),
    ("Admin", "Users", "admin_users.index", ("admin",)),
    ("Admin", "Tax and shipping", "tax_shipping.index", ("admin",)),
    ("Admin", "Lead scoring", "contacts.scoring", ("admin",)),
    ("You", "Your account", "account.profile", ALL),
]


def items_for(role: str | None, endpoints) -> list[dict]:
    return [{"group": g, "label": label, "endpoint": ep}
            for g, label, ep, roles in ITEMS if role in roles and ep in endpoints]


def init_app(app: Flask) -> None:
    @app.context_processor
    def _nav():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        endpoints = set(app.view_functions)
        items = items_for(current_user.role, endpoints)
        for item in items:
            item["url"] = url_for(item["endpoint"])
            item["current"] = request.endpoint == item["endpoint"]
        return {"nav_items": items}
