"""Contact forms: the contact, activities, saved filters, lead-score rules,
and the CRM's choice lists. Dates and times are UTC (the inputs say so)."""
from __future__ import annotations

from datetime import UTC

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.forms.common import Email, choices, strip

SOURCES = [("website", "Website"), ("referral", "Referral"), ("trade_show", "Trade show"),
           ("social_media", "Social media"), ("advertisement", "Advertisement"), ("cold_call", "Cold call"),
           ("email_campaign", "Email campaign"), ("event", "Event"), ("import", "Import"), ("other", "Other")]


STATUSES = [("new", "New"), ("contacted", "Contacted"), ("qualified", "Qualified"), ("proposal", "Proposal"),
            ("negotiation", "Negotiation"), ("enrolled", "Enrolled"), ("won", "Won"), ("lost", "Lost")]


STAGES = [("new", "New"), ("contacted", "Contacted"), ("follow_up", "Follow-up"), ("proposal", "Proposal"),
          ("negotiation", "Negotiation"), ("closed_won", "Won"), ("closed_lost", "Lost")]


ACTIVITY_TYPES = [("call", "Call"), ("email", "Email"), ("meeting", "Meeting"), ("sms", "SMS"),
                  ("note", "Note"), ("other", "Other")]


FOLLOW_UPS = [("overdue", "Overdue"), ("today", "Due today or earlier"), ("week", "Due within a week"),
              ("none", "No follow-up set")]


SORTS = [("updated", "Recently changed"), ("name", "Name"), ("score", "Lead score"),
         ("follow_up", "Next follow-up"), ("created", "Newest")]


RULE_KINDS = [("source", "Source is"), ("stage", "Pipeline stage is"), ("status", "Status is"),
              ("tag", "Has the tag"), ("activity", "Per activity of type"),
              ("inactive_week", "Per week without activity")]


def utc(value):
    """A naive datetime from a datetime-local input, read as UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def split_tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


class ContactForm(FlaskForm):
    first_name = StringField("First name", filters=[strip], validators=[Optional(), Length(max=100)])
    last_name = StringField("Last name", filters=[strip], validators=[Optional(), Length(max=100)])
    email = EmailField("Email", filters=[strip], validators=[
        Optional(), Length(max=255), Email("Enter a valid email address (name@example.com).")])
    phone = StringField("Phone", filters=[strip], validators=[Optional(), Length(max=20)])
    company = StringField("Company", filters=[strip], validators=[Optional(), Length(max=200)])
    title = StringField("Title", filters=[strip], validators=[Optional(), Length(max=100)])
    source = SelectField("Source", choices=choices([("", "—"), *SOURCES]), default="")
    status = SelectField("Status", choices=choices(STATUSES), default="new")
    tags = StringField("Tags", filters=[strip], description="Separated by commas, e.g. hot, spring-fair.",
                       validators=[Optional(), Length(max=1000)])
    next_follow_up = DateTimeLocalField("Next follow-up (UTC)", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20000)])
    owner_email = StringField("Owner (email)", filters=[strip],
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
    type = SelectField("Type", choices=choices(ACTIVITY_TYPES), default="call", validators=[InputRequired()])
    subject = StringField("What happened", filters=[strip], validators=[Optional(), Length(max=200)])
    body = TextAreaField("Details", validators=[Optional(), Length(max=20000)])
    occurred_at = DateTimeLocalField("When (UTC; empty: now)", validators=[Optional()])

    def validate_subject(self, field):
        if not (field.data or (self.body.data or "").strip()):
            raise ValidationError("Write what happened.")


class SavedFilterForm(FlaskForm):
    name = StringField("Save this filter as", filters=[strip], validators=[
        DataRequired("Name the filter."), Length(max=60)])


class LeadRuleForm(FlaskForm):
    kind = SelectField("Counts", choices=choices(RULE_KINDS), validators=[InputRequired()])
    match = StringField("Value", filters=[strip], description="A source, stage, status, tag or activity type.",
                        validators=[Optional(), Length(max=50)])
    label = StringField("Label", filters=[strip], validators=[DataRequired("Give the rule a label."),
                                                                Length(max=100)])
    points = IntegerField("Points", validators=[InputRequired("Give the points (-100 to 100)."),
                                                NumberRange(-100, 100, "Points are from -100 to 100.")])
    max_points = IntegerField("Cap (optional)", validators=[Optional(), NumberRange(1, 1000, "A cap is 1 to 1000.")])
    is_active = BooleanField("Active", default=True)

    def values(self) -> dict:
        return {"kind": self.kind.data, "match": self.match.data or None, "label": self.label.data,
                "points": self.points.data, "max_points": self.max_points.data, "is_active": self.is_active.data}
