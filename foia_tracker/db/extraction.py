"""Document text as it is extracted: what waits for a worker, what needs OCR, what came back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from foia_tracker.db.connection import rows

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database


def mark_pending(db: Database, sha256: str, *, refresh: bool = False) -> bool:
    """Queue a document for text extraction once (``text`` NULL: never tried); True if queued."""
    condition = "" if refresh else " AND text IS NULL AND text_status != 'pending'"
    cursor = db.execute(
        f"UPDATE documents SET text_status = 'pending' WHERE sha256 = ?{condition}", (sha256,)
    )
    return cursor.rowcount > 0


def pending_documents(db: Database) -> list[dict]:
    """Documents a killed or interrupted run left waiting for their text."""
    return rows(
        db,
        "SELECT sha256, content_type FROM documents WHERE text_status = 'pending' ORDER BY rowid",
    )


def text_gaps(db: Database) -> dict[str, int]:
    """How many documents search cannot see yet: waiting for a worker, or scans without text."""
    found = db.execute(
        "SELECT text_status, count(*) FROM documents WHERE text_status IN ('pending', 'needs_ocr') "
        "GROUP BY text_status"
    ).fetchall()
    return {"pending": 0, "needs_ocr": 0} | dict(found)


def count_pending(db: Database) -> int:
    return db.execute("SELECT count(*) FROM documents WHERE text_status = 'pending'").fetchone()[0]


def set_text(db: Database, sha256: str, text: str | None, status: str) -> None:
    db.execute(
        "UPDATE documents SET text = ?, text_status = ? WHERE sha256 = ?",
        (text or "", status, sha256),
    )


def needing_ocr(db: Database, refs: list[str] | None = None) -> list[dict]:
    """Scanned PDFs (no text layer), optionally only those filed on the given requests."""
    sql = (
        "SELECT DISTINCT d.sha256, d.content_type FROM documents d "
        "JOIN attachments a ON a.sha256 = d.sha256 "
        "LEFT JOIN message_requests mr ON mr.message_row = a.message_row "
        "LEFT JOIN requests r ON r.id = mr.request_id "
        "WHERE d.text_status = 'needs_ocr'"
    )
    params: list[str] = []
    if refs:
        sql += f" AND r.ref IN ({', '.join('?' for _ in refs)})"
        params = list(refs)
    return rows(db, sql + " ORDER BY d.rowid", tuple(params))
