"""Reply classification on real-world wording: footers, our letter pasted back, passing
mentions, portal notices, request numbers, signature images, attached letters."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from foia_tracker.intake.classify import (
    AttachedText,
    ReplyKind,
    ReplyText,
    find_extension_days,
    find_tracking_number,
    read,
    read_with_attachments,
)
from foia_tracker.intake.reply_attachments import document_attachments
from foia_tracker.intake.reply_text import own_words, strip_footer, strip_our_words

K = ReplyKind
RECEIVED = datetime(2026, 11, 20, 10, 0)
REAL = Path(__file__).parent / "fixtures" / "replies_real"
OUR_LETTER = (REAL / "_our_letter.txt").read_text(encoding="utf-8")


def reply(body: str, subject: str = "RE: Public records request CT-0042", **kw) -> ReplyText:
    return ReplyText(
        subject=subject,
        body=body,
        attachment_names=tuple(kw.get("attachments", ())),
        automated=kw.get("automated", False),
        received_at=RECEIVED,
        our_text=kw.get("our_text", ""),
        sender=kw.get("sender", ""),
    )


CONFIDENTIAL_PLURAL = (
    "The contents of this message and any attachments are confidential and may be protected "
    "from disclosure under state and federal law, including FERPA."
)
ALL_CAPS = (
    "PRIVILEGED AND CONFIDENTIAL ATTORNEY-CLIENT COMMUNICATION. IF YOU RECEIVED THIS IN ERROR, "
    "DELETE IT AND NOTIFY THE SENDER."
)
STATUTE_FOOTER = (
    "Student records mentioned in this message are confidential pursuant to 20 U.S.C. § 1232g "
    "and are exempt from disclosure. They may not be shared further."
)


@pytest.mark.parametrize("footer", [CONFIDENTIAL_PLURAL, ALL_CAPS, STATUTE_FOOTER])
def test_legal_footers_are_not_refusals(footer):
    result = read(reply(f"We received your request and will respond soon.\n\n{footer}"))
    assert result.kind == K.ACKNOWLEDGEMENT
    assert "denial" not in result.facts.get("also", [])


def test_a_footer_at_the_top_is_cut_too():
    banner = "WARNING: This email originated outside the organization. Do not click links."
    assert strip_footer(f"{banner}\n\nThe district has no responsive records.") == (
        "The district has no responsive records."
    )


def test_a_refusal_about_the_records_is_kept():
    text = "The agreements are exempt under Va. Code § 2.2-3705.6 and will not be released."
    assert strip_footer(text) == text
    assert read(reply(text)).kind == K.DENIAL


def test_confidentiality_without_a_refusal_is_no_denial():
    body = "Records are confidential under FERPA and the district takes that seriously."
    assert read(reply(body)).kind == K.OTHER


@pytest.mark.parametrize(
    "body, not_kind",
    [
        ("Got it. We will contact you if we need additional information.", K.CLARIFICATION),
        ("I'm happy to help if you need clarification about the process.", K.CLARIFICATION),
        ("We received your request. A deposit may be required for large requests.", K.FEE_ESTIMATE),
        ("If your request is denied in part, you may appeal to the board.", K.DENIAL),
        ("Please let me know if you have any questions.", K.CLARIFICATION),
        # the phrase families of the third round, each beside a sentence that only looks like it
        ("We received it. If we need another week or so, we will say so.", K.EXTENSION),
        ("We received it. It will not be delayed by the holiday closure.", K.EXTENSION),
        ("We received it. The district does not decline requests for being large.", K.DENIAL),
        ("We received it. We will not decline any part of it.", K.DENIAL),
        ("We received it. This message cannot be disclosed to others.", K.DENIAL),
        ("We must decline your fee waiver request.", K.DENIAL),
        ("We received it. If a search returns no results, we will tell you.", K.NO_RECORDS),
        (
            "Our first search did not yield any records, so a wider search is now running.",
            K.NO_RECORDS,
        ),
        ("The files are not in our custody yet; the vendor sends them next week.", K.NO_RECORDS),
        (
            "If your request was successfully received, a confirmation will follow.",
            K.ACKNOWLEDGEMENT,
        ),
        ("Your account was successfully created.", K.ACKNOWLEDGEMENT),
        ("Got it, it is in the queue behind two others.", K.EXTENSION),
    ],
)
def test_passing_mentions_are_not_the_kind(body, not_kind):
    result = read(reply(body))
    assert result.kind != not_kind
    assert str(not_kind) not in result.facts.get("also", [])


@pytest.mark.parametrize(
    "body",
    [
        "We received your request on November 16. The Act gives the district four business days "
        "to respond, which would be November 20, 2026.",
        "Your request was received. A response will be provided within five business days as "
        "the statute requires, by November 27, 2026.",
        "The district has received your request. It anticipates that it can make a "
        "determination within the time allowed by the statute.",
    ],
)
def test_a_receipt_restating_the_statutory_date_is_no_extension(body):
    result = read(reply(body))
    assert result.kind == K.ACKNOWLEDGEMENT
    assert "new_due_date" not in result.facts and "extension_days" not in result.facts


def test_our_letter_pasted_back_unquoted_decides_nothing():
    # GovQA-style receipts repeat the whole request: "If you withhold any record…", fees, dates.
    body = (
        "Thank you for your interest in public records. Your request was received.\n\n"
        "Records Requested:\n" + OUR_LETTER
    )
    result = read(reply(body, our_text=OUR_LETTER))
    assert result.kind == K.ACKNOWLEDGEMENT
    assert set(result.facts.get("also", [])) <= {"acknowledgement"}
    assert "$25" not in own_words(body, OUR_LETTER)


def test_our_words_survive_rewrapping():
    ours = "If you withhold any record or part of a record, please tell me which exemption."
    theirs = "Reply:\nIf you withhold any record or\npart of a record,  please tell me which exemption.\nOK."
    assert strip_our_words(theirs, ours).split() == ["Reply:", "OK."]


@pytest.mark.parametrize(
    "body, days, unit",
    [
        ("The district needs an additional ten (10) business days to respond.", 10, "business"),
        ("The processing period has been extended by fifteen working days.", 15, "business"),
        ("We need an extra 72 hours to finish the redactions.", 3, "calendar"),
        ("IT needs more time - another two weeks.", 14, "calendar"),
        ("The district is invoking an extension of fourteen days.", 14, None),
    ],
)
def test_extension_lengths(body, days, unit):
    result = read(reply(body))
    assert result.kind == K.EXTENSION
    assert (result.facts["extension_days"], result.facts.get("extension_unit")) == (days, unit)


def test_hours_are_kept_as_hours_too():
    assert read(reply("We need an extra 72 hours.")).facts["extension_hours"] == 72


def test_the_statute_period_is_not_the_extension_length():
    assert find_extension_days("We could not respond within three business days.") is None


@pytest.mark.parametrize(
    "body, due",
    [
        ("We would like to request additional time. Would December 11 be acceptable?", None),
        ("I anticipate having everything to you by December 4.", "2026-12-04"),
        ("We will further respond to your request with updates no later than 12/15/26 due to "
         "the rolling production basis.", "2026-12-15"),
    ],
)  # fmt: skip
def test_extension_wordings(body, due):
    result = read(reply(body))
    assert result.kind == K.EXTENSION
    assert result.facts.get("new_due_date") == due


PORTALS = [
    (
        "Public Records Request :: R001234-120126",
        "Thank you for your interest in public records of Maple Valley. Your request was "
        "received and given the reference number R001234-120126 for tracking purposes.\n"
        "https://maplevalleyct.govqa.us/WEBAPP/_rs/RequestLogin.aspx",
        False,
        K.ACKNOWLEDGEMENT,
        ("govqa", "receipt", "R001234-120126", "https://maplevalleyct.govqa.us/WEBAPP/_rs/RequestLogin.aspx"),
    ),
    (
        "[Document Released to Requester]",
        "-- Write ABOVE THIS LINE to post a message that will be sent to staff. --\n"
        "A document has been released to you for record request #24-123:\n"
        "View Document: https://eastfork.nextrequest.com/documents/881",
        True,
        K.RECORDS_LINK,
        ("nextrequest", "records_released", "24-123", "https://eastfork.nextrequest.com/documents/881"),
    ),
    (
        "Records Available: W012345-010126",
        "Records responsive to your request W012345-010126 are now available in the Public "
        "Records Center. https://riverbend.govqa.us/WEBAPP/_rs/supporthome.aspx",
        True,
        K.RECORDS_LINK,
        ("govqa", "records_released", "W012345-010126", "https://riverbend.govqa.us/WEBAPP/_rs/supporthome.aspx"),
    ),
    (
        "You have a new message - Request R001234-120126",
        "You have a new message regarding your public records request R001234-120126. Please "
        "log into the Public Records Center to view it.",
        True,
        K.OTHER,
        ("govqa", "message", "R001234-120126", None),
    ),
    (
        "Request Closed - 2026-118",
        "Your request 2026-118 has been closed. Log in to the JustFOIA portal for details.",
        True,
        K.OTHER,
        ("justfoia", "closed", "2026-118", None),
    ),
    (
        "FOIAonline: Request EPA-2026-004512 Submitted",
        "Your request has been submitted to the agency and has been assigned the tracking "
        "number EPA-2026-004512. https://foiaonline.gov/foiaonline/action/public/home",
        True,
        K.ACKNOWLEDGEMENT,
        ("foiaonline", "receipt", "EPA-2026-004512", "https://foiaonline.gov/foiaonline/action/public/home"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("subject, body, automated, kind, portal", PORTALS)
def test_portal_notices(subject, body, automated, kind, portal):
    result = read(reply(body, subject=subject, automated=automated))
    assert result.kind == kind
    found = result.facts["portal"]
    assert (found["name"], found["action"], found["request_number"], found["link"]) == portal
    assert result.facts["tracking_number"] == portal[2]


def test_a_clerk_linking_to_the_portal_is_no_portal_notice():
    body = "Please resubmit your request at https://eastfork.nextrequest.com so it is logged."
    assert "portal" not in read(reply(body)).facts


def test_a_portal_sender_is_enough():
    result = read(reply("Your request was received.", sender="noreply@justfoia.com"))
    assert result.facts["portal"]["name"] == "justfoia"


@pytest.mark.parametrize(
    "text, number",
    [
        ("Reference # P010012-092726.", "P010012-092726"),
        ("Your request has been assigned number 22-23-93 in our log.", "22-23-93"),
        ("It's been logged under number 2026-77.", "2026-77"),
        ("This confirms we have your request, number 26-0412.", "26-0412"),
        ("Request Number: 2026-118", "2026-118"),
        ("View request #24-123", "24-123"),
        ("Your Public Records Request (PRR-2026-1187) was created.", "PRR-2026-1187"),
        # the whole number, never its first two parts
        ("The district needs more time on your request 2026-118-00452.", "2026-118-00452"),
        ("FOIL Request 2026-118-00980 - Determination", "2026-118-00980"),
    ],
)
def test_tracking_numbers(text, number):
    assert find_tracking_number(text)[0] == number


def test_our_ref_is_never_the_tracking_number():
    assert find_tracking_number("Request # CT-0042 received") is None


@pytest.mark.parametrize(
    "names",
    [("~WRD000.jpg",), ("image001.png", "image002.png"), ("image001",), ("Outlook-signature.png",)],
)
def test_signature_images_are_not_documents(names):
    assert document_attachments(names) == ()
    body = "We need additional time to finish. We expect to respond by December 11, 2026."
    assert read(reply(body, attachments=names)).kind == K.EXTENSION


def test_a_file_named_response_needs_record_words_to_be_records():
    assert (
        read(reply("Please see the attached response.", attachments=("Response.pdf",))).kind
        == K.OTHER
    )
    body = "Our response is attached, including the agreements. Student names are redacted."
    assert read(reply(body, attachments=("Response.pdf",))).kind == K.RECORDS_PROVIDED


LETTER = (
    "Re: Public records request CT-0042\n\nDear Ms. Lindqvist:\n\nThe district denies the "
    "request for the data-element schedules, which are exempt under Conn. Gen. Stat. "
    "§ 1-210(b)(19).\n\nSuperintendent"
)


def test_the_attached_letter_decides():
    message = reply("Please see the attached letter.", attachments=("Letter.pdf", "image001.png"))
    assert read(message).kind == K.OTHER
    result = read_with_attachments(message, [AttachedText("Letter.pdf", LETTER, pages=1)])
    assert result.kind == K.DENIAL
    assert result.facts["decided_by"] == "attachment:Letter.pdf"
    assert "Conn. Gen. Stat. § 1-210(b)(19)" in result.facts["exemptions"]
    assert result.phrases


def test_records_stay_records_beside_a_cover_letter():
    cover = "Dear Pat,\n\nEnclosed are the records responsive to your request.\n\nRecords Office"
    message = reply(
        "Please see the attached response and records.",
        attachments=("Response_Letter.pdf", "BrightPath_DSA.pdf"),
    )
    result = read_with_attachments(message, [AttachedText("Response_Letter.pdf", cover)])
    assert result.kind == K.RECORDS_PROVIDED
    assert result.facts["documents"] == ["BrightPath_DSA.pdf"]


def test_a_long_file_or_one_not_about_the_request_is_not_read_as_the_letter():
    message = reply("Please see the attached letter.", attachments=("Letter.pdf",))
    long_one = AttachedText("Letter.pdf", LETTER, pages=40)
    assert read_with_attachments(message, [long_one]).kind == K.OTHER
    unrelated = AttachedText("Letter.pdf", "Dear Ms. Lindqvist: thank you for your letter.")
    assert read_with_attachments(message, [unrelated]).kind == K.OTHER


def test_a_body_that_decides_is_not_overruled_by_a_letter():
    message = reply("The district has no records responsive to your request.")
    result = read_with_attachments(message, [AttachedText("Letter.pdf", LETTER)])
    assert result.kind == K.NO_RECORDS


# --- the corpus ---------------------------------------------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import classify_eval  # noqa: E402


@pytest.mark.parametrize("name", ["real-tune", "real-heldout", "real-blind", "real-blind2"])
def test_real_corpus_never_names_a_wrong_kind(name):
    outcomes = classify_eval.evaluate(classify_eval.load_set(name), gate=False)
    wrong_named = [o.sample.name for o in outcomes if o.kind != "other" and not o.right]
    assert wrong_named == []
    named = [o for o in outcomes if o.sample.expected != "other"]
    assert sum(o.right for o in named) / len(named) >= 0.9


# Every blind set is tuned on after its first run (docs/classification.md keeps the first runs).
# What each scores now is a floor, and its wrong named kinds are the only ones allowed: a fix for
# one set that breaks another set's reply fails here.
TUNED_BLIND = {
    "real-blind3": (83, {"d-other-04", "d-other-06"}),
    "real-blind4": (83, {"e-other-10"}),
    "real-blind6": (66, {"h-other-05", "h-other-09"}),
    "real-blind7": (67, {"i-other-11", "i-other-12", "i-other-13"}),
    "real-blind8": (65, {"j-other-04", "j-other-05", "j-other-08", "j-other-10", "j-other-11"}),
    "real-blind9": (64, set()),
    "real-blind10": (63, set()),
    "real-blind11": (67, {"n-link-05"}),
    "real-blind12": (64, set()),
    "real-blind13": (67, set()),
    "real-blind14": (65, set()),
    "real-blind15": (66, set()),
    "real-blind16": (63, set()),
    "real-blind17": (63, set()),
    "real-blind18": (64, set()),
    "real-blind19": (62, {"w-clar-03"}),
    "real-blind20": (63, set()),
    "real-blind21": (67, set()),
    "real-blind22": (66, set()),
    "real-blind23": (69, set()),
    "real-blind24": (66, set()),
    "real-blind25": (69, set()),
    # the fifteenth check (docs/classification.md): k-other-07 and gc-other-05 are left as
    # label disputes (a forward to counsel; another requester's parking citations)
    "real-blind26": (64, set()),
    "real-blind27": (66, {"k-other-07"}),
    "real-blind28": (63, set()),
    "real-blind29": (62, set()),
    "real-blind30": (65, {"gc-other-05"}),
    "real-blind31": (62, set()),
    "real-blind32": (62, set()),
    "real-blind33": (62, set()),
    # the sixteenth check: kg-den-04 is the Texas AG-ruling label dispute (withheld until the
    # ruling: the project reads the AG's clock, this author a denial)
    "real-blind34": (61, {"kg-den-04"}),
    "real-blind35": (61, set()),
    "real-blind36": (59, set()),
    "real-blind37": (60, set()),
    # the nineteenth check: appeal receipts labelled acknowledgement go to other (the project's
    # rule); left wrong: a Hawaii notice withholding portions beside its fee (kp-fee-05), a delay
    # note about another request (kp-other-06), a Washington five-day letter's installment
    # estimate (kq-ack-05), an invoice for another request (ks-other-06), a bare "still working
    # on it" (ks-other-07)
    "real-blind38": (62, set()),
    "real-blind39": (62, set()),
    "real-blind40": (64, set()),
    "real-blind41": (61, {"kp-fee-05", "kp-other-06"}),
    "real-blind42": (63, {"kq-ack-05"}),
    "real-blind43": (65, set()),
    "real-blind44": (62, {"ks-other-06", "ks-other-07"}),
    # after the third review: two status notes read as receipts are left (ku-other-06, -08)
    "real-blind45": (59, set()),
    "real-blind46": (61, {"ku-other-06", "ku-other-08"}),
    # the twenty-first check: a scan with no readable text read as records (kv-other-11); no
    # records for the terms of service beside a question about item 1 (kw-clar-01)
    "real-blind47": (63, {"kv-other-11"}),
    "real-blind48": (63, {"kw-clar-01"}),
    # the twenty-second check: a fee with a choice to stop at her $25 (ky-clar-03, read as the
    # fee); a thank-you that closes the request read as a receipt (ky-other-11)
    "real-blind49": (64, set()),
    "real-blind50": (61, {"ky-clar-03", "ky-other-11"}),
    # the twenty-third check (fixed only what is no kind): left wrong, a fee offering to narrow
    # (kz-fee-07), a receipt above a question (kz-clar-06), a portal's payment receipt read as a
    # fee (kz-other-03), thank-you receipts above questions (la-clar-01, -03), a Michigan
    # 15.235(5)(b) notice read as a denial (la-none-03), an appeal office's rule (la-other-04)
    "real-blind51": (58, {"kz-clar-06"}),
    "real-blind52": (57, set()),
    "real-blind53": (63, {"lb-other-09"}),
    "real-blind54": (62, {"lc-ext-06", "lc-other-04"}),
    "real-blind55": (62, {"ld-clar-05", "ld-ext-06"}),
    "real-blind56": (59, {"le-other-07", "le-other-10", "le-rec-03"}),
}


@pytest.mark.parametrize("name", sorted(TUNED_BLIND))
def test_tuned_blind_sets_keep_their_scores(name):
    floor, allowed = TUNED_BLIND[name]
    outcomes = classify_eval.evaluate(classify_eval.load_set(name), gate=False)
    wrong_named = {o.sample.name for o in outcomes if o.kind != "other" and not o.right}
    assert wrong_named <= allowed
    assert sum(o.right for o in outcomes) >= floor


def test_every_named_kind_keeps_its_evidence():
    for name in ("real-tune", "real-heldout", "real-blind", "real-blind2"):
        for o in classify_eval.evaluate(classify_eval.load_set(name), gate=False):
            if o.kind != "other":
                assert o.phrases, o.sample.name


def test_the_split_is_fixed_and_both_parts_are_used():
    names = [p.stem for p in REAL.glob("*.txt") if not p.name.startswith("_")]
    parts = {classify_eval.split_of(n) for n in names}
    assert parts == {"real-tune", "real-heldout"}
    assert classify_eval.split_of("den-01") == classify_eval.split_of("den-01")


def _sentences() -> list[tuple[str, str]]:
    lines = (REAL / "sentences.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(ln.split(" | ", 1)) for ln in lines if ln and not ln.startswith("#")]


@pytest.mark.parametrize("kind, body", _sentences())
def test_third_round_sentences(kind, body):
    # Probes of other wordings and their traps (docs/classification.md, "Third round").
    assert read(reply(body)).kind == K(kind)
