"""Request statuses, the transitions between them, and the request's timeline of events.

Every status change goes through ``change_status`` and leaves an event, so a request's history
can always be read back (``foia show``). Automatic changes are conservative: they follow the
transition table, and never override a status the user set by hand (``foia mark``) — such a
message is flagged for review instead.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from foia_tracker.db import row, transaction
from foia_tracker.errors import NotFound, TransitionError


class Status(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    PROCESSING = "processing"
    FEE_REQUESTED = "fee_requested"
    CLARIFICATION_NEEDED = "clarification_needed"
    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    NO_RECORDS = "no_records"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    BOUNCED = "bounced"
    APPEALED = "appealed"
    FAILED = "failed"


END_STATES = frozenset({Status.FULFILLED, Status.NO_RECORDS, Status.DENIED, Status.WITHDRAWN})
# Requests we still expect something on. partially_fulfilled stays open: rolling productions.
OPEN_STATES = frozenset(Status) - END_STATES - {Status.FAILED, Status.BOUNCED}

_ANSWERS = {
    Status.PROCESSING,
    Status.FEE_REQUESTED,
    Status.CLARIFICATION_NEEDED,
    Status.FULFILLED,
    Status.PARTIALLY_FULFILLED,
    Status.NO_RECORDS,
    Status.DENIED,
}
# Where an automatic (message-driven) change may go from each status. Withdrawal is always the
# requester's choice, so it is reachable from every open state by hand only (see ``mark``).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.QUEUED: frozenset({Status.SENT, Status.FAILED, Status.BOUNCED}),
    Status.SENT: frozenset({Status.ACKNOWLEDGED, Status.BOUNCED} | _ANSWERS),
    Status.ACKNOWLEDGED: frozenset(_ANSWERS),
    Status.PROCESSING: frozenset(_ANSWERS - {Status.PROCESSING}),
    Status.FEE_REQUESTED: frozenset(_ANSWERS - {Status.FEE_REQUESTED}),
    Status.CLARIFICATION_NEEDED: frozenset(_ANSWERS - {Status.CLARIFICATION_NEEDED}),
    Status.PARTIALLY_FULFILLED: frozenset(
        {
            Status.FULFILLED,
            Status.NO_RECORDS,
            Status.DENIED,
            Status.PROCESSING,
            Status.FEE_REQUESTED,
            Status.CLARIFICATION_NEEDED,
        }
    ),
    Status.DENIED: frozenset({Status.APPEALED}),
    Status.NO_RECORDS: frozenset({Status.APPEALED}),
    Status.APPEALED: frozenset(_ANSWERS),
    # A bounce followed by a real reply (the agency's other address answered) reopens it.
    Status.BOUNCED: frozenset({Status.SENT, Status.ACKNOWLEDGED} | _ANSWERS),
    Status.FAILED: frozenset({Status.QUEUED, Status.SENT}),
    Status.FULFILLED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


def can_transition(current: Status | str, new: Status | str) -> bool:
    return Status(new) in TRANSITIONS[Status(current)]


def record_event(
    db: Database,
    request_id: int,
    type: str,
    actor: str,
    *,
    at: datetime | str,
    message_row: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one event to a request's timeline and return its id."""
    at_text = at.isoformat() if isinstance(at, datetime) else at
    cursor = db.execute(
        "INSERT INTO events (request_id, at, type, actor, message_row, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (request_id, at_text, type, actor, message_row, json.dumps(detail or {}, default=str)),
    )
    return cursor.lastrowid


def flag_review(
    db: Database,
    request_id: int,
    actor: str,
    *,
    at: datetime,
    message_row: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A person should look: listed by `foia status --needs-review` until `foia mark`."""
    db.execute("UPDATE requests SET needs_review = 1 WHERE id = ?", (request_id,))
    record_event(
        db, request_id, "review_needed", actor, at=at, message_row=message_row, detail=detail
    )


def change_status(
    db: Database,
    request_id: int,
    new: Status | str,
    actor: str,
    *,
    at: datetime,
    message_row: int | None = None,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Move a request to ``new`` if the table allows it; return whether it moved.

    ``actor`` is "user" for ``foia mark`` (any status, and it pins the request), anything else is
    automatic: it follows ``TRANSITIONS`` and never overrides a pinned status — the request is
    flagged ``needs_review`` with a ``review_needed`` event instead.
    """
    new = Status(new)
    with transaction(db):
        request = row(db, "SELECT status, status_manual FROM requests WHERE id = ?", (request_id,))
        if request is None:
            raise NotFound(f"No request with id {request_id}.")
        current = Status(request["status"])
        info = dict(detail or {}, old=current.value, new=new.value)
        if actor != "user":
            if request["status_manual"]:
                flag_review(db, request_id, actor, at=at, message_row=message_row, detail=info)
                return False
            if new == current or not can_transition(current, new):
                return False
        closed = at.isoformat() if new in END_STATES else None
        db.execute(
            "UPDATE requests SET status = ?, closed_at = ?, "
            "status_manual = CASE WHEN ? THEN 1 ELSE status_manual END WHERE id = ?",
            (new.value, closed, actor == "user", request_id),
        )
        record_event(db, request_id, "status", actor, at=at, message_row=message_row, detail=info)
        return True


def mark(
    db: Database, request_id: int, status: Status | str, *, at: datetime, note: str = ""
) -> None:
    """The user's own status: always applied, and never overridden automatically afterwards."""
    try:
        status = Status(status)
    except ValueError:
        raise TransitionError(
            f"Unknown status {status!r}; use one of: {', '.join(s.value for s in Status)}."
        ) from None
    with transaction(db):
        change_status(
            db, request_id, status, "user", at=at, detail={"note": note} if note else None
        )
        db.execute("UPDATE requests SET needs_review = 0 WHERE id = ?", (request_id,))
