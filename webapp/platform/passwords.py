"""Password hashing: Argon2id (argon2-cffi), the memory-hard scheme OWASP
recommends first. Parameters are argon2-cffi's RFC 9106 "low memory" profile
(64 MiB, 3 passes); the measured cost per hash is in the README.
"""
from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing or unreadable hash never matches."""
    if not stored_hash:
        # Spend the same time as a real check, so timing does not tell which emails exist.
        _burn(password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = _hasher.hash("an unguessable dummy password for timing")


def _burn(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY_HASH, password)
