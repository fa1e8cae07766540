"""Admin forms for users: create, role, status."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp.forms.common import Email, choices, strip
from webapp.platform.password_policy import weakness

ROLES = [("distributor", "Distributor"), ("manager", "Manager"), ("support", "Support"),
         ("finance", "Finance"), ("auditor", "Auditor"), ("admin", "Admin")]


STATUSES = [("active", "Active"), ("suspended", "Suspended"), ("inactive", "Inactive")]


class UserCreateForm(FlaskForm):
    email = EmailField("Email", filters=[strip], validators=[
        DataRequired("Enter an email."), Length(max=255), Email("Enter a valid email address.")])
    first_name = StringField("First name", filters=[strip], validators=[
        DataRequired("Enter a first name."), Length(max=100)])
    last_name = StringField("Last name", filters=[strip], validators=[
        DataRequired("Enter a last name."), Length(max=100)])
    role = SelectField("Role", choices=choices(ROLES), validators=[InputRequired()])
    sponsor_number = StringField("Sponsor's distributor number", filters=[strip],
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
    role = SelectField("Role", choices=choices(ROLES), validators=[InputRequired()])


class UserStatusForm(FlaskForm):
    status = SelectField("Status", choices=choices(STATUSES), validators=[InputRequired()])
