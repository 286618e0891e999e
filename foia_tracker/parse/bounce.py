"""Delivery reports: RFC 3464 DSNs and classic mailer-daemon texts, and what they name.

Precision first: a delay is never a failure, and an address the report does not clearly name
as failed is never taken (a list, its owner, the postmaster, the sender itself).
"""

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser

from .decode import decode_bytes
from .headers import first_header, unique
from .mime import payload_bytes, subparts


@dataclass(frozen=True)
class BounceInfo:
    """A delivery report (RFC 3464 DSN or a classic mailer-daemon text) and what it names.

    `action` is "failed" (a bounce) or "delayed" (a warning: the server is still trying).
    """

    original_message_id: str | None
    original_recipients: tuple[str, ...]
    status: str | None
    action: str | None
    diagnostic: str | None

    @property
    def failed(self) -> bool:
        return self.action == "failed"


def _dsn_field(block: Message, name: str) -> str:
    value = first_header(block, name)
    # RFC 3464 section 2.3: "rfc822; user@example.org", "smtp; 550 5.1.1 ..."
    return value.split(";", 1)[1].strip() if ";" in value else value.strip()


def dsn_bounce(part: Message) -> BounceInfo | None:
    blocks = subparts(part)
    if not blocks:
        text = decode_bytes(payload_bytes(part), None)
        blocks = [HeaderParser().parsestr(chunk) for chunk in re.split(r"\r?\n\r?\n", text)]
    by_action: dict[str, list[Message]] = {"failed": [], "delayed": []}
    for block in blocks[1:] or blocks:
        action = _dsn_field(block, "action").lower()
        status = _dsn_field(block, "status")
        if not action and status[:1] in ("4", "5"):
            action = "failed" if status.startswith("5") else "delayed"
        if action in by_action:
            by_action[action].append(block)
    # RFC 3464 section 2.3.3: "failed" is final; "delayed" is a warning (reported with that
    # action so callers can tell); "delivered", "relayed", "expanded" are no bounce at all.
    action = "failed" if by_action["failed"] else "delayed"
    chosen = by_action[action]
    if not chosen:
        return None
    recipients = [
        _dsn_field(b, "original-recipient") or _dsn_field(b, "final-recipient") for b in chosen
    ]
    return BounceInfo(
        original_message_id=None,
        original_recipients=unique(r.lower().strip("<>") for r in recipients if "@" in r),
        status=_dsn_field(chosen[0], "status") or None,
        action=action,
        diagnostic=_dsn_field(chosen[0], "diagnostic-code")[:500] or None,
    )


def with_original(bounce: BounceInfo, message_id: str | None) -> BounceInfo:
    return BounceInfo(
        message_id, bounce.original_recipients, bounce.status, bounce.action, bounce.diagnostic
    )


_DAEMON = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status notification \(failure\)|failure|has failed)|returned mail"
    r"|failure notice|mail delivery (failed|failure)|could not be delivered|non-?delivery",
    re.I,
)
_DELAY = re.compile(r"\bdelay|\bwarning: could not send|will retry|not yet been delivered", re.I)
_ORIGINAL_MARKER = re.compile(
    r"^[-\s]*(below this line is a copy of the message|this is a copy of the message"
    r"|original message|the original message|undelivered message|returned message"
    r"|forwarded message)",
    re.I | re.M,
)
_BOUNCED_ADDR = re.compile(r"^[ \t]*<?([^\s<>@:\"]+@[^\s<>:\"]+?)>?[ \t]*(?::|\(|$)", re.M)
_STATUS_CODE = re.compile(r"\b([45]\.\d{1,3}\.\d{1,3})\b")
_SMTP_LINE = re.compile(r"^.*\b[45]\d\d[ -].*$", re.M)
_ORIGINAL_ID = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]+>)", re.I | re.M)


def classic_bounce(fields: dict, body: str) -> BounceInfo | None:
    """A mailer-daemon text bounce (qmail, exim, old postfix, Exchange NDR text)."""
    local = (fields["from_addr"] or "").partition("@")[0]
    from_daemon = _DAEMON.match(local) is not None or "mail delivery" in fields["from_name"].lower()
    subject = fields["subject"]
    delayed = _DELAY.search(subject) is not None
    if not (from_daemon or _BOUNCE_SUBJECT.search(subject)) or (delayed and not from_daemon):
        return None
    marker = _ORIGINAL_MARKER.search(body)
    report = body[: marker.start()] if marker else body
    original = body[marker.start() :] if marker else body
    recipients = [a.lower() for a in _BOUNCED_ADDR.findall(report)]
    recipients = [a for a in recipients if a != fields["from_addr"]]
    if not recipients and not (delayed or _BOUNCE_SUBJECT.search(subject)):
        return None
    status = _STATUS_CODE.search(report)
    diagnostic = _SMTP_LINE.search(report)
    original_id = _ORIGINAL_ID.search(original)
    return BounceInfo(
        original_message_id=original_id.group(1) if original_id else None,
        original_recipients=unique(recipients),
        status=status.group(1) if status else None,
        action="delayed" if delayed else "failed",
        diagnostic=diagnostic.group(0).strip()[:500] if diagnostic else None,
    )
