"""The requester's side of the correspondence: their own messages to the agency (sent by
`foia reply` or typed in a mail client and found in Sent), notes, and records received outside
the mailbox (`foia attach`).

A requester message on a request that waits on the requester (fee_requested,
clarification_needed) is taken as the answer (ARCHITECTURE.md "Second wave"): the request returns
to processing and its clock resumes or restarts as the law says (``due``). Where the message's
intent is unclear (it declines the fee, or nobody said what it is) it still counts as the answer,
because the agency now holds the ball, but the request is flagged for review and ``due_explain``
says why. A status question while the request waits is not an answer: the pause goes on.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.documents.extract import extract_text
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.outputs.search import index_document
from foia_tracker.parse.message import safe_filename
from foia_tracker.requests.due import DEFAULT_DEADLINES, recompute_due
from foia_tracker.requests.intent import guess_kind
from foia_tracker.requests.lifecycle import Status, change_status, flag_review, record_event
from foia_tracker.requests.replies import open_pause
from foia_tracker.store import Store

REPLY_KINDS = ("clarify", "narrow", "accept-fee", "decline-fee", "status", "other")
MESSAGE_VIA = ("foia", "mail client")
ATTACH_VIA = ("post", "portal", "cd", "fax", "in-person", "email")
WAITING = {Status.FEE_REQUESTED: "fee_estimate", Status.CLARIFICATION_NEEDED: "clarification"}
# What plainly answers each wait; anything else but a status question answers it unclearly.
_ANSWERS = {
    Status.FEE_REQUESTED: frozenset({"accept-fee", "narrow"}),
    Status.CLARIFICATION_NEEDED: frozenset({"clarify", "narrow"}),
}


@dataclass(frozen=True)
class RequesterMessage:
    """One message the requester sent the agency about a request."""

    at: datetime
    via: str  # "foia" | "mail client"
    kind: str = "other"  # REPLY_KINDS
    message_row: int | None = None  # the stored copy (Sent folder, or the outbox's raw mail)
    text: str | None = None
    extra: dict = field(default_factory=dict)  # more for the event's detail (e.g. outbox_id)


def record_requester_message(
    db: Database,
    request_id: int,
    *,
    at: datetime,
    via: str,
    kind: str | None,
    message_row: int | None = None,
    text: str | None = None,
) -> bool:
    """Record one requester message (see the module doc); False if it was recorded before.
    Without a ``kind`` (a message typed in a mail client), its own words decide
    (``intent.guess_kind``), and "other" when they do not plainly say one thing."""
    message = RequesterMessage(at, via, kind or guess_kind(text), message_row, text)
    return apply_requester_message(db, request_id, message)


def apply_requester_message(
    db: Database,
    request_id: int,
    message: RequesterMessage,
    settings: Deadlines = DEFAULT_DEADLINES,
) -> bool:
    """``record_requester_message`` with the config's ``[deadlines]``."""
    if message.via not in MESSAGE_VIA or message.kind not in REPLY_KINDS:
        raise UsageError(f"A requester message is via {MESSAGE_VIA} and of a kind {REPLY_KINDS}.")
    with transaction(db):
        request = _request(db, request_id)
        row = message.message_row
        if row is not None and event_rows.has_message_event(
            db, request_id, row, "requester_message"
        ):
            return False
        detail = dict(message.extra, via=message.via, kind=message.kind)
        status = Status(request["status"])
        if status in WAITING:
            detail["answers"] = WAITING[status]
        record_event(
            db, request_id, "requester_message", "user", at=message.at, message_row=row,
            detail=detail,
        )  # fmt: skip
        if status in WAITING:
            _answer(db, request_id, status, message)
        recompute_due(db, request_id, settings)
    return True


def _request(db: Database, request_id: int) -> dict:
    request = request_rows.get_request(db, request_id)
    if request is None:
        raise NotFound(f"No request with id {request_id}.")
    return request


def _answer(db: Database, request_id: int, waiting: Status, message: RequesterMessage) -> None:
    """The requester's message answers what the request waits on (or, unclearly, may)."""
    what = WAITING[waiting].replace("_", " ")
    common = {"at": message.at, "message_row": message.message_row}
    if message.kind == "status":
        reason = f"a status question while the request waits on your answer to the {what}"
        flag_review(db, request_id, "auto", detail={"reason": reason}, **common)
        return
    unclear = message.kind not in _ANSWERS[waiting]
    reason = open_pause(db, request_id) or WAITING[waiting]
    resume = {"reason": reason, "via": message.via, "kind": message.kind, "unclear": unclear}
    record_event(db, request_id, "resume", "user", detail=resume, **common)
    detail = {"kind": message.kind, "reason": f"the requester answered the {what}"}
    change_status(db, request_id, Status.PROCESSING, "auto", detail=detail, **common)
    if unclear:
        why = f"your {message.kind} message may not answer the {what}: check with the agency"
        flag_review(db, request_id, "auto", detail={"reason": why}, **common)


def add_note(db: Database, request_id: int, text: str, at: datetime) -> int:
    """`foia note`: a line of the user's own in the request's timeline."""
    if not text.strip():
        raise UsageError("A note needs some text.")
    with transaction(db):
        _request(db, request_id)
        return record_event(db, request_id, "note", "user", at=at, detail={"text": text})


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
    _request(db, request_id)
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
