"""Proof that the real-server fixtures work, so other integration tests can rely on them."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import pwd
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

import imapclient
import pytest

from tests.integration.conftest import server_unavailable
from tests.integration.servers import (
    SPECIAL_USE_FOLDERS,
    MailAccount,
    SmtpServer,
    TestCertificates,
    _config_23,
    _config_24,
    _Identity,
    _Layout,
    _replace_header,
)

RAW = (
    b"From: Records Officer <records@district.example.org>\r\n"
    b"To: jane@example.test\r\n"
    b"Subject: Re: Public records request CT-0042\r\n"
    b"Message-ID: <reply-1@district.example.org>\r\n"
    b"\r\n"
    b"Your request has been received.\r\n"
)


def letter(sender: str, to: str, message_id: str = "<letter-1@example.test>") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = "Public records request CT-0042"
    msg["Message-ID"] = message_id
    msg.set_content("Under the Freedom of Information Act, I request ...")
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


# -- Dovecot ------------------------------------------------------------------------------------


def test_append_then_fetch_gives_the_exact_bytes_flags_and_internaldate(dovecot: MailAccount):
    when = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))

    uid = dovecot.append("INBOX", RAW, flags=["\\Seen"], internaldate=when)

    with dovecot.connect() as client:
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch([uid], ["BODY.PEEK[]", "FLAGS", "INTERNALDATE"])[uid]
    assert uid == 1
    assert fetched[b"BODY[]"] == RAW
    assert set(fetched[b"FLAGS"]) - {b"\\Recent"} == {b"\\Seen"}
    assert fetched[b"INTERNALDATE"].astimezone(dt.UTC) == when.astimezone(dt.UTC)
    assert dovecot.messages("INBOX") == [RAW]


def test_each_test_gets_its_own_empty_mailbox(dovecot: MailAccount):
    other = dovecot.server.new_account()
    dovecot.append("INBOX", RAW)

    assert other.messages("INBOX") == []
    assert dovecot.messages("INBOX") == [RAW]
    assert other.address == f"{other.username}@example.test"


def test_special_use_folders_are_listed_with_their_roles(dovecot: MailAccount):
    imap = imaplib.IMAP4(dovecot.host, dovecot.port)
    try:
        imap.login(dovecot.username, dovecot.password)
        # RFC 6154 section 3: the SPECIAL-USE selection option lists only folders with a role.
        typ, lines = imap.list('(SPECIAL-USE) ""', "*")
    finally:
        imap.logout()

    assert typ == "OK"
    assert sorted(lines) == sorted(
        f'({role}) "/" {name}'.encode() for name, role in SPECIAL_USE_FOLDERS.items()
    )
    with dovecot.connect() as client:
        assert client.find_special_folder(b"\\Sent") == "Sent"
        assert client.find_special_folder(b"\\Junk") == "Junk"
    assert sorted(dovecot.folders()) == ["Drafts", "INBOX", "Junk", "Sent", "Trash"]


def test_uidvalidity_change_is_seen_by_a_client(dovecot: MailAccount):
    dovecot.append("INBOX", RAW)
    with dovecot.connect() as client:
        before = client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]

    changed_to = dovecot.change_uidvalidity("INBOX")

    with dovecot.connect() as client:
        after = client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
    assert changed_to == before + 1
    assert after == changed_to
    assert dovecot.messages("INBOX") == [RAW]


def test_imaps_is_verified_with_the_test_ca(dovecot: MailAccount):
    with dovecot.connect(tls=True) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_imaps_is_refused_without_the_test_ca(dovecot: MailAccount):
    with pytest.raises(ssl.SSLCertVerificationError):
        imapclient.IMAPClient(
            dovecot.host, port=dovecot.tls_port, ssl=True, ssl_context=ssl.create_default_context()
        )


def test_idle_reports_a_message_appended_meanwhile(dovecot: MailAccount):
    with dovecot.connect() as client:
        client.select_folder("INBOX")
        client.idle()
        dovecot.append("INBOX", RAW)
        responses = client.idle_check(timeout=5)
        client.idle_done()

    assert (1, b"EXISTS") in responses


def test_xoauth2_login_takes_only_a_token_issued_for_that_user(dovecot: MailAccount):
    other = dovecot.server.new_account()

    def oauth2_login(token: str) -> None:
        client = imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
        try:
            client.oauth2_login(dovecot.username, token)
        finally:
            client.shutdown()

    oauth2_login(dovecot.oauth2_token())
    for wrong in ("made-up-token", other.oauth2_token()):
        with pytest.raises(imapclient.exceptions.LoginError):
            oauth2_login(wrong)


@pytest.mark.skipif(os.geteuid() != 0, reason="ownership is only switched when run as root")
def test_mail_is_owned_by_an_unprivileged_user(dovecot: MailAccount):
    dovecot.append("INBOX", RAW)

    home = dovecot.server.root / "mail" / dovecot.username
    new_files = list((home / "Maildir").rglob("*"))
    assert new_files
    assert {path.stat().st_uid for path in new_files} == {pwd.getpwnam("nobody").pw_uid}


def test_wrong_password_is_refused(dovecot: MailAccount):
    with pytest.raises(imapclient.exceptions.LoginError):
        client = imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=5)
        try:
            client.login(dovecot.username, "not-the-password")
        finally:
            client.shutdown()


def test_clear_empties_every_folder(dovecot: MailAccount):
    dovecot.append("INBOX", RAW)
    dovecot.append("Sent", RAW)

    dovecot.server.clear(dovecot.user)

    assert [dovecot.messages(folder) for folder in ("INBOX", "Sent")] == [[], []]


def test_find_user_follows_plus_addressing_and_ignores_case(dovecot: MailAccount):
    server = dovecot.server
    plus = dovecot.address.upper().replace("@", "+Tok3n@")

    assert server.find_user(f"<{plus}>") == dovecot.user
    assert server.find_user(dovecot.username + "@elsewhere.test") is None
    assert server.find_user("nobody-here@example.test") is None


# -- SMTP ---------------------------------------------------------------------------------------


def test_plain_smtp_records_what_it_accepts(smtp_plain: SmtpServer):
    raw = letter("jane@example.test", "records@district.example.org")

    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as client:
        refused = client.sendmail("jane@example.test", ["records@district.example.org"], raw)
        code, reply = client.noop()

    assert refused == {}
    assert code == 250
    assert "auth" not in client.esmtp_features
    [got] = smtp_plain.received
    assert got.mail_from == "jane@example.test"
    assert got.rcpt_tos == ("records@district.example.org",)
    assert got.raw == raw
    assert got.delivered == raw
    assert got.auth_user is None
    assert got.reply == "250 2.0.0 Ok: queued as T000001"


def test_provider_like_files_each_accepted_message_in_sent(
    smtp_provider: SmtpServer, dovecot: MailAccount
):
    raw = letter(dovecot.address, "records@district.example.org")

    with smtplib.SMTP(smtp_provider.host, smtp_provider.port, timeout=10) as client:
        client.sendmail(dovecot.address, ["records@district.example.org"], raw)

    assert dovecot.messages("Sent") == [raw]
    assert dovecot.messages("INBOX") == []


def test_provider_like_rewrites_message_id_when_asked(
    smtp_provider: SmtpServer, dovecot: MailAccount
):
    smtp_provider.rewrite_message_id = True
    raw = letter(dovecot.address, "records@district.example.org", "<ours@example.test>")

    with smtplib.SMTP(smtp_provider.host, smtp_provider.port, timeout=10) as client:
        client.sendmail(dovecot.address, ["records@district.example.org"], raw)

    [sent_copy] = dovecot.messages("Sent")
    assert b"Message-ID: <ours@example.test>" not in sent_copy
    assert b"@provider.example.test>" in sent_copy
    assert smtp_provider.received[0].raw == raw


def test_mail_to_a_dovecot_user_plus_address_is_delivered_to_its_inbox(
    smtp_provider: SmtpServer, dovecot: MailAccount
):
    to = dovecot.address.replace("@", "+x7k2m9@")
    raw = letter(dovecot.address, to)

    with smtplib.SMTP(smtp_provider.host, smtp_provider.port, timeout=10) as client:
        client.sendmail(dovecot.address, [to], raw)

    assert dovecot.messages("INBOX") == [b"Delivered-To: " + to.encode() + b"\r\n" + raw]
    assert dovecot.messages("Sent") == [raw]


def test_fail_rcpt_refuses_only_that_address_at_rcpt(smtp_plain: SmtpServer):
    smtp_plain.fail_rcpt = {"Bad@x.org": (550, "5.1.1 User unknown")}
    raw = letter("jane@example.test", "good@x.org")

    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as client:
        refused = client.sendmail("jane@example.test", ["good@x.org", "BAD@x.org"], raw)
        with pytest.raises(smtplib.SMTPRecipientsRefused) as only_bad:
            client.sendmail("jane@example.test", ["bad@x.org"], raw)

    assert refused == {"BAD@x.org": (550, b"5.1.1 User unknown")}
    assert only_bad.value.recipients == {"bad@x.org": (550, b"5.1.1 User unknown")}
    assert [m.rcpt_tos for m in smtp_plain.received] == [("good@x.org",)]


def test_quota_error_comes_at_data_after_n_messages(smtp_plain: SmtpServer):
    smtp_plain.fail_data_after_n = (1, (550, "5.4.5 Daily sending quota exceeded"))
    raw = letter("jane@example.test", "records@x.org")

    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as client:
        client.sendmail("jane@example.test", ["records@x.org"], raw)
        with pytest.raises(smtplib.SMTPDataError) as quota:
            client.sendmail("jane@example.test", ["records@x.org"], raw)

    assert (quota.value.smtp_code, quota.value.smtp_error) == (
        550,
        b"5.4.5 Daily sending quota exceeded",
    )
    assert len(smtp_plain.received) == 1


def test_fail_mail_from_refuses_the_sender(smtp_plain: SmtpServer):
    smtp_plain.fail_mail_from = {"jane@example.test": (553, "5.7.1 Sender address rejected")}

    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")

    assert (refused.value.smtp_code, refused.value.smtp_error) == (
        553,
        b"5.7.1 Sender address rejected",
    )
    assert smtp_plain.received == []


def test_421_closes_the_connection_after_n_messages_and_a_new_one_works(
    smtp_plain: SmtpServer,
):
    smtp_plain.disconnect_after_n = 2
    raw = b"Subject: x\r\n\r\nx\r\n"

    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as client:
        client.sendmail("jane@example.test", ["a@x.org"], raw)
        client.sendmail("jane@example.test", ["b@x.org"], raw)
        with pytest.raises(smtplib.SMTPSenderRefused) as closed:
            client.sendmail("jane@example.test", ["c@x.org"], raw)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            client.noop()
    with smtplib.SMTP(smtp_plain.host, smtp_plain.port, timeout=10) as again:
        again.sendmail("jane@example.test", ["c@x.org"], raw)

    assert closed.value.smtp_code == 421
    assert [(m.rcpt_tos, m.connection) for m in smtp_plain.received] == [
        (("a@x.org",), 1),
        (("b@x.org",), 1),
        (("c@x.org",), 2),
    ]


def test_auth_is_required_and_checked_on_plaintext_loopback(make_smtp):
    server = make_smtp("plain", auth={"jane": "s3cret"})

    with smtplib.SMTP(server.host, server.port, timeout=10) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as unauthenticated:
            client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")
        with pytest.raises(smtplib.SMTPAuthenticationError):
            client.login("jane", "wrong")
        client.login("jane", "s3cret")
        client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")

    assert unauthenticated.value.smtp_code == 530
    assert "XOAUTH2" not in client.esmtp_features["auth"]
    assert [m.auth_user for m in server.received] == ["jane"]


def test_xoauth2_accepts_only_the_users_token(make_smtp):
    server = make_smtp("plain", oauth2_tokens={"tok-123": "jane@example.test"})

    def xoauth2(token: str):
        return lambda challenge=None: f"user=jane@example.test\x01auth=Bearer {token}\x01\x01"

    with smtplib.SMTP(server.host, server.port, timeout=10) as client:
        client.ehlo()
        assert client.esmtp_features["auth"].split() == ["XOAUTH2"]
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            client.auth("XOAUTH2", xoauth2("stolen"))
        client.auth("XOAUTH2", xoauth2("tok-123"))
        client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")

    assert refused.value.smtp_code == 535
    assert [m.auth_user for m in server.received] == ["jane@example.test"]


def test_starttls_is_verified_with_the_test_ca(make_smtp, tls_certs: TestCertificates):
    server = make_smtp("plain", certs=tls_certs)

    with smtplib.SMTP(server.host, server.port, timeout=10) as client:
        client.starttls(context=tls_certs.client_context())
        client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")
    with smtplib.SMTP(server.host, server.port, timeout=10) as untrusting:
        with pytest.raises(ssl.SSLCertVerificationError):
            untrusting.starttls(context=ssl.create_default_context())

    assert len(server.received) == 1


def test_implicit_tls_is_verified_with_the_test_ca(make_smtp, tls_certs: TestCertificates):
    server = make_smtp("plain", certs=tls_certs, implicit_tls=True)

    context = tls_certs.client_context()
    with smtplib.SMTP_SSL(server.host, server.port, context=context, timeout=10) as client:
        client.sendmail("jane@example.test", ["a@x.org"], b"Subject: x\r\n\r\nx\r\n")

    assert len(server.received) == 1


def test_replace_header_replaces_a_folded_field_and_keeps_the_rest():
    raw = b"Subject: x\r\nmessage-id:\r\n <old@x>\r\nTo: a@x.org\r\n\r\nbody\r\n"

    assert _replace_header(raw, b"Message-ID", b"<new@y>") == (
        b"Subject: x\r\nMessage-ID: <new@y>\r\nTo: a@x.org\r\n\r\nbody\r\n"
    )
    assert _replace_header(b"To: a@x.org\n\nbody\n", b"From", b"b@y.org") == (
        b"To: a@x.org\nFrom: b@y.org\n\nbody\n"
    )


# -- the skip-or-fail rule and the 2.4 config -------------------------------------------------


def test_missing_server_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no dovecot"):
        server_unavailable("no dovecot")

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no dovecot .CI=true"):
        server_unavailable("no dovecot")


def test_dovecot_24_config_uses_24_names_only(tmp_path: Path):
    certs = TestCertificates(tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem")
    layout = _Layout(
        tmp_path, 1143, 1993, certs, _Identity("dovecot", "dovenull", 65534, 65534, False)
    )

    config_24 = _config_24(layout)
    config_23 = _config_23(layout)

    # 2.4 refuses to start unless dovecot_config_version is the first setting.
    assert config_24.splitlines()[0] == "dovecot_config_version = 2.4.0"
    for old_name in ("mail_location", "disable_plaintext_auth", "ssl_cert =", "args ="):
        assert old_name not in config_24
        assert old_name in config_23
    assert f"passwd_file_path = {tmp_path}/users/%{{user}}" in config_24
