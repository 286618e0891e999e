"""The run-scoped document indexer: queued documents come back as text and search rows; a run
stopped early leaves them pending for the next; OCR adds what scans hold."""

from __future__ import annotations

import pytest

from foia_tracker.config import load_config
from foia_tracker.db import extraction, open_db, transaction
from foia_tracker.documents import indexer
from foia_tracker.documents.pool import PoolLimits
from foia_tracker.outputs import search
from foia_tracker.sandbox.documents import simple_pdf
from foia_tracker.store import Store
from tests.test_documents import image_only_pdf


@pytest.fixture
def ws(workspace):
    config = load_config(workspace)
    store = Store(config.store.path)
    store.create()
    return open_db(config.store.database), store


def _add(db, store, data: bytes, content_type: str, filename: str) -> str:
    sha = store.put_file(data)
    with transaction(db):
        db.execute(
            "INSERT INTO messages (message_id, raw_sha256, size, from_addr, to_addrs, subject, date, "
            "received_at) VALUES (?, ?, 1, 'clerk@district.example', '', 'Records', '', '')",
            (f"<{sha}@x>", sha),
        )
        message = db.execute("SELECT max(id) FROM messages").fetchone()[0]
        db.execute(
            "INSERT INTO documents (sha256, size, content_type) VALUES (?, ?, ?)",
            (sha, len(data), content_type),
        )
        db.execute(
            "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, "
            "size, source) VALUES (?, ?, ?, ?, ?, ?, 'attachment')",
            (message, filename, filename, content_type, sha, len(data)),
        )
    return sha


def _status(db, sha):
    return db.execute("SELECT text_status FROM documents WHERE sha256 = ?", (sha,)).fetchone()[0]


def test_queued_documents_are_extracted_and_searchable(ws):
    db, store = ws
    agreement = _add(
        db, store, simple_pdf(["Data privacy agreement with Acme"]), "application/pdf", "dpa.pdf"
    )
    scan = _add(db, store, image_only_pdf(), "application/pdf", "scan.pdf")
    photo = _add(db, store, b"\x89PNG not really", "image/png", "photo.png")
    with indexer.DocumentIndexer(db, store, PoolLimits(workers=2)) as docs:
        with transaction(db):
            for sha, kind in (
                (agreement, "application/pdf"),
                (scan, "application/pdf"),
                (photo, "image/png"),
            ):
                docs.queue(sha, kind)
        report = docs.finish()
    assert (report.indexed, report.needs_ocr, report.failed, report.pending) == (2, 1, 0, 0)
    assert [_status(db, s) for s in (agreement, scan, photo)] == ["ok", "needs_ocr", "none"]
    hits = search.search(db, "privacy Acme", campaign=None, state=None, limit=5)
    assert [h["sha256"] for h in hits] == [agreement]


def test_a_run_stopped_early_leaves_pending_and_the_next_resumes(ws):
    db, store = ws
    sha = _add(db, store, simple_pdf(["Memorandum of understanding"]), "application/pdf", "mou.pdf")
    with transaction(db):
        assert extraction.mark_pending(db, sha)  # queued, then the process was killed
    assert extraction.count_pending(db) == 1
    with indexer.DocumentIndexer(db, store, PoolLimits(workers=1)) as docs:
        assert docs.resume() == 1
        report = docs.finish()
    assert report.indexed == 1 and report.pending == 0
    assert _status(db, sha) == "ok"


def test_a_document_is_queued_once(ws):
    db, store = ws
    sha = _add(db, store, simple_pdf(["once"]), "application/pdf", "a.pdf")
    with indexer.DocumentIndexer(db, store, PoolLimits(workers=1)) as docs:
        docs.queue(sha, "application/pdf")
        docs.queue(sha, "application/pdf")
        assert docs.finish().indexed == 1
        docs.queue(sha, "application/pdf")  # already has its text
        assert docs.finish().indexed == 1


def test_ocr_without_tesseract_says_what_to_install(ws, monkeypatch):
    db, store = ws
    monkeypatch.setattr(
        indexer.ocr, "find_tools", lambda: indexer.ocr.OcrTools(None, "/usr/bin/tesseract")
    )
    report = indexer.ocr_scans(db, store)
    assert report.missing_tools == "poppler-utils"


def test_foia_ocr_without_tools_exits_1_and_changes_nothing(foia, monkeypatch):
    monkeypatch.setattr(indexer.ocr, "find_tools", lambda: indexer.ocr.OcrTools(None, None))
    result = foia("ocr")
    assert result.exit_code == 1
    assert "poppler-utils and tesseract-ocr" in result.output
