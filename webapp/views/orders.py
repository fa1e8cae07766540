"""Orders: the list, the order form with live totals (computed by SQL), the
order's page with what each role may do next (pay, ship, deliver, refund,
cancel, discount), and payment imports from a provider's CSV export."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm

from webapp.csvio.payments import CsvError, read_payments
from webapp.data import customers, orders, products, tax_shipping
from webapp.forms.orders import (
    ORDER_STATUSES,
    CancelForm,
    DiscountForm,
    OrderForm,
    PaymentForm,
    PaymentImportForm,
    RefundForm,
    ShipForm,
)
from webapp.platform.errors import Refusal
from webapp.web.htmx import render_view
from webapp.web.params import page_arg, uuid_arg
from webapp.web.refusals import add_error, field_error
from webapp.web.security import can, money_page, requires

bp = Blueprint("orders", __name__, url_prefix="/orders")
PAGE = 50


@bp.get("/")
@login_required
def index():
    q = request.args.get("q", "")[:100]
    status = request.args.get("status") if request.args.get("status") in dict(ORDER_STATUSES) else None
    customer_id, page = uuid_arg("customer"), page_arg()
    rows = orders.search(q, status, customer_id, PAGE + 1, (page - 1) * PAGE)
    return render_view("orders/index.html", orders=rows[:PAGE], has_more=len(rows) > PAGE, page=page, q=q,
                       status=status, customer_id=customer_id, statuses=ORDER_STATUSES,
                       can_place=can("orders.place"), can_import=can("orders.record_payment"))


@bp.route("/new", methods=["GET", "POST"])
@requires("orders.place")
def create():
    form = OrderForm()
    if request.method == "GET":
        form.customer_id.data = uuid_arg("customer")
        form.idempotency_key.data = str(uuid.uuid4())
    action = request.form.get("action", "place") if request.method == "POST" else "quote"
    _edit_lines(form, action)
    _choices(form, keep_picks=action == "place")
    quote = _quote(form)
    if action == "place" and not quote["lines"] and "lines_error" not in quote:
        quote["lines_error"] = "Add at least one product."
    if action == "place" and form.validate_on_submit() and not quote["blocked"]:
        percent, amount = form.discount()
        try:
            order_id = orders.place(form.customer_id.data, _lines(form), _ship_to(form), form.shipping_method.data,
                                    form.notes.data or None, percent, amount, form.discount_reason.data or None,
                                    form.idempotency_key.data or None)
        except Refusal as exc:
            _refused(form, quote, exc)
        else:
            flash("Order placed. It is pending until its payment is recorded.", "success")
            return redirect(url_for("orders.show", order_id=order_id))
    return render_view("orders/new.html", form=form, quote=quote,
                       http_status=422 if action == "place" else 200)


@bp.get("/<uuid:order_id>")
@login_required
def show(order_id):
    return _show(str(order_id))


@bp.post("/<uuid:order_id>/payment")
@requires("orders.record_payment")
@money_page
def record_payment(order_id):
    return _act(order_id, PaymentForm(), "payment_form", "Payment recorded: the order is confirmed.",
                lambda f: orders.record_payment(str(order_id), f.payment_method.data, f.payment_reference.data,
                                                f.amount.data))


@bp.post("/<uuid:order_id>/process")
@requires("orders.ship")
def process(order_id):
    return _act(order_id, FlaskForm(), None, "The order is being processed.",
                lambda f: orders.advance(str(order_id), "processing"))


@bp.post("/<uuid:order_id>/ship")
@requires("orders.ship")
def ship(order_id):
    return _act(order_id, ShipForm(), "ship_form", "Marked as shipped.",
                lambda f: orders.advance(str(order_id), "shipped", f.tracking_number.data))


@bp.post("/<uuid:order_id>/deliver")
@requires("orders.ship")
def deliver(order_id):
    return _act(order_id, FlaskForm(), None, "Marked as delivered.",
                lambda f: orders.advance(str(order_id), "delivered"))


@bp.post("/<uuid:order_id>/refund")
@requires("orders.refund")
def refund(order_id):
    return _act(order_id, RefundForm(), "refund_form", "Order refunded; its stock is back and its PV reversed.",
                lambda f: orders.refund(str(order_id), f.refund_reason.data))


@bp.post("/<uuid:order_id>/cancel")
@requires("orders.cancel")
def cancel(order_id):
    return _act(order_id, CancelForm(), "cancel_form", "Order cancelled; its stock is back.",
                lambda f: orders.cancel(str(order_id), f.reason.data or None))


@bp.post("/<uuid:order_id>/discount")
@requires("orders.discount")
def discount(order_id):
    return _act(order_id, DiscountForm(), "discount_form", "Discount saved; the totals were computed again.",
                lambda f: orders.set_discount(str(order_id), *f.discount(), f.discount_reason.data or None))


@bp.route("/payments/import", methods=["GET", "POST"])
@requires("orders.record_payment")
@money_page
def import_payments():
    form = PaymentImportForm()
    if form.validate_on_submit():
        try:
            rows = read_payments(form.file.data)
            import_id = orders.import_payments(form.file.data.filename or "payments.csv", rows)
        except CsvError as exc:
            add_error(form, "file", exc.message)
        except Refusal as refusal:
            field_error(form, refusal, fallback="file")
        else:
            return redirect(url_for("orders.payment_import", import_id=import_id))
    return render_view("orders/import.html", form=form, imports=orders.payment_imports(),
                       http_status=422 if form.errors else 200)


@bp.get("/payments/imports/<uuid:import_id>")
@requires("orders.payments_read")
def payment_import(import_id):
    found = orders.payment_imports(str(import_id)) or abort(404)
    return render_view("orders/import_result.html", result=found[0])


# --- the order form ------------------------------------------------------------------

def _edit_lines(form, action: str) -> None:
    if action == "add_line" and len(form.lines) < 50:
        form.lines.append_entry()
    elif action.startswith("remove_line:") and len(form.lines) > 1:
        try:
            index = int(action.split(":", 1)[1])
        except ValueError:
            return
        if 0 <= index < len(form.lines):
            form.lines.entries.pop(index)
            for position, entry in enumerate(form.lines.entries):  # renumber: lines-0-..., lines-1-...
                entry.name = entry.id = f"lines-{position}"
                for sub in entry.form:
                    sub.name = sub.id = f"lines-{position}-{sub.short_name}"
            form.lines.last_index = len(form.lines) - 1


def _choices(form, keep_picks: bool) -> None:
    """Customers the user may order for, the chosen one's addresses, the
    methods that ship there, the orderable products. While the form is being
    filled in, a pick that no longer fits (another customer was chosen) falls
    back to the default; when placing, it is refused instead."""
    if can("business.own"):
        customers.own_account()
    picked = form.customer_id.data
    if can("orders.place_for_anyone") and picked:  # an admin orders from the customer's page
        one = customers.get(picked)
        rows = [one] if one and one["status"] == "active" else []
    else:
        rows = customers.search("", "active", limit=500)
    form.customer_id.choices = [("", "Choose a customer")] + [
        (str(c["id"]), "Myself (personal order)" if c["is_own_account"] and can("business.own")
         else f"{c['first_name'] or ''} {c['last_name'] or ''} · {c['customer_number']}") for c in rows]
    customer = next((c for c in rows if str(c["id"]) == picked), None)
    form.ship_to.choices, country = _ship_to_choices(form, customer, keep_picks)
    options = tax_shipping.shipping_options(country)
    form.shipping_method.choices = [(m["code"], f"{m['name']} · {m['price']:,.2f}"
                                     + (f" (free from {m['free_from']:,.2f})" if m["free_from"] is not None else ""))
                                    for m in options]
    if form.shipping_method.data not in {m["code"] for m in options} and not keep_picks:
        form.shipping_method.data = options[0]["code"] if options else None
    catalogue = [("", "Choose a product")] + [(str(p["id"]), f"{p['name']} ({p['sku']}) · {p['price']:,.2f}")
                                              for p in products.search(orderable=True, limit=1000)]
    for line in form.lines:
        line.product_id.choices = catalogue


def _ship_to_choices(form, customer, keep_picks: bool):
    if customer is None:
        return [("", "Choose the customer first")], None
    full = customers.get(str(customer["id"])) or {}
    choices = [(str(i), f"{a.get('label') or 'Address ' + str(i + 1)}: "
                        f"{a.get('line1')}, {a.get('city')} {a.get('country')}")
               for i, a in enumerate(full.get("shipping_addresses") or [])]
    if full.get("billing_address"):
        b = full["billing_address"]
        choices.append(("-1", f"Billing address: {b.get('line1')}, {b.get('city')} {b.get('country')}"))
    if form.ship_to.data not in {value for value, _ in choices} and not (keep_picks and form.ship_to.data):
        default = next((str(i) for i, a in enumerate(full.get("shipping_addresses") or []) if a.get("is_default")),
                       choices[0][0] if choices else "")
        form.ship_to.data = default
    if not choices:
        return [("", "No address: add one on the customer's page")], None
    try:
        return choices, orders.ship_to(str(customer["id"]), _ship_to(form)).get("country")
    except Refusal:
        return choices, None


def _ship_to(form) -> int | None:
    try:
        return int(form.ship_to.data) if form.ship_to.data not in (None, "") else None
    except ValueError:
        return None


def _lines(form) -> list[dict]:
    """Every row as typed (blank rows too, so the quote's line numbers are the rows')."""
    return [{"product_id": line.product_id.data or "",
             "quantity": line.quantity.data if line.quantity.data is not None else (line.quantity.raw_data or [""])[0]}
            for line in form.lines]


def _quote(form) -> dict:
    """The SQL quote of the form as it stands: lines by row, totals, and
    whether something stops the order being placed."""
    result = {"lines": {}, "totals": None, "blocked": False}
    if not form.customer_id.data or not form.shipping_method.data:
        result["blocked"] = True
        return result
    percent, amount = form.discount()
    try:
        rows = orders.quote(form.customer_id.data, _lines(form), _ship_to(form), form.shipping_method.data,
                            percent, amount)
    except Refusal as exc:
        _refused(form, result, exc)
        return result
    result["lines"] = {r["line_no"] - 1: r for r in rows if r["line_no"] is not None}
    result["totals"] = next((r for r in rows if r["line_no"] is None), None)
    result["blocked"] = any(r["problem"] for r in result["lines"].values()) or not result["lines"]
    return result


def _refused(form, quote: dict, exc: Refusal) -> None:
    quote["blocked"] = True
    if exc.field == "lines":
        quote["lines_error"] = exc.message
    else:
        field_error(form, exc, fallback="customer_id")


# --- the order page and its actions ---------------------------------------------------

FORMS = {"payment_form": PaymentForm, "ship_form": ShipForm, "refund_form": RefundForm,
         "cancel_form": CancelForm, "discount_form": DiscountForm}
# Where a refusal that names no field goes (a payment or refund into a closed period).
FALLBACK_FIELD = {"payment_form": "amount", "refund_form": "refund_reason"}


def _show(order_id: str, http_status: int = 200, **forms):
    order = orders.get(order_id) or abort(404)
    for name, cls in FORMS.items():
        forms.setdefault(name, cls(formdata=None))
    if forms["payment_form"].amount.data is None:
        forms["payment_form"].amount.data = order["total"]
    return render_view("orders/show.html", order=order, items=orders.items(order_id), http_status=http_status,
                       **forms)


def _act(order_id, form, name: str | None, done: str, action):
    """Run one action of the order page; its form comes back with the message
    by the field (422), or for a button without fields the message is flashed."""
    if form.validate_on_submit():
        try:
            action(form)
        except Refusal as exc:
            if name is None:
                flash(exc.message, "error")
                return redirect(url_for("orders.show", order_id=order_id))
            field_error(form, exc, fallback=FALLBACK_FIELD.get(name))
        else:
            flash(done, "success")
            return redirect(url_for("orders.show", order_id=order_id))
    elif name is None:
        flash("The form expired. Please try again.", "error")
        return redirect(url_for("orders.show", order_id=order_id))
    return _show(str(order_id), http_status=422, **{name: form})
