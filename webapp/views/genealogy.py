"""Genealogy: the sponsor tree, opened on the signed-in distributor (staff
start at the top or pick anyone), recruits loaded as nodes are expanded,
the upline as a breadcrumb, search in the downline, the levels and legs of
a downline, a picture of the tree around a person; and the admin's move of a
distributor with its downline (reason, preview, confirmation).

What each role may see is decided in SQL (api.genealogy_*): a person the
caller may not see is a 404 here, never a 403, so the page does not tell
whether they exist.
"""
from __future__ import annotations

import logging
import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from webapp.data import genealogy as data
from webapp.forms.genealogy import MoveConfirmForm, MoveForm
from webapp.platform.errors import Refusal
from webapp.web import tree_picture
from webapp.web.htmx import is_htmx, render_view
from webapp.web.security import can, requires

bp = Blueprint("genealogy", __name__, url_prefix="/genealogy")
log = logging.getLogger(__name__)
BREADCRUMB_HEAD, BREADCRUMB_TAIL = 2, 5   # a deep upline shows its top and its last levels
LEVELS_SHOWN = 100                        # a chain 1,000 deep: the rest is one line


@bp.get("/")
@login_required
def index():
    person_id = _uuid_arg("id")
    if person_id is None and can("people.read"):
        roots = data.roots(after=request.args.get("after"))
        return render_view("genealogy/index.html", node=None, roots=roots[:data.PAGE],
                           more=len(roots) > data.PAGE, **_search_context(None))
    node = data.node(person_id) or abort(404)
    if node["relation"] == "sponsor":
        return render_view("genealogy/sponsor.html", node=node)
    kids = data.frontline(node["user_id"])
    sponsor = data.node(node["sponsor_id"]) if node["relation"] == "self" and node["sponsor_id"] else None
    return render_view("genealogy/index.html", node=node, kids=kids[:data.PAGE], more=len(kids) > data.PAGE,
                       sponsor=sponsor, **_breadcrumb(node), **_search_context(node))


@bp.get("/<uuid:person_id>/recruits")
@login_required
def recruits(person_id):
    """The next page of someone's recruits, as tree nodes (an htmx fragment)."""
    if not is_htmx():
        return redirect(url_for("genealogy.index", id=person_id))
    kids = data.frontline(str(person_id), after=request.args.get("after", "")[:20] or None)
    return render_view("genealogy/recruits.html", kids=kids[:data.PAGE], more=len(kids) > data.PAGE,
                       parent_id=person_id)


@bp.get("/search")
@login_required
def search():
    root_id = _uuid_arg("root")
    q = request.args.get("q", "").strip()[:100]
    root = data.node(root_id) if root_id else None
    if root_id and (root is None or root["relation"] == "sponsor"):
        abort(404)
    rows = data.search(q, root_id) if len(q) >= 2 else []
    return render_view("genealogy/search.html", q=q, results=rows[:data.SEARCH_LIMIT],
                       more=len(rows) > data.SEARCH_LIMIT, **_search_context(root))


@bp.get("/<uuid:person_id>/levels")
@login_required
def levels(person_id):
    node = _openable(person_id)
    rows = data.levels(str(person_id))
    shown, deeper = rows[:LEVELS_SHOWN], rows[LEVELS_SHOWN:]
    rest = {"first": deeper[0]["level"], "last": deeper[-1]["level"], "members": sum(r["members"] for r in deeper),
            "active_members": sum(r["active_members"] for r in deeper)} if deeper else None
    return render_view("genealogy/levels.html", node=node, levels=shown, deeper=rest,
                       widest=max((r["members"] for r in shown), default=0), **_breadcrumb(node))


@bp.get("/<uuid:person_id>/legs")
@login_required
def legs(person_id):
    node = _openable(person_id)
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    rows = data.legs(str(person_id), offset=(page - 1) * data.PAGE)
    return render_view("genealogy/legs.html", node=node, legs=rows[:data.PAGE], more=len(rows) > data.PAGE,
                       page=page, **_breadcrumb(node))


@bp.get("/<uuid:person_id>/picture")
@login_required
def picture(person_id):
    node = _openable(person_id)
    levels_down = min(max(request.args.get("levels", 2, type=int) or 2, 1), 3)
    width = min(max(request.args.get("width", 5, type=int) or 5, 1), 10)
    drawing = tree_picture.layout(data.picture(str(person_id), levels_down, width))
    return render_view("genealogy/picture.html", node=node, drawing=drawing, levels_down=levels_down,
                       width=width, **_breadcrumb(node))


# --- Admin: move a distributor with its downline ---------------------------------

@bp.route("/move", methods=["GET", "POST"])
@requires("genealogy.move")
def move():
    form = MoveForm()
    if request.method == "GET":
        form.distributor_number.data = request.args.get("number", "")[:20]
    elif form.validate_on_submit():
        try:
            preview = data.move_preview(form.distributor_number.data, form.new_sponsor_number.data)
        except Refusal as exc:
            getattr(form, exc.field or "", form.new_sponsor_number).errors.append(exc.message)
        else:
            confirm = MoveConfirmForm(formdata=None, distributor_number=preview["distributor_number"],
                                      new_sponsor_number=preview["new_sponsor_number"], reason=form.reason.data,
                                      distributor_id=preview["distributor_id"],
                                      new_sponsor_id=preview["new_sponsor_id"], expected=preview["people"])
            return render_view("genealogy/move_confirm.html", preview=preview, form=confirm)
    return render_view("genealogy/move.html", form=form, http_status=422 if form.errors else 200)


@bp.post("/move/confirm")
@requires("genealogy.move")
def move_confirm():
    form = MoveConfirmForm()
    if form.validate_on_submit():
        try:
            moved = data.move(form.distributor_id.data, form.new_sponsor_id.data, form.reason.data,
                              form.expected.data)
        except Refusal as exc:
            field = {"new_sponsor": "new_sponsor_number", "distributor": "distributor_number",
                     "expected": "distributor_number"}.get(exc.field or "", exc.field or "")
            getattr(form, field, form.new_sponsor_number).errors.append(exc.message)
        else:
            flash(f"Moved {moved:,} {'person' if moved == 1 else 'people'} under "
                  f"{form.new_sponsor_number.data}.", "success")
            return redirect(url_for("genealogy.index", id=form.distributor_id.data))
    return render_view("genealogy/move.html", form=form, http_status=422)


# --- Helpers ---------------------------------------------------------------------

def _uuid_arg(name: str) -> str | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        abort(404)


def _openable(person_id) -> dict:
    """A person whose downline the caller may open (self, downline, or anyone for staff)."""
    node = data.node(str(person_id))
    if node is None or node["relation"] == "sponsor":
        abort(404)
    return node


def _breadcrumb(node: dict) -> dict:
    """The upline, shortened in the middle when it is long: top, '…', last levels."""
    line = data.upline(node["user_id"])
    if len(line) <= BREADCRUMB_HEAD + BREADCRUMB_TAIL + 1:
        return {"crumbs": line, "hidden_crumbs": 0}
    return {"crumbs": line[:BREADCRUMB_HEAD] + [None] + line[-BREADCRUMB_TAIL:],
            "hidden_crumbs": len(line) - BREADCRUMB_HEAD - BREADCRUMB_TAIL}


def _search_context(root: dict | None) -> dict:
    """Whose downline the search box searches: the node's, or (staff, no node) the whole company."""
    return {"search_root": root}
