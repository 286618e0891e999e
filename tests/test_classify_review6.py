"""The sixth review (2026-12-04): counter-examples to the twenty-sixth check's changes (the
portal-copy cut under a label line, portal postings with no URL, records beside a letter, the
review of an ask beside her uncut request, two no-records wordings), written by a helper playing
a seasoned requester and a mail engineer. The first versions of those changes read 41 of these
58 wrong that the code before them read right (an answer straight under her copy cut with it,
"available on the portal after payment" taken for records, a fee letter's "Payment_Options.pdf"
taken for records); all are right now. Rows with a sixth element are read with that attached
letter's text."""

from __future__ import annotations

from datetime import datetime

import pytest

from foia_tracker.intake.classify import AttachedText, ReplyText, read, read_with_attachments

S = "RE: Public Records Request"
CASES = [
    # ---- rule 1: block under a "received / requested the following" label ----
    ("b01", S, "Good afternoon,\n\nThe Parks Department received the following request from you on January 29, 2027:\nCopies of the 2026 pool inspection reports for Elm Park.\nUnfortunately, no records responsive to your request were located, because the pool was closed all year. Please contact me with any questions.\n\nHelen Ward\nParks Records", (), "no_records"),
    ("b02", S, "Thank you for your email of February 2, 2027, in which you requested records.\n\nAfter reviewing the matter, I must deny your request under Section 552(b)(7)(A) because the investigation remains open.\n\nSincerely,\nLt. Carl Mbeki", (), "denial"),
    ("b03", S, "Hello,\nThis is in response to your email in which you requested the following:\n2026 code enforcement complaints for the 400 block of Pine St.\nPer my conversation with the code officer, there are no records responsive to your request for that block.\n\nThanks,\nRosa", (), "no_records"),
    ("b04", S, "Your request was as follows:\nI would like the 911 call log for the night of March 3, 2026.\nThe call log for that date is exempt from disclosure under Section 24-72-305(5) and is withheld in full.\n\nRecords Unit", (), "denial"),
    ("b05", S, "The Highway Patrol received the following records request from you on 2/1/2027.\nCrash reports for I-70 at mile marker 12, January 2027.\nNo responsive records were found for that location and date.\n\nRecords Section", (), "no_records"),
    ("b06", S, "Ms. Okafor,\n\nThe Clerk's Office received the following request from you on February 10, 2027:\nMinutes of all 2025 council work sessions\nSorry for the delay. I need another two weeks to finish gathering the minutes, so I expect to respond by March 3, 2027.\n\nJune Palmer, Deputy Clerk", (), "extension"),
    ("b07", S, "We received the following request from you on February 8, 2027:\nAll emails between the mayor and me regarding the dog park.\nThe estimated cost to produce these emails is $62.50 for 2.5 hours of staff time. Please confirm you wish to proceed.\n\nCity Clerk", (), "fee_estimate"),
    ("b08", S, "Dear Mr. Ames,\nRegarding your letter of January 20 where you asked for the following:\nPersonnel file of Officer D. Lynch\nPersonnel files are confidential under Section 50-a and cannot be released. I am sorry I cannot be of more help.\n\nRespectfully,\nCapt. R. Stone", (), "denial"),
    ("b09", S, "The following records request was received on February 3, 2027:\nBuilding permits for 18 Cedar Lane, 2015 to present.\nHere are the 4 permits I located; they are attached as PDFs.\n\nPermit Desk", ("permit_2015_0231.pdf", "permit_2019_1177.pdf"), "records_provided"),
    ("b10", S, "Hello Mr. Reyes, thank you for your message in which you sought the following items:\nDispatch audio from the March 9 fire call\nThe dispatch audio has been uploaded to https://countyfire.sharefile.com/d-4f21a and can be downloaded until March 31. Let me know if the link gives you trouble.\n\nT. Ngata", (), "records_link"),
    ("b11", S, "Good morning,\nThe Sheriff's Office received the following request from you on 2/5/2027:\nJail booking photos for inmate #44102.\nBooking photos are not public records under state law and your request is denied. Please call me at 555-0190 if you wish to discuss.\n\nSgt. Dale Hart", (), "denial"),
    # ---- rule 1: label with her text on its own line (inline) ----
    ("i01", S, "Records Requested: Police report 27-00311 (my stolen bicycle)\nStatus: Denied - active investigation, exempt under Gov. Code 7923.600.\n\nRecords Bureau", (), "denial"),
    ("i02", S, "Request details: Body camera video, Officer Lyle, I-35 traffic stop on 1/9/2027\nResult: no responsive records exist for this stop; the officer's camera was not activated.\n\nThank you,\nEvidence Unit", (), "no_records"),
    ("i03", S, "Your request: 2026 overtime reports for the Streets Division\nResponse: The cost to compile the reports is $48.00. Let me know if you want to proceed.\n\nFinance Office", (), "fee_estimate"),
    ("i04", S, "Hi Pat,\nYour request: emails from my office to the school board in January\nThe emails have been uploaded to https://district9.box.com/s/emails-jan and the link works until 3/15/2027.\n\nThanks,\nGlen", (), "records_link"),
    ("i05", S, "Request Description: Any complaints about the Maple Ave daycare\nAnswer: No records found. Sorry I could not be of more help.\n\nLicensing", (), "no_records"),
    ("i06", S, "Your request stated: \"I request copies of all use-of-force reports for 2026.\"\nThose reports are confidential personnel records under Section 12 and are withheld in full.\nThank you,\nDana Ruiz", (), "denial"),
    ("i07", S, "Your request stated: \"I am requesting all 2026 emails of the fire chief.\"\nThat request is too broad to search. Please narrow it to specific subjects, senders, or a shorter period.\nRegards,\nM. Kerr", (), "clarification"),
    # ---- rule 2: portal posting with no URL ----
    ("p01", "Public Records Request :: R027-000412", "Your request has been reviewed. The estimated fee is $35.00. After payment is received, the records are available on the Public Records Portal for download.\n\nPlease log in to pay the invoice.", (), "fee_estimate"),
    ("p02", "Public Records Request :: R027-000413", "Dear Requester,\nThank you for your request, which has been received and assigned number R027-000413. All documents related to your request are available in the Records Request Portal, along with any messages from staff.\nWe will respond within 10 business days.", (), "acknowledgement"),
    ("p03", "Public Records Request :: R027-000414", "We need more time to complete your request. The new due date is March 12, 2027. Select the link below to view the updated due date and any messages.\n\nView Request", (), "extension"),
    ("p04", "Public Records Request :: R027-000415", "A cost estimate of $18.40 has been prepared for your request. Select the link below to view the estimate and make a payment.\n\nPay Now", (), "fee_estimate"),
    ("p05", "Records Request 27-118 received", "Thank you for submitting records request 27-118. You should have received an email with a link to activate your portal account; please use it to track your request. We will respond within five business days.", (), "acknowledgement"),
    ("p06", "Public Records Request :: R027-000416", "Your request has been received. Once the records are available on the portal you will be notified by email. The City typically responds within 10 business days.", (), "acknowledgement"),
    ("p07", "Public Records Request :: R027-000417", "The Department needs clarification before it can search. Your request does not give a date range. Please reply with the dates you want searched. Any documents you upload are posted to the portal with your request.", (), "clarification"),
    ("p08", S, "Hi,\nI checked with IT and the video files are too large to email. You should have received an email with a link to our payment page; once the $25 media fee is paid, I will mail a thumb drive.\n\nKaren", (), "fee_estimate"),
    ("p09", "Public Records Request :: R027-000418", "The records you requested are available in the Records Center after the balance of $12.00 is paid. An invoice has been issued.", (), "fee_estimate"),
    ("p10", S, "Please see the attachment for the records fee schedule. The estimated cost for your request is $40.00; please confirm you wish to proceed.", ("2027_Copy_Rates.pdf",), "fee_estimate"),
    ("p11", S, "Please see the attachment for documents you must sign before we can release the juvenile records. Please provide a copy of your photo ID with the signed consent.", ("Parent_Consent_Juvenile.pdf",), "clarification"),
    ("p12", "Public Records Request :: R027-000419", "Your request R027-000419 has been closed. No responsive records were located. Select the link below to view the closure letter.", (), "no_records"),
    # ---- rule 3a: records beside a letter ----
    ("a01", S, "Please see attached.", ("Fee_Letter_27-0031.pdf", "Payment_Options.pdf"), "fee_estimate",
     [("Fee_Letter_27-0031.pdf", "Dear Ms. Grant,\nRe: Public Records Request No. 27-0031\nThe estimated cost to fulfill your request is $85.00 (3.4 hours of staff time). Please remit payment before the records are prepared.\nSincerely,\nRecords Office")]),
    ("a02", S, "Please see attached.", ("Denial_Letter_27-0040.pdf", "Exemption_Citations.pdf"), "denial",
     [("Denial_Letter_27-0040.pdf", "Dear Mr. Pike,\nRe: your public records request for the jail incident video\nYour request is denied. The video is exempt under Section 7(1)(d)(vi) as its release would endanger the life or physical safety of law enforcement personnel.\nSincerely,\nCounty Attorney")]),
    ("a03", S, "Please see attached.", ("Clarification_Letter.pdf", "Authorization_to_Release.pdf"), "clarification",
     [("Clarification_Letter.pdf", "Dear Ms. Lo,\nRe: your request for EMS run reports\nBefore we can process your request, please clarify which incident date you are asking about and sign the enclosed authorization.\nSincerely,\nFire Records")]),
    ("a04", S, "Attached are the response letter and the responsive records.", ("Response_Letter.pdf", "Minutes_2026.pdf"), "records_provided",
     [("Response_Letter.pdf", "Dear Mr. Yu,\nRe: Public Records Request 27-0055\nThe responsive minutes are enclosed. Some pages were redacted under Section 2(c).\nSincerely,\nClerk")]),
    ("a05", S, "See attached.", ("Letter_27-0060.pdf", "Contracts_2025.pdf"), "records_provided",
     [("Letter_27-0060.pdf", "Dear Ms. Haas,\nRe: your request for paving contracts\nThe enclosed contracts are responsive. The remaining bid files will follow by March 1, 2027.\nSincerely,\nProcurement")]),
    ("a06", S, "Please see attached.", ("Extension_Letter_27-0071.pdf", "Custodian_List.xlsx"), "extension",
     [("Extension_Letter_27-0071.pdf", "Dear Mr. Cole,\nRe: Public Records Request No. 27-0071\nDue to the volume of emails, we require an additional 20 business days and will respond by March 17, 2027.\nSincerely,\nRecords Office")]),
    # ---- rule 3b: clarification with her request still in the text ----
    ("c01", S, "You wrote:\n\nPursuant to the Open Records Act, I request all emails sent by the Public Works Director in 2026.\n\nCould you please tell us which subjects or correspondents you are interested in? The director sent over 9,000 emails in 2026.\n\nThanks,\nAbby", (), "clarification"),
    ("c02", S, "Hi Sam,\nI would like to request a list of the specific addresses you are interested in, since as written your request covers every parcel in the county. Please reply with the addresses so we can begin.\nThanks,\nOffice of the Assessor", (), "clarification"),
    ("c03", S, "Hello,\nI am requesting the following clarification before we search: which of the three Oak Street parcels do you mean?\n\nRegards,\nPlanning", (), "clarification"),
    ("c04", S, "Original request below.\n\nUnder the Freedom of Information Act, I request copies of all complaints against Acme Towing.\n\nCan you tell us whether you mean complaints to the police or to the licensing board? They are kept by different offices.\n\nRecords", (), "clarification"),
    # ---- rule 4 ----
    ("n01", S, "Thank you for your request. There is no documentation that you need to provide at this time; we will begin processing your request and respond within 10 business days.", (), "acknowledgement"),
    ("n02", S, "Your request has been received. There is no documentation for you to complete; the fee waiver you asked for is approved and we will respond by February 26, 2027.", (), "acknowledgement"),
    ("n03", S, "The search of the live mail server did not produce any of the 2024 emails. IT must restore the backup tapes to complete the search. We need an additional 15 business days and will respond by March 10, 2027.", (), "extension"),
    ("n04", S, "Our search did not yield any pages from 2019, but 312 pages from 2020 through 2026 were located. The cost to copy them is $31.20, payable before release.", (), "fee_estimate"),
    ("n05", S, "Dear Ms. Fox,\nWhich format would you like the records in: paper, CD, or other (please specify)? Please reply so we can finish your request.\nRecords", (), "clarification"),
    ("n06", S, "Our search of the personnel files did not identify any information requiring redaction, so the evaluations are attached in full.", ("evaluations_2026.pdf",), "records_provided"),
    # ---- confirm: the new code should now read these right ----
    ("g01", "Public Records Request :: R027-000501", "The City received the following records request from you on January 15, 2027.\nI request copies of all police reports at 55 Birch Road since 2025. I prefer electronic copies.\nThe City has determined that no records responsive to your request exist.\n\nTo monitor the progress or update this request please log into the Portal.", (), "no_records"),
    ("g02", "Public Records Request :: R027-000502", "The next batch of records has been released and made available on the Fairview Records Request Portal.\nPlease log in to download them.", (), "records_link"),
    ("g03", S, "Please see the attachments for responsive records.", ("emails_part1.pdf", "emails_part2.pdf"), "records_provided"),
    ("g04", S, "After a review of the department's files, there is no written documentation regarding the decision to close the Elm Street fire station.", (), "no_records"),
    ("g05", "Public Records Request :: R027-000503", "Records Requested: Copies of my 2026 parking citations (Vehicle type: sedan, or other - please specify)\nThe request is being forwarded to the Parking Division.\nWe will respond within 10 business days.", (), "acknowledgement"),
    ("g06", S, "The search of the clerk's records did not result in any minutes for the 2014 sewer committee.", (), "no_records"),
    ("g07", S, "Hi,\nThe file was too large to share on the portal; you should have received an email with a link to download the footage.\nThanks,\nVince", (), "records_link"),
    ("n07", S, "Our initial search did not result in any of the 2019 files, which are kept in off-site storage. We need an additional 10 business days to retrieve the boxes and will respond by March 3, 2027.", (), "extension"),
    ("g08", "Public Records Request :: R027-000504", "Your request stated: \"I request copies of the 2026 animal control bite reports.\"\nThank you,\nJane Quill\nThe bite reports are exempt under Section 9(2) and are withheld.", (), "denial"),
    ("g09", "Public Records Request :: R027-000505", "Your request was as follows:\n\nI request all contracts with Blue Ridge Paving since 2024. If you deny any part, please cite the exemption and provide a fee estimate.\n\nThe City has no contracts with Blue Ridge Paving.", (), "no_records"),
    ("c05", S, "Your request reads:\n\"Pursuant to the Public Records Act, I request all noise complaints about our street since 2025.\"\n\nCould you tell us the name of the street? Your email does not say which one.\n\nCode Enforcement", (), "clarification"),
    ("g10", S, "Attached are the letter and the redacted incident reports.", ("Response_Letter_27-0090.pdf", "Incident_Reports_Redacted.pdf"), "records_provided",
     [("Response_Letter_27-0090.pdf", "Dear Mr. Alvarez,\nRe: Public Records Request 27-0090\nThe incident reports are enclosed with redactions. The witness statements are withheld under Section 7(1)(c).\nSincerely,\nRecords Unit")]),
]  # fmt: skip


@pytest.mark.parametrize("row", CASES, ids=[row[0] for row in CASES])
def test_sixth_review_counter_examples(row):
    _name, subject, body, names, kind = row[:5]
    reply = ReplyText(subject, body, tuple(names), False, datetime(2027, 2, 17, 10, 0))
    if len(row) > 5:
        got = read_with_attachments(reply, [AttachedText(*letter) for letter in row[5]])
    else:
        got = read(reply)
    assert str(got.kind) == kind
