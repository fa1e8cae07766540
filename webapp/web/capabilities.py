"""What each role may do in the app, by name: `orders.refund`, `periods.close`.

The database decides what a user may see and write (row-level security and
the `api` functions' own checks); these names decide which pages, links and
buttons to offer, and which requests to refuse early with a 403 instead of an
empty page or a refusal. Decorators (`webapp.web.security.requires`), the
navigation and the templates' `can()` all read this one table, and
`tests/sql/test_capabilities.py` holds it against the database's own matrix
(tests/sql/test_rls_matrix.py), so the two cannot drift: each capability
names the matrix evidence (`matrix`) that shows the same roles allowed.
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("distributor", "manager", "support", "finance", "auditor", "admin")
STAFF = ("manager", "support", "finance", "auditor", "admin")


@dataclass(frozen=True)
class Capability:
    name: str
    roles: tuple[str, ...]
    label: str
    # What in the database's matrix shows the same roles: "case:<name>" a
    # write case of test_rls_matrix.CASES (its allowed roles), "sees:<table>"
    # the roles that see any of the world's rows, "sees_all:<table>" the roles
    # that see all of them. None: a choice of page, not of rows (`why` says).
    matrix: str | None
    why: str = ""


_TABLE = (
    # The distributor's own business
    Capability("business.own", ("distributor",), "Work one's own business: the distributor home, one's own "
               "customer account, personal orders, 'if this month closed now'", None,
               "Staff see every distributor's rows; this picks the distributor's pages, not the rows."),
    Capability("people.read", STAFF, "See other people's names and emails (staff columns, search by email)",
               "sees_all:users"),
    # CRM
    Capability("crm.read", ("distributor", "manager", "auditor", "admin"), "Read contacts, pipeline, tasks, imports",
               "sees:contacts"),
    Capability("crm.write", ("distributor", "manager", "admin"), "Create and edit contacts, tasks, activities",
               "case:contacts.insert_own"),
    Capability("crm.read_all", ("manager", "auditor", "admin"), "See everyone's contacts and tasks",
               "sees_all:contacts"),
    Capability("crm.assign", ("manager", "admin"), "Give contacts and tasks to other people, bulk delete",
               "case:contacts.give_away"),
    Capability("crm.scoring_edit", ("admin",), "Edit the lead-score rules", "case:lead_score_rules.update"),
    # Genealogy
    Capability("genealogy.read", ROLES, "Explore the sponsor tree (a distributor: its own downline)",
               "sees:genealogy_paths"),
    Capability("genealogy.move", ("admin",), "Move a distributor with its downline", "case:distributors.update"),
    # Customers, orders, products
    Capability("customers.read", ROLES, "Read customers", "sees:customers"),
    Capability("customers.create", ("distributor", "admin"), "Add customers", "case:customers.insert_for_D"),
    Capability("customers.edit", ("distributor", "support", "admin"), "Edit customers and their addresses",
               "case:customers.update_own"),
    Capability("orders.read", ROLES, "Read orders", "sees:orders"),
    Capability("orders.place", ("distributor", "admin"), "Place orders", "case:orders.place_for_own_customer"),
    Capability("orders.place_for_anyone", ("admin",), "Place an order for any customer",
               "case:orders.place_for_other_customer"),
    Capability("orders.cancel", ("distributor", "support", "admin"), "Cancel an unpaid order",
               "case:orders.cancel_own_unpaid"),
    Capability("orders.record_payment", ("support", "finance", "admin"), "Record payments, import payment files",
               "case:orders.record_payment"),
    Capability("orders.payments_read", ("support", "finance", "auditor", "admin"), "Read payment imports",
               "sees:payment_imports"),
    Capability("orders.ship", ("support", "admin"), "Mark orders processing, shipped, delivered", "case:orders.ship"),
    Capability("orders.refund", ("support", "admin"), "Refund a paid order", "case:orders.refund"),
    Capability("orders.discount", ("admin",), "Give an order a discount", "case:orders.discount"),
    Capability("products.read", ROLES, "Read the product catalogue", "sees:products"),
    Capability("products.edit", ("admin",), "Edit products, prices, PV, stock and categories",
               "case:products.update"),
    Capability("tax_shipping.edit", ("admin",), "Edit tax rates and shipping", "case:tax_rates.update"),
    # Commissions
    Capability("periods.read", ("manager", "support", "finance", "auditor", "admin"),
               "See the commission periods' list", None,
               "Every role reads commission_periods; distributors see their months on their statements instead."),
    Capability("periods.ledger", ("manager", "finance", "auditor", "admin"), "Open a period: summary and ledger",
               "sees_all:commission_ledger"),
    Capability("periods.close", ("finance", "admin"), "Close and finalize periods",
               "case:commission_periods.update"),
    Capability("periods.adjust", ("finance", "admin"), "Enter manual adjustments",
               "case:commission_ledger.insert_adjustment_open"),
    Capability("statements.read", ("distributor", "manager", "finance", "auditor", "admin"), "Read statements",
               "sees:commission_ledger"),
    Capability("statements.lookup", ("manager", "finance", "auditor", "admin"), "Look up anyone's statement",
               "sees_all:commission_ledger"),
    Capability("plan.read", ROLES, "Read the compensation plan", "sees:ranks"),
    Capability("plan.edit", ("admin",), "Edit ranks and plan settings", "case:ranks.update"),
    # Oversight and administration
    Capability("audit.read", ("auditor", "admin"), "Read the audit trail", "sees:audit_logs"),
    Capability("platform.details", ("admin",), "See how the app meets its database (the health check's details)",
               None, "Every role's requests run as mlm_app under RLS; the details describe the installation."),
    Capability("users.manage", ("admin",), "Create users, change roles and statuses, reset sign-in",
               "case:users.update_other_role"),
)

CAPABILITIES: dict[str, Capability] = {c.name: c for c in _TABLE}


def allowed(role: str | None, name: str) -> bool:
    """Whether `role` has capability `name`; an unknown name is a programming error."""
    return role in CAPABILITIES[name].roles


def of_role(role: str | None) -> frozenset[str]:
    return frozenset(c.name for c in _TABLE if role in c.roles)
