"""What the forms share: text stripping, the email shape, money fields with
exact cents, address fields, choices lists."""
from __future__ import annotations

from decimal import Decimal

from wtforms import (
    DecimalField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
)


def choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


# The same shape the database checks (api.user_create): something@something.tld.
# Whether a mailbox exists cannot be known here; reserved test domains are fine.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def Email(message: str):  # noqa: N802 - reads like the WTForms validator it replaces
    return Regexp(EMAIL_SHAPE, message=message)


def strip(value):
    return value.strip() if isinstance(value, str) else value


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


def address_fields(prefix: str, required: bool = True):
    """The postal address fields, named with a prefix (billing_ on the customer form)."""
    need = (lambda message: DataRequired(message)) if required else (lambda message: Optional())
    return {
        f"{prefix}name": StringField("Name on the address", filters=[strip], validators=[Optional(), Length(max=200)]),
        f"{prefix}line1": StringField("Street address", filters=[strip],
                                      validators=[need("Enter the street address."), Length(max=200)]),
        f"{prefix}line2": StringField("Apartment, suite (optional)", filters=[strip],
                                      validators=[Optional(), Length(max=200)]),
        f"{prefix}city": StringField("City", filters=[strip], validators=[need("Enter the city."), Length(max=100)]),
        f"{prefix}region": StringField("State or region", filters=[strip], validators=[Optional(), Length(max=50)]),
        f"{prefix}postal_code": StringField("Postal code", filters=[strip], validators=[Optional(), Length(max=20)]),
        f"{prefix}country": StringField("Country code", filters=[strip], description="Two letters: US, CA, GB, ...",
                                        validators=[need("Enter the country code."), COUNTRY]),
    }


ADDRESS_KEYS = ("name", "line1", "line2", "city", "region", "postal_code", "country")


def address_from(form, prefix: str = "") -> dict:
    return {key: getattr(form, prefix + key).data for key in ADDRESS_KEYS if getattr(form, prefix + key).data}
