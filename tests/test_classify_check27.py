"""The twenty-seventh check (2026-12-04): families learned from probes 9 and 10 of real agency
mail (kept outside the repository; their numbers are in docs/classification.md), written here in
our own words: an inverted "should you require" offer, "the attached document that is most
responsive", and a FOIAXpress Public Access Link status notice. The seventh review's cases,
which narrowed these rules, are in tests/test_classify_review7.py."""

from __future__ import annotations

from datetime import datetime

import pytest

from foia_tracker.intake.classify import ReplyKind, ReplyText, classify, read

K = ReplyKind


def reply(
    body: str,
    names: tuple[str, ...] = (),
    subject: str = "RE: FOIL request",
    *,
    sender: str = "records@agency.example",
    automated: bool = False,
) -> ReplyText:
    return ReplyText(subject, body, names, automated, datetime(2027, 3, 9, 10, 0), sender=sender)


DELAY_WITH_OFFER = (
    "Dear Ms. Ortega:\n\n"
    "This letter concerns your Freedom of Information Law request of January 4, 2027, which is "
    "being processed.\n\n"
    "This Office cannot respond by the date we gave you earlier, because the records are still "
    "being reviewed for exemptions and privilege.\n\n"
    "We estimate that this Office will complete its review by May 20, 2027.\n\n"
    "Should you require additional information or wish to talk about this request, please call "
    "me at (555) 010-2231.\n\nRecords Access Officer"
)


def test_should_you_require_is_her_need_not_an_ask():
    result = read(reply(DELAY_WITH_OFFER))
    assert result.kind is K.EXTENSION
    assert "clarification" not in result.facts.get("also", ())


def test_should_you_require_after_a_sentence_on_the_same_line():
    body = (
        "Your request is being processed. Should you require additional information, "
        "contact me at the number below."
    )
    assert read(reply(body)).kind is not K.CLARIFICATION


def test_a_real_ask_beside_the_offer_still_counts():
    body = (
        "Please specify which school years you want. Should you require additional "
        "information, contact me at the number below."
    )
    assert read(reply(body)).kind is K.CLARIFICATION


def test_the_most_responsive_attached_document_is_records():
    body = (
        "Good morning,\nIn response to your request below: the Department does not keep a "
        "record exactly matching your request. Please find the attached document that is most "
        "responsive to it.\n\nThank you"
    )
    result = read(reply(body, ("Vendor_list_FY2026.pdf",)))
    assert result.kind is K.RECORDS_PROVIDED
    assert "no_records" in result.facts.get("also", ())


def test_find_the_attached_letter_is_no_production_phrase():
    body = "Please find the attached letter regarding your request."
    result = read(reply(body, ("Response_Letter.pdf",)))
    assert result.kind is not K.RECORDS_PROVIDED


PAL = (
    "Dear Jordan Reyes,\n"
    "The status of your FOIA request #'2027-00112-FOIA-OS' has been updated to the following "
    "status '{status}'. To log into the Department's FOIA Submission Site click on the "
    "Application URL below.\n\n"
    "https://requests.publiclink.agency.example/palMain.aspx\n\n"
    "Sincerely,\nDepartment of Examples"
)


def test_a_pal_received_status_is_a_receipt():
    notice = reply(
        PAL.format(status="Received"),
        subject="Status Update for Request #'2027-00112-FOIA-OS'",
        sender="foia@agency.example",
        automated=True,
    )
    result = classify(notice)
    assert result.kind is K.ACKNOWLEDGEMENT
    assert result.facts["portal"]["name"] == "foiaxpress"
    assert result.facts["portal"]["action"] == "receipt"
    assert result.facts["tracking_number"] == "2027-00112-FOIA-OS"


@pytest.mark.parametrize("status", ["Closed", "Documents Delivered", "On Hold - Fee"])
def test_other_pal_statuses_are_no_receipt(status):
    notice = reply(PAL.format(status=status), subject="Status Update", automated=True)
    assert read(notice).kind is not K.ACKNOWLEDGEMENT


def test_a_shop_order_status_is_no_portal_notice():
    body = (
        "Hi Jordan,\nYour order number 5512 has been updated to the following status: "
        "Received.\nView your order: https://shop.example/orders/5512"
    )
    result = read(reply(body, subject="Your order has been updated", automated=True))
    assert "portal" not in result.facts


# Probes 11 and 12: a statute quoted as a reminder, an installment still to come, forms to sign
# behind a link or attached, and an offered substitute she must accept.
LATER = [  # (body, attachment names, kind the reply must not be, kind it must be or None)
    ("Thank you for contacting the Treasurer's office. Please file an official records request "
     "through our portal. Please keep in mind, the County cannot \u201cgive, sell or provide "
     "access to lists of individuals requested for commercial purposes\u201d.", (), K.DENIAL, None),
    ("We are still working out how to pull pursuit data from our RMS. The document released "
     "today shows that searching for the term \"pursuit\" produced zero results. We estimate the "
     "next installment will be available on or before August 29, 2027.", (), K.NO_RECORDS,
     K.EXTENSION),
    ("$36,000 is for the address points alone. Parcels are a separate dataset at $1 per parcel. "
     "A sample of our Nondisclosure Agreement can be found at the following link, "
     "https://county.example/gis/NDA_sample.pdf", (), K.RECORDS_LINK, None),
    ("Cost is $.01 per record and there are 491,901 records ($4,919.01). Total would be "
     "$4,949.01. We also require a signed user agreement (see attached).", ("user_agreement.pdf",),
     K.RECORDS_PROVIDED, K.FEE_ESTIMATE),
    ("Our records system cannot search pursuits. I would like to give you the administrative "
     "report for each pursuit instead, so please let me know if those reports will satisfy what "
     "you need for item 1 of your request.", (), None, K.CLARIFICATION),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "not_kind", "kind"), LATER)
def test_probe_11_and_12_families(body, names, not_kind, kind):
    got = read(reply(body, names, subject="RE: Public records request")).kind
    assert got is not not_kind
    if kind is not None:
        assert got is kind


GUARDS_KEEP = [  # the same words where they still decide
    ("The County cannot release these records: they are exempt under RCW 42.56.240(1).", (),
     K.DENIAL),
    ("We searched every file and found no responsive records. This request is now closed.", (),
     K.NO_RECORDS),
    ("The signed data-sharing agreements can be found at the following link: "
     "https://district.example/dsa/all.pdf", (), K.RECORDS_LINK),
    ("Please find the attached records responsive to your request.", ("Vendor_DPA_2024.pdf",),
     K.RECORDS_PROVIDED),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), GUARDS_KEEP)
def test_the_new_guards_leave_these_alone(body, names, kind):
    assert read(reply(body, names, subject="RE: Public records request")).kind is kind


@pytest.mark.parametrize("body", [
    "Please let me know if you have any questions.",
    "Let me know if the link does not open.",
    "Please let me know if you need anything else.",
])  # fmt: skip
def test_let_me_know_if_alone_asks_nothing(body):
    assert read(reply(body, subject="RE: Public records request")).kind is not K.CLARIFICATION


# Probe 13: what an office lacks is not always a record.
@pytest.mark.parametrize("body", [
    "The Appraiser's Office has completed your request. The actual cost of $39.00 must be paid "
    "before we email the final product. Unfortunately, our office does not have the ability to "
    "accept credit card payments.",
    "The precinct results I have are in a spreadsheet format that does not have any "
    "certification from our office. The cost of a copy is $7.35.",
])  # fmt: skip
def test_a_lack_of_means_or_certification_is_no_absence(body):
    assert read(reply(body, subject="RE: Records request")).kind is not K.NO_RECORDS


def test_not_having_the_records_still_is():
    body = "Our office does not have the records you asked for; they are kept by the state."
    assert read(reply(body, subject="RE: Records request")).kind is K.NO_RECORDS


# Probe 14: a county's data sold, and a request contract to fill in and send back.
def test_a_request_contract_to_return_is_no_production():
    body = (
        "I have received your request. I have attached a GIS data request contract for your "
        "review. Should you still want the information, please fill out the request contract "
        "and return it to me."
    )
    result = read(reply(body, ("Data request contract.doc",), subject="RE: Data request"))
    assert result.kind is K.CLARIFICATION


def test_the_vendor_contract_attached_is_still_records():
    body = "I have attached the contract with the reading-app vendor and its data addendum."
    result = read(reply(body, ("Vendor_contract_2025.pdf",), subject="RE: Records request"))
    assert result.kind is K.RECORDS_PROVIDED


def test_data_available_for_purchase_is_a_fee():
    body = (
        "We do have an address point layer. It is available for purchase for $1000. If you "
        "want it, let me know and I will send you an invoice."
    )
    result = read(reply(body, subject="RE: Records request"))
    assert result.kind is K.FEE_ESTIMATE
    assert result.facts.get("fee_amount") == "1000.00"
