"""`foia check` against real servers: what it learns about the provider, and what it reports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from foia_tracker.cli.check import check
from foia_tracker.cli.common import App
from foia_tracker.config import load_config
from foia_tracker.db import PROVIDER_FILES_SENT, get_setting, open_db
from foia_tracker.mail.check import authserv_id, run_check
from tests.integration import test_send as helpers


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(helpers.IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def config_for(tmp_path, account, smtp):
    return load_config(helpers.workspace_for(tmp_path, account, smtp))


def test_provider_like_mailbox(tmp_path, imap_env, smtp_provider):
    report = run_check(config_for(tmp_path, imap_env, smtp_provider), timeout=5, interval=0.1)
    assert report.problems == []
    assert report.smtp_login and report.imap_login
    assert report.test_address.startswith(f"{imap_env.username}+")
    assert report.arrived and report.arrived_in == "INBOX"
    assert report.plus_addressing is True
    assert report.from_rewritten is False
    assert report.message_id_kept is True
    assert report.sent_copy_by_provider is True
    assert report.folders == {
        "\\Drafts": "Drafts",
        "\\Junk": "Junk",
        "\\Sent": "Sent",
        "\\Trash": "Trash",
    }
    # The test message is removed again from both folders.
    assert imap_env.messages("INBOX") == []
    assert imap_env.messages("Sent") == []


def test_rewrites_are_reported(tmp_path, imap_env, smtp_provider):
    smtp_provider.rewrite_message_id = True
    smtp_provider.rewrite_from = "Mailer <mailer@example.test>"
    report = run_check(config_for(tmp_path, imap_env, smtp_provider), timeout=5, interval=0.1)
    assert report.from_rewritten is True
    assert report.message_id_kept is False
    assert report.provider_message_id is not None
    assert report.provider_message_id.endswith("@provider.example.test>")


def test_message_that_never_comes_back(tmp_path, imap_env, smtp_plain):
    report = run_check(config_for(tmp_path, imap_env, smtp_plain), timeout=0.3, interval=0.1)
    assert report.smtp_login and report.imap_login
    assert len(smtp_plain.received) == 1
    assert report.arrived is False
    assert report.plus_addressing is False
    assert report.sent_copy_by_provider is False
    assert any("did not arrive in time" in p for p in report.problems)


def test_imap_login_failure_is_a_problem_not_a_crash(
    tmp_path, imap_env, smtp_provider, monkeypatch
):
    config = config_for(tmp_path, imap_env, smtp_provider)
    monkeypatch.setenv(helpers.IMAP_PASSWORD_ENV, "wrong")
    report = run_check(config, timeout=0.1, interval=0.1)
    assert report.imap_login is False
    assert report.problems[0].startswith("IMAP: The IMAP server 127.0.0.1 refused the login")


def test_cli_json(tmp_path, imap_env, smtp_provider):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_provider)
    result = CliRunner().invoke(
        check, ["--format", "json", "--timeout", "5"], obj=App(str(config_path))
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["arrived"] is True
    assert data["sent_copy_by_provider"] is True
    assert data["folders"]["\\Sent"] == "Sent"
    # Remembered, so `sent_copy = "auto"` need not guess on the next send.
    db = open_db(load_config(config_path).store.database)
    assert get_setting(db, PROVIDER_FILES_SENT) == "yes"


def test_cli_exit_1_on_problems(tmp_path, imap_env, smtp_plain):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_plain)
    result = CliRunner().invoke(check, ["--timeout", "0.2"], obj=App(str(config_path)))
    assert result.exit_code == 1
    assert "Came back:                  no" in result.output
    assert "Problem: The test message to" in result.output


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mx.google.com; dkim=pass header.i=@example.org", "mx.google.com"),
        ("example.net 1; spf=pass smtp.mailfrom=example.org", "example.net"),
        ("  Mail.Example.COM ; none", "mail.example.com"),
        ("", None),
    ],
)
def test_authserv_id(value, expected):
    assert authserv_id(value) == expected
