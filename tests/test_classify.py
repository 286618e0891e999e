"""Reply classification: one row per case, positive and negative, and exact facts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia_tracker.intake.classify import (
    DOWNLOAD_FLAG,
    AttachedText,
    ReplyKind,
    ReplyText,
    find_exemptions,
    find_extension_days,
    find_fee,
    find_new_due_date,
    find_tracking_number,
    read,
    read_with_attachments,
    strip_quoted,
)
from foia_tracker.intake.reply_address import addressed_elsewhere
from foia_tracker.intake.reply_attachments import document_attachments
from foia_tracker.intake.reply_portals import portal_notice
from foia_tracker.intake.reply_sentences import sentences

RECEIVED = datetime(2026, 11, 20, 10, 0)
CORPUS = Path(__file__).parent / "fixtures" / "replies"


def reply(body: str, subject: str = "RE: Public Records Request CT-0042", **kw) -> ReplyText:
    return ReplyText(
        subject=subject,
        body=body,
        attachment_names=tuple(kw.get("attachments", ())),
        automated=kw.get("automated", False),
        received_at=kw.get("received_at", RECEIVED),
    )


K = ReplyKind

# (id, body, attachments, automated, subject, expected kind)
CASES = [
    # acknowledgement
    (
        "ack",
        "We have received your request and will respond within 10 business days.",
        (),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    (
        "ack-mentions-records",
        "I have received your request for records. Once the department pulls the records I'll be in touch.",
        ("image001.png",),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    (
        "ack-promises-records",
        "Your request has been received. The District will provide the records within the time allowed by law.",
        (),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    (
        "ack-portal-link-not-records",
        "Your record request 26-311 has been submitted to Lakeside SD.\n\nView request 26-311: https://lakeside.nextrequest.com/requests/26-311",
        (),
        True,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    # extension
    (
        "ext-days",
        "The District is extending the time to respond by five business days.",
        (),
        False,
        None,
        K.EXTENSION,
    ),
    (
        "ext-date",
        "We will not be able to respond within the statutory period. We expect to respond on or before 12/18/2026.",
        (),
        False,
        None,
        K.EXTENSION,
    ),
    (
        "ext-still-searching-not-no-records",
        "There are no responsive records at this time; we are still searching and expect to finish within 10 business days.",
        (),
        False,
        None,
        K.EXTENSION,
    ),
    (
        "ext-over-ack",
        "This acknowledges receipt of your request. The District requires additional time and anticipates a response by December 18.",
        (),
        False,
        None,
        K.EXTENSION,
    ),
    # fee estimate
    (
        "fee",
        "The estimated cost to fulfill your request is $1,234.50. Please remit payment before we begin.",
        (),
        False,
        None,
        K.FEE_ESTIMATE,
    ),
    (
        "fee-invoice-attached",
        "Please see the attached invoice. Payment of $87.25 is due before the records can be released.",
        ("Invoice 26-330.pdf",),
        False,
        None,
        K.FEE_ESTIMATE,
    ),
    (
        "ooo-fee-automated",
        "I am out of the office until December 1. For questions about athletic fees of $35, contact the front office.",
        (),
        True,
        "Re: Public Records Request CT-0042",
        K.OTHER,
    ),
    (
        "ooo-fee-subject",
        "For questions about the $25 registration fee please call the office.",
        (),
        False,
        "Automatic reply: Public Records Request CT-0042",
        K.OTHER,
    ),
    (
        "no-fee-is-not-fee",
        "Thanks, we have received your request. There is no fee for electronic copies.",
        (),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    # clarification
    (
        "clarify",
        "Could you please clarify what you mean by outside organizations?",
        (),
        False,
        None,
        K.CLARIFICATION,
    ),
    (
        "form-attached-is-not-records",
        "We have attached the District's records request form. Please complete the form and return it to this office.",
        ("Records_Request_Form.pdf",),
        False,
        None,
        K.CLARIFICATION,
    ),
    (
        "narrow",
        "Your request is overly broad. Would you be willing to narrow it to agreements in effect?",
        (),
        False,
        None,
        K.CLARIFICATION,
    ),
    # denial
    (
        "denial",
        "Your request is denied. The records are exempt from disclosure under FERPA, 20 U.S.C. § 1232g.",
        (),
        False,
        None,
        K.DENIAL,
    ),
    (
        "denial-attached-letter",
        "The District is withholding the requested information under Gov't Code § 552.101. A copy of our letter to the OAG is attached.",
        ("AG_letter.pdf",),
        False,
        None,
        K.DENIAL,
    ),
    # no records
    (
        "no-records",
        "After a diligent search, the District has no records responsive to your request.",
        (),
        False,
        None,
        K.NO_RECORDS,
    ),
    (
        "does-not-exist",
        "The list you requested does not exist. The District does not maintain such a document.",
        (),
        False,
        None,
        K.NO_RECORDS,
    ),
    (
        "not-yet-located",
        "At this time we have not located responsive records, but staff are still searching the archives.",
        (),
        False,
        None,
        K.EXTENSION,
    ),
    # records provided
    (
        "records",
        "Please find attached the records responsive to your request.",
        ("DPA_Clever.pdf", "image001.png"),
        False,
        None,
        K.RECORDS_PROVIDED,
    ),
    (
        "records-bare-attachment",
        "See attached.",
        ("PowerSchool DPA.pdf",),
        False,
        None,
        K.RECORDS_PROVIDED,
    ),
    (
        "signature-image-only",
        "See attached.",
        ("image001.png", "image002.jpg"),
        False,
        None,
        K.OTHER,
    ),
    (
        "records-production-without-file",
        "Please find attached the records responsive to your request.",
        ("image001.png",),
        False,
        None,
        K.OTHER,
    ),
    (
        "records-over-denial",
        "Attached are the agreements. Portions are exempt from disclosure under FERPA and were redacted.",
        ("MOU.pdf",),
        False,
        None,
        K.RECORDS_PROVIDED,
    ),
    (
        "newsletter-attachment-automated",
        "Read about our winter concerts.",
        ("newsletter.pdf",),
        True,
        "District Newsletter",
        K.OTHER,
    ),
    # records link
    (
        "link-share",
        "The files were too large to email, so I uploaded the responsive records here: https://district-my.sharepoint.com/:f:/g/x/AbC",
        (),
        False,
        None,
        K.RECORDS_LINK,
    ),
    (
        "link-portal",
        "Documents have been released for request 26-288.\n\nView and download the documents: https://oak.nextrequest.com/requests/26-288",
        (),
        True,
        None,
        K.RECORDS_LINK,
    ),
    (
        "florida-footer-not-denial",
        "Thank you, we have received your request.\n\nUnder Florida law, e-mail addresses are public records. If you do not want your e-mail address released in response to a public records request, do not send electronic mail to this entity.",
        (),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    (
        "ferpa-footer-not-denial",
        "Your email has been received and forwarded to our records officer.\n\nCONFIDENTIALITY NOTICE: This e-mail may contain information protected by FERPA or exempt from disclosure under applicable law.",
        (),
        False,
        None,
        K.ACKNOWLEDGEMENT,
    ),
    (
        "scope-question",
        "Is there a particular time frame you would like us to search?",
        (),
        False,
        None,
        K.CLARIFICATION,
    ),
    (
        "fee-statement-attached-not-records",
        "Attached is an itemized statement of estimated charges, totaling $527.80.",
        ("Itemized_Statement.pdf",),
        False,
        None,
        K.FEE_ESTIMATE,
    ),
    # other
    (
        "moderation-rejected-not-denial",
        "Your message is awaiting moderation. You will be notified if it is rejected.",
        (),
        True,
        "Delivery delayed",
        K.OTHER,
    ),
    ("thanks", "Thanks Jane, I will let you know.", (), False, None, K.OTHER),
    (
        "forward-of-our-request",
        "Forwarding to you - please handle.\n\n-----Original Message-----\nFrom: Jane\nSent: Monday\nTo: Clerk\n\nPlease send all records. I will pay fees up to $25. If any part is denied, cite the exemption.",
        (),
        False,
        None,
        K.OTHER,
    ),
]


@pytest.mark.parametrize(
    "body, attachments, automated, subject, expected",
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_kind(body, attachments, automated, subject, expected):
    kw = {"attachments": attachments, "automated": automated}
    if subject is not None:
        kw["subject"] = subject
    result = read(reply(body, **kw))
    assert result.kind == expected
    if expected is not K.OTHER:
        assert result.phrases, "a kind other than 'other' must say which phrases decided it"


def test_quoted_request_never_decides():
    body = (
        "Thanks, got it.\n\n"
        "On Tue, Nov 17, 2026 at 9:00 AM Jane Requester <\n"
        "records+m2q7@example.org> wrote:\n"
        "Please send all records. Fees up to $25 are fine. If denied, cite the exemption.\n"
    )
    result = read(reply(body))
    assert result.kind == K.OTHER
    assert result.facts == {}


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Received.\n> Please send records\n> fee $25", "Received."),
        (
            "Received.\nOn Mon, Nov 16, 2026 at 8:15 AM Jane <j@x.org> wrote:\nPlease send",
            "Received.",
        ),
        ("Received.\nOn Mon, Nov 16, 2026 at 8:15 AM Jane <\nj@x.org> wrote:\nPlease", "Received."),
        ("Received.\n-----Original Message-----\nPlease send records", "Received."),
        (
            "Received.\n\nFrom: Jane <j@x.org>\nSent: Monday, November 16, 2026\nTo: a@b\nSubject: x",
            "Received.",
        ),
        ("Received.\n________________________________\nFrom: Jane", "Received."),
        ("Recibido.\nEl lun, 16 nov 2026 a las 8:15, Jane (<j@x.org>) escribió:\nx", "Recibido."),
        ("From the desk of the clerk: received.", "From the desk of the clerk: received."),
    ],
)
def test_strip_quoted(body, expected):
    assert strip_quoted(body) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("assigned Request #R000123-112526 for tracking", "R000123-112526"),
        ("Your request has been assigned reference number 26-1142.", "26-1142"),
        ("Your record request 26-311 has been submitted", "26-311"),
        ("Request No. 2026-0093 - acknowledgment", "2026-0093"),
        ("Thank you. Your reference number is 2026-PRR-0417.", "2026-PRR-0417"),
        ("Our tracking number for it is PRR-26-0551.", "PRR-26-0551"),
        ("PIR 26-118 - Response", "26-118"),
        ("Reference No. W004512-112026.", "W004512-112026"),
        # Our own ref is not the agency's number.
        ("RE: Public Records Request #CT-0042, reference number 26-77", "26-77"),
        # An office code inside the number, an office prefix with a two-digit year.
        ("Public Records Request 2026-PR-073 - Fee estimate", "2026-PR-073"),
        ("FOIA 2026-F-058 - Records enclosed", "2026-F-058"),
        ("Open Records Request ORR-26-1187 - Estimate", "ORR-26-1187"),
        ("the review of your data request (DR-26-114) is complete", "DR-26-114"),
        ("RTK 2026-114 - Final response", "2026-114"),
    ],
)
def test_tracking_number(text, expected):
    assert find_tracking_number(text)[0] == expected


def test_tracking_number_absent():
    assert find_tracking_number("RE: Public Records Request CT-0042\nThanks, received.") is None


def test_a_year_is_never_a_tracking_number():
    # "2026 PAC 91457" stops at the space: "2026" alone would be a year, not a number.
    assert (
        find_tracking_number("Your request has been assigned file number 2026 PAC 91457.") is None
    )


@pytest.mark.parametrize(
    "text, amount, deposit",
    [
        ("The estimated cost to fulfill your request is $1,234.50.", "1234.50", None),
        ("At the rate of $28.50 per hour, the estimated cost is $171.00.", "171.00", None),
        ("Copies are $0.25 per page, so the total cost is $55.00.", "55.00", None),
        (
            "A deposit of $1,250.00 is required. The total estimated charge is $2,500.00.",
            "2500.00",
            "1250.00",
        ),
        ("The charge for producing these records will be $75.", "75.00", None),
    ],
)
def test_fee(text, amount, deposit):
    fee = find_fee(text)
    assert str(fee.amount.quantize(Decimal("0.01"))) == amount
    assert (str(fee.deposit.quantize(Decimal("0.01"))) if fee.deposit else None) == deposit


def test_fee_fact_is_a_decimal_string():
    result = read(reply("The estimated cost to fulfill your request is $1,234.50."))
    assert result.facts["fee_amount"] == "1234.50"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We anticipate a response by December 18.", date(2026, 12, 18)),
        ("We will respond on or before 12/18/2026.", date(2026, 12, 18)),
        ("The new due date is 12/22/2026.", date(2026, 12, 22)),
        # Written in November, "January 15" is next year's.
        ("We anticipate having a response to you by January 15.", date(2027, 1, 15)),
        # The day the request arrived is not a due date.
        (
            "We received your request on November 17 and will respond by December 8, 2026.",
            date(2026, 12, 8),
        ),
        ("The due date has been extended to December 30, 2026.", date(2026, 12, 30)),
    ],
)
def test_new_due_date(text, expected):
    assert find_new_due_date(text, RECEIVED.date())[0] == expected


def test_no_due_date_from_past_dates():
    assert find_new_due_date("We received your request on November 17.", RECEIVED.date()) is None


@pytest.mark.parametrize(
    "text, days, unit",
    [
        ("extending the time to respond by five business days", 5, "business"),
        ("we will need an additional 10 working days", 10, "business"),
        ("We need an additional 30 calendar days", 30, "calendar"),
        ("we need an additional 14 days", 14, None),
        ("We estimate completion in approximately 4 weeks.", 28, "calendar"),
    ],
)
def test_extension_days(text, days, unit):
    assert find_extension_days(text)[:2] == (days, unit)


def test_extension_facts_on_the_classification():
    body = "Pursuant to 5 ILCS 140/3(e), we are extending the time to respond by five business days. We will respond on or before December 8, 2026."
    result = read(reply(body))
    assert result.kind == K.EXTENSION
    assert result.facts == {
        "new_due_date": "2026-12-08",
        "extension_days": 5,
        "extension_unit": "business",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("protected by FERPA, 20 U.S.C. § 1232g, and exempt", ["FERPA", "20 U.S.C. § 1232g"]),
        (
            "under Gov't Code § 552.101 and Gov't Code § 552.139.",
            ["Gov't Code § 552.101", "Gov't Code § 552.139"],
        ),
        ("pursuant to 5 ILCS 140/7(1)(b), as private", ["5 ILCS 140/7(1)(b)"]),
        ("exempt under RCW 42.56.420(4). This is", ["RCW 42.56.420(4)"]),
        (
            "Section 119.071(5)(a), Florida Statutes, and",
            ["Section 119.071(5)(a), Florida Statutes"],
        ),
        ("confidential under K.S.A. 45-221(a)(12).", ["K.S.A. 45-221(a)(12)"]),
        ("We simply cannot release them.", []),
    ],
)
def test_exemptions(text, expected):
    assert find_exemptions(text) == expected


def test_denial_facts():
    body = "Your request is denied. The records are exempt from disclosure under FERPA, 20 U.S.C. § 1232g."
    assert read(reply(body)).facts == {"exemptions": ["FERPA", "20 U.S.C. § 1232g"]}


def test_records_link_facts():
    body = (
        "I've shared the responsive documents through OneDrive:\n"
        "https://d-my.sharepoint.com/:f:/g/personal/r/EkQ7\n\n"
        "The link will expire in 14 days, so please download the files before then."
    )
    result = read(reply(body))
    assert result.kind == K.RECORDS_LINK
    assert result.facts == {
        "links": ["https://d-my.sharepoint.com/:f:/g/personal/r/EkQ7"],
        "flags": [DOWNLOAD_FLAG],
        "link_expires": "2026-12-04",
    }


def test_govqa_link_keeps_its_parentheses():
    body = "The responsive records are available for download: https://x.mycusthelp.com/WEBAPP/_rs/(S(ab1))/Req.aspx?rid=7."
    result = read(reply(body, automated=True))
    assert result.facts["links"] == ["https://x.mycusthelp.com/WEBAPP/_rs/(S(ab1))/Req.aspx?rid=7"]


def test_precedence_records_with_fee():
    body = "Here are the documents you requested. There is a copying fee of $12.00; please remit."
    result = read(reply(body, attachments=("Agreements.pdf", "Invoice.pdf")))
    assert result.kind == K.RECORDS_PROVIDED
    assert result.facts == {
        "fee_amount": "12.00",
        "documents": ["Agreements.pdf"],
        "also": ["fee_estimate"],
    }


def test_precedence_acknowledgement_with_extension():
    body = "The District acknowledges receipt of your request, numbered 2026-0093. We will need an additional 20 business days."
    result = read(reply(body))
    assert result.kind == K.EXTENSION
    assert result.facts == {
        "tracking_number": "2026-0093",
        "extension_days": 20,
        "extension_unit": "business",
        "also": ["acknowledgement"],
    }


@pytest.mark.parametrize(
    "body",
    [
        # A refusal in words the denial table lacks, next to a receipt: not a plain receipt.
        "We have your request of November 3. The office is not inclined to be releasing the "
        "vendor files while the board reviews its policy.",
        "Got your request, thanks. Our tech director won't be turning over the app contracts.",
        "This confirms we received your request. We are unable to fulfil item 2 as written.",
        # A closed request, from a portal we may not know by name.
        "Request 26-402 has been closed. It repeats request 26-418, which is being processed.",
    ],
)
def test_receipt_that_refuses_something_goes_to_review(body):
    result = read(reply(body))
    assert result.kind == K.OTHER
    assert result.phrases  # the refusal-shaped words are kept as the reason


@pytest.mark.parametrize(
    "body",
    [
        "We received your request. Please do not send it again; a second copy opens a new file.",
        "We received your request. You do not need to resubmit it through the portal.",
        "We received your request. Records cannot be provided over the phone; we will e-mail.",
        "We received your request. It will not be delayed by the holiday closure.",
        "We received your request. It will be closed once the records are sent.",
    ],
)
def test_receipt_with_a_harmless_not_stays_a_receipt(body):
    assert read(reply(body)).kind == K.ACKNOWLEDGEMENT


# Families from the blind11/blind12 first runs, in our own words (docs/classification.md).
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The requester's own limit said back is no fee; nor is "any fee estimate" in the law's list.
        (
            "We received your request and logged it. We noted that you will pay up to $25.00.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "Got it, thanks. If the cost looks like it will reach the $25 you authorized, I'll ask first.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "We received your request. Within ten days we will respond, with a time estimate and any fee estimate.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "We need additional time and will respond by December 9. Estimated fees: cannot be determined yet.",
            K.EXTENSION,
        ),
        # A response form's unticked boxes are choices not made.
        (
            "Response form for request 26-31\n[ ] The request is denied.\n[X] The records will be provided "
            "upon payment of the estimated charge of $48.00. Please remit payment.",
            K.FEE_ESTIMATE,
        ),
        # A denial whose only reason is that nothing exists (MCL 15.235(4)) is a no-records answer.
        (
            "Your request is denied because, after a search, no records responsive to your request exist.",
            K.NO_RECORDS,
        ),
        ("The Board has closed these records under Section 610.021(20), RSMo.", K.DENIAL),
        # An appeal's receipt answers the appeal, not the request.
        (
            "The Commission has received your appeal about the district's response. It has been docketed as 26-44.",
            K.OTHER,
        ),
        ("Can you send us a mailing address so we can post the paper files?", K.CLARIFICATION),
        (
            "There is a new message on your request. Please sign in to the portal to read it.",
            K.OTHER,
        ),
        (
            "The period for response is therefore extended by five working days, to November 14.",
            K.EXTENSION,
        ),
        ("The earliest date the records will be available is December 7, 2026.", K.EXTENSION),
        (
            "Swamped this week and I can't get to this until after the break. Aiming to have it to you by Dec 4.",
            K.EXTENSION,
        ),
        (
            "All our contracts are on the district transparency page. https://d.example/contracts",
            K.RECORDS_LINK,
        ),
        (
            "The file is too large for e-mail. You can download it here: https://d.example/s/abc",
            K.RECORDS_LINK,
        ),
        (
            "The district has not entered into any data-sharing agreements with outside organizations.",
            K.NO_RECORDS,
        ),
        ("No government data responsive to your request exist.", K.NO_RECORDS),
    ],
)
def test_blind11_and_blind12_families(body, expected):
    assert read(reply(body)).kind == expected


# Families from the blind13/blind14 first runs, in our own words.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A free part inside a stated cost, and a cost above the requester's limit, are fees.
        (
            "Review is 4 hours at $20 per hour, less the first half hour at no charge, for an "
            "estimated cost of $70.00. Please tell us whether to proceed.",
            K.FEE_ESTIMATE,
        ),
        (
            "Even narrowed, the total comes to $52.50, which is more than the $25.00 you said you'd pay.",
            K.FEE_ESTIMATE,
        ),
        (
            "Thank you for your payment!\nAmount: $41.25\nConvenience fee: $1.65\nTotal charged: $42.90",
            K.OTHER,
        ),
        (
            "The agency needs additional time; the first increment will be provided by December 15. "
            "Estimated fees: within the amount waived under the rules. No prepayment is required.",
            K.EXTENSION,
        ),
        (
            "We would like to confer with you about reducing item 7. Please let us know by "
            "November 20 how you would like to proceed.",
            K.CLARIFICATION,
        ),
        ("Can you confirm the date range is now 2024 to 2026?", K.CLARIFICATION),
        ("I sent the link Tuesday. Could you confirm you received it?", K.OTHER),
        (
            "Do you want the small apps too (Clever, reading apps, etc.) or just the big contracts?",
            K.CLARIFICATION,
        ),
        (
            "We need two things from you before the search: the staff names and the search terms.",
            K.CLARIFICATION,
        ),
        (
            "Most of it is posted. If after reading these you still need more, please let me know "
            "which records. Minutes are posted on BoardDocs at https://b.example/minutes",
            K.RECORDS_LINK,
        ),
        (
            "Most of what you asked for is already public. https://d.example/privacy/contracts",
            K.RECORDS_LINK,
        ),
        (
            "The records can be downloaded from the folder below. https://files.d.example/s/1",
            K.RECORDS_LINK,
        ),
        ("Got this, thanks - passing it to our PIO now.", K.ACKNOWLEDGEMENT),
        ("Rec'd. Forwarded to Mr. Dietz (supt).", K.ACKNOWLEDGEMENT),
        ("The district will not be producing the security addenda; they are exempt.", K.DENIAL),
        ("We have no information responsive to your request.", K.NO_RECORDS),
        ("The district has not found records responsive to items 2 and 6.", K.NO_RECORDS),
        ("The district does not hold research agreements with outside groups.", K.NO_RECORDS),
        # Not no-records: a board member's own files; a list that can be compiled.
        (
            "I'm a board member. I don't handle records requests and I don't have any of those myself.",
            K.OTHER,
        ),
        (
            "Realistically mid-January before I can get it all to you; it is going slower than I hoped.",
            K.EXTENSION,
        ),
        (
            "The Office has received your request for assistance and opened file 27-0119. You will be "
            "contacted if the Office needs more information from you.",
            K.OTHER,
        ),
        # "data-sharing" is no refusal to share.
        (
            "We are not able to locate any MOUs or data-sharing agreements. Nothing has been withheld.",
            K.NO_RECORDS,
        ),
    ],
)
def test_blind13_and_blind14_families(body, expected):
    assert read(reply(body)).kind == expected


# Families from the blind15/blind16 first runs, in our own words.
@pytest.mark.parametrize(
    ("body", "expected", "kw"),
    [
        (
            "Please sign and return the attached declaration. Then we will send you the estimated "
            "date for the first installment.",
            K.CLARIFICATION,
            {"attachments": ["Declaration.pdf"]},
        ),
        ("Items 1, 2 and 7 - Denied as unduly burdensome under Section 3(g).", K.DENIAL, {}),
        (
            "The District requires up to an additional thirty days to respond.\n"
            "[X] The request requires redaction of a record that is not public.",
            K.EXTENSION,
            {},
        ),
        (
            "The District received your request. The earliest date and time after which the District "
            "reasonably believes the records will be available is January 15, 2027.",
            K.EXTENSION,
            {},
        ),
        (
            "Thank you for your payment.\nPayment amount: $65.50\nConfirmation number: 7750931",
            K.OTHER,
            {},
        ),
        (
            "A payment of $45.00 is required. Your request will not be processed until payment has "
            "been received.",
            K.FEE_ESTIMATE,
            {},
        ),
        (
            "The Family Office received your email. I have forwarded your message, with its seven "
            "items, to the Records Access Officer.",
            K.ACKNOWLEDGEMENT,
            {},
        ),
        ("The District has located no certificates of destruction (item 4).", K.NO_RECORDS, {}),
        (
            "The District itself has no MOUs within the scope of your revised request.",
            K.NO_RECORDS,
            {},
        ),
        ("Quick q - for #7 do you want just email or also Teams chats?", K.CLARIFICATION, {}),
        (
            "Your submission was returned to you by the reviewer: the form is incomplete.",
            K.CLARIFICATION,
            {},
        ),
        (
            "Your request is waiting for your response to the clarification requested on 11/6.",
            K.CLARIFICATION,
            {},
        ),
        (
            "The target completion date for your request has been revised to 02/12/2027.",
            K.EXTENSION,
            {},
        ),
        ("Our goal is to have the first set to you by December 11.", K.EXTENSION, {}),
        (
            "They won't have the contract files pulled until the week of December 7.",
            K.EXTENSION,
            {},
        ),
        (
            "The cost of copies is $39.75, which is more than the amount you said you would pay.",
            K.FEE_ESTIMATE,
            {},
        ),
        (
            "Responsive documents have been delivered to your Public Access Link account. "
            "https://pal.example/App",
            K.RECORDS_LINK,
            {},
        ),
        # A clerk who names the portal is no portal notice.
        (
            "Got your email. I entered your request for you in our Records Center this morning.",
            K.ACKNOWLEDGEMENT,
            {},
        ),
    ],
)
def test_blind15_and_blind16_families(body, expected, kw):
    assert read(reply(body, **kw)).kind == expected


# Families from the blind17/blind18 first runs, in our own words.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Department denies access to those specifications in their entirety.", K.DENIAL),
        ("The Commission acknowledges receipt of your complaint against the Board.", K.OTHER),
        (
            "Hi Pat,\nWe won't be releasing the emails with the vendors; our agreements require us to "
            "keep them confidential. The contracts you'll get once scanned.",
            K.DENIAL,
        ),
        ("Proposals are being withheld; they are records of a study not yet accepted.", K.DENIAL),
        (
            "The district is not able to complete its response within four business days. We "
            "anticipate providing the responsive, non-exempt records on or before December 18.",
            K.EXTENSION,
        ),
        (
            "Apologies, this one is going to run late; I'll send a status by December 4.",
            K.EXTENSION,
        ),
        ("Pat it'll be $30 for the minutes on a flash drive. Ok to go ahead?", K.FEE_ESTIMATE),
        (
            "Hi Pat it's going to be $61.50 (123 pgs). Let me know if you want to go ahead.",
            K.FEE_ESTIMATE,
        ),
        ("Could you confirm you are ok with the $37.50 and we will get it going?", K.FEE_ESTIMATE),
        (
            "All of the agreements covered by item 1 since the law took effect are on our Student Data "
            "Privacy page: https://d.example/privacy",
            K.RECORDS_LINK,
        ),
        (
            "The board did not vote on these, so there aren't any minutes or resolutions for item 5.",
            K.NO_RECORDS,
        ),
        ("We found no agreements of the type described.", K.NO_RECORDS),
        ("We dont have anything like that here. Sorry.", K.NO_RECORDS),
        ("Any agreements would be held by Region 9, not by the Town.", K.NO_RECORDS),
        (
            "Realistically I won't get to the vendor contracts until after the break. I'm going to aim "
            "for the week of January 11th.",
            K.EXTENSION,
        ),
        (
            "Delivery has failed to these recipients.\nReceived: from mail.example.org by mx1",
            K.OTHER,
        ),
    ],
)
def test_blind17_and_blind18_families(body, expected):
    assert read(reply(body)).kind == expected


def test_an_agency_restating_our_item_keeps_its_own_verb():
    ours = "4. Certificates or other records of the destruction or return of student data under those agreements."
    body = (
        "We have received your request. With respect to item 4, the district has no certificates "
        "or other records of the destruction or return of student data."
    )
    r = ReplyText("RE: request", body, (), False, RECEIVED, our_text=ours)
    assert read(r).kind == K.NO_RECORDS


# Families from the blind19/blind20 first runs (late-campaign and informal replies), our words.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "got this. im the secretary, I printed it and put it in Mr. Long's box, he does these.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "Received - I'm the one pulling these. our law gives 10 days but it's going to be more like 20.",
            K.EXTENSION,
        ),
        (
            "honest answer is there is no way I get this done in 4 days. going to shoot for Dec 4th.",
            K.EXTENSION,
        ),
        (
            "We will not be able to respond in the four business days. Expected completion date: December 11.",
            K.EXTENSION,
        ),
        (
            "ok I put everything in a google drive folder, here's the link: https://drive.example/f/1",
            K.RECORDS_LINK,
        ),
        (
            "Sorry, the old link timed out. Here is a new link to the same folder: https://share.example/s/2",
            K.RECORDS_LINK,
        ),
        (
            "Our district requires the attached form be filled out and signed, we can't start until we have it.",
            K.CLARIFICATION,
        ),
        ("What I do need: your mailing address. Once I have it I'll get going.", K.CLARIFICATION),
        (
            "we do all requests thru the online form now. could you put it in there? just copy paste it.",
            K.CLARIFICATION,
        ),
        (
            "It says Maple Valley at the top and we're Red Rock. Did you mean to send this to us?",
            K.CLARIFICATION,
        ),
        (
            "the exhibit with our server setup is NOT going out, it's exempt as security info.",
            K.DENIAL,
        ),
        (
            "The District stands by its position on item 2 and continues to withhold the schedules.",
            K.DENIAL,
        ),
        ("I asked around. There aren't any of those here.", K.NO_RECORDS),
        ("The board never voted on any of these, so nothing exists for #5.", K.NO_RECORDS),
        ("Payment received. Thank you.\nAmount paid: $57.00", K.OTHER),
        (
            "The District answered in full on December 4, with its explanation of the items for which it "
            "has no records. Your later emails do not identify any record it failed to address.",
            K.OTHER,
        ),
        (
            "First, my apologies. Please send us proof of residency. I will then send you the estimated costs.",
            K.CLARIFICATION,
        ),
    ],
)
def test_blind19_and_blind20_families(body, expected):
    assert read(reply(body)).kind == expected


def test_informal_sentences_split_before_a_lower_case_word_but_not_after_an_abbreviation():
    assert sentences("got this. im the secretary") == ["got this.", "im the secretary"]
    assert sentences("apps, etc. or just contracts") == ["apps, etc. or just contracts"]


def test_a_forward_of_what_a_colleague_found_is_records():
    r = reply(
        "Pat - sending along what our tech lead found, see his note below.",
        attachments=["DPA_2024.pdf"],
    )
    assert read(r).kind == K.RECORDS_PROVIDED


def test_an_attached_letter_is_read_when_it_is_the_only_file():
    r = reply("Attached.", attachments=["Ltr Lindqvist FOI 12.2.26.pdf"])
    letter = AttachedText(
        "Ltr Lindqvist FOI 12.2.26.pdf",
        "Dear Pat Lindqvist: In response to your request, the Board has no records responsive to it.",
    )
    assert read_with_attachments(r, [letter]).kind == K.NO_RECORDS


def test_out_of_office_has_no_fee_fact():
    body = "I am out of the office until Monday. Lunch account fees of $40 are due Friday."
    result = read(reply(body, automated=True))
    assert (result.kind, result.facts) == (K.OTHER, {"out_of_office": True})


def test_document_attachments_drop_logos_and_paperwork():
    names = (
        "image001.png",
        "Outlook-abc.png",
        "DPA.pdf",
        "Invoice_77.pdf",
        "Request_Form.pdf",
        "x.vcf",
        "",
        "ATT00001.htm",
    )
    assert document_attachments(names) == ("DPA.pdf",)


def _load(path: Path) -> tuple[str, ReplyText]:
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in header.splitlines())}
    names = tuple(n.strip() for n in fields["attachments"].split(",") if n.strip())
    return fields["kind"], reply(
        body, subject=fields["subject"], attachments=names, automated=fields["automated"] == "yes"
    )


@pytest.mark.parametrize("corpus, minimum", [("tune", 1.0), ("heldout", 1.0), ("blind5", 0.86)])
def test_corpus_accuracy(corpus, minimum):
    # Minimums are what the classifier achieves today (docs/classification.md): a drop fails.
    # blind5 is never tuned on; 19 of its 30 replies are classified right.
    samples = [_load(p) for p in sorted((CORPUS / corpus).glob("*.txt"))]
    assert len(samples) >= {"tune": 60, "heldout": 40, "blind5": 30}[corpus]
    misses = [(kind, r.body[:60]) for kind, r in samples if read(r).kind != kind]
    assert len(misses) <= (1 - minimum) * len(samples), misses


def test_every_kind_in_both_sets():
    for corpus in ("tune", "heldout"):
        kinds = {_load(p)[0] for p in (CORPUS / corpus).glob("*.txt")}
        assert kinds == {str(k) for k in ReplyKind}, corpus


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=400), st.lists(st.text(max_size=20), max_size=3), st.booleans())
def test_never_raises(body, names, automated):
    result = read(reply(body, attachments=tuple(names), automated=automated))
    assert result.kind in set(ReplyKind)
    if result.kind is K.OTHER and not result.facts.get("out_of_office"):
        assert "also" not in result.facts


@pytest.mark.parametrize(
    "line",
    ["you which particular ", "$1 fee ", "no records ", "(a)", "which years ", "still working on "],
)
def test_long_unpunctuated_text_stays_fast(line):
    # HTML-flattened mail can be one 200 KB line; a backtracking regex once hung on 2 KB.
    # The time it takes is measured in bench/hostile_inputs.py (no wall clock in unit tests).
    assert read(reply(line * (200_000 // len(line)))).kind in set(ReplyKind)


@pytest.mark.parametrize(
    "body",
    [
        "ticket # " + " " * 19900,
        "Your request is denied under " + "\n\t" * 9950 + "x",
        "§1" * 10000,
    ],
)
def test_hostile_white_space_and_citation_floods_stay_linear(body):
    # Each took 9-16 s before the fix; bench/hostile_inputs.py times them.
    result = read(ReplyText("s", body, (), False, datetime(2026, 12, 1, tzinfo=UTC)))
    assert result.kind in set(ReplyKind)


def test_a_portal_named_in_a_clerks_sentence_is_no_notice_but_its_banner_is():
    from_clerk = (
        "Hi Pat, I entered your request in our Public Records Center; you'll get its e-mail."
    )
    banner = (
        "North Vale Unified School District\nPublic Records Center\n\nDocuments have been released."
    )
    assert portal_notice("clerk@nvusd.example", "RE: your request", from_clerk, False) is None
    assert (
        portal_notice("records@nvusd.example", "Documents released", banner, False).name == "govqa"
    )
    assert portal_notice("noreply@nvusd.example", "Update", from_clerk, True).name == "govqa"


# The review of 2026-12-02 (a requester's and a mail engineer's reading): each of these read as a
# wrong named kind on the day's changes.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Your request has been received. If the Dept. determines that any records are exempt, "
            "they will be withheld.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "There's no record of a fee waiver request in your letter. The cost is $12.50 payable to "
            "the district.",
            K.FEE_ESTIMATE,
        ),
        ("The board has never approved a fee waiver, so the $25 fee applies.", K.FEE_ESTIMATE),
        (
            "Please note that all items submitted through this form are public record. Track your "
            "request at https://district.example/track/123",
            K.OTHER,
        ),
        ("Your check was returned to you because it was unsigned.", K.OTHER),
    ],
)
def test_reviewed_readings(body, expected):
    assert read(reply(body)).kind == expected


def test_our_item_cut_from_a_not_ready_sentence_is_no_no_records_answer():
    ours = (
        "copies of all memoranda of understanding and data sharing agreements between the "
        "district and any outside organization since January 2020."
    )
    body = (
        "We do not currently have the memoranda of understanding and data sharing agreements "
        "between the district and any outside organization compiled, but expect to send them by Friday."
    )
    r = ReplyText("RE: request", body, (), False, RECEIVED, our_text=ours)
    assert read(r).kind == K.EXTENSION


def test_an_office_code_in_lower_case_is_no_tracking_number():
    assert find_tracking_number("please fax-86-5551 or five-12-100") is None


def test_abbreviations_end_no_sentence_in_any_case():
    assert sentences("Acme Inc. and not the district. Approx. two weeks.") == [
        "Acme Inc. and not the district.",
        "Approx. two weeks.",
    ]


# Families from the blind21-23 first runs (other states' districts, public-safety agencies, cities,
# counties and state agencies), our words.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a waived first part, a zero estimate, an estimate within the limit the requester gave
        (
            "We received your request on November 2. Fees: the first $30 of search time is waived "
            "for every request.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "Your request is logged as 26-044. We estimate scanning at about $8.75. Because that is "
            "within the $25.00 you agreed to pay, we will not ask you for payment in advance.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "The estimated total is $184.50. Since it is under $500 we will not ask for payment in "
            "advance. If you wish us to proceed, please reply in writing agreeing to the estimate.",
            K.FEE_ESTIMATE,
        ),
        (
            "We cannot fully respond within four business days. Estimate of expected cost of "
            "copies: $0.00.",
            K.EXTENSION,
        ),
        (
            "The office is extending its time by an additional twenty business days and will then "
            "notify you of any records and of the estimated cost of redaction.",
            K.EXTENSION,
        ),
        # the law's menu of answers, a rule about release, an account link
        (
            "Your request has been received. The Act allows the City ten business days to produce "
            "the information, request clarification, provide a cost estimate, or ask the Attorney "
            "General for a ruling. No records are released until any charges have been paid. "
            "Track it here: https://city.example/portal/req",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "An account has been created for you. Use the link below to set your password and "
            "activate your account: https://portal.example/activate?t=1",
            K.OTHER,
        ),
        # a progress report is no answer
        (
            "So far I have not found any signed agreements in the business office. The tech "
            "coordinator is still going through his files. I expect a full answer by Friday.",
            K.EXTENSION,
        ),
        # (no records for one item while the rest goes on: the date is the news, nineteenth check)
        (
            "Item 4: we have no certificates of destruction. I'm still working through items 1-3 "
            "and expect to have those by December 15.",
            K.EXTENSION,
        ),
        # clarifications said as lists, holds, still-interested letters, residency
        (
            "To proceed with item 7, please provide:\na) the staff whose email to search\nb) search terms",
            K.CLARIFICATION,
        ),
        (
            "The files are too large to email. Please either:\nprovide a mailing address, or\nname a shared folder.",
            K.CLARIFICATION,
        ),
        (
            "Please let me know by December 28 whether you are still interested in this request.",
            K.CLARIFICATION,
        ),
        (
            "Please reply through the portal confirming that you are a resident of the Commonwealth.",
            K.CLARIFICATION,
        ),
        (
            "so what I need to know before we go further is whether you want just the agreements",
            K.CLARIFICATION,
        ),
        # refusals and no records in other words
        (
            "Captured plate data is not open records. For these reasons the City is not producing records.",
            K.DENIAL,
        ),
        (
            "The City has located no records responsive to items 1 through 7. A public agency cannot "
            "provide records that do not exist.",
            K.NO_RECORDS,
        ),
        # delays in other words
        (
            "Because of the notice to third parties, we have revised our estimate to on or before December 18.",
            K.EXTENSION,
        ),
        (
            "It is not practically possible to provide the records within five work days; the County "
            "will take the additional seven work days.",
            K.EXTENSION,
        ),
        (
            "The rest is still being gathered; I expect to be able to send that portion in early January.",
            K.EXTENSION,
        ),
        # fees in other words
        (
            "63 pages at $0.50/page, that is $31.50, which is over the $25 you said you'd pay. Go ahead?",
            K.FEE_ESTIMATE,
        ),
        (
            "We estimate 6 hours beyond the free hour:\n6 hrs x $41.37 = $248.22\nPrepayment is required.",
            K.FEE_ESTIMATE,
        ),
        # links in other words
        (
            "Those records cover items 1-3 and can be found here:\nhttps://state.example/privacy/agreements",
            K.RECORDS_LINK,
        ),
        (
            "The first batch is in this Dropbox folder: https://dropbox.example/scl/fo/b1",
            K.RECORDS_LINK,
        ),
        # receipts and what is no receipt
        (
            "Thanks Hector. Pat, I have opened file 26-0412 for this and will be your contact going forward.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "I have forwarded your request to the Borough Attorney's office, as they handle OPRA "
            "requests for the Police Department.",
            K.OTHER,
        ),
        (
            "This acknowledges receipt on December 17 of your petition under R.I. Gen. Laws § 38-2-8 "
            "for review of the denial.",
            K.OTHER,
        ),
        (
            "Yolanda - do we even have most of this?? I don't want to say we don't have anything "
            "and then find out Curriculum signed something.",
            K.OTHER,
        ),
        # blind24/25: residency first, filing systems, web posts, referrals, portal-only offices
        (
            "We received your email. Before the District can process your request we need:\n\n"
            "A copy of a photo ID showing a Tennessee address; and\n\nthe attached form, signed.",
            K.CLARIFICATION,
        ),
        (
            "As written we cannot identify the records: the City does not keep its contracts according "
            "to whether they involve personal information. Please revise your request.",
            K.CLARIFICATION,
        ),
        (
            "Good news, they're all up on our website already: https://village.example/DocumentCenter/View/44",
            K.RECORDS_LINK,
        ),
        (
            "We have referred your request to the FSMA FOIA Office for direct response to you. We have "
            "closed request 2027-00231-F in our office. It was assigned number 2027-00231-F.",
            K.OTHER,
        ),
        (
            "The Sheriff's Office does not accept records requests by email. Please submit it through "
            "our online portal.",
            K.CLARIFICATION,
        ),
        (
            "Your request is DENIED, for the following reason: the records you requested do not exist "
            "in the possession of the District.",
            K.NO_RECORDS,
        ),
        # the receipt's normal date (N.Y. Pub. Off. Law § 89(3)(a)) is no extension
        (
            "This acknowledges receipt of your request on November 3. We expect to grant or deny "
            "it on or before December 3, 2026, which is within twenty business days of this "
            "acknowledgment.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "We received your request; your letter's reference to another state's statute does "
            "not affect how we process it.",
            K.ACKNOWLEDGEMENT,
        ),
    ],
)
def test_blind21_to_blind23_families(body, expected):
    assert read(reply(body, received_at=datetime(2026, 11, 6, 10))).kind == expected


def test_a_citation_or_a_title_ends_no_sentence_before_a_capital():
    assert sentences(
        "If you disagree under R.I. Gen. Laws § 38-2-8, write. Mr. Okafor will read it."
    ) == [
        "If you disagree under R.I. Gen. Laws § 38-2-8, write.",
        "Mr. Okafor will read it.",
    ]
    assert sentences("I feel ill. The office is closed.") == [
        "I feel ill.",
        "The office is closed.",
    ]


def test_another_requesters_mail_is_for_review():
    ours = "Please send the records.\n\nSincerely,\n\nPat Lindqvist"
    body = "Good afternoon Mr. Haverty,\n\nYour copies of the incident report are ready. Payment of $41.36 is due before release."
    result = read(ReplyText("RE: footage", body, (), False, RECEIVED, our_text=ours))
    assert (result.kind, result.facts["addressed_to"]) == (K.OTHER, "Mr. Haverty")
    to_us = body.replace("Mr. Haverty", "Ms. Lindqvist")
    assert (
        read(ReplyText("RE: x", to_us, (), False, RECEIVED, our_text=ours)).kind == K.FEE_ESTIMATE
    )
    # without our letter there is nothing to compare with
    assert read(ReplyText("RE: footage", body, (), False, RECEIVED)).kind == K.FEE_ESTIMATE
    # a clerk's misspelling of her name is still her; a name near nobody's is not
    for typo, kind in (("Ms. Lindquist", K.FEE_ESTIMATE), ("Ms. Lindqvst", K.FEE_ESTIMATE),
                       ("Ms. Lindgren", K.OTHER), ("Mr. Lambert", K.OTHER)):  # fmt: skip
        misspelt = body.replace("Mr. Haverty", typo)
        assert read(ReplyText("RE: x", misspelt, (), False, RECEIVED, our_text=ours)).kind == kind


def test_a_forwarded_answer_is_read_when_the_note_points_to_it():
    body = (
        "Please see below the response from our legal counsel.\n\n"
        "---------- Forwarded message ---------\nFrom: Counsel <c@law.example>\nDate: Nov 11\n"
        "Subject: RE: request\n\nDear Pat Lindqvist:\nThe records described in your request are "
        "not public records, and the company respectfully declines to produce them."
    )
    result = read(reply(body))
    assert (result.kind, result.facts["decided_by"]) == (K.DENIAL, "forwarded")
    internal = body.replace(
        "Dear Pat Lindqvist:\nThe records described in your request", "Kim - these"
    )
    assert read(reply(internal)).kind == K.OTHER  # a colleague's note, not an answer to her


def test_thanks_for_her_thanks_under_her_own_subject_is_no_receipt():
    r = reply(
        "You're very welcome, Pat! Glad everything opened.",
        subject="RE: CT-0042 - received, thank you",
    )
    assert read(r).kind == K.OTHER
    r = reply(
        "Your request was received, thank you. You're welcome to call.", subject="RE: CT-0042"
    )
    assert read(r).kind == K.ACKNOWLEDGEMENT


def test_a_fee_notice_enclosures_are_not_records():
    r = reply(
        "The County estimates the cost at $540.25, as shown on the attached itemization. A deposit "
        "of $270.13 is required before we begin. A copy of the Written Public Summary is attached.",
        attachments=["Detailed_Cost_Itemization.pdf", "FOIA_Written_Public_Summary.pdf"],
    )
    assert read(r).kind == K.FEE_ESTIMATE


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Your request has been assigned number SPR26/1184; please use it.", "SPR26/1184"),
        ("Public Records Request NV-DHHS-26-1450 - No Responsive Records", "NV-DHHS-26-1450"),
        ("Request SCASD-RTK-2026-118 is complete.", "SCASD-RTK-2026-118"),
        # the law's short name before the number; a number that only starts like our ref
        ("Your KORA 2026-53 request was logged.", "2026-53"),
        ("Our file MN-2026-0418 is open.", "MN-2026-0418"),
        ("Re: RTK-26-31, agreements", "RTK-26-31"),
        # the request's own number, not a contract's that has the shape of one
        ("PRR 26-0517 - Installment 1\nthe FarePay contract (RT-2023-044)", "26-0517"),
    ],
)
def test_a_request_number_is_read_whole(text, number):
    assert find_tracking_number(text)[0] == number


def test_a_letter_that_names_no_signer_marks_no_one_else():
    # the intake passes the letters we sent; one with no signature cannot say who we are
    body = "Dear Ms. Doe,\n\nBefore we can search, please clarify which school years you mean."
    unsigned = ReplyText("RE: x", body, (), False, RECEIVED, our_text="I request the contracts.")
    assert read(unsigned).kind == K.CLARIFICATION
    signed = dataclasses.replace(
        unsigned, our_text="I request them.\n\nSincerely,\n\nPat Lindqvist"
    )
    assert read(signed).kind == K.OTHER


def test_a_decision_naming_several_answers_is_no_menu():
    body = (
        "The District denies your request and will not release the records; you may appeal to "
        "the Attorney General."
    )
    assert read(reply(body)).kind == K.DENIAL


def test_her_own_request_forwarded_back_is_not_read_as_the_answer():
    body = (
        "Please see below.\n\n---------- Forwarded message ---------\nFrom: Pat <pat@example.org>\n\n"
        "Dear Records Custodian:\nI am writing to request your agreements. I agree to pay up to $25."
    )
    assert read(reply(body)).kind == K.OTHER


# --- fifteenth check (blind26 to blind30): families, in our own words -----------------------------


@pytest.mark.parametrize(
    ("body", "attachments", "expected"),
    [
        # not found yet, still looking, a date to hear back: late, not a receipt
        (
            "Still on it. Our data office hasn't found the vendor agreements yet; they are now "
            "checking the archive drive. You'll hear from me by the 18th.",
            (),
            K.EXTENSION,
        ),
        # links under reserved names, and the installment's own words
        (
            "Deposit received, thank you. The third installment is here: "
            "https://drive.google.example/drive/folders/9zz-part3",
            (),
            K.RECORDS_LINK,
        ),
        (
            "This link has the signed agreements for items 2 and 4: "
            "https://cedarhollow.box.example/s/ct42 . Item 6 is still with counsel.",
            (),
            K.RECORDS_LINK,
        ),
        # a portal's way to write back is no records link
        (
            "Your record request #26-910 has been submitted. To view it online, visit "
            "https://district.nextrequest.example/requests/26-910. Please use the link above to "
            "send a message.",
            (),
            K.ACKNOWLEDGEMENT,
        ),
        # the receipt of her objection to a fee answers the objection
        (
            "Ms. Lindqvist, thanks for your email disputing the copying charge. I have sent it on "
            "to the business manager and will let you know what she decides.",
            (),
            K.OTHER,
        ),
        # the agency's own letters attached are paperwork, not records
        (
            "The District is withholding the contracts and has asked the Attorney General for a "
            "ruling. A copy of our letter to the Attorney General is enclosed.",
            ("Ltr_to_AG_2026-77.pdf",),
            K.DENIAL,
        ),
        (
            "We acknowledge receipt of your request, logged as FOIL 26-310. A copy of this letter "
            "is attached for your files.",
            ("FOIL_Ack_26-310.pdf",),
            K.ACKNOWLEDGEMENT,
        ),
        # "final response" names no answer; the sentence beside it does
        (
            "The District does not possess any records responsive to your request. This "
            "constitutes the District's final response.",
            (),
            K.NO_RECORDS,
        ),
        # an offer to narrow, in federal boilerplate, asks nothing
        (
            "Because of unusual circumstances we are extending the time to respond by ten working "
            "days. You may wish to narrow the scope of your request to move it to a faster track.",
            (),
            K.EXTENSION,
        ),
        # her right to an estimate is no estimate; the address asked for is the question
        (
            "Before we can go forward, please provide your legal address. You may ask for a cost "
            "estimate in advance.",
            (),
            K.CLARIFICATION,
        ),
        # KRS 61.872(5): not available now, an earliest date
        (
            "Part of the records is in off-site storage, so they will be available no earlier "
            "than January 6, 2027, when we will email them.",
            ("image001.png",),
            K.EXTENSION,
        ),
    ],
)
def test_blind26_to_blind30_families(body, attachments, expected):
    assert read(reply(body, attachments=attachments)).kind == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # refusals: in their entirety, a bare "Denied." opening
        (
            "We located 90 pages. We have determined that these pages are exempt from disclosure "
            "in their entirety under Exemption 4.",
            K.DENIAL,
        ),
        ("Denied. The contracts hold the vendor's trade secrets.", K.DENIAL),
        # delays said the way clerks say them
        ("need a couple more wks on this, hoping by 12/9. short staffed", K.EXTENSION),
        (
            "We have a backlog, so realistically it will be the second week of January before we "
            "have anything for you.",
            K.EXTENSION,
        ),
        ("No exact date yet, but it will realistically be after winter break.", K.EXTENSION),
        (
            "The agreements are in active use by the business office; under KRS 61.872(5) they "
            "will be available for release by December 11.",
            K.EXTENSION,
        ),
        # receipts
        (
            "Your message has been added to the existing public information request. A duplicate "
            "request was not created.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "Thanks Pat. Our staff are now pulling the agreements and I'll send them when ready.",
            K.ACKNOWLEDGEMENT,
        ),
        # clarifications as clerks ask them
        ("Hi - can you send a mailing address? We mail our responses.", K.CLARIFICATION),
        ("we need our own form. blank one attached, fill out & send back", K.CLARIFICATION),
        (
            "Could you give me:\n- a few search terms,\n- whose mailboxes to search?",
            K.CLARIFICATION,
        ),
        (
            "Just a reminder that we're still waiting to hear back on my question about which "
            "years you want. If I don't hear from you by January 8 I will close the request.",
            K.CLARIFICATION,
        ),
        # no records: not signed by us, kept by another body
        (
            "We don't sign any of those. The state education department would have those "
            "agreements, not us.",
            K.NO_RECORDS,
        ),
        # a charge named by what it pays for, with the way to pay
        (
            "$40 for the search. mail a check to the district office and I'll send it",
            K.FEE_ESTIMATE,
        ),
        # the footer reader keeps an agency's refusal of "the emails"
        (
            "The Agency also denies inspection of the emails under section 4-344, since they are "
            "confidential interagency memoranda.",
            K.DENIAL,
        ),
    ],
)
def test_blind26_to_blind30_recall_families(body, expected):
    assert read(reply(body)).kind == expected


def test_a_portal_release_notice_under_a_reserved_host_needs_no_link():
    r = ReplyText(
        "JustFOIA: New documents available for request W000777-120126",
        "The District has released documents for your request W000777-120126. Sign in to your "
        "account to view and download 3 documents.",
        (),
        True,
        RECEIVED,
        sender="notices@justfoia.example",
    )
    result = read(r)
    assert result.kind == K.RECORDS_LINK
    assert (result.facts["portal"]["name"], result.facts["portal"]["action"]) == (
        "justfoia",
        "records_released",
    )


def test_a_note_to_a_colleague_or_a_copy_of_anothers_memo_is_for_review():
    ours = "Please send the records.\n\nSincerely,\n\nPat Lindqvist\nMaple Valley Parents"
    note = "Deb - here are the route changes for the board packet, tell Gary the map is coming"
    r = ReplyText("RE: x", note, ("Route_Changes.pdf",), False, RECEIVED, our_text=ours)
    assert (read(r).kind, read(r).facts["addressed_to"]) == (K.OTHER, "Deb")
    # a dash after an ordinary word, or after her own name, greets no one else
    for opening in ("Received - here are the agreements", "Pat - here are the agreements"):
        r = ReplyText("RE: x", opening, ("Agreements.pdf",), False, RECEIVED, our_text=ours)
        assert read(r).kind == K.RECORDS_PROVIDED
    # a colleague asked to pass our answer on, above the answer to her
    relay = "Kim - please forward this to the requester.\n\nDear Pat Lindqvist: we have no such records."
    assert read(ReplyText("RE: x", relay, (), False, RECEIVED, our_text=ours)).kind == (
        K.NO_RECORDS
    )
    memo = (
        "To: Northwind Analytics, LLC - Legal Department\nCc: Pat Lindqvist\n\nPlease see the "
        "attached notice. We have received a request that includes your agreement with us."
    )
    notice = AttachedText(
        "Third_Party_Notice.pdf",
        "Re: your agreement. We have received a request for it. We take no position on whether "
        "the information is excepted from disclosure.",
    )
    r = ReplyText("RE: x", memo, ("Third_Party_Notice.pdf",), False, RECEIVED, our_text=ours)
    assert read_with_attachments(r, [notice]).kind == K.OTHER
    assert addressed_elsewhere(memo, ours) == "Northwind Analytics, LLC - Legal Department"
    for to_us in ("Pat Lindqvist", "Maple Valley Parents", "Records Requester", "pat@example.org"):
        assert (
            addressed_elsewhere(
                memo.replace("Northwind Analytics, LLC - Legal Department", to_us), ours
            )
            is None
        )


def test_records_beside_a_letter_that_finds_nothing_for_one_item_are_records():
    r = reply(
        "Please find attached the District's response and responsive records.",
        attachments=["Response_Letter.pdf", "Exhibit_A_Agreements.pdf"],
    )
    letter = AttachedText(
        "Response_Letter.pdf",
        "Re: your request. Dear Ms. Lindqvist: Exhibit A holds nine agreements responsive to "
        "items 1 and 2. The District located no records responsive to item 4.",
    )
    result = read_with_attachments(r, [letter])
    assert result.kind == K.RECORDS_PROVIDED and "no_records" in result.facts["also"]
    only_letter = dataclasses.replace(r, attachment_names=("Response_Letter.pdf",))
    assert read_with_attachments(only_letter, [letter]).kind == K.NO_RECORDS


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the law's menu with -ing verbs is no answer
        (
            "We logged your request as 26-77. Under the Act the district will respond within 15 "
            "business days by providing access to the records, denying the request in whole or in "
            "part, or advising you that additional time is needed.",
            K.ACKNOWLEDGEMENT,
        ),
        # a rights line or a rule about a class of records refuses nothing
        (
            "We have forwarded your objection to the Superintendent. A person whose request is "
            "denied in whole or in part may also ask the hearing office for review.",
            K.OTHER,
        ),
        (
            "The search is still under way; this is not a determination that no records exist. "
            "Records found must be reviewed for student information that cannot be released, so "
            "we are extending the time to respond by twenty business days.",
            K.EXTENSION,
        ),
        # a refusal with a time attached is a delay (Miss. Code Ann. § 25-61-5(1)(b))
        (
            "The District is unable to produce the records by the seventh working day; it will "
            "produce them no later than the fourteenth working day.",
            K.EXTENSION,
        ),
        ("The district is denying inspection of the rosters sent to vendors.", K.DENIAL),
        # RSA 91-A:4, IV: not immediately available, released in installments
        (
            "Some of the records are not immediately available. We plan to release records in "
            "installments, the first by December 18.",
            K.EXTENSION,
        ),
        # Tex. Gov't Code § 552.301, said in the present tense
        (
            "The District is asking the Office of the Attorney General for a decision about "
            "whether the information may be withheld.",
            K.EXTENSION,
        ),
        # asks
        (
            "I've attached our form. Would you complete it, sign it, and send it back?",
            K.CLARIFICATION,
        ),
        (
            'Quick question before we start pulling things: does "outside organization" include '
            "our regional service agency?",
            K.CLARIFICATION,
        ),
        # fees: an estimate over the limit with the payment required first; her objection to one
        (
            "Chargeable time: 4.5 hours at $25.00 per hour $112.50. Because it is more than $100, "
            "the district requires payment of the estimated amount before beginning the search.",
            K.FEE_ESTIMATE,
        ),
        (
            "This confirms we received your email objecting to the $105.00 estimate. I have "
            "forwarded your objection to the Superintendent.",
            K.OTHER,
        ),
        (
            "We note your $25.00 limit; should any charge be considered, you will receive an "
            "itemized estimate first. We received your request on November 3.",
            K.ACKNOWLEDGEMENT,
        ),
    ],
)
def test_blind29_and_blind31_families(body, expected):
    assert read(reply(body)).kind == expected


def test_a_portal_receipt_that_promises_releases_is_no_release():
    body = (
        "Request 26-318 has been submitted. Your request has been received. You will be notified "
        "by email when a message is posted or documents are released.\n\n"
        "https://cedar.nextrequest.example/requests/26-318\n\n"
        "To see any documents released to you, sign in to the portal."
    )
    r = ReplyText("Request 26-318 has been submitted", body, (), True, RECEIVED,
                  sender="cedar@nextrequest.example")  # fmt: skip
    result = read(r)
    assert result.kind == K.ACKNOWLEDGEMENT
    assert result.facts["portal"]["action"] == "receipt"
    closed = ReplyText(
        "Request #R26-0917 Closed - Request Withdrawn",
        "Request #R26-0917 has been closed. The District sent an itemized statement of estimated "
        "charges of $84.00; no response was received within 10 business days.",
        (), True, RECEIVED, sender="noreply@justfoia.example",
    )  # fmt: skip
    assert read(closed).kind == K.OTHER


def test_a_colleague_greeted_by_name_alone_is_not_her():
    ours = "Please send the records.\n\nSincerely,\n\nPat Lindqvist"
    note = "Dana,\n\nCan you pull the vendor agreements? Don't send her anything yet."
    r = ReplyText("RE: x", note, (), False, RECEIVED, our_text=ours)
    assert read(r).kind == K.OTHER
    for opening in ("Pat,", "Hello,", "Thanks,", "Estimada,", "Monday -", "Unfortunately,"):
        r = dataclasses.replace(r, body=opening + "\n\nWe received your request on November 3.")
        assert read(r).kind == K.ACKNOWLEDGEMENT


@pytest.mark.parametrize(
    ("body", "attachments", "expected"),
    [
        # the Texas AG's letter ruling attached is the AG's paperwork; the withholding decides
        (
            "The Attorney General has issued Open Records Letter Ruling OR2027-00412, a copy of "
            "which is attached. Based on it, the District will withhold the exhibits and will not "
            "release this information.",
            ("OR2027-00412.pdf",),
            K.DENIAL,
        ),
        # Public Officers Law § 89(3)(a): a date certain is a delay, not a refusal
        (
            "We write to explain why we cannot meet that date and to give you a date certain: we "
            "will respond by March 31, 2027.",
            (),
            K.EXTENSION,
        ),
        # her fee appeal's receipt, with the appeal's date between
        (
            "The Board office received your written appeal dated December 28 of the fee estimate "
            "issued on December 11. The Board will act on it within 10 business days.",
            (),
            K.OTHER,
        ),
        # a one-clerk district: handed to the superintendent
        (
            "I did get your letter in November. I printed it and put it on Mr. Haugen's desk and "
            "he said he would take care of it.",
            (),
            K.ACKNOWLEDGEMENT,
        ),
        (
            "I have not gotten to your request yet. I'll get you what we have by the end of "
            "February.",
            (),
            K.EXTENSION,
        ),
    ],
)
def test_blind32_families(body, attachments, expected):
    assert read(reply(body, attachments=attachments)).kind == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a search under way before the statutory date is a receipt; one still going on is late
        (
            "Your request was received on November 2. The District's search is underway and the "
            "District will respond on or before the statutory due date.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "The first installment will be ready by December 4. To date staff have not located "
            "any destruction certificates (item 4); the search of the technology files is "
            "continuing.",
            K.EXTENSION,
        ),
        # a portal's rate table and 'you will be notified of the estimated cost' ask nothing
        (
            "We have received your request and it is now being processed. If your request will "
            "incur charges, you will be notified of the estimated cost and asked to approve it "
            "before the work is performed.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "This will acknowledge receipt on December 1 of your written appeal of the fee "
            "assessed. Processing remains on hold until the appeal is decided.",
            K.OTHER,
        ),
        (
            "Pursuant to R.I. Gen. Laws § 38-2-7(c), the District does not have or maintain the "
            "requested records; the collaborative keeps them.",
            K.NO_RECORDS,
        ),
    ],
)
def test_blind33_families(body, expected):
    assert read(reply(body)).kind == expected


def test_a_rule_under_a_disclaimer_at_the_top_is_no_quote():
    body = (
        "NOTICE: This e-mail may contain private data. If you are not the intended recipient, "
        "please notify the sender and delete it.\n"
        "______________________________________________________________________\n\n"
        "Hello Ms. Lindqvist,\n\nThe district has received your data request and routed it to "
        "Business Services.\n\n"
        "________________________________\nFrom: Pat Lindqvist <pat.lindqvist@example.org>\n"
        "Sent: Monday, November 2, 2026\nSubject: request\n\nWithin four business days, please."
    )
    own = strip_quoted(body)
    assert "has received your data request" in own and "four business days" not in own
    assert read(reply(body)).kind == K.ACKNOWLEDGEMENT


# --- a reviewer's counter-examples to this round's rules (written for the review, our words) ----


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "where" opens a condition only in the rights line's shape
        (
            "We received your request. Where the agreements contain vendor pricing, the district "
            "is withholding those exhibits under § 1-210(b)(5).",
            K.DENIAL,
        ),
        (
            "As I informed you when we spoke, the district is withholding the vendor contracts.",
            K.DENIAL,
        ),
        # words that only sound like a refusal do not silence the agency's own
        (
            "The district is withholding information that cannot be released under FERPA. The rest "
            "will take an additional 10 business days.",
            K.DENIAL,
        ),
        (
            "We received your request. On the fourth business day after receipt, the District "
            "denies your request in its entirety.",
            K.DENIAL,
        ),
        # one decision in one sentence is no menu of the law's answers
        (
            "The district responds by providing access to the records for items 1-3 and denying "
            "item 7 under FERPA, with an additional time of ten days for item 5.",
            K.DENIAL,
        ),
        # a flattened form's "Fee waiver / Denied." is no refusal of the request
        (
            "Fee waiver request\nDenied.\nThe estimated cost is $45.00 for the search and copies "
            "of the agreements; payment is required before release.",
            K.FEE_ESTIMATE,
        ),
        (
            "We received your request. We determined that the records are exempt from the copying "
            "fee because they are produced electronically.",
            K.ACKNOWLEDGEMENT,
        ),
        # footers about any e-mails, and an office's policy in the third person, stay footers
        (
            "We received your request on November 2.\n\nJanet Ruiz\n\nAny emails containing "
            "student information are confidential and are not subject to public disclosure.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "We received your request on November 2.\n\nJanet Ruiz\n\nThe emails and any files "
            "transmitted with them are confidential and may not be disclosed to anyone else.",
            K.ACKNOWLEDGEMENT,
        ),
        # "not currently available" with no records as its subject is no delay
        (
            "We received your request. Our records clerk is not currently available, but someone "
            "will respond within four business days.",
            K.ACKNOWLEDGEMENT,
        ),
        (
            "The district has withdrawn its request for a decision from the Attorney General and "
            "has no responsive records.",
            K.NO_RECORDS,
        ),
        # a survey is no form to return; closing a fulfilled request asks nothing
        (
            "Your request has been received. Could you complete the survey at the link below about "
            "your experience?",
            K.ACKNOWLEDGEMENT,
        ),
        # her objection stops a fee; a rights line about objections does not
        (
            "The estimated cost is $145.00 and payment is required before release; any objection "
            "to the fee may be filed with the FOI Commission.",
            K.FEE_ESTIMATE,
        ),
    ],
)
def test_review_counter_examples(body, expected):
    assert read(reply(body)).kind == expected


def test_review_letter_with_its_paperwork_and_released_nothing():
    denial = AttachedText(
        "Response_Letter_CT-0042.pdf",
        "Re: your request. Dear Ms. Lindqvist: the District denies your request in full; the "
        "agreements are exempt under § 1-210(b)(5).",
    )
    r = reply(
        "Please find attached our letter responding to your request, and the withholding log.",
        attachments=["Response_Letter_CT-0042.pdf", "Withholding_Log.xlsx"],
    )
    assert read_with_attachments(r, [denial]).kind == K.DENIAL
    closed = ReplyText(
        "[Records Request] Request 26-1 closed",
        "Maple Valley School District has released 0 records in response to your request.",
        (), True, RECEIVED, sender="x@nextrequest.example",
    )  # fmt: skip
    assert read(closed).kind != K.RECORDS_LINK


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("RE: PRR-2026-1187 agreements\nIT opened help desk ticket #4471.", "PRR-2026-1187"),
        ("RE: x\nThe SY-25-26 agreements and the FY-24-25 budget", None),
        ("RE: x\nThanks - Pia\n860-555-0142", None),
        ("RE: x\nunder the PRA 11-20-2026 we answer", None),
        ("RE: x\nlogged as CT-0042-1", None),
        ("RE: x\nRequest #OR-2026-0311 was received", "OR-2026-0311"),
    ],
)
def test_review_request_numbers(text, number):
    found = find_tracking_number(text)
    assert (found[0] if found else None) == number


def test_review_greetings_that_are_her_or_a_label():
    ours = (
        "Please send the records.\n\nSincerely,\n\nPat Lindqvist\nMaple Valley Parents for Privacy"
    )
    for opening in ("Patricia,\n\n", "Patsy,\n\n", "Invoice - ", "Documents - ", "Welcome,\n\n",
                    "To: Interested Party\n\n", "To: MVPP\n\n", "To: Request CT-0042\n\n"):  # fmt: skip
        body = opening + "Attached are the agreements you asked for."
        r = ReplyText("RE: x", body, ("Agreements.pdf",), False, RECEIVED, our_text=ours)
        assert read(r).kind == K.RECORDS_PROVIDED, opening


@pytest.mark.parametrize(
    ("body", "subject", "expected"),
    [
        # a rate table's media line is a rate; "none are anticipated"; "no further payment is due"
        (
            "We received your request. Copies of public records are provided at actual cost: $0.05 "
            "per page and $1.00 per flash drive or CD.",
            None,
            K.ACKNOWLEDGEMENT,
        ),
        (
            "The District requires additional time to review the records and expects to respond by "
            "December 10. Estimated fees: none are anticipated for electronic records.",
            None,
            K.EXTENSION,
        ),
        # the thread's subject is not this message's ask
        (
            "We received your email responding to the itemized statement, asking us to drop item 7. "
            "I have forwarded your response to our CFO.",
            "RE: PIR 2026-0592 Cost Estimate",
            K.OTHER,
        ),
        (
            "Do you want the click-through terms too, or only the signed agreements? Also, we "
            "don't have a separate list of data elements.",
            None,
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "The IU is taking additional time to respond; we cannot respond in five business days.",
            None,
            K.EXTENSION,
        ),
        (
            "Before denying that portion of your request, the District must give you a chance to "
            "narrow it. Would you consider limiting item 7 to specific staff? Please reply in "
            "writing with your narrowed request.",
            None,
            K.CLARIFICATION,
        ),
        (
            "The District will not be able to produce all records within the seven business days. "
            "The District proposes this schedule: batch 1 by December 4, batch 2 by December 18. "
            "If you object to this schedule, please tell me in writing.",
            None,
            K.EXTENSION,
        ),
        (
            "Scanning: 371 pages x $0.10 ....... $37.10\nElectronic records uploaded: 80 files "
            "..... $1.00\nAmount due ....... $38.15\nInstallment 2 will be released when payment "
            "is received. Pay online at https://district.example/pay",
            None,
            K.FEE_ESTIMATE,
        ),
        (
            "Please resend your request to publicinfo@district.example so it can be logged.",
            None,
            K.CLARIFICATION,
        ),  # fmt: skip
        ("We expect to have the records to you the week of December 7.", None, K.EXTENSION),
        (
            "Is this request still needed? If so, reply with the agreement numbers.",
            None,
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "The Board has decided to uphold the denial of item 7 under MCL 15.243(1)(m).",
            None,
            K.DENIAL,
        ),  # fmt: skip
        ("They are education records and are closed under RSMo § 610.021(14).", None, K.DENIAL),
        ("I have forwarded your email below to our general counsel.", None, K.ACKNOWLEDGEMENT),
    ],
)
def test_blind34_and_blind35_families(body, subject, expected):
    r = reply(body) if subject is None else reply(body, subject=subject)
    assert read(r).kind == expected


def test_a_colleague_told_that_she_agreed_is_not_her():
    ours = "Please send the records.\n\nSincerely,\n\nPat Lindqvist"
    note = "Renita -\n\nMs. Lindqvist said OK to the $61.20 so go ahead and pull the DPAs."
    r = ReplyText("RE: x", note, (), False, RECEIVED, our_text=ours)
    assert read(r).kind == K.OTHER
    relay = "Kim - please forward this to the requester.\n\nDear Pat Lindqvist: we have no records."
    assert read(dataclasses.replace(r, body=relay)).kind == K.NO_RECORDS


def test_her_first_name_shortened_or_in_full_is_her():
    ours = "Please send the records.\n\nSincerely,\n\nPatricia Lindqvist"
    for opening in ("Pat,", "Hi Pat,", "Patricia -"):
        body = opening + "\n\nAttached are the agreements you asked for."
        r = ReplyText("RE: x", body, ("Agreements.pdf",), False, RECEIVED, our_text=ours)
        assert read(r).kind == K.RECORDS_PROVIDED, opening
    other = ReplyText("RE: x", "Hi Gloria,\n\nAttached are the files.", ("A.pdf",), False,
                      RECEIVED, our_text=ours)  # fmt: skip
    assert read(other).kind == K.OTHER


@pytest.mark.parametrize(
    ("body", "received", "expected"),
    [
        (
            "Your request has been received. You will receive an e-mail each time your request is "
            "updated.",
            RECEIVED,
            K.ACKNOWLEDGEMENT,
        ),  # fmt: skip
        # N.Y. Public Officers Law § 89(3)(a): a date inside twenty business days restates the law
        (
            "We acknowledge receipt of your FOIL request. Pursuant to Public Officers Law section "
            "89(3)(a), we anticipate that a determination will be made on or before December 3, "
            "2026.",
            datetime(2026, 11, 5, 10),
            K.ACKNOWLEDGEMENT,
        ),
        (
            "We acknowledge receipt of your FOIL request. Pursuant to Public Officers Law section "
            "89(3)(a), we anticipate that a determination will be made on or before February 26, "
            "2027.",
            datetime(2026, 11, 5, 10),
            K.EXTENSION,
        ),
        (
            "Because of the volume, we are not able to grant or deny your request within twenty "
            "business days of our acknowledgement.",
            RECEIVED,
            K.EXTENSION,
        ),  # fmt: skip
        (
            "The District requires a completed Application for Public Access to Records. Please "
            "also confirm the mailing address you would like on file.",
            RECEIVED,
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "Please confirm whether you would also like agreements that involve only staff data, or "
            "only agreements under which student data is shared.\n\n"
            "https://district.nextrequest.example/requests/26-352",
            RECEIVED,
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "We have received your e-mail asking that the special service charge be waived or "
            "reduced. I have forwarded it to the Chief of Staff.",
            RECEIVED,
            K.OTHER,
        ),  # fmt: skip
    ],
)
def test_blind36_families(body, received, expected):
    assert read(reply(body, received_at=received)).kind == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Your request is logged as SA-PR-26-09. To process it I need to know what you are "
            "asking us for: 1. our own agreements, or 2. the alliance agreements we hold. Let me "
            "know which one.",
            K.CLARIFICATION,
        ),
        (
            "We received your request yesterday. Are you a citizen of Arkansas? If you are, please "
            "reply with your mailing address.",
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "The academy opened in August 2022, so nothing exists before then. Do you still want the "
            "full period, or only the current school year?",
            K.CLARIFICATION,
        ),  # fmt: skip
        (
            "We received your request on November 2. This letter is the service unit's written "
            "denial under Neb. Rev. Stat. § 84-712.04.\nReasons for denial:\n1. The agreements "
            "hold vendors' proprietary information.",
            K.DENIAL,
        ),
        # a "denial" whose only ground is that the records do not exist (MCL 15.235(5)(b))
        (
            "NOTICE OF DENIAL\nYour request is DENIED in full for the following reason:\nThe "
            "public records you requested do not exist within the district.",
            K.NO_RECORDS,
        ),
    ],
)
def test_blind37_families(body, expected):
    assert read(reply(body)).kind == expected


def test_a_portal_message_posted_is_no_release():
    r = ReplyText(
        "New message on request R000812",
        "A new message has been posted to your records request R000812 (AZ-0042: agreements "
        "involving student data). To read it, sign in:\n"
        "https://county.justfoia.example/publicportal/home/track",
        (), True, RECEIVED, sender="portal@justfoia.example",
    )  # fmt: skip
    assert read(r).kind == K.OTHER


@pytest.mark.parametrize(
    ("body", "subject", "expected"),
    [
        # empty form fields are no refusal
        (
            "Estimated cost: $45.00\nRecords withheld: None\nReason for denial: N/A\n\nPlease remit "
            "payment to proceed.",
            None,
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        # an upheld denial is decided; declined or pending is not
        (
            "The Superintendent declined to uphold the denial. The records will be released to you; "
            "the cost is $12.00, payable before release.",
            None,
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        (
            "We received your appeal. The Board will decide at its December 8 meeting whether to "
            "uphold the denial.",
            None,
            K.OTHER,
        ),  # fmt: skip
        # a closed request is not closed records (RSMo 610.021 closes records)
        (
            "Because we have not received payment, your request is now closed under RSMo 610.026.",
            None,
            K.OTHER,
        ),  # fmt: skip
        # a denial with another ground beside absence stays a denial
        (
            "Your request is denied. The agreements are confidential under Conn. Gen. Stat. "
            "10-234bb. Destruction certificates do not exist.",
            None,
            K.DENIAL,
        ),  # fmt: skip
        # fees the last round had silenced
        (
            "The estimated cost is $45.00; additional charges: none are anticipated. We will begin "
            "work when payment is received.",
            None,
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        (
            "A deposit of $45.00 is required before we begin; once it is paid no further payment is "
            "due.",
            None,
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        (
            "The agreements fit on one CD. Please remit $5.00 per CD to receive them.",
            None,
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        (
            "We received your request. The invoice is attached; the records will be released once it "
            "is paid.",
            "RE: CT-0042 Invoice - payment required",
            K.FEE_ESTIMATE,
        ),  # fmt: skip
        # asks and delays that were too wide
        (
            "We have received your request and it is being processed. There is no need to resend "
            "your request to the new portal.",
            None,
            K.ACKNOWLEDGEMENT,
        ),  # fmt: skip
        (
            "We have received your request and your completed request form. District policy "
            "requires a completed request form for every request, so thank you for including it.",
            None,
            K.ACKNOWLEDGEMENT,
        ),  # fmt: skip
        (
            "Thanks for taking some extra time to look over the list. We received your revised "
            "request and it is in process.",
            None,
            K.ACKNOWLEDGEMENT,
        ),  # fmt: skip
        (
            "Staff at the school cannot grant or deny requests; I have passed it to the Records "
            "Access Officer.",
            None,
            K.ACKNOWLEDGEMENT,
        ),  # fmt: skip
    ],
)
def test_second_review_counter_examples(body, subject, expected):
    r = reply(body) if subject is None else reply(body, subject=subject)
    assert read(r).kind == expected


def test_a_colleague_relaying_another_requesters_denial_is_not_ours():
    ours = "Please send the records.\n\nSincerely,\n\nPat Lindqvist"
    for note in ("Monique - please forward this to him.\n\nDear Mr. Haverty: Your request for the "
                 "bus camera footage is denied under FERPA.",
                 "Monique - see below.\n\nDear Patrick Olsen:\n\nYour request for the footage is "
                 "denied under FERPA."):  # fmt: skip
        r = ReplyText("RE: x", note, (), False, RECEIVED, our_text=ours)
        assert read(r).kind == K.OTHER


# --- nineteenth check (blind38-41): partial no-records answers, the law's options, status notes


@pytest.mark.parametrize(
    "body, expected",
    [
        # no records for one item while the rest goes on: the open part is the news
        ("Item 6: we have no consent logs. For items 1-5 the estimated cost is $84.00 (4 hours "
         "at $21.00); please confirm you agree before we begin.", K.FEE_ESTIMATE),
        ("We extend our response by ten business days, to December 4, 2026. As to item 3, the "
         "business office located no responsive records; the remaining items are still being "
         "gathered.", K.EXTENSION),
        ("For item 2 we do not keep a list of re-disclosures. Could you tell us which vendors "
         "you have in mind for item 5, or should we search every contract?", K.CLARIFICATION),
        # ... but a whole answer stays one, with a fee or a date beside it
        ("After a search the district located no responsive records. No fee is charged for the "
         "search.", K.NO_RECORDS),
        ("The District has no records responsive to items 1 through 7 of your request.",
         K.NO_RECORDS),
    ],
)  # fmt: skip
def test_no_records_for_some_items_yields_to_what_goes_on(body, expected):
    assert read(reply(body)).kind == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # the law's option stated in a receipt (5 ILCS 140/3(e))
        ("We received your request on November 2. A response is due November 9. The District "
         "may extend the time for response by up to five additional business days; you would be "
         "told in writing.", K.ACKNOWLEDGEMENT),
        # a promised estimate in a portal receipt, and a hypothetical about any request
        ("Your request has been received. Requests that go beyond routine will receive an "
         "estimated cost before work begins. If a request is ambiguous or overly broad, we will "
         "contact you.", K.ACKNOWLEDGEMENT),
        # a revised date in a person's words
        ("I have to revise the date I gave you: we won't be able to finish the search by "
         "December 1. My new estimate is January 12, 2027.", K.EXTENSION),
        # a status note under the date already given
        ("Quick update: we are still pulling the agreements. Nothing has changed from the date I "
         "gave you.", K.OTHER),
        ("Still gathering the contracts and we are still on track for December 11.", K.OTHER),
        # hours of work priced, not more time
        ("First hour is free, then $30/hr. I figure 4 more hours searching so about $120. You "
         "said $25 max so I am checking before I go on.", K.FEE_ESTIMATE),
        # "more hours" of delay is still a delay
        ("We need 48 more hours to finish the review; expect the records Thursday.", K.EXTENSION),
        # a deposit demanded above the law's threshold (MCL 15.234(8))
        ("Your request is granted subject to payment. Because the estimated fee exceeds $50.00, "
         "the District requires a good-faith deposit of one-half of the estimated fee before it "
         "begins.", K.FEE_ESTIMATE),
        # a threshold restated, no demand: not a fee
        ("We received your request. If the cost exceeds $25.00 we will let you know first.",
         K.ACKNOWLEDGEMENT),
        # receipts in a person's words
        ("got it, thanks. I've logged this as PRR 26-0440 and I'll get it over to our CTO.",
         K.ACKNOWLEDGEMENT),
        # the agency waits on her: resubmit through the portal, or answer questions first
        ("All records requests must be submitted through our online records portal; the "
         "custodian is unable to accept requests by email. Once submitted you will receive a "
         "tracking number.", K.CLARIFICATION),
        ("(1) All sites or only the high school? Your request will be on hold until we hear "
         "from you.", K.CLARIFICATION),
    ],
)  # fmt: skip
def test_nineteenth_check_families(body, expected):
    assert read(reply(body)).kind == expected


def test_produced_no_later_than_is_a_date_not_an_absence():
    body = ("We are unable to produce the records within seven working days. They will be "
            "produced no later than fourteen working days from receipt.")  # fmt: skip
    assert read(reply(body)).kind == K.EXTENSION


@pytest.mark.parametrize(
    "body, attachments, expected",
    [
        ("The district is therefore withholding all records responsive to your request under "
         "G.S. 132-1.9 while the litigation is pending.", (), K.DENIAL),
        ("The District has reviewed your request with counsel and is denying it in full under "
         "FERPA.", (), K.DENIAL),
        ("Decision: DENIED.\n\nRecords withheld: vendor agreements, PROTECTED under "
         "§ 63G-2-305.", (), K.DENIAL),
        # T.C.A. § 10-7-503(a)(2)(B)(iii)
        ("It is not practicable to make the requested records promptly available. They will "
         "be available on or before January 15, 2027.", (), K.EXTENSION),
        # a fee's condition is no release, and a payment link no records link
        ("The estimated cost is $412.00. A deposit of $103.00 is required before the search "
         "begins; the balance is due before the records are released. Pay online at "
         "https://pay.district.example/foia.", (), K.FEE_ESTIMATE),
        ("Most of what you're asking for is posted publicly on our privacy page: "
         "https://www.district.example/privacy. We don't have any research MOUs.", (),
         K.RECORDS_LINK),
        # her payment arrived; work resumes: a person settles what it answers
        ("Just letting you know we got your check. We're scanning now. Will be in touch.", (),
         K.OTHER),
        ("Once we have your payment, we will gather the records. Our estimate of the cost is "
         "$318.40.", (), K.FEE_ESTIMATE),
        ("The requested records are being provided in part and withheld in part.\n\nProvided "
         "(attached):\n1. Signed agreements", ("Agreements_1of2.pdf",), K.RECORDS_PROVIDED),
        ("Here's the Quikpass and ReadyStep DPAs to start. Rest coming later this week.",
         ("Quikpass_DPA.pdf", "ReadyStep_DPA.pdf"), K.RECORDS_PROVIDED),
        # a receipt's rules for any request
        ("Your request has been received. If your request needs clarification, staff will "
         "contact you. If District staff need more information, they will contact you.", (),
         K.ACKNOWLEDGEMENT),
        ("Your request has been received. The District responds within three working days, or "
         "up to seven more working days if extenuating circumstances apply.", (),
         K.ACKNOWLEDGEMENT),
        ("Hi Pat - got this, it's logged as PRR 26-0311. I'm forwarding to her.", (),
         K.ACKNOWLEDGEMENT),
        # a delay notice offering to narrow is no question
        ("The earliest date the records will be available is January 15, 2027. If you choose "
         "to narrow the request we could produce sooner; that is up to you.", (), K.EXTENSION),
        # a status note under the date given
        ("We're still working on your request and are still on track for the December 11 date "
         "I gave you. Nothing is needed from you.", (), K.OTHER),
        # a rate table beside a question is no fee
        ("Before we can process your request, please provide proof of Tennessee citizenship. "
         "For your information, the District charges $0.15 per black-and-white page.", (),
         K.CLARIFICATION),
        # Utah's notice of denial whose ticked box is "does not maintain the record"
        ("Your request is denied for the following reason(s):\n[ ] The record is protected.\n"
         "[X] The District does not maintain the record requested.", (), K.NO_RECORDS),
        ("For the reasons below, the request is denied as ambiguous and overly broad. The "
         "District does not maintain its records by reference to whether a contract involves "
         "student data.", (), K.DENIAL),
    ],
)  # fmt: skip
def test_nineteenth_check_second_families(body, attachments, expected):
    assert read(reply(body, attachments=attachments)).kind == expected


def test_a_custodians_certification_is_read_like_a_letter():
    letter = AttachedText(
        "Certification_1VSA318.pdf",
        "CERTIFICATION OF RECORDS CUSTODIAN\n\nI certify that the District has no records "
        "responsive to items 1 through 7 of your request.",
    )
    body = reply("Please see the attached certification in response to your request.",
                 attachments=("Certification_1VSA318.pdf",))  # fmt: skip
    assert read_with_attachments(body, [letter]).kind == K.NO_RECORDS


def test_a_drive_share_notice_is_a_records_link():
    body = ("Records Office shared a folder with you\n\n\"Pat - here are the records for your "
            "request.\"\n\nhttps://drive.google.com/drive/folders/1qT8vUx3?usp=sharing")  # fmt: skip
    assert read(reply(body)).kind == K.RECORDS_LINK


@pytest.mark.parametrize(
    "body, expected",
    [
        ("The District is extending the time to respond by five business days under 5 ILCS "
         "140/3(e), as the request requires the collection of a substantial number of records. "
         "You will receive a response on or before November 16.", K.EXTENSION),
        ("Your request was received. We will notify you in writing within ten (10) business "
         "days if additional time, an Attorney General decision, or a statement of estimated "
         "charges is required.", K.ACKNOWLEDGEMENT),
        ("Please send proof of TN citizenship (a copy of a driver's license is fine) and we "
         "will begin processing your request.", K.CLARIFICATION),
        ("A new message regarding Public Records Request PRR-1187 has been posted.\n\nFor item "
         "7, could you give us search terms? We will hold that item until we hear from you.\n"
         "https://district.justfoia.example/publicportal/home/track", K.CLARIFICATION),
        ("Your organization is outside Virginia, so the School Board respectfully declines to "
         "process it under FOIA. Va. Code § 2.2-3704(A).", K.DENIAL),
        ("We don't release vendor contracts, they contain proprietary vendor information. "
         "Sorry we can't help with this one.", K.DENIAL),
        ("Closure reason:\nDenied - The requestor did not provide proof of Tennessee "
         "citizenship.", K.DENIAL),
        # not a refusal: what the district does not release in general, said conditionally
        ("If we don't release all the contracts at once, we will send them in batches.",
         K.OTHER),
    ],
)  # fmt: skip
def test_blind44_families(body, expected):
    assert read(reply(body)).kind == expected


def test_hard_wrapped_lines_are_read_as_one_sentence():
    from foia_tracker.intake.reply_text import unwrap

    wrapped = (
        "Thank you for your request. If the charges for your request are estimated to exceed\n"
        "$40.00, you will receive an itemized statement of estimated charges before any work\n"
        "is performed. Your request has been received and is being processed by our records\n"
        "office, which will respond within ten business days of the date it was received.\n"
        "\n"
        "1. Agreements with vendors\n"
        "2. Data element lists\n"
        "Date: November 3, 2026"
    )
    text = unwrap(wrapped)
    assert (
        "exceed $40.00, you will receive an itemized statement of estimated charges before" in text
    )
    assert "\n\n1. Agreements with vendors\n2. Data element lists\nDate: November 3, 2026" in text
    assert read(reply(wrapped)).kind == K.ACKNOWLEDGEMENT


def test_short_lines_are_the_writers_own_breaks():
    from foia_tracker.intake.reply_text import unwrap

    note = "Hi Pat,\nGot it.\nWill send\nthe minutes Friday.\n\nTasha"
    assert unwrap(note) == note
    table = "Search 4.0 hrs x $20 ........ $80.00\nCopies ........................ $0.00\n" * 3
    assert unwrap(table) == table


def test_an_appeal_offices_rule_on_extensions_is_no_delay():
    body = ("This notice confirms that the Office received the above-captioned appeal. A final "
            "determination will be issued within thirty (30) days unless the requester agrees "
            "to an extension.")  # fmt: skip
    assert read(reply(body)).kind == K.OTHER


@pytest.mark.parametrize(
    "body, attachments, expected",
    [
        ("Your request has been received. Student education records are confidential under "
         "s. 1002.22, F.S. and will not be released through this process.", (),
         K.ACKNOWLEDGEMENT),
        ("Access to the records you asked for cannot be provided immediately, and the District "
         "will need more time. The earliest date the records will be available is December 4.",
         (), K.EXTENSION),
        ("I'm sorry, but we will not be releasing the records today. Our new estimated date is "
         "March 19, 2027.", (), K.EXTENSION),
        # a refusal in time is still one
        ("The records cannot be released at this time because of the pending litigation, and "
         "the District is withholding them under G.S. 132-1.9.", (), K.DENIAL),
        ("Your request is: [X] Granted in part / denied in part\n\nStudent names will be "
         "redacted. TOTAL FEE: $386.41. A deposit of $193.21 is required before we process your "
         "request.", (), K.FEE_ESTIMATE),
        ("To give you a realistic schedule, would you agree to limit item 7 to the last three "
         "years?", (), K.CLARIFICATION),
        ("The Custodian is unable to process the request as submitted. So that we may fulfill "
         "your request, please advise:\n1. the names of the vendors", (), K.CLARIFICATION),
        ("Your message was sent to the former district office address. This cooperative does "
         "not hold the data you requested; please write to the new district.", (), K.NO_RECORDS),
        ("The production is at https://district.box.com/s/abc123. An index of the production "
         "is attached.", ("FOI Production Index.pdf",), K.RECORDS_LINK),
        ("We have asked the Supervisor for more time, to March 31. Nothing has changed about "
         "the fee estimate in our January letter, which you accepted.", (), K.EXTENSION),
        ("We will not be able to finish by March 5. Your deposit of $132.99 was received on "
         "February 4 and work began that day. Our revised estimate is April 9.", (),
         K.EXTENSION),
        ("Your online payment for the $113.77 deposit didn't go through -- it shows as "
         "declined. You can try the page again.", (), K.OTHER),
        ("We have not received your agreement to the estimated cost of $61.20, so we are "
         "closing the request as of today.", (), K.OTHER),
        ("Your request has been closed for lack of a reply. You are welcome to submit a new "
         "request at any time.", (), K.OTHER),
        # a fee still asked beside a payment received
        ("We received your deposit of $50.00. The balance of $50.00 is due before release.", (),
         K.FEE_ESTIMATE),
    ],
)  # fmt: skip
def test_blind42_43_families(body, attachments, expected):
    assert read(reply(body, attachments=attachments)).kind == expected


def test_a_staff_note_to_a_colleague_with_a_double_dash_is_not_ours():
    r = ReplyText("RE: x", "Monica -- can you check with Tom? Also did she ever pay the $148?",
                  (), False, RECEIVED, our_text="Please send the records.\n\nPat Lindqvist")  # fmt: skip
    assert read(r).kind == K.OTHER


@pytest.mark.parametrize(
    "body, attachments, expected",
    [
        ("Decision: DENIED.\n\nRecords withheld: vendor agreements, PROTECTED under "
         "§ 63G-2-305.", (), K.DENIAL),
        ("Records Office shared a folder with you\n\n\"here are the records.\"\n\n"
         "https://drive.google.com/drive/folders/1qT8?usp=sharing\n\nUnsubscribe from these "
         "emails", (), K.RECORDS_LINK),
        ("Pat - we're taking the 7 additional working days under CORA. You'll get records or a "
         "cost estimate by 11/16.", (), K.EXTENSION),
        ("Under O.C.G.A. § 50-18-71(d), the estimated cost of your request (ORR-26-118) is "
         "$64.75, with no charge for the first 15 minutes. We will not begin until you confirm "
         "you agree to pay.", (), K.FEE_ESTIMATE),
        ("Items 1-3 are all posted on our SOPPA page: "
         "https://www.district.example/families/soppa", (), K.RECORDS_LINK),
        ("The County Commission is not the custodian of any school system records; please write "
         "to the Board of Education.", (), K.NO_RECORDS),
    ],
)  # fmt: skip
def test_blind41_44_last_families(body, attachments, expected):
    assert read(reply(body, attachments=attachments)).kind == expected


def test_a_notice_read_as_a_letter_by_its_request_number():
    letter = AttachedText("Notice_of_Denial_2026-117.pdf",
                          "NOTICE OF DENIAL\n\nRequest No.: 2026-117\n\nDecision: DENIED.\n\n"
                          "Records withheld: agreements, PROTECTED under § 63G-2-305.")  # fmt: skip
    body = reply("The District's response to your GRAMA request 2026-117 is attached.",
                 attachments=("Notice_of_Denial_2026-117.pdf",))  # fmt: skip
    assert read_with_attachments(body, [letter]).kind == K.DENIAL


@pytest.mark.parametrize(
    "body, expected",
    [
        # posted price lists, thresholds and extras ask for nothing
        ("This letter acknowledges receipt of your request.\n\nCopying fees: $0.25 per page; "
         "$1.00 per page (11x17); CD/DVD $1.00; USB drive at actual cost.", K.ACKNOWLEDGEMENT),
        ("This message confirms that your request arrived and has been logged. Total charges "
         "under $2.00 are waived.", K.ACKNOWLEDGEMENT),
        ("Thanks for the records question. If you need a hard copy mailed to you as well, the "
         "fee is $5.00.", K.OTHER),
        ("We received your $40.00 check for the 50% prepayment - mahalo.", K.OTHER),
        ("We show two card payments of $206.85 on November 11, which looks like the payment page "
         "was submitted twice. We will be in touch about the refund.", K.OTHER),
        ("We have received your request. Under HAR § 2-71-13 we will send you a Notice within ten "
         "business days, which will state any estimated fees.", K.ACKNOWLEDGEMENT),
        # a stated cost with a free part, and payment in advance above the law's threshold
        ("Cost: the first two hours are at no charge and staff time beyond that is billed at "
         "$25.00 per hour. 9 hours x $25.00 = $225.00. Because the estimated cost exceeds $100, "
         "the District requires payment in advance.", K.FEE_ESTIMATE),
        ("Our rate is $19.20 per hour, so the estimated cost is 4.5 hours x $19.20 = $86.40. Our "
         "district is small and does not keep these agreements in one place.", K.FEE_ESTIMATE),
        ("We count approximately 688 pages, for an estimated total of $275.20. Copies will be "
         "emailed once payment is received; we are not permitted to release copies before "
         "payment.", K.FEE_ESTIMATE),
        # delays in the law's and in a person's words
        ("The District is not able with reasonable good faith efforts to fulfill it within four "
         "business days. The earliest practicable date for fulfilling your request is December "
         "11, 2026.", K.EXTENSION),
        ("Realistically I don't think we can get everything reviewed and over to you before "
         "February 12. I know that's later than what I said originally.", K.EXTENSION),
        # the law's menu of responses decides nothing
        ("Your request has been received. A public body must respond within 5 business days by "
         "granting the request, denying it, granting it in part and denying it in part, or "
         "issuing a notice extending the response period.", K.ACKNOWLEDGEMENT),
        # questions
        ("Could you give us (a) the staff members whose email you want searched and (b) up to ten "
         "search terms?", K.CLARIFICATION),
        ("Board Policy requires the requester's name and mailing address. Could you please reply "
         "with that information, or fill out the attached form and send it back?",
         K.CLARIFICATION),
        ("We received your request and will respond by November 17. Should you wish to clarify "
         "or narrow the request in the meantime, please contact me.", K.ACKNOWLEDGEMENT),
    ],
)  # fmt: skip
def test_blind45_46_families(body, expected):
    assert read(reply(body)).kind == expected


def test_a_texas_itemized_statement_is_read_like_a_letter():
    statement = AttachedText(
        "Itemized_Statement_of_Estimated_Charges_R002144.pdf",
        "ITEMIZED STATEMENT OF ESTIMATED CHARGES\n\nRequest No.: R002144\n\nLabor (15.0 hours x "
        "$15.00/hour) $225.00\nTOTAL ESTIMATED CHARGES $270.00\n\nItem 4: the District has "
        "located no records responsive to this item.\n\nThe District requires a deposit of "
        "$135.00 before beginning work.",
    )
    body = reply("A response has been posted to your request. Please review the attached document.",
                 attachments=(statement.filename,))  # fmt: skip
    result = read_with_attachments(body, [statement])
    assert result.kind == K.FEE_ESTIMATE and result.facts["fee_amount"] == "270.00"


# The twenty-first check (blind47, blind48): families the tables lacked, in our own words.
TWENTY_FIRST = [
    ("My new date for the second batch is Friday, February 19, 2027.", (), K.EXTENSION),
    (
        "The earliest date I can give you for the signed contracts is January 15, 2027.",
        (),
        K.EXTENSION,
    ),
    (
        "Because of the vendor notices, the production will instead go out on or before April 2, "
        "2027.",
        (),
        K.EXTENSION,
    ),
    ("Realistically you should plan on hearing from us by January 8.", (), K.EXTENSION),
    (
        "Responsive records exist but are not available yet. We expect the first group by "
        "November 20.",
        (),
        K.EXTENSION,
    ),
    (
        "Because of that, the records will not be ready within the three business days the "
        "statute contemplates.",
        (),
        K.EXTENSION,
    ),
    (
        "Would it be enough for item 1 if we sent the 23 signed agreements and the app inventory?",
        (),
        K.CLARIFICATION,
    ),
    (
        "For item 6 do you want each school's forms or is the district template enough?",
        (),
        K.CLARIFICATION,
    ),
    ("Is it okay if we start the email search at July 2021?", (), K.CLARIFICATION),
    (
        "Before any final decision the District asks that you consider one or more of the "
        "following:\n1. Limit items 1-4 to one school year.\n2. Name the organizations.",
        (),
        K.CLARIFICATION,
    ),
    (
        "Attached:\n - the agreements now in effect\n - the board resolutions",
        ("DSAs.pdf", "Resolutions.pdf"),
        K.RECORDS_PROVIDED,
    ),
    (
        "here you go - attaching the minutes and the first three agreements. The rest is still "
        "being pulled.",
        ("minutes.pdf", "agreements.pdf"),
        K.RECORDS_PROVIDED,
    ),
    ("I am sending copies electronically, as you asked.", ("agreements.pdf",), K.RECORDS_PROVIDED),
    (
        "Our letter is attached and its text follows. The District is withholding all records "
        "responsive to your request under Education Code section 49076.",
        ("Response.pdf",),
        K.DENIAL,
    ),
    (
        "The District is taking an additional thirty (30) days to respond and expects to respond "
        "on or before December 9, 2026.\nEstimated fees: $0.00 (you will be told before any "
        "charge).",
        (),
        K.EXTENSION,
    ),
]
NOT_THE_KIND = [
    ("Under ORS 192.329 we will either complete our response or give you a written estimate "
     "of the date of completion within ten business days.", K.EXTENSION),
    ("The Office will issue its decision within twenty business days, unless that period is "
     "extended in unusual circumstances.", K.EXTENSION),
    ("Do you want the second payment refunded or put toward the balance?", K.CLARIFICATION),
    ("To check status, log in at https://portal.example/rs/ using your address. If staff need "
     "you to clarify your request, a message will appear in your account.", K.CLARIFICATION),
    ("Your payment has been received.\nPayment Amount: $58.72\nBalance Due: $0.00",
     K.FEE_ESTIMATE),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), TWENTY_FIRST)
def test_twenty_first_check_families(body, names, kind):
    assert read(reply(body, attachments=names)).kind == kind


@pytest.mark.parametrize(("body", "not_kind"), NOT_THE_KIND)
def test_twenty_first_check_guards(body, not_kind):
    assert read(reply(body)).kind != not_kind


def test_a_hard_wrapped_letter_is_about_the_request():
    letter = AttachedText(
        "Final_Response_26-R-0419.pdf",
        "FINAL RESPONSE\nDear Ms. Lindqvist:\nThe search found no records responsive to your\n"
        "request. This is the District's final response.",
    )
    message = reply("Please see the attached final response.", attachments=[letter.filename])
    assert read_with_attachments(message, [letter]).kind == K.NO_RECORDS


def test_a_receipt_restating_a_period_with_a_clause_in_it_is_no_extension():
    # KRS 61.880(1), restated with its own aside; the date is within the five days.
    body = (
        "The District received your request today. Under KRS 61.880(1) the District has five "
        "business days, excluding weekends and legal holidays, to respond. You may expect the "
        "District's written response on or before Friday, November 27, 2026."
    )
    assert read(reply(body)).kind == K.ACKNOWLEDGEMENT
    later = body.replace("November 27", "December 18")  # beyond the period: a later date
    assert read(reply(later)).kind == K.EXTENSION


# The twenty-second check (blind49, blind50): in our own words.
TWENTY_SECOND = [
    ("The division will take the seven more working days the law allows and will respond by "
     "November 19. No records are being withheld at this time.", (), K.EXTENSION),
    ("To process item 7, please give (1) the sender or recipient, (2) a date range and (3) key "
     "words.", (), K.CLARIFICATION),
    ("Could you revise item 7 by telling us whose e-mail to search?", (), K.CLARIFICATION),
    ("I've attached the list of every vendor since 2020. Could you mark the ones you want in "
     "column D and send it back?", ("Vendor_List.xlsx",), K.CLARIFICATION),
    ("Everything we have is already posted on our website: https://district.example/privacy",
     (), K.RECORDS_LINK),
    ("The approvals are in the minutes. They're on our website: https://district.example/minutes",
     (), K.RECORDS_LINK),
    ("After review, the District has determined that those redactions will remain.", (),
     K.DENIAL),
    ("We now anticipate granting or denying the request in full by February 26, 2027.", (),
     K.EXTENSION),
    ("I certify that the district has no record of that kind under any name known to me.", (),
     K.NO_RECORDS),
    ("Here is our estimate: 3.5 hours at $21.40 per hour, or $74.90. We expect to provide the "
     "copies within 10 business days after the deposit is received.", (), K.FEE_ESTIMATE),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), TWENTY_SECOND)
def test_twenty_second_check_families(body, names, kind):
    assert read(reply(body, attachments=names)).kind == kind


def test_a_second_check_that_arrived_asks_no_fee():
    body = "Your second check, no. 1182 for $38.50, arrived today. The receipt is attached."
    assert read(reply(body, attachments=["Receipt_4471.pdf"])).kind != K.FEE_ESTIMATE


def test_a_portals_standing_note_on_exempt_records_is_no_refusal():
    body = (
        "Your amendment to request RTK 2026-0311 was received and added to the request file.\n"
        "Please note: records exempt from public access under Section 708(b), including records "
        "protected by FERPA, will not be released. This notice is generated automatically."
    )
    assert read(reply(body, automated=True)).kind != K.DENIAL


def test_an_attached_invoice_decides_like_a_letter():
    invoice = AttachedText(
        "FOIA_Invoice_2026-0812.pdf",
        "COST ESTIMATE / INVOICE\nRequest: DOE-FOIA-2026-0812\nStaff time 5.25 hrs @ $27.88/hr "
        "... $146.37\nTOTAL ESTIMATED FEES ... $146.37\nPayment in full is required before "
        "records are released.",
    )
    message = reply("Please see the attached.", attachments=[invoice.filename])
    result = read_with_attachments(message, [invoice])
    assert result.kind == K.FEE_ESTIMATE
    assert result.facts["fee_amount"] == "146.37"


# A review's counter-examples to the twenty-first and twenty-second checks (in our own words).
REVIEW_NOT_THE_KIND = [
    ("The agreements will be discussed at the board meeting. The new date of the meeting is "
     "Tuesday, January 12, 2027.", (), K.EXTENSION),
    ("Your records are ready. Do you want to pick them up at the front office or should we mail "
     "them?", (), K.CLARIFICATION),
    ("Would it be okay if we send the rest on a flash drive?", (), K.CLARIFICATION),
    ("You can plan on receiving the invoice by email.", (), K.EXTENSION),
    ("The 2025 audit exists but is not available to the public.", (), K.EXTENSION),
    ("Please send the following: (1) a check for $42.50 payable to the District.", (),
     K.CLARIFICATION),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "not_kind"), REVIEW_NOT_THE_KIND)
def test_fourth_review_counter_examples(body, names, not_kind):
    assert read(reply(body, attachments=names)).kind != not_kind


def test_a_record_named_invoice_is_no_fee_letter():
    record = AttachedText(
        "BlueBird_Invoice_Nov2025.pdf", "Request: route 17 service\nTotal due: $31,220.00"
    )
    message = reply("Please see attached.", attachments=[record.filename])
    assert read_with_attachments(message, [record]).kind != K.FEE_ESTIMATE


def test_documents_sent_to_someone_else_are_no_production():
    message = reply("We are sending the documents to our legal counsel for review.",
                    attachments=["notes.pdf"])  # fmt: skip
    assert not any("sending" in p for p in read(message).phrases)  # only the bare file's rule


# The twenty-third check (blind51, blind52): what is no kind, in our own words.
TWENTY_THIRD_NOT = [
    ("We received your request today. Should the District need clarification of any item, I "
     "will contact you.", (), K.CLARIFICATION),
    ("I'm a trustee, not staff, so I don't keep any of those records. Try the district office.",
     (), K.NO_RECORDS),
    ("The District has been unable to identify the records sought in item 7 from the "
     "description given.", (), K.NO_RECORDS),
    ("Any record or portion of a record the District withholds would be identified with the "
     "provision relied upon.", (), K.DENIAL),
    ("Jo Clerk would like to recall the message, \"Notice of Denial - Records Do Not Exist\".",
     (), K.NO_RECORDS),
    ("The Office of Open Records has received an appeal. Please see the attached Official "
     "Notice of Appeal.", ("Official_Notice_of_Appeal_AP_2026-3318.pdf",), K.RECORDS_PROVIDED),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "not_kind"), TWENTY_THIRD_NOT)
def test_twenty_third_check_guards(body, names, not_kind):
    assert read(reply(body, attachments=names)).kind != not_kind


def test_a_portal_promise_to_notify_is_no_release():
    body = ("Thank you. Your payment for request #24-0912 has been received.\nYour request will "
            "continue to be processed. You will be notified when\nrecords are available.")  # fmt: skip
    notice = portal_notice("noreply@justfoia.example", "Payment received - Request #24-0912",
                           body, True)  # fmt: skip
    assert notice is None or notice.action != "records_released"


# The twenty-third check's families left open, now read (our own words).
def test_a_wish_to_know_is_a_question():
    body = ("Thanks for writing to Oakbend Schools. It would be helpful to know whether item 2 "
            "covers the apps teachers sign up for themselves, or only contracts the Board signed.")  # fmt: skip
    assert read(reply(body)).kind is K.CLARIFICATION


def test_processing_once_it_has_her_answer_is_a_question_but_not_once_paid():
    asks = ("The Office would be in a position to process the request once it has a "
            "Virginia mailing address for you.")  # fmt: skip
    assert read(reply(asks)).kind is K.CLARIFICATION
    paid = "We will be able to proceed once we receive your payment of the copying charge."
    assert read(reply(paid)).kind is not K.CLARIFICATION


def test_a_denial_whose_only_reason_is_absence_is_no_records():
    body = ("Your request of March 3 for data-sharing agreements is denied for the following\n"
            "reason only: the records you describe do not exist under the names given.")  # fmt: skip
    assert read(reply(body)).kind is K.NO_RECORDS
    exempt = ("Your request is denied for the following reason: the records are exempt under "
              "§ 13.32 and do not exist in a public form.")  # fmt: skip
    assert read(reply(exempt)).kind is K.DENIAL


def test_unless_she_agrees_to_extend_is_no_extension():
    body = ("We have received your appeal. A final determination will issue within thirty days "
            "unless you agree to extend that period.")  # fmt: skip
    assert read(reply(body)).kind is not K.EXTENSION


def test_a_portal_payment_receipt_asks_nothing():
    body = ("Thank you. Your payment of $18.75 for record request 27-0031 (Hollis County "
            "Schools) has been received.\nPayment method: card ending 0042")  # fmt: skip
    assert read(reply(body, automated=True)).kind is not K.FEE_ESTIMATE


def test_the_figure_of_a_fee_comes_from_the_attached_estimate():
    body = ("The search will take about six hours, billed at the rate in Board policy. Payment "
            "of the estimate is required before we begin. Let us know whether to proceed or "
            "whether you'd rather narrow the request.")  # fmt: skip
    estimate = AttachedText("RTK_118_Estimate.pdf",
                            "Request: RTK 118\nSearch: 6 hrs x $30.00 = $180.00\nDue before work begins: $180.00")  # fmt: skip
    got = read_with_attachments(reply(body, attachments=[estimate.filename]), [estimate])
    assert got.kind is K.FEE_ESTIMATE
    assert got.facts["fee_amount"] == "180.00"
    assert len(got.phrases) >= 2  # the body's ask and the estimate's figure


# The twenty-fourth check (blind53, blind54, and a private probe of real agency mail): families
# in our own words.
TWENTY_FOURTH = [
    # NMSA 1978, § 14-2-10: a "broad and burdensome" letter with a later date
    ("The custodian has determined that your request is excessively burdensome or broad. "
     "Additional time is therefore needed to gather the records, which we anticipate making "
     "available on or before February 12, 2027.", (), K.EXTENSION),
    ("After review, the Board has determined to withhold the research files in their entirety.",
     (), K.DENIAL),
    ("I certify that after a diligent search the District does not possess or maintain records "
     "responsive to your request.", (), K.NO_RECORDS),
    ("Before the District processes this request, please confirm by reply that you are a "
     "citizen of Arkansas.", (), K.CLARIFICATION),
    ("Before we can process the request, please:\n1. Sign the attached form, and\n2. Send a copy "
     "of a state ID.", (), K.CLARIFICATION),
    ("Items 1-3 are coming along. On item 4, before we can run the search we'll need the search "
     "terms you want used.", (), K.CLARIFICATION),
    ("Your request has been marked completed and closed due to being unduly burdensome. You may "
     "submit a new request with narrower parameters.", (), K.DENIAL),
    ("We have not found any records responsive to your request except for those that are exempt "
     "from disclosure under the state's medical privacy law.", (), K.DENIAL),
    ("There are no rosters, spreadsheets, logs, or any similar documents holding the figures "
     "you asked about.", (), K.NO_RECORDS),
    ("Those went out to you on a flash drive last month. Please advise and confirm that you did "
     "not receive it.", (), K.CLARIFICATION),
    ("The second and third installments are ready. Your documents are stored in a SharePoint "
     "folder, and I have just shared that folder with you; you will receive an email from "
     "SharePoint with an access code.", (), K.RECORDS_LINK),
    ("Attached is an initial response. Your request has been forwarded to the department "
     "likely to have the records.", ("initial-response.pdf",), K.ACKNOWLEDGEMENT),
    ("Please see the scanned letter from the Superintendent and the enclosed documents.",
     ("Scan_0042.pdf",), K.RECORDS_PROVIDED),
    ("The Sheriff's Office is not required to respond to requests from an out-of-state "
     "requester. Therefore, you will not be receiving a response to your request.", (), K.DENIAL),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), TWENTY_FOURTH)
def test_twenty_fourth_check_families(body, names, kind):
    assert read(reply(body, attachments=names)).kind is kind


TWENTY_FOURTH_NOT = [
    ("We received your request on March 1. If any part of it is unclear to the staff "
     "searching, we may contact you to clarify.", (), K.CLARIFICATION),
    ("The Police Department needs additional time to search for your records. I am unable to "
     "provide you with a status update at this time.", (), K.DENIAL),
    # a referral elsewhere is no question (first-wave t178): she may send it on, or not
    ("Our budget office says this request should go to procurement-records@city.example.", (),
     K.CLARIFICATION),
    ("Request 2019-0042 has been processed with the following final disposition: Other.", (),
     K.ACKNOWLEDGEMENT),
    ("Please contact the FOIA office and have your Request ID ready. Request status: Closed", (),
     K.ACKNOWLEDGEMENT),
    ("Thanks. Requester Name * Pat\nWhich County Office Do You Think Holds The Record(s)?\n"
     "Is This Request For Commercial Purposes?", (), K.CLARIFICATION),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "not_kind"), TWENTY_FOURTH_NOT)
def test_twenty_fourth_check_guards(body, names, not_kind):
    assert read(reply(body, attachments=names)).kind is not not_kind


def test_not_able_to_meet_the_estimated_date_is_no_refusal():
    body = ("The remaining records need review and redaction. I am not able to provide all "
            "documents by the originally estimated date of June 8, 2027; the new date is July 20, 2027.")  # fmt: skip
    assert read(reply(body)).kind is K.EXTENSION


def test_a_partial_grant_with_a_deposit_waits_on_the_deposit():
    body = ("Your request is granted in-part and denied in-part: email records do not exist for "
            "1990-1997. For the items granted, the estimated labor cost is $900.00. Please send "
            "a good faith deposit of $450.00 for us to begin processing your request.")  # fmt: skip
    got = read(reply(body))
    assert got.kind is K.FEE_ESTIMATE
    assert got.facts["deposit_amount"] == "450.00"


def test_a_response_form_with_every_box_printed_decides_nothing():
    form = AttachedText("records_request_response_form.pdf", "\n".join([
        "PUBLIC RECORD REQUEST RESPONSE FORM", "Date: __________  RE: ______________",
        "In response to your records request received on ________ our office is taking the action(s) below:",
        "Copies of public record(s) responsive to your request are attached;",
        "Your request is denied on the following grounds:",
        "You need to provide additional information to identify the requested record(s).",
        "No such record(s) exists or this office does not maintain record(s) responsive to your request.",
    ]))  # fmt: skip
    got = read_with_attachments(reply("Attached is a response to your request.",
                                      attachments=[form.filename]), [form])  # fmt: skip
    assert got.kind is K.OTHER


def test_a_weekday_and_day_of_month_is_a_date():
    got = find_new_due_date("Realistically end of next week, Friday the 19th.", date(2027, 2, 5))
    assert got is not None and got[0] == date(2027, 2, 19)
    assert find_new_due_date("Thursday the 19th.", date(2027, 2, 5)) is None  # not a Thursday


def test_new_mexicos_fifteen_day_letter_restates_the_law():
    body = ("The records you requested are not immediately available because they must be "
            "reviewed. The District will respond no later than fifteen calendar days after "
            "receipt of your request, which is November 18, 2026.")  # fmt: skip
    assert read(reply(body, received_at=datetime(2026, 11, 5, 9, 0))).kind is not K.EXTENSION


# Real agency fee mail (a private probe of public MuckRock threads; our own words here).
# (body, whether it stands the gate: one phrase and no figure goes to a person)
REAL_FEES = [
    ("There will be a cost of $40 per hour to pull these figures. I can't tell you the total in "
     "advance. If you are willing to proceed with that cost, please let me know.", True),
    ("We have not received any payment for this. We cannot continue with the request until the "
     "invoice is paid in full.", False),
    ("Please see attached invoice, which I am resending with payment instructions.", True),
    ("At this time we estimate the cost to be $600.00, based on 6 hours at $100 per hour. If you "
     "wish to proceed, please provide payment and we will begin processing your request.", True),
    ("The data can be produced with a programming effort of 30 hours at a rate of $90.00 per\n"
     "hour. The total cost to retrieve the requested data and generate a report is $2,700.00. Your report will be\n"
     "sent about ten business days after receipt of payment. To pay by check, please make it payable to the State.\n"
     "Should you have any questions, please contact the Records Access Unit at the number below, or by email.\n"
     "We are glad to discuss ways of narrowing the request to lower the cost if that would help you at all.", True),
]  # fmt: skip


@pytest.mark.parametrize(("body", "stands"), REAL_FEES)
def test_real_fee_families(body, stands):
    got = read(reply(body))
    assert got.kind is K.FEE_ESTIMATE
    if stands:
        assert len(got.phrases) >= 2 or "fee_amount" in got.facts


REAL_FEES_NOT = [
    ("I have no way of knowing the total as I do not have any idea how long it will take.",
     K.NO_RECORDS),
    ("The redactions would remove confidential information not subject to disclosure under the "
     "Act.", K.DENIAL),
]  # fmt: skip


@pytest.mark.parametrize(("body", "not_kind"), REAL_FEES_NOT)
def test_real_fee_guards(body, not_kind):
    assert read(reply(body)).kind is not not_kind


def test_not_received_any_payment_is_no_receipt():
    from foia_tracker.intake.reply_facts import PAYMENT_RECEIVED

    assert not PAYMENT_RECEIVED.search("We have not received any payment for this.")
    assert not PAYMENT_RECEIVED.search("We will continue once the invoice is paid in full.")
    assert PAYMENT_RECEIVED.search("Your balance has been paid in full.")
    assert PAYMENT_RECEIVED.search("We have received your payment of $12.")


def test_a_bounce_that_reached_the_classifier_is_no_reply():
    body = ("Delivery has failed to these recipients or groups:\nold.clerk@district.example\n\n"
            "Original message:\nMr. Clerk, is the second installment still on schedule?")  # fmt: skip
    got = read(reply(body, subject="Undeliverable: RE: PA-0042 second installment",
                     attachments=["details.txt"], automated=True))  # fmt: skip
    assert got.kind is K.OTHER


# The twenty-fifth check (blind55, blind56: relay-style mail to all kinds of agencies, with no
# letter of ours to strip echoes by), in our own words.
def test_a_request_pasted_back_in_her_voice_decides_nothing():
    body = ("Dear Mr. Reyes,\n\nThe Division received your request on May 3 and assigned it "
            "GR-0042. Your request reads:\n\n   \"Pursuant to the State Records Act, Code 12-3-101 et\n"
            "   seq., I request copies of all emails of the Director about the drought order. Please\n"
            "   provide the records in electronic form and tell me before incurring fees over $25.\"\n\n"
            "The Division will respond within ten business days.")  # fmt: skip
    got = read(reply(body))
    assert got.kind is K.ACKNOWLEDGEMENT
    assert not any("Please" in p or "fees" in p for p in got.phrases)


def test_a_portal_copy_of_the_request_is_cut_to_its_sign_off():
    from foia_tracker.intake.reply_echo import strip_pasted_request

    text = ("Your request was received.\n\nDescription:\nTo Whom It May Concern:\n\nUnder the "
            "Public Information Act, I am requesting copies of the following:\n1. Every report.\n"
            "If fees will exceed $25, please send me an estimate first.\n\nThank you,\nDana Reyes\n\n"
            "To monitor the progress of this request, log in to the portal.")  # fmt: skip
    kept = strip_pasted_request(text)
    assert "estimate" not in kept and "Dana Reyes" not in kept
    assert kept.startswith("Your request was received.") and "To monitor" in kept
    # the agency's own "I request that you" is no pasted request, and nothing without an end
    assert (
        strip_pasted_request("I request that you narrow item 4.")
        == "I request that you narrow item 4."
    )
    no_end = "Under the Act, I request copies of the contracts and I will wait for them"
    assert strip_pasted_request(no_end) == no_end


TWENTY_FIFTH = [
    ("Under K.S.A. 45-218(d), we cannot make the records available within three business days. "
     "The earliest the records will be ready is Friday, January 15, 2027.", (), K.EXTENSION),
    ("Before I send your request to IT for a query and a cost estimate, I need your answer on "
     "two things: do you want the narratives, or only the summary fields?", (), K.CLARIFICATION),
    ("The Town will not be able to provide the second installment by today, as previously "
     "estimated. We now anticipate providing that installment on or before April 2, 2027.", (),
     K.EXTENSION),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), TWENTY_FIFTH)
def test_twenty_fifth_check_families(body, names, kind):
    assert read(reply(body, attachments=names)).kind is kind


TWENTY_FIFTH_NOT = [
    ("Days during which the City is waiting for you to clarify your request or respond to a cost "
     "estimate are not counted.", K.FEE_ESTIMATE),
    ("Review will take an hour to remove information that is not public, such as home addresses. "
     "The fee is 8 hours x $40.00 = $320.00, due before we begin.", K.DENIAL),
    ("An account was created when your request was entered. Enter this verification code: "
     "551 208", K.ACKNOWLEDGEMENT),
    ("Your appeal should state the grounds on which you believe the records are public: "
     "https://appeals.example/form", K.RECORDS_LINK),
]  # fmt: skip


@pytest.mark.parametrize(("body", "not_kind"), TWENTY_FIFTH_NOT)
def test_twenty_fifth_check_guards(body, not_kind):
    assert read(reply(body)).kind is not not_kind


def test_a_checked_denied_box_whose_only_reason_is_absence_is_no_records():
    form = AttachedText("Clerk_Response_Form.pdf", "\n".join([
        "PUBLIC RECORDS REQUEST RESPONSE", "Re: your request of 11/30",
        "[ ] The records responsive to your request are attached.",
        "[X] Your request is DENIED for the following reason(s):",
        "    [ ] Your request was not sufficiently detailed.",
        "    [X] No such record exists, or the office is not the custodian of the record.",
    ]))  # fmt: skip
    got = read_with_attachments(reply("Please see the attached response.",
                                      attachments=[form.filename]), [form])  # fmt: skip
    assert got.kind is K.NO_RECORDS


def test_her_copy_of_the_agencys_brief_to_the_attorney_general_is_no_denial():
    brief = AttachedText("PIR_0042_OAG_Ruling_Request.pdf", "\n".join([
        "December 17, 2026", "Office of the Attorney General", "Open Records Division",
        "Re: Request for a ruling; public information request PIR-0042",
        "The requested reports are excepted from disclosure under section 552.108.",
    ]))  # fmt: skip
    body = ("Please find attached a copy of the City's request for a decision from the Office of "
            "the Attorney General concerning your public information request.")  # fmt: skip
    got = read_with_attachments(reply(body, attachments=[brief.filename]), [brief])
    assert got.kind is K.EXTENSION
