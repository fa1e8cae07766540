"""One blueprint per area: the blueprint, its URL prefix, its templates folder
and its data module share the area's name (periods, contacts, orders, ...)."""
from __future__ import annotations

from webapp.views import (
                          account,
                          audit,
                          auth,
                          contact_imports,
                          contacts,
                          customers,
                          genealogy,
                          home,
                          invitations,
                          orders,
                          periods,
                          pipeline,
                          plan,
                          products,
                          statements,
                          tasks,
                          tax_shipping,
                          users,
)

BLUEPRINTS = [module.bp for module in (
    home, auth, account, users, periods, audit,
    contacts, contact_imports, pipeline, tasks, invitations,
    customers, orders, products, tax_shipping,
    genealogy, statements, plan)]
