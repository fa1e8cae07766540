"""Request parameters as the views need them: bounded, typed, never sent to
SQL as the client wrote them."""
from __future__ import annotations

import uuid

from flask import request


def page_arg() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10_000))
    except ValueError:
        return 1


def valid_uuid(value: str | None) -> str | None:
    """`value` as a canonical uuid, or None when it is not one."""
    try:
        return str(uuid.UUID(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def uuid_arg(name: str) -> str | None:
    """A query-string id, or None when it is not a uuid."""
    return valid_uuid(request.args.get(name, ""))
