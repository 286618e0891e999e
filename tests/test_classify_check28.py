"""The twenty-eighth check (2026-12-04): families learned from probes 17 to 19 of real agency
mail (kept outside the repository; their numbers are in docs/classification.md), written here in
our own words: a form letter's optional plural ("no responsive record(s)"), a fee asked as a
check to send, "see attached correspondence regarding your request" (a letter, not records), a
link to where requests are filed (no records), and a denial form whose ticked ground is only
that the records do not exist."""

from __future__ import annotations

from datetime import datetime

import pytest

from foia_tracker.intake.classify import ReplyKind, ReplyText, classify, read

K = ReplyKind


def reply(body: str, names: tuple[str, ...] = (), subject: str = "RE: Public records request"):
    when = datetime(2027, 2, 9, 10, 0)
    return ReplyText(subject, body, names, False, when, sender="records@agency.example")


# --- "record(s)": a form letter's optional plural reads as the plural ---------------------------


def test_optional_plural_no_responsive_records():
    body = (
        "Dear Mr. Lund,\n\nThe Department searched its files and determined that there are no "
        "responsive record(s) for your request of March 3. Your request is now closed.\n\n"
        "Public Records Unit"
    )
    result = classify(reply(body))
    assert result.kind is K.NO_RECORDS
    assert any("responsive records" in p for p in result.phrases)


def test_optional_plural_in_a_delay_gives_its_days():
    body = (
        "We need an additional fifteen (15) business day(s) to gather and review the records "
        "you asked for."
    )
    result = read(reply(body))
    assert result.kind is K.EXTENSION
    assert result.facts["extension_days"] == 15


def test_optional_plural_only_joins_a_word_and_its_ending():
    # "(s)" after a space, or a bracketed note, is left as it was: nothing becomes a plural.
    body = "Please see item (s) of the list and the enclosed schedule (es) for our reply."
    assert read(reply(body)).kind is K.OTHER


# --- a check to send, with its figure, is a fee asked ----------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Please mail us a check payable to the Town of Alder for $22.40 and we will release the "
        "copies.",
        "Kindly send a money order for $8.00 to the Clerk's office; the scans go out once it "
        "arrives.",
        "Please remit a cashier's check in the amount of $61.25 before we make the copies.",
    ],
)
def test_a_check_to_send_with_its_figure_is_a_fee(sentence):
    result = classify(reply(f"Good morning,\n\nYour records are ready. {sentence}\n\nThanks"))
    assert result.kind is K.FEE_ESTIMATE
    assert "fee_amount" in result.facts


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you, we received your check for $22.40 and the copies are in the mail.",
        "You sent a money order for $8.00, which covers the whole request.",
    ],
)
def test_a_check_that_came_in_asks_nothing(sentence):
    assert read(reply(f"Hello,\n\n{sentence}\n\nRecords Office")).kind is K.OTHER


def test_a_check_not_to_send_is_not_the_send_a_check_phrase():
    body = "Hello,\n\nPlease do not send a check for $22.40 until the review ends.\n\nRecords"
    result = read(reply(body))
    assert not any(p.lower().startswith("send a check") for p in result.phrases)


# --- "see attached correspondence regarding your request": a letter -----------------------------


def test_attached_correspondence_about_the_request_is_a_letter_not_records():
    body = (
        "Hello,\n\nPlease see attached correspondence regarding your public records request. "
        "We are able to accept payment by check or money order only.\n\nRecords Unit"
    )
    result = read(reply(body, ("PR-2207.pdf",)))
    assert result.kind is not K.RECORDS_PROVIDED


def test_attached_correspondence_between_the_parties_is_still_records():
    body = (
        "Hello,\n\nPlease see attached the correspondence between the District and the vendor "
        "that you asked for.\n\nRecords Unit"
    )
    result = read(reply(body, ("emails_2025.pdf",)))
    assert result.kind is K.RECORDS_PROVIDED


# --- a link to where requests go is no records link -------------------------------------------


def test_a_link_to_file_requests_is_no_records_link():
    body = (
        "Hello,\n\nWe have moved to a new process. We no longer take requests by e-mail.\n\n"
        "To submit a request, please use the following link: "
        "https://forms.agency.example/records-request\n\nThank you."
    )
    assert read(reply(body)).kind is not K.RECORDS_LINK


def test_a_records_link_beside_a_note_on_new_requests_stays():
    body = (
        "Hello,\n\nThe records you asked for are available at the following link until March 30: "
        "https://share.agency.example/s/8fj2k\n\n"
        "For any new request, please use our online request form.\n\nThank you."
    )
    assert read(reply(body)).kind is K.RECORDS_LINK


# --- "Reasons for denial:" whose only ticked ground is absence ------------------------------------


def test_denial_form_whose_only_ground_is_absence_is_no_records():
    letter = (
        "NOTICE OF RESPONSE TO PUBLIC RECORDS REQUEST\n\nRequest No.: 27-0091\n\n"
        "[ ] GRANTED\n[X] DENIED\n\nReasons for denial:\n"
        "[X] The public record you describe does not exist within the agency's records under "
        "that description or any other name reasonably known to us.\n"
    )
    result = read(reply(letter))
    assert result.kind is K.NO_RECORDS


def test_denial_form_with_an_exemption_ticked_stays_a_denial():
    letter = (
        "NOTICE OF RESPONSE TO PUBLIC RECORDS REQUEST\n\nRequest No.: 27-0092\n\n"
        "[ ] GRANTED\n[X] DENIED\n\nReasons for denial:\n"
        "[X] The records are exempt from disclosure as student education records protected "
        "by FERPA, 20 U.S.C. § 1232g.\n"
    )
    assert read(reply(letter)).kind is K.DENIAL


# --- the eighth review's counter-examples (money that goes back or is not asked after all) -------


@pytest.mark.parametrize(
    "body",
    [
        "We have mailed you a check for $6.30 refunding the unused part of your deposit. Your "
        "request is now closed.",
        "Our accounts office will mail a payment of $8.00 back to you as a refund next week.",
        "Correction to yesterday's note: I mistakenly asked you to mail us a check for $15.60. "
        "No fee applies, and we are still gathering the records.",
        "Thank you for paying the $18.75 by check; we will let you know when the copies are ready.",
    ],
)
def test_money_going_back_or_not_asked_is_no_fee(body):
    assert classify(reply(f"Hello,\n\n{body}\n\nRecords Office")).kind is not K.FEE_ESTIMATE


@pytest.mark.parametrize(
    "body",
    [
        "There is no need to send a check for $12.00 after all; the fee was waived. The records "
        "are attached.",
        "You do not need to mail us a check for $4.20; the fee has been waived. The e-mails you "
        "asked for are attached.",
    ],
)
def test_a_waived_fee_beside_attached_records_is_a_production(body):
    result = read(reply(f"Hello,\n\n{body}\n\nRecords Office", ("emails.pdf",)))
    assert result.kind is K.RECORDS_PROVIDED


def test_a_records_link_on_the_page_where_requests_are_filed_stays_a_link():
    body = (
        "Hello,\n\nHere is the link to the responsive records; you may submit any further "
        "requests on the same page: https://records.agency.example/request/27-114\n\nThanks"
    )
    assert read(reply(body)).kind is K.RECORDS_LINK


# --- a link forwarded below the note ---------------------------------------------------------


def test_a_note_over_the_forwarded_link_to_the_records_is_a_records_link():
    body = (
        "Ms. Ruiz,\n\nBelow is a copy of the link to your requested records that we e-mailed on "
        "Monday, in case it went to your spam folder. The files stay available for 30 days.\n\n"
        "Records Unit"
    )
    result = read(reply(body))
    assert result.kind is K.RECORDS_LINK
    assert "link_expires" in result.facts


def test_a_link_to_the_records_promised_is_no_records_link():
    body = "Ms. Ruiz,\n\nWe will send you a link to your requested records once the review ends."
    assert read(reply(body)).kind is not K.RECORDS_LINK


# --- some records held, a fee for them: the fee is what the request waits on ------------------


def test_some_records_held_and_a_fee_for_them_is_a_fee_estimate():
    body = (
        "Greetings,\n\nThe County is in possession of some of the records you have requested, as "
        "follows:\n\nRegarding #3-7: the County does not possess any records.\n\n"
        "Regarding #1 and 2: we can run an e-mail search. The charge for the search is $71.91, "
        "as shown in the attached cost estimate, payable before we begin.\n\nPublic Records"
    )
    result = classify(reply(body))
    assert result.kind is K.FEE_ESTIMATE
    assert result.facts["fee_amount"] == "71.91"


# --- probe 20's families -----------------------------------------------------------------------


def test_a_receipt_with_its_window_is_a_receipt_on_two_marks():
    body = (
        "Thank you for submitting your public records request to the Department of Forestry.\n\n"
        "Expect to hear back from us in about 10 business days with any records that match, or "
        "for a larger request with an estimate of staff time and costs.\n\nThank you"
    )
    result = classify(reply(body))
    assert result.kind is K.ACKNOWLEDGEMENT
    assert len(result.phrases) == 2


def test_expecting_to_hear_back_after_a_delay_is_not_the_receipt_mark():
    body = "Due to a high volume of requests, you can expect to hear back from us in 30 days."
    assert "hear back" not in " ".join(read(reply(body)).phrases).lower()


def test_how_would_you_like_to_proceed_after_a_search_is_still_her_question():
    # (A rule that read "please review and let us know how you would like to proceed" as a mere
    # pointer to an attached letter was dropped: the ninth review showed the question is often
    # in the body, after the search's size.)
    body = (
        "Your request as written covers every e-mail of 40 employees for three years, about "
        "18,000 messages. Please review and let me know how you would like to proceed."
    )
    assert read(reply(body)).kind is K.CLARIFICATION


def test_a_fee_still_unanswered_is_no_receipt():
    body = (
        "Mr. Ames,\n\nI received your message about your request of August 22. We have not heard "
        "whether you would like to narrow the request or provide payment for the additional "
        "staff time needed to complete it as written.\n\nThank you"
    )
    result = classify(reply(body))
    assert result.kind is not K.ACKNOWLEDGEMENT
    assert read(reply(body)).kind is K.FEE_ESTIMATE


def test_the_office_called_public_records_is_no_records_sent():
    body = (
        "Greetings,\n\nThe e-mail you sent below was forwarded to our office, Marion County "
        "Public Records, for a reply. We use the portal for all messages on a request: "
        "https://marioncounty.records.example/requests/27-310\n\nMarion County Public Records"
    )
    assert read(reply(body)).kind is not K.RECORDS_LINK


def test_a_portal_releasing_its_cost_estimate_is_a_fee():
    body = (
        "A document has been released for record request #27-310 along with the following "
        "message:\n\nHere is the cost estimate for the e-mail search.\n\n"
        "* 27-310 Cost Estimate.xlsx\n\nDocument links are valid for one month: "
        "https://marioncounty.records.example/documents/8812"
    )
    assert read(reply(body)).kind is K.FEE_ESTIMATE


def test_a_portal_releasing_records_stays_a_link():
    body = (
        "A document has been released for record request #27-311 along with the following "
        "message:\n\nHere are the agreements you asked for.\n\n"
        "* 2025 Data Sharing Agreement.pdf\n\nDocument links are valid for one month: "
        "https://marioncounty.records.example/documents/8813"
    )
    assert read(reply(body)).kind is K.RECORDS_LINK


@pytest.mark.parametrize(
    "body",
    [
        "Here is the link to the records retention schedule we follow; the logs were destroyed "
        "under it. The department has no responsive records for 2019.",
        "Below is the link to your records request status page. We will e-mail you when the "
        "review is done.",
    ],
)
def test_a_link_to_something_else_is_no_records_link(body):
    assert read(reply(body)).kind is not K.RECORDS_LINK


def test_records_located_but_not_responsive_are_still_no_records():
    body = (
        "Staff located some records, but none of them concern the 2019 incident. No responsive "
        "records exist. As we told you on November 3, we had extended our response date to "
        "November 20."
    )
    assert read(reply(body)).kind is K.NO_RECORDS


def test_no_need_to_provide_payment_is_no_fee():
    body = (
        "Thank you for your request. Your tracking number is 27-0077. There is no need to provide "
        "payment for the search at this time."
    )
    assert read(reply(body)).kind is not K.FEE_ESTIMATE


def test_an_invoice_beside_records_ready_to_download_keeps_the_link():
    body = (
        "Your records are ready. Download them here: https://county.records.example/documents/88 "
        "\n\nHere is the invoice for the 212 pages of copies: $21.20. Please remit payment within "
        "30 days."
    )
    assert read(reply(body)).kind is K.RECORDS_LINK


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for your request. A non-refundable deposit of $25.00 is required before we "
        "begin the search.",
        "The estimated fee is $50.00, payable before we begin; if the work takes less time, the "
        "difference will be refunded.",
    ],
)
def test_a_fee_that_mentions_refunds_is_still_a_fee(body):
    result = classify(reply(f"Hello,\n\n{body}\n\nRecords Office"))
    assert result.kind is K.FEE_ESTIMATE
    assert "fee_amount" in result.facts


def test_information_that_has_been_public_for_months_with_its_links_is_a_records_link():
    body = (
        "This information has been publicly available for several months:\n\n"
        "District COVID-19 dashboard: https://dashboard.district.example/covid\n\nRecords Office"
    )
    assert classify(reply(body)).kind is K.RECORDS_LINK


def test_a_request_forwarded_to_another_office_to_contact_is_a_referral_not_a_receipt():
    body = (
        "We have forwarded your request to the Law Department; you can contact them at "
        "law@city.example"
    )
    assert classify(reply(body)).kind is K.OTHER


def test_a_request_forwarded_inside_the_office_that_answers_stays_a_receipt():
    body = (
        "We have forwarded your request to our IT department, which is pulling the e-mails now. "
        "We will update you next week."
    )
    assert classify(reply(body)).kind is K.ACKNOWLEDGEMENT
