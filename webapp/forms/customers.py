"""Customer forms: the customer, extra addresses, autoship."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.forms.common import Email, address_fields, choices, strip

CUSTOMER_STATUSES = [("active", "Active"), ("inactive", "Inactive"), ("suspended", "Suspended")]


class _CustomerBase(FlaskForm):
    first_name = StringField("First name", filters=[strip], validators=[DataRequired("Enter a first name."),
                                                                        Length(max=100)])
    last_name = StringField("Last name", filters=[strip], validators=[DataRequired("Enter a last name."),
                                                                      Length(max=100)])
    email = StringField("Email", filters=[strip], validators=[
        DataRequired("Enter an email."), Length(max=255), Email("Enter a valid email address.")])
    phone = StringField("Phone", filters=[strip], validators=[Optional(), Length(max=20)])
    marketing_opt_in = BooleanField("Marketing opt-in: agrees to receive offers and news")
    notes = TextAreaField("Notes", filters=[strip], validators=[Optional(), Length(max=5000)])
    status = SelectField("Status", choices=choices(CUSTOMER_STATUSES), default="active",
                         validators=[DataRequired("Choose a status.")])
    distributor_number = StringField("Distributor number", filters=[strip],
                                     description="The distributor this customer belongs to.",
                                     validators=[Optional(), Length(max=20)])


CustomerForm = type("CustomerForm", (_CustomerBase,), address_fields("billing_"))


class AddressForm(FlaskForm):
    label = StringField("Label", filters=[strip], description="Home, Work, ...",
                        validators=[Optional(), Length(max=50)])
    is_default = BooleanField("Ship here by default")


for _name, _field in address_fields("").items():
    setattr(AddressForm, _name, _field)


AUTOSHIP_QUANTITY = (1, 99)
AUTOSHIP_FREQUENCY_DAYS = (7, 365)


class AutoshipForm(FlaskForm):
    product_id = SelectField("Product", validators=[DataRequired("Choose a product.")])
    quantity = IntegerField("Quantity", default=1, validators=[InputRequired("Enter a quantity."),
                                                              NumberRange(*AUTOSHIP_QUANTITY, "From 1 to 99.")])
    frequency_days = IntegerField("Every (days)", default=30, validators=[
        InputRequired("Enter how often."), NumberRange(*AUTOSHIP_FREQUENCY_DAYS, "From 7 to 365 days.")])
    shipping_method = SelectField("Shipping", validators=[DataRequired("Choose a shipping method.")])
    first_on = DateField("First order on", validators=[Optional()],
                         description="Empty: one interval from today.")
    terms_hash = HiddenField()
    consent = BooleanField("The customer agrees to these terms")
