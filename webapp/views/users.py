"""Admin: create users, set roles, suspend and reactivate, reset two-factor."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from webapp.data import users as users_data
from webapp.forms.contacts import STATUSES
from webapp.forms.users import ROLES, UserCreateForm, UserRoleForm, UserStatusForm
from webapp.platform.errors import Refusal
from webapp.platform.passwords import hash_password
from webapp.web.htmx import render_view
from webapp.web.refusals import field_error, flash_refusals
from webapp.web.security import requires

bp = Blueprint("users", __name__, url_prefix="/admin/users")
# Role and status changes are one-field buttons: a refusal is flashed on the user's page.
flash_refusals(bp, lambda: url_for("users.show", user_id=request.view_args["user_id"]))


@bp.get("/")
@requires("users.manage")
def index():
    q = request.args.get("q", "")[:100]
    role = request.args.get("role") if request.args.get("role") in dict(ROLES) else None
    status = request.args.get("status") if request.args.get("status") in dict(STATUSES) else None
    return render_view("users/users.html", users=users_data.search(q, role, status), q=q,
                       role=role, status=status, roles=ROLES, statuses=STATUSES)


@bp.route("/new", methods=["GET", "POST"])
@requires("users.manage")
def create():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user_id = users_data.create(form.email.data, form.first_name.data, form.last_name.data,
                                        form.role.data,
                                        hash_password(form.password.data) if form.password.data else None,
                                        form.sponsor_number.data or None)
        except Refusal as refusal:
            field_error(form, refusal, fallback="email")
        else:
            flash(f"User {form.email.data} created.", "success")
            return redirect(url_for("users.show", user_id=user_id))
    return render_view("users/user_new.html", form=form, http_status=422 if form.errors else 200)


@bp.get("/<uuid:user_id>")
@requires("users.manage")
def show(user_id):
    user = users_data.get(str(user_id)) or abort(404)
    return render_view("users/user_show.html", user=user,
                       role_form=UserRoleForm(role=user["role"]), status_form=UserStatusForm(status=user["status"]))


@bp.post("/<uuid:user_id>/role")
@requires("users.manage")
def update_role(user_id):
    return _update(user_id, UserRoleForm(), lambda f: users_data.set_role(str(user_id), f.role.data), "Role changed.")


@bp.post("/<uuid:user_id>/status")
@requires("users.manage")
def update_status(user_id):
    return _update(user_id, UserStatusForm(), lambda f: users_data.set_status(str(user_id), f.status.data),
                   "Status changed.")


@bp.post("/<uuid:user_id>/two-factor/reset")
@requires("users.manage")
def reset_two_factor(user_id):
    users_data.reset_two_factor(str(user_id))
    flash("Two-factor sign-in was reset; the user enrols again at next sign-in.", "success")
    return redirect(url_for("users.show", user_id=user_id))


def _update(user_id, form, action, done: str):
    if form.validate_on_submit():
        action(form)
        flash(done, "success")
    else:
        flash("Choose one of the listed values.", "error")
    return redirect(url_for("users.show", user_id=user_id))
