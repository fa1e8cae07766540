"""Accepting an invitation: choosing a password."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    PasswordField,
)
from wtforms.validators import DataRequired

from webapp.forms.account import NewPasswordMixin


class InvitationForm(NewPasswordMixin, FlaskForm):
    new_password = PasswordField("Choose a password", validators=[DataRequired("Choose a password.")])
    confirm_password = PasswordField("Repeat the password", validators=[DataRequired("Repeat the password.")])
