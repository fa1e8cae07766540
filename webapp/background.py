"""Work to do once a request's transaction has committed: enqueueing jobs.

A job enqueued inside the request would race the commit: the worker could
start before the rows it needs are visible (or after the request rolled
back). `after_commit(fn, ...)` runs `fn` when the response is final and
successful, after webapp.db committed (Flask's request_finished signal comes
after every after_request function); an error response (which rolls back)
drops it.
"""
from __future__ import annotations

import functools
import logging

from flask import Flask, g, request_finished

log = logging.getLogger(__name__)


def after_commit(fn, *args, **kwargs) -> None:
    g.setdefault("_after_commit", []).append(functools.partial(fn, *args, **kwargs))


def init_app(app: Flask) -> None:
    if app.extensions.get("mlmcrm.after_commit"):
        return
    app.extensions["mlmcrm.after_commit"] = True
    request_finished.connect(_run, app, weak=False)


def _run(sender, response, **extra) -> None:
    callbacks = g.pop("_after_commit", [])
    if response.status_code >= 400:
        return
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the request succeeded; a failed enqueue is logged, not shown
            log.exception("after-commit callback failed")
