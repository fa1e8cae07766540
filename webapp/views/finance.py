"""Commission periods: status and totals of every month; a period's page
(its close with a progress bar, its summary, adjustments, finalize, the
ledger as CSV). Money pages: admins and finance need two-factor sign-in."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, stream_with_context, url_for
from flask_login import current_user

from .. import background
from ..commission_forms import AdjustmentForm
from ..data import periods
from ..data.periods import Refused
from ..db import Actor, ValidationError
from ..htmx import render_view
from ..security import money_page, roles_required

bp = Blueprint("finance", __name__, url_prefix="/periods")
bp.record_once(lambda state: background.init_app(state.app))

LIST_ROLES = ("manager", "support", "finance", "auditor", "admin")
LEDGER_ROLES = ("manager", "finance", "auditor", "admin")
CLOSERS = ("finance", "admin")


@bp.get("/")
@roles_required(*LIST_ROLES)
@money_page
def periods_index():
    return render_view("finance/periods.html", periods=periods.all_periods(),
                       can_close=current_user.role in CLOSERS, can_open=current_user.role in LEDGER_ROLES)


@bp.get("/<period_id>")
@roles_required(*LEDGER_ROLES)
@money_page
def show(period_id):
    return _page(period_id)


@bp.get("/<period_id>/progress")
@roles_required(*LEDGER_ROLES)
@money_page
def progress(period_id):
    """Polled by the page while a close runs (HTMX): the period body block."""
    return _page(period_id)


@bp.post("/<period_id>/close")
@roles_required(*CLOSERS)
@money_page
def close(period_id):
    try:
        run_id = periods.request_close(period_id)
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("finance.show", period_id=period_id))
    from jobs.tasks import close_period
    background.after_commit(close_period, period_id, run_id, current_user.id)
    return redirect(url_for("finance.show", period_id=period_id))


@bp.post("/<period_id>/finalize")
@roles_required(*CLOSERS)
@money_page
def finalize(period_id):
    try:
        result = periods.finalize(period_id)
    except Refused as exc:
        flash(exc.message, "error")
    else:
        flash(f"Period {period_id} is finalized; {result['title_ranks_raised']} title ranks went up.", "success")
    return redirect(url_for("finance.show", period_id=period_id))


@bp.post("/<period_id>/adjustments")
@roles_required(*CLOSERS)
@money_page
def add_adjustment(period_id):
    form = AdjustmentForm()
    if form.validate_on_submit():
        try:
            periods.add_adjustment(period_id, form.distributor_number.data, form.amount.data, form.reason.data)
        except ValidationError as exc:
            getattr(form, exc.field, form.reason).errors.append(exc.message)
        except Refused as exc:
            form.reason.errors.append(exc.message)
        else:
            flash("Adjustment entered.", "success")
            return redirect(url_for("finance.show", period_id=period_id))
    return _page(period_id, form=form, http_status=422)


@bp.post("/<period_id>/adjustments/<uuid:adjustment_id>/delete")
@roles_required(*CLOSERS)
@money_page
def delete_adjustment(period_id, adjustment_id):
    try:
        periods.delete_adjustment(str(adjustment_id))
    except (ValidationError, Refused) as exc:
        flash(exc.message, "error")
    else:
        flash("Adjustment removed.", "success")
    return redirect(url_for("finance.show", period_id=period_id))


@bp.get("/<period_id>/ledger.csv")
@roles_required(*LEDGER_ROLES)
@money_page
def ledger_csv(period_id):
    if periods.summary(period_id) is None:
        abort(404)
    actor = Actor(current_user.id, request_id=f"csv-{period_id}")
    body = periods.ledger_csv(current_app.extensions["mlmcrm.pool"], actor, period_id)
    return Response(stream_with_context(body), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="ledger-{period_id}.csv"'})


def _page(period_id: str, form: AdjustmentForm | None = None, http_status: int = 200):
    summary = periods.summary(period_id) or abort(404)
    state = periods.close_state(period_id)
    can_close = current_user.role in CLOSERS
    return render_view("finance/period.html", p=summary, state=state, can_close=can_close,
                       adjustments=periods.adjustments(period_id), form=form or AdjustmentForm(),
                       http_status=http_status)
