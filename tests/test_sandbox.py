"""The embedded sandbox: its IMAP server driven by imapclient, its SMTP side by smtplib,
and the shape of every simulated agency reply."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re
import smtplib
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import imapclient
import pytest
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from foia_tracker.sandbox import (
    AgencyProfile,
    Sandbox,
    load_demo_districts,
    parse_behaviour,
    profiles_from_districts,
)
from foia_tracker.sandbox.agencies import DEFAULT_DAYS, Letter, Step, replies_for
from foia_tracker.sandbox.imap_server import ImapServer
from foia_tracker.sandbox.mailstore import MailStore

USER = "parent@foia-sandbox.example"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def simple_message(message_id: str, subject: str = "hello", body: str = "body") -> bytes:
    return (
        f"From: a@b.example\r\nTo: {USER}\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n\r\n{body}\r\n"
    ).encode()


@pytest.fixture
def imap():
    store = MailStore()
    store.add_user(USER, "secret")
    server = ImapServer(store)
    server.start()
    client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=10)
    client.login(USER, "secret")
    yield store, server, client
    try:
        client.logout()
    except (IMAPClientError, OSError):
        pass
    server.stop()


def raw_session(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    assert sock.recv(4096).startswith(b"* OK [CAPABILITY IMAP4rev1")
    return sock


def read_until_tag(sock: socket.socket, tag: bytes) -> bytes:
    data = b""
    while not re.search(rb"(^|\r\n)" + tag + rb" [A-Z]+ .*\r\n$", data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


# --- IMAP server ---------------------------------------------------------------------------


def test_imap_server_refuses_a_non_loopback_address():
    with pytest.raises(ValueError, match="loopback"):
        ImapServer(MailStore(), host="0.0.0.0")  # noqa: S104


def test_capabilities_and_login(imap):
    store, server, client = imap
    assert set(client.capabilities()) >= {
        b"IMAP4REV1", b"IDLE", b"UIDPLUS", b"SPECIAL-USE", b"LITERAL+", b"ID"
    }  # fmt: skip
    other = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
    with pytest.raises(IMAPClientError, match="AUTHENTICATIONFAILED"):
        other.login(USER, "wrong")
    other.login(USER.upper(), "secret")  # the login name is case-insensitive
    assert other.id_({"name": "test"})[0][:2] == (b"name", b"foia-tracker-sandbox")
    other.logout()


def test_list_special_use_folders(imap):
    _, _, client = imap
    folders = {name: flags for flags, _, name in client.list_folders()}
    assert folders == {
        "INBOX": (b"\\HasNoChildren",),
        "Sent": (b"\\HasNoChildren", b"\\Sent"),
        "Drafts": (b"\\HasNoChildren", b"\\Drafts"),
        "Junk": (b"\\HasNoChildren", b"\\Junk"),
        "Trash": (b"\\HasNoChildren", b"\\Trash"),
    }
    assert client.find_special_folder(imapclient.imapclient.SENT) == "Sent"
    assert client.find_special_folder(imapclient.imapclient.JUNK) == "Junk"
    typ, _ = client._imap._simple_command("LIST", '""', '"*"', "RETURN", "(SPECIAL-USE)")
    assert typ == "OK"
    assert b'(\\HasNoChildren \\Sent) "/" "Sent"' in client._imap.untagged_responses.pop("LIST")
    typ, _ = client._imap._simple_command("LIST", "(SPECIAL-USE)", '""', '"*"')
    listed = client._imap.untagged_responses.pop("LIST")
    assert len(listed) == 4 and all(b"INBOX" not in line for line in listed)


def test_append_with_flags_and_date_returns_appenduid(imap):
    store, _, client = imap
    when = datetime(2026, 1, 5, 14, 30, 0, tzinfo=UTC)
    response = client.append("INBOX", simple_message("<one@x>"), flags=[b"\\Seen"], msg_time=when)
    uidvalidity = client.folder_status("INBOX", [b"UIDVALIDITY"])[b"UIDVALIDITY"]
    assert response == f"[APPENDUID {uidvalidity} 1] APPEND completed".encode()
    client.select_folder("INBOX", readonly=True)
    data = client.fetch([1], ["FLAGS", "INTERNALDATE", "RFC822.SIZE"])[1]
    assert data[b"FLAGS"] == (b"\\Seen",)
    assert data[b"RFC822.SIZE"] == len(simple_message("<one@x>"))
    assert data[b"INTERNALDATE"] == datetime(2026, 1, 5, 14, 30)  # imapclient: local naive
    with pytest.raises(IMAPClientError, match="TRYCREATE"):
        client.append("Nowhere", simple_message("<two@x>"))


def test_append_with_literal_plus_over_a_raw_socket(imap):
    store, server, _ = imap
    message = simple_message("<plus@x>", body="caf\xe9 8-bit \u2713")
    sock = raw_session(server.port)
    sock.sendall(b'a1 LOGIN "%s" "secret"\r\n' % USER.encode())
    assert read_until_tag(sock, b"a1").endswith(b"a1 OK Logged in\r\n")
    sock.sendall(b"a2 APPEND Sent (\\Seen) {%d+}\r\n" % len(message) + message + b"\r\n")
    reply = read_until_tag(sock, b"a2")
    assert re.fullmatch(rb"a2 OK \[APPENDUID \d+ 1\] APPEND completed\r\n", reply)
    sent = store.mailbox(store.authenticate(USER, "secret"), "Sent")
    assert sent.messages[0].raw == message and sent.messages[0].flags == {"\\Seen"}
    sock.close()


def test_examine_is_read_only(imap):
    store, _, client = imap
    client.append("INBOX", simple_message("<ro@x>"))
    selected = client.select_folder("INBOX", readonly=True)
    assert selected[b"READ-ONLY"] == [b""]
    assert selected[b"EXISTS"] == 1 and selected[b"UIDNEXT"] == 2
    assert selected[b"PERMANENTFLAGS"] == ()
    client.fetch([1], ["BODY[]"])  # not PEEK, but the mailbox is read-only
    assert client.get_flags([1]) == {1: ()}
    with pytest.raises(IMAPClientError, match="read-only"):
        client.add_flags([1], [b"\\Flagged"])
    client.select_folder("INBOX")
    client.fetch([1], ["BODY[]"])
    assert client.get_flags([1]) == {1: (b"\\Seen",)}


def test_uid_search_ranges_and_the_highest_uid_rule(imap):
    _, server, client = imap
    for n in range(1, 6):
        client.append("INBOX", simple_message(f"<m{n}@x>"))
    client.select_folder("INBOX", readonly=True)
    assert client.search(["UID", "3:*"]) == [3, 4, 5]
    # RFC 3501 6.4.8: "n:*" with n above the highest UID still returns the highest.
    assert client.search(["UID", "9:*"]) == [5]
    assert client.search(["UID", "2,4:5"]) == [2, 4, 5]
    assert client.search("ALL") == [1, 2, 3, 4, 5]
    assert client.search(["NOT", "UID", "1:3"]) == [4, 5]

    sock = raw_session(server.port)
    sock.sendall(b'a1 LOGIN "%s" "secret"\r\na2 EXAMINE INBOX\r\n' % USER.encode())
    read_until_tag(sock, b"a2")
    sock.sendall(b"f1 FETCH 2:3,5 (UID)\r\n")
    assert read_until_tag(sock, b"f1") == (
        b"* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n* 5 FETCH (UID 5)\r\nf1 OK FETCH completed\r\n"
    )
    sock.sendall(b"f2 UID FETCH 5:4 (FLAGS)\r\n")
    assert read_until_tag(sock, b"f2") == (
        b"* 4 FETCH (UID 4 FLAGS ())\r\n* 5 FETCH (UID 5 FLAGS ())\r\nf2 OK FETCH completed\r\n"
    )
    sock.sendall(b"f3 FETCH * (RFC822.SIZE)\r\n")
    size = len(simple_message("<m5@x>"))
    assert read_until_tag(sock, b"f3") == (
        b"* 5 FETCH (RFC822.SIZE %d)\r\nf3 OK FETCH completed\r\n" % size
    )
    sock.close()


def test_header_search_by_message_id_and_since(imap):
    store, _, client = imap
    client.append("INBOX", simple_message("<a@x>"), msg_time=datetime(2026, 1, 1, tzinfo=UTC))
    client.append("INBOX", simple_message("<b@x>"), msg_time=datetime(2026, 2, 1, tzinfo=UTC))
    client.select_folder("INBOX", readonly=True)
    assert client.search(["HEADER", "Message-ID", "<b@x>"]) == [2]
    assert client.search(["HEADER", "Message-ID", "<nope@x>"]) == []
    assert client.search(["SINCE", datetime(2026, 1, 15).date()]) == [2]
    assert client.search(["BEFORE", datetime(2026, 1, 15).date()]) == [1]
    client.append(
        "INBOX", simple_message("<c@x>", subject="=?utf-8?q?caf=C3=A9_r=C3=A9sum=C3=A9?=")
    )
    # 8-bit search strings go out as LITERAL+ literals with CHARSET UTF-8
    assert client.search(["SUBJECT", "résumé"], charset="UTF-8") == [3]


def test_fetch_header_fields_section(imap):
    _, _, client = imap
    client.append("INBOX", simple_message("<hf@x>", subject="Folded\r\n subject"))
    client.select_folder("INBOX", readonly=True)
    data = client.fetch([1], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]"])[1]
    section = data[b"BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)]"]
    assert section == b"Subject: Folded\r\n subject\r\nMessage-ID: <hf@x>\r\n\r\n"
    partial = client.fetch([1], ["BODY.PEEK[]<0.5>"])[1]
    assert partial[b"BODY[]<0>"] == b"From:"


def test_fetch_a_5_mb_message_with_8bit_data(imap):
    _, _, client = imap
    line = bytes(range(128, 256)) * 7 + b"\r\n"  # 8-bit, no bare CR or LF
    big = simple_message("<big@x>", body="") + line * (5 * 1024 * 1024 // len(line))
    client.append("INBOX", big)
    client.select_folder("INBOX", readonly=True)
    data = client.fetch(client.search(["UID", "1:*"]), ["BODY.PEEK[]", "RFC822.SIZE"])[1]
    assert len(big) > 5_000_000
    assert data[b"RFC822.SIZE"] == len(big)
    assert data[b"BODY[]"] == big
    assert client.get_flags([1]) == {1: ()}  # PEEK left it unread


def test_idle_notifies_new_messages(imap):
    store, _, client = imap
    client.select_folder("INBOX", readonly=True)
    client.idle()
    timer = threading.Timer(0.2, store.deliver, (USER, "INBOX", simple_message("<idle@x>")))
    timer.start()
    responses = client.idle_check(timeout=5)
    assert responses == [(1, b"EXISTS")]
    text, _ = client.idle_done()
    assert text == b"IDLE terminated"
    assert client.search(["HEADER", "Message-ID", "<idle@x>"]) == [1]


def test_noop_reports_mail_that_arrived_meanwhile(imap):
    store, _, client = imap
    client.select_folder("INBOX", readonly=True)
    store.deliver(USER, "INBOX", simple_message("<late@x>"))
    _, responses = client.noop()
    assert responses == [(1, b"EXISTS")]


def test_uidvalidity_is_stable_and_status_reports(imap):
    store, server, client = imap
    first = client.select_folder("INBOX")[b"UIDVALIDITY"]
    client.append("INBOX", simple_message("<s@x>"))
    client.unselect_folder()
    other = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
    other.login(USER, "secret")
    assert other.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"] == first
    status = other.folder_status("INBOX", [b"MESSAGES", b"UIDNEXT", b"UIDVALIDITY"])
    assert status == {b"MESSAGES": 1, b"UIDNEXT": 2, b"UIDVALIDITY": first}
    assert other.folder_status("Sent", [b"UIDVALIDITY"])[b"UIDVALIDITY"] != first
    other.close_folder()
    other.logout()


def test_unknown_commands_and_wrong_state_are_bad(imap):
    _, server, _ = imap
    sock = raw_session(server.port)
    sock.sendall(b"t1 FROBNICATE\r\n")
    assert read_until_tag(sock, b"t1") == b"t1 BAD unknown command FROBNICATE\r\n"
    sock.sendall(b"t2 SELECT INBOX\r\n")
    assert read_until_tag(sock, b"t2") == b"t2 BAD log in first\r\n"
    sock.sendall(b'\r\nt4 LOGIN "%s" "secret"\r\nt5 SELECT INBOX\r\n' % USER.encode())
    assert read_until_tag(sock, b"t5").startswith(b"* BAD missing command\r\nt4 OK Logged in\r\n")
    sock.sendall(b"t6 SEARCH LARGER lots\r\n")
    assert read_until_tag(sock, b"t6") == b"t6 BAD the sandbox could not process that command\r\n"
    sock.sendall(b"t7 FETCH 1 (UID)\r\n")
    assert read_until_tag(sock, b"t7") == b"t7 NO the mailbox is empty\r\n"
    sock.sendall(b"t8 UID FETCH 1:* (ENVELOPE)\r\n")
    assert read_until_tag(sock, b"t8") == (
        b"t8 BAD fetch item 'ENVELOPE' is not supported by the sandbox\r\n"
    )
    sock.sendall(b"t3 LOGOUT\r\n")
    assert read_until_tag(sock, b"t3").endswith(b"t3 OK LOGOUT completed\r\n")
    sock.close()


def test_a_client_hanging_up_mid_literal_does_not_kill_the_server(imap):
    store, server, client = imap
    sock = raw_session(server.port)
    sock.sendall(b'a1 LOGIN "%s" "secret"\r\n' % USER.encode())
    read_until_tag(sock, b"a1")
    sock.sendall(b"a2 APPEND INBOX {1000}\r\n")
    assert sock.recv(100) == b"+ Ready for literal data\r\n"
    sock.sendall(b"From: half a message")
    sock.close()
    time.sleep(0.1)
    client.select_folder("INBOX", readonly=True)
    assert client.search("ALL") == []
    client.append("INBOX", simple_message("<after@x>"))
    assert client.noop()[1] == [(1, b"EXISTS")]


# --- SMTP side and the Sandbox -------------------------------------------------------------


def letter(ref: str, to: str, token: str = "tok1") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Pat Parent <{USER}>"
    message["To"] = to
    message["Reply-To"] = f"parent+{token}@foia-sandbox.example"
    message["Subject"] = f"Public records request {ref}"
    message["Date"] = "Mon, 02 Mar 2026 09:00:00 +0000"
    message["Message-ID"] = f"<{ref.lower()}@foia-sandbox.example>"
    message.set_content(
        f"Dear Records Officer,\n\nPlease send the agreements. Our reference: {ref}.\n"
        f"Replies: parent+{token}@foia-sandbox.example\n"
    )
    return message


def parsed(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def send(sb: Sandbox, message: EmailMessage, login: bool = True) -> None:
    with smtplib.SMTP(sb.smtp_host, sb.smtp_port, timeout=10) as smtp:
        if login:
            smtp.login(sb.user, sb.password)
        smtp.send_message(message)


def test_sent_copy_and_plus_addressed_delivery():
    with Sandbox(None, {}, stranger=False) as sb:
        message = letter("CT-0001", "parent+abc@foia-sandbox.example")
        send(sb, message)
        sent, inbox = sb.messages("Sent"), sb.messages("INBOX")
        assert len(sent) == 1 and parsed(sent[0])["Message-ID"] == "<ct-0001@foia-sandbox.example>"
        assert len(inbox) == 1
        delivered = parsed(inbox[0])
        assert delivered["Delivered-To"] == "parent+abc@foia-sandbox.example"
        assert delivered["Return-Path"] == f"<{USER}>"
        client = IMAPClient(sb.imap_host, port=sb.imap_port, ssl=False, timeout=5)
        client.login(sb.user, sb.password)
        sent_folder = client.find_special_folder(imapclient.imapclient.SENT)
        client.select_folder(sent_folder, readonly=True)
        assert client.get_flags(client.search("ALL")) == {1: (b"\\Seen",)}
        client.logout()


def test_smtp_auth_is_checked_but_optional():
    with Sandbox(None, {}, stranger=False) as sb:
        with smtplib.SMTP(sb.smtp_host, sb.smtp_port, timeout=10) as smtp:
            with pytest.raises(smtplib.SMTPAuthenticationError):
                smtp.login(sb.user, "wrong")
        send(sb, letter("CT-0002", "parent@foia-sandbox.example"), login=False)
        assert len(sb.messages("INBOX")) == 1


def test_provider_adds_a_missing_message_id():
    with Sandbox(None, {}, stranger=False) as sb:
        message = letter("CT-0003", "parent@foia-sandbox.example")
        del message["Message-ID"]
        send(sb, message)
        assert parsed(sb.messages("Sent")[0])["Message-ID"].endswith("@foia-sandbox.example>")


def test_agency_replies_wait_for_their_day_then_reach_the_inbox():
    agency = "records@maple.example"
    with Sandbox(None, {agency: "acknowledge+records@10"}, start=START) as sb:
        send(sb, letter("CT-0004", agency))
        assert sb.messages("INBOX") == []
        assert [r.day for r in sb.pending()] == [1, 1, 10]  # stranger, acknowledge, records
        delivered = sb.advance()
        assert [d.kind for d in delivered] == ["stranger", "acknowledge"]
        assert sb.advance(8) == []
        assert [d.kind for d in sb.advance()] == ["records"]
        ack, records = (parsed(raw) for raw in sb.messages("INBOX")[1:])
        assert ack["To"] == "parent+tok1@foia-sandbox.example"
        assert ack["In-Reply-To"] == "<ct-0004@foia-sandbox.example>"
        assert ack["Date"] == "Tue, 03 Mar 2026 09:00:00 +0000"
        assert records["Date"] == "Thu, 12 Mar 2026 09:00:00 +0000"
        assert sb.pending() == []


def test_immediate_mode_delivers_on_receipt_and_watchers_see_it():
    agency = "records@maple.example"
    with Sandbox(None, {agency: "acknowledge"}, immediate=True, stranger=False) as sb:
        client = IMAPClient(sb.imap_host, port=sb.imap_port, ssl=False, timeout=5)
        client.login(sb.user, sb.password)
        client.select_folder("INBOX", readonly=True)
        client.idle()
        send(sb, letter("CT-0005", agency))
        assert client.idle_check(timeout=5) == [(1, b"EXISTS")]
        client.idle_done()
        uid = client.search(["HEADER", "In-Reply-To", "<ct-0005@foia-sandbox.example>"])
        assert uid == [1]
        client.logout()


def test_unknown_recipient_bounces_at_once_and_reject_is_refused_at_rcpt():
    with Sandbox(None, {"gone@x.example": "reject"}, stranger=False) as sb:
        send(sb, letter("CT-0006", "nobody@nowhere.example"))
        dsn = parsed(sb.messages("INBOX")[0])
        assert dsn.get_content_type() == "multipart/report"
        assert dsn.get_param("report-type") == "delivery-status"
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            send(sb, letter("CT-0007", "gone@x.example"))
        code, text = refused.value.recipients["gone@x.example"]
        assert code == 550 and text.startswith(b"5.1.1")


def test_unknown_behaviour_fails_when_the_sandbox_is_built():
    with pytest.raises(ValueError, match="unknown agency behaviour 'teleport'"):
        Sandbox(None, {"a@b.example": "teleport"})


# --- every behaviour's reply shape ---------------------------------------------------------


def replies(behaviour: str, state: str = "CT", envelope_from: str = USER):
    profile = AgencyProfile("foi@quarry.example", "Quarry Brook SD", state, behaviour, "M. Ellis")
    raw = letter("CT-0042", profile.address, token="k7x2m9").as_bytes()
    return replies_for(Letter(raw, envelope_from, 0), profile, USER, day_date)


def day_date(day: int) -> datetime:
    return START + timedelta(days=day)


def only(behaviour: str, **kwargs) -> EmailMessage:
    (reply,) = replies(behaviour, **kwargs)
    return parsed(reply.raw)


def test_parse_behaviour_defaults_arguments_and_errors():
    assert parse_behaviour("acknowledge+fee=12.50@4") == [
        Step("acknowledge", DEFAULT_DAYS["acknowledge"]),
        Step("fee", 4, "12.50"),
    ]
    assert parse_behaviour("") == []
    with pytest.raises(ValueError, match="'records@x'"):
        parse_behaviour("records@x")


def test_every_threaded_reply_answers_the_reply_to_in_the_thread():
    for kind in ("acknowledge", "records", "fee", "denial", "no_records", "extension",
                 "clarification"):  # fmt: skip
        message = only(kind)
        assert message["To"] == "parent+k7x2m9@foia-sandbox.example", kind
        assert message["In-Reply-To"] == "<ct-0042@foia-sandbox.example>", kind
        assert message["References"] == "<ct-0042@foia-sandbox.example>", kind
        assert message["Subject"] == "RE: Public records request CT-0042", kind
        assert message["From"] == '"M. Ellis" <foi@quarry.example>', kind


def test_acknowledge_carries_a_tracking_number():
    body = only("acknowledge").get_body(("plain",)).get_content()
    assert re.search(r"tracking number PRR-2026-\d{4}\.", body)


def test_records_reply_attaches_a_valid_pdf_and_a_csv():
    message = only("records")
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert sorted(attachments) == ["Data_Sharing_Agreement.pdf", "student_data_elements.csv"]
    pdf = attachments["Data_Sharing_Agreement.pdf"].get_content()
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    xref_at = int(re.search(rb"startxref\n(\d+)\n", pdf)[1])
    assert pdf[xref_at:].startswith(b"xref\n0 6\n")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", pdf)]
    assert [pdf[o:].split(b"\n", 1)[0] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    rows = list(csv.DictReader(io.StringIO(attachments["student_data_elements.csv"].get_content())))
    assert len(rows) == 10 and rows[0]["data_element"] == "student_id"


def test_fee_reply_names_the_amount():
    assert "is $142.50," in only("fee=142.50").get_body(("plain",)).get_content()
    assert "is $85.00," in only("fee").get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "state, exemption",
    [
        ("CT", "Conn. Gen. Stat. § 1-210(b)(17)"),
        ("TX", "Tex. Gov't Code § 552.114"),
        ("VA", "Va. Code § 2.2-3705.4(A)(1)"),
        ("ZZ", "the applicable state exemption"),
    ],
)
def test_denial_cites_ferpa_and_a_state_exemption(state, exemption):
    body = only("denial", state=state).get_body(("plain",)).get_content()
    assert "20 U.S.C. § 1232g" in body
    assert exemption in body


def test_extension_names_the_new_date():
    body = only("extension=45").get_body(("plain",)).get_content()
    assert "on or before April 20, 2026 (2026-04-20)." in body


def test_no_records_and_clarification_wording():
    assert "no records responsive" in only("no_records").get_body(("plain",)).get_content()
    assert "please clarify" in only("clarification").get_body(("plain",)).get_content()


def test_out_of_office_is_auto_replied_to_the_envelope_sender():
    message = only("out_of_office", envelope_from="bounces+x@foia-sandbox.example")
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["To"] == "bounces+x@foia-sandbox.example"
    assert message["Subject"] == "Automatic reply: Public records request CT-0042"


def test_bounce_is_an_rfc3464_dsn_with_the_original_headers():
    (reply,) = replies("bounce")
    assert reply.recipient == USER
    message = parsed(reply.raw)
    assert message.get_content_type() == "multipart/report"
    assert message.get_param("report-type") == "delivery-status"
    assert message["From"] == "Mail Delivery System <MAILER-DAEMON@foia-sandbox.example>"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == [
        "text/plain", "message/delivery-status", "text/rfc822-headers"
    ]  # fmt: skip
    status = reply.raw.decode()
    assert "Final-Recipient: rfc822; foi@quarry.example\r\n" in status
    assert "Action: failed\r\nStatus: 5.1.1\r\n" in status
    assert "Message-ID: <ct-0042@foia-sandbox.example>" in status


def test_forward_from_a_colleague_keeps_the_ref_and_drops_the_token():
    (reply,) = replies("forward_colleague")
    message = parsed(reply.raw)
    assert message["From"] == "Pat Records Clerk <records.clerk@quarry.example>"
    assert message["To"] == USER and message["In-Reply-To"] is None
    assert "CT-0042" not in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Our reference: CT-0042." in body
    assert b"k7x2m9" not in reply.raw


def test_strip_headers_leaves_only_the_ref_in_the_subject():
    (reply,) = replies("strip_headers")
    message = parsed(reply.raw)
    assert message["Subject"] == "RE: CT-0042"
    assert message["To"] == USER
    assert message["In-Reply-To"] is None and message["References"] is None
    assert b"k7x2m9" not in reply.raw


def test_silent_never_replies():
    assert replies("silent") == []


# --- demo data -----------------------------------------------------------------------------


def test_demo_districts_are_fictional_and_cover_every_behaviour():
    districts = load_demo_districts()
    assert len(districts) == 12
    assert {d.state for d in districts} == {"CT", "NY", "TX", "MO", "VA"}
    with_email = [d for d in districts if d.email]
    assert all(d.email.endswith(".example") for d in with_email)
    (no_email,) = [d for d in districts if not d.email]
    assert no_email.delivery == "mail"
    kinds = {step.kind for d in districts for step in parse_behaviour(d.behaviour)}
    assert kinds == set(DEFAULT_DAYS) - {"reject"}
    profiles = profiles_from_districts(districts)
    assert len(profiles) == 11 and profiles[with_email[0].email].state == with_email[0].state


def test_demo_campaign_end_to_end_over_the_sandbox():
    districts = load_demo_districts()
    with Sandbox(None, profiles_from_districts(districts), start=START) as sb:
        for n, district in enumerate(d for d in districts if d.email):
            send(sb, letter(f"{district.state}-{n:04d}", district.email, token=f"t{n}"))
        for _ in range(14):
            sb.advance()
        assert len(sb.messages("Sent")) == 11
        kinds = sorted(d.kind for d in sb.deliveries if d.folder == "INBOX")
        assert kinds == sorted(
            ["stranger", "acknowledge", "acknowledge", "acknowledge", "acknowledge", "records",
             "records", "records", "records", "denial", "extension", "forward_colleague", "fee",
             "out_of_office", "no_records", "strip_headers", "clarification", "bounce"]
        )  # fmt: skip
        client = IMAPClient(sb.imap_host, port=sb.imap_port, ssl=False, timeout=5)
        client.login(sb.user, sb.password)
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch(client.search(["UID", "1:*"]), ["BODY.PEEK[]", "INTERNALDATE"])
        assert len(fetched) == 18
        last = max(data[b"INTERNALDATE"] for data in fetched.values())
        assert last == (START + timedelta(days=12)).replace(tzinfo=None)
        client.logout()


def test_a_sandbox_reopened_on_its_folder_keeps_mail_uids_clock_and_queue(tmp_path):
    agency = "records@maple.example"
    behaviours = {agency: "acknowledge+records@5"}
    with Sandbox(tmp_path, behaviours, start=START) as sb:
        send(sb, letter("CT-0008", agency))
        sb.advance(2)
        password, inbox = sb.password, sb.messages("INBOX")
        uidvalidity = sb.store.mailbox(
            sb.store.authenticate(sb.user, password), "INBOX"
        ).uidvalidity
    assert (tmp_path / "sandbox-state.json").stat().st_mode & 0o777 == 0o600
    with Sandbox(tmp_path, behaviours) as again:
        assert (again.password, again.day, again.start) == (password, 2, START)
        assert again.messages("INBOX") == inbox and len(inbox) == 2
        client = IMAPClient(again.imap_host, port=again.imap_port, ssl=False, timeout=5)
        client.login(again.user, password)
        assert client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"] == uidvalidity
        client.logout()
        assert [r.kind for r in again.pending()] == ["records"]
        assert [d.kind for d in again.advance(3)] == ["records"]
        assert len(again.messages("INBOX")) == 3
