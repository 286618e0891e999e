"""Raw RFC 5322 bytes -> ParsedMessage: headers, body text, attachment leaves, bounce, flags.

Pure: no I/O, and `parse_message` never raises. Mail from agencies is old, broken and hostile
in every way a mail client can manage (8-bit headers, lying charsets, missing boundaries,
winmail.dat, zip bombs, "../" filenames), and one unreadable message must never stop a poll: a
failure becomes `parse_error` text alongside whatever could be read.

We parse with the stdlib `email` package in the compat32 policy, which tolerates more broken
input than the modern policy, and decode headers ourselves (RFC 2047 words, raw 8-bit bytes).
The stages live beside this module: decode (charsets, RFC 2047), headers (addresses, IDs,
Authentication-Results), walk (MIME tree, containers), bounce, autoreply.
"""

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime

from . import walk as _walk
from .autoreply import AUTO_REPLY_SUBJECT, PORTAL_DOMAINS, flags
from .bounce import BounceInfo, own_addresses, settle, with_original
from .classic import classic_bounce, with_aliases
from .decode import decode_bytes, decode_header_text, html_to_text
from .headers import authserv_id, dmarc_failed, header_fields, is_from, mailbox_key
from .leaves import AttachmentLeaf, make_leaf, safe_filename, sniff_content_type
from .ses import ses_bounce
from .spill import activate, deactivate, spill
from .unpack import (
    MAX_NESTING,
    ZIP_MAX_DEPTH,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL,
    extract_uuencoded,
    unzip_within_limits,
)

__all__ = [  # re-exported: other packages import these names from here
    "AUTO_REPLY_SUBJECT",
    "MAX_NESTING",
    "PORTAL_DOMAINS",
    "ZIP_MAX_DEPTH",
    "ZIP_MAX_MEMBERS",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_TOTAL",
    "AttachmentLeaf",
    "BounceInfo",
    "ParsedMessage",
    "authserv_id",
    "decode_bytes",
    "decode_header_text",
    "dmarc_failed",
    "extract_uuencoded",
    "html_to_text",
    "is_from",
    "mailbox_key",
    "make_leaf",
    "parse_message",
    "safe_filename",
    "sniff_content_type",
    "unzip_within_limits",
]


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    from_addr: str | None = None
    from_name: str = ""
    to_addrs: tuple[str, ...] = ()
    cc_addrs: tuple[str, ...] = ()
    recipient_addrs: tuple[str, ...] = ()
    reply_to: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    body_text: str = ""
    auto_submitted: str | None = None
    is_auto_reply: bool = False
    automated: bool = False
    bounce: BounceInfo | None = None
    auth_results: tuple[tuple[str, str], ...] = ()
    attachments: tuple[AttachmentLeaf, ...] = ()
    defects: tuple[str, ...] = ()
    parse_error: str | None = None
    auto_reply_evidence: str = ""  # the header, subject prefix or wording that made it one
    # A delivery or read report (RFC 6522 multipart/report) that is no bounce: "delivered",
    # "relayed", "displayed". Machine mail about our own message, never an agency's answer.
    report: bool = False


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one raw message. Never raises: errors go to `parse_error`."""
    try:
        return _parse(raw)
    except Exception as exc:  # noqa: BLE001 - a poll must survive any message
        return _fallback(raw, exc)


def _fallback(raw: bytes, exc: Exception) -> ParsedMessage:
    error = f"{type(exc).__name__}: {exc}"[:500]
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        return ParsedMessage(**header_fields(msg), parse_error=error)
    except Exception:  # noqa: BLE001
        return ParsedMessage(parse_error=error)


def _parse(raw: bytes) -> ParsedMessage:
    small, spilled = spill(raw)
    token = activate(spilled)
    try:
        return _parse_small(small)
    finally:
        deactivate(token)


def _parse_small(raw: bytes) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    fields = header_fields(msg)
    walk = _walk.Walk()
    walk.message(msg, source="attachment", parent=None, depth=0)
    body = walk.body()
    found = flags(msg, fields, body)
    if walk.dsn_seen:
        bounce = walk.bounce and with_aliases(walk.bounce, body)
    else:
        bounce = ses_bounce(msg, body) or classic_bounce(msg, fields, body)
    bounce = settle(bounce, own_addresses(msg, fields, body), fields["from_addr"])
    if bounce and not bounce.original_message_id and walk.returned_id:
        bounce = with_original(bounce, walk.returned_id)
    return ParsedMessage(
        **fields,
        body_text=body,
        auto_submitted=found.auto_submitted,
        is_auto_reply=found.is_auto_reply and bounce is None,
        report=walk.automated_report and bounce is None,
        auto_reply_evidence=found.evidence if bounce is None else "",
        automated=found.automated or bounce is not None or walk.automated_report,
        bounce=bounce,
        attachments=walk.finish(),
        defects=tuple(walk.defects),
    )
