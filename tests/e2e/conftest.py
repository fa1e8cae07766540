"""Browser tests: Playwright driving the system Chromium against the real app
served by a threaded werkzeug server on a database of its own.

No browser is downloaded: Debian's /usr/bin/chromium (or CHROMIUM_PATH).
With CI=true a missing browser fails the run; elsewhere these tests skip.
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


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if not path:
        message = "Chromium is not installed (apt-get install chromium); browser tests need it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
    context = browser.new_context(base_url=live.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
