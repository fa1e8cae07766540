"""CSV import of contacts: upload (the file is read and checked here, its
rows staged in the database), column mapping with a live preview, a Huey
job with a progress bar, and a report of the lines that were not imported.

All or nothing per import: the job checks every line first (committing its
progress), then writes every good line in one transaction; a failure there
leaves no contact behind. Lines that are wrong (a bad email, a formula, ...)
or duplicates are left out and listed in the report, with the reason."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, request, url_for
from flask_login import current_user

from webapp.csvio.contacts import CsvProblem, read_contacts_csv
from webapp.csvio.writer import csv_bytes
from webapp.data import contact_imports as imports_data
from webapp.forms.contact_imports import (
    IMPORT_FIELDS,
    ImportOptionsForm,
    ImportUploadForm,
    mapping_fields,
    mapping_from,
)
from webapp.forms.contacts import split_tags
from webapp.platform.errors import Refusal
from webapp.views.crm_common import can_write, is_manager, resolve_person
from webapp.web.enqueue import enqueue
from webapp.web.htmx import render_view
from webapp.web.security import requires

bp = Blueprint("contact_imports", __name__, url_prefix="/contacts/imports")


@bp.get("/")
@requires("crm.read")
def index():
    return render_view("contact_imports/index.html", imports=imports_data.listing(), can_write=can_write())


@bp.route("/new", methods=["GET", "POST"])
@requires("crm.write")
def create():
    form = ImportUploadForm()
    if form.validate_on_submit():
        import_id = _stage(form)
        if import_id:
            return redirect(url_for("contact_imports.show", import_id=import_id))
    return render_view("contact_imports/new.html", form=form, is_manager=is_manager(),
                       http_status=422 if form.errors else 200)


def _stage(form: ImportUploadForm) -> str | None:
    owner_id = None
    if is_manager() and form.owner_email.data:
        owner_id, problem = resolve_person(form.owner_email.data)
        if problem:
            form.owner_email.errors.append(problem)
            return None
    try:
        parsed = read_contacts_csv(form.file.data.read(), form.encoding.data)
    except CsvProblem as exc:
        form.file.errors.append(exc.message)
        return None
    try:
        return imports_data.create(form.file.data.filename or "contacts.csv", parsed.encoding, parsed.delimiter,
                                   parsed.header, parsed.lines, parsed.rows, owner_id)
    except Refusal as exc:
        (form.owner_email if exc.field == "owner" else form.file).errors.append(exc.message)
        return None


@bp.get("/<uuid:import_id>")
@requires("crm.read")
def show(import_id):
    imp = imports_data.get(str(import_id)) or abort(404)
    if imp["status"] == "uploaded" and can_write():
        return _mapping_page(imp)
    return render_view("contact_imports/show.html", imp=imp, can_write=can_write())


def _mapping_page(imp, *, options=None, data=None, error=None, http_status=200):
    guess = imp["mapping"] or imports_data.guess_mapping(imp["header"])
    fields = mapping_fields(imp["header"], guess, data)
    mapping, twice = mapping_from(fields)
    options = options or ImportOptionsForm()
    preview, preview_error = _preview(imp, mapping, twice, split_tags(options.add_tags.data))
    return render_view("contact_imports/mapping.html", imp=imp, fields=fields, field_choices=IMPORT_FIELDS,
                       options=options, preview=preview, preview_error=error or preview_error,
                       mapped=[f for f in IMPORT_FIELDS if f[0] in mapping], mapping=mapping,
                       http_status=http_status)


def _preview(imp, mapping: dict, twice: str | None, tags: list[str]):
    if twice:
        return [], f"“{dict(IMPORT_FIELDS)[twice]}” is chosen for two columns: use each field once."
    try:
        return imports_data.preview(str(imp["id"]), mapping, tags), None
    except Refusal as exc:
        return [], exc.message


@bp.post("/<uuid:import_id>/preview")
@requires("crm.write")
def preview(import_id):
    imp = imports_data.get(str(import_id)) or abort(404)
    return _mapping_page(imp, options=ImportOptionsForm(), data=request.form)


@bp.post("/<uuid:import_id>/start")
@requires("crm.write")
def start(import_id):
    imp = imports_data.get(str(import_id)) or abort(404)
    options = ImportOptionsForm()
    fields = mapping_fields(imp["header"], {}, request.form)
    mapping, twice = mapping_from(fields)
    if not options.validate_on_submit() or twice:
        return _mapping_page(imp, options=options, data=request.form, http_status=422)
    try:
        imports_data.start(str(import_id), mapping, options.dedupe.data, options.default_source.data,
                           split_tags(options.add_tags.data))
    except Refusal as exc:
        if exc.field in ("add_tags", "dedupe"):
            getattr(options, exc.field).errors.append(exc.message)
        return _mapping_page(imp, options=options, data=request.form, error=exc.message, http_status=422)
    enqueue("import_contacts", str(import_id), current_user.id)
    return redirect(url_for("contact_imports.show", import_id=import_id))


@bp.get("/<uuid:import_id>/progress")
@requires("crm.read")
def progress(import_id):
    imp = imports_data.get(str(import_id)) or abort(404)
    return render_view("contact_imports/show.html", imp=imp, can_write=can_write())


@bp.post("/<uuid:import_id>/cancel")
@requires("crm.write")
def cancel(import_id):
    if imports_data.cancel(str(import_id)):
        flash("Import cancelled: no contact was written.", "success")
    else:
        flash("This import has finished already.", "error")
    return redirect(url_for("contact_imports.show", import_id=import_id))


@bp.get("/<uuid:import_id>/report.csv")
@requires("crm.read")
def report(import_id):
    imp = imports_data.get(str(import_id)) or abort(404)
    rows = imports_data.report(str(import_id))
    header = ["line", "result", "reason", *imp["header"]]
    body = csv_bytes(header, ([r["line_no"], "rejected" if r["outcome"] == "reject" else "skipped", r["reason"],
                               *r["cells"]] for r in rows))
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = imp["file_name"].rsplit(".", 1)[0][:60] or "contacts"
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii(name)}-not-imported.csv"'
    return response


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in name) or "contacts"
