"""Full-text search over received mail (subject and body) and document text, with SQLite FTS5.

One FTS5 table, ``search_index``: a row per message (``message_row`` set) or per document
(``sha256`` set). It is derived data: ``rebuild`` makes it again from ``messages`` and
``documents``, so ``foia reparse`` never needs to migrate it.

Users type plain words and "quoted phrases". Everything else (``OR``, ``NEAR``, ``*``, ``:``,
parentheses, a stray quote) is taken literally: each word becomes a quoted FTS5 string, so no
query can raise an FTS5 syntax error or reach a column filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from foia_tracker.db import row, rows, transaction

# unicode61 with diacritics folded: "Données" is found by "donnees". The ids are UNINDEXED so
# that a search for "12" does not hit every message whose row id is 12.
# Subject/filename words weigh more than a word somewhere in a 300-page PDF (FTS5 bm25 weights).
_RANK = "bm25(search_index, 0.0, 0.0, 4.0, 1.0)"
_SNIPPET = "snippet(search_index, -1, '[', ']', '…', 16)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w", re.UNICODE)
_TERMS = re.compile(r'"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class SearchFilter:
    campaign: str | None = None
    state: str | None = None
    limit: int = 50


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has no searchable word.

    Plain words and "quoted phrases", all required (implicit AND). An unclosed quote runs to
    the end of the query. Each term is emitted as an FTS5 string with ``"`` doubled, so FTS5
    operators in the input are only words.
    """
    # FTS5 reads its query as a C string: a NUL would end it inside a quoted term.
    text = _CONTROL.sub(" ", text)
    terms = []
    for phrase, word in _TERMS.findall(text):
        term = phrase if phrase else word
        if _WORD.search(term):
            terms.append('"' + term.replace('"', '""') + '"')
    return " ".join(terms) if terms else None


def index_message(db: Database, message: dict) -> None:
    """(Re)index one ``messages`` row: its subject and body text.

    A message's index row has rowid = its id and a document's has rowid = minus its
    ``documents`` rowid, so re-indexing deletes by rowid instead of scanning the whole index
    (an UNINDEXED column has no index: 20,000 messages would mean 20,000 full scans).
    """
    db.execute("DELETE FROM search_index WHERE rowid = ?", (message["id"],))
    if message.get("own_copy"):
        return  # our own sent copies are letters, not something received
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


def index_document(db: Database, sha256: str) -> None:
    """(Re)index one document: its extracted text, under every name it was received as."""
    document = row(db, "SELECT rowid AS n, text FROM documents WHERE sha256 = ?", (sha256,))
    if document is None:
        return
    db.execute("DELETE FROM search_index WHERE rowid = ?", (-document["n"],))
    names = [
        r["filename"]
        for r in rows(
            db,
            "SELECT DISTINCT filename FROM attachments WHERE sha256 = ? ORDER BY filename",
            (sha256,),
        )
    ]
    db.execute(
        "INSERT INTO search_index (rowid, message_row, sha256, title, body) "
        "VALUES (?, NULL, ?, ?, ?)",
        (-document["n"], sha256, " ".join(names), document["text"] or ""),
    )


def rebuild(db: Database) -> int:
    """Index everything again from ``messages`` and ``documents``; return the rows indexed."""
    with transaction(db):  # a savepoint when the caller (reparse) already holds a transaction
        db.execute("DELETE FROM search_index")
        for message in rows(db, "SELECT id, subject, body_text, own_copy FROM messages"):
            index_message(db, message)
        for document in rows(db, "SELECT sha256 FROM documents ORDER BY sha256"):
            index_document(db, document["sha256"])
    return db.execute("SELECT count(*) FROM search_index").fetchone()[0]


# The requests a hit belongs to: a message's filings, or the filings of every message that
# carried the document.
_HIT_REQUESTS = """
SELECT mr.request_id FROM message_requests mr
 WHERE mr.message_row = h.message_row
UNION
SELECT mr.request_id FROM attachments a JOIN message_requests mr ON mr.message_row = a.message_row
 WHERE a.sha256 = h.sha256
"""
_IN_FILTER = """
EXISTS (SELECT 1 FROM requests r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.id IN ({hit}) AND (:campaign IS NULL OR c.name = :campaign)
           AND (:state IS NULL OR r.jurisdiction = :state))
"""


def search(
    db: Database,
    query: str,
    *,
    campaign: str | None = None,
    state: str | None = None,
    limit: int = 50,
) -> list[dict]:
    """Best matches first. Each hit: ``kind`` (message/document), ``refs``, ``message`` (row
    id), ``message_id``, ``sha256``, ``filename``, ``subject``, ``snippet`` (matches in
    [brackets]), ``rank`` (1 = best) and ``score`` (FTS5 bm25 negated: higher is better, and
    positive, so a CSV cell of it never starts with "-")."""
    match = fts_query(query)
    if match is None:
        return []
    where = "search_index MATCH :match"
    if campaign or state:
        where += " AND " + _IN_FILTER.format(hit=_HIT_REQUESTS)
    params = {
        "match": match,
        "campaign": campaign,
        "state": state.upper() if state else None,
        "limit": limit,
    }
    # The hidden column named like the table feeds MATCH, snippet() and bm25(); the alias h is
    # what the filter subqueries correlate on.
    sql = (
        f"SELECT h.message_row, h.sha256, {_SNIPPET} AS snippet, {_RANK} AS rank "
        f"FROM search_index AS h WHERE {where} ORDER BY rank LIMIT :limit"
    )
    hits = rows(db, sql, params)
    filters = SearchFilter(campaign, params["state"], limit)
    return [_describe(db, hit, filters) | {"rank": n} for n, hit in enumerate(hits, 1)]


def _describe(db: Database, hit: dict, filters: SearchFilter) -> dict:
    out = {
        "kind": "message" if hit["message_row"] is not None else "document",
        "refs": _refs(db, hit, filters),
        "message": None,
        "message_id": None,
        "sha256": hit["sha256"],
        "filename": None,
        "subject": None,
        "snippet": hit["snippet"],
        "score": round(-hit["rank"], 4),
    }
    message_row = hit["message_row"]
    if message_row is None:
        first = row(
            db,
            "SELECT filename, message_row FROM attachments WHERE sha256 = ? "
            "ORDER BY message_row, id LIMIT 1",
            (hit["sha256"],),
        )
        out["filename"] = first["filename"] if first else None
        message_row = first["message_row"] if first else None
    message = row(db, "SELECT id, message_id, subject FROM messages WHERE id = ?", (message_row,))
    if message:
        out.update(message=message["id"], message_id=message["message_id"])
        out["subject"] = message["subject"]
    return out


def _refs(db: Database, hit: dict, filters: SearchFilter) -> list[str]:
    sql = (
        "SELECT DISTINCT r.ref FROM requests r JOIN campaigns c ON c.id = r.campaign_id "
        f"WHERE r.id IN ({_HIT_REQUESTS.replace('h.', ':')}) "
        "AND (:campaign IS NULL OR c.name = :campaign) AND (:state IS NULL OR r.jurisdiction = :state) "
        "ORDER BY r.ref"
    )
    params = {
        "message_row": hit["message_row"],
        "sha256": hit["sha256"],
        "campaign": filters.campaign,
        "state": filters.state,
    }
    return [r["ref"] for r in rows(db, sql, params)]
