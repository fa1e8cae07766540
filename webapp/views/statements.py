"""Commission statements (each row explained in words, CSV, printable) and
"if the period closed now" (the open period's estimate). A distributor sees
its own statements and its own and its downline's estimates; manager,
finance, auditor and admin look anyone up by number."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_login import current_user

from ..data import statements
from ..htmx import render_view
from ..security import money_page, roles_required

bp = Blueprint("statements", __name__, url_prefix="/statements")

READERS = ("distributor", "manager", "finance", "auditor", "admin")
STAFF_READERS = ("manager", "finance", "auditor", "admin")
CSV_COLUMNS = ("type", "level", "source_number", "source_name", "base", "rate", "amount", "explanation", "reason")


@bp.get("/")
@roles_required(*READERS)
@money_page
def index():
    number = request.args.get("number", "").strip()[:20]
    if current_user.role in STAFF_READERS:
        if number:
            found = statements.find_distributor(number)
            if found:
                return redirect(url_for("statements.person", distributor_id=found["user_id"]))
        return render_view("statements/lookup.html", number=number, not_found=bool(number))
    return render_view("statements/index.html", periods=statements.periods(), who=None)


@bp.get("/people/<uuid:distributor_id>")
@roles_required(*STAFF_READERS)
@money_page
def person(distributor_id):
    return render_view("statements/index.html", periods=statements.periods(str(distributor_id)),
                       who=str(distributor_id), estimate=statements.estimate(str(distributor_id)))


@bp.get("/<period_id>")
@roles_required(*READERS)
@money_page
def show(period_id):
    return _statement("statements/show.html", period_id, _who())


@bp.get("/<period_id>/print")
@roles_required(*READERS)
@money_page
def printable(period_id):
    return _statement("statements/print.html", period_id, _who())


@bp.get("/<period_id>/statement.csv")
@roles_required(*READERS)
@money_page
def statement_csv(period_id):
    who = _who()
    head = statements.head(period_id, who) or abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "distributor_number", *CSV_COLUMNS])
    for line in statements.lines(period_id, who):
        writer.writerow([period_id, head["distributor_number"], *(line[c] for c in CSV_COLUMNS)])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="statement-{period_id}-{head["distributor_number"]}.csv"'})


@bp.get("/estimate")
@roles_required(*READERS)
def estimate():
    who = request.args.get("distributor") or None
    if who and current_user.role == "distributor" and who == current_user.id:
        who = None
    return render_view("statements/estimate.html", e=statements.estimate(who),
                       legs=statements.estimate_legs(who), who=who)


def _who() -> str | None:
    """Whose statement: the caller's own, or (staff) ?distributor=<id>."""
    who = request.args.get("distributor")
    return who if who and current_user.role in STAFF_READERS else None


def _statement(template: str, period_id: str, who: str | None):
    head = statements.head(period_id, who) or abort(404)
    return render_view(template, head=head, lines=statements.lines(period_id, who), who=who)
