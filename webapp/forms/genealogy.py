"""Forms of the genealogy area (the admin's move), in the forms package's style:
every field labelled, length limits equal to the columns'."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from webapp.forms.common import strip

UUID_SHAPE = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

NUMBER_TOO_LONG = "A distributor number has at most 20 characters."

class MoveForm(FlaskForm):
    distributor_number = StringField("Distributor to move", filters=[strip],
                                     description="Their distributor number, e.g. D0000042.",
                                     validators=[DataRequired("Enter the number of the distributor to move."),
                                                 Length(max=20, message=NUMBER_TOO_LONG)])
    new_sponsor_number = StringField("New sponsor", filters=[strip],
                                     description="The number of the distributor they will be under.",
                                     validators=[DataRequired("Enter the new sponsor's number."),
                                                 Length(max=20, message=NUMBER_TOO_LONG)])
    reason = TextAreaField("Reason", filters=[strip],
                           description="Kept in the audit trail with the move.",
                           validators=[DataRequired("Give the reason for this move."),
                                       Length(max=1000, message="Keep the reason under 1,000 characters.")])


class MoveConfirmForm(MoveForm):
    """The preview's confirmation: the same fields, plus what the admin saw."""
    distributor_id = HiddenField(validators=[Regexp(UUID_SHAPE, message="Preview the move again.")])
    new_sponsor_id = HiddenField(validators=[Regexp(UUID_SHAPE, message="Preview the move again.")])
    expected = IntegerField("People moving", validators=[InputRequired("Preview the move again."),
                                                         NumberRange(min=1, message="Preview the move again.")])
