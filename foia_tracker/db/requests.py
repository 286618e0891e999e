"""SQL of the ``requests`` table and of the questions asked about one request: its messages and
documents, its thread, and the one definition of "an agency's reply" (the status view is in
db/status_view.py)."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows

# Message kinds that are never the agency answering (RFC 3834 auto-replies, RFC 3464 bounces,
# our own copies, what the classifier could not read).
NOT_RESPONSES = frozenset(
    {"bounce", "delay", "auto_reply", "own_copy", "requester_copy", "unknown", "unclassified"}
)
# An agency's own reply, for a `messages m`: the one definition every query below uses. Other
# modules ask the named functions (last_agency_reply, campaign_replies...), never splice this.
REPLY_SQL = (
    "m.automated = 0 AND m.own_copy = 0 AND m.kind NOT IN ("
    + ", ".join(f"'{kind}'" for kind in sorted(NOT_RESPONSES))
    + ")"
)
# The documents of a request: attachments of the messages filed on it, and files attached by
# hand (`foia attach`, attachments.request_id, migration m011).
_REQUEST_ATTACHMENTS = """
SELECT at.* FROM attachments at JOIN message_requests mr ON at.message_row = mr.message_row
 WHERE mr.request_id = :rid
UNION
SELECT at.* FROM attachments at WHERE at.request_id = :rid
"""


def find_request_by_ref(db: Database, ref: str) -> dict | None:
    """The one lookup of a request by its ref (refs are stored upper case)."""
    return row(db, "SELECT * FROM requests WHERE ref = ?", (ref.strip().upper(),))


def get_request(db: Database, request_id: int) -> dict | None:
    return row(db, "SELECT * FROM requests WHERE id = ?", (request_id,))


def request_with_campaign(db: Database, request_id: int) -> dict | None:
    return row(
        db,
        "SELECT r.*, c.template, c.vars FROM requests r JOIN campaigns c "
        "ON c.id = r.campaign_id WHERE r.id = ?",
        (request_id,),
    )


def get_agency(db: Database, agency_id: int) -> dict | None:
    return row(db, "SELECT * FROM agencies WHERE id = ?", (agency_id,))


def set_due(db: Database, request_id: int, due: str | None, kind: str | None, basis: str) -> None:
    db.execute(
        "UPDATE requests SET due = ?, due_kind = ?, due_basis = ? WHERE id = ?",
        (due, kind, basis, request_id),
    )


def set_status(db: Database, request_id: int, status: str, closed_at: str | None, manual: bool):
    """The status, its closing time, and whether the user set it by hand (``status_manual``)."""
    db.execute(
        "UPDATE requests SET status = ?, closed_at = ?, status_manual = ? WHERE id = ?",
        (status, closed_at, int(manual), request_id),
    )


def set_needs_review(db: Database, request_id: int, flag: bool) -> None:
    db.execute("UPDATE requests SET needs_review = ? WHERE id = ?", (int(flag), request_id))


def set_tracking_number_if_empty(db: Database, request_id: int, number: str) -> None:
    db.execute(
        "UPDATE requests SET tracking_number = ? WHERE id = ? AND "
        "(tracking_number IS NULL OR tracking_number = '')",
        (number, request_id),
    )


def set_tracking_number(db: Database, request_id: int, number: str) -> None:
    db.execute("UPDATE requests SET tracking_number = ? WHERE id = ?", (number, request_id))


def set_fee_amount(db: Database, request_id: int, amount: str) -> None:
    db.execute("UPDATE requests SET fee_amount = ? WHERE id = ?", (amount, request_id))


def set_sent_at(db: Database, request_id: int, sent_at: str) -> None:
    db.execute("UPDATE requests SET sent_at = ? WHERE id = ?", (sent_at, request_id))


def filings(db: Database, message_row: int) -> list[dict]:
    """Each request one message is filed on, with the message's derived fields."""
    return rows(
        db,
        "SELECT mr.request_id, mr.method, m.kind, m.facts, m.automated, m.auth_results, "
        "m.body_text, m.date, m.received_at, m.own_copy, m.from_addr FROM message_requests mr "
        "JOIN messages m ON m.id = mr.message_row WHERE mr.message_row = ?",
        (message_row,),
    )


def request_messages(db: Database, request_id: int) -> list[dict]:
    return rows(
        db,
        "SELECT m.id, m.message_id, m.from_addr AS 'from', m.subject, "
        "m.date, mr.method AS match_method, m.kind, m.automated "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? ORDER BY m.date, m.id",
        (request_id,),
    )


def request_documents(db: Database, request_id: int) -> list[dict]:
    """Every attachment row of a request, mail or by hand (``message`` is None for manual ones)."""
    return rows(
        db,
        "SELECT DISTINCT filename, sha256, size, content_type, source, message_row AS message "
        f"FROM ({_REQUEST_ATTACHMENTS}) ORDER BY id",
        {"rid": request_id},
    )


def last_agency_reply(db: Database, request_id: int) -> dict | None:
    """The agency's latest reply on a request (the one definition of a reply, REPLY_SQL)."""
    return row(
        db,
        "SELECT m.id, m.message_id, m.from_addr, m.kind, m.facts, m.body_text, "
        "coalesce(m.date, m.received_at) AS at FROM message_requests mr JOIN messages m "
        f"ON m.id = mr.message_row WHERE mr.request_id = ? AND {REPLY_SQL} "
        "ORDER BY coalesce(m.date, m.received_at) DESC, m.id DESC LIMIT 1",
        (request_id,),
    )


def last_agency_message_id(db: Database, request_id: int) -> str | None:
    """The Message-ID of the agency's latest reply, for In-Reply-To (RFC 5322 section 3.6.4)."""
    found = row(
        db,
        "SELECT m.message_id FROM message_requests mr JOIN messages m "
        f"ON m.id = mr.message_row WHERE mr.request_id = ? AND {REPLY_SQL} AND "
        "m.message_id IS NOT NULL ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )
    return found["message_id"] if found else None


def latest_denial(db: Database, request_id: int) -> dict | None:
    """The agency's latest denial or no-records answer on a request."""
    return row(
        db,
        "SELECT m.id, m.kind, coalesce(m.date, m.received_at) AS date, m.body_text "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? AND m.kind IN ('denial', 'no_records') "
        "ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )


def followup_history(db: Database, request_id: int) -> tuple[int, str | None]:
    """How many follow-ups a request got (failed ones aside) and when the last one went."""
    found = row(
        db,
        "SELECT count(*) AS n, max(coalesce(sent_at, created_at)) AS last "
        "FROM outbox WHERE request_id = ? AND kind = 'followup' AND state != 'failed'",
        (request_id,),
    )
    return found["n"], found["last"]


def sent_message_ids(db: Database, request_id: int) -> list[str]:
    """Our sent messages' ids on a request, oldest first, with the provider's rewrites."""
    ours = rows(
        db,
        "SELECT message_id, provider_message_id FROM outbox WHERE request_id = ? "
        "AND state = 'sent' ORDER BY sent_at",
        (request_id,),
    )
    return [i for o in ours for i in (o["message_id"], o["provider_message_id"]) if i]


def add_manual_document(db: Database, request_id: int, doc: dict) -> int:
    """A file received outside the mailbox: its documents row (text kept if already known) and
    an attachment row on the request (``source = "manual"``). Returns the attachment's id."""
    db.execute(
        "INSERT INTO documents (sha256, size, content_type, text, text_status) "
        "VALUES (:sha256, :size, :content_type, :text, :text_status) ON CONFLICT (sha256) DO "
        "UPDATE SET text = excluded.text, text_status = excluded.text_status "
        "WHERE documents.text IS NULL",
        doc,
    )
    cursor = db.execute(
        "INSERT INTO attachments (message_row, request_id, filename, safe_name, content_type, "
        "sha256, size, source, received_at) VALUES (NULL, :request_id, :filename, :safe_name, "
        ":content_type, :sha256, :size, 'manual', :received_at)",
        dict(doc, request_id=request_id),
    )
    return cursor.lastrowid


def campaign_replies(db: Database, campaign: str, limit: int = 20) -> list[dict]:
    """A campaign's latest agency replies (for the report), newest first."""
    return rows(
        db,
        "SELECT m.id, coalesce(m.date, m.received_at) AS at, m.from_addr, m.subject, m.kind, "
        "group_concat(r.ref, ' ') AS refs FROM messages m "
        "JOIN message_requests mr ON mr.message_row = m.id JOIN requests r ON r.id = mr.request_id "
        f"JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = ? AND {REPLY_SQL} "
        "GROUP BY m.id ORDER BY at DESC, m.id DESC LIMIT ?",
        (campaign, limit),
    )


def campaign_reply_dates(db: Database, campaign: str) -> list[str]:
    """When each agency reply of a campaign came (one per message)."""
    found = rows(
        db,
        "SELECT DISTINCT m.id, coalesce(m.date, m.received_at) AS at FROM messages m "
        "JOIN message_requests mr ON mr.message_row = m.id JOIN requests r ON r.id = mr.request_id "
        f"JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = ? AND {REPLY_SQL}",
        (campaign,),
    )
    return [r["at"] for r in found]


def export_documents(db: Database, request_id: int) -> list[dict]:
    """Every document of a request for the export manifest: mail attachments with their
    message's fields, then files attached by hand (no message: from/subject empty)."""
    return rows(
        db,
        """
        SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
               m.received_at, m.from_addr, m.subject, m.message_id, d.text, d.text_status,
               m.id AS message_order, a.id AS attachment_order
          FROM message_requests mr JOIN messages m ON m.id = mr.message_row
          JOIN attachments a ON a.message_row = m.id JOIN documents d ON d.sha256 = a.sha256
         WHERE mr.request_id = :rid
        UNION ALL
        SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
               a.received_at, '', '', NULL, d.text, d.text_status, NULL, a.id
          FROM attachments a JOIN documents d ON d.sha256 = a.sha256
         WHERE a.request_id = :rid AND a.message_row IS NULL
         ORDER BY received_at, message_order, attachment_order
        """,
        {"rid": request_id},
    )
