"""Admin: create users, set roles, suspend and reactivate, reset two-factor."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from ..data import users as users_data
from ..db import ValidationError
from ..forms import ROLES, STATUSES, UserCreateForm, UserRoleForm, UserStatusForm
from ..htmx import render_view
from ..passwords import hash_password
from ..security import roles_required

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")


@bp.get("/")
@roles_required("admin")
def index():
    q = request.args.get("q", "")[:100]
    role = request.args.get("role") if request.args.get("role") in dict(ROLES) else None
    status = request.args.get("status") if request.args.get("status") in dict(STATUSES) else None
    return render_view("admin/users.html", users=users_data.search(q, role, status), q=q,
                       role=role, status=status, roles=ROLES, statuses=STATUSES)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def create():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user_id = users_data.create(form.email.data, form.first_name.data, form.last_name.data,
                                        form.role.data,
                                        hash_password(form.password.data) if form.password.data else None,
                                        form.sponsor_number.data or None)
        except ValidationError as exc:
            getattr(form, exc.field or "email", form.email).errors.append(exc.message)
        else:
            flash(f"User {form.email.data} created.", "success")
            return redirect(url_for("admin_users.show", user_id=user_id))
    return render_view("admin/user_new.html", form=form, http_status=422 if form.errors else 200)


@bp.get("/<uuid:user_id>")
@roles_required("admin")
def show(user_id):
    user = users_data.get(str(user_id)) or abort(404)
    return render_view("admin/user_show.html", user=user,
                       role_form=UserRoleForm(role=user["role"]), status_form=UserStatusForm(status=user["status"]))


@bp.post("/<uuid:user_id>/role")
@roles_required("admin")
def update_role(user_id):
    return _update(user_id, UserRoleForm(), lambda f: users_data.set_role(str(user_id), f.role.data), "Role changed.")


@bp.post("/<uuid:user_id>/status")
@roles_required("admin")
def update_status(user_id):
    return _update(user_id, UserStatusForm(), lambda f: users_data.set_status(str(user_id), f.status.data),
                   "Status changed.")


@bp.post("/<uuid:user_id>/two-factor/reset")
@roles_required("admin")
def reset_two_factor(user_id):
    users_data.reset_two_factor(str(user_id))
    flash("Two-factor sign-in was reset; the user enrols again at next sign-in.", "success")
    return redirect(url_for("admin_users.show", user_id=user_id))


def _update(user_id, form, action, done: str):
    if form.validate_on_submit():
        try:
            action(form)
        except ValidationError as exc:
            flash(exc.message, "error")
            return redirect(url_for("admin_users.show", user_id=user_id))
        flash(done, "success")
    else:
        flash("Choose one of the listed values.", "error")
    return redirect(url_for("admin_users.show", user_id=user_id))
