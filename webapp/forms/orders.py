"""Order forms: the order with its lines, payment, shipping, refund, cancel,
discount, payment imports. Money as cents (two decimals at most, never rounded)."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from webapp.forms.common import choices, money_field, strip

ORDER_STATUSES = [("pending", "Pending"), ("confirmed", "Confirmed"), ("processing", "Processing"),
                  ("shipped", "Shipped"), ("delivered", "Delivered"), ("cancelled", "Cancelled"),
                  ("refunded", "Refunded")]


PAYMENT_METHODS = [("card", "Card"), ("paypal", "PayPal"), ("bank_transfer", "Bank transfer"), ("cash", "Cash"),
                   ("check", "Check"), ("other", "Other")]


DISCOUNT_KINDS = [("", "No discount"), ("percent", "Percent of the subtotal"), ("amount", "Amount")]


class LineForm(Form):
    product_id = SelectField("Product", validate_choice=False, validators=[Optional()])
    quantity = IntegerField("Quantity", validators=[Optional(), NumberRange(1, 999, "From 1 to 999.")])


class DiscountMixin:
    def discount(self) -> tuple[Decimal | None, Decimal | None]:
        """(percent, amount) as api.order_charges takes them: at most one set."""
        kind, value = self.discount_kind.data, self.discount_value.data
        if not kind or value is None:
            return None, None
        return (value, None) if kind == "percent" else (None, value)


class OrderForm(DiscountMixin, FlaskForm):
    customer_id = SelectField("Customer", validators=[DataRequired("Choose a customer.")])
    ship_to = SelectField("Ship to", validate_choice=True, validators=[Optional()])
    shipping_method = SelectField("Shipping", validators=[DataRequired("Choose a shipping method.")])
    lines = FieldList(FormField(LineForm), min_entries=1, max_entries=50)
    notes = TextAreaField("Notes for the order", filters=[strip], validators=[Optional(), Length(max=2000)])
    discount_kind = SelectField("Discount", choices=choices(DISCOUNT_KINDS), default="", validators=[Optional()])
    discount_value = money_field("Discount value", required=False, high=Decimal("999999.99"))
    discount_reason = StringField("Reason for the discount", filters=[strip],
                                  validators=[Optional(), Length(max=500)])
    idempotency_key = HiddenField(validators=[Optional(), Regexp(
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", message="Reload the form.")])


class PaymentForm(FlaskForm):
    payment_method = SelectField("Paid by", choices=choices(PAYMENT_METHODS), validators=[InputRequired()])
    payment_reference = StringField("Payment reference", filters=[strip],
                                    description="The provider's transaction id, or the bank reference.",
                                    validators=[DataRequired("Enter the payment reference."), Length(max=100)])
    amount = money_field("Amount received")


class ShipForm(FlaskForm):
    tracking_number = StringField("Tracking number", filters=[strip], validators=[
        DataRequired("Enter the carrier's tracking number."), Length(max=100)])


class RefundForm(FlaskForm):
    refund_reason = TextAreaField("Reason for the refund", filters=[strip], validators=[
        DataRequired("Say why the order is refunded."), Length(max=500)])


class CancelForm(FlaskForm):
    reason = StringField("Reason (optional)", filters=[strip], validators=[Optional(), Length(max=500)])


class DiscountForm(DiscountMixin, FlaskForm):
    discount_kind = SelectField("Discount", choices=choices(DISCOUNT_KINDS), default="", validators=[Optional()])
    discount_value = money_field("Discount value", required=False)
    discount_reason = StringField("Reason for the discount", filters=[strip],
                                  validators=[Optional(), Length(max=500)])


class PaymentImportForm(FlaskForm):
    file = FileField("Payment export (CSV)", validators=[FileRequired("Choose the CSV file to import.")],
                     description="Columns: order_number, amount, reference; optional paid_at, method, status.")
