"""What makes a password acceptable, with a reason a person can act on.

NIST SP 800-63B's advice: length over composition rules, and refuse
passwords that are common or derived from the account's own name.
"""
from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 128
# The most used passwords and keyboard walks, long enough to pass the length rule.
COMMON = {
    "1234567890", "12345678910", "0123456789", "qwertyuiop", "password12", "password123",
    "password1234", "passw0rd123", "iloveyou123", "qwerty1234", "qwerty12345", "1q2w3e4r5t",
    "1qaz2wsx3edc", "abcdefghij", "abc1234567", "letmein123", "welcome123", "admin12345",
    "administrator", "changeme123", "football123", "baseball123", "monkey12345", "sunshine123",
    "princess123", "dragon12345", "trustno1234", "aaaaaaaaaa", "zaq12wsxcde", "asdfghjkl1",
    "mlmcrm12345", "distributor", "0987654321", "9876543210", "1111111111", "qazwsxedc123",
}


def weakness(password: str, email: str = "") -> str | None:
    """None when acceptable, else why not (one sentence)."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in COMMON:
        return "This password is one of the most common ones; choose another."
    if len(set(lowered)) < 4:
        return "Use more different characters."
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "Do not use your email address in your password."
    if lowered.isdigit():
        return "Use letters as well as digits, or a longer passphrase."
    return None
