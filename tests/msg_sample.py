"""Builds Outlook .msg files (MS-OXMSG over a compound file) for tests, with extract-msg's own
OleWriter: our samples of what a forwarded Outlook item looks like, no third-party file."""

import io
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

from extract_msg.ole_writer import OleWriter

_STRING, _INT, _TIME, _BINARY = 0x001F, 0x0003, 0x0040, 0x0102
_READ_WRITE = 0x6


@dataclass
class MsgSample:
    subject: str
    body: str
    sender_name: str = "Dana Clerk"
    sender_email: str = "dclerk@district.example.org"
    to: str = "records@district.example.org"
    message_id: str = "<outlook-item-1@district.example.org>"
    sent: datetime = datetime(2026, 10, 20, 14, 30, tzinfo=UTC)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    embedded: list["MsgSample"] = field(default_factory=list)  # items attached as items


def _filetime(when: datetime) -> int:
    return int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def _entries(props: list[tuple[int, int, object]]) -> bytes:
    out = b""
    for prop_id, kind, value in props:
        tag = (prop_id << 16) | kind
        if kind == _STRING:
            out += struct.pack("<IIII", tag, _READ_WRITE, len(value.encode("utf-16-le")) + 2, 0)
        elif kind == _BINARY:
            out += struct.pack("<IIII", tag, _READ_WRITE, len(value), 0)
        else:
            out += struct.pack("<IIQ", tag, _READ_WRITE, value)
    return out


def _streams(writer: OleWriter, base: list[str], props: list[tuple[int, int, object]]) -> None:
    for prop_id, kind, value in props:
        if kind == _STRING:
            writer.addEntry(
                [*base, f"__substg1.0_{prop_id:04X}{kind:04X}"], value.encode("utf-16-le")
            )
        elif kind == _BINARY:
            writer.addEntry([*base, f"__substg1.0_{prop_id:04X}{kind:04X}"], value)


def build_msg(sample: MsgSample) -> bytes:
    writer = OleWriter()
    for name in ("00020102", "00030102", "00040102"):
        writer.addEntry(["__nameid_version1.0", f"__substg1.0_{name}"], b"")
    _write_item(writer, [], sample)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write_item(writer: OleWriter, base: list[str], sample: MsgSample) -> None:
    headers = (
        f"From: {sample.sender_name} <{sample.sender_email}>\r\nTo: {sample.to}\r\n"
        f"Subject: {sample.subject}\r\nMessage-ID: {sample.message_id}\r\n"
        f"Date: {sample.sent.strftime('%a, %d %b %Y %H:%M:%S +0000')}\r\n\r\n"
    )
    top = [
        (0x001A, _STRING, "IPM.Note"),  # PidTagMessageClass
        (0x0037, _STRING, sample.subject),
        (0x0C1A, _STRING, sample.sender_name),
        (0x0C1F, _STRING, sample.sender_email),
        (0x5D01, _STRING, sample.sender_email),
        (0x0E04, _STRING, sample.to),
        (0x1000, _STRING, sample.body),
        (0x1035, _STRING, sample.message_id),
        (0x007D, _STRING, headers),  # PidTagTransportMessageHeaders
        (0x0039, _TIME, _filetime(sample.sent)),
    ]
    count = len(sample.attachments) + len(sample.embedded)
    # MS-OXMSG 2.4.1: a top-level header is 32 bytes, an embedded message's 24.
    head = struct.pack("<8sIIII", b"", 1, count, 1, count) + (b"" if base else b"\0" * 8)
    writer.addEntry([*base, "__properties_version1.0"], head + _entries(top))
    _streams(writer, base, top)
    recip_storage = [*base, "__recip_version1.0_#00000000"]
    recip = [(0x3001, _STRING, sample.to), (0x3003, _STRING, sample.to), (0x0C15, _INT, 1)]
    writer.addEntry([*recip_storage, "__properties_version1.0"], b"\0" * 8 + _entries(recip))
    _streams(writer, recip_storage, recip)
    for n, (name, data) in enumerate(sample.attachments):
        storage = [*base, f"__attach_version1.0_#{n:08X}"]
        props = [
            (0x3707, _STRING, name),  # PidTagAttachLongFilename
            (0x3704, _STRING, name[:12]),
            (0x3701, _BINARY, data),  # PidTagAttachDataBinary
            (0x3705, _INT, 1),  # PidTagAttachMethod: afByValue
            (0x0E21, _INT, n),
        ]
        writer.addEntry([*storage, "__properties_version1.0"], b"\0" * 8 + _entries(props))
        _streams(writer, storage, props)
    for n, inner in enumerate(sample.embedded, start=len(sample.attachments)):
        storage = [*base, f"__attach_version1.0_#{n:08X}"]
        props = [
            (0x3707, _STRING, inner.subject + ".msg"),
            (0x3705, _INT, 5),  # PidTagAttachMethod: afEmbeddedMessage
            (0x0E21, _INT, n),
        ]
        writer.addEntry([*storage, "__properties_version1.0"], b"\0" * 8 + _entries(props))
        _streams(writer, storage, props)
        _write_item(writer, [*storage, "__substg1.0_3701000D"], inner)
