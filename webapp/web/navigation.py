"""The navigation each user sees: only the pages its capabilities open. The
database still enforces every row; this only avoids offering a page that
would answer 403.
"""
from __future__ import annotations

from flask import Flask, request, url_for
from flask_login import current_user

# (group, label, endpoint, capability; None: every signed-in user).
ITEMS = [
    ("", "Home", "home.index", None),
    ("CRM", "Contacts", "contacts.index", "crm.read"),
    ("CRM", "Pipeline", "pipeline.index", "crm.read"),
    ("CRM", "My day", "tasks.index", "crm.read"),
    ("Business", "Genealogy", "genealogy.index", "genealogy.read"),
    ("Business", "Customers", "customers.index", "customers.read"),
    ("Business", "Orders", "orders.index", "orders.read"),
    ("Business", "Products", "products.index", "products.read"),
    ("Business", "Commission periods", "periods.index", "periods.read"),
    ("Commissions", "Statements", "statements.index", "statements.read"),
    ("Commissions", "If this month closed now", "statements.estimate", "business.own"),
    ("Commissions", "Compensation plan", "plan.index", "plan.read"),
    ("Oversight", "Audit trail", "audit.index", "audit.read"),
    ("Admin", "Users", "users.index", "users.manage"),
    ("Admin", "Tax and shipping", "tax_shipping.index", "tax_shipping.edit"),
    ("Admin", "Lead scoring", "contacts.scoring", "crm.scoring_edit"),
    ("You", "Your account", "account.profile", None),
]


def items_for(user, endpoints) -> list[dict]:
    return [{"group": g, "label": label, "endpoint": ep}
            for g, label, ep, capability in ITEMS
            if ep in endpoints and (capability is None or user.can(capability))]


def init_app(app: Flask) -> None:
    @app.context_processor
    def _nav():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        items = items_for(current_user, set(app.view_functions))
        for item in items:
            item["url"] = url_for(item["endpoint"])
            item["current"] = request.endpoint == item["endpoint"]
        return {"nav_items": items}
