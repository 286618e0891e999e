"""Bounce formats beyond the mailer-daemon texts: Amazon SES notices delivered by SNS as JSON,
Coremail's Chinese returned-mail notices, receivers that refuse our mail for failing DMARC, and
DragonFly Mail Agent's X-Original-To. Each sample here is written for the test."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime

import pytest

from foia_tracker.db import row
from foia_tracker.intake import pipeline as intake
from foia_tracker.parse.bounce import refuses_sender
from foia_tracker.parse.message import parse_message
from foia_tracker.requests.tracking import StatusFilter, status_rows
from tests.test_intake import db, fetched, filer, seeded, store  # noqa: F401 - fixtures

OURS = "jane@example.test"
AGENCY = "records@district2.example.org"


def ses_notice(bounce: dict, *, kind: str = "Bounce") -> dict:
    return {
        "notificationType": kind,
        "bounce": bounce,
        "mail": {
            "source": OURS,
            "destination": [AGENCY],
            "messageId": "0000-ses-own-id-0000",
            "commonHeaders": {"messageId": "<letter-ct-0044@foia.example.com>"},
        },
    }


def sns_mail(notice: dict, *, envelope: bool = True, sns_header: bool = True) -> bytes:
    """SNS's e-mail: the Email-JSON envelope around SES's notice, or the notice alone."""
    body = (
        json.dumps(
            {"Type": "Notification", "TopicArn": "arn:aws:sns:x:1:t", "Message": json.dumps(notice)}
        )
        if envelope
        else json.dumps(notice)
    )
    header = "x-amz-sns-message-id: 11111111-2222\r\n" if sns_header else ""
    return (
        f"From: AWS Notifications <no-reply@sns.example.com>\r\nTo: {OURS}\r\n"
        f"Subject: AWS Notification Message\r\n{header}Content-Type: text/plain\r\n\r\n"
        f"{body}\r\n\r\n--\r\nTo stop these notifications, unsubscribe.\r\n"
    ).encode()


def recipient(address: str, status: str, diagnostic: str) -> dict:
    return {"emailAddress": address, "status": status, "diagnosticCode": diagnostic}


def test_an_ses_hard_bounce_names_the_agency_and_our_letter():
    unknown = recipient(AGENCY, "5.1.1", "smtp; 550 5.1.1 no mailbox by that name")
    mine = recipient(OURS, "5.1.1", "smtp; 550 5.1.1 no mailbox by that name")
    notice = ses_notice({"bounceType": "Permanent", "bounceSubType": "General",
                         "bouncedRecipients": [unknown, mine]})  # fmt: skip

    bounce = parse_message(sns_mail(notice)).bounce

    assert (bounce.action, bounce.gave_up) == ("failed", False)
    assert bounce.original_recipients == (AGENCY,)  # never our own address
    assert bounce.original_message_id == "<letter-ct-0044@foia.example.com>"
    assert bounce.status == "5.1.1"


@pytest.mark.parametrize(
    ("bounce_type", "subtype"),
    [
        ("Transient", "MailboxFull"),
        ("Transient", "General"),
        ("Undetermined", "Undetermined"),
        ("Permanent", "OnAccountSuppressionList"),  # SES never tried: nothing new on the address
    ],
)
def test_an_ses_bounce_that_is_not_hard_loses_the_letter_not_the_address(bounce_type, subtype):
    only = recipient(AGENCY, "", "")
    notice = ses_notice({"bounceType": bounce_type, "bounceSubType": subtype,
                         "bouncedRecipients": [only]})  # fmt: skip

    bounce = parse_message(sns_mail(notice, envelope=False)).bounce

    assert (bounce.action, bounce.gave_up, bounce.failed) == ("delayed", True, False)
    assert bounce.original_recipients == (AGENCY,)


def test_json_that_sns_did_not_send_or_that_is_no_bounce_is_not_read_as_one():
    hard = {"bounceType": "Permanent", "bouncedRecipients": [recipient(AGENCY, "5.1.1", "")]}
    quoted = sns_mail(ses_notice(hard), envelope=False, sns_header=False)
    complaint = sns_mail(ses_notice(hard, kind="Complaint"))

    assert parse_message(quoted).bounce is None
    assert parse_message(complaint).bounce is None


def coremail(html: str, subject: str = "系统退信") -> bytes:
    data = base64.encodebytes(html.encode("gb18030")).decode().replace("\n", "\r\n")
    encoded = base64.b64encode(subject.encode("gb18030")).decode()
    return (
        "From: postmaster@mail.jyj.example.cn\r\nTo: jane@example.test\r\n"
        f"Subject: =?gb18030?b?{encoded}?=\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=gb18030\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{data}"
    ).encode()


def test_a_coremail_notice_in_chinese_names_the_failed_recipient_from_its_table():
    # The address sits in the cell after the "recipient" label, as Coremail lays it out.
    html = (
        "<h1>很抱歉，您发出的邮件已被退回</h1><table>"
        "<tr><th>收件人：</th>\n<td>bgs@jyj.example.cn</td></tr>"
        "<tr><th>退信原因：</th><td>对方邮箱地址不存在 (550 mailbox unavailable)</td></tr>"
        "</table>"
    )

    bounce = parse_message(coremail(html)).bounce

    assert (bounce.action, bounce.original_recipients) == ("failed", ("bgs@jyj.example.cn",))


def test_the_copies_coremail_lists_under_the_failed_recipient_are_not_failed():
    html = (
        "<p>您的邮件被退回</p><table>\n<tr><th>收件人：</th>\n<td>bgs@jyj.example.cn</td></tr>\n"
        "<tr><th>抄　送：</th>\n<td>zhang@jyj.example.cn</td></tr>\n"
        "<tr><th>密　送：</th>\n<td>li@jyj.example.cn</td></tr>\n"
        "<tr><th>退信原因：</th>\n<td>550 User not found</td></tr></table>"
    )

    bounce = parse_message(coremail(html)).bounce

    assert bounce.original_recipients == ("bgs@jyj.example.cn",)


def test_a_persons_chinese_mail_about_returning_a_form_is_no_bounce():
    raw = (
        "From: 王老师 <wang@school.example.cn>\r\nTo: jane@example.test\r\n"
        "Subject: =?utf-8?b?5YWz5LqO6KGo5qC8?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "表格已被退回给您，请查收。联系人：wang@school.example.cn\r\n"
    ).encode()

    assert parse_message(raw).bounce is None


def dma_report(diagnostic: str, *, delivered_to: str = "") -> bytes:
    """DragonFly Mail Agent's layout: its Received line, then the failed address as
    X-Original-To; `delivered_to` adds the headers our own delivery prepends."""
    top = (
        f"X-Original-To: {delivered_to}\r\nDelivered-To: {delivered_to}\r\n" if delivered_to else ""
    )
    return (
        f"{top}Received: from MAILER-DAEMON\r\n\tid 9a1\r\n\tby relay.example.test (DMA);\r\n"
        f"\tMon, 9 Nov 2026 10:00:00 -0500\r\nX-Original-To: <{AGENCY}>\r\n"
        f"From: MAILER-DAEMON <>\r\nTo: {OURS}\r\nSubject: Mail delivery failed\r\n\r\n"
        f"This is the DragonFly Mail Agent at relay.example.test.\r\n\r\n"
        f"There was an error delivering your mail to <{AGENCY}>.\r\n\r\n{diagnostic}\r\n\r\n"
        f"Message headers follow.\r\n\r\nFrom: {OURS}\r\nTo: {AGENCY}\r\n"
        f"Message-ID: <letter-ct-0044@foia.example.com>\r\n"
    ).encode()


@pytest.mark.parametrize("delivered_to", ["", OURS])
def test_the_address_dma_writes_as_x_original_to_is_the_failed_one_not_ours(delivered_to):
    raw = dma_report(
        "mx.district2.example.org said: 550 5.1.1 no such user", delivered_to=delivered_to
    )

    bounce = parse_message(raw).bounce

    assert (bounce.action, bounce.original_recipients) == ("failed", (AGENCY,))
    assert bounce.sender_refused is False


def test_an_x_original_to_our_delivery_prepends_stays_ours():
    raw = (
        # delivered to us through an alias: only the prepended X-Original-To says it is ours
        f"X-Original-To: {OURS}\r\nReceived: by mx.example.test\r\nFrom: MAILER-DAEMON@mx.example.test\r\n"
        f"To: alias@lists.example.test\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n"
        f"Your message could not be delivered to:\r\n\r\n<{OURS}>: mailbox unavailable\r\n"
    ).encode()

    assert parse_message(raw).bounce.original_recipients == ()


def test_a_dmarc_reject_names_the_recipient_and_says_our_mail_was_refused():
    raw = dma_report(
        "550-5.7.26 Mail from example.test fails this domain's DMARC policy and\r\n"
        "550 5.7.26 was refused. Ask the sending domain's administrator to fix it."
    )

    bounce = parse_message(raw).bounce

    assert (bounce.action, bounce.original_recipients) == ("failed", (AGENCY,))
    assert bounce.sender_refused is True


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("550 5.7.26 several authentication checks failed", True),
        ("550 5.7.23 SPF validation failed", True),
        ("550 5.7.509 Access denied, sending domain example.test does not pass DMARC", True),
        ("550 5.7.1 Email rejected per DMARC policy for example.test", True),
        ("550 5.7.1 Unauthenticated mail from example.test is not accepted", True),
        ("553 SPF domain authentication fail for example.test", True),
        ("550 5.1.1 User unknown", False),
        ("550 5.7.1 Recipient address rejected: access denied", False),
        ("552 5.2.2 Mailbox full", False),
        ("550 5.7.2 distribution list expansion prohibited", False),
    ],
)
def test_a_refusal_of_our_mail_is_told_from_a_bad_address(text, refused):
    # RFC 7372 X.7.20-X.7.27, Microsoft's 5.7.509, and DMARC/SPF wordings; not 5.7.1 alone
    assert refuses_sender(text) is refused


NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def test_a_dmarc_reject_bounces_the_letter_keeps_the_address_and_asks_for_review(
    db,  # noqa: F811 - fixtures from test_intake
    store,  # noqa: F811
    seeded,  # noqa: F811
):
    raw = dma_report("550 5.7.26 Unauthenticated email from example.test is not accepted")

    intake.save_message(filer(db, store), fetched(raw), now=NOW)

    message = row(db, "SELECT kind, facts FROM messages WHERE id = 1")
    assert message["kind"] == "bounce"
    assert json.loads(message["facts"])["bounce"]["sender_refused"] is True
    request = row(db, "SELECT status, agency_id, needs_review FROM requests WHERE ref = 'CT-0044'")
    assert (request["status"], request["needs_review"]) == ("bounced", 1)
    agency = row(db, "SELECT email_status FROM agencies WHERE id = ?", (request["agency_id"],))
    assert agency["email_status"] != "bounced"
    review = row(db, "SELECT detail FROM events WHERE type = 'review_needed'")
    assert "authentication" in json.loads(review["detail"])["reason"]
    (status,) = status_rows(db, date(2026, 11, 10), StatusFilter(ref="CT-0044"))
    assert "find a working address" not in status["next_action"]
