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

from foia_tracker.db import search as index
from foia_tracker.db import transaction

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
    """(Re)index one ``messages`` row: its subject and body text. Our own sent copies are
    letters, not something received, and stay out."""
    index.put_message(db, message, indexed=not message.get("own_copy"))


def index_document(db: Database, sha256: str) -> None:
    """(Re)index one document: its extracted text, under every name it was received as."""
    index.put_document(db, sha256)


def rebuild(db: Database) -> int:
    """Index everything again from ``messages`` and ``documents``; return the rows indexed."""
    with transaction(db):  # a savepoint when the caller (reparse) already holds a transaction
        index.clear(db)
        for message in index.all_messages(db):
            index_message(db, message)
        for sha256 in index.all_document_hashes(db):
            index_document(db, sha256)
    return index.count(db)


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
    params = {
        "match": match,
        "campaign": campaign,
        "state": state.upper() if state else None,
        "limit": limit,
    }
    hits = index.matches(db, params)
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
        first = index.first_attachment(db, hit["sha256"])
        out["filename"] = first["filename"] if first else None
        message_row = first["message_row"] if first else None
    message = index.message_header(db, message_row)
    if message:
        out.update(message=message["id"], message_id=message["message_id"])
        out["subject"] = message["subject"]
    return out


def _refs(db: Database, hit: dict, filters: SearchFilter) -> list[str]:
    params = {
        "message_row": hit["message_row"],
        "sha256": hit["sha256"],
        "campaign": filters.campaign,
        "state": filters.state,
    }
    return index.hit_refs(db, params)
