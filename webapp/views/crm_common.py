"""What the CRM pages share: who may do what (for offering controls; the
database decides), the list's filters from a query string, the people
pickers, and small helpers for htmx responses."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from webapp.data import contacts as contacts_data
from webapp.forms.contacts import FOLLOW_UPS, SORTS, SOURCES, STAGES, STATUSES
from webapp.web.security import can

NOBODY = "00000000-0000-0000-0000-000000000000"
LIST_PARAMS = ("q", "status", "stage", "source", "tag", "owner", "follow_up", "sort")


def can_write() -> bool:
    return can("crm.write")


def is_manager() -> bool:
    return can("crm.assign")


def sees_everyone() -> bool:
    return can("crm.read_all")


def resolve_person(value: str | None) -> tuple[str | None, str | None]:
    """A people picker's value ('me', an email, or empty) as (user id, problem)."""
    value = (value or "").strip()
    if not value:
        return None, None
    if value == "me":
        return current_user.id, None
    person = contacts_data.person_by_email(value[:255])
    if person is None:
        return NOBODY, "No active distributor or manager has this email."
    return person, None


def list_args(args=None) -> dict:
    """The list's parameters from a query string, each kept only when valid."""
    args = request.args if args is None else args
    out = {k: (args.get(k) or "").strip()[:100] for k in LIST_PARAMS}
    for key, choices in (("status", STATUSES), ("stage", STAGES), ("source", SOURCES),
                         ("follow_up", FOLLOW_UPS), ("sort", SORTS)):
        if out[key] not in dict(choices):
            out[key] = ""
    if not sees_everyone():
        out["owner"] = ""
    return out


def filters_from(params: dict) -> tuple[dict, str | None]:
    """api.contact_search's filters from list parameters, and a problem to show."""
    owner_id, problem = resolve_person(params.get("owner")) if sees_everyone() else (None, None)
    return {"query": params.get("q") or None, "owner_id": owner_id, "tag": params.get("tag") or None,
            "follow_up": params.get("follow_up") or None, "status": params.get("status") or None,
            "stage": params.get("stage") or None, "source": params.get("source") or None}, problem


def query_string(params: dict, **changes) -> dict:
    """Non-empty list parameters, for url_for."""
    merged = {**params, **changes}
    return {k: v for k, v in merged.items() if v not in ("", None)}
