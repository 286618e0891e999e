"""What follows an answer: the last day for the requester's next step, and what to tell them.

Pure: dates in, dates and sentences out. The requester's own deadlines are shown at their
earliest defensible date: counted from the agency's answer, or for a silence from the day the law
deems it a denial (never from "today", which would let a deadline seem to move), and never rolled
past a weekend or holiday even where a statute allows that (e.g. N.J.S.A. 47:1A-6), because a
date that is too early costs the requester a day while one that is too late costs the appeal.
"""

from __future__ import annotations

from datetime import date, timedelta

from foia_tracker.law.deadlines import add_business_days, fmt_day
from foia_tracker.law.jurisdictions import Jurisdiction


def window_start(
    jurisdiction: Jurisdiction,
    answered_on: date | None,
    deemed_denied_on: date | None = None,
    requested_on: date | None = None,
) -> date | None:
    """The day the appeal window opens: the answer, else the deemed denial, else the request."""
    if answered_on is not None:
        return answered_on
    if jurisdiction.appeal.silent_from == "request" and requested_on is not None:
        return requested_on  # 950 CMR 32.08(1)(d): 90 days from the request when unanswered
    return deemed_denied_on or requested_on


def appeal_deadline(
    jurisdiction: Jurisdiction,
    answered_on: date | None,
    deemed_denied_on: date | None = None,
    requested_on: date | None = None,
) -> date | None:
    """The last day of the appeal window, or None where the law sets no window."""
    route = jurisdiction.appeal
    start = window_start(jurisdiction, answered_on, deemed_denied_on, requested_on)
    if not route.days or start is None:
        return None
    if route.unit == "business":
        return add_business_days(jurisdiction, start, route.days)
    return start + timedelta(days=route.days)


def appeal_guidance(jurisdiction: Jurisdiction, deadline: date | None) -> list[str]:
    """Sentences for the requester (printed, never mailed) about the real next step."""
    route = jurisdiction.appeal
    if route.kind == "internal":
        lines = [
            f"This draft is the appeal itself: it goes to the {route.addressee or route.body}."
        ]
    else:
        where = "a court filing" if route.kind == "court" else f"a filing with the {route.body}"
        lines = [
            "This draft asks the district to reconsider; it is not the appeal. "
            f"The legal next step is {where}, made there and not by mail to the district: "
            f"{route.route}"
        ]
    if deadline is not None:
        counted = f" ({route.window_note})" if route.window_note else ""
        lines.append(f"Last day for that step: {fmt_day(deadline)}{counted}.")
        if route.kind != "internal":
            lines.append("Asking the district to reconsider does not extend that date.")
    elif route.kind != "internal":
        lines.append("The sources read set no filing deadline; do not wait long.")
    if route.guidance:
        lines.append(route.guidance)
    if jurisdiction.uncertain:
        lines.append(
            f"The rules for {jurisdiction.code} are marked uncertain: {jurisdiction.uncertainty}"
        )
    return lines
