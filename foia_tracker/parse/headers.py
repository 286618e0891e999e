"""Header fields: addresses, Message-IDs, recipients named in Received, Authentication-Results.

The one parser of the RFC 8601 authserv-id lives here (`authserv_id`); `dmarc_failed` and
`foia check` both read it.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .decode import decode_header_text, unescape_8bit, unfold

if TYPE_CHECKING:
    from .message import ParsedMessage

_MSGID = re.compile(r"<[^<>\s]+>")
# Bounded, and no "@" in the local part: a hostile `for @@@…` header must not go quadratic.
_RECEIVED_FOR = re.compile(r"\bfor\s+<?([^\s<>;\"@]{1,64}@[^\s<>;\"]{1,255}?)>?\s*(?:;|$|\s)", re.I)
_RECEIVED_MAX = 4096  # a real Received header is a few hundred characters


@dataclass
class _HeaderView:
    fields: dict[str, list[str]]  # raw values by lowercase name, in the message's order
    first: dict[str, str] = field(default_factory=dict)  # first value, decoded, once asked


# Parsing one message asks for some thirty header names (here, and in autoreply, classic, mime
# and walk), and each ask scanned every field of the part. A part's fields are read into a view
# once, the first time any is asked for, and kept while the part lives. The parser never changes
# a part's headers, so the view cannot go stale.
_VIEWS: WeakKeyDictionary[Message, _HeaderView] = WeakKeyDictionary()


def _view(msg: Message) -> _HeaderView:
    found = _VIEWS.get(msg)
    if found is None:
        fields: dict[str, list[str]] = {}
        for key, value in msg.raw_items():
            fields.setdefault(key.lower(), []).append(str(value))
        found = _VIEWS[msg] = _HeaderView(fields)
    return found


def raw_headers(msg: Message, name: str) -> list[str]:
    return list(_view(msg).fields.get(name.lower(), ()))


def first_header(msg: Message, name: str) -> str:
    view = _view(msg)
    wanted = name.lower()
    found = view.first.get(wanted)
    if found is None:
        values = view.fields.get(wanted)
        found = view.first[wanted] = decode_header_text(values[0]) if values else ""
    return found


def addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    # Split addresses before decoding RFC 2047 words: a decoded display name may hold
    # "(", "," or "<" that would break the address syntax (RFC 2047 section 5).
    values = [unfold(unescape_8bit(v)) for name in names for v in raw_headers(msg, name)]
    pairs = []
    for display, addr in getaddresses(values):
        addr = addr.strip().strip("<>").lower()
        if "@" in addr:
            pairs.append((decode_header_text(display), addr))
    return pairs


def unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def message_ids(value: str) -> tuple[str, ...]:
    return unique(_MSGID.findall(value))


def message_id(value: str) -> str | None:
    ids = message_ids(value)
    if ids:
        return ids[0]
    bare = value.strip()
    # Printable ASCII only (RFC 5322 msg-id): an encoded CR/LF must never reach our headers.
    return f"<{bare}>" if re.fullmatch(r"[!-~]{1,900}", bare) else None


def header_fields(msg: Message) -> dict:
    """Everything read from the top-level header (also used when the body cannot be read)."""
    sender = addresses(msg, "from") or addresses(msg, "sender")
    to = addresses(msg, "to")
    cc = addresses(msg, "cc")
    received_for = [
        m.group(1).lower()
        for value in raw_headers(msg, "received")
        for m in _RECEIVED_FOR.finditer(decode_header_text(value)[:_RECEIVED_MAX])
    ]
    extra = addresses(
        msg, "bcc", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "resent-to"
    )
    recipients = [a for _, a in to + cc + extra] + received_for
    return {
        "message_id": message_id(first_header(msg, "message-id")),
        "in_reply_to": message_ids(first_header(msg, "in-reply-to")),
        "references": message_ids(" ".join(raw_headers(msg, "references"))),
        "from_addr": sender[0][1] if sender else None,
        "from_name": sender[0][0] if sender else "",
        "to_addrs": unique(a for _, a in to),
        "cc_addrs": unique(a for _, a in cc),
        "recipient_addrs": unique(recipients),
        "reply_to": unique(a for _, a in addresses(msg, "reply-to")),
        "subject": first_header(msg, "subject"),
        "date": parse_date(first_header(msg, "date")),
        "auth_results": auth_results(msg),
    }


def parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # RFC 5322 section 3.3: "-0000" means the zone is unknown; we read it as UTC.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def authserv_id(header_value: str) -> str | None:
    """The authserv-id of one Authentication-Results value: what comes before the first ";",
    without the optional version number (RFC 8601 section 2.2), lowercased; None if empty."""
    head = decode_header_text(header_value).split(";", 1)[0].split()
    return head[0].lower() if head else None


def auth_results(msg: Message) -> tuple[tuple[str, str], ...]:
    """(authserv-id, whole value) for every Authentication-Results header, topmost first."""
    results = []
    for value in raw_headers(msg, "authentication-results"):
        results.append((authserv_id(value) or "", decode_header_text(value)))
    return tuple(results)


def dmarc_failed(parsed: "ParsedMessage", authserv_id: str) -> bool:
    """Whether the user's own provider (`authserv_id`) recorded a DMARC failure.

    Only the topmost result from that provider counts: RFC 8601 section 5 has the receiving
    server add its own header above anything a sender forged further down.
    """
    for server, text in parsed.auth_results:
        if server == authserv_id.lower():
            return re.search(r"\bdmarc\s*=\s*fail\b", text, re.I) is not None
    return False


def mailbox_key(address: str) -> str:
    """An address compared as a mailbox: lowercased, any "+tag" subaddress dropped (RFC 5233),
    so the user's own plus-addressed reply address is still the user."""
    local, at, domain = (address or "").strip().strip("<>").lower().rpartition("@")
    if not at:
        return domain
    return f"{local.split('+', 1)[0] or local}@{domain}"


def is_from(parsed: "ParsedMessage", addresses) -> bool:
    """Whether the message's author (From, else Sender) is one of `addresses`: e.g. the user's
    own address for a Bcc or forward of her own letter. Subaddresses compare equal. The policy
    (what an own message means) is the caller's."""
    wanted = {mailbox_key(a) for a in addresses if a}
    return bool(parsed.from_addr) and mailbox_key(parsed.from_addr) in wanted
