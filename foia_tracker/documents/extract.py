"""Text of received documents, for full-text search: plain text, CSV, HTML, PDF and DOCX.

Pure (bytes in, text out) and bounded: agencies send 40 MB scanned PDFs with no text layer, and
one of them must not stall a poll. PDF pages and the time spent on one document are capped; a
capped extraction is ``partial``, a document with no readable text is ``none``. Other formats
(images, spreadsheets, archives) are ``none``: their bytes are kept, only the text is missing.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from foia_tracker.parse.message import decode_bytes, html_to_text

MAX_PDF_PAGES = 300
MAX_SECONDS = 10.0
MAX_TEXT_CHARS = 2_000_000
# A DOCX is a zip; its main part is small even for long documents. Refuse a bomb dressed as one.
MAX_DOCX_XML = 50 * 1024 * 1024

_TEXT_TYPES = {"text/plain", "text/csv", "text/tab-separated-values", "text/markdown"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class DocumentText:
    text: str | None
    status: str  # ok | partial | none


NO_TEXT = DocumentText(None, "none")


def extract_text(
    data: bytes, content_type: str, *, max_seconds: float = MAX_SECONDS
) -> DocumentText:
    """The searchable text of one document; never raises on a broken file."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind in _TEXT_TYPES:
            return _finish(decode_bytes(data, None), capped=False)
        if kind in _HTML_TYPES:
            return _finish(html_to_text(decode_bytes(data, None)), capped=False)
        if kind == "application/pdf":
            return _pdf_text(data, max_seconds)
        if kind == _DOCX:
            return _docx_text(data)
    except Exception:  # noqa: BLE001 - a damaged document has no text; its bytes are still kept
        return NO_TEXT
    return NO_TEXT


def _finish(text: str, *, capped: bool) -> DocumentText:
    text = text.strip()
    if not text:
        return DocumentText(None, "partial" if capped else "none")
    if len(text) > MAX_TEXT_CHARS:
        return DocumentText(text[:MAX_TEXT_CHARS], "partial")
    return DocumentText(text, "partial" if capped else "ok")


def _pdf_text(data: bytes, max_seconds: float) -> DocumentText:
    from pypdf import PdfReader  # imported here: a poll with no PDFs never pays for it

    started = time.monotonic()
    reader = PdfReader(io.BytesIO(data), strict=False)
    pages = reader.pages
    texts: list[str] = []
    capped = len(pages) > MAX_PDF_PAGES
    for number, page in enumerate(pages):
        if number >= MAX_PDF_PAGES or time.monotonic() - started > max_seconds:
            capped = True
            break
        texts.append(page.extract_text() or "")
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        # A scan with no text layer: reading more pages will not find any.
        return NO_TEXT
    return _finish(text, capped=capped)


def _docx_text(data: bytes) -> DocumentText:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML:
            return NO_TEXT
        # No external entities in the stdlib parser; expat >= 2.4 bounds entity expansion.
        root = ElementTree.fromstring(archive.read(info))  # noqa: S314
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        runs = [node.text or "" for node in paragraph.iter(f"{_W}t")]
        paragraphs.append("".join(runs))
    return _finish(re.sub(r"\n{3,}", "\n\n", "\n".join(paragraphs)), capped=False)
