"""Raw RFC 5322 bytes -> ParsedMessage: headers, body text, attachment leaves, bounce, flags.

Pure: no I/O, and `parse_message` never raises. Mail from agencies is old, broken and hostile
in every way a mail client can manage (8-bit headers, lying charsets, missing boundaries,
winmail.dat, zip bombs, "../" filenames), and one unreadable message must never stop a poll: a
failure becomes `parse_error` text alongside whatever could be read.

We parse with the stdlib `email` package in the compat32 policy, which tolerates more broken
input than the modern policy, and decode headers ourselves (RFC 2047 words, raw 8-bit bytes).
"""

import binascii
import email
import email.policy
import hashlib
import html
import io
import mimetypes
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

import tnefparse

# Records portals send notices on an agency's behalf from one shared domain; a sender there says
# nothing about which agency wrote.
PORTAL_DOMAINS = frozenset(
    {
        "nextrequest.com",
        "govqa.us",
        "mycusthelp.com",
        "mycusthelp.net",
        "justfoia.com",
        "foiaonline.gov",
        "civicplus.com",
        "granicusideas.com",
    }
)

MAX_NESTING = 8
ZIP_MAX_MEMBERS = 500
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # per message: every zip and TNEF in it together
ZIP_MAX_RATIO = 100
ZIP_MAX_DEPTH = 1
FILENAME_MAX = 120


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


@dataclass(frozen=True)
class AttachmentLeaf:
    filename: str
    safe_name: str
    content_type: str
    data: bytes = field(repr=False)
    source: str  # attachment | zip-member | nested | uuencode | tnef
    parent_sha256: str | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


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
        return ParsedMessage(**_header_fields(msg), parse_error=error)
    except Exception:  # noqa: BLE001
        return ParsedMessage(parse_error=error)


def _parse(raw: bytes) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    fields = _header_fields(msg)
    walk = _Walk()
    walk.message(msg, source="attachment", parent=None, depth=0)
    flags = _flags(msg, fields)
    bounce = walk.bounce if walk.dsn_seen else _classic_bounce(fields, walk.body())
    if bounce and not bounce.original_message_id and walk.returned_id:
        bounce = _with_original(bounce, walk.returned_id)
    return ParsedMessage(
        **fields,
        body_text=walk.body(),
        auto_submitted=flags.auto_submitted,
        is_auto_reply=flags.is_auto_reply and bounce is None,
        automated=flags.automated or bounce is not None or walk.automated_report,
        bounce=bounce,
        attachments=tuple(walk.leaves),
        defects=tuple(walk.defects),
    )


# --- text decoding -------------------------------------------------------------------------

_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1"}
_ASCII_LABELS = {"us-ascii", "ascii", "ansi_x3.4-1968"}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text under a declared charset that may be missing, unknown or a lie."""
    label = (charset or "").strip().strip('"').lower()
    if label in _LATIN1_LABELS:
        # Windows clients label cp1252 text as ISO-8859-1 (curly quotes, dashes in 0x80-0x9F);
        # WHATWG Encoding maps the label to windows-1252 for the same reason.
        return _cp1252(data)
    if label and label not in _ASCII_LABELS:
        try:
            return data.decode(label)
        except UnicodeDecodeError:
            if label not in ("utf-8", "utf8"):
                return data.decode(label, errors="replace")
        except (LookupError, ValueError):
            pass  # unknown or malformed label: guess below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _cp1252(data)


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # five bytes are undefined in cp1252; latin-1 maps every byte.
        return "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in data
        )


def _unescape_8bit(value: str) -> str:
    """Header text as read by the parser (raw 8-bit bytes as surrogates) -> real text."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return decode_bytes(value.encode("ascii", "surrogateescape"), None)


# RFC 2047 section 2: =?charset?encoding?encoded-text?= (charset may carry an RFC 2231 *lang).
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(=\?)")


def decode_header_text(value: str | None) -> str:
    """A header value as text: unfolded, 8-bit bytes and RFC 2047 encoded words decoded."""
    if not value:
        return ""
    text = re.sub(r"\r?\n[ \t]*", " ", _unescape_8bit(str(value)))
    if "=?" not in text:
        return text.strip()
    # RFC 2047 section 6.2: whitespace between adjacent encoded words is not displayed.
    text = _BETWEEN_WORDS.sub(r"\1\2", text)
    out, pending, pending_charset, last = [], b"", None, 0
    for word in _ENCODED_WORD.finditer(text):
        charset = word.group(1).split("*")[0].lower()
        if word.start() != last or charset != pending_charset:
            out.append(decode_bytes(pending, pending_charset))
            out.append(text[last : word.start()])
            pending = b""
        # Words of one charset are joined before decoding: senders split multi-byte characters.
        pending += _decode_word(word.group(2), word.group(3))
        pending_charset, last = charset, word.end()
    out.append(decode_bytes(pending, pending_charset))
    out.append(text[last:])
    return "".join(out).strip()


def _decode_word(encoding: str, payload: str) -> bytes:
    try:
        if encoding in "bB":
            return binascii.a2b_base64(payload + "=" * (-len(payload) % 4))
        return binascii.a2b_qp(payload.replace("_", " "))
    except (binascii.Error, ValueError):
        return payload.encode("ascii", "replace")


# --- headers -------------------------------------------------------------------------------

_MSGID = re.compile(r"<[^<>\s]+>")
# Bounded, and no "@" in the local part: a hostile `for @@@…` header must not go quadratic.
_RECEIVED_FOR = re.compile(r"\bfor\s+<?([^\s<>;\"@]{1,64}@[^\s<>;\"]{1,255}?)>?\s*(?:;|$|\s)", re.I)
_RECEIVED_MAX = 4096  # a real Received header is a few hundred characters


def _raw_headers(msg: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [str(v) for k, v in msg.raw_items() if k.lower() == wanted]


def _first_header(msg: Message, name: str) -> str:
    values = _raw_headers(msg, name)
    return decode_header_text(values[0]) if values else ""


def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    # Split addresses before decoding RFC 2047 words: a decoded display name may hold
    # "(", "," or "<" that would break the address syntax (RFC 2047 section 5).
    values = [
        re.sub(r"\r?\n[ \t]*", " ", _unescape_8bit(v))
        for name in names
        for v in _raw_headers(msg, name)
    ]
    pairs = []
    for display, addr in getaddresses(values):
        addr = addr.strip().strip("<>").lower()
        if "@" in addr:
            pairs.append((decode_header_text(display), addr))
    return pairs


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _message_ids(value: str) -> tuple[str, ...]:
    return _unique(_MSGID.findall(value))


def _message_id(value: str) -> str | None:
    ids = _message_ids(value)
    if ids:
        return ids[0]
    bare = value.strip()
    # Printable ASCII only (RFC 5322 msg-id): an encoded CR/LF must never reach our headers.
    return f"<{bare}>" if re.fullmatch(r"[!-~]{1,900}", bare) else None


def _header_fields(msg: Message) -> dict:
    """Everything read from the top-level header (also used when the body cannot be read)."""
    sender = _addresses(msg, "from") or _addresses(msg, "sender")
    to = _addresses(msg, "to")
    cc = _addresses(msg, "cc")
    received_for = [
        m.group(1).lower()
        for value in _raw_headers(msg, "received")
        for m in _RECEIVED_FOR.finditer(decode_header_text(value)[:_RECEIVED_MAX])
    ]
    extra = _addresses(
        msg, "bcc", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "resent-to"
    )
    recipients = [a for _, a in to + cc + extra] + received_for
    return {
        "message_id": _message_id(_first_header(msg, "message-id")),
        "in_reply_to": _message_ids(_first_header(msg, "in-reply-to")),
        "references": _message_ids(" ".join(_raw_headers(msg, "references"))),
        "from_addr": sender[0][1] if sender else None,
        "from_name": sender[0][0] if sender else "",
        "to_addrs": _unique(a for _, a in to),
        "cc_addrs": _unique(a for _, a in cc),
        "recipient_addrs": _unique(recipients),
        "reply_to": _unique(a for _, a in _addresses(msg, "reply-to")),
        "subject": _first_header(msg, "subject"),
        "date": _date(_first_header(msg, "date")),
        "auth_results": _auth_results(msg),
    }


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # RFC 5322 section 3.3: "-0000" means the zone is unknown; we read it as UTC.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _auth_results(msg: Message) -> tuple[tuple[str, str], ...]:
    # RFC 8601 section 2.2: the value starts with the authserv-id (and an optional version).
    results = []
    for value in _raw_headers(msg, "authentication-results"):
        text = decode_header_text(value)
        head = text.split(";", 1)[0].split()
        results.append((head[0].lower() if head else "", text))
    return tuple(results)


def dmarc_failed(parsed: ParsedMessage, authserv_id: str) -> bool:
    """Whether the user's own provider (`authserv_id`) recorded a DMARC failure.

    Only the topmost result from that provider counts: RFC 8601 section 5 has the receiving
    server add its own header above anything a sender forged further down.
    """
    for server, text in parsed.auth_results:
        if server == authserv_id.lower():
            return re.search(r"\bdmarc\s*=\s*fail\b", text, re.I) is not None
    return False


# --- flags: auto-replies and automated mail ------------------------------------------------

# Only as a subject prefix: "Automatic reply:" (Exchange), "Out of Office:" (older Outlook),
# "Auto-Reply:" and friends; a real answer may mention "out of office" later in its subject.
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|sv|fw|fwd)\s*:\s*)*"
    r"(automatic reply|auto(matic)?[- ]?reply|auto[- ]?response|out of (the )?office"
    r"|abwesenheitsnotiz|respuesta autom[aá]tica|r[ée]ponse automatique)\b",
    re.I,
)
_NOREPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|notifications?)([+._-]|$)", re.I)


@dataclass(frozen=True)
class _Flags:
    auto_submitted: str | None
    is_auto_reply: bool
    automated: bool


def _flags(msg: Message, fields: dict) -> _Flags:
    auto_submitted = _first_header(msg, "auto-submitted").split(";")[0].strip().lower() or None
    precedence = _first_header(msg, "precedence").strip().lower()
    # RFC 3834 section 5: any Auto-Submitted value but "no" marks machine-sent mail; older
    # responders use X-Autoreply / X-Autorespond or Precedence: auto_reply instead.
    auto_reply = (
        auto_submitted == "auto-replied"
        or bool(_raw_headers(msg, "x-autoreply") or _raw_headers(msg, "x-autorespond"))
        or precedence == "auto_reply"
        or _AUTO_REPLY_SUBJECT.search(fields["subject"]) is not None
    )
    sender = fields["from_addr"] or ""
    local, _, domain = sender.partition("@")
    automated = (
        auto_reply
        or (auto_submitted not in (None, "no"))
        or precedence in ("bulk", "list", "junk")
        or bool(_raw_headers(msg, "list-id") or _raw_headers(msg, "list-unsubscribe"))
        or _NOREPLY.match(local) is not None
        or any(domain == d or domain.endswith("." + d) for d in PORTAL_DOMAINS)
    )
    if auto_submitted == "no":
        auto_submitted = None
    return _Flags(auto_submitted, auto_reply, automated)


# --- the MIME walk -------------------------------------------------------------------------


class _Walk:
    """Collects body text, attachment leaves, defects and any DSN found in one message tree."""

    def __init__(self):
        self.plain: list[str] = []
        self.html: list[str] = []
        self.blocks: list[str] = []  # forwarded messages and returned headers, always shown
        self.leaves: list[AttachmentLeaf] = []
        self.defects: list[str] = []
        self.bounce: BounceInfo | None = None
        self.automated_report = False
        self.returned_id: str | None = None
        self.dsn_seen = False  # a machine-readable report decides; no guessing from its text
        self.expanded = 0  # bytes unpacked from containers so far, against ZIP_MAX_TOTAL

    def body(self) -> str:
        chunks = (self.plain or self.html) + self.blocks
        return "\n\n".join(t.strip("\n") for t in chunks if t.strip()).strip()

    def message(self, msg: Message, source: str, parent: str | None, depth: int) -> None:
        if depth > MAX_NESTING:
            self.defects.append("NestingTooDeep")
            return
        self.part(msg, source, parent, depth, text=True)

    def part(self, part: Message, source: str, parent: str | None, depth: int, text: bool):
        self.defects.extend(type(defect).__name__ for defect in part.defects)
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            self.nested(part, source, parent, depth)
        elif ctype == "multipart/report":
            self.report(part, source, parent, depth, text)
        elif ctype.startswith("message/"):
            return  # delivery-status outside a report, partial, external-body: nothing to file
        elif ctype == "multipart/alternative" and part.is_multipart():
            self.alternative(part, source, parent, depth, text)
        elif part.is_multipart():
            for sub in _subparts(part):
                self.part(sub, source, parent, depth, text)
        else:
            self.leaf(part, source, parent, text)

    def alternative(self, part, source, parent, depth, text):
        subs = _subparts(part)
        chosen = _pick_alternative(subs)
        for sub in subs:
            # attachments inside the versions not shown (e.g. images of the HTML) still count
            self.part(sub, source, parent, depth, text=text and sub is chosen)

    def leaf(self, part: Message, source: str, parent: str | None, text: bool) -> None:
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        data = _payload_bytes(part)
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            if text:
                self.text(ctype, decode_bytes(data, part.get_content_charset()), source, parent)
            return
        if ctype.startswith("multipart/") or ctype.startswith("message/"):
            return
        self.attachment(_filename(part), ctype, data, source, parent)

    def text(self, ctype: str, body: str, source: str, parent: str | None) -> None:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
        if ctype == "text/html":
            self.html.append(html_to_text(body))
            return
        body, blocks = extract_uuencoded(body)
        self.plain.append(body)
        for name, data in blocks:
            self.add(make_leaf(name, "application/octet-stream", data, "uuencode", parent))

    def attachment(self, name: str, ctype: str, data: bytes, source: str, parent: str | None):
        leaf = self.add(make_leaf(name, ctype, data, source, parent))
        lower = name.lower()
        if leaf.content_type == "application/ms-tnef" or lower.endswith("winmail.dat"):
            self.tnef(leaf)
        elif leaf.content_type == "application/zip" and not _is_office_zip(lower):
            self.zip(leaf, depth=0)

    def add(self, leaf: AttachmentLeaf) -> AttachmentLeaf:
        self.leaves.append(leaf)
        return leaf

    def nested(self, part: Message, source: str, parent: str | None, depth: int) -> None:
        inner = _inner_message(part)
        if inner is None:
            self.defects.append("NestedMessageUnreadable")
            return
        raw = _message_bytes(inner)
        name = _filename(part) or "forwarded-message.eml"
        container = self.add(make_leaf(name, "message/rfc822", raw, source, parent))
        sub = _Walk()
        sub.message(inner, source="nested", parent=container.sha256, depth=depth + 1)
        self.blocks.append(_forwarded_block(inner, sub.body()))
        self.leaves.extend(sub.leaves)
        self.defects.extend(sub.defects)
        self.bounce = self.bounce or sub.bounce
        self.returned_id = self.returned_id or sub.returned_id
        self.dsn_seen = self.dsn_seen or sub.dsn_seen

    def report(self, part: Message, source: str, parent: str | None, depth: int, text: bool):
        # RFC 6522: a report's first part is for people, the second machine-readable, the
        # third (optional) the returned original or its headers.
        self.automated_report = True
        for sub in _subparts(part):
            ctype = sub.get_content_type()
            if ctype in ("message/delivery-status", "message/global-delivery-status"):
                self.dsn_seen = True
                self.bounce = self.bounce or _dsn_bounce(sub)
            elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
                self.returned_original(sub)
            elif ctype == "message/disposition-notification":
                continue
            else:
                self.part(sub, source, parent, depth, text)

    def returned_original(self, part: Message) -> None:
        headers = _returned_headers(part)
        if headers is None:
            return
        self.blocks.append(_forwarded_block(headers, "", title="Returned message headers"))
        self.returned_id = self.returned_id or _message_id(_first_header(headers, "message-id"))

    def tnef(self, container: AttachmentLeaf) -> None:
        try:
            parsed = tnefparse.TNEF(container.data, do_checksum=False)
        except Exception as exc:  # noqa: BLE001 - tnefparse raises anything on bad input
            self.defects.append(f"TnefUnreadable: {type(exc).__name__}")
            return
        for item in parsed.attachments:
            name = _tnef_name(item)
            data = item.data if isinstance(item.data, bytes) else b""
            self.expanded += len(data)
            if self.expanded > ZIP_MAX_TOTAL:
                self.defects.append("TnefNotExtracted: size exceeds the limit")
                return
            self.add(make_leaf(name, "application/octet-stream", data, "tnef", container.sha256))
        if not (self.plain or self.html) and parsed.body:
            body = parsed.body
            text = body if isinstance(body, str) else decode_bytes(body, None)
            self.plain.append(text.replace("\r\n", "\n"))

    def zip(self, container: AttachmentLeaf, depth: int) -> None:
        members, problem = unzip_within_limits(container.data, ZIP_MAX_TOTAL - self.expanded)
        self.expanded += sum(len(data) for _, data in members)
        if problem:
            self.defects.append(f"ZipNotExtracted: {problem} in {container.safe_name}")
            return
        for name, data in members:
            leaf = self.add(
                make_leaf(name, "application/octet-stream", data, "zip-member", container.sha256)
            )
            is_zip = leaf.content_type == "application/zip" and not _is_office_zip(name.lower())
            if is_zip and depth + 1 < ZIP_MAX_DEPTH:
                self.zip(leaf, depth + 1)


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _pick_alternative(subs: list[Message]) -> Message | None:
    # RFC 2046 section 5.1.4 orders alternatives plainest first; we want the plain text.
    for wanted in ("text/plain", "text/html"):
        for sub in subs:
            if sub.get_content_type() == wanted and sub.get_content_disposition() != "attachment":
                return sub
    for sub in subs:
        if sub.is_multipart():
            return sub
    return subs[-1] if subs else None


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken transfer encodings
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _filename(part: Message) -> str:
    """The original filename: RFC 2231 parameters, RFC 2047 words, raw 8-bit bytes."""
    probe = Message()
    for name in ("content-disposition", "content-type"):
        for value in _raw_headers(part, name):
            probe[name] = _unescape_8bit(value)
    try:
        name = probe.get_filename() or ""
    except Exception:  # noqa: BLE001 - malformed parameters
        name = ""
    return decode_header_text(name)


def _inner_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    # A message/rfc822 part sent base64-encoded (RFC 2046 forbids it; Outlook does it).
    data = _payload_bytes(part)
    return email.message_from_bytes(data, policy=email.policy.compat32) if data else None


def _message_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes(policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 - re-serialising a broken part
        return msg.as_string(policy=email.policy.compat32).encode("utf-8", "surrogateescape")


def _forwarded_block(msg: Message, body: str, title: str = "Forwarded message") -> str:
    lines = [f"---------- {title} ----------"]
    for name in ("From", "Date", "Subject", "To", "Cc", "Message-ID"):
        value = _first_header(msg, name)
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + ("\n\n" + body if body else "")


def _returned_headers(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    data = _payload_bytes(part)
    text = decode_bytes(data, part.get_content_charset())
    return HeaderParser(policy=email.policy.compat32).parsestr(text, headersonly=True)


def _tnef_name(item) -> str:
    try:
        name = item.long_filename()
    except Exception:  # noqa: BLE001
        name = ""
    if isinstance(name, bytes):
        name = decode_bytes(name.rstrip(b"\x00"), None)
    return str(name or "").strip("\x00")


# --- bounces -------------------------------------------------------------------------------


def _dsn_field(block: Message, name: str) -> str:
    value = _first_header(block, name)
    # RFC 3464 section 2.3: "rfc822; user@example.org", "smtp; 550 5.1.1 ..."
    return value.split(";", 1)[1].strip() if ";" in value else value.strip()


def _dsn_bounce(part: Message) -> BounceInfo | None:
    blocks = _subparts(part)
    if not blocks:
        text = decode_bytes(_payload_bytes(part), None)
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
        original_recipients=_unique(r.lower().strip("<>") for r in recipients if "@" in r),
        status=_dsn_field(chosen[0], "status") or None,
        action=action,
        diagnostic=_dsn_field(chosen[0], "diagnostic-code")[:500] or None,
    )


def _with_original(bounce: BounceInfo, message_id: str | None) -> BounceInfo:
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


def _classic_bounce(fields: dict, body: str) -> BounceInfo | None:
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
        original_recipients=_unique(recipients),
        status=status.group(1) if status else None,
        action="delayed" if delayed else "failed",
        diagnostic=diagnostic.group(0).strip()[:500] if diagnostic else None,
    )


# --- HTML to text --------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "ul", "ol", "hr", "section", "article", "header", "footer", "address", "dt", "dd",
}  # fmt: skip
_DROP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg", "object"}


class _HtmlText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.mailto: tuple[int, str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_TAGS:
            self.dropping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith("mailto:"):
                self.mailto = (len(self.parts), href[7:].split("?")[0])

    def handle_endtag(self, tag):
        if tag == "a" and self.mailto:
            start, address = self.mailto
            # keep a reply address that appears only in the link target (tokens live there)
            if address not in "".join(self.parts[start:]):
                self.parts.append(f" <{address}>")
            self.mailto = None
        elif tag in _DROP_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text from HTML. Nothing is fetched or rendered: the markup is only tokenised."""
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but be sure
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = (
        re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- uuencode ------------------------------------------------------------------------------

# Block lines are limited to the uuencode alphabet (space to backquote), so a "begin" line with
# no "end" stops at the next ordinary line instead of scanning the rest of the body.
_UU_BLOCK = re.compile(
    r"^begin [0-7]{3,4} ([^\r\n]+)\r?\n((?:[\x20-\x60]*\r?\n)*?)end[ \t]*$", re.M
)


def extract_uuencoded(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Pull `begin 644 name` ... `end` blocks out of a body: (remaining text, [(name, data)])."""
    if "begin " not in text:
        return text, []
    blocks = []

    def take(match: re.Match) -> str:
        name = match.group(1).strip()
        blocks.append((name, _uudecode(match.group(2))))
        return f"[uuencoded attachment: {name}]"

    return _UU_BLOCK.sub(take, text), blocks


def _uudecode(lines: str) -> bytes:
    out = bytearray()
    for line in lines.splitlines():
        if not line or line in ("`", " "):
            continue
        try:
            out += binascii.a2b_uu(line)
        except (binascii.Error, ValueError):
            # some encoders pad lines with junk; trust the length byte
            length = (ord(line[0]) - 32) & 63
            try:
                out += binascii.a2b_uu(line[: 1 + (length + 2) // 3 * 4])
            except (binascii.Error, ValueError):
                continue
    return bytes(out)


# --- zip -----------------------------------------------------------------------------------


def unzip_within_limits(
    data: bytes, budget: int | None = None
) -> tuple[list[tuple[str, bytes]], str | None]:
    """Members of a zip, or ([], reason) when it is broken, encrypted, a bomb, or would take
    the message past ``budget`` bytes unpacked (default ``ZIP_MAX_TOTAL``)."""
    budget = ZIP_MAX_TOTAL if budget is None else budget
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        return [], f"unreadable zip ({exc})"
    problem = _zip_limits_problem(infos, budget)
    if problem:
        return [], problem
    members, total = [], 0
    for info in infos:
        try:
            content = _read_member(archive, info, budget - total)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            return [], f"unreadable member {info.filename!r} ({exc})"
        if content is None:
            return [], "uncompressed size exceeds the limit"
        total += len(content)
        members.append((info.filename, content))
    return members, None


def _zip_limits_problem(infos: list[zipfile.ZipInfo], budget: int) -> str | None:
    if len(infos) > ZIP_MAX_MEMBERS:
        return f"{len(infos)} members (limit {ZIP_MAX_MEMBERS})"
    if any(info.flag_bits & 0x1 for info in infos):
        return "encrypted"
    unpacked = sum(info.file_size for info in infos)
    if unpacked > budget:
        return "uncompressed size exceeds the limit"
    packed = sum(info.compress_size for info in infos)
    if unpacked > 1024 * 1024 and unpacked > ZIP_MAX_RATIO * max(packed, 1):
        return f"compression ratio over {ZIP_MAX_RATIO}:1 (possible zip bomb)"
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            return f"compression ratio over {ZIP_MAX_RATIO}:1 (possible zip bomb)"
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes | None:
    # The sizes in the central directory can lie; count what really comes out.
    limit = min(budget, max(info.file_size, 0)) + 1
    chunks, size = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(min(1 << 20, limit - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                return None
    return b"".join(chunks)


# --- leaves, names and types ---------------------------------------------------------------

# Python's built-in table only: the system's /etc/mime.types differs between machines.
_MIME = mimetypes.MimeTypes()
_OFFICE_ZIP_EXT = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar", ".xps")
_EXTRA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".msg": "application/vnd.ms-outlook",
    ".csv": "text/csv",
    ".eml": "message/rfc822",
    ".dat": "application/octet-stream",
    ".zip": "application/zip",
}
_GENERIC = {
    "application/octet-stream",
    "application/x-download",
    "application/download",
    "application/unknown",
    "binary/octet-stream",
    "application/force-download",
    "",
}


def _is_office_zip(lower_name: str) -> bool:
    return lower_name.endswith(_OFFICE_ZIP_EXT)


def _type_by_extension(name: str) -> str | None:
    ext = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if not ext:
        return None
    return _EXTRA_TYPES.get(ext) or _MIME.types_map[True].get(ext)


def sniff_content_type(name: str, declared: str, data: bytes) -> str:
    """The content type by magic bytes first, then extension, then what the sender declared."""
    by_ext = _type_by_extension(name)
    lower = name.lower()
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"\x78\x9f\x3e\x22"):
        return "application/ms-tnef"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return by_ext if _is_office_zip(lower) and by_ext else "application/zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2 compound file
        ole = lower.endswith((".doc", ".xls", ".ppt", ".msg"))
        return by_ext if ole and by_ext else "application/x-ole-storage"
    declared = (declared or "").lower()
    if declared in _GENERIC or declared == "application/zip":
        return by_ext or "application/octet-stream"
    return declared


_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.I)


def safe_filename(name: str, default: str = "attachment.bin") -> str:
    """A name safe to write anywhere: the last path component, no control or reserved characters.

    "../../etc/passwd" -> "passwd"; "..", "" -> `default`; "CON.txt" -> "_CON.txt".
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    name = _UNSAFE_CHARS.sub("_", name).strip().lstrip(".").rstrip(". ").strip()
    if not name:
        return default
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    return _shorten(name)


def _shorten(name: str) -> str:
    if len(name) <= FILENAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16 or not stem:
        return name[:FILENAME_MAX]
    return stem[: FILENAME_MAX - len(ext) - 1].rstrip(". ") + "." + ext


def make_leaf(
    name: str, declared: str, data: bytes, source: str, parent: str | None
) -> AttachmentLeaf:
    content_type = sniff_content_type(name, declared, data)
    ext = _MIME.guess_extension(content_type) or ".bin"
    return AttachmentLeaf(
        filename=name,
        safe_name=safe_filename(name, default=f"attachment{ext}"),
        content_type=content_type,
        data=data,
        source=source,
        parent_sha256=parent,
    )
