"""Forms (Flask-WTF): every field labelled, so people and tests find it by label.

Length limits here match the columns, so a too-long value is refused by the
field, not by the database.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from .password_policy import weakness

ROLES = [("distributor", "Distributor"), ("manager", "Manager"), ("support", "Support"),
         ("finance", "Finance"), ("auditor", "Auditor"), ("admin", "Admin")]
STATUSES = [("active", "Active"), ("suspended", "Suspended"), ("inactive", "Inactive")]


def _choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


# The same shape the database checks (api.user_create): something@something.tld.
# Whether a mailbox exists cannot be known here; reserved test domains are fine.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def Email(message: str):  # noqa: N802 - reads like the WTForms validator it replaces
    return Regexp(EMAIL_SHAPE, message=message)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[
        DataRequired("Enter your email."), Length(max=255), Email("Enter a valid email address.")])
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."), Length(max=128, message="That password is too long.")])


class CodeForm(FlaskForm):
    code = StringField("Authentication code", filters=[_strip], validators=[
        DataRequired("Enter the 6-digit code from your authenticator app."),
        Length(max=12, message="The code has 6 digits.")])


class BackupCodeForm(FlaskForm):
    backup_code = StringField("Backup code", filters=[_strip], validators=[
        DataRequired("Enter one of your backup codes."), Length(max=20, message="That is not a backup code.")])


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


class ProfileForm(FlaskForm):
    first_name = StringField("First name", filters=[_strip], validators=[
        DataRequired("Enter your first name."), Length(max=100)])
    last_name = StringField("Last name", filters=[_strip], validators=[
        DataRequired("Enter your last name."), Length(max=100)])
    phone = StringField("Phone", filters=[_strip], validators=[Optional(), Length(max=20)])


class UserCreateForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[
        DataRequired("Enter an email."), Length(max=255), Email("Enter a valid email address.")])
    first_name = StringField("First name", filters=[_strip], validators=[DataRequired("Enter a first name."), Length(max=100)])
    last_name = StringField("Last name", filters=[_strip], validators=[DataRequired("Enter a last name."), Length(max=100)])
    role = SelectField("Role", choices=_choices(ROLES), validators=[InputRequired()])
    sponsor_number = StringField("Sponsor's distributor number", filters=[_strip],
                                 description="For distributors: who sponsored them (empty: top of the tree).",
                                 validators=[Optional(), Length(max=20)])
    password = PasswordField("Initial password", description="Leave empty to let the user set one later.",
                             validators=[Optional()])

    def validate_password(self, field):
        if field.data:
            reason = weakness(field.data, self.email.data or "")
            if reason:
                raise ValidationError(reason)


class UserRoleForm(FlaskForm):
    role = SelectField("Role", choices=_choices(ROLES), validators=[InputRequired()])


class UserStatusForm(FlaskForm):
    status = SelectField("Status", choices=_choices(STATUSES), validators=[InputRequired()])
