"""The pipeline board: a column per stage; dragging a card (or the keyboard
"Move to" control on it) moves the contact, and the move goes on its
timeline (api.contact_move)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from webapp.data import contacts as contacts_data
from webapp.data import pipeline as pipeline_data
from webapp.forms.contacts import STAGES
from webapp.forms.pipeline import MoveForm
from webapp.platform.errors import Refusal
from webapp.views.crm_common import can_write, resolve_person, sees_everyone
from webapp.web.htmx import is_htmx, render_view
from webapp.web.params import valid_uuid
from webapp.web.security import requires

bp = Blueprint("pipeline", __name__, url_prefix="/pipeline")


def _board(owner: str, q: str, *, error: str | None = None, http_status: int = 200):
    owner_id, problem = resolve_person(owner) if sees_everyone() else (None, None)
    columns = pipeline_data.board(owner_id, q or None)
    return render_view("pipeline/board.html", columns=columns, owner=owner, q=q, problem=problem, error=error,
                       stages=STAGES, can_write=can_write(), sees_everyone=sees_everyone(),
                       http_status=http_status)


def _params(source) -> tuple[str, str]:
    return (source.get("owner") or "").strip()[:255], (source.get("q") or "").strip()[:100]


@bp.get("/")
@requires("crm.read")
def index():
    owner, q = _params(request.args)
    return _board(owner, q)


@bp.post("/move")
@requires("crm.write")
def move():
    owner, q = _params(request.form)
    contact_id = valid_uuid(request.form.get("contact_id")) or abort(400)
    form = MoveForm()
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0]
        return _board(owner, q, error=message, http_status=422)
    try:
        moved = contacts_data.move([contact_id], form.stage.data, form.reason.data)
    except Refusal as exc:
        return _board(owner, q, error=exc.message, http_status=422)
    if not moved and contacts_data.get(contact_id) is None:
        abort(404)
    if is_htmx():
        return _board(owner, q)
    flash(f"Moved to {dict(STAGES)[form.stage.data]}.", "success")
    return redirect(url_for("pipeline.index", owner=owner or None, q=q or None))
