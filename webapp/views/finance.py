"""Commission periods: status and totals of every month (a money page)."""
from __future__ import annotations

from flask import Blueprint

from ..data import periods
from ..htmx import render_view
from ..security import money_page, roles_required

bp = Blueprint("finance", __name__, url_prefix="/periods")


@bp.get("/")
@roles_required("manager", "support", "finance", "auditor", "admin")
@money_page
def periods_index():
    return render_view("finance/periods.html", periods=periods.all_periods())
