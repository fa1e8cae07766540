"""Forms of the CRM (contacts, activities, tasks, imports, lead-score rules,
invitations), in the style of webapp/forms.py: every field labelled, length
limits equal to the columns', so a too-long value is refused by the field.

Dates and times are UTC, as everywhere in the app (the inputs say so).
"""
from __future__ import annotations

from datetime import timezone

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateTimeLocalField, EmailField, HiddenField, IntegerField, PasswordField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from .crm_csv import ENCODINGS
from .forms import Email, NewPasswordMixin, _choices, _strip

SOURCES = [("website", "Website"), ("referral", "Referral"), ("trade_show", "Trade show"),
           ("social_media", "Social media"), ("advertisement", "Advertisement"), ("cold_call", "Cold call"),
           ("email_campaign", "Email campaign"), ("event", "Event"), ("import", "Import"), ("other", "Other")]
STATUSES = [("new", "New"), ("contacted", "Contacted"), ("qualified", "Qualified"), ("proposal", "Proposal"),
            ("negotiation", "Negotiation"), ("enrolled", "Enrolled"), ("won", "Won"), ("lost", "Lost")]
STAGES = [("new", "New"), ("contacted", "Contacted"), ("follow_up", "Follow-up"), ("proposal", "Proposal"),
          ("negotiation", "Negotiation"), ("closed_won", "Won"), ("closed_lost", "Lost")]
ACTIVITY_TYPES = [("call", "Call"), ("email", "Email"), ("meeting", "Meeting"), ("sms", "SMS"),
                  ("note", "Note"), ("other", "Other")]
TASK_TYPES = [("follow_up", "Follow-up"), ("call", "Call"), ("email", "Email"), ("meeting", "Meeting"),
              ("demo", "Demo"), ("presentation", "Presentation"), ("other", "Other")]
PRIORITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("urgent", "Urgent")]
FOLLOW_UPS = [("overdue", "Overdue"), ("today", "Due today or earlier"), ("week", "Due within a week"),
              ("none", "No follow-up set")]
SORTS = [("updated", "Recently changed"), ("name", "Name"), ("score", "Lead score"),
         ("follow_up", "Next follow-up"), ("created", "Newest")]
DEDUPE = [("skip", "Skip them (keep what I have)"), ("update", "Update my existing contact"),
          ("create", "Create a new contact anyway")]
IMPORT_FIELDS = [("", "— skip this column —"), ("first_name", "First name"), ("last_name", "Last name"),
                 ("full_name", "Full name (split at the last space)"), ("email", "Email"), ("phone", "Phone"),
                 ("company", "Company"), ("title", "Title"), ("source", "Source"), ("tags", "Tags"),
                 ("notes", "Notes")]
RULE_KINDS = [("source", "Source is"), ("stage", "Pipeline stage is"), ("status", "Status is"),
              ("tag", "Has the tag"), ("activity", "Per activity of type"),
              ("inactive_week", "Per week without activity")]


def utc(value):
    """A naive datetime from a datetime-local input, read as UTC."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def split_tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


class ContactForm(FlaskForm):
    first_name = StringField("First name", filters=[_strip], validators=[Optional(), Length(max=100)])
    last_name = StringField("Last name", filters=[_strip], validators=[Optional(), Length(max=100)])
    email = EmailField("Email", filters=[_strip], validators=[
        Optional(), Length(max=255), Email("Enter a valid email address (name@example.com).")])
    phone = StringField("Phone", filters=[_strip], validators=[Optional(), Length(max=20)])
    company = StringField("Company", filters=[_strip], validators=[Optional(), Length(max=200)])
    title = StringField("Title", filters=[_strip], validators=[Optional(), Length(max=100)])
    source = SelectField("Source", choices=_choices([("", "—"), *SOURCES]), default="")
    status = SelectField("Status", choices=_choices(STATUSES), default="new")
    tags = StringField("Tags", filters=[_strip], description="Separated by commas, e.g. hot, spring-fair.",
                       validators=[Optional(), Length(max=1000)])
    next_follow_up = DateTimeLocalField("Next follow-up (UTC)", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20000)])
    owner_email = StringField("Owner (email)", filters=[_strip],
                              description="Whose contact this is. Empty: yours.",
                              validators=[Optional(), Length(max=255)])

    def validate_first_name(self, field):
        if not any((self.first_name.data, self.last_name.data, self.email.data, self.phone.data,
                    self.company.data)):
            raise ValidationError("Give at least a name, an email, a phone number or a company.")

    def values(self, owner_id: str | None) -> dict:
        return {"owner_id": owner_id, "first_name": self.first_name.data, "last_name": self.last_name.data,
                "email": self.email.data, "phone": self.phone.data, "company": self.company.data,
                "title": self.title.data, "source": self.source.data or None, "status": self.status.data,
                "tags": split_tags(self.tags.data), "notes": self.notes.data,
                "next_follow_up": utc(self.next_follow_up.data)}


class ActivityForm(FlaskForm):
    type = SelectField("Type", choices=_choices(ACTIVITY_TYPES), default="call", validators=[InputRequired()])
    subject = StringField("What happened", filters=[_strip], validators=[Optional(), Length(max=200)])
    body = TextAreaField("Details", validators=[Optional(), Length(max=20000)])
    occurred_at = DateTimeLocalField("When (UTC; empty: now)", validators=[Optional()])

    def validate_subject(self, field):
        if not (field.data or (self.body.data or "").strip()):
            raise ValidationError("Write what happened.")


class MoveForm(FlaskForm):
    stage = SelectField("Move to", choices=_choices(STAGES), validators=[InputRequired()])
    reason = StringField("Reason", filters=[_strip], description="Needed when the contact is lost.",
                         validators=[Optional(), Length(max=500)])

    def validate_reason(self, field):
        if self.stage.data == "closed_lost" and not field.data:
            raise ValidationError("Say why this contact was lost.")


class TaskForm(FlaskForm):
    title = StringField("Task", filters=[_strip], validators=[
        DataRequired("Say what is to be done."), Length(max=200)])
    type = SelectField("Type", choices=_choices(TASK_TYPES), default="follow_up", validators=[InputRequired()])
    priority = SelectField("Priority", choices=_choices(PRIORITIES), default="medium", validators=[InputRequired()])
    due_at = DateTimeLocalField("Due (UTC)", validators=[Optional()])
    description = TextAreaField("Details", validators=[Optional(), Length(max=20000)])
    contact_id = HiddenField("Contact")
    assignee_email = StringField("Assign to (email)", filters=[_strip],
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


class ImportUploadForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to upload.")],
                     description="Up to 200,000 contacts and 20 MB; the first line names the columns.")
    encoding = SelectField("Encoding", choices=_choices(ENCODINGS), default="utf-8", validators=[InputRequired()])
    owner_email = StringField("Import into the contacts of (email)", filters=[_strip],
                              description="Empty: your own contacts.", validators=[Optional(), Length(max=255)])


class ImportOptionsForm(FlaskForm):
    dedupe = SelectField("When a contact with the same email or phone exists",
                         choices=_choices(DEDUPE), default="skip", validators=[InputRequired()])
    default_source = SelectField("Source for lines without one", choices=_choices(SOURCES), default="import",
                                 validators=[InputRequired()])
    add_tags = StringField("Tag every imported contact with", filters=[_strip],
                           description="Optional; separated by commas.", validators=[Optional(), Length(max=250)])


def mapping_fields(header: list[str], guess: dict, data) -> list[tuple[str, str, str]]:
    """(input name, column name, chosen field) per column, from the form or the guess."""
    chosen = {str(col): field for field, col in guess.items()}
    out = []
    for number, name in enumerate(header, 1):
        key = f"col_{number}"
        value = data.get(key) if data is not None and key in data else chosen.get(str(number), "")
        out.append((key, name, value if value in dict(IMPORT_FIELDS) else ""))
    return out


def mapping_from(fields: list[tuple[str, str, str]]) -> tuple[dict, str | None]:
    """The mapping {field: column number}, and a field chosen for two columns (or None)."""
    mapping: dict[str, int] = {}
    twice = None
    for number, (_, _, field) in enumerate(fields, 1):
        if field:
            if field in mapping and twice is None:
                twice = field
            mapping.setdefault(field, number)
    return mapping, twice


class SavedFilterForm(FlaskForm):
    name = StringField("Save this filter as", filters=[_strip], validators=[
        DataRequired("Name the filter."), Length(max=60)])


class LeadRuleForm(FlaskForm):
    kind = SelectField("Counts", choices=_choices(RULE_KINDS), validators=[InputRequired()])
    match = StringField("Value", filters=[_strip], description="A source, stage, status, tag or activity type.",
                        validators=[Optional(), Length(max=50)])
    label = StringField("Label", filters=[_strip], validators=[DataRequired("Give the rule a label."),
                                                                Length(max=100)])
    points = IntegerField("Points", validators=[InputRequired("Give the points (-100 to 100)."),
                                                NumberRange(-100, 100, "Points are from -100 to 100.")])
    max_points = IntegerField("Cap (optional)", validators=[Optional(), NumberRange(1, 1000, "A cap is 1 to 1000.")])
    is_active = BooleanField("Active", default=True)

    def values(self) -> dict:
        return {"kind": self.kind.data, "match": self.match.data or None, "label": self.label.data,
                "points": self.points.data, "max_points": self.max_points.data, "is_active": self.is_active.data}


class InvitationForm(NewPasswordMixin, FlaskForm):
    new_password = PasswordField("Choose a password", validators=[DataRequired("Choose a password.")])
    confirm_password = PasswordField("Repeat the password", validators=[DataRequired("Repeat the password.")])
