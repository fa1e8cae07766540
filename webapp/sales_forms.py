"""Forms of the sales areas (customers, orders, products, tax and shipping):
every field labelled, lengths as the columns', money as cents (at most two
decimals, never rounded). The database checks everything again; these give
the message by the field before a round trip."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, DecimalField, FieldList, Form, FormField, HiddenField, IntegerField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, StopValidation

from .forms import Email, _choices, _strip

CUSTOMER_STATUSES = [("active", "Active"), ("inactive", "Inactive"), ("suspended", "Suspended")]
PRODUCT_STATUSES = [("active", "Active"), ("inactive", "Inactive"), ("discontinued", "Discontinued")]
ORDER_STATUSES = [("pending", "Pending"), ("confirmed", "Confirmed"), ("processing", "Processing"),
                  ("shipped", "Shipped"), ("delivered", "Delivered"), ("cancelled", "Cancelled"),
                  ("refunded", "Refunded")]
PAYMENT_METHODS = [("card", "Card"), ("paypal", "PayPal"), ("bank_transfer", "Bank transfer"), ("cash", "Cash"),
                   ("check", "Check"), ("other", "Other")]
DISCOUNT_KINDS = [("", "No discount"), ("percent", "Percent of the subtotal"), ("amount", "Amount")]
COUNTRY = Regexp(r"^[A-Za-z]{2}$", message="Two letters, such as US, CA or GB.")


class Money:
    """A finite amount with at most `places` decimals, from `low` to `high`."""

    def __init__(self, places: int = 2, low: Decimal = Decimal("0"), high: Decimal = Decimal("999999.99"),
                 above_low: bool = False):
        self.places, self.low, self.high, self.above_low = places, low, high, above_low

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        if not value.is_finite():
            raise StopValidation("Enter a number.")
        if value < self.low or value > self.high or (self.above_low and value == self.low):
            low = f"above {self.low}" if self.above_low else f"from {self.low}"
            raise StopValidation(f"Enter an amount {low} to {self.high:,}.")
        if value != value.quantize(Decimal(1).scaleb(-self.places)):
            raise StopValidation(f"At most {self.places} decimals.")


def money_field(label: str, required: bool = True, **kw) -> DecimalField:
    first = InputRequired("Enter an amount.") if required else Optional()
    return DecimalField(label, places=None, validators=[first, Money(**kw)])


def _address_fields(prefix: str, required: bool = True):
    """The postal address fields, named with a prefix (billing_ on the customer form)."""
    need = (lambda message: DataRequired(message)) if required else (lambda message: Optional())
    return {
        f"{prefix}name": StringField("Name on the address", filters=[_strip], validators=[Optional(), Length(max=200)]),
        f"{prefix}line1": StringField("Street address", filters=[_strip],
                                      validators=[need("Enter the street address."), Length(max=200)]),
        f"{prefix}line2": StringField("Apartment, suite (optional)", filters=[_strip],
                                      validators=[Optional(), Length(max=200)]),
        f"{prefix}city": StringField("City", filters=[_strip], validators=[need("Enter the city."), Length(max=100)]),
        f"{prefix}region": StringField("State or region", filters=[_strip], validators=[Optional(), Length(max=50)]),
        f"{prefix}postal_code": StringField("Postal code", filters=[_strip], validators=[Optional(), Length(max=20)]),
        f"{prefix}country": StringField("Country code", filters=[_strip], description="Two letters: US, CA, GB, ...",
                                        validators=[need("Enter the country code."), COUNTRY]),
    }


ADDRESS_KEYS = ("name", "line1", "line2", "city", "region", "postal_code", "country")


def address_from(form, prefix: str = "") -> dict:
    return {key: getattr(form, prefix + key).data for key in ADDRESS_KEYS if getattr(form, prefix + key).data}


class _CustomerBase(FlaskForm):
    first_name = StringField("First name", filters=[_strip], validators=[DataRequired("Enter a first name."),
                                                                        Length(max=100)])
    last_name = StringField("Last name", filters=[_strip], validators=[DataRequired("Enter a last name."),
                                                                      Length(max=100)])
    email = StringField("Email", filters=[_strip], validators=[
        DataRequired("Enter an email."), Length(max=255), Email("Enter a valid email address.")])
    phone = StringField("Phone", filters=[_strip], validators=[Optional(), Length(max=20)])
    marketing_opt_in = BooleanField("Marketing opt-in: agrees to receive offers and news")
    notes = TextAreaField("Notes", filters=[_strip], validators=[Optional(), Length(max=5000)])
    status = SelectField("Status", choices=_choices(CUSTOMER_STATUSES), default="active",
                         validators=[DataRequired("Choose a status.")])
    distributor_number = StringField("Distributor number", filters=[_strip],
                                     description="The distributor this customer belongs to.",
                                     validators=[Optional(), Length(max=20)])


CustomerForm = type("CustomerForm", (_CustomerBase,), _address_fields("billing_"))


class AddressForm(FlaskForm):
    label = StringField("Label", filters=[_strip], description="Home, Work, ...",
                        validators=[Optional(), Length(max=50)])
    is_default = BooleanField("Ship here by default")


for _name, _field in _address_fields("").items():
    setattr(AddressForm, _name, _field)


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
    notes = TextAreaField("Notes for the order", filters=[_strip], validators=[Optional(), Length(max=2000)])
    discount_kind = SelectField("Discount", choices=_choices(DISCOUNT_KINDS), default="", validators=[Optional()])
    discount_value = money_field("Discount value", required=False, high=Decimal("999999.99"))
    discount_reason = StringField("Reason for the discount", filters=[_strip],
                                  validators=[Optional(), Length(max=500)])
    idempotency_key = HiddenField(validators=[Optional(), Regexp(
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", message="Reload the form.")])

    def line_data(self) -> list[dict]:
        return [{"product_id": line.product_id.data or "", "quantity": line.quantity.data}
                for line in self.lines if line.product_id.data or line.quantity.data is not None]

class PaymentForm(FlaskForm):
    payment_method = SelectField("Paid by", choices=_choices(PAYMENT_METHODS), validators=[InputRequired()])
    payment_reference = StringField("Payment reference", filters=[_strip],
                                    description="The provider's transaction id, or the bank reference.",
                                    validators=[DataRequired("Enter the payment reference."), Length(max=100)])
    amount = money_field("Amount received")


class ShipForm(FlaskForm):
    tracking_number = StringField("Tracking number", filters=[_strip], validators=[
        DataRequired("Enter the carrier's tracking number."), Length(max=100)])


class RefundForm(FlaskForm):
    refund_reason = TextAreaField("Reason for the refund", filters=[_strip], validators=[
        DataRequired("Say why the order is refunded."), Length(max=500)])


class CancelForm(FlaskForm):
    reason = StringField("Reason (optional)", filters=[_strip], validators=[Optional(), Length(max=500)])


class DiscountForm(DiscountMixin, FlaskForm):
    discount_kind = SelectField("Discount", choices=_choices(DISCOUNT_KINDS), default="", validators=[Optional()])
    discount_value = money_field("Discount value", required=False)
    discount_reason = StringField("Reason for the discount", filters=[_strip],
                                  validators=[Optional(), Length(max=500)])


class PaymentImportForm(FlaskForm):
    file = FileField("Payment export (CSV)", validators=[FileRequired("Choose the CSV file to import.")],
                     description="Columns: order_number, amount, reference; optional paid_at, method, status.")


class ProductForm(FlaskForm):
    sku = StringField("SKU", filters=[_strip], validators=[DataRequired("Enter the SKU."), Length(max=50)])
    name = StringField("Name", filters=[_strip], validators=[DataRequired("Enter a name."), Length(max=200)])
    category_id = SelectField("Category", validators=[Optional()])
    price = money_field("Price")
    pv = money_field("PV per unit")
    cost = money_field("Cost", required=False)
    status = SelectField("Status", choices=_choices(PRODUCT_STATUSES), default="active", validators=[InputRequired()])
    is_subscription = BooleanField("Available on autoship")
    subscription_frequency = IntegerField("Autoship every (days)", validators=[
        Optional(), NumberRange(1, 365, "From 1 to 365 days.")])
    inventory_tracked = BooleanField("Track stock", default=True)
    stock_quantity = IntegerField("Stock", default=0, validators=[
        Optional(), NumberRange(0, 10_000_000, "From 0 to 10,000,000.")])
    min_stock_level = IntegerField("Low-stock level", default=0, validators=[
        Optional(), NumberRange(0, 10_000_000, "From 0 to 10,000,000.")])
    launch_date = DateField("Launch date", validators=[Optional()])
    short_description = StringField("Short description", filters=[_strip], validators=[Optional(), Length(max=500)])
    description = TextAreaField("Description", filters=[_strip], validators=[Optional(), Length(max=10000)])


class StockForm(FlaskForm):
    delta = IntegerField("Change in stock", description="Positive for goods received, negative for a correction.",
                         validators=[InputRequired("Enter a whole number."),
                                     NumberRange(-10_000_000, 10_000_000, "At most 10,000,000 either way.")])
    reason = StringField("Reason", filters=[_strip], validators=[DataRequired("Say why."), Length(max=500)])


class CategoryForm(FlaskForm):
    name = StringField("Name", filters=[_strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    slug = StringField("Slug", filters=[_strip], description="Leave empty to derive it from the name.",
                       validators=[Optional(), Length(max=100)])
    sort_order = IntegerField("Sort order", default=0, validators=[
        Optional(), NumberRange(-100000, 100000, "From -100,000 to 100,000.")])
    is_active = BooleanField("Active", default=True)


class TaxRateForm(FlaskForm):
    country = StringField("Country code", filters=[_strip], validators=[DataRequired("Enter the country code."),
                                                                       COUNTRY])
    region = StringField("Region", filters=[_strip], description="Empty: the whole country.",
                         validators=[Optional(), Length(max=50)])
    rate_percent = DecimalField("Rate (%)", places=None, validators=[
        InputRequired("Enter the rate."), Money(places=4, high=Decimal("99.9999"))])
    name = StringField("Name", filters=[_strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    is_active = BooleanField("Active", default=True)


class ShippingMethodForm(FlaskForm):
    code = StringField("Code", filters=[_strip], validators=[DataRequired("Enter a code."), Length(max=50)])
    name = StringField("Name", filters=[_strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    description = StringField("Description", filters=[_strip], validators=[Optional(), Length(max=500)])
    sort_order = IntegerField("Sort order", default=0, validators=[
        Optional(), NumberRange(-100000, 100000, "From -100,000 to 100,000.")])
    is_active = BooleanField("Active", default=True)


class ShippingRateForm(FlaskForm):
    country = StringField("Country code", filters=[_strip], description="Empty: every other country.",
                          validators=[Optional(), COUNTRY])
    price = money_field("Price")
    free_from = money_field("Free from order value", required=False)


class AutoshipForm(FlaskForm):
    product_id = SelectField("Product", validators=[DataRequired("Choose a product.")])
    quantity = IntegerField("Quantity", default=1, validators=[InputRequired("Enter a quantity."),
                                                              NumberRange(1, 99, "From 1 to 99.")])
    frequency_days = IntegerField("Every (days)", default=30, validators=[
        InputRequired("Enter how often."), NumberRange(7, 365, "From 7 to 365 days.")])
    shipping_method = SelectField("Shipping", validators=[DataRequired("Choose a shipping method.")])
    first_on = DateField("First order on", validators=[Optional()],
                         description="Empty: one interval from today.")
    terms_hash = HiddenField()
    consent = BooleanField("The customer agrees to these terms")
