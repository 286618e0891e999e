"""Documents' text for one command run: queued as filing goes, read by the worker pool, written
and indexed by the one process that writes the database.

Intake calls ``queue`` as it files each document and ``collect`` between fetch batches (so
extraction overlaps the fetch), then ``finish`` before the command returns. A run killed with
documents still queued leaves them ``pending``; the next run's ``resume`` queues them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlite_utils import Database

from foia_tracker.db import extraction, transaction
from foia_tracker.documents import ocr
from foia_tracker.documents.extract import DocumentText, extractable
from foia_tracker.documents.pool import ExtractionPool, Job, PoolLimits, Result
from foia_tracker.outputs import search
from foia_tracker.store import Store

log = logging.getLogger(__name__)


@dataclass
class IndexReport:
    indexed: int = 0
    needs_ocr: int = 0
    failed: int = 0
    pending: int = 0  # left for the next run (only when a run stops early)


@dataclass
class DocumentIndexer:
    db: Database
    store: Store
    limits: PoolLimits = field(default_factory=PoolLimits)
    report: IndexReport = field(default_factory=IndexReport)
    _pool: ExtractionPool | None = None

    def __enter__(self) -> DocumentIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def queue(self, sha256: str, content_type: str, *, refresh: bool = False) -> None:
        """Mark a document pending (inside the caller's transaction) and hand it to a worker."""
        if not extraction.mark_pending(self.db, sha256, refresh=refresh):
            return
        if not extractable(content_type):
            self._write(Result(sha256, DocumentText(None, "none")))
            return
        self._submit(sha256, content_type)

    def resume(self) -> int:
        """Queue the documents an earlier, interrupted run left pending."""
        left = extraction.pending_documents(self.db)
        for document in left:
            self._submit(document["sha256"], document["content_type"])
        return len(left)

    def collect(self) -> None:
        """Write whatever the workers have finished, without waiting."""
        if self._pool is not None:
            for result in self._pool.collect(timeout=0):
                self._write(result)

    def finish(self) -> IndexReport:
        """Wait for every queued document, write and index it."""
        if self._pool is not None:
            for result in self._pool.drain():
                self._write(result)
        self.report.pending = extraction.count_pending(self.db)
        return self.report

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _submit(self, sha256: str, content_type: str) -> None:
        if self._pool is None:
            self._pool = ExtractionPool(self.limits)
        path = str(self.store.file_path(sha256))
        self._pool.submit(Job(sha256, path, content_type))

    def _write(self, result: Result) -> None:
        if result.error:
            log.warning("no text for document %s: %s", result.sha256[:12], result.error)
            self.report.failed += 1
        elif result.text.status == "needs_ocr":
            self.report.needs_ocr += 1
        else:
            self.report.indexed += 1
        with transaction(self.db):
            extraction.set_text(self.db, result.sha256, result.text.text, result.text.status)
            search.index_document(self.db, result.sha256)


@dataclass
class OcrReport:
    read: int = 0  # scans that gave text
    empty: int = 0  # scans Tesseract read nothing from (kept as needs_ocr)
    missing_tools: str = ""  # what to install when OCR is not available


def ocr_scans(db: Database, store: Store, refs: list[str] | None = None) -> OcrReport:
    """Add Tesseract's text to the scanned PDFs (all, or those filed on ``refs``)."""
    tools = ocr.find_tools()
    report = OcrReport()
    if not tools.available:
        report.missing_tools = tools.missing
        return report
    for document in extraction.needing_ocr(db, refs):
        text = ocr.ocr_pdf(store.file_path(document["sha256"]), tools)
        if not text.text:
            report.empty += 1
            continue
        with transaction(db):
            extraction.set_text(db, document["sha256"], text.text, text.status)
            search.index_document(db, document["sha256"])
        report.read += 1
    return report
