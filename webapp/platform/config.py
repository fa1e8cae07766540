"""Settings from the environment, every one read here and nowhere else.

DATABASE_URL       a PostgreSQL server to use instead of the embedded one; its
                   user runs migrations, so it must be able to create roles.
APP_DATABASE_URL   how the web app and worker connect (default: DATABASE_URL
                   with the user replaced by `mlm_web`, the login role that
                   owns nothing). Set it where `mlm_web` needs a password.
REDIS_URL          use Redis for the job queue (default: the database).
MLMCRM_HUEY        `memory`: jobs run at once, in process (the tests).
MLMCRM_DATA_DIR    where the embedded server keeps its data (default .data/).
SECRET_KEY         signs session cookies (default: a key kept in the data dir).
MLMCRM_ENV         `development` serves cookies without `Secure` (plain HTTP).
MLMCRM_SMTP_URL    send email through this server (unset: .eml files in the outbox).
MLMCRM_MAIL_FROM   the From address of outgoing email.
MLMCRM_OUTBOX_DIR  where .eml files go without SMTP (default: <data dir>/outbox).
MLMCRM_BASE_URL    the app's public address, for links in emails.
MLMCRM_WEB_STATEMENT_TIMEOUT  seconds a web request's statement may run (default 15;
                   0: none); past it the request answers 503. Jobs keep none.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
APP_DATABASE_NAME = "mlmcrm"
APP_LOGIN_ROLE = "mlm_web"
DEFAULT_MAIL_FROM = "MLM CRM <no-reply@localhost>"


def env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def database_url() -> str | None:
    return env("DATABASE_URL")


def app_database_url() -> str | None:
    return env("APP_DATABASE_URL")


def redis_url() -> str | None:
    return env("REDIS_URL")


def jobs_in_process() -> bool:
    return env("MLMCRM_HUEY") == "memory"


def data_dir() -> Path:
    return Path(env("MLMCRM_DATA_DIR") or PROJECT_ROOT / ".data").expanduser().resolve()


def is_development() -> bool:
    return env("MLMCRM_ENV") == "development"


def smtp_url() -> str | None:
    return env("MLMCRM_SMTP_URL")


def mail_from() -> str:
    return env("MLMCRM_MAIL_FROM") or DEFAULT_MAIL_FROM


def outbox_dir() -> Path:
    return Path(env("MLMCRM_OUTBOX_DIR") or data_dir() / "outbox").expanduser().resolve()


def base_url() -> str | None:
    return env("MLMCRM_BASE_URL")


def web_session_settings() -> dict[str, str]:
    """Server parameters of the web's connections: no JIT (it compiles the generic
    plans of OLTP functions for longer than they run: 0.3-0.6 s a call on a server
    built with LLVM), and a statement timeout, so an overloaded tier sheds requests
    instead of queueing queries that outlive their clients."""
    raw = env("MLMCRM_WEB_STATEMENT_TIMEOUT") or "15"
    try:
        seconds = float(raw)
    except ValueError as exc:
        raise ValueError(f"MLMCRM_WEB_STATEMENT_TIMEOUT must be a number of seconds, not {raw!r}") from exc
    return {**session_settings(), "jit": "off", "statement_timeout": f"{int(seconds * 1000)}ms"}


def session_settings() -> dict[str, str]:
    """Server parameters of every app connection, web and worker: times without a
    zone (an import's cells, a typed follow-up) are read as UTC, as the app shows
    them, whatever the server's own TimeZone."""
    return {"TimeZone": "UTC"}


def secret_key() -> str:
    """SECRET_KEY, or a key kept beside the embedded data, so sessions survive a restart."""
    given = env("SECRET_KEY")
    if given:
        return given
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # created readable by its owner only, never for an instant by anyone else
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def flask_settings() -> dict:
    """The Flask configuration the environment gives (create_app's overrides come after)."""
    return {
        "SECRET_KEY": secret_key(),
        "DATABASE_DSN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies need HTTPS; only local development (make run) serves plain HTTP.
        "SESSION_COOKIE_SECURE": not is_development(),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    }
