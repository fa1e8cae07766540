"""Bad set-up ends with one clear message, exit status 1, and nothing changed."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def mlmcrm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "APP_DATABASE_URL"}}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "webapp.cli", *args], env=full_env,
                          capture_output=True, text=True, timeout=120)


def assert_clear_failure(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    for phrase in phrases:
        assert phrase in result.stderr


def test_unreachable_database_url():
    result = mlmcrm("db", "upgrade", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere"})
    assert_clear_failure(result, "Cannot connect to PostgreSQL at nobody@127.0.0.1:1/", "Connection refused",
                         "Check DATABASE_URL")


def test_unreadable_database_url():
    result = mlmcrm("db", "upgrade", env={"DATABASE_URL": "this is not = a url = at all"})
    assert_clear_failure(result, "DATABASE_URL is not a valid PostgreSQL URL")


def test_damaged_data_dir_is_left_as_it_was(tmp_path: Path):
    pgdata = tmp_path / "postgres"
    pgdata.mkdir()
    (pgdata / "base").mkdir()
    (pgdata / "postgresql.conf").write_text("# what is left of a cluster\n")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    result = mlmcrm("db", "upgrade", env={"MLMCRM_DATA_DIR": str(tmp_path)})

    assert_clear_failure(result, "looks damaged", "Nothing was changed")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (pgdata / "postgresql.conf").read_text() == "# what is left of a cluster\n"


def test_port_in_use_is_named_with_a_way_out():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = mlmcrm("check-port", str(port))
    assert_clear_failure(result, f"port {port} on 127.0.0.1 is already in use", f"make run PORT={port + 1}")


def test_free_port_passes():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert mlmcrm("check-port", str(port)).returncode == 0
