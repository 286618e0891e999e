"""Text for scanned PDFs (``text_status = needs_ocr``) with Tesseract, when it is installed.

Optional: poppler's ``pdftoppm`` renders the pages and ``tesseract`` reads them (Debian packages
``poppler-utils`` and ``tesseract-ocr``). Without them nothing fails: ``foia ocr`` says what to
install. Both run as argument lists (no shell) with a time limit, in a private temporary folder
that is removed afterwards (the page images are of records that may name children).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from foia_tracker.documents.extract import DocumentText, finish

MAX_OCR_PAGES = 50
PAGE_SECONDS = 120
RESOLUTION = 300  # Tesseract reads best at about 300 dpi


@dataclass(frozen=True)
class OcrTools:
    pdftoppm: str | None
    tesseract: str | None

    @property
    def available(self) -> bool:
        return bool(self.pdftoppm and self.tesseract)

    @property
    def missing(self) -> str:
        names = [
            n
            for n, p in (("poppler-utils", self.pdftoppm), ("tesseract-ocr", self.tesseract))
            if not p
        ]
        return " and ".join(names)


def find_tools() -> OcrTools:
    return OcrTools(shutil.which("pdftoppm"), shutil.which("tesseract"))


def ocr_pdf(path: Path, tools: OcrTools, *, max_pages: int = MAX_OCR_PAGES) -> DocumentText:
    """The text Tesseract reads from the first ``max_pages`` pages; ``none`` if it reads nothing."""
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as folder:
        pages = _render(path, Path(folder), tools, max_pages)
        texts = [_read(page, tools) for page in pages]
    capped = len(pages) >= max_pages and _page_count(path, tools, max_pages)
    return finish("\n\n".join(t for t in texts if t.strip()), capped=capped)


def _render(path: Path, folder: Path, tools: OcrTools, max_pages: int) -> list[Path]:
    argv = [tools.pdftoppm, "-r", str(RESOLUTION), "-gray", "-png", "-l", str(max_pages)]
    subprocess.run(
        [*argv, str(path), str(folder / "page")],
        check=False,
        capture_output=True,
        timeout=PAGE_SECONDS * max_pages,
    )
    return sorted(folder.glob("page*.png"))


def _read(page: Path, tools: OcrTools) -> str:
    try:
        done = subprocess.run(
            [tools.tesseract, str(page), "-", "--psm", "1"],
            check=False,
            capture_output=True,
            timeout=PAGE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout.decode("utf-8", "replace")


def _page_count(path: Path, tools: OcrTools, max_pages: int) -> bool:
    """Whether the PDF has more pages than were read (then the text is ``partial``)."""
    pdfinfo = Path(tools.pdftoppm).with_name("pdfinfo")
    if not pdfinfo.exists():
        return True
    done = subprocess.run([str(pdfinfo), str(path)], check=False, capture_output=True, timeout=30)
    for line in done.stdout.decode("ascii", "replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1]) > max_pages
    return True
