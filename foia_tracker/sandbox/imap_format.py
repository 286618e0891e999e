"""How the sandbox IMAP server writes what it answers: quoting, literals, flag lists, and the
parts of a stored message a FETCH asks for (RFC 3501 sections 4.3, 4.5 and 6.4.5)."""

from __future__ import annotations

from .imap_parse import FetchItem, format_internaldate
from .imap_search import header_section, split_message
from .mailstore import StoredMessage


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(data: bytes) -> bytes:
    return b"{%d}\r\n" % len(data) + data


def flag_list(flags: set[str]) -> str:
    return "(" + " ".join(sorted(flags)) + ")"


def section(message: StoredMessage, item: FetchItem) -> bytes:
    header, body = split_message(message.raw)
    if item.section == "":
        data = message.raw
    elif item.section == "HEADER":
        data = header
    elif item.section == "TEXT":
        data = body
    else:
        data = header_section(message.raw, item.fields, item.section.endswith(".NOT"))
    if item.partial is not None:
        start, length = item.partial
        data = data[start:] if length is None else data[start : start + length]
    return data


def simple_item(message: StoredMessage, name: str) -> str:
    if name == "UID":
        return f"UID {message.uid}"
    if name == "INTERNALDATE":
        return f"INTERNALDATE {format_internaldate(message.internaldate)}"
    return f"RFC822.SIZE {len(message.raw)}"


def apply_flags(message: StoredMessage, action: str, flags: set[str]) -> None:
    if action.startswith("+"):
        message.flags |= flags
    elif action.startswith("-"):
        message.flags -= flags
    else:
        message.flags = set(flags)
