"""Contacts: the list (search as you type, filters, bulk actions, export,
saved filters), the contact page (timeline, score, tasks, conversions) and
the lead-score rules. Every rule is in SQL; these views parse, call, render."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from webapp.csvio import writer
from webapp.data import contacts as contacts_data
from webapp.data import tasks as tasks_data
from webapp.forms.contacts import (
    ACTIVITY_TYPES,
    FOLLOW_UPS,
    RULE_KINDS,
    SORTS,
    SOURCES,
    STAGES,
    STATUSES,
    ActivityForm,
    ContactForm,
    LeadRuleForm,
    SavedFilterForm,
)
from webapp.forms.pipeline import MoveForm
from webapp.platform import clock
from webapp.platform.errors import Refusal
from webapp.views.crm_common import (
    can_write,
    filters_from,
    is_manager,
    list_args,
    query_string,
    resolve_person,
    sees_everyone,
)
from webapp.web.enqueue import enqueue
from webapp.web.htmx import is_htmx, render_view
from webapp.web.params import valid_uuid
from webapp.web.refusals import field_error
from webapp.web.security import can, requires

bp = Blueprint("contacts", __name__, url_prefix="/contacts")
PAGE = 50
EXPORT_LIMIT = 100_000
EXPORT_COLUMNS = ("first_name", "last_name", "email", "phone", "company", "title", "source", "status", "stage",
                  "tags", "lead_score", "next_follow_up", "last_activity_at", "notes", "owner_name", "created_at")


def _lists():
    return {"statuses": STATUSES, "stages": STAGES, "sources": SOURCES, "follow_ups": FOLLOW_UPS, "sorts": SORTS}


# --- The list ----------------------------------------------------------------

@bp.get("/")
@requires("crm.read")
def index():
    params = list_args()
    filters, problem = filters_from(params)
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 2000))
    rows = contacts_data.search(filters, params["sort"] or "updated", limit=PAGE + 1, offset=(page - 1) * PAGE)
    total = contacts_data.count(filters) if page == 1 else None
    return render_view("contacts/index.html", contacts=rows[:PAGE], has_more=len(rows) > PAGE, page=page,
                       total=total, params=params, problem=problem, qs=query_string(params),
                       saved=contacts_data.saved_filters(), save_form=SavedFilterForm(),
                       can_write=can_write(), is_manager=is_manager(), sees_everyone=sees_everyone(), **_lists())


@bp.get("/export.csv")
@requires("crm.read")
def export():
    params = list_args()
    filters, _ = filters_from(params)
    with contacts_data.export_rows(filters, params["sort"] or "updated", EXPORT_LIMIT + 1) as rows:
        spool = writer.spooled(EXPORT_COLUMNS, ([r[c] for c in EXPORT_COLUMNS] for r in rows), EXPORT_LIMIT)
    if spool is None:
        flash(f"Exports hold at most {EXPORT_LIMIT:,} contacts: narrow the list with a filter first.", "error")
        return redirect(url_for("contacts.index", **query_string(params)))
    stamp = clock.utcnow().strftime("%Y%m%d-%H%M")
    return send_file(spool, mimetype="text/csv", as_attachment=True, download_name=f"contacts-{stamp}.csv")


@bp.post("/bulk")
@requires("crm.write")
def bulk():
    ids = [i for i in (valid_uuid(v) for v in request.form.getlist("ids")) if i]
    action = request.form.get("action", "")
    value = request.form.get("value", "").strip()[:100] or None
    if action == "assign":
        value, problem = resolve_person(value)
        if problem:
            flash(problem, "error")
            return _back_to_list()
    try:
        n = contacts_data.bulk(ids, action, value, request.form.get("reason", "").strip()[:500] or None)
    except Refusal as exc:
        flash(exc.message, "error")
    else:
        flash(f"{n:,} contact{'' if n == 1 else 's'} changed." if action != "delete"
              else f"{n:,} contact{'' if n == 1 else 's'} deleted.", "success")
    return _back_to_list()


def _back_to_list():
    params = list_args(request.form)
    return redirect(url_for("contacts.index", **query_string(params)))


@bp.post("/saved-filters")
@requires("crm.write")
def save_filter():
    form = SavedFilterForm()
    params = list_args(request.form)
    if form.validate_on_submit():
        try:
            contacts_data.save_filter(form.name.data, query_string(params))
        except Refusal as exc:
            flash(exc.message, "error")
        else:
            flash(f"Filter “{form.name.data}” saved.", "success")
    else:
        flash(next(iter(form.errors.values()))[0] if form.errors else "Name the filter.", "error")
    return redirect(url_for("contacts.index", **query_string(params)))


@bp.post("/saved-filters/<uuid:filter_id>/delete")
@requires("crm.write")
def delete_filter(filter_id):
    if contacts_data.delete_filter(str(filter_id)):
        flash("Saved filter deleted.", "success")
    return redirect(url_for("contacts.index"))


@bp.get("/people")
@requires("crm.read")
def people():
    """Options for the owner and assignee pickers (a <datalist>), as you type."""
    q = request.args.get("q", request.args.get("owner", request.args.get("value", "")))[:100]
    people = contacts_data.people(q) if sees_everyone() else []
    return render_template("contacts/people_options.html", people=people)


# --- One contact -------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@requires("crm.write")
def create():
    form = ContactForm()
    if form.validate_on_submit():
        contact_id = _save(form, None)
        if contact_id:
            flash("Contact added.", "success")
            return redirect(url_for("contacts.show", contact_id=contact_id))
    return render_view("contacts/form.html", form=form, contact=None, is_manager=is_manager(),
                       http_status=422 if form.errors else 200)


@bp.route("/<uuid:contact_id>/edit", methods=["GET", "POST"])
@requires("crm.write")
def edit(contact_id):
    contact = contacts_data.get(str(contact_id)) or abort(404)
    form = ContactForm(data=_form_data(contact) if request.method == "GET" else None)
    if form.validate_on_submit() and _save(form, str(contact_id)):
        flash("Contact saved.", "success")
        return redirect(url_for("contacts.show", contact_id=contact_id))
    return render_view("contacts/form.html", form=form, contact=contact, is_manager=is_manager(),
                       http_status=422 if form.errors else 200)


def _form_data(c: dict) -> dict:
    return {**{k: c[k] for k in ("first_name", "last_name", "email", "phone", "company", "title", "status",
                                 "notes")},
            "source": c["source"] or "", "tags": ", ".join(c["tags"]),
            "next_follow_up": c["next_follow_up"].astimezone(UTC).replace(tzinfo=None)
            if c["next_follow_up"] else None}


def _save(form: ContactForm, contact_id: str | None) -> str | None:
    owner_id = None
    if is_manager() and form.owner_email.data:
        owner_id, problem = resolve_person(form.owner_email.data)
        if problem:
            form.owner_email.errors.append(problem)
            return None
    try:
        return contacts_data.save(contact_id, form.values(owner_id))
    except Refusal as exc:
        field_error(form, exc, fallback="first_name")
        return None


@bp.get("/<uuid:contact_id>")
@requires("crm.read")
def show(contact_id):
    contact = contacts_data.get(str(contact_id)) or abort(404)
    return _render_show(contact)


def _render_show(contact, *, activity_form=None, move_form=None, http_status=200, invitation_link=None):
    cid = str(contact["id"])
    return render_view(
        "contacts/show.html", contact=contact, timeline=contacts_data.timeline(cid),
        score=contacts_data.score(cid), tasks=tasks_data.listing(contact_id=cid, include_done=True),
        invitation=contacts_data.invitation(cid) if contact["converted_to_distributor_id"] else None,
        invitation_link=invitation_link,
        activity_form=activity_form or ActivityForm(), move_form=move_form or MoveForm(stage=contact["stage"]),
        can_write=can_write(), is_manager=is_manager(), stages=STAGES, statuses=STATUSES,
        activity_types=ACTIVITY_TYPES, http_status=http_status)


@bp.post("/<uuid:contact_id>/field")
@requires("crm.write")
def update_field(contact_id):
    """Inline edit of one field (a list row's status or follow-up, a detail on the contact page)."""
    field = request.form.get("field", "")[:30]
    value = request.form.get("value", "")[:20000]
    if field == "next_follow_up" and value:
        value = value.replace("T", " ") + ("" if value.endswith("Z") or "+" in value else "+00")
    try:
        contacts_data.set_field(str(contact_id), field, value)
    except Refusal as exc:
        contact = contacts_data.get(str(contact_id)) or abort(404)
        return render_view("contacts/row.html", c=contact, error=exc.message, can_write=True,
                           is_manager=is_manager(), statuses=STATUSES, http_status=422)
    contact = contacts_data.get(str(contact_id)) or abort(404)
    if not is_htmx():
        return redirect(url_for("contacts.show", contact_id=contact_id))
    return render_view("contacts/row.html", c=contact, error=None, can_write=True, is_manager=is_manager(),
                       statuses=STATUSES)


@bp.post("/<uuid:contact_id>/delete")
@requires("crm.write")
def delete(contact_id):
    if not contacts_data.delete(str(contact_id)):
        abort(404)
    flash("Contact deleted.", "success")
    return redirect(url_for("contacts.index"))


@bp.post("/<uuid:contact_id>/activities")
@requires("crm.write")
def add_activity(contact_id):
    contact = contacts_data.get(str(contact_id)) or abort(404)
    form = ActivityForm()
    if form.validate_on_submit():
        try:
            contacts_data.add_activity(str(contact_id), form.type.data, form.subject.data, form.body.data,
                                       form.occurred_at.data and form.occurred_at.data.replace(tzinfo=UTC))
        except Refusal as exc:
            field_error(form, exc, fallback="subject")
        else:
            if not is_htmx():
                flash("Logged.", "success")
                return redirect(url_for("contacts.show", contact_id=contact_id))
            contact = contacts_data.get(str(contact_id))
            return _render_show(contact)
    return _render_show(contact, activity_form=form, http_status=422)


@bp.post("/activities/<uuid:activity_id>/delete")
@requires("crm.write")
def delete_activity(activity_id):
    contact_id = contacts_data.delete_activity(str(activity_id)) or abort(404)
    flash("Timeline entry removed.", "success")
    return redirect(url_for("contacts.show", contact_id=contact_id))


@bp.post("/<uuid:contact_id>/move")
@requires("crm.write")
def move(contact_id):
    contact = contacts_data.get(str(contact_id)) or abort(404)
    form = MoveForm()
    if form.validate_on_submit():
        try:
            contacts_data.move([str(contact_id)], form.stage.data, form.reason.data)
        except Refusal as exc:
            field_error(form, exc, fallback="reason")
        else:
            flash(f"Moved to {dict(STAGES)[form.stage.data]}.", "success")
            return redirect(url_for("contacts.show", contact_id=contact_id))
    return _render_show(contact, move_form=form, http_status=422)


@bp.post("/<uuid:contact_id>/convert/customer")
@requires("crm.write")
def convert_customer(contact_id):
    try:
        contacts_data.convert_customer(str(contact_id))
    except Refusal as exc:
        flash(exc.message, "error")
    else:
        flash("The contact is now a customer.", "success")
    return redirect(url_for("contacts.show", contact_id=contact_id))


@bp.post("/<uuid:contact_id>/convert/distributor")
@requires("crm.write")
def enroll(contact_id):
    token = secrets.token_urlsafe(32)
    try:
        contacts_data.enroll_distributor(str(contact_id), _hash(token))
    except Refusal as exc:
        flash(exc.message, "error")
        return redirect(url_for("contacts.show", contact_id=contact_id))
    flash("Enrolled as a distributor. Send them the invitation link below: it is shown only now.", "success")
    return _render_show(contacts_data.get(str(contact_id)), invitation_link=_link(token))


@bp.post("/<uuid:contact_id>/invitation")
@requires("crm.write")
def renew_invitation(contact_id):
    token = secrets.token_urlsafe(32)
    try:
        contacts_data.renew_invitation(str(contact_id), _hash(token))
    except Refusal as exc:
        flash(exc.message, "error")
        return redirect(url_for("contacts.show", contact_id=contact_id))
    flash("A new invitation link was made; the old one no longer works. It is shown only now.", "success")
    return _render_show(contacts_data.get(str(contact_id)), invitation_link=_link(token))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(token: str) -> str:
    return url_for("invitations.accept", token=token, _external=True)


# --- Lead-score rules ----------------------------------------------------------

@bp.route("/scoring", methods=["GET", "POST"])
@requires("crm.read")
def scoring():
    form = LeadRuleForm(prefix="new")
    if request.method == "POST":
        if not can("crm.scoring_edit"):
            abort(403)
        if form.validate_on_submit() and _save_rule(form, None):
            return redirect(url_for("contacts.scoring"))
    return render_view("contacts/scoring.html", rules=contacts_data.lead_rules(), form=form,
                       edit_forms=_rule_forms(), kinds=RULE_KINDS, is_admin=can("crm.scoring_edit"),
                       http_status=422 if form.errors else 200)


@bp.post("/scoring/<uuid:rule_id>")
@requires("crm.scoring_edit")
def update_rule(rule_id):
    form = LeadRuleForm(prefix=str(rule_id))
    if form.validate_on_submit() and _save_rule(form, str(rule_id)):
        return redirect(url_for("contacts.scoring"))
    forms = _rule_forms()
    forms[str(rule_id)] = form
    return render_view("contacts/scoring.html", rules=contacts_data.lead_rules(), form=LeadRuleForm(prefix="new"),
                       edit_forms=forms, kinds=RULE_KINDS, is_admin=True, http_status=422)


@bp.post("/scoring/<uuid:rule_id>/delete")
@requires("crm.scoring_edit")
def delete_rule(rule_id):
    if contacts_data.delete_lead_rule(str(rule_id)):
        _recompute_scores()
        flash("Rule deleted; scores are being recomputed.", "success")
    return redirect(url_for("contacts.scoring"))


def _rule_forms() -> dict:
    return {str(r["id"]): LeadRuleForm(prefix=str(r["id"]), data={k: r[k] for k in (
        "kind", "match", "label", "points", "max_points", "is_active")}) for r in contacts_data.lead_rules()}


def _save_rule(form: LeadRuleForm, rule_id: str | None) -> bool:
    try:
        contacts_data.save_lead_rule(rule_id, form.values())
    except Refusal as exc:
        field_error(form, exc, fallback="label")
        return False
    _recompute_scores()
    flash("Rule saved; scores are being recomputed.", "success")
    return True


def _recompute_scores() -> None:
    enqueue("recompute_lead_scores")

