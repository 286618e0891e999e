"""When to nudge an agency, and the drafting of follow-ups and appeals.

The policy is pure (``decide``): first follow-up ``after_days_overdue`` days past the due date,
then at most every ``every_days``, never more than ``max_count``; none after an end status or a
withdrawal, none while the request waits on the requester (fee, clarification), and none when
the agency wrote in the last ``every_days`` days. MuckRock's users complained of nudges every few
days and of nudges after withdrawal; this is the answer to both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from foia_tracker.config import Config, Followups
from foia_tracker.db import row, rows
from foia_tracker.errors import UsageError
from foia_tracker.requests.lifecycle import END_STATES, Status
from foia_tracker.requests.tracking import AWAITING_AGENCY, REPLY_SQL, StatusFilter, status_rows


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
        f"ON m.id = mr.message_row WHERE mr.request_id = ? AND {REPLY_SQL} AND "
        "m.message_id IS NOT NULL ORDER BY m.date DESC LIMIT 1",
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


# --- drafting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    ref: str
    request_id: int
    kind: str  # "followup" | "appeal"
    to_addr: str
    subject: str
    body: str
    in_reply_to: str | None
    references: tuple[str, ...]


def _request_context(db: Database, config: Config, request_id: int):
    from foia_tracker.law.jurisdictions import get_jurisdiction
    from foia_tracker.letters.render import LetterInputs, load_set

    request = row(
        db,
        "SELECT r.*, c.template, c.vars FROM requests r JOIN campaigns c "
        "ON c.id = r.campaign_id WHERE r.id = ?",
        (request_id,),
    )
    agency = row(db, "SELECT * FROM agencies WHERE id = ?", (request["agency_id"],))
    agency["extra"] = json.loads(agency["extra"] or "{}")
    template_set = load_set(request["template"], config.template_paths)
    inputs = LetterInputs(
        agency=agency,
        requester=config.requester,
        jurisdiction=get_jurisdiction(request["jurisdiction"]),
        ref=request["ref"],
        token=request["token"],
        variables=json.loads(request["vars"] or "{}"),
    )
    return request, template_set, inputs


def _quoted_original(request: dict) -> str:
    """The original letter, quoted (RFC 3676 style ``> ``), so the clerk has it in front of them."""
    sent = sent_on(request)
    lines = [f"--- My request {request['ref']}, sent {sent} ---", ""]
    lines += [f"> {line}".rstrip() for line in request["letter"].splitlines()]
    return "\n".join(lines) + "\n"


def _draft(db: Database, config: Config, request_id: int, kind: str, extra: dict) -> Draft:
    from foia_tracker.letters.render import letter_context, long_date, render_letter

    request, template_set, inputs = _request_context(db, config, request_id)
    context = letter_context(template_set, inputs)
    sent = datetime.fromisoformat(request["sent_at"]).date() if request["sent_at"] else None
    context.update(
        original_sent=long_date(sent) if sent else "",
        tracking_number=request["tracking_number"] or "",
        **extra,
    )
    body = render_letter(template_set, kind, context) + "\n" + _quoted_original(request)
    in_reply_to, references = thread_headers(db, request_id)
    # Only an appeal decided inside the district is one; elsewhere the draft asks it to reconsider.
    internal = inputs.jurisdiction.appeal.kind == "internal"
    label = "Follow-up" if kind == "followup" else "Appeal" if internal else "Reconsideration"
    subject = f"{label}: public records request {request['ref']}"
    if request["tracking_number"]:
        subject += f" (your reference {request['tracking_number']})"
    to_addr = request["to_addr"]
    return Draft(request["ref"], request_id, kind, to_addr, subject, body, in_reply_to, references)


def draft_followup(db: Database, config: Config, planned: Planned) -> Draft:
    count = history(db, planned.request["_id"]).count
    return _draft(
        db,
        config,
        planned.request["_id"],
        "followup",
        {
            "days_overdue": str(planned.request.get("days_overdue") or ""),
            "followup_count": str(count),
        },
    )


def draft_appeal(db: Database, config: Config, ref: str, today: date) -> Draft:
    """An appeal of a denial (or of an overdue silence where the law deems it a denial)."""
    from foia_tracker.law.appeals import appeal_deadline
    from foia_tracker.law.jurisdictions import get_jurisdiction
    from foia_tracker.letters.render import long_date
    from foia_tracker.requests.tracking import find_request

    request = find_request(db, ref)
    jurisdiction = get_jurisdiction(request["jurisdiction"])
    denial = _denial(db, request["id"])
    overdue = status_rows(db, today, StatusFilter(ref=request["ref"]))[0]["overdue"]
    if denial is None and not (overdue and jurisdiction.deemed_denial in ("yes", "in_effect")):
        raise UsageError(
            f"{request['ref']} has no denial to appeal (status {request['status']}); an appeal "
            "needs a denial, a no-records answer, or a silence the law treats as a denial."
        )
    denied_on = datetime.fromisoformat(denial["date"]).date() if denial else today
    # A silence counts from the day the law deems it denied (the due date), never from today.
    deemed = date.fromisoformat(request["due"]) if request.get("due") else None
    sent = datetime.fromisoformat(request["sent_at"]).date() if request.get("sent_at") else None
    deadline = appeal_deadline(jurisdiction, denied_on if denial else None, deemed, sent)
    extra = {
        "answer_kind": denial["kind"] if denial else "",
        "denial_quote": _quote_of(denial["body_text"]) if denial else "",
        "denial_date": long_date(denied_on) if denial else "",
        "appeal_body": jurisdiction.appeal.body or "Records Appeals Officer",
        "appeal_deadline": long_date(deadline) if deadline else "",
    }
    return _draft(db, config, request["id"], "appeal", extra)


def _denial(db: Database, request_id: int) -> dict | None:
    return row(
        db,
        "SELECT m.id, m.kind, coalesce(m.date, m.received_at) AS date, m.body_text "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? AND m.kind IN ('denial', 'no_records') "
        "ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )


def _quote_of(body: str, max_chars: int = 600) -> str:
    """The agency's own words: quoted text and signatures cut, kept short."""
    from foia_tracker.intake.classify import strip_footer, strip_quoted

    text = " ".join(strip_footer(strip_quoted(body)).split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rsplit(" ", 1)[0] + " …"


def queue(db: Database, config: Config, drafts: list[Draft], now: datetime) -> list[int]:
    """Put drafts in the outbox (pending), threaded on their requests. Their bodies still carry
    ``letters.SEND_DATE_MARK``: the outbox fills in the date when it really sends."""
    from email.utils import make_msgid

    from foia_tracker.outbox import enqueue

    return [
        enqueue(
            db,
            d.request_id,
            d.kind,
            d.to_addr,
            d.subject,
            d.body,
            in_reply_to=d.in_reply_to,
            references=d.references,
            now=now,
            message_id=make_msgid(idstring=d.ref, domain=config.requester.domain),
        )
        for d in drafts
    ]
