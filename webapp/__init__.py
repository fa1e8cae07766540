"""MLM CRM web application: `create_app()` is the factory gunicorn and tests call."""
from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from flask import Flask, g

from . import config, database, db, error_pages, htmx, navigation, security
from .logs import configure_logging


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__,
                template_folder=str(config.PROJECT_ROOT / "templates"),
                static_folder=str(config.PROJECT_ROOT / "static"))
    app.config.update(
        SECRET_KEY=config.env("SECRET_KEY") or _local_secret_key(),
        DATABASE_DSN=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure cookies need HTTPS; only local development (make run) serves plain HTTP.
        SESSION_COOKIE_SECURE=config.env("MLMCRM_ENV") != "development",
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.config.update(overrides or {})
    configure_logging()

    pool = db.open_pool(app.config["DATABASE_DSN"] or database.app_dsn())
    db.init_app(app, pool)
    security.init_app(app)
    navigation.init_app(app)
    htmx.init_app(app)
    error_pages.init_app(app)

    @app.before_request
    def _request_id() -> None:
        g.request_id = str(uuid.uuid4())

    from .views import account, admin_users, audit, auth, finance, main
    from .views import contact_imports, contacts, invitations, pipeline, tasks
    from .views import customers, orders, products, tax_shipping
    from .views import genealogy
    from .views import plan, statements
    for module in (main, auth, account, admin_users, finance, audit,
                   contacts, contact_imports, pipeline, tasks, invitations,
                   customers, orders, products, tax_shipping,
                   genealogy,
                   statements, plan):
        app.register_blueprint(module.bp)
    return app


def _local_secret_key() -> str:
    """A key kept beside the embedded data, so sessions survive a restart."""
    path = config.data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
