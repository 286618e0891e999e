"""When to nudge an agency, and the drafting of follow-ups and appeals.

The policy is pure (``decide``): first follow-up ``after_days_overdue`` days past the due date,
then at most every ``every_days``, never more than ``max_count``; none after an end status or a
withdrawal, none while the request waits on the requester (fee, clarification), and none when
the agency wrote in the last ``every_days`` days. MuckRock's users complained of nudges every few
days and of nudges after withdrawal; this is the answer to both. And only to who owes
(``requests.owed``): never after the agency's latest message delivered records, a link, a portal
release or a final answer; to the address that last wrote for the agency; in words that fit the
situation (silence, a promised date passed, a partial production pending). A request filed by
hand (a portal, the post) gets a task for the user instead of an email.

Appeals are counted from the denial, the no-records answer, or the day a silence became a denial
where the law says so: a fixed date, never "today"; a passed window is said, not papered over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import make_msgid

from sqlite_utils import Database

from foia_tracker.config import Config, Followups
from foia_tracker.db import requests as request_rows
from foia_tracker.errors import UsageError
from foia_tracker.intake.reply_text import strip_footer, strip_quoted
from foia_tracker.law.appeals import appeal_guidance
from foia_tracker.law.jurisdictions import get_jurisdiction
from foia_tracker.letters.render import (
    LetterInputs,
    letter_context,
    load_set,
    long_date,
    render_letter,
)
from foia_tracker.outbox import enqueue
from foia_tracker.requests.due import appeal_deadline
from foia_tracker.requests.lifecycle import END_STATES, Status
from foia_tracker.requests.owed import Situation, situation_of
from foia_tracker.requests.status import (
    AWAITING_AGENCY,
    StatusFilter,
    deemed_denial_on,
    find_request,
    hand_channel,
    local_date,
    status_rows,
)


@dataclass(frozen=True)
class FollowupHistory:
    count: int
    last_at: date | None


@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str


def decide(
    request: dict,
    history: FollowupHistory,
    policy: Followups,
    today: date,
    situation: Situation | None = None,
) -> Decision:
    """Should this request get a follow-up today? ``request`` is a ``status_rows`` row;
    ``situation`` what the agency's latest reply leaves owed (``requests.owed``)."""
    status = Status(request["status"])
    if status in END_STATES:
        return Decision(False, f"{status.value}: closed")
    if status not in AWAITING_AGENCY:
        return Decision(False, f"{status.value}: nothing owed by the agency")
    if situation is not None and not situation.owed:
        return Decision(False, situation.reason)
    if request.get("needs_review"):
        return Decision(False, "needs review: read the latest message first (foia show)")
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
    count, last = request_rows.followup_history(db, request_id)
    return FollowupHistory(count, date.fromisoformat(last[:10]) if last else None)


@dataclass(frozen=True)
class Planned:
    request: dict
    decision: Decision
    situation: Situation = Situation("silence")

    @property
    def by_hand(self) -> bool:
        """Filed by hand (a portal, the post...): the follow-up is the user's task."""
        return self.request.get("_filed_by_hand") is not None

    @property
    def task(self) -> str:
        hand = self.request.get("_filed_by_hand")
        return f"follow up yourself {hand_channel(hand)}" if hand else ""


def plan_followups(
    db: Database, config: Config, today: date, campaign: str | None = None
) -> list[Planned]:
    """Every open request with the policy's verdict for today (due ones first)."""
    plans = []
    for request in status_rows(db, today, StatusFilter(campaign=campaign)):
        if Status(request["status"]) in END_STATES:
            continue
        last = request_rows.last_agency_reply(db, request["_id"])
        in_review = bool(request.get("needs_review", True))
        situation = situation_of(request["status"], last, today, in_review=in_review)
        past = history(db, request["_id"])
        decision = decide(request, past, config.followups, today, situation)
        if decision.send and request.get("_filed_by_hand"):
            decision = Decision(True, f"{decision.reason}: a task for you, not an email")
        plans.append(Planned(request, decision, situation))
    return sorted(plans, key=lambda p: (not p.decision.send, p.request["ref"]))


def thread_headers(db: Database, request_id: int) -> tuple[str | None, tuple[str, ...]]:
    """In-Reply-To / References for a message on a request's thread (RFC 5322 section 3.6.4):
    our letter, the provider's rewrite of its id, and the agency's latest reply."""
    ids = request_rows.sent_message_ids(db, request_id)
    theirs = request_rows.last_agency_message_id(db, request_id)
    if theirs:
        ids.append(theirs)
    return (ids[-1] if ids else None), tuple(dict.fromkeys(ids))


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
    task: str = ""  # filed by hand: what the user does with the text instead of an email
    warning: str = ""  # said beside the draft (e.g. the time to appeal has passed)
    # appeals: the real route, body and last day, for the requester (printed, never mailed)
    guidance: tuple[str, ...] = ()


def _request_context(db: Database, config: Config, request_id: int):
    request = request_rows.request_with_campaign(db, request_id)
    agency = request_rows.get_agency(db, request["agency_id"])
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


def _draft(
    db: Database, config: Config, request_id: int, kind: str, extra: dict, to_addr: str | None
) -> Draft:
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
    to = to_addr or request["to_addr"]
    return Draft(request["ref"], request_id, kind, to, subject, body, in_reply_to, references)


def draft_followup(db: Database, config: Config, planned: Planned) -> Draft:
    """The follow-up this request's situation calls for, to who last wrote for the agency."""
    count = history(db, planned.request["_id"]).count
    situation = planned.situation
    extra = {
        "days_overdue": str(planned.request.get("days_overdue") or ""),
        "followup_count": str(count),
        "situation": situation.kind,
        "promised_date": long_date(situation.promised) if situation.promised else "",
        "last_reply_date": long_date(situation.last_reply_on) if situation.last_reply_on else "",
    }
    draft = _draft(db, config, planned.request["_id"], "followup", extra, situation.writer)
    if planned.by_hand:
        return replace(draft, to_addr="", task=planned.task)
    return draft


@dataclass(frozen=True)
class AppealBasis:
    """What is appealed and from which day the window runs (a fixed date, never today)."""

    answer: str  # "denial" | "no_records" | "silence"
    denied_on: date
    denial: dict | None = None  # the agency's message, when there is one


def appeal_basis(db: Database, request: dict, today: date) -> AppealBasis:
    """The denial (message, or status set by hand) or the deemed denial a request can appeal."""
    jurisdiction = get_jurisdiction(request["jurisdiction"])
    denial = request_rows.latest_denial(db, request["id"])
    if denial:
        return AppealBasis(denial["kind"], local_date(denial["date"], jurisdiction), denial)
    if request["status"] in (Status.DENIED, Status.NO_RECORDS) and request.get("closed_at"):
        return AppealBasis(request["status"], local_date(request["closed_at"], jurisdiction))
    shown = status_rows(db, today, StatusFilter(ref=request["ref"]))[0]
    deemed = deemed_denial_on(shown, jurisdiction) if shown["overdue"] else None
    if deemed is None:
        raise UsageError(
            f"{request['ref']} has no denial to appeal (status {request['status']}); an appeal "
            "needs a denial, a no-records answer, or a silence the law treats as a denial."
        )
    return AppealBasis("silence", deemed)


def draft_appeal(db: Database, config: Config, ref: str, today: date) -> Draft:
    """An appeal of a denial, a no-records answer, or a silence the law deems a denial."""
    request = find_request(db, ref)
    jurisdiction = get_jurisdiction(request["jurisdiction"])
    basis = appeal_basis(db, request, today)
    sent = datetime.fromisoformat(request["sent_at"]).date() if request.get("sent_at") else None
    silent = basis.answer == "silence"
    deadline = appeal_deadline(jurisdiction, basis.denied_on, silent=silent, requested_on=sent)
    passed = deadline is not None and deadline < today
    extra = {
        "answer": basis.answer,
        "denial_quote": _quote_of(basis.denial["body_text"]) if basis.denial else "",
        "denial_date": long_date(basis.denied_on) if basis.answer != "silence" else "",
        "appeal_body": jurisdiction.appeal.body or "Records Appeals Officer",
        "appeal_deadline": long_date(deadline) if deadline else "",
        "appeal_window_passed": passed,
    }
    draft = replace(
        _draft(db, config, request["id"], "appeal", extra, None),
        guidance=tuple(appeal_guidance(jurisdiction, deadline)),
    )
    if passed:
        warning = (
            f"The time to appeal ran out on {deadline.isoformat()} ({jurisdiction.appeal.citation}"
            f", counted from {basis.denied_on.isoformat()}); the draft says so."
        )
        return replace(draft, warning=warning)
    return draft


def _quote_of(body: str, max_chars: int = 600) -> str:
    """The agency's own words: quoted text and signatures cut, kept short."""
    text = " ".join(strip_footer(strip_quoted(body)).split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rsplit(" ", 1)[0] + " …"


def queue(db: Database, config: Config, drafts: list[Draft], now: datetime) -> list[int]:
    """Put drafts in the outbox (pending), threaded on their requests. Their bodies still carry
    ``letters.SEND_DATE_MARK``: the outbox fills in the date when it really sends. Tasks (requests
    filed by hand) are never mailed."""
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
        if not d.task
    ]
