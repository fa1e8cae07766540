"""The signed-in user's own account: profile, password, two-factor sign-in."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from webapp.data import account as account_data
from webapp.data import auth as auth_data
from webapp.forms.account import PasswordChangeForm, ProfileForm, TwoFactorOffForm
from webapp.forms.auth import CodeForm
from webapp.platform import twofactor
from webapp.platform.errors import Refusal
from webapp.platform.passwords import hash_password, verify_password
from webapp.web.params import safe_next
from webapp.web.refusals import field_error
from webapp.web.security import epoch

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(data=account_data.own_profile() if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            account_data.update_own_profile(form.first_name.data, form.last_name.data, form.phone.data or None)
        except Refusal as exc:
            field_error(form, exc, fallback="first_name")
        else:
            flash("Profile saved.", "success")
            return redirect(url_for("account.profile"))
    status = 422 if form.errors else 200
    return _profile_page(form=form), status


@bp.post("/password")
@login_required
def change_password():
    form = PasswordChangeForm()
    form._email = current_user.email
    if form.validate_on_submit():
        if not verify_password(auth_data.own_password_hash(), form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            auth_data.set_own_password(hash_password(form.new_password.data))
            # Other sessions hold the old epoch and end; this one continues.
            session["epoch"] = epoch(auth_data.current_session()["password_changed_at"])
            flash("Password changed. Other sessions were signed out.", "success")
            return redirect(url_for("account.profile"))
    return _profile_page(password_form=form), 422


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    if current_user.two_factor_enabled:
        return render_template("account/two_factor_on.html", backup_codes_left=auth_data.backup_codes_left())
    secret = session.get("enrol_secret") or twofactor.new_secret()
    session["enrol_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        counter = twofactor.matching_counter(secret, form.code.data)
        if counter is None:
            form.code.errors.append("That code does not match. Check your phone's clock and try the next code.")
        else:
            codes = twofactor.new_backup_codes()
            auth_data.enable_totp(secret, counter, [twofactor.hash_backup_code(c) for c in codes])
            session.pop("enrol_secret", None)
            return render_template("account/backup_codes.html", codes=codes,
                                   next_url=safe_next(request.args.get("next")))
    uri = twofactor.provisioning_uri(secret, current_user.email)
    return render_template("account/two_factor_enrol.html", form=form, secret=secret,
                           qr_svg=twofactor.qr_svg(uri)), (422 if form.errors else 200)


@bp.post("/two-factor/disable")
@login_required
def disable_two_factor():
    form = TwoFactorOffForm(prefix="off")
    if form.validate_on_submit():
        if verify_password(auth_data.own_password_hash(), form.current_password.data):
            auth_data.disable_totp_own()
            flash("Two-factor sign-in is off.", "success")
            return redirect(url_for("account.profile"))
        form.current_password.errors.append("That is not your password.")
    return _profile_page(off_form=form), 422


def _profile_page(form=None, password_form=None, off_form=None):
    return render_template("account/profile.html", form=form or ProfileForm(data=account_data.own_profile()),
                           password_form=password_form or PasswordChangeForm(),
                           off_form=off_form or TwoFactorOffForm(prefix="off"),
                           backup_codes_left=auth_data.backup_codes_left())
