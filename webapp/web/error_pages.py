"""Error pages in the layout: a person sees what happened, never a traceback."""
from __future__ import annotations

import logging

import psycopg
from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.platform.errors import Denied, Refusal

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Reload the page and try again."),
    403: ("Not allowed", "Your role does not give you access to this page."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "The upload is larger than this installation accepts."),
    422: ("Not done", "That was refused; nothing was changed."),
    500: ("Something went wrong", "The error was logged. Nothing was saved; please try again."),
    503: ("Busy", "The server is busy and stopped this request; nothing was saved. Try again in a moment."),
}


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return render_error(400, "The form was sent without a valid security token (it may have "
                                 "expired). Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return render_error(exc.code or 500, exc.description if exc.code == 400 else None)

    @app.errorhandler(Denied)
    def _denied(exc: Denied):
        return render_error(403, exc.message)

    @app.errorhandler(Refusal)
    def _refused(exc: Refusal):
        # A refusal no form or button handled: its message, in the layout; nothing was saved.
        return render_error(422, exc.message)

    @app.errorhandler(psycopg.errors.InsufficientPrivilege)
    def _denied_by_database(exc):
        return render_error(403)

    @app.errorhandler(psycopg.errors.QueryCanceled)
    def _statement_timeout(exc):
        log.warning("statement timeout: request shed")
        response, code = render_error(503)
        return response, code, {"Retry-After": "5"}

    @app.errorhandler(psycopg.Error)
    def _database_error(exc: psycopg.Error):
        log.exception("database error")
        return render_error(500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return render_error(500)
