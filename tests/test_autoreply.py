"""Auto-replies (RFC 3834 and the headers and wordings real responders use) told apart from
other machine mail and from people who merely mention being away."""

from pathlib import Path

import pytest

from foia_tracker.parse.message import parse_message

AUTOREPLIES = Path(__file__).parent / "fixtures" / "mail" / "autoreplies"

# name -> (is_auto_reply, automated, what decided it: a prefix of auto_reply_evidence)
EXPECTED = {
    "lotus_auto": (True, True, "subject: AUTO:"),
    "messagelabs": (True, True, "subject: Out of Office"),
    "post_messageclass": (True, True, "x-post-messageclass: 9; Autoresponder"),
    "exchange_spanish": (True, True, "subject: Respuesta automática"),
    "exchange_french": (True, True, "subject: Réponse automatique"),
    "abcmail_auto_response": (True, True, "x-autorespond: yes"),
    "x_autoreply": (True, True, "x-autoreply: yes"),
    "precedence_auto_reply": (True, True, "precedence: auto_reply"),
    "gmail_vacation": (True, True, "auto-submitted: auto-replied"),
    "apple_vacation": (True, True, "x-apple-action: vacation"),
    "body_wording": (True, True, "wording: out of the office"),
    "oof_prefix": (True, True, "subject: OOF:"),
    "autoresponder_header": (True, True, "x-autoresponder: true"),
    # not auto-replies: Outlook's X-Auto-Response-Suppress on a person's mail, a portal's
    # notice, a no-reply notice, subjects and bodies that only mention being away, a newsletter
    "not_outlook_reply": (False, False, ""),
    "not_portal_notice": (False, True, ""),
    "not_noreply_notice": (False, True, ""),
    "not_subject_mention": (False, False, ""),
    "not_auto_word": (False, False, ""),
    "not_newsletter": (False, True, ""),
    "not_vacation_mention": (False, False, ""),
}


def test_every_sample_has_an_expectation():
    assert sorted(p.stem for p in AUTOREPLIES.glob("*.eml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_auto_reply_flags(name):
    auto_reply, automated, evidence = EXPECTED[name]
    parsed = parse_message((AUTOREPLIES / f"{name}.eml").read_bytes())
    assert parsed.parse_error is None
    assert (parsed.is_auto_reply, parsed.automated) == (auto_reply, automated)
    assert parsed.auto_reply_evidence.startswith(evidence)
    assert bool(parsed.auto_reply_evidence) is auto_reply
    assert parsed.bounce is None


def test_x_auto_response_suppress_alone_is_not_automation():
    raw = (
        b"From: a@district.example.org\r\nSubject: RE: records\r\n"
        b"X-Auto-Response-Suppress: All\r\n\r\nI am out of the office today, records attached.\r\n"
    )
    parsed = parse_message(raw)
    assert (parsed.is_auto_reply, parsed.automated) == (False, False)


def test_a_responder_header_saying_no_is_not_one():
    raw = b"From: a@b.example\r\nSubject: Re: x\r\nX-Autoreply: no\r\n\r\nHi\r\n"
    assert parse_message(raw).is_auto_reply is False


def test_away_wording_from_a_portal_is_not_an_auto_reply():
    raw = (
        b"From: noreply@mycusthelp.com\r\nSubject: Message waiting\r\n"
        b"Auto-Submitted: auto-generated\r\n\r\nThe clerk is out of the office; a message waits.\r\n"
    )
    parsed = parse_message(raw)
    assert (parsed.is_auto_reply, parsed.automated) == (False, True)


def test_an_automated_release_notice_that_mentions_a_holiday_is_no_auto_reply():
    raw = (
        b"From: Records <records@district.example.org>\r\nTo: pat@example.com\r\n"
        b"Subject: Records available\r\n\r\nThis is an automated message from the District "
        b"Records System. The records you requested are available for download at "
        b"https://district.example.org/files/abc until December 30. Please note that the "
        b"records office is on holiday from December 24 to January 1."
    )
    assert parse_message(raw).is_auto_reply is False


def test_a_headerless_away_notice_that_says_it_is_automated_is_an_auto_reply():
    raw = (
        b"From: J. Whit <jw@district.example.org>\r\nTo: pat@example.com\r\n"
        b"Subject: Re: Public records request\r\n\r\nThank you for your email. I am out of "
        b"the office until Monday, December 14.\r\n\r\nThis is an automated message."
    )
    assert parse_message(raw).is_auto_reply is True
