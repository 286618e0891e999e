"""Pure deadline arithmetic: when each statutory clock of a request falls due, and why.

Rules (each explained in the result's ``explain`` lines):

* The day of sending is day zero. A request sent at or after close of business (17:00 in the
  jurisdiction's time zone) or on a weekend or state holiday counts from the next business day.
* Business days skip weekends, the state's holidays (``law.holidays``) and, where the law says so
  (``closure_rule``, e.g. Tex. Gov't Code § 552.0031(f)), days the agency declared closed
  (``jurisdiction.with_closures``). Calendar
  deadlines that land on a closed day roll to the next business day only where the law says so
  (``calendar_rolls_forward``, e.g. Cal. Civ. Proc. Code § 12a).
* A clock that starts at ``acknowledgement`` or ``previous`` counts from the agency's first answer
  (``acknowledged_at``). When that is not known: an ``acknowledgement`` clock counts from an earlier
  acknowledge clock's due date (the latest the answer could lawfully come), else from receipt;
  a ``previous`` clock counts from the previous clock's due date.
* Extensions (``Extension``) are applied first, then pauses (``Pause``) in date order.
* A pause stops every clock still running when it starts. A closed pause moves the due date by
  the number of counted days (business days for a business clock) from its start up to the day
  before the requester answered: the agency gets back exactly the days it could not work.
  An open pause leaves the clock stopped: its due date is None until the pause ends, because
  no date can honestly be named while the requester has not answered.

Nothing here reads the clock or the disk: callers pass ``sent_at`` and the events, so a request's
deadlines can be recomputed from its timeline at any time (and again when ``LAW_VERSION`` changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from foia_tracker.law.holidays import holiday_citation, holiday_name
from foia_tracker.law.jurisdictions import Clock, Jurisdiction

DEFAULT_DAYS = 10
DEFAULT_UNIT = "business"


@dataclass(frozen=True)
class Extension:
    """An extension that happened: a new date, or ``days`` more counted from the current due date.

    ``obligation`` names the clock it extends; None means the first clock still running on ``at``.
    """

    at: date
    new_due: date | None = None
    days: int | None = None
    unit: str = "business"
    obligation: str | None = None
    citation: str = ""


@dataclass(frozen=True)
class Pause:
    """The clock stopped on ``start`` (a fee estimate, say) until the requester answered ``end``."""

    start: date
    end: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class ClockDue:
    obligation: str
    due: date | None
    rule: str
    citation: str


@dataclass(frozen=True)
class DueResult:
    due: date | None
    due_kind: str | None
    due_basis: str  # "statutory" | "default"
    rule: str
    clocks: list[ClockDue]
    explain: list[str] = field(default_factory=list)
    day_zero: date | None = None


def fmt_day(d: date) -> str:
    return f"{d:%a %b} {d.day}, {d.year}"


def closed_reason(jurisdiction: Jurisdiction, d: date) -> str | None:
    """Why the jurisdiction's offices are closed on ``d`` ("weekend", a holiday), or None."""
    if d.weekday() >= 5:
        return "weekend"
    if d in jurisdiction.closures and jurisdiction.closure_rule is not None:
        return f"declared closed by the agency ({jurisdiction.closure_rule.citation})"
    name = holiday_name(jurisdiction, d)
    if name is None:
        return None
    citation = holiday_citation(jurisdiction, d)
    where = f"{jurisdiction.code} state holiday"
    return f"{name}, {where} ({citation})" if citation else f"{name}, {where}"


def is_business_day(jurisdiction: Jurisdiction, d: date) -> bool:
    return closed_reason(jurisdiction, d) is None


def next_business_day(jurisdiction: Jurisdiction, d: date) -> date:
    """The first business day strictly after ``d``."""
    d += timedelta(days=1)
    while not is_business_day(jurisdiction, d):
        d += timedelta(days=1)
    return d


def _skip_line(jurisdiction: Jurisdiction, d: date, reason: str) -> str:
    return f"{fmt_day(d)}: {reason}, skipped"


def _count_business(jurisdiction: Jurisdiction, start: date, n: int) -> tuple[date, list[str]]:
    lines: list[str] = []
    d, counted = start, 0
    while counted < n:
        d += timedelta(days=1)
        reason = closed_reason(jurisdiction, d)
        if reason is None:
            counted += 1
        elif reason != "weekend":
            lines.append(_skip_line(jurisdiction, d, reason))
    return d, lines


def add_business_days(jurisdiction: Jurisdiction, start: date, n: int) -> date:
    """``start`` plus ``n`` business days of the jurisdiction (``start`` itself is day zero)."""
    return _count_business(jurisdiction, start, n)[0]


def _count_calendar(
    jurisdiction: Jurisdiction, start: date, n: int, roll: bool
) -> tuple[date, list[str]]:
    d = start + timedelta(days=n)
    reason = closed_reason(jurisdiction, d)
    if reason is None or not roll:
        return d, []
    rolled = next_business_day(jurisdiction, d)
    line = (
        f"{fmt_day(d)} (day {n}): {reason}; rolls to {fmt_day(rolled)} "
        f"({jurisdiction.roll_citation})"
    )
    return rolled, [line]


def count_days(
    jurisdiction: Jurisdiction, start: date, n: int, unit: str
) -> tuple[date, list[str]]:
    """``n`` business or calendar days after ``start``, with the explain lines for skipped days."""
    if unit == "business":
        return _count_business(jurisdiction, start, n)
    if unit == "calendar":
        return _count_calendar(jurisdiction, start, n, jurisdiction.calendar_rolls_forward)
    raise ValueError(f"unknown day unit {unit!r}: use business or calendar")


def day_zero(jurisdiction: Jurisdiction, sent_at: datetime) -> tuple[date, list[str]]:
    """The day counting starts from, given when the request was sent."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    local = sent_at.astimezone(ZoneInfo(jurisdiction.timezone))
    sent_line = f"Sent {fmt_day(local.date())} {local:%H:%M %Z} ({jurisdiction.timezone})"
    closing = time.fromisoformat(jurisdiction.close_of_business)
    reason = closed_reason(jurisdiction, local.date())
    if reason is None and local.time() < closing:
        zero = local.date()
        lines = [f"{sent_line}: a business day before {closing:%H:%M}, so it is day zero."]
    else:
        why = reason or f"at or after close of business ({closing:%H:%M})"
        zero = next_business_day(jurisdiction, local.date())
        lines = [f"{sent_line}: {why}; counting starts from {fmt_day(zero)} (day zero)."]
    return _receipt_delay(jurisdiction, zero, lines)


def _receipt_delay(
    jurisdiction: Jurisdiction, zero: date, lines: list[str]
) -> tuple[date, list[str]]:
    if not jurisdiction.received_after_business_days:
        return zero, lines
    n = jurisdiction.received_after_business_days
    received, skipped = _count_business(jurisdiction, zero, n)
    lines += skipped
    lines.append(
        f"By law a request counts as received {n} business day(s) after it is sent "
        f"({jurisdiction.receipt_citation}): {fmt_day(received)} is day zero."
    )
    return received, lines


def clock_rule(clock: Clock) -> str:
    origin = {
        "receipt": "receipt",
        "acknowledgement": "the agency's acknowledgement",
        "previous": "the agency's first answer",
        "previous_due": "the previous deadline",
    }[clock.starts]
    return f"{clock.days} {clock.unit} days from {origin}"


@dataclass
class _Running:
    clock: Clock
    origin: date
    due: date | None
    rule: str
    citation: str


def _origin(
    clock: Clock, zero: date, earlier: list[_Running], answered_at: date | None
) -> tuple[date | None, str]:
    """Where a clock starts counting, and a note when that had to be estimated."""
    if clock.starts == "receipt":
        return zero, ""
    if clock.starts == "previous_due" and earlier:
        # ORS 192.329(2): counted from the date the acknowledgment was due, however early it came.
        basis = earlier[-1]
        if basis.due is None:
            return None, f"the {basis.clock.obligation} clock is stopped"
        return (
            basis.due,
            f"counting from the {basis.clock.obligation} deadline {fmt_day(basis.due)}",
        )
    if answered_at is not None:
        return answered_at, f"agency answered {fmt_day(answered_at)}"
    if clock.starts == "acknowledgement":
        acks = [r for r in earlier if r.clock.obligation == "acknowledge"]
        if not acks:
            # Wyo. Stat. § 16-4-202: counted from acknowledged receipt; receipt is the earliest.
            return zero, "acknowledgement date unknown; counting from receipt"
        basis = acks[-1]
    else:
        basis = earlier[-1] if earlier else None
        if basis is None:
            return zero, "first answer unknown; counting from receipt"
    if basis.due is None:
        return None, f"answer date unknown and the {basis.clock.obligation} clock is stopped"
    return basis.due, (
        f"answer date unknown; counting from the {basis.clock.obligation} "
        f"deadline {fmt_day(basis.due)}"
    )


def _start_clock(
    jurisdiction: Jurisdiction,
    clock: Clock,
    zero: date,
    earlier: list[_Running],
    acknowledged_at: date | None,
) -> tuple[_Running, list[str]]:
    origin, origin_note = _origin(clock, zero, earlier, acknowledged_at)
    rule = clock_rule(clock)
    head = f"{clock.obligation.capitalize()}: {rule} ({clock.citation})"
    if origin_note:
        head += f"; {origin_note}"
    if origin is None:
        running = _Running(clock, zero, None, rule, clock.citation)
        return running, [head + "; not yet running."]
    due, skipped = count_days(jurisdiction, origin, clock.days, clock.unit)
    running = _Running(clock, origin, due, rule, clock.citation)
    return running, [head + ".", *skipped, f"{clock.obligation.capitalize()} due {fmt_day(due)}."]


def _apply_extension(jurisdiction: Jurisdiction, target: _Running, ext: Extension) -> list[str]:
    if target.due is None:
        return [
            f"Extension of {fmt_day(ext.at)} ignored: "
            f"the {target.clock.obligation} clock is stopped."
        ]
    cite = f" ({ext.citation})" if ext.citation else ""
    if ext.new_due is not None:
        target.due = ext.new_due
        target.rule += f", extended to {fmt_day(ext.new_due)}"
        return [f"Extended on {fmt_day(ext.at)} to {fmt_day(ext.new_due)}{cite}."]
    if not ext.days:
        raise ValueError("an Extension needs new_due or days")
    old = target.due
    target.due, skipped = count_days(jurisdiction, old, ext.days, ext.unit)
    target.rule += f", extended by {ext.days} {ext.unit} days"
    head = f"Extended on {fmt_day(ext.at)} by {ext.days} {ext.unit} days from {fmt_day(old)}{cite}."
    return [
        head,
        *skipped,
        f"{target.clock.obligation.capitalize()} now due {fmt_day(target.due)}.",
    ]


def _paused_days(jurisdiction: Jurisdiction, unit: str, first: date, end: date) -> int:
    days = [first + timedelta(days=i) for i in range((end - first).days)]
    if unit == "calendar":
        return len(days)
    return sum(1 for d in days if is_business_day(jurisdiction, d))


def _apply_pause(jurisdiction: Jurisdiction, target: _Running, pause: Pause) -> list[str]:
    if target.due is None or pause.start > target.due:
        return []
    if pause.end is not None and pause.end <= target.origin:
        return []
    name = target.clock.obligation
    why = f" ({pause.reason})" if pause.reason else ""
    if pause.end is None:
        target.due = None
        return [
            f"{name.capitalize()} clock stopped on {fmt_day(pause.start)}{why}: "
            "no due date until the requester answers."
        ]
    first = max(pause.start, target.origin + timedelta(days=1))
    lost = _paused_days(jurisdiction, target.clock.unit, first, pause.end)
    old = target.due
    if target.clock.unit == "calendar":
        target.due, skipped = _count_calendar(
            jurisdiction, old, lost, jurisdiction.calendar_rolls_forward
        )
    else:
        target.due, skipped = count_days(jurisdiction, old, lost, "business")
    head = (
        f"{name.capitalize()} clock paused {fmt_day(pause.start)} to {fmt_day(pause.end)}{why}: "
        f"{lost} {target.clock.unit} days added to {fmt_day(old)}."
    )
    return [head, *skipped, f"{name.capitalize()} now due {fmt_day(target.due)}."]


def _pause_basis(jurisdiction: Jurisdiction, pause: Pause) -> str:
    match = [p for p in jurisdiction.pauses_on if p.event == pause.reason]
    if match:
        return f"Pause for {pause.reason}: {match[0].citation}."
    why = f" ({pause.reason})" if pause.reason else ""
    return f"Pause recorded{why}; the data cites no statutory pause rule for {jurisdiction.code}."


def _default_result(
    jurisdiction: Jurisdiction, zero: date, lines: list[str], days: int, unit: str
) -> DueResult:
    due, skipped = count_days(jurisdiction, zero, days, unit)
    rule = (
        f"no statutory deadline ({jurisdiction.no_deadline}); "
        f"follow-up horizon {days} {unit} days (config [deadlines])"
    )
    explain = [*lines, f"The law sets no number of days: {jurisdiction.no_deadline}.", *skipped]
    explain.append(f"Follow-up horizon (default, not statutory): {fmt_day(due)}.")
    return DueResult(due, None, "default", rule, [], explain, zero)


def compute_due(
    jurisdiction: Jurisdiction,
    sent_at: datetime,
    *,
    extensions: tuple[Extension, ...] | list[Extension] = (),
    pauses: tuple[Pause, ...] | list[Pause] = (),
    acknowledged_at: date | None = None,
    default_days: int = DEFAULT_DAYS,
    default_unit: str = DEFAULT_UNIT,
) -> DueResult:
    """Every clock's due date for a request sent at ``sent_at`` (timezone-aware), and why.

    ``acknowledged_at`` is the day of the agency's first answer (acknowledgement or determination),
    when known. ``default_days``/``default_unit`` (config ``[deadlines]``) give the follow-up
    horizon for laws with no number; that result has ``due_basis == "default"``.
    """
    zero, explain = day_zero(jurisdiction, sent_at)
    if not jurisdiction.clocks:
        return _default_result(jurisdiction, zero, explain, default_days, default_unit)
    pending = sorted(extensions, key=lambda e: e.at)
    ordered_pauses = sorted(pauses, key=lambda p: p.start)
    explain += [_pause_basis(jurisdiction, p) for p in ordered_pauses]
    running: list[_Running] = []
    for index, clock in enumerate(jurisdiction.clocks):
        current, lines = _start_clock(jurisdiction, clock, zero, running, acknowledged_at)
        is_last = index == len(jurisdiction.clocks) - 1
        lines += _apply_extensions(jurisdiction, current, pending, is_last)
        for pause in ordered_pauses:
            lines += _apply_pause(jurisdiction, current, pause)
        running.append(current)
        explain += lines
    clocks = [ClockDue(r.clock.obligation, r.due, r.rule, r.citation) for r in running]
    first = clocks[0]
    return DueResult(first.due, first.obligation, "statutory", first.rule, clocks, explain, zero)


def _extends(current: _Running, ext: Extension, is_last: bool) -> bool:
    if ext.obligation is not None:
        return ext.obligation == current.clock.obligation
    return is_last or (current.due is not None and current.due >= ext.at)


def _apply_extensions(
    jurisdiction: Jurisdiction, current: _Running, pending: list[Extension], is_last: bool
) -> list[str]:
    """Apply (and consume) the extensions that belong to this clock."""
    lines: list[str] = []
    for ext in [e for e in pending if _extends(current, e, is_last)]:
        pending.remove(ext)
        lines += _apply_extension(jurisdiction, current, ext)
    return lines
