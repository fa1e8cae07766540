"""The catalogue: every role reads it; admins create and edit products and
categories and adjust stock."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from webapp.data import products
from webapp.forms.products import PRODUCT_STATUSES, CategoryForm, ProductForm, StockForm
from webapp.platform.errors import Refusal
from webapp.web.htmx import render_view
from webapp.web.params import uuid_arg
from webapp.web.refusals import field_error
from webapp.web.security import can, requires

bp = Blueprint("products", __name__, url_prefix="/products")
FIELDS = ("sku", "name", "price", "pv", "cost", "category_id", "description", "short_description", "status",
          "is_subscription", "subscription_frequency", "inventory_tracked", "stock_quantity", "min_stock_level",
          "launch_date")


@bp.get("/")
@login_required
def index():
    q = request.args.get("q", "")[:100]
    status = request.args.get("status") if request.args.get("status") in dict(PRODUCT_STATUSES) else None
    category = uuid_arg("category")
    return render_view("products/index.html", products=products.search(q, category, status, limit=500), q=q,
                       status=status, category=category, statuses=PRODUCT_STATUSES,
                       categories=products.categories(), can_edit=can("products.edit"))


@bp.route("/new", methods=["GET", "POST"])
@requires("products.edit")
def create():
    return _edit(None)


@bp.route("/<uuid:product_id>/edit", methods=["GET", "POST"])
@requires("products.edit")
def edit(product_id):
    return _edit(products.get(str(product_id)) or abort(404))


@bp.get("/<uuid:product_id>")
@login_required
def show(product_id):
    product = products.get(str(product_id)) or abort(404)
    return render_view("products/show.html", product=product, stock_form=StockForm(formdata=None))


@bp.post("/<uuid:product_id>/stock")
@requires("products.edit")
def adjust_stock(product_id):
    product = products.get(str(product_id)) or abort(404)
    form = StockForm()
    if form.validate_on_submit():
        try:
            stock = products.stock_adjust(str(product_id), form.delta.data, form.reason.data)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash(f"Stock is now {stock:,}.", "success")
            return redirect(url_for("products.show", product_id=product_id))
    return render_view("products/show.html", product=product, stock_form=form, http_status=422)


@bp.route("/categories", methods=["GET", "POST"])
@requires("products.edit")
def categories():
    category_id = uuid_arg("id")
    listed = products.categories()
    current = next((c for c in listed if str(c["id"]) == category_id), None)
    form = CategoryForm(data=current if request.method == "GET" and current else None)
    if form.validate_on_submit():
        try:
            products.category_save(category_id, form.name.data, form.slug.data or None, form.sort_order.data or 0,
                                   form.is_active.data)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash("Category saved.", "success")
            return redirect(url_for("products.categories"))
    return render_view("products/categories.html", form=form, categories=listed,
                       editing=category_id if current else None, http_status=422 if form.errors else 200)


def _edit(product: dict | None):
    form = ProductForm(data=product if request.method == "GET" and product else None)
    form.category_id.choices = [("", "No category")] + [(str(c["id"]), c["name"]) for c in products.categories()]
    if request.method == "GET" and product:
        form.category_id.data = str(product["category_id"] or "")
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in FIELDS}
        values["category_id"] = values["category_id"] or None
        values["stock_quantity"] = values["stock_quantity"] or 0
        values["min_stock_level"] = values["min_stock_level"] or 0
        try:
            product_id = products.save(str(product["id"]) if product else None, **values)
        except Refusal as exc:
            field_error(form, exc)
        else:
            flash("Product saved.", "success")
            return redirect(url_for("products.show", product_id=product_id))
    return render_view("products/form.html", form=form, product=product, http_status=422 if form.errors else 200)
