"""A period close run by the worker, with its progress visible to everyone.

`close_period(SQL)` runs in ONE transaction (all or nothing), so what it
does cannot be seen from outside until it commits. It reports each step as a
NOTICE (SQLSTATE MLPRG, detail: JSON step/total/label), and PostgreSQL sends
notices to the client while the function is still running. `ProgressRelay`
is the notice handler of the close's connection: it writes each step to the
run's row (api.period_close_run_update) in a short transaction of its own,
on a second pooled connection, where the periods page polls it. The run row
is never touched by the close's own transaction, so the relay never waits
for it.
"""
from __future__ import annotations

import logging

import psycopg

from jobs.worker import job_transaction
from webapp.data import periods
from webapp.platform.errors import DatabaseRefusal, progress_step

log = logging.getLogger(__name__)

UNEXPECTED = ("The close stopped on an unexpected error and changed nothing. Try again; if it fails again, "
              "the details are in the worker's log.")


class ProgressRelay:
    def __init__(self, run_id: int, user_id: str | None):
        self.run_id = run_id
        self.user_id = user_id
        self.steps: list[dict] = []

    def __call__(self, diag: psycopg.errors.Diagnostic) -> None:
        try:
            step = progress_step(diag)
            if step is None:
                return
            self.steps.append(step)
            with job_transaction("close_progress", user_id=self.user_id):
                periods.close_run_update(self.run_id, step=step.get("step"), total=step.get("total"),
                                         label=step.get("label"))
        except Exception:  # progress is best effort: never let it break the close
            log.exception("close progress not recorded", extra={"run_id": self.run_id})


def run_close(period_id: str, run_id: int, user_id: str | None) -> dict | None:
    """Close `period_id` as `user_id` (None: the system user), reporting on run `run_id`."""
    relay = ProgressRelay(run_id, user_id)
    try:
        with job_transaction("close_period", user_id=user_id) as conn:
            conn.add_notice_handler(relay)
            try:
                result = periods.close(period_id)
            finally:
                conn.remove_notice_handler(relay)
    except DatabaseRefusal as refusal:  # its message is meant for a person
        message = refusal.message
        log.info("close refused", extra={"period": period_id, "run_id": run_id, "reason": message})
    except psycopg.Error:
        log.exception("close failed", extra={"period": period_id, "run_id": run_id})
        message = UNEXPECTED
    else:
        with job_transaction("close_period", user_id=user_id):
            periods.close_run_update(run_id, finished=True, result=result)
        log.info("period closed", extra={"period": period_id, "run_id": run_id,
                                         "seconds": result.get("seconds", {}).get("total")})
        return result
    with job_transaction("close_period", user_id=user_id):
        periods.close_run_update(run_id, finished=True, error=message)
    return None
