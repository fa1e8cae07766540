"""Helpers for web tests: a database with committed rows and the app serving it."""
from __future__ import annotations

import functools
import re
import uuid

import psycopg
from psycopg.rows import dict_row

from webapp import create_app
from webapp.platform import db
from webapp.platform.passwords import hash_password

PASSWORD = "a-long-test-passphrase"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@functools.cache
def _hash(password: str) -> str:
    return hash_password(password)


class WebEnv:
    """A migrated database with committed rows, and the app serving it."""

    def __init__(self, admin_dsn: str, app_dsn: str):
        self.admin_dsn = admin_dsn
        self.app = create_app({"DATABASE_DSN": app_dsn, "TESTING": True, "SESSION_COOKIE_SECURE": False})

    def jobs(self):
        """Jobs run in process reach this app's database (as a request's would)."""
        return db.using_pool(self.app.extensions["mlmcrm.pool"])

    def sql(self, query: str, params=None) -> list[dict]:
        with psycopg.connect(self.admin_dsn, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else []

    def user(self, role: str = "distributor", *, password: str | None = PASSWORD, status: str = "active",
             sponsor: str | None = None, email: str | None = None) -> dict:
        user_id = str(uuid.uuid4())
        email = email or f"{role}-{user_id[:8]}@example.test"
        self.sql("insert into users (id, email, role, status, first_name, last_name)"
                 " values (%s, %s, %s, %s, %s, 'Tester')", [user_id, email, role, status, role.title()])
        if role == "distributor":
            self.sql("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, %s, %s)",
                     [user_id, "T" + user_id[:8], sponsor])
        if password:
            self.sql("insert into private.user_credentials (user_id, password_hash, password_changed_at)"
                     " values (%s, %s, clock_timestamp())", [user_id, _hash(password)])
        return {"id": user_id, "email": email, "password": password}

    def audit(self, action: str, entity_id: str | None = None) -> list[dict]:
        return self.sql("select * from audit_logs where action = %s and (%s::text is null or entity_id = %s)"
                        " order by id", [action, entity_id, entity_id])


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no csrf token on the page"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """POST like a browser: take the CSRF token from the page that shows the form."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)


def sign_in(client, user: dict, **kwargs):
    return post_form(client, "/login", {"email": user["email"], "password": user["password"]}, **kwargs)
