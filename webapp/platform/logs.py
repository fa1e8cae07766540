"""Structured logs: one JSON object per line on stderr, for the web app and
the worker alike.

Every field a caller passes with `extra=` is kept, and every line carries
the context of the work it belongs to (`log_context`: the request id in the
web app, the job and its run id in the worker), so a failed close's log line
says which period it was and which run.
"""
from __future__ import annotations

import contextvars
import json
import logging
import sys
import time

# Fields of the current request or job, added to each line logged inside it.
log_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("mlmcrm_log_context", default=None)

# What every LogRecord has: anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_RESERVED = {"ts", "level", "logger", "msg", "error"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in (log_context.get() or {}).items():
            entry.setdefault(key, value)
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry[f"extra_{key}" if key in _RESERVED else key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: int | str = logging.INFO) -> None:
    """JSON lines on stderr from the root logger; idempotent."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
