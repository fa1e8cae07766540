"""Thin tasks: each one calls SQL in one transaction as the system user."""
from __future__ import annotations

import logging

from huey import crontab

from jobs.close import run_close
from jobs.queue import huey
from jobs.worker import job_transaction
from webapp.data import contact_imports, contacts, orders, periods
from webapp.data import tasks as tasks_data
from webapp.platform import config, mail

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="5", hour="0"))
def ensure_periods() -> None:
    """Make sure this month's commission period exists (plan v1: periods are contiguous)."""
    with job_transaction("ensure_periods"):
        period = periods.ensure_current()
    log.info("period ready", extra={"period": period})


AUTOSHIP_BATCH = 200


@huey.periodic_task(crontab(minute="30", hour="0"))
def run_autoships() -> None:
    """Place the autoship orders due today (UTC), a batch per transaction until
    none is left. Idempotent in SQL: a second run on the same day creates
    nothing twice; failures retry the next day."""
    while True:
        with job_transaction("run_autoships"):
            counts = orders.run_autoships(AUTOSHIP_BATCH)
        log.info("autoships run", extra={f"autoships_{k}": v for k, v in counts.items()})
        if counts["attempted"] < AUTOSHIP_BATCH:
            break


EXPIRE_BATCH = 200


@huey.periodic_task(crontab(minute="*/10"))
def expire_unpaid_orders() -> None:
    """Give back the stock of orders left unpaid past plan setting
    order_hold_hours: cancel them, a batch per transaction until none is left."""
    total = 0
    while True:
        with job_transaction("expire_unpaid_orders"):
            done = orders.expire_unpaid(EXPIRE_BATCH)
        total += done
        if done < EXPIRE_BATCH:
            break
    if total:
        log.info("unpaid orders expired", extra={"cancelled": total})


# --- CRM (issue 7) -----------------------------------------------------------

IMPORT_FAILED = ("The import stopped on an unexpected error, so no contact was written. "
                 "Try again; if it fails again, an admin can find the details in the worker's log.")


@huey.task()
def import_contacts(import_id: str, user_id: str) -> None:
    """Run a queued CSV import as the user who started it (RLS applies as to
    their requests): one transaction per step, so the progress shows; the last
    step writes every good line at once (api.contact_import_step)."""
    try:
        while True:
            with job_transaction("import_contacts", user_id=user_id):
                state = contact_imports.step(import_id)
            if state is None or state["finished"]:
                break
    except Exception:
        log.exception("contact import failed", extra={"import_id": import_id})
        with job_transaction("import_contacts", user_id=user_id):
            contact_imports.fail(import_id, IMPORT_FAILED)
        return
    log.info("contact import finished", extra={"import_id": import_id})


@huey.periodic_task(crontab(minute="*"))
def send_task_reminders() -> None:
    """Email each due task's reminder once: claim (marked sent in the same
    statement) and commit, then send outside the transaction; a send that
    fails is handed back for the next run."""
    with job_transaction("task_reminders"):
        due = tasks_data.claim_reminders()
    failed = []
    for reminder in due:
        try:
            mail.send(reminder_message(reminder))
        except Exception:
            log.exception("reminder not sent", extra={"task_id": str(reminder["task_id"])})
            failed.append(str(reminder["task_id"]))
    if failed:
        with job_transaction("task_reminders"):
            tasks_data.release_reminders(failed)
    if due:
        log.info("task reminders sent", extra={"sent": len(due) - len(failed), "failed": len(failed)})


def reminder_message(reminder: dict):
    due = reminder["due_at"].strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Hello {reminder['assignee_name']},", "",
             f"A task of yours is due {due}:", "", f"  {reminder['title']} ({reminder['priority']} priority)"]
    if reminder["contact_name"]:
        lines.append(f"  Contact: {reminder['contact_name']}")
    if reminder["description"]:
        lines += ["", reminder["description"]]
    base = config.base_url()
    if base:
        lines += ["", f"Your day: {base.rstrip('/')}/tasks/"]
    lines += ["", "— MLM CRM (you get one reminder per task)"]
    return mail.message(reminder["assignee_email"], f"Reminder: {reminder['title']}", "\n".join(lines))


@huey.periodic_task(crontab(minute="10", hour="0"))
def refresh_lead_scores() -> None:
    """Move lead scores on for the new day ("weeks without activity")."""
    with job_transaction("refresh_lead_scores"):
        changed = contacts.refresh_lead_scores(everything=False)
    log.info("lead scores refreshed", extra={"changed": changed})


@huey.task()
def recompute_lead_scores() -> None:
    """After an admin changed the rules: every score the rules now disagree with."""
    with job_transaction("recompute_lead_scores"):
        changed = contacts.refresh_lead_scores(everything=True)
    log.info("lead scores recomputed", extra={"changed": changed})


@huey.periodic_task(crontab(minute="40", hour="3"))
def purge_contact_imports() -> None:
    """Drop the staged lines of imports finished over 30 days ago."""
    with job_transaction("purge_contact_imports"):
        purged = contact_imports.purge()
    log.info("contact import lines purged", extra={"lines": purged})


# --- Commissions (issue 6) -----------------------------------------------------

@huey.task()
def close_period(period_id: str, run_id: int, user_id: str | None = None) -> None:
    """Close a period as the user who asked (the "Close period" button), with
    its progress relayed to the periods page (jobs/close.py)."""
    run_close(period_id, run_id, user_id)


@huey.periodic_task(crontab(minute="15", hour="2"))
def scheduled_close() -> None:
    """Close last month on plan setting auto_close_day (or any later day it is
    still open and closable), as the system user; refusals are logged."""
    with job_transaction("scheduled_close"):
        due = periods.auto_close_due()
        run_id = periods.request_close(due) if due else None
    if due:
        run_close(due, run_id, None)


@huey.periodic_task(crontab(minute="*"))
def refresh_estimates() -> None:
    """"If the period closed now": recompute the open period's estimates (the
    close's own engine, no ledger written), so an order shows within a minute."""
    with job_transaction("refresh_estimates"):
        done = periods.estimates_refresh()
    for one in done:
        log.info("estimates refreshed", extra=one)
