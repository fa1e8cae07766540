"""Background jobs, enqueued by name once the request's transaction has committed.

Views never import `jobs`: they call `enqueue("close_period", ...)`, and
this is the one module of the web layer that knows the tasks. A job
enqueued inside the request would race the commit: the worker could start
before the rows it needs are visible (or after the request rolled back). So
`enqueue` runs when the response is final and successful, after
`webapp.web.transaction` committed (Flask's request_finished signal comes
after every after_request function); an error response (which rolls back)
drops it.
"""
from __future__ import annotations

import functools
import logging

from flask import Flask, g, request_finished

from jobs import tasks

log = logging.getLogger(__name__)


def enqueue(task_name: str, *args, **kwargs) -> None:
    """Queue task `task_name` of `jobs.tasks` after this request commits."""
    task = getattr(tasks, task_name, None)
    if task is None or not hasattr(task, "call_local"):
        raise KeyError(f"no job named {task_name!r} in jobs.tasks")
    g.setdefault("_after_commit", []).append(functools.partial(task, *args, **kwargs))


def init_app(app: Flask) -> None:
    request_finished.connect(_run, app, weak=False)


def _run(sender, response, **extra) -> None:
    callbacks = g.pop("_after_commit", [])
    if response.status_code >= 400:
        return
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the request succeeded; a failed enqueue is logged, not shown
            log.exception("job not enqueued")
