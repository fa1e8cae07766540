"""Home page per role, and the health check."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from ..data import genealogy, home, platform
from ..htmx import render_view

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role == "distributor":
        return render_view("main/home_distributor.html", **home.distributor())
    return render_view("main/home_staff.html", **home.staff(show_audit=current_user.role in ("admin", "auditor")),
                       genealogy_health=genealogy.health_warning() if current_user.role == "admin" else None)


@bp.get("/healthz")
def healthz():
    return platform.health(), 200
