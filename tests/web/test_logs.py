"""Structured logs keep every field they are given, and each line says which
request or job it belongs to."""
from __future__ import annotations

import io
import json
import logging

import pytest

from jobs.worker import job_transaction
from webapp.platform.logs import JsonFormatter, log_context


@pytest.fixture
def lines():
    """JSON lines logged to the root logger while the test runs."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_every_extra_field_is_kept(lines):
    logging.getLogger("jobs.close").info("close refused", extra={"period": "2025-01", "run_id": 7,
                                                                 "reason": "Not over yet."})
    (entry,) = lines()
    assert entry["msg"] == "close refused" and entry["level"] == "info" and entry["logger"] == "jobs.close"
    assert (entry["period"], entry["run_id"], entry["reason"]) == ("2025-01", 7, "Not over yet.")


def test_an_extra_field_never_overwrites_the_lines_own(lines):
    logging.getLogger("x").info("hello", extra={"level": "fake", "ts": "never"})
    (entry,) = lines()
    assert entry["level"] == "info" and entry["ts"] != "never"
    assert entry["extra_level"] == "fake" and entry["extra_ts"] == "never"


def test_an_error_keeps_its_traceback(lines):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("x").exception("failed", extra={"import_id": "abc"})
    (entry,) = lines()
    assert "ValueError: boom" in entry["error"] and entry["import_id"] == "abc"


def test_a_jobs_lines_carry_the_job_and_its_run(lines, web):
    with web.jobs(), job_transaction("close_period"):
        logging.getLogger("jobs.close").info("period closed", extra={"period": "2025-01"})
    logging.getLogger("jobs.close").info("after the job")
    first, after = lines()[-2:]
    assert first["job"] == "close_period" and first["job_run"].startswith("job-close_period-")
    assert first["period"] == "2025-01"
    assert "job" not in after


def test_a_tasks_lines_carry_its_name_and_huey_run_id(lines, web):
    from jobs import tasks

    with web.jobs():
        result = tasks.refresh_estimates()  # MLMCRM_HUEY=memory: runs at once, through huey's hooks
    result.get()
    entries = [e for e in lines() if e["msg"] == "estimates refreshed"]
    assert entries and entries[0]["job"] == "refresh_estimates" and entries[0]["job_run"] == result.id
    assert log_context.get() is None


def test_a_requests_lines_carry_its_request_id(lines, web, client):
    seen = []

    @web.app.get("/_test/log")
    def _log():
        logging.getLogger("webapp.test").info("inside")
        seen.append(log_context.get()["request_id"])
        return "ok"

    assert client.get("/_test/log").status_code == 200
    inside = [e for e in lines() if e["msg"] == "inside"]
    assert inside and inside[0]["request_id"] == seen[0]
    assert log_context.get() is None  # ended with the request
