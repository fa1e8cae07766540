"""Small helpers shared by the sales views (customers, orders, products,
tax and shipping)."""
from __future__ import annotations

import uuid

from flask import request


def page_arg() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10_000))
    except ValueError:
        return 1


def add_error(form, name: str | None, message: str, fallback: str | None = None) -> None:
    """Put a refusal's message beside the field it names (or `fallback`, or the form)."""
    field = getattr(form, name, None) if name else None
    if field is None and fallback:
        field = getattr(form, fallback, None)
    if field is None or not hasattr(field, "errors"):
        form.form_errors.append(message)
        return
    field.errors = [*field.errors, message]


def uuid_arg(name: str) -> str | None:
    """A query-string id, or None when it is not a uuid (never sent to SQL as is)."""
    value = request.args.get(name, "")
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None
