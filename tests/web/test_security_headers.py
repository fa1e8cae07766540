"""Security headers on every response (webapp/web/headers.py)."""
from __future__ import annotations

from webtools import sign_in

from webapp import create_app


def test_every_page_carries_the_policy_and_the_frame_and_sniff_rules(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" not in response.headers.get("Cache-Control", "")  # nobody signed in


def test_signed_in_pages_are_never_stored_but_static_files_may_be(web, client):
    sign_in(client, web.user("distributor"))
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/contacts/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_hsts_where_cookies_are_secure_and_not_in_plain_http_development(web, app_dsn):
    assert "Strict-Transport-Security" not in web.app.test_client().get("/login").headers  # Secure off here
    secure = create_app({"DATABASE_DSN": app_dsn, "TESTING": True})
    try:
        assert secure.test_client().get("/login").headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        secure.extensions["mlmcrm.pool"].close()


def test_no_template_has_an_inline_script_or_handler():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|javascript:", re.I)
    assert [str(p) for p in root.rglob("*.html") if inline.search(p.read_text(encoding="utf-8"))] == []
