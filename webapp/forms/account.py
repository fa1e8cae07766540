"""The signed-in user's own account: profile, password change."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.forms.common import strip
from webapp.platform.password_policy import weakness


class NewPasswordMixin:
    def validate_new_password(self, field):
        reason = weakness(field.data or "", getattr(self, "_email", ""))
        if reason:
            raise ValidationError(reason)

    def validate_confirm_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError("The two passwords differ.")


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[
        DataRequired("Enter your current password."), Length(max=128)])
    new_password = PasswordField("New password", validators=[DataRequired("Choose a new password.")])
    confirm_password = PasswordField("Repeat new password", validators=[DataRequired("Repeat the new password.")])


class TwoFactorOffForm(FlaskForm):
    """Turning two-factor sign-in off asks for the password again: a stolen
    session (and its CSRF token) alone must not be able to do it."""
    current_password = PasswordField("Your password", validators=[
        DataRequired("Enter your password to turn two-factor sign-in off."), Length(max=128)])


class ProfileForm(FlaskForm):
    first_name = StringField("First name", filters=[strip], validators=[
        DataRequired("Enter your first name."), Length(max=100)])
    last_name = StringField("Last name", filters=[strip], validators=[
        DataRequired("Enter your last name."), Length(max=100)])
    phone = StringField("Phone", filters=[strip], validators=[Optional(), Length(max=20)])
