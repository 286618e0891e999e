"""Request statuses, the transitions between them, and the request's timeline of events.

Every status change goes through ``change_status`` and leaves an event, so a request's history
can always be read back (``foia show``). Automatic changes are conservative: they follow the
transition table. A status the user set by hand (``foia mark``) is the truth *as of its time*
(ARCHITECTURE.md "Statuses"): evidence dated after the mark may move it again, with the reason in
the timeline and a review flag; evidence dated before it, and anything against an end state the
user set by hand (withdrawn, fulfilled, no_records, denied), only flags the request for review.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
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
    event = {"at": at_text, "type": type, "actor": actor, "message_row": message_row}
    return event_rows.insert_event(db, request_id, dict(event, detail=detail))


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
    request_rows.set_needs_review(db, request_id, True)
    record_event(
        db, request_id, "review_needed", actor, at=at, message_row=message_row, detail=detail
    )


# A mark of these says only that the letter went (or not): later answers are ordinary progress.
_SENDING_MARKS = frozenset({Status.QUEUED, Status.SENT})


def _hand_mark(db: Database, request_id: int) -> dict | None:
    """The user's latest mark (a ``status`` event by "user"), if the status is still theirs."""
    for event in reversed(event_rows.timeline(db, request_id, ("status",))):
        if event["actor"] == "user":
            return event
    return None


def _over_a_mark(db: Database, request: dict, new: Status, at: datetime) -> str | None:
    """Why an automatic change may not replace a hand-set status, or None when it may."""
    current = Status(request["status"])
    if current in END_STATES:
        return f"{current.value} was set by hand: left unchanged"
    marked = _hand_mark(db, request["id"])
    if marked and _as_datetime(marked["at"]) > at:
        return f"evidence dated before your mark of {current.value} on {marked['at'][:10]}"
    if new != current and not can_transition(current, new):
        return f"{current.value} (set by hand) cannot become {new.value}"
    return None


def _as_datetime(text: str) -> datetime:
    return datetime.fromisoformat(text)


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
    """Move a request to ``new`` if the rules allow it; return whether it moved.

    ``actor`` is "user" for ``foia mark`` (any status; the request is marked by hand). Anything
    else is automatic: it follows ``TRANSITIONS``; over a hand-set status, see the module doc.
    """
    new = Status(new)
    with transaction(db):
        request = request_rows.get_request(db, request_id)
        if request is None:
            raise NotFound(f"No request with id {request_id}.")
        current = Status(request["status"])
        info = dict(detail or {}, old=current.value, new=new.value)
        manual = actor == "user"
        if not manual and request["status_manual"] and current not in _SENDING_MARKS:
            refused = _over_a_mark(db, request, new, at)
            if refused:
                detail = dict(info, reason=refused)
                flag_review(db, request_id, actor, at=at, message_row=message_row, detail=detail)
                return False
            if new == current:
                return False  # the evidence agrees with the mark
            info["reason"] = f"later evidence replaces your mark of {current.value}"
            flag_review(db, request_id, actor, at=at, message_row=message_row, detail=info)
        elif not manual and (new == current or not can_transition(current, new)):
            return False
        closed = at.isoformat() if new in END_STATES else None
        request_rows.set_status(db, request_id, new.value, closed, manual)
        record_event(db, request_id, "status", actor, at=at, message_row=message_row, detail=info)
        return True


def mark(
    db: Database, request_id: int, status: Status | str, *, at: datetime, note: str = ""
) -> None:
    """The user's own status, as of ``at``: always applied (see the module doc for what later
    evidence may do to it)."""
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
        request_rows.set_needs_review(db, request_id, False)
