"""Every statement about received mail: messages, their copies on the server, their filings on
requests (``message_requests``), the holding pen's candidates, attachments and the documents
they carry. The IMAP checkpoint (``mail_state``) is db/checkpoints.py.

Rows come out as plain dicts keyed by column name. Writes use sqlite-utils' ``table.insert``,
``update`` and ``upsert`` where they say the same thing as the SQL would, except on the path
every fetched message takes (``insert_message``, ``update_message``, ``insert_copy``): there
sqlite-utils reads the schema again on each call (table_names, pks), which was a fifth of an
unmatched poll (docs/benchmarks.md), so those three are plain statements. The other statements
left as SQL have a condition sqlite-utils cannot express (NOT EXISTS in the holding pen).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows

# --- what matching reads once per poll -------------------------------------------------------


def outbox_message_ids(db: Database) -> list[dict]:
    """Each sent letter's Message-ID and the provider's rewrite of it (request_id, ids)."""
    return rows(db, "SELECT request_id, message_id, provider_message_id FROM outbox")


def requests_for_matching(db: Database) -> list[dict]:
    """Every request with what matching keys on: ref, token, agency and its address, status."""
    return rows(
        db,
        "SELECT r.id, r.ref, r.token, r.agency_id, r.status, r.tracking_number, "
        "a.email, a.name AS agency_name FROM requests r JOIN agencies a ON a.id = r.agency_id",
    )


def agency_addresses(db: Database) -> list[dict]:
    """(agency_id, address) for every address known to answer for an agency."""
    return rows(
        db,
        "SELECT id AS agency_id, email AS address FROM agencies WHERE email != '' "
        "UNION SELECT agency_id, address FROM agency_addresses",
    )


def filed_message_ids(db: Database) -> list[dict]:
    """(request_id, message_id) of every received message filed on a request by more than its
    sender (an agency answering on its own thread names these in In-Reply-To/References)."""
    return rows(
        db,
        "SELECT DISTINCT mr.request_id, m.message_id FROM message_requests mr "
        "JOIN messages m ON m.id = mr.message_row WHERE m.message_id IS NOT NULL "
        "AND m.message_id != '' AND m.own_copy = 0 AND m.kind NOT IN ('bounce', 'delay') "
        "AND mr.method NOT IN ('sender', 'sender-domain')",
    )


def sender_history(db: Database) -> list[dict]:
    """(request_id, address) for every sender already filed on a request, and how often.
    Bounces (a mailer-daemon speaks for no one) and the user's own copies are left out."""
    return rows(
        db,
        "SELECT mr.request_id, lower(m.from_addr) AS address, count(*) AS messages "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE m.from_addr != '' AND m.own_copy = 0 "
        "AND m.kind NOT IN ('bounce', 'delay', 'requester_copy') "
        "GROUP BY mr.request_id, lower(m.from_addr)",
    )


def tracking_numbers_in_facts(db: Database) -> list[dict]:
    """(request_id, number) for every agency or portal number the classifier found in mail
    filed on a request (strong filings only: a sender-only filing may be wrong)."""
    return rows(
        db,
        "SELECT DISTINCT mr.request_id, json_extract(m.facts, '$.tracking_number') AS number "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE json_extract(m.facts, '$.tracking_number') IS NOT NULL "
        "AND mr.method NOT IN ('sender', 'sender-domain')",
    )


def remember_tracking_number(db: Database, request_id: int, number: str) -> None:
    """The agency's number for the request, kept the first time it is seen (never replaced)."""
    db.execute(
        "UPDATE requests SET tracking_number = ? WHERE id = ? AND "
        "(tracking_number IS NULL OR tracking_number = '')",
        (number, request_id),
    )


# --- messages --------------------------------------------------------------------------------


def get_message(db: Database, message_row: int) -> dict | None:
    return row(db, "SELECT * FROM messages WHERE id = ?", (message_row,))


def message_by_sha(db: Database, sha: str) -> dict | None:
    return row(db, "SELECT id, kind FROM messages WHERE raw_sha256 = ?", (sha,))


def insert_message(db: Database, sha: str, size: int, received_at: str) -> int:
    cursor = db.execute(
        "INSERT INTO messages (raw_sha256, size, received_at) VALUES (?, ?, ?)",
        (sha, size, received_at),
    )
    return cursor.lastrowid


_COLUMN = re.compile(r"[a-z_][a-z0-9_]*\Z")


def update_message(db: Database, message_row: int, fields: dict) -> None:
    """Set derived columns of one message. The names are ours (code, never mail); a dict or
    list value is stored as JSON, as sqlite-utils' ``update`` did."""
    if not fields:
        return
    bad = [name for name in fields if not _COLUMN.match(name)]
    if bad:
        raise ValueError(f"not a column name: {bad[0]!r}")
    values = [
        json.dumps(v, default=str) if isinstance(v, dict | list | tuple) else v
        for v in fields.values()
    ]
    assignments = ", ".join(f'"{name}" = ?' for name in fields)
    cursor = db.execute(f"UPDATE messages SET {assignments} WHERE id = ?", (*values, message_row))
    if cursor.rowcount == 0:
        raise LookupError(f"no message {message_row}")


def all_message_rows(db: Database) -> list[int]:
    return [r["id"] for r in rows(db, "SELECT id FROM messages ORDER BY id")]


@dataclass(frozen=True)
class CopyRow:
    """Where the server holds one copy of a message (``message_copies``)."""

    message_row: int
    account: str
    folder: str
    uidvalidity: int
    uid: int
    internaldate: str | None


def insert_copy(db: Database, copy: CopyRow) -> None:
    # ignore: the same copy fetched again after a crash before the checkpoint is a no-op
    db.execute(
        "INSERT OR IGNORE INTO message_copies "
        "(message_row, account, folder, uidvalidity, uid, internaldate) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            copy.message_row,
            copy.account,
            copy.folder,
            copy.uidvalidity,
            copy.uid,
            copy.internaldate,
        ),
    )


# --- filings and candidates ------------------------------------------------------------------


@dataclass(frozen=True)
class FilingRow:
    message_row: int
    request_id: int
    method: str
    score: float
    evidence: dict
    actor: str = "auto"


def _filing_record(filing: FilingRow) -> dict:
    return {
        "message_row": filing.message_row,
        "request_id": filing.request_id,
        "method": filing.method,
        "score": filing.score,
        "evidence": json.dumps(filing.evidence, default=str, ensure_ascii=False, sort_keys=True),
    }


def insert_filing(db: Database, filing: FilingRow) -> None:
    """An automatic filing (ignored where one exists: a hand filing outranks it); a filing by
    the user (actor 'user') replaces whatever was there."""
    record = dict(_filing_record(filing), actor=filing.actor)
    if filing.actor == "user":
        db.table("message_requests").insert(record, replace=True)
    else:
        db.table("message_requests").insert(record, ignore=True)


def insert_candidate(db: Database, candidate: FilingRow) -> None:
    db.table("message_candidates").insert(_filing_record(candidate), ignore=True)


def is_filed(db: Database, message_row: int) -> bool:
    found = row(db, "SELECT 1 AS f FROM message_requests WHERE message_row = ?", (message_row,))
    return found is not None


def filings_of(db: Database, message_row: int) -> list[dict]:
    """ref, method, actor and request_id of each request the message is filed on, best first."""
    return rows(
        db,
        "SELECT r.ref, r.id AS request_id, mr.method, mr.actor FROM message_requests mr "
        "JOIN requests r ON r.id = mr.request_id WHERE mr.message_row = ? "
        "ORDER BY mr.actor = 'user' DESC, mr.score DESC, r.ref",
        (message_row,),
    )


def filings_with_requests(db: Database, message_row: int) -> list[dict]:
    return rows(
        db,
        "SELECT mr.request_id, mr.method, r.agency_id, r.to_addr FROM message_requests mr "
        "JOIN requests r ON r.id = mr.request_id WHERE mr.message_row = ?",
        (message_row,),
    )


def candidates_of(db: Database, message_row: int) -> list[dict]:
    return rows(
        db,
        "SELECT r.ref, c.method, c.score, c.evidence FROM message_candidates c "
        "JOIN requests r ON r.id = c.request_id WHERE c.message_row = ? "
        "ORDER BY c.score DESC, r.ref",
        (message_row,),
    )


def clear_derived(db: Database, message_row: int) -> None:
    """What a reparse derives again; hand filings (actor 'user') stay."""
    db.execute("DELETE FROM attachments WHERE message_row = ?", (message_row,))
    db.execute("DELETE FROM message_candidates WHERE message_row = ?", (message_row,))
    db.execute(
        "DELETE FROM message_requests WHERE message_row = ? AND actor = 'auto'", (message_row,)
    )
    db.execute("UPDATE messages SET parse_error = NULL WHERE id = ?", (message_row,))


# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageFilter:
    unmatched: bool = False
    request_id: int | None = None


def list_messages(db: Database, filters: MessageFilter = MessageFilter()) -> list[dict]:
    """Received mail (our own copies left out), oldest first."""
    where, params = ["m.own_copy = 0"], []
    if filters.unmatched:  # the holding pen: filed nowhere, not set aside, not the user's own
        where.append("NOT EXISTS (SELECT 1 FROM message_requests x WHERE x.message_row = m.id)")
        where.append("m.dismissed_at IS NULL AND m.kind != 'requester_copy'")
    if filters.request_id is not None:
        where.append(
            "EXISTS (SELECT 1 FROM message_requests x WHERE x.message_row = m.id "
            "AND x.request_id = ?)"
        )
        params.append(filters.request_id)
    return rows(
        db,
        f"SELECT m.* FROM messages m WHERE {' AND '.join(where)} ORDER BY m.received_at, m.id",
        tuple(params),
    )


# --- attachments and the documents they carry ------------------------------------------------


def attachments_of(db: Database, message_row: int) -> list[dict]:
    return rows(
        db,
        "SELECT filename, sha256, size, content_type, source FROM attachments "
        "WHERE message_row = ? ORDER BY id",
        (message_row,),
    )


def insert_attachment(db: Database, record: dict) -> None:
    db.table("attachments").insert(record)


def insert_document(db: Database, sha: str, size: int, content_type: str) -> None:
    """A document row with its text not yet tried (``text`` NULL); kept if already there."""
    record = {"sha256": sha, "size": size, "content_type": content_type, "text": None,
              "text_status": "none"}  # fmt: skip
    db.table("documents").insert(record, ignore=True)


def document_text_pending(db: Database, sha: str) -> bool:
    found = row(db, "SELECT 1 AS p FROM documents WHERE sha256 = ? AND text IS NULL", (sha,))
    return found is not None


def set_document_text(db: Database, sha: str, content_type: str, text: str, status: str) -> None:
    db.table("documents").update(
        sha, {"content_type": content_type, "text": text, "text_status": status}
    )


def documents_without_text(db: Database, message_row: int) -> list[dict]:
    return rows(
        db,
        "SELECT DISTINCT a.sha256, a.content_type FROM attachments a JOIN documents d "
        "ON d.sha256 = a.sha256 WHERE a.message_row = ? AND d.text IS NULL",
        (message_row,),
    )


def drop_orphan_documents(db: Database) -> None:
    """Documents no message carries any more, and their search rows (rowid = minus the
    document's rowid, see outputs/search.py)."""
    orphans = "SELECT {} FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
    db.execute(f"DELETE FROM search_index WHERE rowid IN ({orphans.format('-rowid')})")
    db.execute(f"DELETE FROM documents WHERE sha256 IN ({orphans.format('sha256')})")


# --- filing by hand --------------------------------------------------------------------------


def agency_email(db: Database, agency_id: int) -> str | None:
    found = row(db, "SELECT email FROM agencies WHERE id = ?", (agency_id,))
    return found["email"] if found else None


def learn_agency_address(db: Database, agency_id: int, address: str) -> bool:
    """Add an address that answers for the agency (source 'learned'); False if known."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO agency_addresses (agency_id, address, source) "
        "VALUES (?, ?, 'learned')",
        (agency_id, address),
    )
    return cursor.rowcount > 0


# --- dismissing ------------------------------------------------------------------------------


def dismissed_senders(db: Database) -> list[str]:
    return [r["address"] for r in rows(db, "SELECT address FROM dismissed_senders")]


def dismiss_sender(db: Database, address: str, at: str, message_row: int) -> None:
    record = {"address": address, "dismissed_at": at, "message_row": message_row}
    db.table("dismissed_senders").insert(record, ignore=True)


def held_from(db: Database, address: str) -> list[int]:
    """Held mail from ``address`` (filed nowhere, not yet set aside)."""
    return [
        r["id"]
        for r in rows(
            db,
            "SELECT id FROM messages m WHERE lower(m.from_addr) = ? AND m.dismissed_at IS NULL "
            "AND m.own_copy = 0 AND NOT EXISTS "
            "(SELECT 1 FROM message_requests x WHERE x.message_row = m.id) ORDER BY id",
            (address.lower(),),
        )
    ]


def letters_of(db: Database, request_ids: list[int]) -> list[str]:
    """The letters we sent on these requests (what agencies paste back into their replies)."""
    if not request_ids:
        return []
    marks = ", ".join("?" for _ in request_ids)
    found = rows(db, f"SELECT letter FROM requests WHERE id IN ({marks}) AND letter IS NOT NULL",
                 tuple(request_ids))  # fmt: skip
    return [r["letter"] for r in found]
