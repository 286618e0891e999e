"""Text of received documents, for full-text search: plain text, CSV, HTML, PDF and DOCX.

Pure (bytes in, text out) and bounded: agencies send 40 MB scanned PDFs with no text layer, and
one of them must not stall a poll. PDF pages and the time spent on one document are capped; a
capped extraction is ``partial``. A PDF whose pages carry no text layer is a scan: it is
``needs_ocr`` (``foia ocr`` can add its text). Other formats with no readable text (images,
spreadsheets, archives) are ``none``: their bytes are kept, only the text is missing.

PDF text comes from PDFium (pypdfium2), an order of magnitude faster than pypdf on the same
files (docs/benchmarks.md); pypdf reads what PDFium refuses (some damaged cross-reference
tables), so a broken file still gives what text it has.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from foia_tracker import lazy
from foia_tracker.parse.message import decode_bytes, html_to_text

MAX_PDF_PAGES = 300
MAX_SECONDS = 10.0
MAX_TEXT_CHARS = 2_000_000
# A DOCX is a zip; its main part is small even for long documents. Refuse a bomb dressed as one.
MAX_DOCX_XML = 50 * 1024 * 1024

TEXT_STATUSES = ("ok", "partial", "none", "needs_ocr", "pending")

_TEXT_TYPES = {"text/plain", "text/csv", "text/tab-separated-values", "text/markdown"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PDF_PAGES = "foia_tracker.documents.pdf:pdf_pages"


@dataclass(frozen=True)
class DocumentText:
    text: str | None
    status: str  # one of TEXT_STATUSES


NO_TEXT = DocumentText(None, "none")
NEEDS_OCR = DocumentText(None, "needs_ocr")


def extractable(content_type: str) -> bool:
    """Whether this type can have text at all (the rest is ``none`` without reading it)."""
    kind = _kind(content_type)
    return kind in _TEXT_TYPES or kind in _HTML_TYPES or kind in ("application/pdf", _DOCX)


def extract_text(
    data: bytes, content_type: str, *, max_seconds: float = MAX_SECONDS
) -> DocumentText:
    """The searchable text of one document; never raises on a broken file."""
    kind = _kind(content_type)
    try:
        if kind in _TEXT_TYPES:
            return finish(decode_bytes(data, None), capped=False)
        if kind in _HTML_TYPES:
            return finish(html_to_text(decode_bytes(data, None)), capped=False)
        if kind == "application/pdf":
            return _pdf_text(data, max_seconds)
        if kind == _DOCX:
            return _docx_text(data)
    except Exception:  # noqa: BLE001 - a damaged document has no text; its bytes are still kept
        return NO_TEXT
    return NO_TEXT


def _kind(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def finish(text: str, *, capped: bool) -> DocumentText:
    text = text.replace("\x00", "").strip()
    if not text:
        return DocumentText(None, "partial" if capped else "none")
    if len(text) > MAX_TEXT_CHARS:
        return DocumentText(text[:MAX_TEXT_CHARS], "partial")
    return DocumentText(text, "partial" if capped else "ok")


def _pdf_text(data: bytes, max_seconds: float) -> DocumentText:
    # The PDF libraries are imported on the first PDF (documents/pdf.py says why).
    pages = lazy.load(PDF_PAGES)(data, max_seconds, MAX_PDF_PAGES)
    text = "\n\n".join(t for t in pages.texts if t.strip())
    if not text.strip():
        if not pages.texts:  # nothing read (page or time cap): unknown, not a scan
            return DocumentText(None, "partial" if pages.capped else "none")
        # Pages read, none with a text layer: a scan. Reading more pages will not find any.
        return NEEDS_OCR
    return finish(text, capped=pages.capped)


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
    return finish(re.sub(r"\n{3,}", "\n\n", "\n".join(paragraphs)), capped=False)
