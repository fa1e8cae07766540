"""Fixtures for web tests: the real app on a database of its own."""
from __future__ import annotations

import pytest
from psycopg.conninfo import make_conninfo
from webtools import WebEnv

from webapp.platform import database


@pytest.fixture(scope="module")
def web(clone_db, server_dsn) -> WebEnv:
    name = clone_db("w")
    env = WebEnv(make_conninfo(server_dsn, dbname=name), database.app_dsn(name))
    yield env
    env.app.extensions["mlmcrm.pool"].close()


@pytest.fixture
def client(web: WebEnv):
    return web.app.test_client()
