"""The errors the project raises on purpose, and the one map from the
database's refusals (sql/ERRORS.md) to them.

Two families:
- `SetupError`: the database or the machine is not in a state we can start
  from; the CLI prints its message alone and exits 1.
- `DatabaseRefusal`: the database said no, with a message meant for a
  person (a five-letter SQLSTATE of ours). The data layer turns every such
  error into its type (`refusal_from`), so no view or job ever names a
  SQLSTATE. A `Refusal` (bad input, a closed period, a cycle, ...) goes
  beside its form field or is flashed for a button (`webapp.web.refusals`);
  a `Denied` is the 403 page; a job records either.
"""
from __future__ import annotations

import json

import psycopg


class SetupError(Exception):
    """The database or the machine is not in a state we can start from.

    The message says what is wrong and what to do; the CLI prints it alone.
    """


class DatabaseRefusal(Exception):
    """The database said no with a SQLSTATE of ours: `message` is for a person,
    `field` names the form field it is about (PostgreSQL's `column`
    diagnostic), when there is one."""

    sqlstate = ""
    default_message = "That was refused."

    def __init__(self, message: str | None = None, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class Refusal(DatabaseRefusal):
    """A refusal of the input or of the moment: shown to the person beside the
    form field, or flashed for a button, and nothing was changed."""


class InvalidInput(Refusal):
    sqlstate = "MLVAL"
    default_message = "Invalid input."


class Denied(DatabaseRefusal):
    """Not a problem with the input: this user may not do this. Not a
    `Refusal`, so no form or button handler catches it: it is the 403 page
    (`webapp.web.error_pages`)."""
    sqlstate = "MLDNY"
    default_message = "Your role does not allow this."


class PeriodClosed(Refusal):
    sqlstate = "MLCLS"
    default_message = "That period is closed."


class PeriodNotClosable(Refusal):
    sqlstate = "MLPER"
    default_message = "That period cannot be closed or finalized now."


class Cycle(Refusal):
    sqlstate = "MLCYC"
    default_message = "That move would put a distributor under its own downline."


class InUse(Refusal):
    sqlstate = "MLREF"
    default_message = "Others depend on this row, so it cannot be deleted."


class SignInRefused(Refusal):
    sqlstate = "MLAUT"
    default_message = "The email or password is wrong."


# Every refusal SQLSTATE of sql/ERRORS.md (MLPRG is a progress NOTICE, not an error).
REFUSALS: dict[str, type[DatabaseRefusal]] = {cls.sqlstate: cls for cls in (
    InvalidInput, Denied, PeriodClosed, PeriodNotClosable, Cycle, InUse, SignInRefused)}
PROGRESS_SQLSTATE = "MLPRG"


def refusal_from(exc: psycopg.Error) -> DatabaseRefusal | None:
    """The `Refusal` a database error stands for, or None when it is a fault."""
    kind = REFUSALS.get(exc.sqlstate or "")
    if kind is None:
        return None
    refusal = kind(exc.diag.message_primary, exc.diag.column_name)
    refusal.__cause__ = exc
    return refusal


def progress_step(diag: psycopg.errors.Diagnostic) -> dict | None:
    """The step a close reports in a progress NOTICE (MLPRG; detail JSON
    `{"period", "step", "total", "label"}`), or None for any other notice."""
    if diag.sqlstate != PROGRESS_SQLSTATE:
        return None
    return json.loads(diag.message_detail or "{}")
