"""MLM CRM web application: `create_app()` is the factory gunicorn and tests call."""
from __future__ import annotations

import uuid

from flask import Flask, g

from webapp.platform import config, database, db
from webapp.platform.logs import configure_logging, log_context
from webapp.views import BLUEPRINTS
from webapp.web import enqueue, error_pages, headers, htmx, navigation, params, security, transaction


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(config.PROJECT_ROOT / "templates"),
                static_folder=str(config.PROJECT_ROOT / "static"))
    app.config.update(config.flask_settings())
    app.config.update(overrides or {})
    configure_logging()

    pool = db.open_pool(app.config["DATABASE_DSN"] or database.app_dsn(),
                        settings=app.config.get("DATABASE_SETTINGS") or config.web_session_settings())
    transaction.init_app(app, pool)
    security.init_app(app)
    navigation.init_app(app)
    htmx.init_app(app)
    error_pages.init_app(app)
    enqueue.init_app(app)
    headers.init_app(app)
    params.init_app(app)

    @app.before_request
    def _request_id() -> None:
        g.request_id = str(uuid.uuid4())
        log_context.set({"request_id": g.request_id})

    @app.teardown_request
    def _end_log_context(exc: BaseException | None) -> None:
        log_context.set(None)  # a pooled thread's next lines belong to no request

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
