"""Containers inside a message: uuencoded blocks, zip archives (with bomb limits), TNEF names.

The limits are per message: every container in one message shares one unpacking budget.
"""

import binascii
import io
import re
import zipfile

from .decode import decode_bytes

MAX_NESTING = 8
ZIP_MAX_MEMBERS = 500
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # per message: every zip, TNEF and .msg in it together
ZIP_MAX_RATIO = 100
ZIP_MAX_DEPTH = 1


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


def tnef_name(item) -> str:
    try:
        name = item.long_filename()
    except Exception:  # noqa: BLE001
        name = ""
    if isinstance(name, bytes):
        name = decode_bytes(name.rstrip(b"\x00"), None)
    return str(name or "").strip("\x00")
