"""Tax rate and shipping forms."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.forms.common import COUNTRY, Money, money_field, strip


class TaxRateForm(FlaskForm):
    country = StringField("Country code", filters=[strip], validators=[DataRequired("Enter the country code."),
                                                                       COUNTRY])
    region = StringField("Region", filters=[strip], description="Empty: the whole country.",
                         validators=[Optional(), Length(max=50)])
    rate_percent = DecimalField("Rate (%)", places=None, validators=[
        InputRequired("Enter the rate."), Money(places=4, high=Decimal("99.9999"))])
    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    is_active = BooleanField("Active", default=True)


class ShippingMethodForm(FlaskForm):
    code = StringField("Code", filters=[strip], validators=[DataRequired("Enter a code."), Length(max=50)])
    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    description = StringField("Description", filters=[strip], validators=[Optional(), Length(max=500)])
    sort_order = IntegerField("Sort order", default=0, validators=[
        Optional(), NumberRange(-100000, 100000, "From -100,000 to 100,000.")])
    is_active = BooleanField("Active", default=True)


class ShippingRateForm(FlaskForm):
    country = StringField("Country code", filters=[strip], description="Empty: every other country.",
                          validators=[Optional(), COUNTRY])
    price = money_field("Price")
    free_from = money_field("Free from order value", required=False)
