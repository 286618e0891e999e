"""Every letter of the shipped set, rendered for all 51 jurisdictions, reads as a finished letter.

A letter sent to hundreds of districts must not carry an empty citation ("under ."), a note we
wrote to ourselves ("not verified"), template residue, or a court or agency addressed as the
recipient of mail that goes to a records clerk (issue 12, items 4 and 11).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from foia_tracker.config import Proxy, Requester
from foia_tracker.law.jurisdictions import load_jurisdictions
from foia_tracker.letters.render import (
    LetterInputs,
    fill_send_date,
    letter_context,
    load_set,
    render_letter,
)

CODES = sorted(load_jurisdictions())
SET = "student-data-agreements"
REQUESTER = Requester(
    name="Jane Doe",
    organization="Parents for Student Privacy",
    email="jane@example.org",
    mailing_address="123 Main Street, Springfield",
    phone="555-0100",
    state="CT",
)
PROXY = Proxy(name="John Roe", address="1 Court Street, Capital City")
TRACKING = {
    "original_sent": "December 1, 2026",
    "tracking_number": "PRR-7",
    "days_overdue": "6",
    "followup_count": "1",
    "appeal_body": "",
    "appeal_deadline": "January 11, 2027",
}
# (label, extra variables) for the appeal: a refusal, a no-records answer, and a silence.
ANSWERS = [
    (
        "denial",
        {
            "answer": "denial",
            "denial_quote": "The agreements are exempt.",
            "denial_date": "December 9, 2026",
        },
    ),
    ("no_records", {"answer": "no_records", "denial_quote": "We have no such records."}),
    ("silence", {"answer": "silence"}),
]

NOTES_TO_OURSELVES = re.compile(
    r"not verified|TODO|FIXME|uncertain|from memory|as recalled|verify|\?\?", re.I
)
RESIDUE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\.\.|  \.|\bNone\b|\bundefined\b")
EMPTY_CITATION = re.compile(r"\b(under|in|of|see)\s*[.,;)]|\(\s*\)|§\s*[.,;)]")
COURT_OR_AGENCY = re.compile(
    r"court|attorney general|commission|counsel|ombudsman|council|board of hearing|"
    r"office of|supervisor of records|district attorney|hearing examiner|mayor|"
    r"public information board|ethics",
    re.I,
)


def render(code: str, kind: str, extra: dict, residency: str = "self") -> str:
    template_set = load_set(SET)
    jurisdiction = load_jurisdictions()[code]
    inputs = LetterInputs(
        agency={
            "id": 1,
            "name": "Lakeside School District",
            "state": code,
            "email": "records@lakeside.example",
            "contact_name": "",
            "address": "100 School Road",
            "extra": {},
        },
        requester=REQUESTER,
        jurisdiction=jurisdiction,
        ref=f"{code}-0042",
        token="k3j5m2n4p6q7r",
        variables={"period": "from January 1, 2020 to today", "fee_cap": "25"},
        residency=residency if jurisdiction.residency.scope != "none" else "",
        proxy=PROXY if residency == "proxy" else None,
    )
    context = letter_context(template_set, inputs)
    appeal_body = jurisdiction.appeal.body or "Records Appeals Officer"
    context.update(TRACKING | {"appeal_body": appeal_body} | extra)
    return fill_send_date(render_letter(template_set, kind, context), date(2026, 12, 15))


def letters(code: str):
    yield "request", render(code, "request", {})
    yield "request (proxy)", render(code, "request", {}, residency="proxy")
    yield "followup", render(code, "followup", {})
    for label, extra in ANSWERS:
        yield f"appeal ({label})", render(code, "appeal", extra)


def salutation(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Dear "))


def problems(text: str) -> list[str]:
    found = []
    for name, pattern in (
        ("note to ourselves", NOTES_TO_OURSELVES),
        ("template residue", RESIDUE),
        ("empty citation", EMPTY_CITATION),
    ):
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(text)]
    if COURT_OR_AGENCY.search(salutation(text)):
        found.append(f"addressed to a court or agency: {salutation(text)!r}")
    head = text.split("Dear ", 1)[0]
    if COURT_OR_AGENCY.search(head):
        found.append("a court or agency in the address block")
    return found


@pytest.mark.parametrize("code", CODES)
def test_every_letter_of_every_jurisdiction_is_clean(code):
    bad = {label: problems(text) for label, text in letters(code)}
    assert {label: p for label, p in bad.items() if p} == {}


def test_the_check_finds_what_it_looks_for():
    # The check itself must be able to fail (one line per kind of problem it guards against).
    assert problems("Dear circuit court:\nI appeal under .") != []
    assert problems("Dear Attorney General:\n") != []
    assert problems("Dear Records Custodian:\nthe law (not verified) says") != []
    assert problems("Dear Records Custodian:\nunder 16-4-201 et seq..") != []
    assert problems("Dear Records Custodian:\n{{ x }}") != []
    assert problems("Dear Records Custodian:\nunder Ala. Code § 36-12-40.") == []


@pytest.mark.parametrize("code", CODES)
def test_only_an_appeal_inside_the_district_is_called_an_appeal(code):
    route = load_jurisdictions()[code].appeal
    text = render(code, "appeal", ANSWERS[0][1])
    if route.kind == "internal":
        assert "Re: Appeal concerning" in text
        assert "January 11, 2027" in text
    else:
        assert "Re: Request for reconsideration" in text
        assert salutation(text) == "Dear Records Custodian:"
        # The filing deadline elsewhere is guidance for the requester, not a line to the clerk.
        assert "January 11, 2027" not in text


def test_a_no_records_answer_is_not_called_a_refusal():
    for code in CODES:
        text = render(code, "appeal", ANSWERS[1][1])
        assert "refus" not in text.lower(), code
        assert "holds no responsive records" in text


@pytest.mark.parametrize("code", ["FL", "WI", "AZ", "OH"])
def test_a_default_horizon_is_called_ours_not_the_laws(code):
    # Fla. Stat. § 119.07(1)(c), Wis. Stat. § 19.35(4)(a), A.R.S. § 39-121.01(D)(1),
    # R.C. 149.43(B)(1): no number of days, so the follow-up date is our own reminder.
    assert load_jurisdictions()[code].clocks == ()
    for kind, extra in (("followup", {}), ("appeal", {})):
        text = render(code, kind, extra)
        assert "the time the law allows" not in text
        assert "not a deadline set by the law" in text
