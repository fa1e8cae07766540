"""Sign-in (password, then a second factor when enrolled) and sign-out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from webapp.data import auth as auth_data
from webapp.forms.auth import BackupCodeForm, CodeForm, LoginForm
from webapp.platform import clock, twofactor
from webapp.platform.passwords import verify_password
from webapp.web.params import safe_next
from webapp.web.security import SessionUser, epoch
from webapp.web.transaction import switch_identity

bp = Blueprint("auth", __name__)

GENERIC_FAILURE = "Email or password is incorrect, or the account is locked for a while after too many attempts."
PENDING_SECONDS = 300


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = form.email.data
    found = auth_data.login_lookup(email)
    if not verify_password(found["password_hash"], form.password.data):
        auth_data.login_record(email, found["user_id"], False, "password")
        form.password.errors.append(GENERIC_FAILURE)
        return render_template("auth/login.html", form=form)
    if found["two_factor_enabled"]:
        session.clear()
        session["pending"] = {"user_id": str(found["user_id"]), "email": email, "at": clock.utcnow().timestamp(),
                              "next": _safe_next()}
        return redirect(url_for("auth.second_factor"))
    auth_data.login_record(email, found["user_id"], True, "password")
    return _complete_sign_in(str(found["user_id"]), _safe_next())


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    pending = session.get("pending")
    if not pending or clock.utcnow().timestamp() - pending["at"] > PENDING_SECONDS:
        session.pop("pending", None)
        flash("Sign in again: the sign-in step timed out.", "error")
        return redirect(url_for("auth.login"))
    code_form, backup_form = CodeForm(), BackupCodeForm()
    use_backup = request.form.get("kind") == "backup"
    form = backup_form if use_backup else code_form
    if request.method == "POST" and form.validate_on_submit():
        if _second_factor_ok(pending["user_id"], form, use_backup):
            auth_data.login_record(pending["email"], pending["user_id"], True,
                                   "backup_code" if use_backup else "totp")
            session.pop("pending", None)
            return _complete_sign_in(pending["user_id"], pending.get("next"))
        auth_data.login_record(pending["email"], pending["user_id"], False,
                               "backup_code" if use_backup else "totp")
        field = form.backup_code if use_backup else form.code
        field.errors.append("That code is not valid (or was already used). Try again.")
    return render_template("auth/second_factor.html", code_form=code_form,
                           backup_form=backup_form, use_backup=use_backup)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.login"))


def _second_factor_ok(user_id: str, form, use_backup: bool) -> bool:
    if use_backup:
        return auth_data.backup_code_use(user_id, twofactor.hash_backup_code(form.backup_code.data))
    material = auth_data.second_factor(user_id)
    if not material:
        return False
    counter = twofactor.matching_counter(material["totp_secret"], form.code.data)
    return counter is not None and auth_data.totp_accept(user_id, counter)


def _complete_sign_in(user_id: str, next_url: str | None):
    """Start a fresh session (no fixation) bound to the password's epoch."""
    session.clear()
    session["_user_id"] = user_id
    switch_identity(user_id)  # read the user as themself now that the cookie names them
    row = auth_data.current_session()
    session["epoch"] = epoch(row["password_changed_at"])
    user = SessionUser(id=user_id, **{k: row[k] for k in (
        "email", "role", "first_name", "last_name", "two_factor_enabled", "password_changed_at", "is_distributor")})
    login_user(user)
    session.permanent = True
    return redirect(next_url or url_for("home.index"))


def _safe_next() -> str | None:
    """Only same-site paths, so a link cannot send a person elsewhere after sign-in."""
    return safe_next(request.args.get("next", ""))
