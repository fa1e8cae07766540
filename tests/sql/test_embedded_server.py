"""The embedded server runs with the settings webapp/platform/embedded_pg.py gives it
(a server of your own, DATABASE_URL, keeps its own)."""
from __future__ import annotations

import psycopg
import pytest

from webapp.platform import config, embedded_pg


@pytest.mark.skipif(bool(config.env("DATABASE_URL")), reason="a server of your own keeps its settings")
def test_the_embedded_server_runs_tuned(server_dsn):
    wanted = embedded_pg.tuning()
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        for name, value in wanted.items():
            same = conn.execute("select case when %s ~ '^[0-9]+(kB|MB|GB)$'"
                                "            then pg_size_bytes(current_setting(%s)) = pg_size_bytes(%s)"
                                "            else current_setting(%s) in (%s, 'pglz') end",
                                [value, name, value, name, value]).fetchone()[0]
            assert same, (name, conn.execute("select current_setting(%s)", [name]).fetchone()[0], value)
