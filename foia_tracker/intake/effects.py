"""What a newly filed message does to its requests: the one place where filing acts on them."""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.directory.agencies import mark_address_bounced
from foia_tracker.intake.context import DEFAULT_SETTINGS, IntakeSettings
from foia_tracker.intake.derive import REQUESTER_COPY
from foia_tracker.intake.reply_text import strip_quoted
from foia_tracker.links.service import FiledText, record_links
from foia_tracker.requests import tracking
from foia_tracker.requests.lifecycle import Status, change_status, flag_review


def after_filing(
    db: Database, message: dict, now: datetime, settings: IntakeSettings = DEFAULT_SETTINGS
) -> None:
    """Act on each request a message was just filed on.

    The agency's or portal's number for the request is kept on it the first time a message
    filed by strong evidence (not the sender alone) carries one. Bounces are handled next, before
    any status logic (issue 5): the request becomes ``bounced`` and the agency's address is
    marked bounced, unless the match was by sender only or the user's provider recorded a DMARC
    failure (the address stays good, and a review is flagged, when the agency's server refused
    our own mail as unauthenticated). Then the lifecycle records the reply on each
    request's timeline and moves its status, under the same conservative rules
    (``tracking.apply_message``).
    """
    facts = json.loads(message["facts"] or "{}")
    if message["kind"] == REQUESTER_COPY:
        # her own message: filed where it belongs, never a reply, never a status change; when it
        # forwards someone else's mail, a person reads it
        if facts.get("forwarded_from"):
            _review_forward(db, message, facts["forwarded_from"], now)
        return
    strong = [
        f
        for f in store_db.filings_with_requests(db, message["id"])
        if f["method"] not in tracking.WEAK_METHODS
    ]
    if facts.get("tracking_number") and not facts.get("dmarc_failed"):
        for filing in strong:
            store_db.remember_tracking_number(db, filing["request_id"], facts["tracking_number"])
    if message["kind"] == "bounce" and not facts.get("dmarc_failed"):
        bounce = facts.get("bounce", {})
        for filing in strong:
            _bounce_request(db, filing, bounce, message["id"], now)
    if message["kind"] == "auto_reply" and facts.get("automatic_kind") == "clarification":
        _review_portal_rule(db, message, now)
    tracking.apply_message(
        db,
        message["id"],
        default_days=settings.default_days,
        default_unit=settings.default_unit,
    )
    _record_links(db, message)


# Mail that cannot carry an agency's records links.
_NO_LINKS = frozenset({"bounce", "delay", "auto_reply", "own_copy", "requester_copy"})


def _record_links(db: Database, message: dict) -> None:
    """Records delivered by link (Dropbox, a portal's release notice...) join the request's
    story as ``link_found``; ``foia fetch`` brings them in. Only the reply's own words count:
    a link quoted from an earlier message was found when that message came."""
    if message["kind"] in _NO_LINKS or message["automated"]:
        return
    request_ids = tuple(f["request_id"] for f in store_db.filings_of(db, message["id"]))
    if not request_ids:
        return
    when = datetime.fromisoformat(message["date"] or message["received_at"])
    own_words = strip_quoted(message["body_text"] or "")
    record_links(db, FiledText(message["id"], request_ids, own_words, when))


def _review_portal_rule(db: Database, message: dict, now: datetime) -> None:
    reason = (
        "the agency's mailbox answered automatically that requests must go another way (its "
        f"portal or form): read it (foia read {message['id']})"
    )
    for filing in store_db.filings_with_requests(db, message["id"]):
        flag_review(db, filing["request_id"], "auto", at=now, message_row=message["id"],
                    detail={"reason": reason})  # fmt: skip


def _review_forward(db: Database, message: dict, sender: str, now: datetime) -> None:
    reason = f"you forwarded mail from {sender}: read it (foia read {message['id']}) and mark"
    for filing in store_db.filings_with_requests(db, message["id"]):
        flag_review(db, filing["request_id"], "auto", at=now, message_row=message["id"],
                    detail={"reason": reason})  # fmt: skip


def _bounce_request(
    db: Database, filing: dict, bounce: dict, message_row: int, now: datetime
) -> None:
    recipients = {a.lower() for a in bounce.get("original_recipients", [])}
    # A server that gave up on a full mailbox lost the letter, not the address: the request
    # shows bounced (resend it later), the address is not marked bad. Nor is it when the server
    # refused our mail as unauthenticated (DMARC, SPF, DKIM): the fault is on the sending side.
    refused = bool(bounce.get("sender_refused"))
    bad_address = bounce.get("action") == "failed" and not bounce.get("gave_up") and not refused
    if bad_address:
        reason = "bounce"
    elif refused:
        reason = "not delivered (our mail failed the receiving server's authentication check)"
    else:
        reason = "not delivered (the server gave up)"
    moved = change_status(
        db,
        filing["request_id"],
        Status.BOUNCED,
        "auto",
        at=now,
        message_row=message_row,
        detail={"reason": reason, "recipients": sorted(recipients)},
    )
    if refused:
        _review_sender_refused(db, filing["request_id"], message_row, now)
    address = (filing["to_addr"] or "").lower()
    # Mark the address bad only when the bounce names it: a bounce of a colleague's forward, a
    # list's rejection or a GroupWise notice naming nobody says nothing certain about the
    # agency's own address (the request still shows bounced, for the user to look at).
    if moved and bad_address and address and address in recipients:
        mark_address_bounced(db, filing["agency_id"], address)


def _review_sender_refused(db: Database, request_id: int, message_row: int, now: datetime) -> None:
    reason = (
        "the agency's server refused the letter because our mail failed its authentication "
        "check (DMARC, SPF or DKIM), not because of its address: have the sending domain's "
        f"SPF/DKIM fixed or send from another account, then resend (foia read {message_row})"
    )
    flag_review(db, request_id, "auto", at=now, message_row=message_row,
                detail={"reason": reason})  # fmt: skip
