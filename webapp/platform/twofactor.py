"""TOTP (RFC 6238) codes with pyotp, QR codes as inline SVG with segno, and
single-use backup codes.

Backup codes are 50 random bits each, so a plain SHA-256 of the code is
enough to store them (a slow hash protects guessable passwords, not random
keys) and lets the database match and strike one in a single statement.
"""
from __future__ import annotations

import hashlib
import io
import secrets

import pyotp
import segno

from webapp.platform import clock

ISSUER = "MLM CRM"
BACKUP_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy by hand


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False,
                                    svgns=True, title="Two-factor QR code", dark="#1c2430")
    return out.getvalue().decode()


def matching_counter(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step whose code equals `code` (one step of clock drift allowed), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = clock.utcnow().timestamp() if at is None else at
    current = totp.timecode_for(now) if hasattr(totp, "timecode_for") else int(now // totp.interval)
    for counter in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def new_backup_codes() -> list[str]:
    return ["".join(secrets.choice(_ALPHABET) for _ in range(5)) + "-" +
            "".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(BACKUP_CODE_COUNT)]


def hash_backup_code(code: str) -> str:
    normalized = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()
