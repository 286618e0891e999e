"""What a filed reply does to its request, and where every request stands today.

``apply_message`` turns one classified, filed message into timeline events and (conservatively)
a status change; ``recompute_due`` derives the request's deadlines from its events, so they can
be recomputed at any time and again when the law data changes; ``status_rows`` /
``next_action`` answer "where is my request and what should I do next" for ``foia status``.

Conservative by design (ARCHITECTURE.md "Statuses"):
- auto-replies and bounces are never responses (intake settles bounces);
- a sender-only match, or a message whose own provider says DMARC failed, never changes a
  status: the reply is recorded and the request flagged for review;
- a status the user set by hand (``foia mark``) is never overridden (``lifecycle.change_status``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from foia_tracker.db import row, rows, transaction
from foia_tracker.law import deadlines
from foia_tracker.law.jurisdictions import Jurisdiction, get_jurisdiction
from foia_tracker.requests.lifecycle import (
    END_STATES,
    Status,
    change_status,
    flag_review,
    mark,
    record_event,
)

WEAK_METHODS = frozenset({"sender", "sender-domain"})
NOT_RESPONSES = frozenset(
    {"bounce", "delay", "auto_reply", "own_copy", "unknown", "unclassified", "requester_copy"}
)
# The SQL twin of NOT_RESPONSES for a `messages m`: an agency's own reply (status, report, threads).
REPLY_SQL = (
    "m.automated = 0 AND m.own_copy = 0 AND m.kind NOT IN ("
    + ", ".join(f"'{kind}'" for kind in sorted(NOT_RESPONSES))
    + ")"
)
PAUSE_KINDS = {"fee_estimate": Status.FEE_REQUESTED, "clarification": Status.CLARIFICATION_NEEDED}
# The ball is in the agency's court in these statuses; a passed due date makes them overdue.
AWAITING_AGENCY = frozenset(
    {
        Status.SENT,
        Status.ACKNOWLEDGED,
        Status.PROCESSING,
        Status.APPEALED,
        Status.PARTIALLY_FULFILLED,
    }
)
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
    found = rows(
        db,
        "SELECT mr.request_id, mr.method, m.kind, m.facts, m.automated, m.auth_results, "
        "m.body_text, m.date, m.received_at, m.own_copy FROM message_requests mr "
        "JOIN messages m ON m.id = mr.message_row WHERE mr.message_row = ?",
        (message_row,),
    )
    filed = []
    for f in found:
        if f["own_copy"]:
            continue
        facts = json.loads(f["facts"] or "{}")
        at = _parse_at(f["received_at"] or f["date"])
        filed.append(
            Filed(
                f["request_id"],
                message_row,
                f["method"],
                f["kind"],
                facts,
                bool(f["automated"]),
                bool(facts.get("dmarc_failed")),
                f["body_text"] or "",
                at,
            )
        )
    return filed


def _parse_at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def apply_message(
    db: Database, message_row: int, *, default_days: int = 10, default_unit: str = "business"
) -> None:
    """Record what one filed message says on each of its requests and move their status."""
    for filed in _filings(db, message_row):
        with transaction(db):
            if _already_applied(db, filed):
                continue
            _apply_one(db, filed)
            recompute_due(
                db, filed.request_id, default_days=default_days, default_unit=default_unit
            )


def _already_applied(db: Database, filed: Filed) -> bool:
    return (
        row(
            db,
            "SELECT 1 AS x FROM events WHERE request_id = ? AND message_row = ? AND type = 'reply'",
            (filed.request_id, filed.message_row),
        )
        is not None
    )


def _apply_one(db: Database, filed: Filed) -> None:
    detail = {
        "kind": filed.kind,
        "method": filed.method,
        "automated": filed.automated,
        "phrases": filed.facts.get("phrases", []),
    }
    record_event(
        db,
        filed.request_id,
        "reply",
        "auto",
        at=filed.at,
        message_row=filed.message_row,
        detail=detail,
    )
    if filed.kind in NOT_RESPONSES:
        return
    _record_facts(db, filed)
    if filed.kind == "other":
        # The classifier could not tell what the reply says: a person should read it.
        _flag_review(db, filed, "could not tell what the reply says")
    if filed.method in WEAK_METHODS or filed.dmarc_failed:
        why = "matched by sender only" if filed.method in WEAK_METHODS else "DMARC failed"
        _flag_review(db, filed, f"{why}: status left unchanged")
        return
    _move_status(db, filed)


def _flag_review(db: Database, filed: Filed, reason: str) -> None:
    flag_review(
        db,
        filed.request_id,
        "auto",
        at=filed.at,
        message_row=filed.message_row,
        detail={"reason": reason, "kind": filed.kind},
    )


def _record_facts(db: Database, filed: Filed) -> None:
    facts, rid, at, msg = filed.facts, filed.request_id, filed.at, filed.message_row
    if facts.get("tracking_number"):
        db.execute(
            "UPDATE requests SET tracking_number = ? WHERE id = ? AND "
            "(tracking_number IS NULL OR tracking_number = '')",
            (facts["tracking_number"], rid),
        )
    if filed.kind == "fee_estimate" and facts.get("fee_amount"):
        db.execute("UPDATE requests SET fee_amount = ? WHERE id = ?", (facts["fee_amount"], rid))
    if filed.kind == "extension" or facts.get("new_due_date") or facts.get("extension_days"):
        record_event(
            db,
            rid,
            "extension",
            "auto",
            at=at,
            message_row=msg,
            detail={
                "new_due": facts.get("new_due_date"),
                "days": facts.get("extension_days"),
                "unit": facts.get("extension_unit", "business"),
            },
        )
    if filed.kind in PAUSE_KINDS:
        record_event(
            db, rid, "pause", "auto", at=at, message_row=msg, detail={"reason": filed.kind}
        )
    if filed.kind == "records_link":
        record_event(
            db,
            rid,
            "records_link",
            "auto",
            at=at,
            message_row=msg,
            detail={"links": facts.get("links", []), "flag": "download before it expires"},
        )


def _move_status(db: Database, filed: Filed) -> None:
    request = row(db, "SELECT status FROM requests WHERE id = ?", (filed.request_id,))
    current = Status(request["status"])
    new = _status_for(filed)
    if current in PAUSE_KINDS.values() and new != current:
        _resume(db, filed)
    if new == Status.ACKNOWLEDGED and current not in (Status.SENT, Status.BOUNCED):
        return  # a later "we are working on it" never moves a request backwards
    change_status(
        db,
        filed.request_id,
        new,
        "auto",
        at=filed.at,
        message_row=filed.message_row,
        detail={"kind": filed.kind, "method": filed.method},
    )


def _status_for(filed: Filed) -> Status:
    if filed.kind == "records_provided":
        return Status.FULFILLED if _COMPLETE.search(filed.body_text) else Status.PARTIALLY_FULFILLED
    return _KIND_STATUS.get(filed.kind, Status.ACKNOWLEDGED)


def _resume(db: Database, filed: Filed) -> None:
    open_pause = _open_pause(db, filed.request_id)
    if open_pause:
        record_event(
            db,
            filed.request_id,
            "resume",
            "auto",
            at=filed.at,
            message_row=filed.message_row,
            detail={"reason": open_pause},
        )


def _open_pause(db: Database, request_id: int) -> str | None:
    last = row(
        db,
        "SELECT type, detail FROM events WHERE request_id = ? AND type IN "
        "('pause', 'resume') ORDER BY at DESC, id DESC LIMIT 1",
        (request_id,),
    )
    if last and last["type"] == "pause":
        return json.loads(last["detail"]).get("reason", "")
    return None


def resume_on_mark(db: Database, request_id: int, new_status: str, at: datetime) -> None:
    """The user answered a fee estimate or clarification (``foia mark REF processing``)."""
    reason = _open_pause(db, request_id)
    if reason and new_status not in {s.value for s in PAUSE_KINDS.values()}:
        record_event(db, request_id, "resume", "user", at=at, detail={"reason": reason})


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
    """``foia mark``: the user's status, a resumed clock if they answered the agency, and the
    deadlines again — one transaction."""
    with transaction(db):
        mark(db, request_id, status, at=at, note=note)
        resume_on_mark(db, request_id, status, at)
        recompute_due(db, request_id, default_days=default_days, default_unit=default_unit)


# --- deadlines from the timeline ------------------------------------------------------------


def _local_day(at: str, jurisdiction: Jurisdiction) -> date:
    return _parse_at(at).astimezone(ZoneInfo(jurisdiction.timezone)).date()


def timeline_inputs(
    db: Database, request_id: int, jurisdiction: Jurisdiction
) -> tuple[list[deadlines.Extension], list[deadlines.Pause], date | None]:
    events = rows(
        db,
        "SELECT at, type, detail FROM events WHERE request_id = ? AND type IN "
        "('reply', 'extension', 'pause', 'resume') ORDER BY at, id",
        (request_id,),
    )
    pause_reasons = {p.event for p in jurisdiction.pauses_on}
    extensions, pauses, acknowledged = [], [], None
    open_start: tuple[date, str] | None = None
    for event in events:
        day, detail = _local_day(event["at"], jurisdiction), json.loads(event["detail"])
        if (
            event["type"] == "reply"
            and acknowledged is None
            and detail.get("kind") not in NOT_RESPONSES
            and not detail.get("automated")
        ):
            acknowledged = day
        elif event["type"] == "extension":
            extensions.append(
                _extension(day, detail, _running_obligation(jurisdiction, acknowledged))
            )
        elif event["type"] == "pause" and detail.get("reason") in pause_reasons and not open_start:
            open_start = (day, detail["reason"])
        elif event["type"] == "resume" and open_start:
            pauses.append(deadlines.Pause(open_start[0], day, open_start[1]))
            open_start = None
    if open_start:
        pauses.append(deadlines.Pause(open_start[0], None, open_start[1]))
    return [e for e in extensions if e], pauses, acknowledged


def _running_obligation(jurisdiction: Jurisdiction, acknowledged: date | None) -> str | None:
    """The clock an agency's extension moves: once it has answered, an acknowledge clock is met
    and the extension is of the next one (NY: the 20 business days to decide)."""
    obligations = [c.obligation for c in jurisdiction.clocks]
    if acknowledged and len(obligations) > 1 and obligations[0] == "acknowledge":
        return obligations[1]
    return None


def _extension(day: date, detail: dict, obligation: str | None) -> deadlines.Extension | None:
    if detail.get("new_due"):
        return deadlines.Extension(
            at=day, new_due=date.fromisoformat(detail["new_due"]), obligation=obligation
        )
    if detail.get("days"):
        return deadlines.Extension(
            at=day,
            days=int(detail["days"]),
            unit=detail.get("unit") or "business",
            obligation=obligation,
        )
    return None


def compute_request_due(
    db: Database, request: dict, *, default_days: int = 10, default_unit: str = "business"
) -> deadlines.DueResult | None:
    if not request.get("sent_at"):
        return None
    jurisdiction = get_jurisdiction(request["jurisdiction"])
    extensions, pauses, acknowledged = timeline_inputs(db, request["id"], jurisdiction)
    return deadlines.compute_due(
        jurisdiction,
        _parse_at(request["sent_at"]),
        extensions=extensions,
        pauses=pauses,
        acknowledged_at=acknowledged,
        default_days=default_days,
        default_unit=default_unit,
    )


def current_clock(result: deadlines.DueResult, answered: bool) -> tuple[date | None, str | None]:
    """The clock that matters now: once the agency has answered, an acknowledge clock is met
    and the next clock of a two-clock law (NY: 5 business days, then 20) runs."""
    for clock in result.clocks:
        if answered and clock.obligation == "acknowledge" and len(result.clocks) > 1:
            continue
        return clock.due, clock.obligation
    return result.due, result.due_kind


def recompute_due(
    db: Database, request_id: int, *, default_days: int = 10, default_unit: str = "business"
) -> deadlines.DueResult | None:
    request = row(db, "SELECT * FROM requests WHERE id = ?", (request_id,))
    result = compute_request_due(db, request, default_days=default_days, default_unit=default_unit)
    if result is None:
        return None
    answered = request["status"] not in (Status.SENT, Status.QUEUED, Status.BOUNCED)
    due, kind = current_clock(result, answered)
    db.execute(
        "UPDATE requests SET due = ?, due_kind = ?, due_basis = ? WHERE id = ?",
        (due.isoformat() if due else None, kind, result.due_basis, request_id),
    )
    return result


# --- where each request stands ----------------------------------------------------------------


def days_overdue(request: dict, today: date) -> int | None:
    status = Status(request["status"])
    if status not in AWAITING_AGENCY or not request.get("due"):
        return None
    late = (today - date.fromisoformat(request["due"])).days
    return late if late > 0 else None


def next_action(request: dict, today: date, jurisdiction: Jurisdiction | None = None) -> str:
    status = Status(request["status"])
    action = _action_for(status, request, today, jurisdiction)
    if request.get("needs_review"):
        action = f"review the latest reply ({action})" if action else "review the latest reply"
    return action


def _action_for(
    status: Status, request: dict, today: date, jurisdiction: Jurisdiction | None
) -> str:
    late = days_overdue(request, today)
    if status == Status.QUEUED:
        if not request.get("to_addr"):
            return f"send by {request.get('delivery') or 'another channel'} (no email address)"
        return "send (foia campaign send)"
    if status == Status.BOUNCED:
        return "find a working address: the letter bounced"
    if status == Status.FAILED:
        return "fix the address and resend"
    if status in PAUSE_KINDS.values():
        return _requester_answer(status, request, jurisdiction)
    if status == Status.DENIED or status == Status.NO_RECORDS:
        return _appeal_action(status, request, jurisdiction)
    if late:
        return _overdue_action(late, jurisdiction)
    if request.get("records_link"):
        return "download the records before the link expires"
    if status == Status.PARTIALLY_FULFILLED:
        return (
            f"review documents; more due {request['due']}"
            if request.get("due")
            else "review documents; wait for the rest"
        )
    if status in END_STATES:
        return ""
    return f"wait until {request['due']}" if request.get("due") else "wait for a reply"


def _requester_answer(status: Status, request: dict, jurisdiction: Jurisdiction | None) -> str:
    event = "fee_estimate" if status == Status.FEE_REQUESTED else "clarification"
    what = (
        f"answer the fee estimate (${request['fee_amount']})"
        if event == "fee_estimate" and request.get("fee_amount")
        else f"answer the {event.replace('_', ' ')}"
    )
    window = _window(jurisdiction, event)
    since = request.get("paused_at")
    if window and since:
        by = window_end(jurisdiction, date.fromisoformat(since), window.days, window.unit)
        return f"{what} by {by.isoformat()} or the {window.consequence} ({window.citation})"
    return what


def _window(jurisdiction: Jurisdiction | None, event: str):
    if not jurisdiction:
        return None
    return next((w for w in jurisdiction.requester_windows if w.event == event), None)


def window_end(jurisdiction: Jurisdiction, start: date, days: int, unit: str | None) -> date:
    """The last day of a window of ``days`` counted from ``start`` (day zero)."""
    if unit == "business":
        return deadlines.add_business_days(jurisdiction, start, days)
    return start + timedelta(days=days)


def appeal_deadline(jurisdiction: Jurisdiction, denied_on: date) -> date | None:
    appeal = jurisdiction.appeal
    return window_end(jurisdiction, denied_on, appeal.days, appeal.unit) if appeal.days else None


def _appeal_action(status: Status, request: dict, jurisdiction: Jurisdiction | None) -> str:
    verb = "consider an appeal" if status == Status.DENIED else "check it; appeal if you doubt it"
    if not jurisdiction:
        return verb
    text = f"{verb} ({jurisdiction.appeal.body or jurisdiction.appeal.route}"
    by = (
        appeal_deadline(jurisdiction, _parse_at(request["closed_at"]).date())
        if request.get("closed_at")
        else None
    )
    return text + (f", by {by.isoformat()})" if by else ")")


def _overdue_action(late: int, jurisdiction: Jurisdiction | None) -> str:
    action = f"follow up ({late} day{'s' if late != 1 else ''} overdue)"
    if jurisdiction and jurisdiction.deemed_denial in ("yes", "in_effect"):
        action += f"; silence may be appealed as a denial ({jurisdiction.appeal.citation})"
    return action


STATUS_FIELDS = (
    "ref",
    "campaign",
    "agency",
    "agency_id",
    "agency_email",
    "to_addr",
    "state",
    "status",
    "sent_at",
    "due",
    "due_kind",
    "due_basis",
    "overdue",
    "days_overdue",
    "last_reply_at",
    "documents",
    "tracking_number",
    "fee_amount",
    "next_action",
)

_STATUS_SQL = f"""
SELECT r.id, r.ref, c.name AS campaign, a.name AS agency, a.id AS agency_id,
       a.email AS agency_email, a.delivery, r.to_addr, r.jurisdiction AS state, r.status,
       r.sent_at, r.due, r.due_kind, r.due_basis, r.tracking_number, r.fee_amount,
       r.needs_review, r.closed_at,
       (SELECT max(coalesce(m.date, m.received_at)) FROM message_requests mr
          JOIN messages m ON m.id = mr.message_row
         WHERE mr.request_id = r.id AND {REPLY_SQL}) AS last_reply_at,
       (SELECT min(coalesce(m.date, m.received_at)) FROM message_requests mr
          JOIN messages m ON m.id = mr.message_row
         WHERE mr.request_id = r.id AND {REPLY_SQL}) AS first_reply_at,
       (SELECT count(DISTINCT at.sha256) FROM message_requests mr
          JOIN attachments at ON at.message_row = mr.message_row
         WHERE mr.request_id = r.id) AS documents,
       (SELECT max(e.at) FROM events e WHERE e.request_id = r.id AND e.type = 'pause') AS paused_at,
       (SELECT count(*) FROM events e WHERE e.request_id = r.id AND e.type = 'records_link')
         AS records_link
  FROM requests r JOIN campaigns c ON c.id = r.campaign_id JOIN agencies a ON a.id = r.agency_id
"""


@dataclass(frozen=True)
class StatusFilter:
    campaign: str | None = None
    state: str | None = None
    status: str | None = None
    overdue: bool = False
    needs_review: bool = False
    ref: str | None = None


def status_rows(db: Database, today: date, filters: StatusFilter = StatusFilter()) -> list[dict]:
    where, params = ["1 = 1"], []
    for column, value in (
        ("c.name", filters.campaign),
        ("r.jurisdiction", filters.state),
        ("r.status", filters.status),
        ("r.ref", filters.ref),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value.upper() if column == "r.jurisdiction" else value)
    if filters.needs_review:
        where.append("r.needs_review = 1")
    found = rows(db, _STATUS_SQL + f" WHERE {' AND '.join(where)} ORDER BY r.ref", tuple(params))
    result = [_status_row(r, today) for r in found]
    if filters.overdue:
        result = [r for r in result if r["overdue"]]
    return result


def _status_row(request: dict, today: date) -> dict:
    jurisdiction = get_jurisdiction(request["state"])
    if request.get("paused_at"):
        request["paused_at"] = _local_day(request["paused_at"], jurisdiction).isoformat()
    late = days_overdue(request, today)
    out = {field: request.get(field) for field in STATUS_FIELDS}
    out.update(
        overdue=late is not None,
        days_overdue=late,
        next_action=next_action(request, today, jurisdiction),
    )
    # Beyond the contract's fields, for reports and exports (the CLI drops them).
    out["_id"] = request["id"]
    out["needs_review"] = bool(request["needs_review"])
    out["first_reply_at"] = request["first_reply_at"]
    out["closed_at"] = request["closed_at"]
    return out


def find_request(db: Database, ref: str) -> dict:
    from foia_tracker.errors import NotFound

    request = row(db, "SELECT * FROM requests WHERE ref = ?", (ref.upper(),))
    if request is None:
        raise NotFound(f"No request {ref!r}; `foia status` lists the refs.")
    return request


def show_request(
    db: Database, ref: str, today: date, *, default_days: int = 10, default_unit: str = "business"
) -> dict:
    """One request with its timeline, messages, documents and the explanation of its due date."""
    request = find_request(db, ref)
    out = status_rows(db, today, StatusFilter(ref=request["ref"]))[0]
    out.pop("_id")
    events = rows(
        db,
        "SELECT at, type, actor, message_row, detail FROM events WHERE "
        "request_id = ? ORDER BY at, id",
        (request["id"],),
    )
    out["events"] = [
        {
            "at": e["at"],
            "type": e["type"],
            "actor": e["actor"],
            "message": e["message_row"],
            "detail": json.loads(e["detail"]),
        }
        for e in events
    ]
    out["messages"] = rows(
        db,
        "SELECT m.id, m.message_id, m.from_addr AS 'from', m.subject, "
        "m.date, mr.method AS match_method, m.kind, m.automated "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? ORDER BY m.date, m.id",
        (request["id"],),
    )
    for message in out["messages"]:
        message["automated"] = bool(message["automated"])
    out["documents"] = rows(
        db,
        "SELECT DISTINCT at.filename, at.sha256, at.size, "
        "at.content_type, at.source, mr.message_row AS message "
        "FROM message_requests mr JOIN attachments at "
        "ON at.message_row = mr.message_row WHERE mr.request_id = ? "
        "ORDER BY at.id",
        (request["id"],),
    )
    result = compute_request_due(db, request, default_days=default_days, default_unit=default_unit)
    out["due_explain"] = result.explain if result else ["Not sent yet: no deadline runs."]
    out["letter"] = request["letter"]
    return out
