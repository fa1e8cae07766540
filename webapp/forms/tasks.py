"""Task forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp.forms.common import choices, strip
from webapp.forms.contacts import utc

TASK_TYPES = [("follow_up", "Follow-up"), ("call", "Call"), ("email", "Email"), ("meeting", "Meeting"),
              ("demo", "Demo"), ("presentation", "Presentation"), ("other", "Other")]


PRIORITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("urgent", "Urgent")]


class TaskForm(FlaskForm):
    title = StringField("Task", filters=[strip], validators=[
        DataRequired("Say what is to be done."), Length(max=200)])
    type = SelectField("Type", choices=choices(TASK_TYPES), default="follow_up", validators=[InputRequired()])
    priority = SelectField("Priority", choices=choices(PRIORITIES), default="medium", validators=[InputRequired()])
    due_at = DateTimeLocalField("Due (UTC)", validators=[Optional()])
    description = TextAreaField("Details", validators=[Optional(), Length(max=20000)])
    contact_id = HiddenField("Contact")
    assignee_email = StringField("Assign to (email)", filters=[strip],
                                 description="Empty: yourself.", validators=[Optional(), Length(max=255)])

    def validate_contact_id(self, field):
        import uuid
        if field.data:
            try:
                uuid.UUID(field.data)
            except ValueError:
                raise ValidationError("Choose one of your contacts.") from None

    def values(self, assignee_id: str | None) -> dict:
        return {"title": self.title.data, "type": self.type.data, "priority": self.priority.data,
                "due_at": utc(self.due_at.data), "contact_id": self.contact_id.data or None,
                "description": self.description.data, "assignee_id": assignee_id}
