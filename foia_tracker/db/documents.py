"""Questions the outputs (export, report) ask about documents, mail and letters.

Every statement here reads; the tables are written by intake and the outbox.
"""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import rows
from foia_tracker.requests.tracking import REPLY_SQL  # moves to db.requests with the requests split

_DOCUMENTS_SQL = """
SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
       m.received_at, m.from_addr, m.subject, m.message_id, d.text, d.text_status,
       dr.decision AS review, dr.note AS review_note
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
  JOIN attachments a ON a.message_row = m.id JOIN documents d ON d.sha256 = a.sha256
  LEFT JOIN document_reviews dr ON dr.sha256 = d.sha256
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


_CAMPAIGN_DOCUMENTS = """
SELECT d.sha256, d.content_type, d.size, d.text, d.text_status,
       min(a.filename) AS filename, group_concat(DISTINCT r.ref) AS refs,
       min(coalesce(m.received_at, '')) AS received_at,
       dr.decision AS review, dr.note AS review_note, dr.at AS reviewed_at
  FROM documents d JOIN attachments a ON a.sha256 = d.sha256
  JOIN messages m ON m.id = a.message_row
  JOIN message_requests mr ON mr.message_row = a.message_row
  JOIN requests r ON r.id = mr.request_id JOIN campaigns c ON c.id = r.campaign_id
  LEFT JOIN document_reviews dr ON dr.sha256 = d.sha256
 WHERE (:campaign IS NULL OR c.name = :campaign)
 GROUP BY d.sha256 ORDER BY received_at, d.sha256
"""


def filed_documents(db: Database, campaign: str | None) -> list[dict]:
    """Each document filed on a request (of ``campaign``, or of any), once, with its text,
    the refs it is filed on (comma-separated), its first name and the user's review."""
    return rows(db, _CAMPAIGN_DOCUMENTS, {"campaign": campaign})


def documents_with_prefix(db: Database, prefix: str) -> list[str]:
    """The sha256 of every filed document starting with ``prefix`` (lowercase hex)."""
    sql = (
        "SELECT DISTINCT d.sha256 FROM documents d JOIN attachments a ON a.sha256 = d.sha256 "
        "WHERE d.sha256 >= ? AND d.sha256 < ? ORDER BY d.sha256 LIMIT 2"
    )
    return [r["sha256"] for r in rows(db, sql, (prefix, prefix + "g"))]


def document_requests(db: Database, sha256: str) -> list[dict]:
    """``id, ref`` of each request the document is filed on, and the name it came under."""
    sql = (
        "SELECT DISTINCT r.id, r.ref, a.filename FROM attachments a "
        "JOIN message_requests mr ON mr.message_row = a.message_row "
        "JOIN requests r ON r.id = mr.request_id WHERE a.sha256 = ? ORDER BY r.id"
    )
    return rows(db, sql, (sha256,))


def put_review(db: Database, sha256: str, decision: str, note: str, at: str) -> None:
    db.execute(
        "INSERT INTO document_reviews (sha256, decision, note, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO UPDATE SET decision = excluded.decision, note = excluded.note, "
        "at = excluded.at",
        (sha256, decision, note, at),
    )
