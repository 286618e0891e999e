"""The jurisdiction data and its loader: complete, typed, cited, and uncertain where the research was."""

import hashlib
from datetime import date
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from foia_tracker.errors import UnknownJurisdiction, UsageError
from foia_tracker.law import docs as laws_docs
from foia_tracker.law.holidays import holiday_name, state_holidays
from foia_tracker.law.jurisdictions import (
    LAW_VERSION,
    check_citable,
    get_jurisdiction,
    load_jurisdictions,
)

STATES = (
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY"
).split()
ALL = load_jurisdictions()


def test_fifty_states_and_dc():
    assert list(ALL) == STATES


def test_uncertain_rows_stay_uncertain():
    assert [c for c, j in ALL.items() if j.uncertain] == [
        "AK",
        "AL",
        "DE",
        "FL",  # 2026 bills (SB 770, HB 437) would add a three-business-day response: not checked
        "ID",
        "MA",
        "NH",
        "NJ",
        "VT",
        "WY",
    ]


@pytest.mark.parametrize("code", STATES)
def test_every_row_is_cited_and_usable(code):
    j = ALL[code]
    assert j.law_name and j.citation and j.sources
    assert all(s.startswith("http") for s in j.sources)
    assert ZoneInfo(j.timezone)
    # A re-checked row (issue 12) names its sources per field; the others keep the research date.
    assert j.verified_on == ("2026-12" if j.field_sources else "2026-08")
    assert all(source for _, source in j.field_sources)
    assert all(c.citation and c.days > 0 for c in j.clocks)
    assert bool(j.clocks) != bool(j.no_deadline)
    assert j.appeal.route


def test_no_number_jurisdictions():
    assert [c for c, j in ALL.items() if not j.clocks] == [
        "AZ",
        "FL",
        "IA",
        "MN",
        "MT",
        "NC",
        "ND",
        "OH",
        "OK",
        "WI",
    ]


def test_two_clock_states():
    ny, al = ALL["NY"], ALL["AL"]
    assert [(c.obligation, c.days, c.unit, c.starts) for c in ny.clocks] == [
        ("acknowledge", 5, "business", "receipt"),
        ("decide", 20, "business", "acknowledgement"),
    ]
    assert [(c.obligation, c.days, c.unit, c.starts) for c in al.clocks] == [
        ("acknowledge", 10, "calendar", "receipt"),
        ("respond", 15, "business", "acknowledgement"),
    ]


def test_residency():
    scopes = {c: (j.residency.scope, j.residency.contested) for c, j in ALL.items()}
    limited = {c: s for c, s in scopes.items() if s != ("none", False)}
    assert limited == {
        "AL": ("state", False),
        "AR": ("state", False),
        "DE": ("state", True),
        "KY": ("state", False),
        "NH": ("state", True),
        "NJ": ("state", True),
        "PA": ("us", False),
        "TN": ("state", False),
        "VA": ("state", False),
    }


def test_texas_requester_windows_and_pauses():
    tx = ALL["TX"]
    fee = tx.requester_windows[0]
    assert (fee.event, fee.days, fee.unit, fee.citation) == (
        "fee_estimate",
        10,
        "business",
        "Tex. Gov't Code § 552.2615(b)",
    )
    assert [p.event for p in tx.pauses_on] == ["fee_estimate", "clarification"]


def test_silence_rules():
    assert ALL["SC"].deemed_denial == "approved"
    assert ALL["CT"].deemed_denial == "yes"
    assert ALL["TX"].deemed_denial == "no"


def test_appeal_limits():
    assert (ALL["PA"].appeal.days, ALL["PA"].appeal.unit) == (15, "business")
    assert (ALL["CT"].appeal.body, ALL["CT"].appeal.days) == (
        "Freedom of Information Commission",
        30,
    )


def test_get_jurisdiction_is_case_insensitive():
    assert get_jurisdiction(" ny ").code == "NY"


def test_unknown_code_lists_the_valid_ones():
    with pytest.raises(UnknownJurisdiction) as err:
        get_jurisdiction("ZZ")
    assert isinstance(err.value, UsageError)
    assert str(err.value).startswith("Unknown jurisdiction 'ZZ': use one of AK, AL, AR,")
    assert str(err.value).endswith("WV, WY.")


def test_check_citable():
    assert check_citable("NY") is None
    warning = check_citable("al")
    assert warning.code == "AL"
    assert "marked uncertain" in warning.message
    assert "Ala. Code § 36-12-44(a)(3)-(5)" in warning.message


def test_law_version_is_the_data_hash():
    data = resources.files("foia_tracker.law").joinpath("jurisdictions.toml").read_bytes()
    assert LAW_VERSION == hashlib.sha256(data).hexdigest()[:16]


HOLIDAYS_2026 = [
    ("CT", date(2026, 2, 12), "Lincoln's Birthday"),
    ("CT", date(2026, 4, 3), "Good Friday"),
    ("MA", date(2026, 4, 20), "Patriots' Day"),
    ("MO", date(2026, 5, 8), "Truman Day"),
    ("MO", date(2026, 2, 12), "Lincoln Day"),
    ("IL", date(2026, 11, 27), "Day after Thanksgiving"),
    ("NY", date(2026, 2, 12), "Lincoln's Birthday"),  # N.Y. Gen. Constr. Law § 24
    ("NY", date(2026, 2, 16), "Washington's Birthday"),
    ("NY", date(2026, 11, 3), "Election Day"),
    ("NJ", date(2026, 2, 12), None),
    ("NJ", date(2026, 6, 19), "Juneteenth (third Friday in June)"),
    ("IL", date(2026, 3, 2), "Casimir Pulaski Day"),  # 205 ILCS 630/17(a)
    ("IL", date(2026, 4, 3), "Good Friday"),
    ("MD", date(2026, 3, 25), "Maryland Day"),  # Md. Gen. Prov. § 1-111(a)
    # Sep 12, 2026 is a Saturday: § 1-111(b) moves only Sunday holidays, the table's observance
    # (as for every added day) the Friday too: a day later, never earlier
    ("MD", date(2026, 9, 11), "Defenders' Day (observed)"),
    ("KY", date(2026, 11, 27), "Day after Thanksgiving"),  # KRS 18A.190(1)(i)
    ("NM", date(2026, 2, 16), "Presidents' Day"),  # NMSA § 12-5-2(C)
    ("FL", date(2026, 6, 19), None),
    ("CA", date(2026, 2, 15), None),
    ("TX", date(2026, 4, 3), None),
    ("TX", date(2026, 4, 21), "San Jacinto Day"),
    ("CT", date(2026, 7, 3), "Independence Day (observed)"),
    ("MA", date(2026, 7, 3), None),
]


@pytest.mark.parametrize(("code", "day", "name"), HOLIDAYS_2026)
def test_state_holiday_corrections(code, day, name):
    assert holiday_name(ALL[code], day) == name


def test_nj_odd_year_election_day_added_once():
    nj_2027 = state_holidays(ALL["NJ"], 2027)
    assert nj_2027[date(2027, 11, 2)] == "General Election Day"
    assert [n for n in state_holidays(ALL["NJ"], 2026).values() if "Election" in n] == [
        "Election Day"
    ]


def test_docs_are_current():
    # Regenerate with: python -m foia_tracker.law.docs
    assert laws_docs.DOC_PATH.read_text(encoding="utf-8") == laws_docs.render()
