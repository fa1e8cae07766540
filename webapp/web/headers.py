"""Security headers on every response, set in this one place.

- Content-Security-Policy: scripts from this site only (no inline script:
  static/js/app.js does what inline handlers did), no plugins, no framing,
  forms post only here. Styles allow inline attributes (bar widths, SVG).
- X-Frame-Options and frame-ancestors: no page in anyone's frame.
- nosniff, a strict Referrer-Policy, HSTS where cookies are Secure (not in
  local development over plain HTTP).
- Cache-Control: no-store on every response to a signed-in user, so a shared
  computer's back button or a proxy keeps no one's pages.
"""
from __future__ import annotations

from flask import Flask, current_app, request, session

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    app.after_request(_headers)


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    # The signed session names a user (read without asking the database again).
    if request.endpoint != "static" and session.get("_user_id"):
        headers["Cache-Control"] = "no-store"
    return response
