"""Tasks: "my day" (overdue, today, upcoming), the task form, one-click
completion. Managers and admins assign tasks to others and see the team's."""
from __future__ import annotations

from datetime import UTC

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from webapp.data import contacts as contacts_data
from webapp.data import tasks as tasks_data
from webapp.forms.tasks import TaskForm
from webapp.platform.errors import Refusal
from webapp.views.crm_common import can_write, is_manager, resolve_person, sees_everyone
from webapp.web.htmx import is_htmx, render_view
from webapp.web.params import valid_uuid
from webapp.web.security import requires

bp = Blueprint("tasks", __name__, url_prefix="/tasks")
BUCKETS = [("overdue", "Overdue"), ("today", "Today"), ("upcoming", "Next 7 days"), ("later", "Later"),
           ("done", "Done in the last day")]


def _who() -> tuple[str, str | None, bool, str | None]:
    """(the 'who' parameter, assignee id, everyone?, problem): staff may look at anyone's day."""
    who = (request.values.get("who") or "").strip()[:255] if sees_everyone() else ""
    if who == "everyone":
        return who, None, True, None
    assignee, problem = resolve_person(who) if who else (None, None)
    return who, assignee, False, problem


def _my_day(http_status: int = 200):
    who, assignee, everyone, problem = _who()
    rows = tasks_data.listing(assignee_id=assignee, everyone=everyone)
    buckets = {key: [t for t in rows if t["bucket"] == key] for key, _ in BUCKETS}
    follow_ups = contacts_data.search({"query": None, "owner_id": None if sees_everyone() else current_user.id,
                                       "tag": None, "follow_up": "today", "status": None, "stage": None,
                                       "source": None}, "follow_up", limit=20) if not who else []
    return render_view("tasks/my_day.html", buckets=buckets, bucket_names=BUCKETS, who=who, problem=problem,
                       follow_ups=follow_ups, can_write=can_write(), sees_everyone=sees_everyone(),
                       http_status=http_status)


@bp.get("/")
@requires("crm.read")
def index():
    return _my_day()


@bp.route("/new", methods=["GET", "POST"])
@requires("crm.write")
def create():
    contact_id = valid_uuid(request.values.get("contact_id"))
    form = TaskForm(data={"contact_id": contact_id} if request.method == "GET" else None)
    contact = contacts_data.get(contact_id) if contact_id else None
    if form.validate_on_submit():
        task_id = _save(form, None)
        if task_id:
            flash("Task added.", "success")
            return _after(form.contact_id.data)
    return render_view("tasks/form.html", form=form, task=None, contact=contact, is_manager=is_manager(),
                       http_status=422 if form.errors else 200)


@bp.route("/<uuid:task_id>/edit", methods=["GET", "POST"])
@requires("crm.write")
def edit(task_id):
    task = tasks_data.get(str(task_id)) or abort(404)
    data = None
    if request.method == "GET":
        data = {k: task[k] for k in ("title", "type", "priority", "description")}
        data.update(contact_id=str(task["contact_id"]) if task["contact_id"] else "",
                    due_at=task["due_at"].astimezone(UTC).replace(tzinfo=None) if task["due_at"] else None,
                    assignee_email="" if str(task["assignee_id"]) == current_user.id else task["assignee_email"])
    form = TaskForm(data=data)
    if form.validate_on_submit() and _save(form, str(task_id)):
        flash("Task saved.", "success")
        return _after(form.contact_id.data)
    contact = {"id": task["contact_id"], "name": task["contact_name"]} if task["contact_id"] else None
    return render_view("tasks/form.html", form=form, task=task, contact=contact, is_manager=is_manager(),
                       http_status=422 if form.errors else 200)


def _save(form: TaskForm, task_id: str | None) -> str | None:
    assignee = None
    if form.assignee_email.data:
        if not is_manager():
            form.assignee_email.errors.append("Only managers and admins assign tasks to others.")
            return None
        assignee, problem = resolve_person(form.assignee_email.data)
        if problem:
            form.assignee_email.errors.append(problem)
            return None
    try:
        return tasks_data.save(task_id, form.values(assignee))
    except Refusal as exc:
        field = {"contact_id": "title", "assignee": "assignee_email"}.get(exc.field, exc.field)
        getattr(form, field or "title", form.title).errors.append(exc.message)
        return None


def _after(contact_id: str | None):
    nxt = request.values.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    if contact_id:
        return redirect(url_for("contacts.show", contact_id=contact_id))
    return redirect(url_for("tasks.index"))


@bp.post("/<uuid:task_id>/complete")
@requires("crm.write")
def complete(task_id):
    if tasks_data.complete(str(task_id)) is None:
        abort(404)
    return _done_response("Task done.")


@bp.post("/<uuid:task_id>/reopen")
@requires("crm.write")
def reopen(task_id):
    if tasks_data.reopen(str(task_id)) is None:
        abort(404)
    return _done_response("Task reopened.")


@bp.post("/<uuid:task_id>/delete")
@requires("crm.write")
def delete(task_id):
    if not tasks_data.delete(str(task_id)):
        abort(404)
    return _done_response("Task deleted.")


def _done_response(message: str):
    if is_htmx():
        return _my_day()
    flash(message, "success")
    return _after(None)

