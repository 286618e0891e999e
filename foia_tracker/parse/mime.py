"""MIME part helpers shared by the walk and the bounce reader."""

import email
import email.policy
import re
from email.message import Message
from email.parser import HeaderParser

from .decode import decode_bytes, decode_header_text, unescape_8bit
from .headers import first_header, raw_headers
from .spill import restore


def subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


# A plain version that only says to read the HTML one (some portals and bulk senders).
_PLAIN_PLACEHOLDER = re.compile(
    r"\A\W*(?:(?:this|the) (?:message|e-?mail) (?:is|was) (?:in|sent in|formatted (?:in|as)) "
    r"html|(?:to view|view) this (?:message|e-?mail)\b.{0,60}\b(?:html|browser)|"
    r"your (?:e-?mail )?(?:client|program|reader) (?:does not|doesn't|cannot) (?:support|display) "
    r"html)[^\n]{0,120}\Z",
    re.I | re.S,
)


def pick_alternative(subs: list[Message]) -> Message | None:
    # RFC 2046 section 5.1.4 orders alternatives plainest first; we want the plain text, unless
    # it is empty or only points to the HTML version.
    inline = [s for s in subs if s.get_content_disposition() != "attachment"]
    plain = next((s for s in inline if s.get_content_type() == "text/plain"), None)
    rich = next((s for s in inline if s.get_content_type() == "text/html"), None)
    if plain is not None and rich is not None and _only_points_elsewhere(plain):
        return rich
    if plain is not None or rich is not None:
        return plain if plain is not None else rich
    for sub in subs:
        if sub.is_multipart():
            return sub
    return subs[-1] if subs else None


def payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken transfer encodings
        data = None
    if isinstance(data, bytes):
        return restore(data)
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def filename_of(part: Message) -> str:
    """The original filename: RFC 2231 parameters, RFC 2047 words, raw 8-bit bytes."""
    probe = Message()
    for name in ("content-disposition", "content-type"):
        for value in raw_headers(part, name):
            probe[name] = unescape_8bit(value)
    try:
        name = probe.get_filename() or ""
    except Exception:  # noqa: BLE001 - malformed parameters
        name = ""
    return decode_header_text(name)


def inner_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    # A message/rfc822 part sent base64-encoded (RFC 2046 forbids it; Outlook does it).
    data = payload_bytes(part)
    return email.message_from_bytes(data, policy=email.policy.compat32) if data else None


def message_bytes(msg: Message) -> bytes:
    try:
        data = msg.as_bytes(policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 - re-serialising a broken part
        data = msg.as_string(policy=email.policy.compat32).encode("utf-8", "surrogateescape")
    return restore(data)


def forwarded_block(msg: Message, body: str, title: str = "Forwarded message") -> str:
    lines = [f"---------- {title} ----------"]
    for name in ("From", "Date", "Subject", "To", "Cc", "Message-ID"):
        value = first_header(msg, name)
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + ("\n\n" + body if body else "")


def returned_headers(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    data = payload_bytes(part)
    text = decode_bytes(data, part.get_content_charset())
    return HeaderParser(policy=email.policy.compat32).parsestr(text, headersonly=True)


def _only_points_elsewhere(plain: Message) -> bool:
    raw = plain.get_payload()
    if isinstance(raw, str) and len(raw) > 1200:
        return False  # a placeholder is one short line, even quoted-printable (x3): no decoding
    text = decode_bytes(payload_bytes(plain), plain.get_content_charset()).strip()
    return len(text) < 3 or bool(_PLAIN_PLACEHOLDER.match(text))
