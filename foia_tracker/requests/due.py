"""A request's clocks, derived from its timeline: sent, agency answers, extensions, pauses and
the requester's answers. Recomputed from the events at any time (and again when the law data
changes); the date arithmetic itself is ``law.deadlines`` (pure).

A pause (a fee estimate, a clarification question, where the state's ``pauses_on`` says the clock
stops) ends when the requester answers. Most laws then *resume* the clock (the paused days are
added back); a few *restart* it from the answer (``RESTARTS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db import events as event_rows
from foia_tracker.db import requests as request_rows
from foia_tracker.db.closures import closure_days
from foia_tracker.db.requests import NOT_RESPONSES
from foia_tracker.law import appeals, deadlines
from foia_tracker.law.jurisdictions import Jurisdiction, get_jurisdiction, with_closures

DEFAULT_DEADLINES = Deadlines()
# Where the requester's answer starts the clock again instead of resuming it. Law data that
# belongs in jurisdictions.toml (pauses_on) once the legal data carries it; kept here, cited.
RESTARTS = {
    # City of Dallas v. Abbott, 304 S.W.3d 380 (Tex. 2010): after a good-faith request for
    # clarification, the 10 business days of Tex. Gov't Code § 552.301(b) run from the day the
    # clarification is received.
    ("TX", "clarification"): "City of Dallas v. Abbott, 304 S.W.3d 380 (Tex. 2010)",
}
# Said in due_explain where the law adds a rule the timeline cannot see.
RESUME_NOTES = {
    ("TX", "fee_estimate"): (
        "If the district asks for a deposit or bond, the request counts as received on the day "
        "it is paid (Tex. Gov't Code § 552.263(e)): check the new date with the district."
    ),
}


@dataclass(frozen=True)
class Timeline:
    """What the clocks need from a request's events."""

    extensions: list[deadlines.Extension]
    pauses: list[deadlines.Pause]
    acknowledged: date | None
    restarted: tuple[datetime, str] | None = None  # (when, why) the clock started again
    notes: tuple[str, ...] = ()


def _local_day(at: str, jurisdiction: Jurisdiction) -> date:
    return datetime.fromisoformat(at).astimezone(ZoneInfo(jurisdiction.timezone)).date()


def _is_answer(event: dict) -> bool:
    detail = event["detail"]
    return (
        event["type"] == "reply"
        and detail.get("kind") not in NOT_RESPONSES
        and not detail.get("automated")
    )


def timeline_inputs(db: Database, request_id: int, jurisdiction: Jurisdiction) -> Timeline:
    """Extensions, pauses, the first answer and any restart, from the request's events."""
    events = event_rows.timeline(db, request_id, ("reply", "extension", "pause", "resume"))
    pause_reasons = {p.event for p in jurisdiction.pauses_on}
    extensions, pauses, acknowledged, notes = [], [], None, []
    open_start: tuple[date, str] | None = None
    restarted = None
    for event in events:
        day, detail = _local_day(event["at"], jurisdiction), event["detail"]
        if _is_answer(event) and acknowledged is None:
            acknowledged = day
        elif event["type"] == "extension":
            extensions.append(
                _extension(day, detail, _running_obligation(jurisdiction, acknowledged))
            )
        elif event["type"] == "pause" and detail.get("reason") in pause_reasons and not open_start:
            open_start = (day, detail["reason"])
        elif event["type"] == "resume" and open_start:
            key = (jurisdiction.code, open_start[1])
            notes += _answer_note(detail, day, open_start[1], restart=key in RESTARTS)
            if key in RESTARTS:
                restarted = (datetime.fromisoformat(event["at"]), open_start[1])
                extensions, pauses = [], []
            else:
                pauses.append(deadlines.Pause(open_start[0], day, open_start[1]))
                notes += [RESUME_NOTES[key]] if key in RESUME_NOTES else []
            open_start = None
    if open_start:
        pauses.append(deadlines.Pause(open_start[0], None, open_start[1]))
    found = [e for e in extensions if e]
    return Timeline(found, pauses, acknowledged, restarted, tuple(dict.fromkeys(notes)))


def _answer_note(detail: dict, day: date, reason: str, *, restart: bool) -> list[str]:
    """due_explain's line for a pause the requester ended (by mark or by a message)."""
    what = reason.replace("_", " ")
    how = f" ({detail['via']}, {detail.get('kind')})" if detail.get("via") else ""
    clock = "restarted" if restart else "resumed"
    if detail.get("unclear"):
        return [
            f"Your message of {day.isoformat()}{how} is taken as the answer to the {what}, "
            f"but it may not be one: the clock {clock}; please review."
        ]
    return [f"You answered the {what} on {day.isoformat()}{how}: the clock {clock}."]


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
    db: Database, request: dict, settings: Deadlines = DEFAULT_DEADLINES
) -> deadlines.DueResult | None:
    """Every clock of a sent request, and why; None before it is sent."""
    if not request.get("sent_at"):
        return None
    # Days the agency declared closed count only where its law says so (law.with_closures).
    jurisdiction = with_closures(
        get_jurisdiction(request["jurisdiction"]), closure_days(db, request["agency_id"])
    )
    found = timeline_inputs(db, request["id"], jurisdiction)
    start = datetime.fromisoformat(request["sent_at"])
    head = []
    if found.restarted:
        start, reason = found.restarted
        why = RESTARTS[(jurisdiction.code, reason)]
        head = [
            f"Clock restarted on {start.date().isoformat()}: the requester answered the "
            f"{reason.replace('_', ' ')} ({why})."
        ]
    result = deadlines.compute_due(
        jurisdiction,
        start,
        extensions=found.extensions,
        pauses=found.pauses,
        acknowledged_at=found.acknowledged if not found.restarted else None,
        default_days=settings.default_days,
        default_unit=settings.default_unit,
    )
    result.explain[:0] = head
    result.explain.extend(found.notes)
    return result


def current_clock(result: deadlines.DueResult, answered: bool) -> tuple[date | None, str | None]:
    """The clock that matters now: once the agency has answered, an acknowledge clock is met
    and the next clock of a two-clock law (NY: 5 business days, then 20) runs."""
    for clock in result.clocks:
        if answered and clock.obligation == "acknowledge" and len(result.clocks) > 1:
            continue
        return clock.due, clock.obligation
    return result.due, result.due_kind


def recompute_due(
    db: Database, request_id: int, settings: Deadlines = DEFAULT_DEADLINES
) -> deadlines.DueResult | None:
    """Derive the request's due date from its timeline and store it."""
    request = request_rows.get_request(db, request_id)
    result = compute_request_due(db, request, settings)
    if result is None:
        return None
    answered = request["status"] not in ("sent", "queued", "bounced")
    due, kind = current_clock(result, answered)
    request_rows.set_due(db, request_id, due.isoformat() if due else None, kind, result.due_basis)
    return result


def window_end(jurisdiction: Jurisdiction, start: date, days: int, unit: str | None) -> date:
    """The last day of a window of ``days`` counted from ``start`` (day zero)."""
    if unit == "business":
        return deadlines.add_business_days(jurisdiction, start, days)
    return start + timedelta(days=days)


def appeal_deadline(
    jurisdiction: Jurisdiction,
    denied_on: date,
    *,
    silent: bool = False,
    requested_on: date | None = None,
) -> date | None:
    """The last day to appeal, counted from the denial (or the deemed denial): a fixed date.

    The law's rule is law.appeals.appeal_deadline: a silence counts from the deemed denial, or
    from the request where the law says so (950 CMR 32.08(1)(d)), never rolled forward."""
    if silent:
        return appeals.appeal_deadline(jurisdiction, None, denied_on, requested_on)
    return appeals.appeal_deadline(jurisdiction, denied_on)
