"""PDF pages' text, from PDFium (pypdfium2) or, for what PDFium refuses, pypdf.

Its own module because the two libraries take about a quarter of a second to import, and most
polls never meet a PDF: documents/extract.py loads this on the first one (foia_tracker/lazy.py),
and the extraction workers' forkserver preloads it.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass

import pypdfium2
from pypdf import PdfReader

# pypdf reports damaged files through logging ("EOF marker not found", ...): hundreds of lines in
# one poll. A damaged file is an ordinary event here, recorded as its text status.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


@dataclass
class Pages:
    texts: list[str]
    count: int
    capped: bool


def pdf_pages(data: bytes, max_seconds: float, max_pages: int) -> Pages:
    """The text of each page read, at most ``max_pages`` and ``max_seconds`` of them."""
    try:
        return _pdfium_pages(data, max_seconds, max_pages)
    except pypdfium2.PdfiumError:
        return _pypdf_pages(data, max_seconds, max_pages)


def _pdfium_pages(data: bytes, max_seconds: float, max_pages: int) -> Pages:
    started = time.monotonic()
    pdf = pypdfium2.PdfDocument(data)
    try:
        count = len(pdf)
        texts: list[str] = []
        capped = count > max_pages
        for number in range(min(count, max_pages)):
            if time.monotonic() - started > max_seconds:
                capped = True
                break
            page = pdf[number]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return Pages(texts, count, capped)
    finally:
        pdf.close()


def _pypdf_pages(data: bytes, max_seconds: float, max_pages: int) -> Pages:
    started = time.monotonic()
    reader = PdfReader(io.BytesIO(data), strict=False)
    pages = reader.pages
    texts: list[str] = []
    capped = len(pages) > max_pages
    for number, page in enumerate(pages):
        if number >= max_pages or time.monotonic() - started > max_seconds:
            capped = True
            break
        texts.append(page.extract_text() or "")
    return Pages(texts, len(pages), capped)
