"""Home page per role, and the health check."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from webapp.data import genealogy, health, home
from webapp.web.htmx import render_view
from webapp.web.security import can

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if can("business.own"):
        return render_view("home/home_distributor.html", **home.distributor())
    return render_view("home/home_staff.html", **home.staff(show_audit=can("audit.read")),
                       genealogy_health=genealogy.health_warning() if can("genealogy.move") else None)


@bp.get("/healthz")
def healthz():
    """`ok` when the database answers; how the app meets it (role, RLS) for admins only."""
    details = health.health()
    if can("platform.details"):
        return {"status": "ok", **details}, 200
    return {"status": "ok"}, 200
