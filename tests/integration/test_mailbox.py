"""mailbox.py against a real Dovecot: TLS, login, special-use folders, search, APPEND."""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest

from foia_tracker.config import ImapSettings
from foia_tracker.errors import MailboxError
from foia_tracker.mail import imap as mailbox

PASSWORD_ENV = "FOIA_TEST_IMAP_PASSWORD"


def settings_for(account, monkeypatch, **overrides) -> ImapSettings:
    monkeypatch.setenv(PASSWORD_ENV, account.password)
    values = dict(
        host=account.host,
        port=account.port,
        security="none",
        username=account.username,
        password_env=PASSWORD_ENV,
        timeout=10.0,
    )
    values.update(overrides)
    return ImapSettings(**values)


def message(message_id: str, subject: str = "Records request CT-0001") -> bytes:
    msg = EmailMessage()
    msg["From"] = "jane@example.test"
    msg["To"] = "records@district.example"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content("Hello.\n")
    return bytes(msg)


def test_plain_login_on_loopback_and_folders(dovecot, monkeypatch):
    with mailbox.connect(settings_for(dovecot, monkeypatch)) as client:
        roles = mailbox.special_folders(client)
    assert roles == {"\\Drafts": "Drafts", "\\Sent": "Sent", "\\Junk": "Junk", "\\Trash": "Trash"}


def test_implicit_tls_verified_with_ca_file(dovecot, monkeypatch):
    settings = settings_for(
        dovecot, monkeypatch, port=dovecot.tls_port, security="ssl", ca_file=dovecot.ca_pem_path
    )
    with mailbox.connect(settings) as client:
        assert client.folder_exists("INBOX")


def test_starttls_verified_with_ca_file(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch, security="starttls", ca_file=dovecot.ca_pem_path)
    with mailbox.connect(settings) as client:
        assert client.folder_exists("Sent")


def test_tls_refused_without_the_ca(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch, port=dovecot.tls_port, security="ssl")
    with pytest.raises(MailboxError, match="could not be verified.*ca_file"):
        mailbox.connect(settings)


def test_starttls_refused_without_the_ca(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch, security="starttls")
    with pytest.raises(MailboxError, match="could not be verified"):
        mailbox.connect(settings)


def test_plaintext_refused_to_a_remote_host(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch, host="imap.example.org")
    with pytest.raises(MailboxError, match="plaintext"):
        mailbox.connect(settings)


def test_wrong_password_is_one_sentence(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch)
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    with pytest.raises(MailboxError, match="refused the login"):
        mailbox.connect(settings)


def test_xoauth2_uses_the_token_command(dovecot, monkeypatch, tmp_path: Path):
    # Dovecot here has no OAUTH2 passdb, so the server refuses; what matters is that the
    # token command ran and its output went to AUTHENTICATE XOAUTH2, not LOGIN.
    script = tmp_path / "token.py"
    script.write_text("print('tok-123')\n")
    settings = settings_for(
        dovecot, monkeypatch, auth="xoauth2", oauth2_token_command=(sys.executable, str(script))
    )
    with pytest.raises(MailboxError, match="IMAP login|refused the login"):
        mailbox.connect(settings)


def test_resolve_folders_turns_roles_into_names(dovecot, monkeypatch):
    settings = settings_for(dovecot, monkeypatch, folders=("INBOX", "\\Junk", "\\Flagged"))
    with mailbox.connect(settings) as client:
        assert mailbox.resolve_folders(client, settings) == ["INBOX", "Junk"]
        assert mailbox.resolve_folders(client, settings, include_sent=True) == [
            "INBOX",
            "Junk",
            "Sent",
        ]
        assert mailbox.sent_folder(client, settings) == "Sent"


def test_append_then_find_by_message_id(dovecot, monkeypatch):
    wanted = make_msgid(idstring="CT-0001", domain="example.test")
    other = make_msgid(idstring="CT-0002", domain="example.test")
    with mailbox.connect(settings_for(dovecot, monkeypatch)) as client:
        uid = mailbox.append(client, "Sent", message(wanted), flags=("\\Seen",))
        mailbox.append(client, "Sent", message(other))
        assert mailbox.find_by_message_id(client, "Sent", wanted) == [uid]
        assert mailbox.find_by_message_id(client, "Sent", wanted.strip("<>")) == [uid]
        assert mailbox.find_by_message_id(client, "INBOX", wanted) == []
        headers = mailbox.fetch_headers(client, "Sent", [uid])
    assert wanted.encode() in headers[uid]


def test_account_key_is_stable_and_ignores_the_port():
    """Issue 14: moving from 143 + STARTTLS to 993 + SSL must not re-download the mailbox."""
    settings = ImapSettings(host="IMAP.Example.org", port=993, username="Jane@Example.org")
    assert mailbox.account_key(settings) == "jane@example.org@imap.example.org"
    moved = ImapSettings(host="imap.example.org", port=143, username="jane@example.org")
    assert mailbox.account_key(moved) == mailbox.account_key(settings)
