"""Commission statements (each row explained in words, CSV, printable) and
"if the period closed now" (the open period's estimate). A distributor sees
its own statements and its own and its downline's estimates; manager,
finance, auditor and admin look anyone up by number."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_login import current_user

from webapp.csvio.writer import csv_bytes
from webapp.data import statements
from webapp.web.htmx import render_view
from webapp.web.params import uuid_arg
from webapp.web.security import can, money_page, requires

bp = Blueprint("statements", __name__, url_prefix="/statements")

CSV_COLUMNS = ("type", "level", "source_number", "source_name", "base", "rate", "amount", "explanation", "reason")


@bp.get("/")
@requires("statements.read")
@money_page
def index():
    number = request.args.get("number", "").strip()[:20]
    if can("statements.lookup"):
        if number:
            found = statements.find_distributor(number)
            if found:
                return redirect(url_for("statements.person", distributor_id=found["user_id"]))
        return render_view("statements/lookup.html", number=number, not_found=bool(number))
    return render_view("statements/index.html", periods=statements.periods(), who=None)


@bp.get("/people/<uuid:distributor_id>")
@requires("statements.lookup")
@money_page
def person(distributor_id):
    return render_view("statements/index.html", periods=statements.periods(str(distributor_id)),
                       who=str(distributor_id), estimate=statements.estimate(str(distributor_id)))


@bp.get("/<period_id>")
@requires("statements.read")
@money_page
def show(period_id):
    return _statement("statements/show.html", period_id, _who())


@bp.get("/<period_id>/print")
@requires("statements.read")
@money_page
def printable(period_id):
    return _statement("statements/print.html", period_id, _who())


@bp.get("/<period_id>/statement.csv")
@requires("statements.read")
@money_page
def statement_csv(period_id):
    who = _who()
    head = statements.head(period_id, who) or abort(404)
    body = csv_bytes(["period", "distributor_number", *CSV_COLUMNS],
                     ([period_id, head["distributor_number"], *(line[c] for c in CSV_COLUMNS)]
                      for line in statements.lines(period_id, who)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="statement-{period_id}-{head["distributor_number"]}.csv"'})


@bp.get("/estimate")
@requires("statements.read")
def estimate():
    who = uuid_arg("distributor")
    if who and can("business.own") and who == current_user.id:
        who = None
    return render_view("statements/estimate.html", e=statements.estimate(who),
                       legs=statements.estimate_legs(who), who=who)


def _who() -> str | None:
    """Whose statement: the caller's own, or (staff) ?distributor=<id>."""
    who = uuid_arg("distributor")
    return who if who and can("statements.lookup") else None


def _statement(template: str, period_id: str, who: str | None):
    head = statements.head(period_id, who) or abort(404)
    return render_view(template, head=head, lines=statements.lines(period_id, who), who=who)
