"""Where a refusal of the database is shown: beside its form field, or as a
flash message for a button that has no form to re-render.

A refusal (`webapp.platform.errors.Refusal`) carries a message for a person
and the field it is about. `field_error` puts it on the form (the view then
re-renders it with 422, which rolls the transaction back); a blueprint that
calls `flash_refusals(bp, back)` lets its buttons' views raise, and the
handler flashes the message and goes `back`. A `Denied` is not a `Refusal`:
it is never caught here and becomes the 403 page (`webapp.web.error_pages`).
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, request, url_for

from webapp.platform.errors import Refusal


def field_error(form, refusal: Refusal, fallback: str | None = None, aliases: dict | None = None) -> None:
    """Put `refusal`'s message beside the field it names (or `fallback`, or the form).

    `aliases` maps the database's column names to the form's field names where
    they differ (`new_sponsor` -> `new_sponsor_number`)."""
    name = (aliases or {}).get(refusal.field or "", refusal.field)
    add_error(form, name, refusal.message, fallback)


def add_error(form, name: str | None, message: str, fallback: str | None = None) -> None:
    field = getattr(form, name, None) if name else None
    if field is None and fallback:
        field = getattr(form, fallback, None)
    if field is None or not hasattr(field, "errors"):
        form.form_errors.append(message)
        return
    field.errors = [*field.errors, message]


def flash_refusals(bp: Blueprint, back: Callable[[], str] | None = None) -> None:
    """Refusals raised by `bp`'s views are flashed, then the browser goes `back()`
    (default: the blueprint's index)."""
    def handler(refusal: Refusal):
        flash(refusal.message, "error")
        target = back() if back else url_for(f"{request.blueprint}.index")
        return redirect(target)
    bp.register_error_handler(Refusal, handler)
