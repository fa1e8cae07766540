"""Settings from the environment, read in one place.

DATABASE_URL      a PostgreSQL server to use instead of the embedded one; its
                  user runs migrations, so it must be able to create roles.
APP_DATABASE_URL  how the web app and worker connect (default: DATABASE_URL
                  with the user replaced by `mlm_web`, the login role that
                  owns nothing). Set it where `mlm_web` needs a password.
REDIS_URL         use Redis for the job queue (default: the database).
MLMCRM_DATA_DIR   where the embedded server keeps its data (default .data/).
SECRET_KEY        signs session cookies (default: a key kept in the data dir).
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
APP_DATABASE_NAME = "mlmcrm"
APP_LOGIN_ROLE = "mlm_web"


def env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def data_dir() -> Path:
    return Path(env("MLMCRM_DATA_DIR") or PROJECT_ROOT / ".data").expanduser().resolve()
