"""The twenty-sixth check (2026-12-04): families learned from a third probe of real agency mail
(kept outside the repository; its numbers are in docs/classification.md), written here in our
own words. Portals that paste her request back under their own label line, a portal posting
whose link is a button, records beside a letter that also says something else, and two
no-records wordings."""

from __future__ import annotations

from datetime import datetime

import pytest

from foia_tracker.intake.classify import (
    AttachedText,
    ReplyKind,
    ReplyText,
    read,
    read_with_attachments,
)
from foia_tracker.intake.reply_echo import strip_pasted_request

K = ReplyKind
SUBJECT = "Open Records Request :: R004417-020327"


def reply(body: str, names: tuple[str, ...] = (), subject: str = SUBJECT) -> ReplyText:
    return ReplyText(subject, body, names, False, datetime(2027, 2, 17, 10, 0))


PORTAL_COPY = (
    "RE: OPEN RECORDS REQUEST of February 3, 2027, Reference # R004417-020327\n \n"
    "Dear Dana R,\n \n"
    "The Township received the following records request from you on February 3, 2027.\n \n"
    "Under the Open Records Act, I request the following:\n"
    "1. Every agreement with a reading-app vendor since 2023, listing for each school: the app's "
    "name, the data shared (names, grades, or other - please specify) and the dates.\n"
    "2. Any audit of those vendors. Please identify any exemption you rely on and provide "
    "electronic copies where you can.\n"
    "{answer}\n \n"
    "If you have any questions, please contact me using the contact information below.\n \n"
    "Sincerely,\n \nPat Ruiz\nRecords Officer\n"
)  # fmt: skip

FAMILIES = [
    # her request under the portal's label line is cut; the answer decides
    (PORTAL_COPY.format(answer=" \nWe have made a diligent effort and collected the responsive "
     "records. They are available on the Township Records Request Portal. Select the link below "
     "to view them."), (), K.RECORDS_LINK),
    (PORTAL_COPY.format(answer=" \nAs you know, we release records as they are reviewed. The "
     "next set of records has been released and made available on the Township\nRecords Request "
     "Portal. We will write again with an update no later than 3/10/27."), (), K.RECORDS_LINK),
    # the answer straight under her copy, no blank line between: it is kept
    (PORTAL_COPY.format(answer="Attached are the agreements for item 1; item 2 has no records."),
     ("Reading_App_Agreements.pdf",), K.RECORDS_PROVIDED),
    # "Your request stated:" on the same line as her opening quote, ended by her sign-off
    ('Dear Dana,\nThe Borough received a records request from you on January 9, 2027.\nYour '
     'request stated: "Under the Right to Know Law, I request copies of the 2026 vendor audits.\n'
     'Please identify each exemption you rely on and release every segregable part.\n'
     'Sincerely,\nDana\nYour request has been assigned number 27-0112 and forwarded to the Business Office.\n'
     'Lee Park, Open Records Officer', (), K.ACKNOWLEDGEMENT),
    ("The file was too large to post to the portal; you should have received an email with a link "
     "to download it. Let me know if it does not open.", (), K.RECORDS_LINK),
    ("Hello Dana,\n     We are still working on items 1 and 3. Please see the attachments for "
     "responsive records \nfor item 2.\nThanks,\nJo", ("Item2_Vendor_List.xlsx",), K.RECORDS_PROVIDED),
    ("Per our IT manager there is no written documentation regarding who approved the app.", (),
     K.NO_RECORDS),
    ("Response Notes\nOur search for responsive records did not result in any guidance on app "
     "approvals.", (), K.NO_RECORDS),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names", "kind"), FAMILIES)
def test_twenty_sixth_check_families(body, names, kind):
    assert read(reply(body, names)).kind is kind


GUARDS = [
    # her words alone under the label, with no "I" or "my": not taken for her copy
    ("The District received the following request from you on 2/4/2027:\nNo records "
     "responsive to this request exist.", K.NO_RECORDS, "kind"),
    # a form field's instruction is no question to her
    ("The list shows each school's devices (district-owned, leased, or other - please specify) "
     "as of June.", K.CLARIFICATION, "not"),
    ("The records will be made available on the portal once the invoice of $25.00 is paid.",
     K.RECORDS_LINK, "not"),
    ("If records are located, they will be posted to the Records Request Portal.", K.RECORDS_LINK,
     "not"),
    ("There is no documentation needed from you at this stage; we will respond by March 3, 2027.",
     K.NO_RECORDS, "not"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "kind", "how"), GUARDS)
def test_twenty_sixth_check_guards(body, kind, how):
    got = read(reply(body)).kind
    assert (got is kind) if how == "kind" else (got is not kind)


def test_the_portal_copy_cut_keeps_the_label_and_the_answer():
    text = PORTAL_COPY.format(answer=" \nWe have no records for item 2.")
    cut = strip_pasted_request(text)
    assert "The Township received the following records request" in cut
    assert "reading-app vendor" not in cut and "please specify" not in cut
    assert "We have no records for item 2." in cut and "Pat Ruiz" in cut


def test_records_beside_a_letter_that_promises_the_rest_stay_records():
    letter = AttachedText("Response_Letter_R004417.pdf", "\n".join([
        "Township of Alder Falls", "February 17, 2027", "Dear Dana,",
        "This letter responds to your Open Records Act request R004417-020327.",
        "Item 1: refer to Attachment A.",
        "Item 2: we need more time; the Township expects to produce the audits by March 19, 2027.",
        "Sincerely, Pat Ruiz, Records Officer",
    ]))  # fmt: skip
    body = "Please see the attachments for our response to the other items."
    names = (letter.filename, "Attachment_A_Agreements.pdf")
    got = read_with_attachments(reply(body, names), [letter])
    assert got.kind is K.RECORDS_PROVIDED
    assert "extension" in got.facts.get("also", ())


LABELS = [
    "Your request was as follows:",
    "The following records request was received on March 2, 2027:",
    "This letter answers your request of March 2, in which you requested the following:",
]


@pytest.mark.parametrize("label", LABELS)
def test_other_label_lines_mark_her_copy(label):
    text = (f"Dear Dana,\n{label}\nUnder the Sunshine Law, I request every data agreement since "
            "2023. Please confirm the dates covered before you search.\n\nWe found no "
            "agreements of that kind; the district has no responsive records.\nPat")  # fmt: skip
    assert read(reply(text)).kind is K.NO_RECORDS
    assert "Please confirm" not in strip_pasted_request(text)


def test_the_clerks_own_first_person_answer_under_the_label_is_kept():
    text = ("The District received the following request from you on 2/4/2027:\n"
            "I request the 2026 app agreements.\nI have attached the two agreements we hold.")  # fmt: skip
    cut = strip_pasted_request(text)
    assert "I have attached the two agreements" in cut and "I request the 2026" not in cut
    # once cut, the label does not take the next block for hers
    again = ("The District received the following request from you on 2/4/2027:\n"
             "I request the 2026 app agreements.\n\nI am still looking; please tell me which "
             "schools you mean.")  # fmt: skip
    assert "please tell me which schools" in strip_pasted_request(again)


def test_her_text_on_the_receipts_label_line_is_hers():
    body = ("Thank you for your interest in the records of the Town of Wren. Your request was "
            "received on 2/12/2027 and given the reference number R004502-021227.\n"
            "Record(s) Requested: 1. The vendor audits for 2025\n2. The audit schedule\n"
            "I also noticed that the policy names a schedule that is not online. Could you clarify "
            "where it is posted?\n"
            "The request is being forwarded to the appropriate department for processing.\n"
            "To monitor the progress of this request please log into the Wren Records Center.")  # fmt: skip
    got = read(reply(body))
    assert got.kind is K.ACKNOWLEDGEMENT, got


def test_a_label_line_with_no_end_in_sight_cuts_nothing():
    body = "Request details: I request the 2026 audits of the app vendors.\nThey cover each school."
    assert strip_pasted_request(body) == body
    answered = (
        "Request details: I request the 2026 audits of the app vendors.\n"
        "All the audits are withheld in full under section 552.108."
    )
    cut = strip_pasted_request(answered)
    assert "withheld in full" in cut and "I request" not in cut


def test_records_on_the_portal_beside_an_item_with_none_are_a_link():
    body = ("We have made a diligent effort and collected the responsive records. No responsive "
            "records were located for item 3.These records are available on the Wren Records\n"
            "Request Portal. Select the link below to view.\n \nThe Town has completed its "
            "response and considers this request closed.")  # fmt: skip
    assert read(reply(body)).kind is K.RECORDS_LINK
    assert read(reply("Select the link below to view your request's status.")).kind is not (
        K.RECORDS_LINK
    )


def test_one_ask_beside_her_uncut_request_goes_to_review():
    # her request pasted back with no label and no end in sight: the ask may be hers
    body = ("Good morning,\nPursuant to the Open Records Act, I request copies of the 2026 app "
            "agreements. If any record is withheld, please identify the exemption asserted for it."
            "\nRecords Office")  # fmt: skip
    assert read(reply(body)).kind is K.OTHER
    asked = "Good morning,\nPlease confirm which schools you mean before we search.\nRecords Office"
    assert read(reply(asked)).kind is K.CLARIFICATION


LATER_PROBES = [  # (subject, body, attachment names, kind): families from probes 5, 6 and 8
    # Tex. Gov't Code 552.222(b): asked to drop the confidential part of the request
    ("RE: Public records request", "A few of the letters contain dates of birth, which we believe "
     "are confidential. Are you willing to exclude that information from your request? If not, we "
     "will ask the Attorney General for a ruling.", (), K.CLARIFICATION),
    ("RE: Public records request", "The County cannot give an initial response yet because of the "
     "office closure. I will follow up with you on or before Monday, April 12, 2027.", (),
     K.EXTENSION),
    ("RE: Public records request", "I have been working on your request but have had little to no "
     "success so far. The clerk does not have anything on hand.", (), K.EXTENSION),
    ("RE: FOIA request", "Release now would harm the pending case. Therefore, I am withholding "
     "these records under Exemption 7(A).", (), K.DENIAL),
    ("RE: FOIA request", "I am told that there is no particular record responsive to your "
     "request.", (), K.NO_RECORDS),
    ("RE: FOIA request", "Based on your request, we are providing the following documents in "
     "DROPBOX:\n\nSincerely,\nLee Ortiz", (), K.RECORDS_LINK),
    ("RE: Open records request", 'Request Denied due to "Policy 6.1: a request shall give the '
     'name and number."', (), K.DENIAL),
    ("RE: Open records request", "For item 1, please ask the college. Items 2-4 are not subject "
     "to the Open Records law.", (), K.DENIAL),
    ("RE: Open records request", "Please allow us a reasonable amount of time to comply with your "
     "request. I will email you when it is done.", (), K.EXTENSION),
]  # fmt: skip


@pytest.mark.parametrize(("subject", "body", "names", "kind"), LATER_PROBES)
def test_later_probe_families(subject, body, names, kind):
    assert read(reply(body, names, subject=subject)).kind is kind


def test_a_dropbox_folder_still_to_come_is_no_link():
    body = "If records are found, we will put the documents in a Dropbox folder for you."
    assert read(reply(body, subject="RE: FOIA request")).kind is not K.RECORDS_LINK


def test_a_denial_only_as_a_condition_is_none():
    body = "If your request is denied due to missing information, you may send it again."
    assert read(reply(body, subject="RE: Open records request")).kind is not K.DENIAL
