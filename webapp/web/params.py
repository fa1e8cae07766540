"""Request parameters as the views need them: bounded, typed, never sent to
SQL as the client wrote them."""
from __future__ import annotations

import unicodedata
import uuid
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, request

MAX_NEXT = 2000


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


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: the one check for
    every `next` the app redirects to after sign-in or enrolment.

    Browsers read `\\` as `/`, drop tabs and newlines, and take `//host` as
    another site; so a target that, once decoded, has a scheme or a host,
    a backslash, a control character, or starts with two slashes is refused."""
    if not target or len(target) > MAX_NEXT or not target.startswith("/"):
        return None
    decoded = target
    for _ in range(3):  # %252F... decodes twice in some proxies
        decoded = unquote(decoded)
    if "\\" in decoded or any(unicodedata.category(ch).startswith("C") for ch in decoded):
        return None
    squeezed = decoded.replace(" ", "")
    if squeezed.startswith("//") or squeezed.startswith("/\\"):
        return None
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return None
    return target


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)


def refuse_nul_bytes() -> None:
    """A NUL byte is never a person's input, and PostgreSQL's text refuses it:
    any in the URL, the query string or a form field ends the request here
    with a 400 that says so (uploaded files are read by their own checks)."""
    values = [*(request.view_args or {}).values(), *(v for _, v in request.args.items(multi=True)),
              *(v for _, v in request.form.items(multi=True))]
    if any("\x00" in value for value in values if isinstance(value, str)):
        abort(400, "The request contains a NUL character, which no field accepts. Remove it and try again.")
