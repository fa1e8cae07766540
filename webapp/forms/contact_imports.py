"""The contacts import: upload, options, column mapping."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional

from webapp.csvio.contacts import ENCODINGS
from webapp.forms.common import choices, strip
from webapp.forms.contacts import SOURCES

DEDUPE = [("skip", "Skip them (keep what I have)"), ("update", "Update my existing contact"),
          ("create", "Create a new contact anyway")]


IMPORT_FIELDS = [("", "— skip this column —"), ("first_name", "First name"), ("last_name", "Last name"),
                 ("full_name", "Full name (split at the last space)"), ("email", "Email"), ("phone", "Phone"),
                 ("company", "Company"), ("title", "Title"), ("source", "Source"), ("tags", "Tags"),
                 ("notes", "Notes")]


class ImportUploadForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to upload.")],
                     description="Up to 200,000 contacts and 20 MB; the first line names the columns.")
    encoding = SelectField("Encoding", choices=choices(ENCODINGS), default="utf-8", validators=[InputRequired()])
    owner_email = StringField("Import into the contacts of (email)", filters=[strip],
                              description="Empty: your own contacts.", validators=[Optional(), Length(max=255)])


class ImportOptionsForm(FlaskForm):
    dedupe = SelectField("When a contact with the same email or phone exists",
                         choices=choices(DEDUPE), default="skip", validators=[InputRequired()])
    default_source = SelectField("Source for lines without one", choices=choices(SOURCES), default="import",
                                 validators=[InputRequired()])
    add_tags = StringField("Tag every imported contact with", filters=[strip],
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
