"""Commission periods: status and totals of every month; a period's page
(its close with a progress bar, its summary, adjustments, finalize, the
ledger as CSV). Money pages: admins and finance need two-factor sign-in."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_login import current_user

from webapp.csvio import writer
from webapp.data import periods
from webapp.forms.periods import AdjustmentForm
from webapp.platform.errors import Refusal
from webapp.web.enqueue import enqueue
from webapp.web.htmx import render_view
from webapp.web.refusals import field_error, flash_refusals
from webapp.web.security import can, money_page, requires
from webapp.web.transaction import detached

bp = Blueprint("periods", __name__, url_prefix="/periods")
# Close, finalize and removing an adjustment are buttons: a refusal is flashed on the period's page.
flash_refusals(bp, lambda: url_for("periods.show", period_id=request.view_args["period_id"]))


@bp.get("/")
@requires("periods.read")
@money_page
def index():
    return render_view("periods/periods.html", periods=periods.all_periods(),
                       can_close=can("periods.close"), can_open=can("periods.ledger"))


@bp.get("/<period_id>")
@requires("periods.ledger")
@money_page
def show(period_id):
    return _page(period_id)


@bp.get("/<period_id>/progress")
@requires("periods.ledger")
@money_page
def progress(period_id):
    """Polled by the page while a close runs (HTMX): the period body block."""
    return _page(period_id)


@bp.post("/<period_id>/close")
@requires("periods.close")
@money_page
def close(period_id):
    run_id = periods.request_close(period_id)
    enqueue("close_period", period_id, run_id, current_user.id)
    return redirect(url_for("periods.show", period_id=period_id))


@bp.post("/<period_id>/finalize")
@requires("periods.close")
@money_page
def finalize(period_id):
    result = periods.finalize(period_id)
    flash(f"Period {period_id} is finalized; {result['title_ranks_raised']} title ranks went up.", "success")
    return redirect(url_for("periods.show", period_id=period_id))


@bp.post("/<period_id>/adjustments")
@requires("periods.adjust")
@money_page
def add_adjustment(period_id):
    form = AdjustmentForm()
    if form.validate_on_submit():
        try:
            periods.add_adjustment(period_id, form.distributor_number.data, form.amount.data, form.reason.data)
        except Refusal as refusal:
            field_error(form, refusal, fallback="reason")
        else:
            flash("Adjustment entered.", "success")
            return redirect(url_for("periods.show", period_id=period_id))
    return _page(period_id, form=form, http_status=422)


@bp.post("/<period_id>/adjustments/<uuid:adjustment_id>/delete")
@requires("periods.adjust")
@money_page
def delete_adjustment(period_id, adjustment_id):
    periods.delete_adjustment(str(adjustment_id))
    flash("Adjustment removed.", "success")
    return redirect(url_for("periods.show", period_id=period_id))


@bp.get("/<period_id>/ledger.csv")
@requires("periods.ledger")
@money_page
def ledger_csv(period_id):
    if periods.summary(period_id) is None:
        abort(404)
    rows = periods.ledger_rows(*detached(f"csv-{period_id}"), period_id)
    body = writer.stream(next(rows), rows)
    return Response(stream_with_context(body), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="ledger-{period_id}.csv"'})


def _page(period_id: str, form: AdjustmentForm | None = None, http_status: int = 200):
    summary = periods.summary(period_id) or abort(404)
    return render_view("periods/period.html", p=summary, state=periods.close_state(period_id),
                       can_close=can("periods.close"), adjustments=periods.adjustments(period_id),
                       form=form or AdjustmentForm(), http_status=http_status)
