"""Questions the outputs (export, documents, review) ask about documents, mail and letters,
and the user's review decisions (``document_reviews``, migration m012).

The documents of one request and "an agency's reply" are defined once in ``db.requests``
(``export_documents``, ``REPLY_SQL``); this module asks about what is beside them.
"""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import rows

_MAIL_SQL = """
SELECT m.id, m.raw_sha256, m.size, m.received_at, m.from_addr, m.subject, m.message_id
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
 WHERE mr.request_id = ? ORDER BY m.received_at, m.id
"""
_LETTERS_SQL = """
SELECT o.id, o.kind, o.to_addr, o.subject, b.body, o.message_id, o.provider_message_id,
       o.smtp_reply, o.raw_sha256, o.sent_at
  FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id
 WHERE o.request_id = ? AND o.state = 'sent' ORDER BY o.sent_at, o.id
"""


def request_mail(db: Database, request_id: int) -> list[dict]:
    """The messages filed on the request, oldest first."""
    return rows(db, _MAIL_SQL, (request_id,))


def request_letters(db: Database, request_id: int) -> list[dict]:
    """What was sent for the request (letters, follow-ups, appeals, replies), oldest first."""
    return rows(db, _LETTERS_SQL, (request_id,))


def agency_names(db: Database) -> list[dict]:
    """``id, name, state`` of every agency in id order."""
    return rows(db, "SELECT id, name, state FROM agencies ORDER BY id")


# Where each document is filed: on the requests its messages are filed on, or directly
# (attachments.request_id: `foia attach`, fetched links; migration m011).
_FILED = """
SELECT a.sha256, a.filename, mr.request_id, coalesce(m.received_at, a.received_at, '') AS at
  FROM attachments a JOIN message_requests mr ON mr.message_row = a.message_row
  JOIN messages m ON m.id = a.message_row
UNION ALL
SELECT a.sha256, a.filename, a.request_id, coalesce(a.received_at, '') FROM attachments a
 WHERE a.request_id IS NOT NULL AND a.message_row IS NULL
"""
_CAMPAIGN_DOCUMENTS = f"""
SELECT d.sha256, d.content_type, d.size, d.text, d.text_status,
       min(f.filename) AS filename, group_concat(DISTINCT r.ref) AS refs, min(f.at) AS received_at,
       dr.decision AS review, dr.note AS review_note, dr.at AS reviewed_at
  FROM documents d JOIN ({_FILED}) f ON f.sha256 = d.sha256
  JOIN requests r ON r.id = f.request_id JOIN campaigns c ON c.id = r.campaign_id
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
        f"SELECT r.id, r.ref, min(f.filename) AS filename FROM ({_FILED}) f "
        "JOIN requests r ON r.id = f.request_id WHERE f.sha256 = ? GROUP BY r.id ORDER BY r.id"
    )
    return rows(db, sql, (sha256,))


def reviews(db: Database) -> dict[str, dict]:
    """Every review decision by sha256: ``{decision, note, at}``."""
    found = rows(db, "SELECT sha256, decision, note, at FROM document_reviews")
    return {r.pop("sha256"): r for r in found}


def put_review(db: Database, sha256: str, decision: str, note: str, at: str) -> None:
    db.execute(
        "INSERT INTO document_reviews (sha256, decision, note, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO UPDATE SET decision = excluded.decision, note = excluded.note, "
        "at = excluded.at",
        (sha256, decision, note, at),
    )
