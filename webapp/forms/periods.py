"""Commission period forms: manual adjustments."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.forms.common import strip


class AdjustmentForm(FlaskForm):
    distributor_number = StringField("Distributor number", filters=[strip], validators=[
        DataRequired("Enter the distributor's number."), Length(max=20)])
    amount = DecimalField("Amount", places=2, validators=[InputRequired("Enter an amount (negative to take back).")],
                          description="Negative takes money back.")
    reason = TextAreaField("Reason", filters=[strip], validators=[
        DataRequired("Say why: a reason is required."), Length(max=500)])

    def validate_amount(self, field):
        if field.data is not None and field.data == 0:
            raise ValidationError("Enter an amount other than zero.")
