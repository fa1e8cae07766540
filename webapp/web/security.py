"""Who is signed in, and which pages they may open.

The database decides what a user may *see* (RLS); this module decides only
which pages to refuse early with a 403 instead of an empty page, by the
named capabilities of `webapp.web.capabilities`. The session cookie carries
the user id (signed, HttpOnly, SameSite=Lax); every request re-reads the
user through `api.current_session()`, so a suspended user or a password
changed elsewhere ends the session at once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, abort, flash, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFProtect

from webapp.data import auth as auth_data
from webapp.web import capabilities
from webapp.web.transaction import switch_identity

# Roles that must have two-factor sign-in on before they may open money pages.
MONEY_2FA_ROLES = ("admin", "finance")

login_manager = LoginManager()
csrf = CSRFProtect()


@dataclass
class SessionUser(UserMixin):
    id: str
    email: str
    role: str
    first_name: str | None
    last_name: str | None
    two_factor_enabled: bool
    password_changed_at: datetime | None
    is_distributor: bool

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email

    def can(self, capability: str) -> bool:
        return capabilities.allowed(self.role, capability)


def can(capability: str) -> bool:
    """Whether the signed-in user has `capability` (False when nobody is signed in)."""
    return bool(current_user.is_authenticated and current_user.can(capability))


def epoch(value: datetime | None) -> str:
    return value.isoformat() if value else ""


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    row = auth_data.current_session()
    if row is None or epoch(row["password_changed_at"]) != session.get("epoch", ""):
        # Signed out elsewhere, suspended, or the password changed: act as nobody.
        switch_identity(None)
        session.clear()
        return None
    return SessionUser(id=str(row["user_id"]), **{k: row[k] for k in (
        "email", "role", "first_name", "last_name", "two_factor_enabled",
        "password_changed_at", "is_distributor")})


def requires(capability: str):
    """403 (in the layout) for a signed-in user without `capability`; sign-in for nobody."""
    if capability not in capabilities.CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(capability):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def money_page(view):
    """Admins and finance users reach money pages only with two-factor sign-in on."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if (current_user.is_authenticated and current_user.role in MONEY_2FA_ROLES
                and not current_user.two_factor_enabled):
            flash("Turn on two-factor sign-in before opening money pages.", "error")
            return redirect(url_for("account.two_factor", next=request.path))
        return view(*args, **kwargs)
    return wrapper


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.jinja_env.globals["can"] = can
