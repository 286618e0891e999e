"""`foia followup --send` against real servers: threaded on the request, policy respected,
and never a campaign's unsent letters."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email.policy import default as default_policy

import pytest
from click.testing import CliRunner

from foia_tracker.campaigns import create_campaign
from foia_tracker.cli import cli
from foia_tracker.db import rows
from foia_tracker.directory.agencies import import_agencies

from .test_send import IMAP_PASSWORD_ENV, env_for

PERIOD = {"period": "from January 1, 2020 to the date of this request"}


@pytest.fixture
def account(monkeypatch, dovecot):
    monkeypatch.setenv(IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def test_followup_send_threads_respects_policy_and_sends_nothing_else(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    csv = tmp_path / "districts.csv"
    csv.write_text(
        "name,state,email\nHartford Public Schools,CT,records@hartford.example\n"
        "Avon Public Schools,CT,foi@avon.example\n"
    )
    now = datetime.now(UTC)
    import_agencies(env.db, csv, now=now)
    create_campaign(
        env.db,
        env.config,
        "first",
        "student-data-agreements",
        all_agencies=True,
        variables=PERIOD,
        now=now,
    )
    assert env.send(campaign="first").sent == 2
    # A second campaign, created but not sent: follow-ups must never send its letters.
    create_campaign(
        env.db,
        env.config,
        "second",
        "student-data-agreements",
        all_agencies=True,
        variables=PERIOD,
        now=now,
    )
    later = (now + timedelta(days=40)).date().isoformat()
    run = CliRunner().invoke(
        cli,
        ["--config", str(env.config_path), "followup", "--as-of", later, "--send"],
        catch_exceptions=False,
    )
    assert run.exit_code == 0, run.output
    assert "Sent 2 followup(s); 0 failed" in run.output
    letters = {
        r["request_id"]: r
        for r in rows(env.db, "SELECT * FROM outbox WHERE kind = 'request' AND state = 'sent'")
    }
    followups = [
        r for r in smtp_plain.received if "Follow-up" in email.message_from_bytes(r.raw)["Subject"]
    ]
    assert len(smtp_plain.received) == 4 and len(followups) == 2
    for received in followups:
        msg = email.message_from_bytes(received.raw, policy=default_policy)
        original = next(o for o in letters.values() if o["to_addr"] == received.rcpt_tos[0])
        assert msg["In-Reply-To"] == original["message_id"]
        assert original["message_id"] in msg["References"]
        body = msg.get_content()
        assert "[[send_date]]" not in body and "Conn. Gen. Stat." in body
    unsent = rows(
        env.db,
        "SELECT o.state FROM outbox o JOIN requests r ON r.id = o.request_id "
        "JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = 'second'",
    )
    assert {u["state"] for u in unsent} == {"pending"}
    # --as-of puts "today" 40 days after the real send, so spacing (every_days) cannot hold the
    # next runs back here; the cap (max_count = 3) must.
    for _ in range(2):
        more = CliRunner().invoke(
            cli,
            ["--config", str(env.config_path), "followup", "--as-of", later, "--send"],
            catch_exceptions=False,
        )
        assert "Sent 2 followup(s)" in more.output
    last = CliRunner().invoke(
        cli,
        ["--config", str(env.config_path), "followup", "--as-of", later, "--send"],
        catch_exceptions=False,
    )
    assert "No followup is due." in last.output
    assert len(smtp_plain.received) == 2 + 2 * 3
