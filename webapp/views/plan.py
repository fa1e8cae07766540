"""The compensation plan's data: ranks and plan-wide settings. Everyone
signed in reads the plan; admins change it (audited, validated by the
database) with two-factor sign-in on. A change applies to every period
closed or re-closed from then on; finalized periods keep what they paid."""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import login_required

from webapp.data import plan
from webapp.forms.plan import RankForm, SettingForm
from webapp.platform.errors import Refusal
from webapp.web.htmx import render_view
from webapp.web.refusals import field_error
from webapp.web.security import can, money_page, requires

bp = Blueprint("plan", __name__, url_prefix="/plan")


@bp.get("/")
@login_required
def index():
    return render_view("plan/index.html", ranks=plan.ranks(), settings=plan.settings(),
                       can_edit=can("plan.edit"), setting_form=SettingForm())


@bp.route("/ranks/new", methods=["GET", "POST"])
@requires("plan.edit")
@money_page
def new_rank():
    form = RankForm(is_active=True) if not _posted() else RankForm()
    return _save_rank(form, None)


@bp.route("/ranks/<rank_id>", methods=["GET", "POST"])
@requires("plan.edit")
@money_page
def edit_rank(rank_id):
    rank = next((r for r in plan.ranks() if r["id"] == rank_id), None) or abort(404)
    form = RankForm() if _posted() else RankForm(data={
        **rank, "matching_rates": ", ".join(_plain(m) for m in rank["matching_rates"])})
    return _save_rank(form, rank)


@bp.post("/settings/<key>")
@requires("plan.edit")
@money_page
def save_setting(key):
    form = SettingForm()
    if form.validate_on_submit():
        try:
            plan.save_setting(key, form.value.data)
        except Refusal as exc:
            flash(f"{key}: {exc.message}", "error")
            return render_view("plan/index.html", ranks=plan.ranks(), settings=plan.settings(), can_edit=True,
                               setting_form=form, failed_key=key, http_status=422)
        flash(f"Plan setting {key} saved.", "success")
    else:
        flash(f"{key}: " + "; ".join(form.value.errors or ["enter a value"]), "error")
    return redirect(url_for("plan.index"))


def _save_rank(form: RankForm, rank: dict | None):
    if rank is not None:
        form.id.render_kw = {"readonly": True}
        if _posted():
            form.id.data = rank["id"]
    if form.validate_on_submit():
        try:
            plan.save_rank(form.values())
        except Refusal as exc:
            field_error(form, exc, fallback="name")
        else:
            flash(f"Rank {form.name.data} saved. It applies to the next close or re-close.", "success")
            return redirect(url_for("plan.index"))
    return render_view("plan/rank_form.html", form=form, rank=rank,
                       http_status=422 if form.errors else 200)


def _posted() -> bool:
    from flask import request
    return request.method == "POST"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value is not None else ""
