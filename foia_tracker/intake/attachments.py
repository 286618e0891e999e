"""A message's attachment leaves into the store and the documents table (raw first, like the
mail), with their text extracted for search and PII flags only once the message is filed: by
the run's worker pool when there is one (poll, reparse), so filing never waits for a PDF."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.documents import extract as documents
from foia_tracker.intake.context import Filer
from foia_tracker.outputs import search
from foia_tracker.parse.message import ParsedMessage
from foia_tracker.store import Store


def file_attachments(
    filer: Filer, message_row: int, parsed: ParsedMessage, *, extract: bool
) -> None:
    """Store every attachment leaf. Text is extracted only for mail filed on a request: held
    mail is mostly none of our business, and a PDF's text can cost more than the rest of the
    message. ``extract_filed_documents`` catches up when `foia match` files it."""
    db = filer.db
    for leaf in parsed.attachments:
        sha = filer.store.put_file(leaf.data)
        store_db.insert_document(db, sha, len(leaf.data), leaf.content_type)
        if extract and filer.indexer is not None:
            filer.indexer.queue(sha, leaf.content_type, refresh=filer.refresh_documents)
        elif extract:
            _extract(db, sha, leaf.data, leaf.content_type, refresh=filer.refresh_documents)
        store_db.insert_attachment(
            db,
            {
                "message_row": message_row,
                "filename": leaf.filename,
                "safe_name": leaf.safe_name,
                "content_type": leaf.content_type,
                "sha256": sha,
                "size": len(leaf.data),
                "source": leaf.source,
                "parent_sha256": leaf.parent_sha256,
            },
        )
        search.index_document(db, sha)


def _extract(db: Database, sha: str, data: bytes, content_type: str, *, refresh: bool) -> None:
    """Extract a document's text once (``text`` NULL means not yet tried)."""
    if not refresh and not store_db.document_text_pending(db, sha):
        return
    text = documents.extract_text(data, content_type)
    store_db.set_document_text(db, sha, content_type, text.text or "", text.status)


def extract_filed_documents(db: Database, store: Store, message_row: int) -> None:
    """The text of a message's documents, now that it is filed (`foia match`)."""
    for document in store_db.documents_without_text(db, message_row):
        sha = document["sha256"]
        _extract(db, sha, store.read_file(sha), document["content_type"], refresh=False)
        search.index_document(db, sha)
