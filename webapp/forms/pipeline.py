"""Moving a contact to another pipeline stage."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from webapp.forms.common import choices, strip
from webapp.forms.contacts import STAGES


class MoveForm(FlaskForm):
    stage = SelectField("Move to", choices=choices(STAGES), validators=[InputRequired()])
    reason = StringField("Reason", filters=[strip], description="Needed when the contact is lost.",
                         validators=[Optional(), Length(max=500)])

    def validate_reason(self, field):
        if self.stage.data == "closed_lost" and not field.data:
            raise ValidationError("Say why this contact was lost.")
