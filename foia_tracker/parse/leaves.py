"""Attachment leaves: the files a message carries, with a safe name and a sniffed type."""

import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field

FILENAME_MAX = 120


@dataclass(frozen=True)
class AttachmentLeaf:
    filename: str
    safe_name: str
    content_type: str
    data: bytes = field(repr=False)
    source: str  # attachment | zip-member | nested | uuencode | tnef | msg
    parent_sha256: str | None
    content_id: str | None = None  # RFC 2392, without the angle brackets
    # A picture shown in the message body (a signature logo, an Outlook image001.png), not a
    # document the agency sent: intake files it, classify and the document count skip it.
    inline_image: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


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


def is_office_zip(lower_name: str) -> bool:
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
        return by_ext if is_office_zip(lower) and by_ext else "application/zip"
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


# Outlook and Word name the pictures of a signature image001.png, ~WRD0000.jpg,
# Outlook-abc12.png; Lotus Notes "Picture (Device Independent Bitmap) 1.jpg".
_SIGNATURE_IMAGE_NAME = re.compile(
    r"^(?:image\d{3,4}|~WRD\d{3,5}|Outlook-[\w-]{3,}|Picture \(Device Independent Bitmap\) \d+)"
    r"\.(?:png|jpe?g|gif|bmp)$",
    re.I,
)
SIGNATURE_IMAGE_MAX = 200 * 1024
INLINE_IMAGE_MAX = 512 * 1024


def is_inline_image(leaf: AttachmentLeaf, disposition: str | None, cids: set[str]) -> bool:
    """An image shown inline by the HTML (its Content-ID referenced as cid:, RFC 2392, and not
    sent as an attachment), or one named like a mail client's signature picture; small either
    way: a large picture may be a scanned record pasted into the mail."""
    if not leaf.content_type.startswith("image/"):
        return False
    referenced = (
        leaf.content_id is not None
        and leaf.content_id.lower() in cids
        and disposition != "attachment"
    )
    if referenced and len(leaf.data) <= INLINE_IMAGE_MAX:
        return True
    named = _SIGNATURE_IMAGE_NAME.match(leaf.filename.strip()) is not None
    return named and len(leaf.data) <= SIGNATURE_IMAGE_MAX


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
