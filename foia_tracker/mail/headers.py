"""The one builder of outgoing headers and message bytes: preview and send both call it.

What ``foia campaign preview`` and ``foia reply`` show is ``outgoing_headers`` and the body;
what the outbox sends is ``build_message`` of the same row and body, which adds only the Date
(RFC 5322 3.6.1: the moment the message is complete, i.e. when it really goes).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping
from datetime import datetime
from email import quoprimime
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from foia_tracker.config import Config
from foia_tracker.tokens import reply_address

# A neutral letter: if even this cannot be built, the config (not a letter) is at fault.
PROBE_LETTER = {
    "token": "0000000000000",
    "to_addr": "records@example.org",
    "subject": "Public records request (XX-0000)",
    "message_id": "<probe@example.org>",
}


class _ReusedHeaders(HeaderRegistry):
    """The standard registry, minus its repeated work: it makes a new class for every header it
    parses, and parses the same From and MIME headers again for every letter. Header objects
    are immutable strings, so letters can share them; the bytes written are the same."""

    REPEATED = frozenset({"from", "mime-version", "content-type", "content-transfer-encoding"})

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value: str) -> BaseHeader:
        if name.lower() not in self.REPEATED or not isinstance(value, str):
            return self[name](name, value)
        key = (name, value)
        found = self._parsed.get(key)
        if found is None:
            found = self[name](name, value)
            if len(self._parsed) < 64:  # a config's few senders and types, not every letter
                self._parsed[key] = found
        return found


# CRLF line ends, as DATA needs (RFC 5321 2.3.8); 7bit transfer encodings only: a body of short
# non-ASCII lines would otherwise go as 8bit, which needs the server's 8BITMIME and BODY=8BITMIME
# on MAIL (RFC 6152), which we do not ask for. It goes quoted-printable (or base64) instead.
SMTP_POLICY = SMTP.clone(header_factory=_ReusedHeaders(), cte_type="7bit")


def envelope_sender(config: Config) -> str:
    """MAIL FROM (RFC 5321 4.1.1.2): bounces come back to the requester's own mailbox."""
    return config.requester.email


def outgoing_headers(config: Config, letter: Mapping) -> dict[str, str]:
    """The headers of one outbox row (``to_addr, subject, message_id, token`` and an optional
    space-separated ``in_reply_to`` thread), in the order they are written; Date aside."""
    requester = config.requester
    replies = config.replies
    tokened = reply_address(replies.address, letter["token"]) if replies.mode != "none" else ""
    headers = {}
    if replies.mode == "from":
        headers["From"] = formataddr((requester.name, tokened))
    else:
        headers["From"] = formataddr((requester.name, requester.email))
    if replies.mode == "reply-to":
        # RFC 5322 3.6.2: replies go to Reply-To, so every answer carries the request's token.
        headers["Reply-To"] = formataddr((requester.name, tokened))
    headers["To"] = letter["to_addr"]
    headers["Subject"] = letter["subject"]
    headers["Message-ID"] = letter["message_id"]
    if letter.get("in_reply_to"):
        # RFC 5322 3.6.4: In-Reply-To names the message answered, References the whole thread.
        thread = letter["in_reply_to"].split()
        headers["In-Reply-To"] = thread[-1]
        headers["References"] = " ".join(thread)
    return headers


def build_message(config: Config, letter: Mapping, body: str, now: datetime) -> bytes:
    """The exact bytes we send: plain UTF-8 text, our Message-ID, the ref in the subject.

    Raises ValueError when a header cannot be written (e.g. CR/LF in it).
    """
    headers = outgoing_headers(config, letter)
    date = format_datetime(now.astimezone())
    return plain_message(headers, date, body) or library_message(headers, date, body)


def library_message(headers: Mapping[str, str], date: str, body: str) -> bytes:
    """The message as the standard library's email package writes it (the reference)."""
    msg = EmailMessage(policy=SMTP_POLICY)
    for name, value in headers.items():
        msg[name] = value
        if name == "Subject":
            msg["Date"] = date
    msg.set_content(body, charset="utf-8")
    return msg.as_bytes()


# Header values the email package writes back unchanged: printable ASCII words with single
# spaces, no encoded-word ("=?"), and a line that needs no folding (RFC 5322 2.1.1's 78).
_PLAIN_VALUE = re.compile(r"(?!.*=\?)[\x21-\x7e]+(?: [\x21-\x7e]+)*")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR = rf"{_ATEXT}(?:\.{_ATEXT})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
PLAIN_ADDRESS = re.compile(_ADDR)  # a dot-atom addr-spec (RFC 5322 3.4.1), as smtp.py writes it
_MAILBOX = re.compile(rf"{_ADDR}|{_ATEXT}(?: {_ATEXT})* <{_ADDR}>")  # RFC 5322 3.4
_MSG_ID = re.compile(rf"<{_ADDR}>")  # RFC 5322 3.6.4: the package keeps only a Message-ID's first
_MSG_IDS = re.compile(rf"<{_ADDR}>(?: <{_ADDR}>)*")
# format_datetime's own form; the package rewrites any other (an offset with seconds: empty)
_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
_SHAPES = {"From": _MAILBOX, "Reply-To": _MAILBOX, "To": _MAILBOX, "Message-ID": _MSG_ID,
           "In-Reply-To": _MSG_ID, "References": _MSG_IDS, "Date": _DATE}  # fmt: skip
_MAX_LINE = SMTP_POLICY.max_line_length


def plain_message(headers: Mapping[str, str], date: str, body: str) -> bytes | None:
    """``library_message``'s bytes written directly, for the common letter (every header plain,
    short and well formed); None for anything else, which the email package then writes. The
    package's header classes and generator cost about 0.5 ms a letter, a third of a campaign
    send's own time; tests/test_message_bytes.py holds both to the same bytes."""
    lines = []
    for name, value in (*headers.items(), ("Date", date)):
        if len(name) + 2 + len(value) > _MAX_LINE or not _PLAIN_VALUE.fullmatch(value):
            return None
        shape = _SHAPES.get(name)
        if shape is not None and not shape.fullmatch(value):
            return None
    for name, value in headers.items():
        lines.append(f"{name}: {value}")
        if name == "Subject":
            lines.append(f"Date: {date}")
    if "Subject" not in headers:
        return None
    cte, payload = _encode_body(body)
    lines += ['Content-Type: text/plain; charset="utf-8"', f"Content-Transfer-Encoding: {cte}",
              "MIME-Version: 1.0", "", ""]  # fmt: skip
    return "\r\n".join(lines).encode("ascii") + payload


def _encode_body(body: str) -> tuple[str, bytes]:
    """The email package's choice of transfer encoding for UTF-8 text under SMTP_POLICY
    (``email.contentmanager``: 7bit for ASCII when every line fits, else quoted-printable unless
    base64 is shorter on the first ten lines), and the body with CRLF line ends (RFC 5321 2.3.8)."""
    lines = body.encode("utf-8").splitlines()
    if body.isascii() and max(map(len, lines), default=0) <= _MAX_LINE:
        return "7bit", b"\r\n".join(lines) + b"\r\n"
    # Quoted-printable encodes each line alone, so one pass gives both the package's sniff of
    # the first ten lines and the whole body.
    encoded = [quoprimime.body_encode(line.decode("latin-1"), _MAX_LINE) for line in lines]
    sniff = b"\r\n".join(lines[:10]) + b"\r\n"
    if len("\n".join(encoded[:10])) + 1 > len(binascii.b2a_base64(sniff)):
        data = b"\r\n".join(lines) + b"\r\n"
        step = _MAX_LINE // 4 * 3
        chunks = (binascii.b2a_base64(data[i : i + step]) for i in range(0, len(data), step))
        return "base64", b"".join(chunks).replace(b"\n", b"\r\n")
    return "quoted-printable", ("\n".join(encoded) + "\n").replace("\n", "\r\n").encode("ascii")


def config_builds(config: Config, now: datetime) -> str:
    """ "" when the config lets a neutral letter be built, else why not (a config mistake)."""
    try:
        build_message(config, PROBE_LETTER, "x\n", now)
    except (ValueError, TypeError) as exc:
        return str(exc)
    return ""
