"""Product forms: the product, stock, categories."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.forms.common import choices, money_field, strip

PRODUCT_STATUSES = [("active", "Active"), ("inactive", "Inactive"), ("discontinued", "Discontinued")]


class ProductForm(FlaskForm):
    sku = StringField("SKU", filters=[strip], validators=[DataRequired("Enter the SKU."), Length(max=50)])
    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter a name."), Length(max=200)])
    category_id = SelectField("Category", validators=[Optional()])
    price = money_field("Price")
    pv = money_field("PV per unit")
    cost = money_field("Cost", required=False)
    status = SelectField("Status", choices=choices(PRODUCT_STATUSES), default="active", validators=[InputRequired()])
    is_subscription = BooleanField("Available on autoship")
    subscription_frequency = IntegerField("Autoship every (days)", validators=[
        Optional(), NumberRange(1, 365, "From 1 to 365 days.")])
    inventory_tracked = BooleanField("Track stock", default=True)
    stock_quantity = IntegerField("Stock", default=0, validators=[
        Optional(), NumberRange(0, 10_000_000, "From 0 to 10,000,000.")])
    min_stock_level = IntegerField("Low-stock level", default=0, validators=[
        Optional(), NumberRange(0, 10_000_000, "From 0 to 10,000,000.")])
    launch_date = DateField("Launch date", validators=[Optional()])
    short_description = StringField("Short description", filters=[strip], validators=[Optional(), Length(max=500)])
    description = TextAreaField("Description", filters=[strip], validators=[Optional(), Length(max=10000)])


class StockForm(FlaskForm):
    delta = IntegerField("Change in stock", description="Positive for goods received, negative for a correction.",
                         validators=[InputRequired("Enter a whole number."),
                                     NumberRange(-10_000_000, 10_000_000, "At most 10,000,000 either way.")])
    reason = StringField("Reason", filters=[strip], validators=[DataRequired("Say why."), Length(max=500)])


class CategoryForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter a name."), Length(max=100)])
    slug = StringField("Slug", filters=[strip], description="Leave empty to derive it from the name.",
                       validators=[Optional(), Length(max=100)])
    sort_order = IntegerField("Sort order", default=0, validators=[
        Optional(), NumberRange(-100000, 100000, "From -100,000 to 100,000.")])
    is_active = BooleanField("Active", default=True)
