"""Admin: tax rates by country and region, shipping methods and their prices."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for

from webapp.data import tax_shipping
from webapp.forms.tax_shipping import ShippingMethodForm, ShippingRateForm, TaxRateForm
from webapp.platform.errors import Refusal
from webapp.web.htmx import render_view
from webapp.web.params import uuid_arg
from webapp.web.refusals import field_error
from webapp.web.security import requires

bp = Blueprint("tax_shipping", __name__, url_prefix="/admin/tax-shipping")


@bp.get("/")
@requires("tax_shipping.edit")
def index():
    return _page()


@bp.post("/tax-rates")
@requires("tax_shipping.edit")
def save_tax_rate():
    form = TaxRateForm()
    return _save(form, "tax_form", "Tax rate saved.", lambda: tax_shipping.tax_rate_save(
        uuid_arg("id"), form.country.data, form.region.data or None, form.rate_percent.data, form.name.data,
        form.is_active.data))


@bp.post("/tax-rates/<uuid:rate_id>/delete")
@requires("tax_shipping.edit")
def delete_tax_rate(rate_id):
    tax_shipping.tax_rate_delete(str(rate_id))
    flash("Tax rate deleted.", "success")
    return redirect(url_for("tax_shipping.index"))


@bp.post("/methods")
@requires("tax_shipping.edit")
def save_method():
    form = ShippingMethodForm()
    return _save(form, "method_form", "Shipping method saved.", lambda: tax_shipping.shipping_method_save(
        uuid_arg("id"), form.code.data, form.name.data, form.description.data or None, form.is_active.data,
        form.sort_order.data or 0))


@bp.post("/methods/<uuid:method_id>/rates")
@requires("tax_shipping.edit")
def save_rate(method_id):
    form = _rate_form(str(method_id))
    return _save(form, "rate_form", "Shipping price saved.", lambda: tax_shipping.shipping_rate_save(
        str(method_id), form.country.data or None, form.price.data, form.free_from.data), method_id=str(method_id))


@bp.post("/rates/<uuid:rate_id>/delete")
@requires("tax_shipping.edit")
def delete_rate(rate_id):
    tax_shipping.shipping_rate_delete(str(rate_id))
    flash("Shipping price removed.", "success")
    return redirect(url_for("tax_shipping.index"))


def _save(form, name: str, done: str, action, method_id: str | None = None):
    if form.validate_on_submit():
        try:
            action()
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash(done, "success")
            return redirect(url_for("tax_shipping.index"))
    return _page(http_status=422, rate_method=method_id, **{name: form})


def _rate_form(method_id: str, formdata=...) -> ShippingRateForm:
    """One price form per method on the page, its fields named apart (rate-<method>-country, ...)."""
    kwargs = {} if formdata is ... else {"formdata": formdata}
    return ShippingRateForm(prefix=f"rate-{method_id[:8]}", **kwargs)


def _page(http_status: int = 200, rate_method: str | None = None, **forms):
    editing_tax, editing_method = uuid_arg("tax"), uuid_arg("method")
    rates, methods = tax_shipping.tax_rates(), tax_shipping.shipping_methods()
    tax = next((r for r in rates if str(r["id"]) == editing_tax), None)
    method = next((m for m in methods if str(m["id"]) == editing_method), None)
    forms.setdefault("tax_form", TaxRateForm(formdata=None, data=tax))
    forms.setdefault("method_form", ShippingMethodForm(formdata=None, data=method))
    grouped = {}
    for row in methods:
        key = str(row["id"])
        if key not in grouped:
            posted = forms.get("rate_form") if rate_method == key else None
            grouped[key] = {"method": row, "rates": [], "form": posted or _rate_form(key, formdata=None)}
        if row["rate_id"]:
            grouped[key]["rates"].append(row)
    forms.pop("rate_form", None)
    return render_view("tax_shipping/index.html", tax_rates=rates, methods=list(grouped.values()),
                       editing_tax=tax, editing_method=method, rate_method=rate_method or request.args.get("rates"),
                       http_status=http_status, **forms)
