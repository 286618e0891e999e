"""The full-text index (FTS5 table ``search_index``) and the questions search asks.

A message's index row has rowid = its id and a document's has rowid = minus its ``documents``
rowid, so re-indexing deletes by rowid instead of scanning the whole index (an UNINDEXED column
has no index: 20,000 messages would mean 20,000 full scans).
"""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows

# Subject/filename words weigh more than a word somewhere in a 300-page PDF (FTS5 bm25 weights).
_RANK = "bm25(search_index, 0.0, 0.0, 4.0, 1.0)"
_SNIPPET = "snippet(search_index, -1, '[', ']', '…', 16)"
# The requests a hit belongs to: a message's filings, the filings of every message that
# carried the document, or the requests it was attached to by hand (`foia attach`).
_HIT_REQUESTS = """
SELECT mr.request_id FROM message_requests mr
 WHERE mr.message_row = h.message_row
UNION
SELECT mr.request_id FROM attachments a JOIN message_requests mr ON mr.message_row = a.message_row
 WHERE a.sha256 = h.sha256
UNION
SELECT a.request_id FROM attachments a WHERE a.sha256 = h.sha256 AND a.request_id IS NOT NULL
"""
_IN_FILTER = """
EXISTS (SELECT 1 FROM requests r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.id IN ({hit}) AND (:campaign IS NULL OR c.name = :campaign)
           AND (:state IS NULL OR r.jurisdiction = :state))
"""


def put_message(db: Database, message: dict, indexed: bool) -> None:
    """Replace the message's index row (none when ``indexed`` is false)."""
    db.execute("DELETE FROM search_index WHERE rowid = ?", (message["id"],))
    if not indexed:
        return
    db.execute(
        "INSERT INTO search_index (rowid, message_row, sha256, title, body) "
        "VALUES (?, ?, NULL, ?, ?)",
        (
            message["id"],
            message["id"],
            message.get("subject") or "",
            message.get("body_text") or "",
        ),
    )


def put_document(db: Database, sha256: str) -> None:
    """Replace the document's index row: its text, under every name it was received as."""
    document = row(db, "SELECT rowid AS n, text FROM documents WHERE sha256 = ?", (sha256,))
    if document is None:
        return
    db.execute("DELETE FROM search_index WHERE rowid = ?", (-document["n"],))
    names = rows(
        db,
        "SELECT DISTINCT filename FROM attachments WHERE sha256 = ? ORDER BY filename",
        (sha256,),
    )
    db.execute(
        "INSERT INTO search_index (rowid, message_row, sha256, title, body) "
        "VALUES (?, NULL, ?, ?, ?)",
        (-document["n"], sha256, " ".join(r["filename"] for r in names), document["text"] or ""),
    )


def clear(db: Database) -> None:
    db.execute("DELETE FROM search_index")


def all_messages(db: Database) -> list[dict]:
    return rows(db, "SELECT id, subject, body_text, own_copy FROM messages")


def all_document_hashes(db: Database) -> list[str]:
    return [r["sha256"] for r in rows(db, "SELECT sha256 FROM documents ORDER BY sha256")]


def count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM search_index").fetchone()[0]


def matches(db: Database, params: dict) -> list[dict]:
    """Hits for ``params["match"]`` (an FTS5 expression), best first, optionally only those
    filed on requests of ``campaign`` / ``state``; each with ``message_row, sha256, snippet,
    rank``."""
    where = "search_index MATCH :match"
    if params.get("campaign") or params.get("state"):
        where += " AND " + _IN_FILTER.format(hit=_HIT_REQUESTS)
    # The hidden column named like the table feeds MATCH, snippet() and bm25(); the alias h is
    # what the filter subqueries correlate on.
    sql = (
        f"SELECT h.message_row, h.sha256, {_SNIPPET} AS snippet, {_RANK} AS rank "
        f"FROM search_index AS h WHERE {where} ORDER BY rank LIMIT :limit"
    )
    return rows(db, sql, params)


def first_attachment(db: Database, sha256: str) -> dict | None:
    """``filename, message_row`` of the first message that carried the document."""
    return row(
        db,
        "SELECT filename, message_row FROM attachments WHERE sha256 = ? "
        "ORDER BY message_row, id LIMIT 1",
        (sha256,),
    )


def message_header(db: Database, message_row: int | None) -> dict | None:
    return row(db, "SELECT id, message_id, subject FROM messages WHERE id = ?", (message_row,))


def hit_refs(db: Database, params: dict) -> list[str]:
    """The refs a hit (``message_row`` or ``sha256``) is filed on, within the filters."""
    sql = (
        "SELECT DISTINCT r.ref FROM requests r JOIN campaigns c ON c.id = r.campaign_id "
        f"WHERE r.id IN ({_HIT_REQUESTS.replace('h.', ':')}) "
        "AND (:campaign IS NULL OR c.name = :campaign) "
        "AND (:state IS NULL OR r.jurisdiction = :state) ORDER BY r.ref"
    )
    return [r["ref"] for r in rows(db, sql, params)]
