"""The audit trail, for auditors and admins: who did what, when, from where."""
from __future__ import annotations

from flask import Blueprint, request

from webapp.data import audit
from webapp.web.htmx import render_view
from webapp.web.params import page_arg
from webapp.web.security import requires

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE = 50


@bp.get("/")
@requires("audit.read")
def index():
    entity = request.args.get("entity", "")[:50]
    action = request.args.get("action", "")[:50]
    page = page_arg()
    rows = audit.search(entity or None, action or None, limit=PAGE + 1, offset=(page - 1) * PAGE)
    return render_view("audit/index.html", events=rows[:PAGE], has_more=len(rows) > PAGE,
                       page=page, entity=entity, action=action, entity_types=audit.ENTITY_TYPES)
