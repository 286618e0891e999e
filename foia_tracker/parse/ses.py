"""Amazon SES bounce notifications that Amazon SNS delivers by e-mail as JSON.

A user who sends through SES gets no mailer-daemon text: SES publishes a JSON notification to an
SNS topic, and an e-mail subscription to that topic delivers it. With the "Email-JSON" protocol
the body is SNS's envelope (`"Type": "Notification"`) whose `Message` string holds SES's JSON;
with plain "Email" the body is SES's JSON itself. Field meanings follow the SES Developer Guide,
"Amazon SNS notification contents for Amazon SES": `notificationType` (or `eventType` when the
notice comes from event publishing) is "Bounce"; `bounce.bounceType` is Permanent, Transient or
Undetermined; `bounce.bouncedRecipients[]` carry `emailAddress`, `status` and `diagnosticCode`;
`mail.source` is the sender (us) and `mail.commonHeaders.messageId` the letter's Message-ID.

A notice counts only when SNS sent it (its `x-amz-sns-message-id` header or its envelope), so a
person quoting such JSON in a letter is not read as a bounce.
"""

from __future__ import annotations

import json
import re
from email.message import Message

from .bounce import BounceInfo
from .headers import message_id, raw_headers, unique

_MAX_JSON = 200_000  # a notice with full headers is a few kB; never decode a huge body
# Permanent subtypes where SES did not try to deliver for a reason that says nothing new about
# the address (it is on the user's own suppression list, or unsubscribed).
_NOT_TRIED = {"onaccountsuppressionlist", "unsubscribedrecipient"}
_ADDRESS = re.compile(r"^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$")


def ses_bounce(msg: Message, body: str) -> BounceInfo | None:
    """The bounce an SES notice reports, or None when the mail is no SES bounce notice."""
    notice = _notice(msg, body)
    bounce = notice.get("bounce") if notice else None
    if not isinstance(bounce, dict):
        return None
    mail = notice.get("mail") if isinstance(notice.get("mail"), dict) else {}
    source = str(mail.get("source") or "").lower()
    listed = [r for r in bounce.get("bouncedRecipients") or [] if isinstance(r, dict)]
    addresses = unique(
        a
        for a in (str(r.get("emailAddress") or "").strip().strip("<>").lower() for r in listed)
        if _ADDRESS.match(a) and a != source
    )
    first = listed[0] if listed else {}
    kind = str(bounce.get("bounceType") or "").lower()
    subtype = str(bounce.get("bounceSubType") or "").lower()
    # Permanent: SES's hard bounce, the address is bad. Transient (SES has stopped trying) and
    # Undetermined (no reason known): the letter did not arrive, the address may be good.
    permanent = kind == "permanent" and subtype not in _NOT_TRIED
    return BounceInfo(
        original_message_id=_letter_id(mail),
        original_recipients=addresses,
        status=_text(first.get("status")),
        action="failed" if permanent else "delayed",
        diagnostic=_text(first.get("diagnosticCode")),
        gave_up=not permanent,
    )


def _notice(msg: Message, body: str) -> dict | None:
    """SES's notification object, if the body is one SNS delivered, with type Bounce."""
    if "notificationType" not in body and "eventType" not in body:
        return None  # most mail: no JSON to decode
    start = body.find("{")
    if start < 0 or len(body) - start > _MAX_JSON:
        return None
    try:
        outer, _ = json.JSONDecoder().raw_decode(body[start:])
    except ValueError:
        return None
    if not isinstance(outer, dict):
        return None
    from_sns = bool(raw_headers(msg, "x-amz-sns-message-id"))
    notice = outer
    if outer.get("Type") == "Notification" and isinstance(outer.get("Message"), str):
        from_sns = from_sns or bool(outer.get("TopicArn"))
        try:
            notice = json.loads(outer["Message"])
        except ValueError:
            return None
    if not from_sns or not isinstance(notice, dict):
        return None
    kind = notice.get("notificationType") or notice.get("eventType")
    return notice if kind == "Bounce" else None


def _letter_id(mail: dict) -> str | None:
    common = mail.get("commonHeaders")
    if isinstance(common, dict) and isinstance(common.get("messageId"), str):
        return message_id(common["messageId"])
    for header in mail.get("headers") or []:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == "message-id":
            return message_id(str(header.get("value", "")))
    return None  # mail.messageId is SES's own id, not the letter's Message-ID


def _text(value) -> str | None:
    return str(value)[:500] if value else None
