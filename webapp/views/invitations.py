"""Accepting an invitation: a contact enrolled as a distributor follows the
link their sponsor sent, chooses a password, and is signed in."""
from __future__ import annotations

import hashlib

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.data import invitations as invitations_data
from webapp.forms.invitations import InvitationForm
from webapp.platform.errors import Refusal
from webapp.platform.passwords import hash_password
from webapp.web.refusals import field_error

bp = Blueprint("invitations", __name__, url_prefix="/invitation")


@bp.route("/<token>", methods=["GET", "POST"])
def accept(token):
    token_hash = hashlib.sha256(token[:200].encode()).hexdigest()
    invitation = invitations_data.lookup(token_hash)
    if invitation is None:
        return render_template("invitations/accept.html", invitation=None, form=None), 404
    form = InvitationForm()
    form._email = invitation["email"]
    if form.validate_on_submit():
        try:
            invitations_data.accept(token_hash, hash_password(form.new_password.data))
        except Refusal as exc:
            field_error(form, exc, fallback="new_password")
        else:
            flash("Your password is set. Sign in with your email and the new password.", "success")
            return redirect(url_for("auth.login"))
    return render_template("invitations/accept.html", invitation=invitation, form=form,
                           signed_in=current_user.is_authenticated), 422 if form.errors else 200
