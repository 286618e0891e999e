"""Questions the outputs (export, report) ask about documents, mail and letters.

Every statement here reads; the tables are written by intake and the outbox.
"""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import rows
from foia_tracker.requests.tracking import REPLY_SQL  # moves to db.requests with the requests split

_DOCUMENTS_SQL = """
SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
       m.received_at, m.from_addr, m.subject, m.message_id, d.text, d.text_status
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
  JOIN attachments a ON a.message_row = m.id JOIN documents d ON d.sha256 = a.sha256
 WHERE mr.request_id = ? ORDER BY m.received_at, m.id, a.id
"""
_MAIL_SQL = """
SELECT m.id, m.raw_sha256, m.size, m.received_at, m.from_addr, m.subject, m.message_id
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
 WHERE mr.request_id = ? ORDER BY m.received_at, m.id
"""
_LETTERS_SQL = """
SELECT id, kind, to_addr, subject, body, message_id, provider_message_id, smtp_reply, raw_sha256,
       sent_at FROM outbox WHERE request_id = ? AND state = 'sent' ORDER BY sent_at, id
"""
_CAMPAIGN_MESSAGES = (
    "FROM messages m JOIN message_requests mr ON mr.message_row = m.id "
    "JOIN requests r ON r.id = mr.request_id JOIN campaigns c ON c.id = r.campaign_id "
)


def request_documents(db: Database, request_id: int) -> list[dict]:
    """Every attachment filed on the request, with its message and extracted text."""
    return rows(db, _DOCUMENTS_SQL, (request_id,))


def request_mail(db: Database, request_id: int) -> list[dict]:
    """The messages filed on the request, oldest first."""
    return rows(db, _MAIL_SQL, (request_id,))


def request_letters(db: Database, request_id: int) -> list[dict]:
    """What was sent for the request (letters, follow-ups, appeals, replies), oldest first."""
    return rows(db, _LETTERS_SQL, (request_id,))


def agency_names(db: Database) -> list[dict]:
    """``id, name, state`` of every agency in id order."""
    return rows(db, "SELECT id, name, state FROM agencies ORDER BY id")


def campaign_replies(db: Database, campaign: str, limit: int = 20) -> list[dict]:
    """The latest agency replies (REPLY_SQL's definition) of a campaign, newest first."""
    sql = (
        "SELECT m.id, coalesce(m.date, m.received_at) AS at, m.from_addr, m.subject, m.kind, "
        f"group_concat(r.ref, ' ') AS refs {_CAMPAIGN_MESSAGES}"
        f"WHERE c.name = ? AND {REPLY_SQL} GROUP BY m.id ORDER BY at DESC, m.id DESC LIMIT ?"
    )
    return rows(db, sql, (campaign, limit))


def campaign_reply_dates(db: Database, campaign: str) -> list[str]:
    """When each agency reply of the campaign was written (or received)."""
    sql = (
        f"SELECT DISTINCT m.id, coalesce(m.date, m.received_at) AS at {_CAMPAIGN_MESSAGES}"
        f"WHERE c.name = ? AND {REPLY_SQL}"
    )
    return [r["at"] for r in rows(db, sql, (campaign,))]


def campaign_document_count(db: Database, campaign: str) -> int:
    """Distinct documents (by content) filed on the campaign's requests."""
    sql = (
        "SELECT count(DISTINCT a.sha256) FROM requests r JOIN campaigns c ON c.id = r.campaign_id "
        "JOIN message_requests mr ON mr.request_id = r.id "
        "JOIN attachments a ON a.message_row = mr.message_row WHERE c.name = ?"
    )
    return db.execute(sql, (campaign,)).fetchone()[0]
