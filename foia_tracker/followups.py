"""When to nudge an agency, and the drafting of follow-ups and appeals.

The policy is pure (``decide``): first follow-up ``after_days_overdue`` days past the due date,
then at most every ``every_days``, never more than ``max_count``; none after an end status or a
withdrawal, none while the request waits on the requester (fee, clarification), and none when
the agency wrote in the last ``every_days`` days. MuckRock's users complained of nudges every few
days and of nudges after withdrawal; this is the answer to both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from foia_tracker.config import Config, Followups
from foia_tracker.db import row, rows
from foia_tracker.errors import UsageError
from foia_tracker.lifecycle import END_STATES, Status
from foia_tracker.tracking import AWAITING_AGENCY, StatusFilter, status_rows


@dataclass(frozen=True)
class FollowupHistory:
    count: int
    last_at: date | None


@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str


def decide(request: dict, history: FollowupHistory, policy: Followups, today: date) -> Decision:
    """Should this request get a follow-up today? ``request`` is a ``status_rows`` row."""
    status = Status(request["status"])
    if status in END_STATES:
        return Decision(False, f"{status.value}: closed")
    if status not in AWAITING_AGENCY:
        return Decision(False, f"{status.value}: nothing owed by the agency")
    late = request.get("days_overdue") or 0
    if late < max(policy.after_days_overdue, 1):
        return Decision(False, "not overdue enough" if late else "not overdue")
    if history.count >= policy.max_count:
        return Decision(False, f"already followed up {history.count} times (max_count)")
    if history.last_at and (today - history.last_at).days < policy.every_days:
        return Decision(False, f"followed up on {history.last_at} (every_days)")
    last_reply = request.get("last_reply_at")
    if last_reply and (today - date.fromisoformat(last_reply[:10])).days < policy.every_days:
        return Decision(False, f"the agency wrote on {last_reply[:10]}")
    return Decision(True, f"{late} days overdue")


def history(db: Database, request_id: int) -> FollowupHistory:
    found = row(
        db,
        "SELECT count(*) AS n, max(coalesce(sent_at, created_at)) AS last "
        "FROM outbox WHERE request_id = ? AND kind = 'followup' AND state != 'failed'",
        (request_id,),
    )
    last = date.fromisoformat(found["last"][:10]) if found["last"] else None
    return FollowupHistory(found["n"], last)


@dataclass(frozen=True)
class Planned:
    request: dict
    decision: Decision


def plan_followups(
    db: Database, config: Config, today: date, campaign: str | None = None
) -> list[Planned]:
    """Every open request with the policy's verdict for today (due ones first)."""
    plans = []
    for request in status_rows(db, today, StatusFilter(campaign=campaign)):
        if Status(request["status"]) in END_STATES:
            continue
        decision = decide(request, history(db, request["_id"]), config.followups, today)
        plans.append(Planned(request, decision))
    return sorted(plans, key=lambda p: (not p.decision.send, p.request["ref"]))


def thread_headers(db: Database, request_id: int) -> tuple[str | None, tuple[str, ...]]:
    """In-Reply-To / References for a message on a request's thread (RFC 5322 section 3.6.4):
    our letter, the provider's rewrite of its id, and the agency's latest reply."""
    ours = rows(
        db,
        "SELECT message_id, provider_message_id FROM outbox WHERE request_id = ? "
        "AND state = 'sent' ORDER BY sent_at",
        (request_id,),
    )
    ids = [i for o in ours for i in (o["message_id"], o["provider_message_id"]) if i]
    theirs = row(
        db,
        "SELECT m.message_id FROM message_requests mr JOIN messages m "
        "ON m.id = mr.message_row WHERE mr.request_id = ? AND m.own_copy = 0 AND "
        "m.automated = 0 AND m.message_id IS NOT NULL ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )
    if theirs:
        ids.append(theirs["message_id"])
    return (ids[-1] if ids else None), tuple(dict.fromkeys(ids))


def refuse_shifted_send(config: Config, as_of_shifted: bool) -> None:
    """``--send`` never runs on a pretend date, except against a loopback test server."""
    if as_of_shifted and not config.smtp.is_loopback:
        raise UsageError(
            "--send refuses to run while --as-of or FOIA_TODAY differ from the real date; "
            "drop them to send for real."
        )


def sent_on(request: dict) -> str:
    return (
        datetime.fromisoformat(request["sent_at"]).date().isoformat()
        if request.get("sent_at")
        else ""
    )
