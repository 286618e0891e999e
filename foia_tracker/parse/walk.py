"""The MIME walk: one message tree -> body text, attachment leaves, defects and any DSN.

Containers are opened as they are found (nested messages, TNEF winmail.dat, zip), within the
per-message unpacking budget (`unpack.ZIP_MAX_TOTAL`) and nesting limit.
"""

import re
from dataclasses import replace
from email.message import Message

import tnefparse

from . import unpack
from .bounce import BounceInfo, dsn_bounce
from .decode import decode_bytes, html_to_text
from .headers import first_header, message_id
from .leaves import AttachmentLeaf, is_inline_image, is_office_zip, make_leaf
from .mime import (
    filename_of,
    forwarded_block,
    inner_message,
    message_bytes,
    payload_bytes,
    pick_alternative,
    returned_headers,
    subparts,
)
from .outlook import MSG_MAX_DEPTH, OutlookItem, read_outlook
from .unpack import extract_uuencoded, tnef_name, unzip_within_limits

_CID = re.compile(r"""\bcid:([^\s"'<>)]{1,250})""", re.I)


class Walk:
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
        self.cids: set[str] = set()  # Content-IDs the HTML parts show (cid: URLs, RFC 2392)
        self.dispositions: dict[int, str | None] = {}  # id(leaf) -> its part's disposition
        self.expanded = 0
        self.msg_depth = 0  # Outlook items being read, one inside another  # bytes unpacked from containers so far, against unpack.ZIP_MAX_TOTAL

    def body(self) -> str:
        chunks = (self.plain or self.html) + self.blocks
        return "\n\n".join(t.strip("\n") for t in chunks if t.strip()).strip()

    def message(self, msg: Message, source: str, parent: str | None, depth: int) -> None:
        if depth > unpack.MAX_NESTING:
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
            for sub in subparts(part):
                self.part(sub, source, parent, depth, text)
        else:
            self.leaf(part, source, parent, text)

    def alternative(self, part, source, parent, depth, text):
        subs = subparts(part)
        chosen = pick_alternative(subs)
        for sub in subs:
            # attachments inside the versions not shown (e.g. images of the HTML) still count
            self.part(sub, source, parent, depth, text=text and sub is chosen)

    def leaf(self, part: Message, source: str, parent: str | None, text: bool) -> None:
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        data = payload_bytes(part)
        if ctype == "text/html":
            self.cids.update(c.lower() for c in _CID.findall(data.decode("latin-1")))
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            if text:
                self.text(ctype, decode_bytes(data, part.get_content_charset()), source, parent)
            return
        if ctype.startswith("multipart/") or ctype.startswith("message/"):
            return
        content_id = first_header(part, "content-id").strip().strip("<>") or None
        leaf = self.attachment(filename_of(part), ctype, data, source, parent, content_id)
        self.dispositions[id(leaf)] = disposition

    def finish(self) -> tuple[AttachmentLeaf, ...]:
        """The leaves, with signature and other inline pictures marked."""
        return tuple(
            replace(leaf, inline_image=True)
            if is_inline_image(leaf, self.dispositions.get(id(leaf)), self.cids)
            else leaf
            for leaf in self.leaves
        )

    def text(self, ctype: str, body: str, source: str, parent: str | None) -> None:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
        if ctype == "text/html":
            self.html.append(html_to_text(body))
            return
        body, blocks = extract_uuencoded(body)
        self.plain.append(body)
        for name, data in blocks:
            self.add(make_leaf(name, "application/octet-stream", data, "uuencode", parent))

    def attachment(
        self,
        name: str,
        ctype: str,
        data: bytes,
        source: str,
        parent: str | None,
        content_id: str | None = None,
    ) -> AttachmentLeaf:
        leaf = self.add(
            replace(make_leaf(name, ctype, data, source, parent), content_id=content_id)
        )
        lower = name.lower()
        if leaf.content_type == "application/ms-tnef" or lower.endswith("winmail.dat"):
            self.tnef(leaf)
        elif leaf.content_type == "application/zip" and not is_office_zip(lower):
            self.zip(leaf, depth=0)
        elif leaf.content_type == "application/vnd.ms-outlook" or (
            leaf.content_type == "application/x-ole-storage"
            and ctype.lower() == "application/vnd.ms-outlook"
        ):
            self.outlook(leaf)
        return leaf

    def add(self, leaf: AttachmentLeaf) -> AttachmentLeaf:
        self.leaves.append(leaf)
        return leaf

    def nested(self, part: Message, source: str, parent: str | None, depth: int) -> None:
        inner = inner_message(part)
        if inner is None:
            self.defects.append("NestedMessageUnreadable")
            return
        raw = message_bytes(inner)
        name = filename_of(part) or "forwarded-message.eml"
        container = self.add(make_leaf(name, "message/rfc822", raw, source, parent))
        sub = Walk()
        sub.expanded = self.expanded  # one unpacking budget for the whole message
        sub.msg_depth = self.msg_depth
        sub.message(inner, source="nested", parent=container.sha256, depth=depth + 1)
        self.blocks.append(forwarded_block(inner, sub.body()))
        self.adopt(sub)

    def adopt(self, sub: "Walk") -> None:
        """Take in what a walk of a nested message found."""
        self.expanded = sub.expanded
        self.cids |= sub.cids
        self.dispositions.update(sub.dispositions)
        self.leaves.extend(sub.leaves)
        self.defects.extend(sub.defects)
        self.bounce = self.bounce or sub.bounce
        self.returned_id = self.returned_id or sub.returned_id
        self.dsn_seen = self.dsn_seen or sub.dsn_seen

    def report(self, part: Message, source: str, parent: str | None, depth: int, text: bool):
        # RFC 6522: a report's first part is for people, the second machine-readable, the
        # third (optional) the returned original or its headers.
        self.automated_report = True
        for sub in subparts(part):
            ctype = sub.get_content_type()
            if ctype in ("message/delivery-status", "message/global-delivery-status"):
                self.dsn_seen = True
                self.bounce = self.bounce or dsn_bounce(sub)
            elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
                self.returned_original(sub)
            elif ctype == "message/disposition-notification":
                continue
            else:
                self.part(sub, source, parent, depth, text)

    def returned_original(self, part: Message) -> None:
        headers = returned_headers(part)
        if headers is None:
            return
        self.blocks.append(forwarded_block(headers, "", title="Returned message headers"))
        self.returned_id = self.returned_id or message_id(first_header(headers, "message-id"))

    def tnef(self, container: AttachmentLeaf) -> None:
        try:
            parsed = tnefparse.TNEF(container.data, do_checksum=False)
        except Exception as exc:  # noqa: BLE001 - tnefparse raises anything on bad input
            self.defects.append(f"TnefUnreadable: {type(exc).__name__}")
            return
        for item in parsed.attachments:
            name = tnef_name(item)
            data = item.data if isinstance(item.data, bytes) else b""
            self.expanded += len(data)
            if self.expanded > unpack.ZIP_MAX_TOTAL:
                self.defects.append("TnefNotExtracted: size exceeds the limit")
                return
            self.add(make_leaf(name, "application/octet-stream", data, "tnef", container.sha256))
        if not (self.plain or self.html) and parsed.body:
            body = parsed.body
            text = body if isinstance(body, str) else decode_bytes(body, None)
            self.plain.append(text.replace("\r\n", "\n"))

    def outlook(self, container: AttachmentLeaf) -> None:
        """An Outlook .msg: read like a nested message, its files leaves with source "msg"."""
        if self.msg_depth >= MSG_MAX_DEPTH:
            self.defects.append(f"MsgNotExtracted: nested too deep in {container.safe_name}")
            return
        try:
            item = read_outlook(container.data)
        except Exception as exc:  # noqa: BLE001 - extract-msg raises anything on bad input
            self.defects.append(f"MsgUnreadable: {type(exc).__name__} in {container.safe_name}")
            return
        size = _item_size(item)
        if self.expanded + size > unpack.ZIP_MAX_TOTAL:
            self.defects.append(f"MsgNotExtracted: size exceeds the limit in {container.safe_name}")
            return
        self.expanded += size
        self.msg_depth += 1
        try:
            self.outlook_item(item, container)
        finally:
            self.msg_depth -= 1

    def outlook_item(self, item: OutlookItem, container: AttachmentLeaf) -> None:
        headers = Message()
        for name, value in item.headers.items():
            headers[name] = value.replace("\r", " ").replace("\n", " ")
        self.blocks.append(forwarded_block(headers, item.body, title="Attached Outlook message"))
        self.defects.extend(item.problems)
        for name, ctype, data in item.attachments:
            self.attachment(name, ctype, data, "msg", container.sha256)
        for _, inner in item.items:
            self.outlook_item(inner, container)

    def zip(self, container: AttachmentLeaf, depth: int) -> None:
        members, problem = unzip_within_limits(container.data, unpack.ZIP_MAX_TOTAL - self.expanded)
        self.expanded += sum(len(data) for _, data in members)
        if problem:
            self.defects.append(f"ZipNotExtracted: {problem} in {container.safe_name}")
            return
        for name, data in members:
            leaf = self.add(
                make_leaf(name, "application/octet-stream", data, "zip-member", container.sha256)
            )
            is_zip = leaf.content_type == "application/zip" and not is_office_zip(name.lower())
            if is_zip and depth + 1 < unpack.ZIP_MAX_DEPTH:
                self.zip(leaf, depth + 1)


def _item_size(item: OutlookItem) -> int:
    own = sum(len(data) for _, _, data in item.attachments)
    return own + sum(_item_size(inner) for _, inner in item.items)
