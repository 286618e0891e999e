"""``foia mark``: the user's own account of what happened, as of when it happened.

A mark is the truth of its time (``lifecycle`` module doc). Marking a request that waits on the
requester (fee_requested, clarification_needed) as anything else records that they answered and
ends the pause; marking it ``sent`` by hand (a portal, the post, a fax, a counter) starts its
clocks on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.errors import UsageError
from foia_tracker.law.jurisdictions import get_jurisdiction
from foia_tracker.requests.due import DEFAULT_DEADLINES, recompute_due
from foia_tracker.requests.lifecycle import Status, mark, record_event
from foia_tracker.requests.replies import PAUSE_KINDS, open_pause

SENT_VIA = ("portal", "mail", "fax", "in-person")


@dataclass(frozen=True)
class Mark:
    """One ``foia mark``: the status, when it happened, and what the user said about it."""

    status: str
    at: datetime
    note: str = ""
    via: str | None = None  # only with status "sent": how the request was filed by hand
    tracking_number: str | None = None


def resume_on_mark(db: Database, request_id: int, new_status: str, at: datetime) -> None:
    """The user answered a fee estimate or clarification (``foia mark REF processing``)."""
    reason = open_pause(db, request_id)
    if reason and new_status not in {s.value for s in PAUSE_KINDS.values()}:
        record_event(db, request_id, "resume", "user", at=at, detail={"reason": reason})


def apply_mark(
    db: Database, request_id: int, given: Mark, settings: Deadlines = DEFAULT_DEADLINES
) -> None:
    """The user's status, a resumed clock if they answered the agency, a hand filing's sent
    date, and the deadlines again: one transaction."""
    if given.via and given.status != Status.SENT:
        raise UsageError("--via goes with `foia mark REF sent` (how you filed the request).")
    if given.via and given.via not in SENT_VIA:
        raise UsageError(f"--via must be one of: {', '.join(SENT_VIA)}.")
    with transaction(db):
        mark(db, request_id, given.status, at=given.at, note=given.note)
        resume_on_mark(db, request_id, given.status, given.at)
        if given.status == Status.SENT and given.via:
            _filed_by_hand(db, request_id, given)
        recompute_due(db, request_id, settings)


def _filed_by_hand(db: Database, request_id: int, given: Mark) -> None:
    """The request went through another channel: its clocks start on that day."""
    request_rows.set_sent_at(db, request_id, given.at.isoformat())
    if given.tracking_number:
        request_rows.set_tracking_number(db, request_id, given.tracking_number)
    detail = {"via": given.via, "tracking_number": given.tracking_number, "note": given.note}
    record_event(db, request_id, "sent", "user", at=given.at, detail=detail)


def mark_request(
    db: Database,
    request_id: int,
    status: str,
    *,
    at: datetime,
    note: str = "",
    default_days: int = 10,
    default_unit: str = "business",
) -> None:
    """The first wave's signature, kept for callers outside requests/ (use ``apply_mark``)."""
    apply_mark(db, request_id, Mark(status, at, note), Deadlines(default_days, default_unit))


def when(on: str | None, request: dict, now: datetime) -> datetime:
    """The moment a mark (or note, or file) stands for: ``now`` when absent; a bare date is noon
    in the request's jurisdiction (inside its offices' day); never in the future."""
    if not on:
        return now
    try:
        parsed = datetime.fromisoformat(on)
    except ValueError:
        raise UsageError(f"--on must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {on!r}.") from None
    zone = ZoneInfo(get_jurisdiction(request["jurisdiction"]).timezone)
    if len(on.strip()) == 10:
        parsed = parsed.replace(hour=12)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    if parsed > now:
        raise UsageError(f"{on} is in the future; a mark records what already happened.")
    return parsed
