"""The fifth review (2026-12-03): counter-examples to the day's pasted-request cut
(`reply_echo`) and wider unwrapping (`reply_text._unwrap_lines`), written by a helper playing a
seasoned requester and a mail engineer. Each was right before those changes; the first
versions of them got these wrong (an agency's own "I am requesting ... from IT" cut as her
request, a portal footer or a clerk's "thanks" taken as its end, one-line paragraphs joined so
that a condition swallowed the next sentence's answer)."""

from __future__ import annotations

from datetime import datetime

import pytest

from foia_tracker.intake.classify import ReplyText, read

CASES = [
    ('e01', 'Good morning,\n\nI am requesting any responsive records from our IT division today. Because the search covers 14 mailboxes, we need additional time and will respond by December 18, 2026.\n\nthanks\nDeb Kowalski\nRecords Clerk', 'extension'),
    ('e22', 'Good afternoon,\nI am requesting copies of the reports from the state crime lab and will forward them once they arrive. Your request will remain open until then, and we expect to respond by January 9, 2027.\nYou may check the status of your request in the portal.', 'extension'),
    ('e32', 'I request documents like these from the state often and it usually takes them about 3 weeks, so we are extending the deadline to December 22, 2026.\n- Kim Osei', 'extension'),
    ('e11', "Dear Mr. Chen,\nI am requesting information from the Sheriff's Office on your behalf; we do not maintain jail booking records at the City and have no responsive records.\n\nthanks,\nAnn", 'no_records'),
    ('e25', "Dear Ms. Lind,\nI request access to the Sheriff's archived files each quarter; your request for 2019 jail logs has been passed to them and we have no records at the County Clerk.\n\nregards\nTina", 'no_records'),
    ('e28', 'Hi - quick answer on your request.\nI request all my staff to double-check before we say no, and they did: the City has no records of any drone flights in 2025.\nthanks\nMo', 'no_records'),
    ('e16', 'Dear Requester,\nPursuant to the Open Records Act, I am requesting records from the custodian at the Water Department, who holds the files you described.\nThe Department estimates the cost at $45.00 for 3 hours of staff time, payable before release.\n\nPlease log in to the portal to pay the invoice.', 'fee_estimate'),
    ('e04', 'Request description:\nI request copies of all contracts with Axon Enterprise since 2022.\n\nResponse: After a diligent search, the County has no records responsive to your request.\n\nYou may check the status of your request at any time in the portal.', 'no_records'),
    ('e30', "Your request:\nI request copies of the 2023-2026 inspection reports for the Fairground Arena.\n\nThe Fire Marshal's office will need 10 more business days to gather these; we will respond by December 7.\nPlease log in to the portal if you have questions.", 'extension'),
    ('e26', 'From the portal:\nI request records of all 2025 code violations on Birch Ave.\nThe code enforcement records are available at https://city.nextrequest.com/documents/55521\nYou may track your request online.', 'records_link'),
    ('e18', 'Request Details:\nI request copies of all emails to or from Lt. Boyd about the Harbor Street shooting.\nThe Department is withholding all responsive emails under the active investigation exemption. Withheld:\n- Internal Affairs Memo\n- Lab Report\n\nRegards, Records', 'denial'),
    ('u01', 'Thank you for your request for the 2025 pursuit policy and all after-action\nreports. Our office searched the training and internal affairs files.\nAfter a diligent search the Department has no records responsive to your request\nPlease contact me if you have any questions about the search that was conducted\nThe search covered paper files in the basement archive and the electronic\nrecords management system for the years you listed.', 'no_records'),
    ('u17b', 'Dear Ms. Hale,\nWe received your request for copies of all inspection reports for the Sunnyvale Apartments at 12 Oak Row from 2023 to now\nPlease call the Housing Division at 555-0142 if you have any questions about the inspection process or the reports\nUnfortunately the City has no inspection reports for 12 Oak Row because the property is inspected by the County\n\nMaria Alvarez\nHousing Division\n', 'no_records'),
    ('u13', "Hi Mr. Tran,\nThank you for your request for the police department's 2025 use of force reports and the related body camera videos from May\nIf you are not satisfied with this response you may file an appeal with the Public Access Counselor within 60 days of this letter\n2 of the 5 videos requested are exempt from disclosure under Section 7(1)(c) and have been withheld in full\nThe remaining 3 videos and all use of force reports are being prepared and will be sent to you by December 4, 2026 at the latest\n", 'denial'),
    ('u21', "CITY OF FAIRVIEW - OFFICE OF THE CITY ATTORNEY\nRe: Public Records Request No. 2026-0318. The City has completed its search for records responsive to your request and\nreviewed them for exemptions.\nThe City may be required to notify third parties whose information appears in the records before any release is made\n(the vendor's bid prices are being withheld under RCW 42.56.270 as trade secrets, and no segregable portion exists).\nAll other responsive records have been released to you through the portal and the request is now closed.", 'denial'),
    ('e24', 'Your request (copied below) was received on 11/18 and assigned #26-1141. We will respond within 5 business days.\n\n"Pursuant to the Public Records Act, I request copies of the 2026 fleet fuel logs."\n"Pursuant to the Public Records Act, I request any records showing fuel card misuse. If you withhold any records, please cite the exemption. I will pay fees up to $25."\n\nRecords Division', 'acknowledgement'),
]  # fmt: skip


@pytest.mark.parametrize(("name", "body", "kind"), CASES)
def test_fifth_review_counter_examples(name, body, kind):
    reply = ReplyText("RE: Public records request", body, (), False, datetime(2026, 11, 20, 10, 0))
    assert str(read(reply).kind) == kind, name
