"""The twenty-ninth check (2026-12-04): families learned from probes 24 to 27 of real agency
mail (New Jersey custodians' replies among them; kept outside the repository, their numbers in
docs/classification.md), written here in our own words: records that "do not exist in electronic
format" exist on paper, her request quoted inside the agency's sentence is hers, a receipt that
leads into "However, ..." is not the news, "I have a few questions regarding your request" asks,
and a portal's account notice that she "did not submit" through it asks nothing."""

from __future__ import annotations

import pytest

from foia_tracker.intake.classify import ReplyKind, classify, read
from foia_tracker.intake.reply_echo import strip_pasted_request
from tests.test_classify_check28 import reply  # the same reply as the checks before

K = ReplyKind


# --- the form, not the records: "do not exist in electronic format" ----------------------------


def test_records_absent_in_every_form_still_read_as_absent():
    # the tenth review: "in electronic format or otherwise", "whether stored in electronic form
    # or on paper" and a format beside its own "there are no records" are absences
    for body in (
        "The District does not maintain any records of that kind, in electronic format or otherwise.",
        "No records responsive to your request exist, whether stored in electronic form or on paper.",
        "Visitor logs are kept in paper form only; there are no records for 2019, destroyed under "
        "the retention schedule.",
    ):
        assert read(reply(body)).kind is K.NO_RECORDS, body


def test_a_township_without_a_record_custodian_for_another_body_is_a_referral():
    body = (
        "The Township does not have a record custodian for Fire District No. 2. Please direct "
        "your request to the Fire District's clerk."
    )
    assert classify(reply(body)).kind is not K.NO_RECORDS


@pytest.mark.parametrize(
    "body",
    [
        "The District located six pages of paper records. Because these records do not exist in "
        "electronic format, the District is not required to create electronic copies. The paper "
        "copies may be inspected at the central office.",
        "The Borough does not maintain the ledger in a digital form; the bound volume can be "
        "inspected at the Clerk's office.",
        "These minutes are kept only in paper form and cannot be e-mailed; you may pick up copies.",
    ],
)
def test_records_in_another_form_are_not_absent(body):
    assert read(reply(body)).kind is not K.NO_RECORDS


def test_records_that_do_not_exist_at_all_still_read_as_absent():
    body = "After a search of its files the Township does not have any records responsive to your request."
    assert classify(reply(body)).kind is K.NO_RECORDS
    body = "No records exist in electronic or paper form for the period you named."
    assert read(reply(body)).kind is K.NO_RECORDS


def test_a_township_that_does_not_maintain_such_a_list():
    body = (
        "Dear Ms. Ferraro,\n\nIn response to your OPRA request, the Township does not maintain "
        "such a list, and no other record responsive to your request was located.\n\n"
        "Municipal Clerk"
    )
    assert classify(reply(body)).kind is K.NO_RECORDS


# --- her request quoted inside the agency's sentence -------------------------------------------


def test_her_quoted_words_are_cut_and_the_agency_words_around_them_stay():
    text = (
        'Your request states "Could you please look into this matter and confirm the list" which '
        "is not a request for a government record."
    )
    assert strip_pasted_request(text) == (
        'Your request states "…" which is not a request for a government record.'
    )
    text = 'Your OPRA request sought access to the following:\n"the unedited video of the 2-10 meeting"\n\nThe file is too large.'
    assert '"…"' in strip_pasted_request(text) and "too large" in strip_pasted_request(text)


def test_a_quote_left_open_does_not_swallow_the_answer():
    text = (
        'Your request asked for "all emails between the principal and the vendor\n\n'
        "The District has no records responsive to your request."
    )
    assert strip_pasted_request(text) == text


def test_quotes_not_hers_stay():
    text = 'The policy states: "All potential information shall be kept confidential."'
    assert strip_pasted_request(text) == text
    text = 'The clerk said "we will send it Friday."'
    assert strip_pasted_request(text) == text


def test_a_quoted_ask_is_not_a_clarification():
    body = (
        'Your request asked "Can you please clarify which vendors received student data?" '
        "The District has attached the three agreements it holds with vendors."
    )
    assert read(reply(body, ("Agreements.pdf",))).kind is not K.CLARIFICATION


# --- a receipt that leads into "However, ..." --------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "I have received your OPRA request below. However, you have not asked for a specific "
        "government record. This concludes your OPRA request.",
        "Thank you, we received your request, but wanted to confirm the dates you are looking "
        "for. Is it January 1 through June 30?",
        "We are in receipt of your records request. However, the District's procedures require "
        "the district's request form.",
    ],
)
def test_a_receipt_then_however_goes_to_a_person(body):
    assert classify(reply(body)).kind is K.OTHER


@pytest.mark.parametrize(
    "tail",
    [
        "However, please note that the District office is closed for Thanksgiving on Thursday.",
        "However, please allow up to five business days for a response.",
        "However, we anticipate responding well before the deadline.",
    ],
)
def test_a_receipt_then_a_harmless_however_stays_a_receipt(tail):
    # the tenth review: what follows "however" is a note about timing, not about her request
    body = (
        "We have received your public records request. It has been logged as number 27-114. " + tail
    )
    assert classify(reply(body)).kind is K.ACKNOWLEDGEMENT


def test_a_plain_receipt_is_still_a_receipt():
    body = (
        "Thank you, we have received your public records request. It has been logged as number "
        "27-114 and assigned to the Records Officer, who will respond within five business days."
    )
    assert classify(reply(body)).kind is K.ACKNOWLEDGEMENT


# --- "I have a few questions regarding your request" -------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "I have a few questions/clarifications regarding your below OPRA request:\n\n1. Which "
        "departments do you mean?",
        "We have a couple of questions about your request before we can begin the search.",
    ],
)
def test_questions_about_her_request_are_a_clarification(body):
    assert classify(reply(body)).kind is K.CLARIFICATION


@pytest.mark.parametrize(
    "body",
    [
        "If you have any questions regarding your request, please call the Clerk's office.",
        "Thank you for registering with the Open Public Records Center. If you are a first time "
        "user and did not submit your request through the public portal, an account has been "
        "created for you. The Custodian of Records will contact you if there are questions.",
    ],
)
def test_her_questions_and_a_portal_account_notice_ask_nothing(body):
    assert classify(reply(body)).kind is not K.CLARIFICATION


def test_questions_sent_on_to_counsel_and_a_correction_are_not_asks():
    # the tenth review: "questions ... that we have sent to" counsel are the agency's own; an
    # agency "has a clarification" when it corrects its earlier letter
    body = (
        "We have a couple of questions on this request that we have sent to the County "
        "Attorney's office. We will respond no later than December 4, 2026."
    )
    assert classify(reply(body)).kind is not K.CLARIFICATION
    body = (
        "I have one clarification regarding the request: the extension letter listed the wrong "
        "date. The response is now due December 12, 2026."
    )
    assert classify(reply(body)).kind is not K.CLARIFICATION


def test_a_missing_date_range_is_still_asked_for():
    body = (
        "It appears you did not submit a date range with your request, so please tell us the "
        "time period you want searched."
    )
    assert classify(reply(body)).kind is K.CLARIFICATION
