"""Outgoing email: through SMTP when MLMCRM_SMTP_URL is set, otherwise into
a local outbox folder (one .eml file per message) that anyone can open.

MLMCRM_SMTP_URL   smtp://user:password@host:587 (STARTTLS when the server
                  offers it), smtps://user:password@host:465 (TLS from the
                  start), or smtp://host:25 without credentials.
MLMCRM_MAIL_FROM  the From address (default: MLM CRM <no-reply@localhost>).
MLMCRM_OUTBOX_DIR where messages go without SMTP (default: .data/outbox/).

Never call this inside a database transaction (a slow server would hold the
transaction open): jobs claim their work, commit, then send.
"""
from __future__ import annotations

import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from webapp.platform import clock, config


def outbox_dir() -> Path:
    return config.outbox_dir()


def sender() -> str:
    return config.mail_from()


def message(to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender()
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="mlmcrm.local")
    msg.set_content(body)
    return msg


def send(msg: EmailMessage) -> str:
    """Deliver `msg`; returns where it went ('smtp' or the outbox file's path)."""
    url = config.smtp_url()
    if url:
        _send_smtp(url, msg)
        return "smtp"
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(msg))
    tmp.rename(path)  # a reader never sees half a message
    return str(path)


def _send_smtp(url: str, msg: EmailMessage) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("MLMCRM_SMTP_URL must start with smtp:// or smtps://")
    host, port = parts.hostname or "localhost", parts.port or (465 if parts.scheme == "smtps" else 25)
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(host, port, timeout=30, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=30)
    with server:
        if parts.scheme == "smtp":
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(msg)
