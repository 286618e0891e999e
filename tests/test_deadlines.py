"""Deadline engine: one row per statute case. Expected dates were counted by hand on a calendar."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia_tracker.law.deadlines import (
    Extension,
    Pause,
    add_business_days,
    compute_due,
    day_zero,
    is_business_day,
)
from foia_tracker.law.jurisdictions import get_jurisdiction, load_jurisdictions


def sent(code: str, stamp: str) -> datetime:
    """A send time, local to the jurisdiction (unless the stamp carries an offset)."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo:
        return moment
    return moment.replace(tzinfo=ZoneInfo(get_jurisdiction(code).timezone))


def dues(code: str, stamp: str, **kwargs) -> list[date | None]:
    result = compute_due(get_jurisdiction(code), sent(code, stamp), **kwargs)
    return [c.due for c in result.clocks]


D = date
# Sent Mon Mar 9, 2026, 10:00 local: a week with no state holidays anywhere.
# Business: +3 Thu Mar 12, +4 Fri Mar 13, +5 Mon Mar 16, +7 Wed Mar 18, +10 Mon Mar 23, +15 Mon Mar 30.
# Calendar: +7 Mon Mar 16, +10 Thu Mar 19, +15 Tue Mar 24, +30 Wed Apr 8.
EVERY_JURISDICTION = [
    ("AK", [D(2026, 3, 23)]),
    ("AL", [D(2026, 3, 19), D(2026, 4, 9)]),  # 10 days ack, then 15 business from it
    ("AR", [D(2026, 3, 12)]),
    ("CA", [D(2026, 3, 19)]),
    ("CO", [D(2026, 3, 12)]),
    ("CT", [D(2026, 3, 13)]),
    ("DC", [D(2026, 3, 30)]),
    ("DE", [D(2026, 3, 30)]),
    ("GA", [D(2026, 3, 12)]),
    ("HI", [D(2026, 3, 23)]),
    ("ID", [D(2026, 3, 12)]),
    ("IL", [D(2026, 3, 16)]),
    ("IN", [D(2026, 3, 16)]),
    ("KS", [D(2026, 3, 12)]),
    ("KY", [D(2026, 3, 16)]),
    ("LA", [D(2026, 3, 12)]),
    ("MA", [D(2026, 3, 23)]),
    ("MD", [D(2026, 3, 23), D(2026, 4, 8)]),
    ("ME", [D(2026, 3, 16)]),
    ("MI", [D(2026, 3, 17)]),  # e-mail counts as received 1 business day later: Tue Mar 10
    ("MO", [D(2026, 3, 12)]),
    ("MS", [D(2026, 3, 18)]),
    ("NE", [D(2026, 3, 13)]),
    ("NH", [D(2026, 3, 16)]),
    ("NJ", [D(2026, 3, 18)]),
    ("NM", [D(2026, 3, 12), D(2026, 3, 24)]),
    ("NV", [D(2026, 3, 16)]),
    ("NY", [D(2026, 3, 16), D(2026, 4, 13)]),  # 20 business from Mar 16; Good Friday open in NY
    ("OR", [D(2026, 3, 16), D(2026, 3, 30)]),
    ("PA", [D(2026, 3, 16)]),
    ("RI", [D(2026, 3, 23)]),
    ("SC", [D(2026, 3, 23), D(2026, 4, 22)]),  # production 30 calendar days after determination
    ("SD", [D(2026, 3, 23)]),
    ("TN", [D(2026, 3, 18)]),
    ("TX", [D(2026, 3, 23)]),
    ("UT", [D(2026, 3, 23)]),
    ("VA", [D(2026, 3, 16)]),
    ("VT", [D(2026, 3, 12)]),
    ("WA", [D(2026, 3, 16)]),
    ("WV", [D(2026, 3, 16)]),
    ("WY", [D(2026, 3, 18), D(2026, 4, 8)]),  # both from acknowledged receipt (unknown: receipt)
]
NO_NUMBER = ["AZ", "FL", "IA", "MN", "MT", "NC", "ND", "OH", "OK", "WI"]


def test_table_covers_every_jurisdiction():
    covered = {code for code, _ in EVERY_JURISDICTION} | set(NO_NUMBER)
    assert covered == set(load_jurisdictions())


@pytest.mark.parametrize(("code", "expected"), EVERY_JURISDICTION)
def test_statutory_clocks(code, expected):
    result = compute_due(get_jurisdiction(code), sent(code, "2026-03-09T10:00"))
    assert [c.due for c in result.clocks] == expected
    assert result.due == expected[0]
    assert result.due_basis == "statutory"
    assert result.due_kind == get_jurisdiction(code).clocks[0].obligation


@pytest.mark.parametrize("code", NO_NUMBER)
def test_no_number_gives_default_horizon(code):
    result = compute_due(get_jurisdiction(code), sent(code, "2026-03-09T10:00"))
    assert (result.due, result.due_basis, result.due_kind, result.clocks) == (
        D(2026, 3, 23),
        "default",
        None,
        [],
    )
    calendar = compute_due(
        get_jurisdiction(code),
        sent(code, "2026-03-09T10:00"),
        default_days=30,
        default_unit="calendar",
    )
    assert calendar.due == D(2026, 4, 8)


HOLIDAY_EDGES = [
    # CT Lincoln's Birthday Thu Feb 12 and Washington's Birthday Mon Feb 16, 2026.
    ("CT", "2026-02-10T10:00", [D(2026, 2, 18)]),
    # CT Good Friday, Mar 26, 2027.
    ("CT", "2027-03-23T10:00", [D(2027, 3, 30)]),
    # MA Patriots' Day, Mon Apr 20, 2026.
    ("MA", "2026-04-13T10:00", [D(2026, 4, 28)]),
    # MO Truman Day, Fri May 8, 2026.
    ("MO", "2026-05-06T10:00", [D(2026, 5, 12)]),
    # MO Lincoln Day Feb 12 (added to the package by RSMo 9.010) and Washington's Birthday.
    ("MO", "2026-02-10T10:00", [D(2026, 2, 17)]),
    # Thanksgiving Thu Nov 26, 2026: NY counts the Friday, TX and PA do not.
    ("NY", "2026-11-25T10:00", [D(2026, 12, 3), D(2027, 1, 4)]),
    ("TX", "2026-11-25T10:00", [D(2026, 12, 11)]),
    ("PA", "2026-11-25T10:00", [D(2026, 12, 4)]),
    # IL: Friday after Thanksgiving added (CMS closes offices; the package lacks it).
    ("IL", "2026-11-25T10:00", [D(2026, 12, 4)]),
    # Christmas Fri Dec 25, 2026: one minute before close, and at close of business.
    ("CT", "2026-12-22T16:59", [D(2026, 12, 29)]),
    ("CT", "2026-12-22T17:00", [D(2026, 12, 30)]),
    # New Year Fri Jan 1, 2027: across the year boundary.
    ("NY", "2026-12-30T10:00", [D(2027, 1, 7), D(2027, 2, 5)]),
    # Observed days: Jul 4, 2026 is a Saturday; offices close Fri Jul 3, except in MA.
    ("VA", "2026-07-01T10:00", [D(2026, 7, 9)]),
    ("CT", "2026-07-01T10:00", [D(2026, 7, 8)]),
    ("MA", "2026-07-01T10:00", [D(2026, 7, 15)]),
    # Christmas 2027 (Sat) observed Fri Dec 24; New Year 2028 (Sat) observed Fri Dec 31, 2027.
    ("DE", "2027-12-22T10:00", [D(2028, 1, 14)]),
    # NY: Election Day (Tue Nov 3) is a public holiday under Gen. Constr. Law § 24 and is counted
    # (a floating day for state staff: counted, a deadline is never a day early); Veterans Day
    # Nov 11 and Thanksgiving Nov 26 are skipped in the second clock.
    ("NY", "2026-11-02T10:00", [D(2026, 11, 10), D(2026, 12, 10)]),
    # NJ: Election Day closes offices in odd years too (N.J.S.A. 11A:6-24.1); Nov 2, 2027.
    ("NJ", "2027-11-01T10:00", [D(2027, 11, 12)]),
    # Weekend and after-hours sends count from the next business day.
    ("PA", "2026-03-07T10:00", [D(2026, 3, 16)]),
    ("PA", "2026-03-06T17:30", [D(2026, 3, 16)]),
    ("PA", "2026-03-06T16:59", [D(2026, 3, 13)]),
    # A UTC timestamp is judged in the agency's zone: 00:30Z is 17:30 PDT the day before.
    ("CA", "2026-03-10T00:30+00:00", [D(2026, 3, 20)]),
    ("CA", "2026-03-09T23:59+00:00", [D(2026, 3, 19)]),
    # Calendar days: CA rolls a weekend or holiday deadline forward (Code Civ. Proc. § 12a).
    ("CA", "2026-11-25T10:00", [D(2026, 12, 7)]),
    ("CA", "2026-12-15T10:00", [D(2026, 12, 28)]),
    # IN has no roll-forward rule in the data: 7 days after Nov 19 is Thanksgiving itself.
    ("IN", "2026-11-19T10:00", [D(2026, 11, 26)]),
    # TX: optional holidays (Good Friday Apr 3, 2026) removed; San Jacinto Day Apr 21 kept.
    ("TX", "2026-03-30T10:00", [D(2026, 4, 13)]),
    ("TX", "2026-04-14T10:00", [D(2026, 4, 29)]),
]


@pytest.mark.parametrize(("code", "stamp", "expected"), HOLIDAY_EDGES)
def test_holiday_edges(code, stamp, expected):
    assert dues(code, stamp) == expected


def test_business_day_corrections():
    fl, ny, ct = (get_jurisdiction(c) for c in ("FL", "NY", "CT"))
    assert is_business_day(fl, D(2026, 6, 19)) is True  # Fla. Stat. § 110.117
    assert is_business_day(ct, D(2026, 6, 19)) is False
    assert is_business_day(ny, D(2026, 2, 12)) is False  # N.Y. Gen. Constr. Law § 24
    assert is_business_day(ct, D(2026, 2, 12)) is False
    assert add_business_days(ct, D(2026, 12, 24), 1) == D(2026, 12, 28)


def test_day_zero_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        day_zero(get_jurisdiction("NY"), datetime(2026, 3, 9, 10, 0))


def test_acknowledged_at_moves_the_second_clock():
    assert dues("NY", "2026-03-09T10:00", acknowledged_at=D(2026, 3, 11)) == [
        D(2026, 3, 16),
        D(2026, 4, 8),
    ]


def test_extension_by_days_and_to_a_date():
    base = "2026-03-09T10:00"
    assert dues("IL", base, extensions=[Extension(at=D(2026, 3, 13), days=5)]) == [D(2026, 3, 23)]
    to_date = Extension(at=D(2026, 3, 13), new_due=D(2026, 4, 1))
    assert dues("IL", base, extensions=[to_date]) == [D(2026, 4, 1)]
    # PA: 30 calendar days beyond the 5-business-day deadline (65 P.S. § 67.902(b)).
    pa = Extension(at=D(2026, 3, 13), days=30, unit="calendar")
    assert dues("PA", base, extensions=[pa]) == [D(2026, 4, 15)]


def test_extension_targets_the_clock_still_running():
    # Given after the acknowledgement deadline, it extends NY's 20-day clock, not the 5-day one.
    ext = Extension(at=D(2026, 4, 1), days=10)
    assert dues("NY", "2026-03-09T10:00", extensions=[ext]) == [D(2026, 3, 16), D(2026, 4, 27)]
    named = Extension(at=D(2026, 3, 10), days=2, obligation="decide")
    assert dues("NY", "2026-03-09T10:00", extensions=[named]) == [D(2026, 3, 16), D(2026, 4, 15)]


def test_closed_pause_adds_back_the_stopped_business_days():
    fee = Pause(start=D(2026, 3, 11), end=D(2026, 3, 16), reason="fee_estimate")
    # Stopped Wed 11, Thu 12, Fri 13: three business days.
    assert dues("TX", "2026-03-09T10:00", pauses=[fee]) == [D(2026, 3, 26)]


def test_open_pause_stops_the_clock():
    result = compute_due(
        get_jurisdiction("TX"), sent("TX", "2026-03-09T10:00"), pauses=[Pause(D(2026, 3, 11))]
    )
    assert (result.due, result.due_basis) == (None, "statutory")


def test_pause_after_the_deadline_changes_nothing():
    late = Pause(start=D(2026, 3, 24), end=D(2026, 3, 30))
    assert dues("TX", "2026-03-09T10:00", pauses=[late]) == [D(2026, 3, 23)]


def test_calendar_pause_rolls_forward_in_california():
    # Mar 19 + 3 paused days = Sun Mar 22, rolled to Mon Mar 23.
    pause = Pause(start=D(2026, 3, 12), end=D(2026, 3, 15))
    assert dues("CA", "2026-03-09T10:00", pauses=[pause]) == [D(2026, 3, 23)]


def test_pause_in_the_first_clock_carries_into_the_second():
    pause = Pause(start=D(2026, 3, 11), end=D(2026, 3, 13), reason="clarification")
    assert dues("NY", "2026-03-09T10:00", pauses=[pause]) == [D(2026, 3, 18), D(2026, 4, 15)]


def test_recomputation_after_extension_then_pause():
    events = {
        "extensions": [Extension(at=D(2026, 3, 13), days=5)],
        "pauses": [Pause(start=D(2026, 3, 18), end=D(2026, 3, 20))],
    }
    # Mar 16 + 5 = Mar 23; paused Wed 18, Thu 19 -> +2 business = Mar 25.
    assert dues("IL", "2026-03-09T10:00", **events) == [D(2026, 3, 25)]


def test_explain_reads_like_the_law():
    result = compute_due(get_jurisdiction("CT"), sent("CT", "2026-12-22T17:00"))
    assert result.explain == [
        "Sent Tue Dec 22, 2026 17:00 EST (America/New_York): at or after close of business "
        "(17:00); counting starts from Wed Dec 23, 2026 (day zero).",
        "Decide: 4 business days from receipt (Conn. Gen. Stat. § 1-206(a)).",
        "Fri Dec 25, 2026: Christmas Day, CT state holiday, skipped",
        "Decide due Wed Dec 30, 2026.",
    ]


def test_explain_names_added_holidays_with_their_citation():
    result = compute_due(get_jurisdiction("MO"), sent("MO", "2026-02-10T10:00"))
    assert "Thu Feb 12, 2026: Lincoln Day, MO state holiday (RSMo 9.010), skipped" in (
        result.explain
    )


def test_explain_calendar_roll_and_default_basis():
    ca = compute_due(get_jurisdiction("CA"), sent("CA", "2026-11-25T10:00"))
    assert ca.explain[-2] == (
        "Sat Dec 5, 2026 (day 10): weekend; rolls to Mon Dec 7, 2026 "
        "(Cal. Civ. Proc. Code §§ 12, 12a, 135)"
    )
    oh = compute_due(get_jurisdiction("OH"), sent("OH", "2026-03-09T10:00"))
    assert oh.explain[-1] == "Follow-up horizon (default, not statutory): Mon Mar 23, 2026."


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    code=st.sampled_from(sorted(load_jurisdictions())),
    moment=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
)
def test_every_due_date_is_after_day_zero_and_open_when_counted_in_business_days(code, moment):
    j = get_jurisdiction(code)
    result = compute_due(j, moment.replace(tzinfo=ZoneInfo("UTC")))
    assert is_business_day(j, result.day_zero)
    for clock, due in zip(j.clocks, result.clocks, strict=True):
        assert due.due > result.day_zero
        if clock.unit == "business" or j.calendar_rolls_forward:
            assert is_business_day(j, due.due)
