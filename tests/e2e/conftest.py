"""Browser tests: Playwright driving Chromium against the real app served by a
threaded werkzeug server on a database of its own.

Which Chromium, in this order:
1. CHROMIUM_PATH when it is set (it must then name an executable file);
2. Debian's `chromium` (or `chromium-browser`) on PATH: no download needed;
3. Playwright's own Chromium, present only where `.venv/bin/playwright install
   chromium` was run (tried by launching it; Playwright says when it is absent).

With none of them these tests are skipped, and the end of the run says how to
get a browser and which tests were skipped (pytest_terminal_summary below);
with CI=true a missing browser fails them instead, so CI never passes without
its browser tests.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading

import pytest
from psycopg.conninfo import make_conninfo
from webtools import WebEnv
from werkzeug.serving import make_server

from webapp.platform import database

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
# Playwright's bundled build is launched headless by Playwright itself (it may
# be the headless shell, which takes no --headless switch).
BUNDLED_ARGS = [a for a in CHROMIUM_ARGS if not a.startswith("--headless")]

# The start of the skip (or, in CI, failure) reason: how the summary finds them.
NO_BROWSER = "No Chromium for the browser tests"
HOW_TO_GET_ONE = ("install Debian's `chromium` (`apt-get install chromium`), or run "
                  "`.venv/bin/playwright install chromium` where a download is possible")


def _system_chromium() -> tuple[str | None, str]:
    """The system browser's path, or None and why none was taken."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured, ""
        return None, f"CHROMIUM_PATH={configured} is not an executable file"
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found, "" if found else "no chromium on PATH"


def _launch(pw):
    """A launched browser, or None and why none could be found."""
    path, why = _system_chromium()
    if path:
        return pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS), ""
    if os.environ.get("CHROMIUM_PATH"):
        return None, why  # an explicit choice that does not work is not silently replaced
    from playwright.sync_api import Error

    try:
        return pw.chromium.launch(args=BUNDLED_ARGS), ""
    except Error as exc:
        if "Executable doesn't exist" not in str(exc):
            raise  # it is there but does not start: a real failure, shown as such
        return None, f"{why}, and Playwright's own Chromium was not downloaded"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched, why = _launch(pw)
        if launched is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{NO_BROWSER} ({why}): {HOW_TO_GET_ONE}.")
            pytest.skip(f"{NO_BROWSER} ({why})")  # how to get one: the summary line
        yield launched
        launched.close()


def _reason(report) -> str:
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, "Skipped: ...")
        return report.longrepr[2]
    return str(report.longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each skip for want of a browser reported at this file rather than at its
    test, so that pytest's own -ra summary folds them into one line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and NO_BROWSER in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line saying how to get a browser, when tests went without one."""
    stats = terminalreporter.stats
    hit = [r for key in ("skipped", "error", "failed") for r in stats.get(key, [])
           if getattr(r, "when", None) == "setup" and NO_BROWSER in _reason(r)]
    if not hit:
        return
    files = sorted({r.nodeid.split("::")[0] for r in hit})
    done = "failed (CI=true)" if any(not r.skipped for r in hit) else "skipped"
    terminalreporter.write_line(
        f"No Chromium found: {HOW_TO_GET_ONE}. {len(hit)} browser tests {done}: {', '.join(files)}.",
        yellow=True, bold=True)


class LiveApp(WebEnv):
    url: str


@pytest.fixture(scope="module")
def live(clone_db, server_dsn):
    name = clone_db("e")
    env = LiveApp(make_conninfo(server_dsn, dbname=name), database.app_dsn(name))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise here
    server = make_server("127.0.0.1", 0, env.app, threaded=True)
    env.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield env
    server.shutdown()
    env.app.extensions["mlmcrm.pool"].close()


@pytest.fixture
def page(browser, live):
    """A page of its own; every browser test also checks that nothing it did was
    blocked by the Content-Security-Policy (the browser reports each violation)."""
    context = browser.new_context(base_url=live.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert blocked == [], "blocked by the Content-Security-Policy"
