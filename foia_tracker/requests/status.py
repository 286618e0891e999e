"""Where every request stands today: the status rows of ``foia status``, the next thing to do,
and one request in full (``foia show``). Overdue is computed here, never stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db import status_view as view_rows
from foia_tracker.errors import NotFound
from foia_tracker.law.jurisdictions import Jurisdiction, get_jurisdiction
from foia_tracker.requests.due import (
    DEFAULT_DEADLINES,
    appeal_deadline,
    compute_request_due,
    window_end,
)
from foia_tracker.requests.lifecycle import END_STATES, Status
from foia_tracker.requests.replies import PAUSE_KINDS

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
# Channels a request filed by hand went through (`foia mark REF sent --via`): a follow-up on
# such a request is a task for the user, not an email.
BY_HAND = ("portal", "mail", "fax", "in-person")
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
# Beyond the contract's fields, kept on status rows for reports, exports and follow-ups (the
# CLI's JSON drops them; `show` keeps only the first four, as the first wave did).
INTERNAL_FIELDS = ("needs_review", "first_reply_at", "closed_at")

# The Status member of each stored value, looked up instead of constructed for every row.
_STATUSES = {s.value: s for s in Status}
# What only the next action reads; dropped from the row once it is computed.
_EXTRAS = view_rows.STATUS_EXTRA_COLUMNS
_VIEW_COLUMNS = view_rows.STATUS_VIEW_COLUMNS


def _status_of(value: str) -> Status:
    return _STATUSES.get(value) or Status(value)  # Status() raises on an unknown value


@dataclass(frozen=True)
class StatusFilter:
    campaign: str | None = None
    state: str | None = None
    status: str | None = None
    overdue: bool = False
    needs_review: bool = False
    ref: str | None = None


def find_request(db: Database, ref: str) -> dict:
    """The request with this ref, or a NotFound that says where the refs are listed."""
    request = request_rows.find_request_by_ref(db, ref)
    if request is None:
        raise NotFound(f"No request {ref!r}; `foia status` lists the refs.")
    return request


def status_rows(db: Database, today: date, filters: StatusFilter = StatusFilter()) -> list[dict]:
    return list(iter_status_rows(db, today, filters))


def iter_status_rows(
    db: Database, today: date, filters: StatusFilter = StatusFilter()
) -> Iterator[dict]:
    """The status rows one by one, in ref order, as they come from the database (a listing of
    100,000 requests is written while it is read, never held whole)."""
    places: dict[str, Jurisdiction] = {}  # one lookup per state, not per row
    overdue_only = filters.overdue
    for found in view_rows.status_records(db, asdict(filters)):
        request = dict(zip(_VIEW_COLUMNS, found))  # noqa: B905  lengths fixed by the query
        code = request["state"]
        if code not in places:
            places[code] = get_jurisdiction(code)
        _fill_status_row(request, today, places[code])
        if request["overdue"] or not overdue_only:
            yield request


_STORED = view_rows.STATUS_STORED_COLUMNS
_HEAD = _STORED.index("last_reply_at")  # the stored fields before overdue and days_overdue
assert STATUS_FIELDS == (
    *_STORED[:_HEAD],
    "overdue",
    "days_overdue",
    *_STORED[_HEAD:],
    "next_action",
)


def iter_status_values(
    db: Database, today: date, filters: StatusFilter = StatusFilter()
) -> Iterator[tuple]:
    """``iter_status_rows`` as the values of ``STATUS_FIELDS``, a tuple per row (what
    ``foia status --format json/csv`` writes): no dict per row, and the overdue days and next
    action computed once for all the rows alike in what they read (the short form of the
    status view, ``db.status_view.status_value_records``)."""
    places: dict[str, Jurisdiction] = {}
    computed: dict[str, tuple] = {}
    overdue_only = filters.overdue
    head = _HEAD
    for found in view_rows.status_value_records(db, asdict(filters)):
        done = computed.get(found[-1])
        if done is None:
            done = computed[found[-1]] = computed_fields(found[-1], today, places)
        if done[0] or not overdue_only:
            yield found[:head] + done[:2] + found[head:-1] + done[2:]


def computed_fields(action_inputs: str, today: date, places: dict[str, Jurisdiction]) -> tuple:
    """(overdue, days_overdue, next_action) of the rows whose JSON array of
    ``STATUS_ACTION_INPUTS`` is ``action_inputs``, as ``_fill_status_row`` sets them: the
    array holds all they read (the ref while links are pending, whether there is an address)."""
    request = dict(zip(view_rows.STATUS_ACTION_INPUTS, json.loads(action_inputs), strict=True))
    request["ref"], request["to_addr"] = request["_ref_if_pending"], request["_has_address"]
    code = request["state"]
    if code not in places:
        places[code] = get_jurisdiction(code)
    return _action_fields(request, today, places[code])


def local_date(at: str, jurisdiction: Jurisdiction) -> date:
    """The day ``at`` falls on in the jurisdiction's time zone (its offices' calendar)."""
    return datetime.fromisoformat(at).astimezone(ZoneInfo(jurisdiction.timezone)).date()


def _fill_status_row(request: dict, today: date, jurisdiction: Jurisdiction) -> None:
    """Turn a row of the status view (``STATUS_VIEW_COLUMNS``) into a status row, in place: the
    computed fields set, what only the next action reads dropped."""
    request["overdue"], request["days_overdue"], request["next_action"] = _action_fields(
        request, today, jurisdiction
    )
    request["needs_review"] = bool(request["needs_review"])
    request["_status_manual"] = bool(request["_status_manual"])
    request["_filed_by_hand"] = filed_by_hand(request)
    for extra in _EXTRAS:
        del request[extra]


def _action_fields(request: dict, today: date, jurisdiction: Jurisdiction) -> tuple:
    """(overdue, days_overdue, next_action); ``paused_at`` becomes the local day it fell on."""
    if request["paused_at"]:
        request["paused_at"] = local_date(request["paused_at"], jurisdiction).isoformat()
    status = _status_of(request["status"])
    late = _late(status, request, today)
    return late is not None, late, _next_action(status, late, request, today, jurisdiction)


def filed_by_hand(request: dict) -> dict | None:
    """How a request filed by hand went (``via``) and where a follow-up by hand goes; None for
    a request sent by email. ``request`` is a row of ``db.status_view.status_view``."""
    if request.get("sent_via") not in BY_HAND:
        return None
    return {
        "via": request["sent_via"],
        "portal_url": request.get("portal_url") or "",
        "address": request.get("agency_address") or "",
    }


def days_overdue(request: dict, today: date) -> int | None:
    return _late(_status_of(request["status"]), request, today)


def _late(status: Status, request: dict, today: date) -> int | None:
    if status not in AWAITING_AGENCY or not request.get("due"):
        return None
    late = (today - date.fromisoformat(request["due"])).days
    return late if late > 0 else None


def next_action(request: dict, today: date, jurisdiction: Jurisdiction | None = None) -> str:
    status = _status_of(request["status"])
    return _next_action(status, _late(status, request, today), request, today, jurisdiction)


def _next_action(
    status: Status, late: int | None, request: dict, today: date, jurisdiction: Jurisdiction | None
) -> str:
    action = _action_for(status, late, request, today, jurisdiction)
    if request.get("needs_review"):
        action = f"review the latest reply ({action})" if action else "review the latest reply"
    return action


def _action_for(
    status: Status, late: int | None, request: dict, today: date, jurisdiction: Jurisdiction | None
) -> str:
    settled = _SETTLED_ACTIONS.get(status)
    if settled is not None:
        return settled
    waits_on = _ACTIONS_BY_STATUS.get(status)
    if waits_on is not None:
        return waits_on(status, request, today, jurisdiction)
    if request.get("pending_links"):
        return _download_action(request, today)
    if late:
        return _overdue_action(late, request, today, jurisdiction)
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


def _bounced_action(status: Status, request: dict, today: date, jurisdiction) -> str:
    """A new address when the bounce marked the agency's bad; else (a server that gave up on a
    full mailbox, a report naming nobody, an address fixed since) the letter sent again."""
    if request.get("address_bounced"):
        return "find a working address: the letter bounced"
    return "resend the letter once what stopped it is fixed (see its timeline; the address is good)"


def _queued_action(status: Status, request: dict, today: date, jurisdiction) -> str:
    if not request.get("to_addr"):
        return f"send by {request.get('delivery') or 'another channel'} (no email address)"
    return "send (foia campaign send)"


def _answer_action(status: Status, request: dict, today: date, jurisdiction) -> str:
    return _requester_answer(status, request, jurisdiction)


LINK_WARNING_DAYS = 7  # a link that expires within a week is the first thing to do


def _download_action(request: dict, today: date) -> str:
    """Records sent by link are only "available" until fetched; agencies' links expire."""
    action = f"download the records by link (foia fetch {request['ref']})"
    expires = request.get("link_expires")
    if not expires:
        return action
    left = (date.fromisoformat(expires) - today).days
    if left < 0:
        return f"{action}; the link said it expired on {expires}: ask for a new one if it fails"
    urgent = " SOON" if left <= LINK_WARNING_DAYS else ""
    return f"{action} before {expires}{urgent}"


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


def deemed_denial_on(request: dict, jurisdiction: Jurisdiction) -> date | None:
    """The day a silence became a denial where the law says so: the day after the due date
    that passed unanswered. A fixed date: never "today"."""
    if jurisdiction.deemed_denial not in ("yes", "in_effect") or not request.get("due"):
        return None
    return date.fromisoformat(request["due"]) + timedelta(days=1)


def appeal_window(jurisdiction: Jurisdiction, denied_on: date, today: date) -> str:
    """ ", by DATE" while the window is open, "; the window to appeal closed on DATE" after."""
    by = appeal_deadline(jurisdiction, denied_on)
    if by is None:
        return ""
    if by < today:
        return f"; the time to appeal ran out on {by.isoformat()}"
    return f", by {by.isoformat()}"


def _appeal_action(
    status: Status, request: dict, today: date, jurisdiction: Jurisdiction | None
) -> str:
    verb = "consider an appeal" if status == Status.DENIED else "check it; appeal if you doubt it"
    if not jurisdiction:
        return verb
    route = jurisdiction.appeal.body or jurisdiction.appeal.route
    if not request.get("closed_at"):
        return f"{verb} ({route})"
    denied_on = local_date(request["closed_at"], jurisdiction)
    return f"{verb} ({route}{appeal_window(jurisdiction, denied_on, today)})"


def _overdue_action(
    late: int, request: dict, today: date, jurisdiction: Jurisdiction | None
) -> str:
    days = f"{late} day{'s' if late != 1 else ''} overdue"
    action = f"follow up ({days})"
    by_hand = filed_by_hand(request)
    if by_hand:
        action = f"follow up yourself ({days}): {hand_channel(by_hand)}"
    deemed = deemed_denial_on(request, jurisdiction) if jurisdiction else None
    if deemed:
        window = appeal_window(jurisdiction, deemed, today)
        action += f"; silence may be appealed as a denial ({jurisdiction.appeal.citation}{window})"
    return action


def hand_channel(by_hand: dict) -> str:
    """Where a follow-up by hand goes (``filed_by_hand``): the portal's URL, the postal
    address, or the fax."""
    via, portal, address = by_hand["via"], by_hand["portal_url"], by_hand["address"]
    if via == "portal":
        return f"on the portal {portal}" if portal else "on the agency's portal"
    if via == "mail":
        return f"by post to {address}" if address else "by post (no address on file)"
    if via == "fax":
        return "by fax"
    return f"in person at {address}" if address else "in person"


def show_request(
    db: Database, ref: str, today: date, settings: Deadlines = DEFAULT_DEADLINES
) -> dict:
    """One request with its timeline, messages, documents and the explanation of its due date."""
    request = find_request(db, ref)
    out = status_rows(db, today, StatusFilter(ref=request["ref"]))[0]
    out = {k: v for k, v in out.items() if not k.startswith("_")}
    out["events"] = [
        {
            "at": e["at"],
            "type": e["type"],
            "actor": e["actor"],
            "message": e["message_row"],
            "detail": e["detail"],
        }
        for e in event_rows.timeline(db, request["id"])
    ]
    out["messages"] = request_rows.request_messages(db, request["id"])
    for message in out["messages"]:
        message["automated"] = bool(message["automated"])
    out["documents"] = request_rows.request_documents(db, request["id"])
    result = compute_request_due(db, request, settings)
    out["due_explain"] = result.explain if result else ["Not sent yet: no deadline runs."]
    out["letter"] = request["letter"]
    return out


# Statuses whose next action depends on nothing else (looked up once per row).
_SETTLED_ACTIONS = {
    Status.FAILED: "fix the address and resend",
}
_ACTIONS_BY_STATUS = {
    Status.BOUNCED: _bounced_action,
    Status.QUEUED: _queued_action,
    **{paused: _answer_action for paused in PAUSE_KINDS.values()},
    Status.DENIED: _appeal_action,
    Status.NO_RECORDS: _appeal_action,
}
