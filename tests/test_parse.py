import base64
import hashlib
import io
import time
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from foia_tracker.links.find import find_links
from foia_tracker.parse import unpack, walk
from foia_tracker.parse.message import (
    AUTO_REPLY_SUBJECT,
    BounceInfo,
    ParsedMessage,
    authserv_id,
    decode_bytes,
    decode_header_text,
    dmarc_failed,
    extract_uuencoded,
    html_to_text,
    is_from,
    parse_message,
    safe_filename,
    sniff_content_type,
    unzip_within_limits,
)

MAIL = Path(__file__).parent / "fixtures" / "mail"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_SHA = hashlib.sha256(PDF).hexdigest()
TOKEN = "k3j5m2n4p6q7n"


def fixture(name: str) -> ParsedMessage:
    return parse_message((MAIL / name).read_bytes())


def leaves(parsed: ParsedMessage) -> list[tuple[str, str, str, str]]:
    return [(a.filename, a.safe_name, a.content_type, a.source) for a in parsed.attachments]


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode()


# --- the fixture corpus --------------------------------------------------------------------


def test_every_fixture_parses_without_error():
    names = sorted(p.name for p in MAIL.glob("*.eml"))
    assert len(names) >= 17
    for name in names:
        parsed = fixture(name)
        assert parsed.parse_error is None, name
        assert parsed.message_id, name


def test_gmail_dsn():
    parsed = fixture("dsn_gmail.eml")
    assert parsed.bounce.failed is True
    assert parsed.bounce == BounceInfo(
        original_message_id="<letter-ct-0042@foia.example.com>",
        original_recipients=("records@nowhere.example.gov",),
        status="5.1.1",
        action="failed",
        diagnostic="550 5.1.1 <records@nowhere.example.gov>: Recipient address rejected: "
        "User unknown",
    )
    assert parsed.automated is True
    assert parsed.is_auto_reply is False
    assert parsed.recipient_addrs == ("parent@example.com",)
    assert "Subject: [CT-0042] Public records request" in parsed.body_text
    assert parsed.body_text.startswith("** Address not found **\n\nYour message wasn't")


def test_exchange_dsn_with_html_part_and_returned_message():
    parsed = fixture("dsn_exchange.eml")
    assert parsed.bounce == BounceInfo(
        original_message_id="<letter-ct-0043@foia.example.com>",
        original_recipients=("foia@district.example.org",),
        status="5.1.10",
        action="failed",
        diagnostic="550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP "
        "address lookup",
    )
    assert parsed.body_text.startswith(
        "Your message to foia@district.example.org couldn't be delivered."
    )
    # the returned letter's own text is ours, not the agency's: only its headers are kept
    assert "Dear Records Officer" not in parsed.body_text
    assert parsed.attachments == ()


def test_qmail_bounce():
    parsed = fixture("bounce_qmail.eml")
    assert parsed.bounce == BounceInfo(
        original_message_id="<letter-ny-0107@foia.example.com>",
        original_recipients=("clerk@town.example.us",),
        status="5.1.1",
        action="failed",
        diagnostic="Remote host said: 550 5.1.1 <clerk@town.example.us>... User unknown",
    )
    assert parsed.automated is True


def test_exim_bounce():
    parsed = fixture("bounce_exim.eml")
    assert parsed.bounce == BounceInfo(
        original_message_id="<letter-tx-0200@foia.example.com>",
        original_recipients=("records@schools.example.k12.tx.us",),
        status="5.7.1",
        action="failed",
        diagnostic="550 5.7.1 Mailbox unavailable",
    )
    assert parsed.is_auto_reply is False


def test_delayed_dsn_is_a_warning_not_a_failure():
    parsed = fixture("delayed_dsn.eml")
    assert parsed.bounce == BounceInfo(
        original_message_id=None,
        original_recipients=("records@slow.example.gov",),
        status="4.4.1",
        action="delayed",
        diagnostic=None,
    )
    assert parsed.bounce.failed is False
    assert parsed.automated is True
    assert parsed.is_auto_reply is False


def test_classic_delay_warning():
    parsed = simple(
        "From: MAILER-DAEMON@mx.example.com\nSubject: Delayed Mail (still being retried)",
        "<records@slow.example.gov>: connect timed out, status 4.4.1\n",
    )
    assert parsed.bounce.action == "delayed"
    assert parsed.bounce.original_recipients == ("records@slow.example.gov",)


def test_success_dsn_is_no_bounce():
    parsed = parse_message(
        b"From: mailer-daemon@x.example\nContent-Type: multipart/report; "
        b"report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nok\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n"
        b"Final-Recipient: rfc822; a@b.example\nAction: delivered\nStatus: 2.0.0\n\n--b--\n"
    )
    assert parsed.bounce is None
    assert parsed.automated is True


def test_exchange_out_of_office():
    parsed = fixture("ooo_exchange.eml")
    assert parsed.is_auto_reply is True
    assert parsed.auto_submitted == "auto-replied"
    assert parsed.automated is True
    assert parsed.bounce is None
    assert parsed.in_reply_to == ("<letter-ct-0042@foia.example.com>",)
    assert parsed.recipient_addrs == (f"records+{TOKEN}@example.com",)
    assert parsed.from_addr == "dclerk@district.example.org"
    assert parsed.from_name == "Dana Clerk"


def test_tnef_winmail_dat_unpacked():
    parsed = fixture("tnef.eml")
    container = parsed.attachments[0]
    assert leaves(parsed) == [
        ("winmail.dat", "winmail.dat", "application/ms-tnef", "attachment"),
        ("Contract 2026.pdf", "Contract 2026.pdf", "application/pdf", "tnef"),
        ("fields.csv", "fields.csv", "text/csv", "tnef"),
    ]
    assert container.parent_sha256 is None
    assert [a.parent_sha256 for a in parsed.attachments[1:]] == [container.sha256] * 2
    assert parsed.attachments[1].data == PDF
    assert parsed.attachments[2].data == b"student_id,grade\n1,5\n"


def test_zip_members_extracted_with_safe_names():
    parsed = fixture("zip.eml")
    container = parsed.attachments[0]
    assert leaves(parsed) == [
        ("records.zip", "records.zip", "application/zip", "attachment"),
        ("MOU/Agreement with Vendor.pdf", "Agreement with Vendor.pdf", "application/pdf",
         "zip-member"),
        ("../../../etc/cron.d/evil", "evil", "application/octet-stream", "zip-member"),
        ("data-fields.xlsx", "data-fields.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip-member"),
    ]  # fmt: skip
    assert {a.parent_sha256 for a in parsed.attachments[1:]} == {container.sha256}
    assert parsed.attachments[1].sha256 == PDF_SHA
    assert parsed.defects == ()


def test_zip_bomb_kept_whole_with_defect():
    parsed = fixture("zip_bomb.eml")
    assert leaves(parsed) == [("records.zip", "records.zip", "application/zip", "attachment")]
    assert parsed.defects == (
        "ZipNotExtracted: compression ratio over 100:1 (possible zip bomb) in records.zip",
    )


def test_nested_message_flattened():
    parsed = fixture("nested.eml")
    eml, pdf = parsed.attachments
    assert leaves(parsed) == [
        ("RE Public records request.eml", "RE Public records request.eml", "message/rfc822",
         "attachment"),
        ("DSA.pdf", "DSA.pdf", "application/pdf", "nested"),
    ]  # fmt: skip
    assert pdf.parent_sha256 == eml.sha256
    assert parsed.body_text == (
        "This came to me by mistake, forwarding.\n\n"
        "---------- Forwarded message ----------\n"
        "From: Jo Superintendent <jo@district2.example.org>\n"
        "Date: Fri, 6 Nov 2026 09:00:00 -0500\n"
        "Subject: RE: [CT-0044] Public records request\n"
        "To: colleague@newsroom.example.net\n"
        "Message-ID: <inner-1@district2.example.org>\n\n"
        "Attached is our data sharing agreement."
    )


def test_traversal_and_encoded_filenames():
    parsed = fixture("traversal.eml")
    assert parsed.subject == "Re: [WA-0010] Documents – part 1"
    assert leaves(parsed) == [
        ("../../etc/passwd", "passwd", "application/pdf", "attachment"),
        ("..\\..\\Windows\\System32\\evil.exe", "evil.exe", "application/octet-stream",
         "attachment"),
        ("CON.txt", "_CON.txt", "text/plain", "attachment"),
        ("Vereinbarung über Daten.pdf", "Vereinbarung über Daten.pdf", "application/pdf",
         "attachment"),
        ("résumé.pdf", "résumé.pdf", "application/pdf", "attachment"),
        (".hidden\x07name.docx", "hiddenname.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
    ]  # fmt: skip


def test_missing_final_boundary():
    parsed = fixture("broken_mime.eml")
    assert parsed.body_text == "Here is the first part."
    assert leaves(parsed) == [("minutes.pdf", "minutes.pdf", "application/pdf", "attachment")]
    assert parsed.attachments[0].data == PDF
    assert "CloseBoundaryNotFoundDefect" in parsed.defects


def test_raw_utf8_headers():
    parsed = fixture("headers_8bit.eml")
    assert parsed.subject == "Antwort: Übersicht [NJ-0099] – café"
    assert parsed.from_name == "Jörg Müller"
    assert parsed.body_text == "Grüße aus dem Amt."


def test_raw_latin1_headers():
    parsed = fixture("headers_latin1.eml")
    assert parsed.subject == "Re: año [NM-0012]"
    assert parsed.from_name == "José"


def test_cp1252_mislabelled_as_latin1():
    parsed = fixture("cp1252_mislabelled.eml")
    assert parsed.body_text == "We “received” your request – the fee is € 25 or $25; café."


def test_html_only_body():
    parsed = fixture("html_only.eml")
    assert parsed.body_text == (
        "Your request CT-0045 was received.\n\n- First item\n\n- Second & last\n\n"
        f"Reply to this address <records+{TOKEN}@example.com>."
    )
    assert "tracking" not in parsed.body_text
    assert parsed.automated is True  # noreply sender on a records portal


def test_uuencoded_block():
    parsed = fixture("uuencode.eml")
    assert parsed.body_text == "See attached file.\n\n[uuencoded attachment: notes.txt]\n\nRegards"
    assert leaves(parsed) == [("notes.txt", "notes.txt", "text/plain", "uuencode")]
    assert parsed.attachments[0].data == (
        b"The contract is on file.\nThis is a test of uuencoded attachments from an old system.\n"
    )


def test_corpus_survives_lf_and_crlf():
    for path in MAIL.glob("*.eml"):
        raw = path.read_bytes()
        lf = parse_message(raw.replace(b"\r\n", b"\n"))
        crlf = parse_message(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        assert lf.body_text == crlf.body_text, path.name
        assert leaves(lf) == leaves(crlf), path.name
        assert lf.bounce == crlf.bounce, path.name


# --- headers -------------------------------------------------------------------------------


def simple(headers: str, body: str = "hello\n") -> ParsedMessage:
    return parse_message((headers.strip() + "\n\n" + body).encode("utf-8"))


def test_recipients_from_every_header_and_received_for():
    parsed = simple(
        """Received: from mx.example.com by imap.example.com
 for <Records+ABC@Example.com>; Mon, 2 Nov 2026 10:00:00 -0500
Received: from a by b with ESMTP id x for bcc@example.com; Mon, 2 Nov 2026 10:00:00 -0500
Delivered-To: delivered@example.com
X-Original-To: original@example.com
Envelope-To: envelope@example.com
From: A <a@agency.gov>
To: "Last, First" <to1@example.com>, to2@example.com
Cc: cc@example.com
Reply-To: reply@agency.gov
Subject: x"""
    )
    assert parsed.to_addrs == ("to1@example.com", "to2@example.com")
    assert parsed.cc_addrs == ("cc@example.com",)
    assert parsed.reply_to == ("reply@agency.gov",)
    assert parsed.recipient_addrs == (
        "to1@example.com",
        "to2@example.com",
        "cc@example.com",
        "delivered@example.com",
        "original@example.com",
        "envelope@example.com",
        "records+abc@example.com",
        "bcc@example.com",
    )


def test_threading_headers():
    parsed = simple(
        """From: a@agency.gov
Message-ID: bare-id@agency.gov
In-Reply-To: <one@x> (comment)
References: <zero@x>
 <one@x>, <one@x>"""
    )
    assert parsed.message_id == "<bare-id@agency.gov>"
    assert parsed.in_reply_to == ("<one@x>",)
    assert parsed.references == ("<zero@x>", "<one@x>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 2 Nov 2026 10:00:00 -0500", datetime(2026, 11, 2, 15, 0, tzinfo=UTC)),
        ("Mon, 2 Nov 2026 10:00:00 -0000", datetime(2026, 11, 2, 10, 0, tzinfo=UTC)),
        ("garbage", None),
        ("", None),
    ],
)
def test_date(value, expected):
    parsed = simple(f"From: a@b.gov\nDate: {value}")
    assert parsed.date == expected
    if expected:
        assert parsed.date.utcoffset() is not None


def test_date_keeps_zone():
    parsed = simple("From: a@b.gov\nDate: Mon, 2 Nov 2026 10:00:00 +0100")
    assert parsed.date.tzinfo == timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("=?utf-8?q?caf=C3=A9?= au lait", "café au lait"),
        ("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", "éé"),
        # one character split across two encoded words
        ("=?utf-8?B?4oA=?= =?utf-8?B?kw==?=", "–"),
        ("=?iso-8859-1?Q?Jos=E9_Garc=EDa?=", "José García"),
        ("=?utf-8*en?Q?hi?=", "hi"),
        ("=?x-unknown?Q?caf=C3=A9?=", "café"),
        ("plain  text", "plain  text"),
        ("folded\r\n text", "folded text"),
        ("=?utf-8?B?broken", "=?utf-8?B?broken"),
    ],
)
def test_decode_header_text(raw, text):
    assert decode_header_text(raw) == text


@pytest.mark.parametrize(
    ("data", "charset", "text"),
    [
        (b"caf\xe9 \x93x\x94", "iso-8859-1", "café “x”"),
        (b"caf\xc3\xa9", "us-ascii", "café"),
        (b"caf\xe9", "us-ascii", "café"),
        (b"caf\xc3\xa9", None, "café"),
        (b"caf\xe9", None, "café"),
        (b"caf\xc3\xa9", "x-no-such-charset", "café"),
        (b"caf\xe9", "x-no-such-charset", "café"),
        (b"caf\xe9", "utf-8", "café"),
        (b"\x81\x8d", "latin-1", "\x81\x8d"),
        (b"\x82\xa0", "shift_jis", "あ"),
        (b"abc", "utf\x00-8", "abc"),
    ],
)
def test_decode_bytes(data, charset, text):
    assert decode_bytes(data, charset) == text


def test_auth_results_and_dmarc():
    parsed = simple(
        """Authentication-Results: mx.example.com; spf=pass; dmarc=fail (p=NONE) header.from=a.gov
Authentication-Results: forged.example; dmarc=pass
From: a@a.gov"""
    )
    assert parsed.auth_results == (
        ("mx.example.com", "mx.example.com; spf=pass; dmarc=fail (p=NONE) header.from=a.gov"),
        ("forged.example", "forged.example; dmarc=pass"),
    )
    assert dmarc_failed(parsed, "MX.example.com") is True
    assert dmarc_failed(parsed, "forged.example") is False
    assert dmarc_failed(parsed, "other.example") is False


def test_dmarc_topmost_result_of_provider_wins():
    parsed = simple(
        "Authentication-Results: mx.example.com 1; dmarc=pass\n"
        "Authentication-Results: mx.example.com; dmarc=fail\nFrom: a@a.gov"
    )
    assert dmarc_failed(parsed, "mx.example.com") is False


# --- flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "auto_reply", "automated"),
    [
        ("Subject: Re: records", False, False),
        ("Auto-Submitted: no\nSubject: Re: records", False, False),
        ("Auto-Submitted: auto-replied\nSubject: Re: records", True, True),
        ("Auto-Submitted: auto-generated\nSubject: Your request", False, True),
        ("X-Autoreply: yes\nSubject: Re: records", True, True),
        ("X-Autorespond: yes\nSubject: Re: records", True, True),
        ("Precedence: auto_reply\nSubject: Re: records", True, True),
        ("Subject: Automatic reply: [CT-0042] request", True, True),
        ("Subject: Out of Office: request", True, True),
        ("Subject: AutoReply: request", True, True),
        ("Subject: RE: out of office", True, True),
        ("Subject: Re: [CT-0042] records; our office is closed Friday", False, False),
        ("Subject: Re: records kept out of office hours", False, False),
        ("Precedence: bulk\nSubject: newsletter", False, True),
        ("List-Id: <board.district.org>\nSubject: agenda", False, True),
    ],
)
def test_auto_reply_and_automated(headers, auto_reply, automated):
    parsed = simple(f"From: clerk@agency.gov\n{headers}")
    assert parsed.is_auto_reply is auto_reply
    assert parsed.automated is automated


@pytest.mark.parametrize(
    "sender", ["noreply@agency.gov", "no-reply@agency.gov", "donotreply@x.org", "a@govqa.us"]
)
def test_automated_senders(sender):
    assert simple(f"From: {sender}\nSubject: x").automated is True


# --- never raises --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe",
        b"From: \n\n",
        b"Content-Type: multipart/mixed; boundary=\n\n--\n--\n",
        b"Content-Type: message/rfc822\n\nnot a message",
        b'Content-Type: text/plain; charset="\xff\xfe"\n\nx',
        b"Content-Type: application/zip\nContent-Transfer-Encoding: base64\n\nUEsDBAo=",
        b'Content-Type: application/ms-tnef\n\nx\x9f>"junk',
        b"Subject: =?utf-8?B?" + b"A" * 10000 + b"?=\n\nx",
        b"Date: Mon, 99 Foo 99999 99:99:99 +9999\n\n",
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
        b"--b\nContent-Type: message/delivery-status\n\n\n--b--\n",
    ],
)
def test_hostile_input_does_not_raise(raw):
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedMessage)


def test_deep_nesting_is_cut_off():
    raw = b"Content-Type: text/plain\n\ninnermost\n"
    for _ in range(40):
        raw = b"Content-Type: message/rfc822\n\n" + raw
    parsed = parse_message(raw)
    assert parsed.parse_error is None
    assert "NestingTooDeep" in parsed.defects


def test_internal_error_becomes_parse_error(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(walk.Walk, "message", boom)
    parsed = parse_message(b"From: a@b.gov\nSubject: hi\n\nbody")
    assert parsed.parse_error == "RuntimeError: kaput"
    assert parsed.subject == "hi"
    assert parsed.from_addr == "a@b.gov"


# --- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/abs/path/report.pdf", "report.pdf"),
        ("..", "attachment.bin"),
        ("", "attachment.bin"),
        ("   ", "attachment.bin"),
        (".bashrc", "bashrc"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("console.txt", "console.txt"),
        ("a\x00b\nc\u202ed.pdf", "abcd.pdf"),
        ('what?*<>|":.pdf', "what_______.pdf"),
        ("trailing. ", "trailing"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("y" * 300, "y" * 120),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


@pytest.mark.parametrize(
    ("name", "declared", "data", "expected"),
    [
        ("scan", "application/octet-stream", b"%PDF-1.7", "application/pdf"),
        ("scan.doc", "application/msword", b"%PDF-1.7", "application/pdf"),
        ("a.png", "application/octet-stream", b"\x89PNG\r\n\x1a\n...", "image/png"),
        ("a", "", b"\xff\xd8\xff\xe0", "image/jpeg"),
        ("a", "", b"GIF89a", "image/gif"),
        ("a.docx", "application/octet-stream", b"PK\x03\x04",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.bin", "application/octet-stream", b"PK\x03\x04", "application/zip"),
        ("old.xls", "application/octet-stream", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "application/vnd.ms-excel"),
        ("odd", "application/octet-stream", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "application/x-ole-storage"),
        ("notes.txt", "application/octet-stream", b"hello", "text/plain"),
        ("notes", "application/octet-stream", b"hello", "application/octet-stream"),
        ("table.csv", "text/plain", b"a,b", "text/plain"),
    ],
)  # fmt: skip
def test_sniff_content_type(name, declared, data, expected):
    assert sniff_content_type(name, declared, data) == expected


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_unzip_limits(monkeypatch):
    members, problem = unzip_within_limits(make_zip({"a.txt": b"a", "b/c.txt": b"c"}))
    assert (members, problem) == ([("a.txt", b"a"), ("b/c.txt", b"c")], None)
    assert unzip_within_limits(b"not a zip")[1].startswith("unreadable zip")
    monkeypatch.setattr(unpack, "ZIP_MAX_MEMBERS", 2)
    assert unzip_within_limits(make_zip({"1": b"", "2": b"", "3": b""})) == (
        [],
        "3 members (limit 2)",
    )
    monkeypatch.setattr(unpack, "ZIP_MAX_TOTAL", 10)
    assert unzip_within_limits(make_zip({"big": b"x" * 11}, zipfile.ZIP_STORED)) == (
        [],
        "uncompressed size exceeds the limit",
    )


def test_unzip_refuses_encrypted():
    data = bytearray(make_zip({"secret.pdf": PDF}, zipfile.ZIP_STORED))
    # set the "encrypted" general-purpose flag (APPNOTE 4.4.4 bit 0) in both headers
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    assert unzip_within_limits(bytes(data)) == ([], "encrypted")


def test_unzip_size_lies_are_caught():
    data = bytearray(make_zip({"a.bin": b"x" * 5000}, zipfile.ZIP_STORED))
    central = data.rfind(b"PK\x01\x02")
    # claim 10 bytes uncompressed in the central directory (offset 24) while 5000 follow
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    members, problem = unzip_within_limits(bytes(data))
    assert members == []
    assert problem is not None


def test_nested_zip_not_unpacked_beyond_one_level():
    inner = make_zip({"deep.pdf": PDF})
    outer = make_zip({"inner.zip": inner, "top.pdf": PDF})
    raw = (
        "From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n"
        "--z\nContent-Type: text/plain\n\nsee zip\n"
        "--z\nContent-Type: application/zip; name=out.zip\nContent-Transfer-Encoding: base64\n\n"
        f"{b64(outer)}--z--\n"
    ).encode()
    parsed = parse_message(raw)
    assert [(a.safe_name, a.source) for a in parsed.attachments] == [
        ("out.zip", "attachment"),
        ("inner.zip", "zip-member"),
        ("top.pdf", "zip-member"),
    ]


def test_html_to_text():
    assert (
        html_to_text(
            "<p>A&amp;B</p><script>x()</script><style>p{}</style><br>"
            "<table><tr><td>1</td><td>2</td></tr></table><img src='http://x/y.gif'>"
        )
        == "A&B\n\n1 2"
    )


def test_html_only_mail_keeps_the_target_of_a_click_here_link():
    # Web mail and portals often send HTML alone: the records' link sits behind "here".
    raw = (
        b"From: clerk@district.example\nMIME-Version: 1.0\nContent-Type: text/html\n\n"
        b"<p>The agreements are ready. You can get them "
        b'<a href="https://www.dropbox.com/scl/fi/k2/agreements.zip?dl=0&amp;rlkey=x">here</a>'
        b'.</p><p>Call me with questions, <a href="https://district.example">District</a></p>'
    )
    body = parse_message(raw).body_text
    assert "here <https://www.dropbox.com/scl/fi/k2/agreements.zip?dl=0&rlkey=x>." in body
    found = find_links(body, date(2026, 11, 20))
    assert [f.service for f in found] == ["Dropbox"]
    # a link whose text is its own address is written once
    assert html_to_text('<a href="https://a.example/x">https://a.example/x</a>') == (
        "https://a.example/x"
    )


def test_html_quoted_messages_are_marked_as_quotes():
    markup = (
        "<div>We have no agreements of that kind.</div>"
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 2, 2026, Pat wrote:</div>'
        '<blockquote class="gmail_quote"><div>Please send the agreements.</div>'
        '<blockquote type="cite">An older message</blockquote></blockquote></div>'
        "<p>Board office</p><blockquote>An indented paragraph of the reply itself</blockquote>"
    )
    assert html_to_text(markup).splitlines() == [
        "We have no agreements of that kind.",
        "",
        "On Mon, Nov 2, 2026, Pat wrote:",
        "",
        "> Please send the agreements.",
        "",
        "> An older message",
        "",
        "Board office",
        "",
        "An indented paragraph of the reply itself",
    ]


def test_extract_uuencoded_leaves_other_text():
    assert extract_uuencoded("no blocks here\nbegin with a word\n") == (
        "no blocks here\nbegin with a word\n",
        [],
    )


@pytest.mark.parametrize(
    "plain, expected",
    [
        ("This message is in HTML format. Please view it in a browser.\n", "released to you"),
        ("   \n", "released to you"),
        ("To view this email as a web page, open it in your browser.", "released to you"),
        ("Records released. This message was sent in HTML too.", "Records released."),
    ],
)
def test_a_plain_version_that_only_points_to_the_html_one_gives_way(plain, expected):
    raw = (
        "From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=a\n\n"
        f"--a\nContent-Type: text/plain\n\n{plain}\n"
        "--a\nContent-Type: text/html\n\n<p>The records were released to you.</p>\n--a--\n"
    ).encode()
    assert expected in parse_message(raw).body_text


def test_alternative_prefers_plain_and_keeps_html_images():
    logo = b64(b"\x89PNG\r\n\x1a\nlogo")
    raw = (
        "From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=a\n\n"
        "--a\nContent-Type: text/plain\n\nplain version\n"
        "--a\nContent-Type: multipart/related; boundary=r\n\n"
        "--r\nContent-Type: text/html\n\n<p>html version</p>\n"
        "--r\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n"
        f"{logo}--r--\n--a--\n"
    ).encode()
    parsed = parse_message(raw)
    assert parsed.body_text == "plain version"
    assert leaves(parsed) == [("", "attachment.png", "image/png", "attachment")]


def test_thirty_megabyte_attachment():
    blob = PDF + bytes(range(256)) * (30 * 1024 * 4)
    raw = (
        "From: a@b.gov\nSubject: big\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=z\n\n"
        "--z\nContent-Type: text/plain\n\nbig file attached\n"
        "--z\nContent-Type: application/pdf; name=big.pdf\nContent-Transfer-Encoding: base64\n\n"
        f"{b64(blob)}--z--\n"
    ).encode()
    parsed = parse_message(raw)
    assert parsed.body_text == "big file attached"
    assert len(parsed.attachments) == 1
    assert parsed.attachments[0].data == blob


def test_unterminated_uuencode_blocks_do_not_go_quadratic():
    body = "begin 644 x\n" * 50_000 + "ordinary text\n" * 50_000
    text, blocks = extract_uuencoded(body)
    assert (text, blocks) == (body, [])


@pytest.mark.parametrize(
    ("raw_name", "name"), [(b"na\xc3\xafve.pdf", "naïve.pdf"), (b"na\xefve.pdf", "naïve.pdf")]
)
def test_raw_8bit_filename(raw_name, name):
    raw = (
        b"From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n"
        b"--z\nContent-Type: text/plain\n\nhi\n--z\nContent-Type: application/pdf\n"
        b'Content-Disposition: attachment; filename="' + raw_name + b'"\n\n%PDF-1.4\n--z--\n'
    )
    assert leaves(parse_message(raw)) == [(name, name, "application/pdf", "attachment")]


def test_unpacking_is_bounded_per_message_not_per_zip(monkeypatch):
    """Ten zips each under the limit must not add up past it (a zip bomb split in parts)."""
    monkeypatch.setattr(unpack, "ZIP_MAX_TOTAL", 3000)
    msg = EmailMessage()
    msg["From"] = "a@b.example"
    msg.set_content("parts")
    for n in range(10):
        msg.add_attachment(
            make_zip({f"m{n}.txt": bytes([65 + n]) * 1000}, zipfile.ZIP_STORED),
            maintype="application",
            subtype="zip",
            filename=f"part{n}.zip",
        )
    parsed = parse_message(msg.as_bytes())
    members = [leaf for leaf in parsed.attachments if leaf.source == "zip-member"]
    assert len(members) == 3  # 3 x 1,000 bytes fit in the budget; the rest stay zipped
    assert sum("ZipNotExtracted" in d for d in parsed.defects) == 7


def test_a_hostile_received_header_parses_in_linear_time():
    # A guard against catastrophic backtracking (it took ~10 s before), not a benchmark.
    raw = (
        b"Received: from x by y for " + b"@" * 20000 + b"<\r\nFrom: a@b.example\r\n"
        b"Subject: s\r\n\r\nbody\r\n"
    )
    start = time.perf_counter()
    parse_message(raw)
    assert time.perf_counter() - start < 1.0


def test_an_encoded_line_break_in_a_message_id_is_dropped():
    raw = (
        b"From: a@b.example\r\nMessage-ID: =?utf-8?q?x=0D=0ABcc:=09evil@attacker.org?=\r\n"
        b"Subject: s\r\n\r\nbody\r\n"
    )
    assert parse_message(raw).message_id is None


# --- the one authserv-id parser, the one auto-reply subject, own mail -----------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mx.google.com; dkim=pass header.i=@x.org", "mx.google.com"),
        ("MX.Example.NET 1; dmarc=fail", "mx.example.net"),  # RFC 8601 2.2: optional version
        ("  mail.example.org;\r\n  spf=pass", "mail.example.org"),
        ("", None),
        (";dmarc=pass", None),
    ],
)
def test_authserv_id(value, expected):
    assert authserv_id(value) == expected


@pytest.mark.parametrize(
    ("subject", "auto"),
    [
        ("Automatic reply: [CT-0042] Public records request", True),
        ("RE: Out of Office: records", True),
        ("AUTO: Dana Clerk is out of the office (returning 11/30/2026)", True),
        ("Auto Response", True),
        ("Respuesta automática: solicitud", True),
        ("Réponse automatique : demande", True),
        ("Re: [CT-0042] records attached; I was out of office last week", False),
        ("Automobile contracts you asked for", False),
        ("Autumn enrollment data", False),
        ("Out of office hours: the board's after-hours calls log", False),
    ],
)
def test_auto_reply_subject_is_a_prefix(subject, auto):
    assert (AUTO_REPLY_SUBJECT.search(subject) is not None) is auto


def test_is_from_compares_mailboxes_not_subaddresses():
    parsed = parse_message(b"From: Jane <Jane+k3j5@Example.test>\nSubject: s\n\nbody\n")
    assert is_from(parsed, ["jane@example.test"])
    assert is_from(parsed, ["other@example.test", "JANE@example.test"])
    assert not is_from(parsed, ["jane@example.org"])
    assert not is_from(parse_message(b"Subject: no sender\n\nx\n"), ["jane@example.test"])


# --- inline signature pictures ----------------------------------------------------------------


def test_signature_pictures_are_marked_inline_and_the_letter_is_not():
    parsed = fixture("inline_signature.eml")
    marks = [(a.filename, a.content_type, a.inline_image) for a in parsed.attachments]
    assert marks == [
        ("image001.png", "image/png", True),  # cid: in the HTML, inline
        ("~WRD0000.jpg", "image/jpeg", True),  # Word's signature name, small
        ("Response letter CT-0043.pdf", "application/pdf", False),
    ]
    assert parsed.attachments[0].content_id == "image001.png@01DB2E5A.5C3B1F20"


def related(image: bytes, *, name: str, referenced: bool, disposition: str = "inline") -> bytes:
    cid = "pic1@x" if referenced else "other@x"
    return (
        "From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=r\n\n"
        f'--r\nContent-Type: text/html\n\n<p>hi <img src="cid:{cid}"></p>\n'
        f'--r\nContent-Type: image/png; name="{name}"\nContent-ID: <pic1@x>\n'
        f"Content-Disposition: {disposition}\nContent-Transfer-Encoding: base64\n\n"
        f"{b64(image)}--r--\n"
    ).encode()


@pytest.mark.parametrize(
    ("size", "name", "referenced", "disposition", "inline"),
    [
        (1_000, "logo.png", True, "inline", True),
        (600_000, "scan.png", True, "inline", False),  # a big picture may be a pasted record
        (1_000, "logo.png", False, "inline", False),  # nothing shows it
        (1_000, "photo.png", True, "attachment", False),  # sent as a file
        (150_000, "image002.png", False, "attachment", True),  # Outlook's signature name
        (300_000, "image002.png", False, "attachment", False),  # too big for a signature
    ],
)
def test_inline_image_rules(size, name, referenced, disposition, inline):
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * size
    parsed = parse_message(related(image, name=name, referenced=referenced,
                                   disposition=disposition))  # fmt: skip
    [leaf] = parsed.attachments
    assert leaf.inline_image is inline


def test_a_pdf_named_like_a_signature_picture_is_still_a_document():
    raw = (
        "From: a@b.gov\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n"
        "--z\nContent-Type: text/plain\n\nsee\n--z\nContent-Type: application/pdf\n"
        'Content-Disposition: attachment; filename="image001.png"\n'
        f"Content-Transfer-Encoding: base64\n\n{b64(PDF)}--z--\n"
    ).encode()
    [leaf] = parse_message(raw).attachments
    assert (leaf.content_type, leaf.inline_image) == ("application/pdf", False)
