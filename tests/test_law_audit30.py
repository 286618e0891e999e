"""A second audit (2026-12, eighteen states' unchecked fields, then the rest), one test per
finding: the source that drives each is on the row's field_sources and in the comment here."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from foia_tracker.law.deadlines import compute_due
from foia_tracker.law.docs import extensions_text
from foia_tracker.law.jurisdictions import get_jurisdiction
from foia_tracker.letters.context import clocks_phrase


def test_vermont_silence_is_a_denial():
    # 1 V.S.A. § 318(a)(2): a custodian who misses the time limit is deemed to have denied it.
    vt = get_jurisdiction("VT")
    assert vt.deemed_denial == "yes" and "§ 318(a)(2)" in vt.deemed_denial_note


def test_massachusetts_extension_counts_from_receipt_past_the_production_limit():
    # SPR Bulletin 03-17: the Supervisor's 20 (agency) or 30 (municipality) business days run
    # beyond the 15 / 25 business days of c. 66, § 10(b)(vi), so 35 and 55 from receipt.
    ma = get_jurisdiction("MA")
    assert [(e.days, e.counted_from) for e in ma.extensions] == [(35, "receipt"), (55, "receipt")]
    assert extensions_text(ma).startswith("35 business days from receipt (M.G.L. c. 66, § 10(c)")


def test_washington_and_indiana_owe_a_response_not_an_acknowledgment():
    # RCW 42.56.520(1): one of five responses within five business days.
    assert clocks_phrase(get_jurisdiction("WA").clocks) == (
        "a response within five business days of receipt (RCW 42.56.520(1))"
    )
    assert get_jurisdiction("IN").clocks[0].citation == "Ind. Code § 5-14-3-9(c)"


def test_oregon_second_clock_cites_the_section_not_the_completeness_subsection():
    # ORS 192.329(2) says when a response is complete; the ten days are elsewhere in § 192.329.
    assert get_jurisdiction("OR").clocks[1].citation == "ORS 192.329"


def test_utah_appeals_go_to_the_government_records_office():
    # H.B. 526 (2025), in force May 7, 2025: the Director of the Government Records Office
    # decides the appeals the State Records Committee used to hear (§ 63G-2-403).
    route = get_jurisdiction("UT").appeal.route
    assert (
        "Government Records Office" in route and "in place of the State Records Committee" in route
    )


def test_hawaii_first_clock_is_a_response_and_its_extension_counts_from_receipt():
    # HAR § 2-71-13(b): a notice (or the records) within 10 business days: received Mon Mar 2,
    # 2026 -> Mon Mar 16. (c): with extenuating circumstances the notice may come up to 20
    # business days after receipt, not after that first date.
    hi = get_jurisdiction("HI")
    start = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo(hi.timezone))
    assert compute_due(hi, start).due == date(2026, 3, 16)
    assert hi.clocks[0].obligation == "respond"
    (extension,) = hi.extensions
    assert (extension.days, extension.unit, extension.counted_from) == (20, "business", "receipt")
