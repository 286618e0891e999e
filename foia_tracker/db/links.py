"""Records links found in replies, and what fetching them gave."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import rows

_LIST = """
SELECT l.id, r.ref, l.message_row AS message, l.url, l.download_url, l.host, l.service,
       l.expires, l.status, l.reason, l.sha256 AS document, l.request_id, l.found_at
FROM links l JOIN requests r ON r.id = l.request_id
JOIN campaigns c ON c.id = r.campaign_id
"""


def add_link(db: Database, values: dict) -> bool:
    """Record one link on one request; False when the request already has it."""
    cursor = db.execute(
        "INSERT INTO links (message_row, request_id, url, download_url, host, service, expires, "
        "found_at) VALUES (:message_row, :request_id, :url, :download_url, :host, :service, "
        ":expires, :found_at) ON CONFLICT (request_id, url) DO NOTHING",
        values,
    )
    return cursor.rowcount > 0


def list_links(
    db: Database, *, campaign: str | None, refs: list[str], pending_only: bool
) -> list[dict]:
    where, params = [], []
    if campaign:
        where.append("c.name = ?")
        params.append(campaign)
    if refs:
        where.append(f"r.ref IN ({', '.join('?' for _ in refs)})")
        params.extend(refs)
    if pending_only:
        where.append("l.status = 'pending'")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return rows(db, _LIST + clause + " ORDER BY r.ref, l.id", tuple(params))


def set_result(db: Database, link_id: int, values: dict) -> None:
    db.execute(
        "UPDATE links SET status = :status, reason = :reason, sha256 = :sha256, "
        "fetched_at = :fetched_at WHERE id = :id",
        {**values, "id": link_id},
    )


def add_downloaded_document(db: Database, values: dict) -> None:
    """The fetched file as a document and as an attachment of the message that linked it."""
    db.execute(
        "INSERT INTO documents (sha256, size, content_type, text, text_status) "
        "VALUES (:sha256, :size, :content_type, NULL, 'none') ON CONFLICT (sha256) DO NOTHING",
        values,
    )
    db.execute(
        "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, size, "
        "source) VALUES (:message_row, :filename, :filename, :content_type, :sha256, :size, 'link')",
        values,
    )
