"""Customers: a distributor's own, staff per the contract's matrix. Search,
create, edit, shipping addresses, the customer's page (orders, lifetime
value, autoships) and autoship sign-up with recorded consent."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from webapp.data import customers, orders, products, tax_shipping
from webapp.forms.common import address_from
from webapp.forms.customers import (
    AUTOSHIP_FREQUENCY_DAYS,
    AUTOSHIP_QUANTITY,
    CUSTOMER_STATUSES,
    AddressForm,
    AutoshipForm,
    CustomerForm,
)
from webapp.platform.errors import Refusal
from webapp.web.htmx import render_view, target_block
from webapp.web.params import page_arg, valid_uuid
from webapp.web.refusals import field_error
from webapp.web.security import can, requires

bp = Blueprint("customers", __name__, url_prefix="/customers")
PAGE = 50


@bp.get("/")
@login_required
def index():
    q = request.args.get("q", "")[:100]
    status = request.args.get("status") if request.args.get("status") in dict(CUSTOMER_STATUSES) else None
    page = page_arg()
    rows = customers.search(q, status, PAGE + 1, (page - 1) * PAGE)
    return render_view("customers/index.html", customers=rows[:PAGE], has_more=len(rows) > PAGE, page=page,
                       q=q, status=status, statuses=CUSTOMER_STATUSES, can_create=can("customers.create"))


@bp.get("/own")
@requires("business.own")
def own():
    return redirect(url_for("customers.show", customer_id=customers.own_account()))


@bp.route("/new", methods=["GET", "POST"])
@requires("customers.create")
def create():
    form = CustomerForm()
    del form.status  # a new customer is active
    if not can("orders.place_for_anyone"):
        del form.distributor_number  # a distributor's customers are its own
    if form.validate_on_submit():
        try:
            customer_id = _save(None, form)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash(f"Customer {form.first_name.data} {form.last_name.data} created.", "success")
            return redirect(url_for("customers.show", customer_id=customer_id))
    return render_view("customers/form.html", form=form, customer=None, http_status=422 if form.errors else 200)


@bp.route("/<uuid:customer_id>/edit", methods=["GET", "POST"])
@requires("customers.edit")
def edit(customer_id):
    customer = customers.get(str(customer_id)) or abort(404)
    form = CustomerForm(data=_form_data(customer) if request.method == "GET" else None)
    del form.distributor_number  # who a customer belongs to does not change here
    if form.validate_on_submit():
        try:
            _save(str(customer_id), form)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash("Customer saved.", "success")
            return redirect(url_for("customers.show", customer_id=customer_id))
    return render_view("customers/form.html", form=form, customer=customer,
                       http_status=422 if form.errors else 200)


@bp.get("/<uuid:customer_id>")
@login_required
def show(customer_id):
    return _show(str(customer_id))


@bp.post("/<uuid:customer_id>/addresses")
@requires("customers.edit")
def add_address(customer_id):
    form = AddressForm()
    if form.validate_on_submit():
        try:
            customers.address_save(str(customer_id), None, {"label": form.label.data, **address_from(form)},
                                   form.is_default.data)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash("Address added.", "success")
            return redirect(url_for("customers.show", customer_id=customer_id, _anchor="addresses"))
    return _show(str(customer_id), address_form=form, http_status=422)


@bp.post("/<uuid:customer_id>/addresses/<int:index>/default")
@requires("customers.edit")
def default_address(customer_id, index):
    customer = customers.get(str(customer_id)) or abort(404)
    addresses = customer["shipping_addresses"]
    if index >= len(addresses):
        abort(404)
    customers.address_save(str(customer_id), index, addresses[index], True)
    flash("Default shipping address changed.", "success")
    return redirect(url_for("customers.show", customer_id=customer_id, _anchor="addresses"))


@bp.post("/<uuid:customer_id>/addresses/<int:index>/delete")
@requires("customers.edit")
def delete_address(customer_id, index):
    try:
        customers.address_remove(str(customer_id), index)
    except Refusal as exc:
        flash(exc.message, "error")
    else:
        flash("Address removed.", "success")
    return redirect(url_for("customers.show", customer_id=customer_id, _anchor="addresses"))


@bp.get("/<uuid:customer_id>/autoship-terms")
@requires("customers.edit")
def autoship_terms(customer_id):
    if target_block() != "autoship_terms":
        return redirect(url_for("customers.show", customer_id=customer_id, _anchor="autoships"))
    form = AutoshipForm(formdata=request.args, meta={"csrf": False})
    _autoship_choices(form, _country(customers.get(str(customer_id)) or abort(404)))
    return render_view("customers/show.html", **_terms(str(customer_id), form), autoship_form=form)


@bp.post("/<uuid:customer_id>/autoships")
@requires("customers.edit")
def create_autoship(customer_id):
    form = AutoshipForm()
    _autoship_choices(form, _country(customers.get(str(customer_id)) or abort(404)))
    if form.validate_on_submit():
        try:
            customers.autoship_create(str(customer_id), form.product_id.data, form.quantity.data,
                                      form.frequency_days.data, form.shipping_method.data, form.terms_hash.data,
                                      form.consent.data, form.first_on.data)
        except Refusal as exc:
            field_error(form, exc, fallback="consent")
        else:
            flash("Autoship set up. The first order is placed on its date.", "success")
            return redirect(url_for("customers.show", customer_id=customer_id, _anchor="autoships"))
    form.consent.data = False  # shown again: the person confirms again
    return _show(str(customer_id), autoship_form=form, http_status=422)


@bp.post("/autoships/<uuid:autoship_id>/cancel")
@requires("customers.edit")
def cancel_autoship(autoship_id):
    customers.autoship_cancel(str(autoship_id))
    flash("Autoship cancelled. No further orders will be placed.", "success")
    return redirect(_back())


@bp.post("/autoships/<uuid:autoship_id>/resume")
@requires("customers.edit")
def resume_autoship(autoship_id):
    try:
        customers.autoship_resume(str(autoship_id))
    except Refusal as exc:
        flash(exc.message, "error")
    else:
        flash("Autoship resumed: the next daily run places the order.", "success")
    return redirect(_back())


# --- helpers -------------------------------------------------------------------------

def _save(customer_id: str | None, form) -> str:
    return customers.save(
        customer_id, first_name=form.first_name.data, last_name=form.last_name.data, email=form.email.data,
        phone=form.phone.data or None, billing_address=address_from(form, "billing_"),
        marketing_opt_in=form.marketing_opt_in.data, notes=form.notes.data or None,
        status=form.status.data if "status" in form else None,
        distributor_number=form.distributor_number.data or None if "distributor_number" in form else None)


def _form_data(customer: dict) -> dict:
    billing = {f"billing_{k}": v for k, v in (customer["billing_address"] or {}).items()}
    return {**customer, **billing}


def _country(customer: dict) -> str | None:
    try:
        return orders.ship_to(str(customer["id"]), None).get("country")
    except Refusal:
        return None


def _autoship_choices(form, country: str | None) -> None:
    form.product_id.choices = [(str(p["id"]), f"{p['name']} ({p['sku']}) · {p['price']:,.2f}")
                               for p in products.search(orderable=True, subscription=True)]
    form.shipping_method.choices = [(m["code"], m["name"]) for m in tax_shipping.shipping_options(country)] or \
        [("standard", "Standard")]
    if form.shipping_method.data not in {code for code, _ in form.shipping_method.choices}:
        form.shipping_method.data = form.shipping_method.choices[0][0]


def _within(value, bounds: tuple[int, int]) -> bool:
    low, high = bounds
    return isinstance(value, int) and low <= value <= high


def _terms(customer_id: str, form) -> dict:
    """The terms for the form's current choices (or why there are none yet)."""
    feeding = (form.product_id, form.quantity, form.frequency_days, form.shipping_method, form.first_on)
    if (any(f.errors for f in feeding) or not valid_uuid(form.product_id.data)
            or not _within(form.quantity.data, AUTOSHIP_QUANTITY)
            or not _within(form.frequency_days.data, AUTOSHIP_FREQUENCY_DAYS)):
        return {"terms": None, "terms_error": None}  # no terms until the choices are valid ones
    try:
        terms = customers.autoship_terms(customer_id, form.product_id.data, form.quantity.data,
                                         form.frequency_days.data, form.shipping_method.data, form.first_on.data)
    except Refusal as exc:
        return {"terms": None, "terms_error": exc.message}
    form.terms_hash.data = terms["hash"]
    return {"terms": terms["terms"], "terms_error": None}


def _show(customer_id: str, address_form=None, autoship_form=None, http_status: int = 200):
    customer = customers.get(customer_id) or abort(404)
    address_form = address_form or AddressForm(formdata=None)
    if autoship_form is None:
        autoship_form = AutoshipForm(formdata=None)
        _autoship_choices(autoship_form, _country(customer))
        if autoship_form.product_id.choices:
            autoship_form.product_id.data = autoship_form.product_id.choices[0][0]
            picked = products.get(autoship_form.product_id.data)
            autoship_form.frequency_days.data = (picked or {}).get("subscription_frequency") or 30
    return render_view("customers/show.html", customer=customer,
                       orders=orders.search(customer_id=customer_id, limit=25),
                       autoships=customers.autoships(customer_id), address_form=address_form,
                       autoship_form=autoship_form, **_terms(customer_id, autoship_form), http_status=http_status)


def _back() -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/customers/") else url_for("customers.index")
