"""What a filed agency message does to its request: timeline events and (conservatively) a
status change, then the clocks again.

Conservative by design (ARCHITECTURE.md "Statuses"):
- auto-replies and bounces are never responses (intake settles bounces);
- a sender-only match, or a message whose own provider says DMARC failed, never changes a
  status: the reply is recorded and the request flagged for review;
- over a status the user set by hand, ``lifecycle.change_status`` decides (truth of its time).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.db.requests import NOT_RESPONSES
from foia_tracker.requests.due import DEFAULT_DEADLINES, recompute_due
from foia_tracker.requests.lifecycle import Status, change_status, flag_review, record_event

WEAK_METHODS = frozenset({"sender", "sender-domain"})
PAUSE_KINDS = {"fee_estimate": Status.FEE_REQUESTED, "clarification": Status.CLARIFICATION_NEEDED}
# Words that say a production is the last one. Without them records leave the request open as
# partially fulfilled: rolling productions are common and an end state needs evidence.
_COMPLETE = re.compile(
    r"\b(this (?:completes|fulfills|concludes|closes)|(?:request|production) is (?:now )?"
    r"(?:complete|closed|fulfilled)|final (?:production|installment|response)|all (?:responsive|"
    r"of the responsive) records)\b",
    re.I,
)
_KIND_STATUS = {
    "acknowledgement": Status.ACKNOWLEDGED,
    "extension": Status.PROCESSING,
    "fee_estimate": Status.FEE_REQUESTED,
    "clarification": Status.CLARIFICATION_NEEDED,
    "denial": Status.DENIED,
    "no_records": Status.NO_RECORDS,
    "records_link": Status.PROCESSING,
    "other": Status.ACKNOWLEDGED,
}


@dataclass(frozen=True)
class Filed:
    """One message as filed on one request: what ``apply_message`` needs to know."""

    request_id: int
    message_row: int
    method: str
    kind: str
    facts: dict
    automated: bool
    dmarc_failed: bool
    body_text: str
    at: datetime


def _filings(db: Database, message_row: int) -> list[Filed]:
    filed = []
    for f in request_rows.filings(db, message_row):
        if f["own_copy"]:
            continue
        facts = json.loads(f["facts"] or "{}")
        filed.append(
            Filed(
                request_id=f["request_id"],
                message_row=message_row,
                method=f["method"],
                kind=f["kind"],
                facts=facts,
                automated=bool(f["automated"]),
                dmarc_failed=bool(facts.get("dmarc_failed")),
                body_text=f["body_text"] or "",
                at=datetime.fromisoformat(f["received_at"] or f["date"]),
            )
        )
    return filed


def apply_message(db: Database, message_row: int, settings: Deadlines = DEFAULT_DEADLINES) -> None:
    """Record what one filed message says on each of its requests and move their status."""
    for filed in _filings(db, message_row):
        with transaction(db):
            if event_rows.has_message_event(db, filed.request_id, filed.message_row, "reply"):
                continue
            _apply_one(db, filed)
            recompute_due(db, filed.request_id, settings)


def _apply_one(db: Database, filed: Filed) -> None:
    detail = {
        "kind": filed.kind,
        "method": filed.method,
        "automated": filed.automated,
        "phrases": filed.facts.get("phrases", []),
    }
    record_event(
        db, filed.request_id, "reply", "auto", at=filed.at, message_row=filed.message_row,
        detail=detail,
    )  # fmt: skip
    if filed.kind in NOT_RESPONSES:
        return
    _record_facts(db, filed)
    if filed.kind == "other":
        # The classifier could not tell what the reply says: a person should read it.
        _flag_review(db, filed, _why_other(filed.facts))
    if filed.method in WEAK_METHODS or filed.dmarc_failed:
        why = "matched by sender only" if filed.method in WEAK_METHODS else "DMARC failed"
        _flag_review(db, filed, f"{why}: status left unchanged")
        return
    _move_status(db, filed)


def _why_other(facts: dict) -> str:
    tentative = facts.get("tentative")
    if not tentative:
        return "could not tell what the reply says"
    phrase = (facts.get("phrases") or [""])[0][:80]
    kind = tentative["kind"].replace("_", " ")
    # One phrase is too little to act on (intake/reply_gate.py): say what it looks like.
    return f'reads like {kind} on one phrase only ("{phrase}"): read it, then mark the status'


def _flag_review(db: Database, filed: Filed, reason: str) -> None:
    flag_review(
        db,
        filed.request_id,
        "auto",
        at=filed.at,
        message_row=filed.message_row,
        detail={"reason": reason, "kind": filed.kind},
    )


def _event(db: Database, filed: Filed, type_: str, detail: dict) -> None:
    record_event(
        db, filed.request_id, type_, "auto", at=filed.at, message_row=filed.message_row,
        detail=detail,
    )  # fmt: skip


def _record_facts(db: Database, filed: Filed) -> None:
    facts, rid = filed.facts, filed.request_id
    if facts.get("tracking_number"):
        request_rows.set_tracking_number_if_empty(db, rid, facts["tracking_number"])
    if filed.kind == "fee_estimate" and facts.get("fee_amount"):
        request_rows.set_fee_amount(db, rid, facts["fee_amount"])
    if filed.kind == "extension" or facts.get("new_due_date") or facts.get("extension_days"):
        extension = {
            "new_due": facts.get("new_due_date"),
            "days": facts.get("extension_days"),
            "unit": facts.get("extension_unit", "business"),
        }
        _event(db, filed, "extension", extension)
    if filed.kind in PAUSE_KINDS:
        _event(db, filed, "pause", {"reason": filed.kind})
    if filed.kind == "records_link":
        links = {"links": facts.get("links", []), "flag": "download before it expires"}
        _event(db, filed, "records_link", links)


def _move_status(db: Database, filed: Filed) -> None:
    current = Status(request_rows.get_request(db, filed.request_id)["status"])
    new = _status_for(filed)
    if new == Status.ACKNOWLEDGED and current not in (Status.SENT, Status.BOUNCED):
        return  # a later "we are working on it" never moves a request backwards
    if new == Status.PROCESSING and current == Status.PARTIALLY_FULFILLED:
        return  # "the rest by Jan 15" after a production: still partly fulfilled (the date moves)
    moved = change_status(
        db,
        filed.request_id,
        new,
        "auto",
        at=filed.at,
        message_row=filed.message_row,
        detail={"kind": filed.kind, "method": filed.method},
    )
    if moved and current in PAUSE_KINDS.values() and new != current:
        _resume(db, filed)


def _status_for(filed: Filed) -> Status:
    if filed.kind == "records_provided":
        return Status.FULFILLED if _COMPLETE.search(filed.body_text) else Status.PARTIALLY_FULFILLED
    return _KIND_STATUS.get(filed.kind, Status.ACKNOWLEDGED)


def _resume(db: Database, filed: Filed) -> None:
    reason = open_pause(db, filed.request_id)
    if reason:
        _event(db, filed, "resume", {"reason": reason})


def open_pause(db: Database, request_id: int) -> str | None:
    """The reason of the pause still open on a request (its clock waits on the requester)."""
    last = event_rows.latest_event(db, request_id, ("pause", "resume"))
    if last and last["type"] == "pause":
        return last["detail"].get("reason", "")
    return None
