"""The audit of issue 12, one row per statute case. Every expected date was counted by hand on a
calendar; the section that drives it is cited on the row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from foia_tracker.law.appeals import appeal_deadline, appeal_guidance
from foia_tracker.law.deadlines import Pause, compute_due
from foia_tracker.law.docs import checked_text
from foia_tracker.law.holidays import state_holidays
from foia_tracker.law.jurisdictions import get_jurisdiction, load_jurisdictions, with_closures

D = date


def sent(code: str, stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(get_jurisdiction(code).timezone))


def due(code: str, stamp: str, closures=(), **kwargs) -> date | None:
    jurisdiction = with_closures(get_jurisdiction(code), closures)
    return compute_due(jurisdiction, sent(code, stamp), **kwargs).due


# --- 1. NJ: 45 days to complain to the GRC (N.J.S.A. 47:1A-6, P.L. 2024, c. 16) -------------


@pytest.mark.parametrize(
    ("answered", "deemed", "expected"),
    [
        # Custodian answered Mon Mar 2, 2026: Mar 2 + 45 calendar days = Thu Apr 16.
        (D(2026, 3, 2), None, D(2026, 4, 16)),
        # No answer: deemed denied when the 7 business days of 47:1A-5(i) ran out (Wed Mar 11);
        # + 45 = Sat Apr 25. The statute would allow Mon Apr 27; the earlier day is shown.
        (None, D(2026, 3, 11), D(2026, 4, 25)),
    ],
)
def test_nj_grc_complaint_window_is_45_days(answered, deemed, expected):
    nj = get_jurisdiction("NJ")
    assert (nj.appeal.days, nj.appeal.unit, nj.appeal.citation) == (
        45,
        "calendar",
        "N.J.S.A. 47:1A-6",
    )
    assert appeal_deadline(nj, answered, deemed) == expected


def test_nj_silence_counts_from_the_deemed_denial_not_from_today():
    # Sent Mon Mar 2, 2026: 7 business days (N.J.S.A. 47:1A-5(i)) = Mar 3, 4, 5, 6, 9, 10, 11.
    deemed = due("NJ", "2026-03-02T10:00")
    assert deemed == D(2026, 3, 11)
    assert appeal_deadline(get_jurisdiction("NJ"), None, deemed, D(2026, 3, 2)) == D(2026, 4, 25)


# --- 2. MI: legal holidays of MCL 435.101; email received one business day later (15.235(1)) --

MICHIGAN = [
    # Thu Feb 5 -> received Fri Feb 6 (15.235(1)); 9, 10, 11, [Thu 12 Lincoln's Birthday,
    # 435.101(1)(c)], 13, [Mon 16 Washington's Birthday, (d)], Tue Feb 17 (15.235(2)).
    ("2026-02-05T10:00", D(2026, 2, 17)),
    # Wed Nov 25 -> [Thu 26 Thanksgiving, (k)] received Fri Nov 27: the day after Thanksgiving is a
    # state-employee closure, not a legal holiday; 30, Dec 1, 2, 3, Fri Dec 4.
    ("2026-11-25T10:00", D(2026, 12, 4)),
    # Tue Dec 22 -> received Wed Dec 23; Thu 24 (not a legal holiday), [Fri 25, (l)], 28, 29, 30,
    # Thu Dec 31 (not a legal holiday).
    ("2026-12-22T10:00", D(2026, 12, 31)),
    # Fri Oct 9 -> [Mon 12 Columbus Day, (i)] received Tue Oct 13; 14, 15, 16, 19, Tue Oct 20.
    ("2026-10-09T10:00", D(2026, 10, 20)),
    # Election Day Tue Nov 3, 2026 is not in 435.101: Mon Nov 2 -> received Tue Nov 3;
    # Wed 4, Thu 5, Fri 6, Mon 9, Tue Nov 10.
    ("2026-11-02T10:00", D(2026, 11, 10)),
    # Saturday Jul 4, 2026: no Friday holiday in 435.101. Wed Jul 1 -> received Thu Jul 2;
    # Fri 3, 6, 7, 8, Thu Jul 9.
    ("2026-07-01T10:00", D(2026, 7, 9)),
    # Sunday Jul 4, 2027 is kept Monday Jul 5. Thu Jul 1 -> received Fri Jul 2; [Mon 5],
    # 6, 7, 8, 9, Mon Jul 12.
    ("2027-07-01T10:00", D(2027, 7, 12)),
]


@pytest.mark.parametrize(("stamp", "expected"), MICHIGAN)
def test_michigan_counts_legal_holidays_only(stamp, expected):
    assert due("MI", stamp) == expected


def test_michigan_holiday_list_is_mcl_435_101():
    days = state_holidays(get_jurisdiction("MI"), 2026)
    assert D(2026, 2, 12) in days and D(2026, 10, 12) in days and D(2026, 6, 19) in days
    for closure in (D(2026, 11, 27), D(2026, 12, 24), D(2026, 12, 31), D(2026, 11, 3)):
        assert closure not in days


def test_michigan_ignores_days_a_district_is_closed():
    # OAG No. 7172: business days are weekdays other than legal holidays, open or not.
    assert due("MI", "2026-12-22T10:00", closures=[D(2026, 12, 28), D(2026, 12, 29)]) == D(
        2026, 12, 31
    )


# --- 3. FL/WI: a default horizon is ours (see test_letters_all_jurisdictions) ---------------


@pytest.mark.parametrize(("code", "cite"), [("FL", "119.07(1)(c)"), ("WI", "19.35(4)(a)")])
def test_no_statutory_clock_gives_a_default_basis(code, cite):
    result = compute_due(get_jurisdiction(code), sent(code, "2026-03-09T10:00"))
    assert result.due_basis == "default"
    assert cite in get_jurisdiction(code).no_deadline


# --- 5. TX: § 552.0031 business days and declared closures -----------------------------------

TEXAS = [
    # Mon Dec 14, 2026; 10 business days: 15, 16, 17, 18, 21, 22, 23, [24 and 26 are state
    # holidays, § 662.003(b); 25 national, (a)], 28, 29, Wed Dec 30. Winter break counts (f).
    ("2026-12-14T10:00", (), D(2026, 12, 30)),
    # The board designated Dec 21-23 and 28-31 as nonbusiness days (§ 552.0031(f)): 15, 16, 17,
    # 18, [21-23], [24-26], [28-31], [Jan 1 (a)], Jan 4, 5, 6, 7, 8, Mon Jan 11, 2027.
    (
        "2026-12-14T10:00",
        [D(2026, 12, d) for d in (21, 22, 23, 28, 29, 30, 31)],
        D(2027, 1, 11),
    ),
    # Sat Jul 4, 2026: Fri Jul 3 is a business day unless the body observes it (§ 552.0031(e)).
    # Mon Jun 29: 30, Jul 1, 2, 3, 6, 7, 8, 9, 10, Mon Jul 13.
    ("2026-06-29T10:00", (), D(2026, 7, 13)),
    # ... and Tue Jul 14 when it declared Jul 3 closed.
    ("2026-06-29T10:00", [D(2026, 7, 3)], D(2026, 7, 14)),
    # Good Friday (optional, § 662.003(c)) is a business day unless observed: Mon Mar 30, 2026:
    # 31, Apr 1, 2, 3, 6, 7, 8, 9, 10, Mon Apr 13.
    ("2026-03-30T10:00", (), D(2026, 4, 13)),
]


@pytest.mark.parametrize(("stamp", "closures", "expected"), TEXAS)
def test_texas_business_days(stamp, closures, expected):
    assert due("TX", stamp, closures=closures) == expected


def test_texas_honours_at_most_ten_designated_days_a_year():
    # § 552.0031(f): "not more than 10 non-business days ... each calendar year".
    declared = [D(2026, 12, d) for d in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16)]
    tx = with_closures(get_jurisdiction("TX"), declared)
    assert tx.closures == tuple(declared[:10])
    # Mon Nov 30: 10 declared days Dec 1-14 skipped; Dec 15 (1), 16 (2: the 12th declared day
    # is not honoured), 17, 18, 21, 22, 23, 28, 29, Wed Dec 30.
    assert compute_due(tx, sent("TX", "2026-11-30T10:00")).due == D(2026, 12, 30)


def test_closures_explain_why_a_day_is_skipped():
    tx = with_closures(get_jurisdiction("TX"), [D(2026, 7, 3)])
    lines = compute_due(tx, sent("TX", "2026-06-29T10:00")).explain
    assert any("Fri Jul 3, 2026: declared closed by the agency" in line for line in lines)


def test_alabama_counts_only_days_the_office_is_open():
    # Ala. Code § 36-12-43(b)(1). Sent Mon Mar 9, 2026: ack 10 calendar days = Thu Mar 19; then
    # 15 business days from it: 20, 23, 24, 25, 26, 27, 30, 31, Apr 1, 2, 3, 6, 7, 8, Thu Apr 9.
    al = get_jurisdiction("AL")
    assert [c.due for c in compute_due(al, sent("AL", "2026-03-09T10:00")).clocks] == [
        D(2026, 3, 19),
        D(2026, 4, 9),
    ]
    # Spring break Mar 30 - Apr 3 declared closed: five more business days -> Thu Apr 16.
    spring_break = [D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2), D(2026, 4, 3)]
    closed = with_closures(al, spring_break)
    assert compute_due(closed, sent("AL", "2026-03-09T10:00")).clocks[1].due == D(2026, 4, 16)


# --- 6. CA: roll forward over CCP § 135 judicial holidays only (CCP §§ 12, 12a) ---------------

CALIFORNIA = [
    # Mon Feb 2, 2026 + 10 calendar days (Gov. Code § 7922.535(a)) = Thu Feb 12, Lincoln Day,
    # a judicial holiday (§ 135 via Gov. Code § 6700) -> Fri Feb 13.
    ("2026-02-02T10:00", D(2026, 2, 13)),
    # Tue Nov 17 + 10 = Fri Nov 27, the day after Thanksgiving (§ 135) -> Mon Nov 30.
    ("2026-11-17T10:00", D(2026, 11, 30)),
    # Tue Oct 19, 2027 + 10 = Fri Oct 29, Diwali: a state holiday that § 135 does not make a
    # judicial holiday, so no roll.
    ("2027-10-19T10:00", D(2027, 10, 29)),
    # Mon Aug 30, 2027 + 10 = Thu Sep 9, Admission Day, excluded by § 135: no roll.
    ("2027-08-30T10:00", D(2027, 9, 9)),
]


@pytest.mark.parametrize(("stamp", "expected"), CALIFORNIA)
def test_california_rolls_over_judicial_holidays(stamp, expected):
    assert due("CA", stamp) == expected


# --- 7. MO: RSMo 9.010 moves Sunday holidays to Monday, never Saturday ones to Friday ---------

MISSOURI = [
    # Sat Jul 4, 2026: Fri Jul 3 is a business day. Wed Jul 1 + 3 business days
    # (RSMo 610.023.3): Thu 2, Fri 3, Mon Jul 6.
    ("2026-07-01T10:00", D(2026, 7, 6)),
    # Sun Jul 4, 2027 -> Mon Jul 5 (9.010). Thu Jul 1: Fri 2, [Mon 5], Tue 6, Wed Jul 7.
    ("2027-07-01T10:00", D(2027, 7, 7)),
    # Truman Day, May 8 (9.010), a Friday in 2026. Wed May 6: Thu 7, [Fri 8], Mon 11, Tue May 12.
    ("2026-05-06T10:00", D(2026, 5, 12)),
]


@pytest.mark.parametrize(("stamp", "expected"), MISSOURI)
def test_missouri_holidays(stamp, expected):
    assert due("MO", stamp) == expected


# --- 8. NC: mediation voluntary before filing, mandatory after (G.S. 7A-38.3E) ---------------


def test_north_carolina_mediation_is_not_called_a_precondition():
    route = get_jurisdiction("NC").appeal.route
    assert "preceded by mandatory mediation" not in route
    assert "voluntary before" in route and "7A-38.3E(b)" in route


# --- 9. VA: the clock waits for a requested cost estimate (§ 2.2-3704(F)) ---------------------


def test_virginia_cost_estimate_pauses_the_clock():
    va = get_jurisdiction("VA")
    start = sent("VA", "2026-03-02T10:00")
    # Mon Mar 2 + 5 working days (§ 2.2-3704(B)): 3, 4, 5, 6, Mon Mar 9.
    assert compute_due(va, start).due == D(2026, 3, 9)
    # Estimate sent Wed Mar 4, accepted Mon Mar 9: Mar 4, 5, 6 were lost -> 10, 11, Thu Mar 12.
    paused = compute_due(va, start, pauses=[Pause(D(2026, 3, 4), D(2026, 3, 9), "fee_estimate")])
    assert paused.due == D(2026, 3, 12)
    assert "Pause for fee_estimate: Va. Code § 2.2-3704(F)." in paused.explain
    # Still waiting for the requester: no honest due date.
    waiting = compute_due(va, start, pauses=[Pause(D(2026, 3, 4), None, "fee_estimate")])
    assert waiting.due is None


# --- 4. Appeals: what the requester is told -------------------------------------------------


def test_guidance_names_the_real_route_and_says_reconsideration_does_not_stop_it():
    pa = get_jurisdiction("PA")
    # Deemed denied Mon Mar 16, 2026 (65 P.S. § 67.901); + 15 business days (§ 67.1101):
    # 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31, Apr 1, 2, 3, 6 -> Mon Apr 6.
    deadline = appeal_deadline(pa, None, D(2026, 3, 16))
    assert deadline == D(2026, 4, 6)
    text = " ".join(appeal_guidance(pa, deadline))
    assert "Office of Open Records" in text and "Mon Apr 6, 2026" in text
    assert "does not extend that date" in text


def test_massachusetts_silence_counts_from_the_request():
    # 950 CMR 32.08(1)(d): within 90 calendar days of the request. Request Mon Mar 2, 2026:
    # Mar 2 + 90 = Sun May 31.
    ma = get_jurisdiction("MA")
    assert appeal_deadline(ma, None, D(2026, 3, 16), D(2026, 3, 2)) == D(2026, 5, 31)


def test_every_jurisdiction_has_an_appeal_kind_and_internal_ones_an_addressee():
    for code, j in load_jurisdictions().items():
        if j.appeal.kind == "internal":
            assert j.appeal.addressee, code


# --- Verified in 2026-12 beyond the audit list ---------------------------------------------


def test_oregon_response_counts_from_the_acknowledgment_deadline():
    # ORS 192.324(2) / 192.329(2) (as implemented in OAR 658-050-0030(3)): acknowledge within 5
    # business days; respond within 10 business days after the date the acknowledgment was DUE.
    # Mon Mar 9, 2026: ack due Mon Mar 16; +10: 17, 18, 19, 20, 23, 24, 25, 26, 27, Mon Mar 30.
    oregon = get_jurisdiction("OR")
    start = sent("OR", "2026-03-09T10:00")
    for acknowledged in (None, D(2026, 3, 10)):
        clocks = compute_due(oregon, start, acknowledged_at=acknowledged).clocks
        assert [c.due for c in clocks] == [D(2026, 3, 16), D(2026, 3, 30)]


def test_kansas_district_holidays_are_not_business_days():
    # K.S.A. 45-217: a holiday designated by the political subdivision is not a business day.
    # Mon Mar 9, 2026 + 3 business days (45-218(d)) = Thu Mar 12; with Mar 11 a district
    # holiday: 10, [11], 12, Fri Mar 13.
    assert due("KS", "2026-03-09T10:00") == D(2026, 3, 12)
    assert due("KS", "2026-03-09T10:00", closures=[D(2026, 3, 11)]) == D(2026, 3, 13)


# --- The last five rows re-checked in 2026-12 (branch legal2): AK, DC, MN, MT, ND ------------

DISTRICT_OF_COLUMBIA = [
    # D.C. Code § 2-532(c): 15 days excluding Saturdays, Sundays and legal public holidays.
    # Mon Apr 13, 2026: 14, 15, [Thu 16 DC Emancipation Day, § 1-612.02(a)(11)], 17, 20, 21,
    # 22, 23, 24, 27, 28, 29, 30, May 1, 4, Tue May 5 (15th).
    ("2026-04-13T10:00", D(2026, 5, 5)),
    # Fri Oct 9, 2026: [Mon 12 Indigenous Peoples' Day, § 1-612.02(a)(7)], 13, 14, 15, 16, 19,
    # 20, 21, 22, 23, 26, 27, 28, 29, 30, Mon Nov 2 (15th).
    ("2026-10-09T10:00", D(2026, 11, 2)),
    # Juneteenth Sat Jun 19, 2027 is kept Fri Jun 18 (§ 1-612.02(a)(4A), (b)(1)). Thu Jun 10:
    # 11, 14, 15, 16, 17, [18], 21, 22, 23, 24, 25, 28, 29, 30, Jul 1, Fri Jul 2 (15th).
    ("2027-06-10T10:00", D(2027, 7, 2)),
]


@pytest.mark.parametrize(("stamp", "expected"), DISTRICT_OF_COLUMBIA)
def test_dc_fifteen_days_skip_district_legal_holidays(stamp, expected):
    assert due("DC", stamp) == expected


def test_dc_appeal_goes_to_the_mayor_with_no_window_found():
    # § 2-537(a): petition the Mayor; neither § 2-537 nor 1 DCMR § 412 sets a filing deadline.
    dc = get_jurisdiction("DC")
    assert (dc.appeal.kind, dc.appeal.citation, dc.appeal.days) == (
        "agency",
        "D.C. Code § 2-537(a)",
        None,
    )
    assert appeal_deadline(dc, D(2026, 3, 2)) is None


@pytest.mark.parametrize(
    ("code", "cite"),
    [("MN", "§ 13.03, subd. 2(a)"), ("MT", "§ 2-6-1006(2)"), ("ND", "§ 44-04-18")],
)
def test_reasonable_time_states_keep_a_default_basis(code, cite):
    # No number of days in the statute read: the follow-up horizon is ours, never statutory.
    result = compute_due(get_jurisdiction(code), sent(code, "2026-03-09T10:00"))
    assert result.due_basis == "default"
    assert cite in get_jurisdiction(code).no_deadline


@pytest.mark.parametrize(
    ("answered", "requested", "expected"),
    [
        # N.D.C.C. § 44-04-21.1(1): within 30 days of the alleged violation. A denial on Mon
        # Mar 2, 2026 + 30 calendar days = Wed Apr 1.
        (D(2026, 3, 2), None, D(2026, 4, 1)),
        # Never answered: no deemed denial, so the earliest defensible start is the request
        # itself (Mon Mar 2) -> Wed Apr 1, not a date counted from "today".
        (None, D(2026, 3, 2), D(2026, 4, 1)),
    ],
)
def test_nd_attorney_general_review_within_30_days(answered, requested, expected):
    nd = get_jurisdiction("ND")
    assert (nd.appeal.days, nd.appeal.unit) == (30, "calendar")
    assert appeal_deadline(nd, answered, None, requested) == expected


def test_alaska_regulation_clock_is_kept_only_as_a_cautious_date():
    # 2 AAC 96.900(7) limits the chapter to executive-branch agencies: the row stays uncertain,
    # and 2 AAC 96.325(a)'s 10 working days are a follow-up date, with the 60-day state-agency
    # appeal period as the earlier, cautious date: Mon Mar 2, 2026 + 60 = Fri May 1.
    ak = get_jurisdiction("AK")
    assert ak.uncertain and "2 AAC 96.900(7)" in ak.uncertainty
    assert [(c.days, c.unit, c.citation) for c in ak.clocks] == [
        (10, "business", "2 AAC 96.325(a)")
    ]
    assert appeal_deadline(ak, D(2026, 3, 2)) == D(2026, 5, 1)


def test_every_row_is_now_rechecked_and_an_unchecked_row_would_say_so():
    assert [c for c, j in load_jurisdictions().items() if not j.field_sources] == []
    bare = replace(get_jurisdiction("MT"), field_sources=(), verified_on="2026-08")
    assert checked_text(bare) == "not re-checked since the reference research (2026-08)"
