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

from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.requests.due import DEFAULT_DEADLINES, recompute_due
from foia_tracker.requests.intent import guess_kind
from foia_tracker.requests.lifecycle import Status, change_status, flag_review, record_event
from foia_tracker.requests.replies import open_pause

REPLY_KINDS = ("clarify", "narrow", "accept-fee", "decline-fee", "status", "other")
MESSAGE_VIA = ("foia", "mail client")
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
        request = existing_request(db, request_id)
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


def existing_request(db: Database, request_id: int) -> dict:
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
        existing_request(db, request_id)
        return record_event(db, request_id, "note", "user", at=at, detail={"text": text})
