"""The letter audit (law5): what a rendered letter or printed guidance says about the law, checked
against the section that says it. Each row cites the statute text that was read."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from foia_tracker.law.appeals import appeal_guidance
from foia_tracker.law.deadlines import compute_due
from foia_tracker.law.jurisdictions import get_jurisdiction
from tests.test_letters_all_jurisdictions import ANSWERS, render


def test_wa_appeal_letter_invokes_the_internal_review_not_the_court_section():
    # RCW 42.56.520 makes agencies set up a prompt review of denials (deemed complete two business
    # days after the denial); RCW 42.56.550 is the superior-court action that follows it.
    text = render("WA", "appeal", ANSWERS[0][1])
    assert "I make this appeal under RCW 42.56.520." in text
    assert "42.56.550" not in text
    guidance = " ".join(appeal_guidance(get_jurisdiction("WA"), None))
    assert "second business day" in guidance
    assert "RCW 42.56.550" in guidance


def test_tn_silence_is_a_denial_under_503_a_3():
    # Tenn. Code Ann. § 10-7-503(a)(3): failure to respond as (a)(2) requires is a denial, and the
    # requester may sue under § 10-7-505, in circuit or chancery court (§ 10-7-505(a)).
    tn = get_jurisdiction("TN")
    assert not tn.uncertain and tn.uncertainty == ""
    assert tn.deemed_denial == "yes"
    assert "§ 10-7-503(a)(3)" in tn.deemed_denial_note
    assert "circuit" in tn.appeal.body and "chancery" in tn.appeal.body


def test_tx_request_states_the_previous_determination_and_no_records_notices():
    # Tex. Gov't Code § 552.301(a): the ruling request is required "if there has not been a
    # previous determination"; (b) and (d) set the ten business days. HB 4219 (2025, requests
    # received on or after Sept. 1, 2025) added § 552.221(g) (a written notice naming the previous
    # determination) and § 552.221(f) (a written no-records notice), both within ten business days.
    text = render("TX", "request", {})
    assert "(Tex. Gov't Code § 552.301(a), (b), (d))" in text
    assert "identify that determination (§ 552.221(g))" in text
    assert "no responsive information" in text and "(§ 552.221(f))" in text


def test_mi_guidance_says_a_board_receives_an_appeal_at_its_next_regular_meeting():
    # MCL 15.240(3): a board or commission that heads the public body has not received a written
    # appeal until its first regularly scheduled meeting after the appeal was submitted.
    guidance = " ".join(appeal_guidance(get_jurisdiction("MI"), None))
    assert "first regularly scheduled meeting" in guidance
    assert "MCL 15.240(3)" in guidance


def test_tx_clarification_window_is_61_days_with_its_notice_conditions():
    # Tex. Gov't Code § 552.222(d)-(g).
    window = next(w for w in get_jurisdiction("TX").requester_windows if w.event == "clarification")
    assert (window.days, window.unit) == (61, "calendar")
    assert "verify" not in window.note
    assert "§ 552.222(f)" in window.note and "§ 552.222(g)" in window.note


def test_an_uncertain_row_without_clocks_does_not_say_the_law_sets_no_days():
    # FL is marked uncertain (2026 bills would add three business days; enactment not checked):
    # its follow-up and appeal keep "my own reminder" but drop "sets no fixed number of days",
    # which OH (R.C. 149.43(B)(1), confirmed) still says.
    for kind in ("followup", "appeal"):
        florida = render("FL", kind, {})
        assert "not a deadline set by the law" in florida
        assert "sets no fixed number of days" not in florida
        assert "sets no fixed number of days" in render("OH", kind, {})


def _due(code: str, stamp: str) -> date | None:
    jurisdiction = get_jurisdiction(code)
    sent = datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(jurisdiction.timezone))
    return compute_due(jurisdiction, sent).due


def test_arkansas_christmas_eve_is_not_a_working_day():
    # Ark. Code Ann. § 1-5-101(a)(9): Christmas Eve is an official state holiday. Sent Tue Dec 22,
    # 2026: Wed 23 (1), [Thu 24 Christmas Eve], [Fri 25], Mon 28 (2), Tue Dec 29 (3),
    # § 25-19-105(e)'s three working days.
    assert _due("AR", "2026-12-22T10:00") == date(2026, 12, 29)


def test_tennessee_columbus_day_is_a_legal_holiday():
    # Tenn. Code Ann. § 15-1-101: the second Monday in October. Sent Thu Oct 8, 2026: Fri 9 (1),
    # [Mon 12 Columbus Day], 13, 14, 15, 16, 19, Tue Oct 20 (7), § 10-7-503(a)(2)(B).
    assert _due("TN", "2026-10-08T10:00") == date(2026, 10, 20)
