"""Big base64 bodies decoded outside the `email` package, so memory follows the message size.

The stdlib parser holds a part's body as a list of lines, then as one string, then decodes a
copy: about eight times a large attachment's size at the peak (a 42 MB message with a 31 MB
PDF peaked at 329 MB). Before parsing, each long run of base64 lines that a part's
Content-Transfer-Encoding header declares is decoded here in chunks and replaced by a short
placeholder; the walk takes the decoded bytes back where the placeholder comes out (issue 13:
memory bounded by the largest message).
"""

import base64
import binascii
import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field

SPILL_MIN_BYTES = 1 << 20  # shorter bodies go through the email package as they are
_CHUNK = 1 << 20
_CTE_BASE64 = re.compile(rb"^content-transfer-encoding:[ \t]*base64[ \t]*\r?$", re.I | re.M)


@dataclass
class Spilled:
    """Placeholder marker -> decoded bytes, and its base64 form -> the original text."""

    nonce: bytes = field(default_factory=lambda: secrets.token_hex(8).encode())
    decoded: dict[bytes, bytes] = field(default_factory=dict)
    original: dict[bytes, memoryview] = field(default_factory=dict)


_CURRENT: ContextVar[Spilled | None] = ContextVar("foia_parse_spilled", default=None)


def spill(raw: bytes) -> tuple[bytes, Spilled]:
    """`raw` with its long base64 bodies replaced by placeholders, and what they stand for."""
    spilled = Spilled()
    if len(raw) < SPILL_MIN_BYTES:
        return raw, spilled
    # One character class repeated (not a repeated group: the regex engine would keep a
    # frame per line, hundreds of MB for a big attachment).
    runs = re.finditer(rb"\n\r?\n([A-Za-z0-9+/=\r\n\t ]{%d,})" % max(8, SPILL_MIN_BYTES), raw)
    out, last, view = [], 0, memoryview(raw)
    for run in runs:
        start = run.start(1)
        end = raw.rfind(b"\n", start, run.end(1)) + 1  # whole lines only
        if end <= start or not _declared_base64(raw, start):
            continue
        decoded = _decode(raw, start, end)
        if decoded is None:
            continue
        marker = b"FOIA-SPILLED:" + spilled.nonce + b":%d" % len(spilled.decoded)
        encoded = base64.b64encode(marker)
        newline = b"\r\n" if raw[end - 2 : end] == b"\r\n" else b"\n"
        spilled.decoded[marker] = decoded
        spilled.original[encoded] = view[start : end - len(newline)]
        out += [view[last:start], encoded, newline]
        last = end
    if not spilled.decoded:
        return raw, spilled
    out.append(view[last:])
    return b"".join(out), spilled


def _declared_base64(raw: bytes, start: int) -> bool:
    # The header block of this part: back to the boundary line (or the message start).
    head = raw[max(0, start - 8192) : start]
    head = re.split(rb"\n--[^\r\n]*\r?\n", head)[-1]
    return _CTE_BASE64.search(head) is not None


def _decode(raw: bytes, start: int, end: int) -> bytes | None:
    """Chunk by chunk, each ending at a line end; None when a chunk is not whole 4-character
    groups (an encoder that wraps lines mid-group) or does not decode."""
    out = bytearray()
    while start < end:
        stop = raw.find(b"\n", min(end, start + _CHUNK) - 1, end) + 1 or end
        chunk = raw[start:stop]
        if len(chunk.translate(None, b" \t\r\n")) % 4:
            return None
        try:
            out += binascii.a2b_base64(chunk)
        except binascii.Error:
            return None
        start = stop
    return bytes(out)


def activate(spilled: Spilled):
    return _CURRENT.set(spilled)


def deactivate(token) -> None:
    _CURRENT.reset(token)


def restore(data: bytes) -> bytes:
    """Placeholder bytes back to what they stand for: decoded payloads (from a part's
    get_payload) or, inside re-serialised message text, the original base64 lines."""
    spilled = _CURRENT.get()
    if spilled is None or not spilled.decoded:
        return data
    if data.startswith(b"FOIA-SPILLED:" + spilled.nonce + b":"):
        return spilled.decoded.get(data, data)
    for encoded, original in spilled.original.items():
        at = data.find(encoded)
        if at < 0:
            continue
        text = bytes(original)
        # The email generator writes its own line ends; the lines put back follow them.
        if data[at + len(encoded) : at + len(encoded) + 2] != b"\r\n":
            text = text.replace(b"\r\n", b"\n")
        data = data.replace(encoded, text)
    return data
