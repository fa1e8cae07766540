"""Sign-in forms: email and password, the second factor, a backup code."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms.common import Email, strip


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[strip], validators=[
        DataRequired("Enter your email."), Length(max=255), Email("Enter a valid email address.")])
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."), Length(max=128, message="That password is too long.")])


class CodeForm(FlaskForm):
    code = StringField("Authentication code", filters=[strip], validators=[
        DataRequired("Enter the 6-digit code from your authenticator app."),
        Length(max=12, message="The code has 6 digits.")])


class BackupCodeForm(FlaskForm):
    backup_code = StringField("Backup code", filters=[strip], validators=[
        DataRequired("Enter one of your backup codes."), Length(max=20, message="That is not a backup code.")])
