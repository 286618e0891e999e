"""Outlook `.msg` attachments (MS-OXMSG compound files), read with `extract-msg`.

A forwarded Outlook item is a nested message: its headers and text join the message's text
(so it is searched and matched like a forwarded .eml) and its attachments become leaves.
Everything extract-msg raises on a broken or hostile file becomes a defect, never an error.
"""

from dataclasses import dataclass, field

import extract_msg
from extract_msg.enums import AttachmentType

from .decode import decode_bytes, html_to_text

MSG_MAX_DEPTH = 2  # an item attached to an item attached to the message, no deeper


@dataclass
class OutlookItem:
    headers: dict[str, str]  # From, Date, Subject, To, Cc, Message-ID (those present)
    body: str
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # name, type, data
    items: list[tuple[str, "OutlookItem"]] = field(default_factory=list)  # embedded .msg
    problems: list[str] = field(default_factory=list)


def read_outlook(data: bytes) -> OutlookItem:
    """The item in `data`. Raises whatever extract-msg raises on a file it cannot read."""
    msg = extract_msg.openMsg(data, strict=False)
    try:
        return _item(msg, depth=1)
    finally:
        msg.close()


def _item(msg, depth: int) -> OutlookItem:
    item = OutlookItem(headers=_headers(msg), body=_body(msg))
    for attachment in getattr(msg, "attachments", None) or []:
        name = _name(attachment)
        kind = getattr(attachment, "type", None)
        if kind == AttachmentType.DATA and isinstance(attachment.data, bytes):
            declared = getattr(attachment, "mimetype", None) or "application/octet-stream"
            item.attachments.append((name, str(declared), attachment.data))
        elif kind == AttachmentType.MSG and depth < MSG_MAX_DEPTH:
            item.items.append((name or "attached-item.msg", _item(attachment.data, depth + 1)))
        else:
            item.problems.append(f"MsgAttachmentSkipped: {name or 'unnamed'} ({kind!r})")
    return item


def _headers(msg) -> dict[str, str]:
    values = {
        "From": getattr(msg, "sender", None),
        "Date": _text(getattr(msg, "date", None)),
        "Subject": getattr(msg, "subject", None),
        "To": getattr(msg, "to", None),
        "Cc": getattr(msg, "cc", None),
        "Message-ID": getattr(msg, "messageId", None),
    }
    return {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}


def _body(msg) -> str:
    body = getattr(msg, "body", None)
    if body:
        return str(body).replace("\r\n", "\n").strip()
    markup = getattr(msg, "htmlBody", None)
    if markup:
        text = markup if isinstance(markup, str) else decode_bytes(markup, None)
        return html_to_text(text)
    return ""


def _name(attachment) -> str:
    for attr in ("longFilename", "shortFilename", "name", "displayName"):
        value = getattr(attachment, attr, None)
        if value:
            return str(value).strip("\x00").strip()
    return ""


def _text(value) -> str:
    return value.strftime("%a, %d %b %Y %H:%M:%S %z") if hasattr(value, "strftime") else ""
