"""Compensation plan forms: ranks and plan settings. Every field labelled;
limits match the columns; the database checks the rules (MLVAL comes back
beside the field)."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.forms.common import strip


def _rates(text: str | None) -> list[Decimal]:
    parts = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
    try:
        return [Decimal(p) for p in parts]
    except ArithmeticError as exc:
        raise ValidationError("Write rates as decimals separated by commas: 0.10, 0.05") from exc


class RankForm(FlaskForm):
    id = StringField("Rank id", filters=[strip], validators=[DataRequired("Give the rank an id."), Length(max=50)],
                     description="Lowercase, e.g. gold; it cannot change later.")
    name = StringField("Name", filters=[strip], validators=[DataRequired("Give the rank a name."), Length(max=100)])
    level = IntegerField("Level", validators=[InputRequired("Enter a level."), NumberRange(min=1)],
                         description="Higher levels are higher ranks.")
    min_personal_pv = DecimalField("Minimum personal PV", places=2, validators=[InputRequired("Enter a number.")])
    min_group_pv = DecimalField("Minimum capped group PV", places=2, validators=[InputRequired("Enter a number.")])
    min_legs = IntegerField("Legs needed", validators=[InputRequired("Enter a number."), NumberRange(min=0)])
    min_leg_volume = DecimalField("Leg volume for a leg to count", places=2,
                                  validators=[InputRequired("Enter a number.")])
    max_leg_share = DecimalField("Leg cap (share of the group PV minimum)", places=4, validators=[Optional()],
                                 description="0.5 = one leg counts for at most half; empty = no cap.")
    commission_rate = DecimalField("Leadership rate", places=4, validators=[InputRequired("Enter a rate.")],
                                   description="0.10 = 10%.")
    unilevel_depth = IntegerField("Unilevel levels paid", validators=[InputRequired("Enter a number."),
                                                                     NumberRange(min=0)])
    matching_rates = StringField("Matching rates by level", filters=[strip], validators=[Length(max=200)],
                                 description="Comma separated, e.g. 0.10, 0.05; empty for none.")
    rank_bonus = DecimalField("Rank bonus", places=2, validators=[InputRequired("Enter an amount.")])
    car_bonus = DecimalField("Car bonus", places=2, validators=[InputRequired("Enter an amount.")])
    is_active = BooleanField("Active")

    def validate_matching_rates(self, field):
        _rates(field.data)

    def values(self) -> dict:
        return {"id": self.id.data, "name": self.name.data, "level": self.level.data,
                "min_personal_pv": self.min_personal_pv.data, "min_group_pv": self.min_group_pv.data,
                "min_legs": self.min_legs.data, "min_leg_volume": self.min_leg_volume.data,
                "max_leg_share": self.max_leg_share.data, "commission_rate": self.commission_rate.data,
                "unilevel_depth": self.unilevel_depth.data, "matching_rates": _rates(self.matching_rates.data),
                "rank_bonus": self.rank_bonus.data, "car_bonus": self.car_bonus.data,
                "is_active": bool(self.is_active.data)}


class SettingForm(FlaskForm):
    value = StringField("Value", filters=[strip], validators=[DataRequired("Enter a value."), Length(max=500)])
