"""Records that came another way (post, portal, CD, fax, in person): `foia attach` stores each
file, extracts and indexes its text, and files it on the request with a `document_added` event.

Apart from the rest of the correspondence because it is the only part that reads documents: the
commands that send or poll never load the PDF extractors through it."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.documents.extract import extract_text
from foia_tracker.errors import UsageError
from foia_tracker.outputs.search import index_document
from foia_tracker.parse.message import safe_filename
from foia_tracker.requests.correspondence import existing_request
from foia_tracker.requests.lifecycle import record_event
from foia_tracker.store import Store

ATTACH_VIA = ("post", "portal", "cd", "fax", "in-person", "email")


@dataclass(frozen=True)
class Received:
    """How files attached by hand came: when, by what channel, and what the user said."""

    at: datetime
    via: str = "post"  # ATTACH_VIA
    note: str = ""


def attach_files(
    db: Database, store: Store, request_id: int, files: list[Path], received: Received
) -> list[dict]:
    """`foia attach`: each file stored (content-addressed, private), its text extracted and
    indexed, an attachment row on the request (source "manual") and a `document_added` event."""
    if received.via not in ATTACH_VIA:
        raise UsageError(f"--via must be one of: {', '.join(ATTACH_VIA)}.")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise UsageError(f"No such file: {', '.join(missing)}.")
    existing_request(db, request_id)
    added = []
    for path in files:
        data = path.read_bytes()
        sha = store.put_file(data)  # bytes first, then the rows (the store is the truth)
        with transaction(db):
            added.append(_add_document(db, request_id, path.name, sha, data, received))
    return added


def _add_document(
    db: Database, request_id: int, name: str, sha: str, data: bytes, received: Received
) -> dict:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    text = extract_text(data, content_type)
    doc = {
        "filename": name,
        "safe_name": safe_filename(name),
        "content_type": content_type,
        "sha256": sha,
        "size": len(data),
        "text": text.text,
        "text_status": text.status,
        "received_at": received.at.isoformat(),
    }
    request_rows.add_manual_document(db, request_id, doc)
    index_document(db, sha)
    detail = {
        key: doc[key] for key in ("filename", "sha256", "size", "content_type", "text_status")
    }
    detail.update(via=received.via, note=received.note)
    record_event(db, request_id, "document_added", "user", at=received.at, detail=detail)
    return doc
