"""Thin tasks: each one calls SQL in one transaction as the system user."""
from __future__ import annotations

import logging

from huey import crontab

from .queue import huey
from .worker import job_transaction

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="5", hour="0"))
def ensure_periods() -> None:
    """Make sure this month's commission period exists (plan v1: periods are contiguous)."""
    with job_transaction("ensure_periods") as conn:
        period = conn.execute("select api.period_ensure_current() as id").fetchone()["id"]
    log.info("period ready", extra={"period": period})
