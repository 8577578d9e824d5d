"""Outgoing mail: ``console`` (stderr, development), ``file:/folder`` (one ``.eml`` per message, development
and tests) or ``smtp://user:pass@host:port`` / ``smtps://...`` (production; STARTTLS when offered)."""

from __future__ import annotations

import logging
import secrets
import smtplib
import sys
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from marketplace.settings import Settings

log = logging.getLogger("marketplace.mail")


def message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.mail_from, to, subject
    msg.set_content(body)
    return msg


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """Deliver one plain-text message; failures are logged, never raised (the request already succeeded)."""
    msg = message(settings, to, subject, body)
    backend = settings.mail_backend
    try:
        if backend == "console":
            sys.stderr.write(f"--- mail to {to} ---\n{msg}\n--- end of mail ---\n")
        elif backend.startswith("file:"):
            folder = Path(backend.removeprefix("file:"))
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
            (folder / f".{name}").write_bytes(msg.as_bytes())
            (folder / f".{name}").rename(folder / name)  # readers never see half a message
        elif backend.startswith(("smtp://", "smtps://")):
            url = urlsplit(backend)
            cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
            with cls(url.hostname or "localhost", url.port or (465 if url.scheme == "smtps" else 25),
                     timeout=10) as smtp:
                if url.scheme == "smtp" and smtp.has_extn("starttls"):
                    smtp.starttls()
                if url.username:
                    smtp.login(unquote(url.username), unquote(url.password or ""))
                smtp.send_message(msg)
        else:
            log.error("unknown mail backend %r: message to %s dropped", backend.split(":")[0], to)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("sending mail failed: %s", type(exc).__name__)
