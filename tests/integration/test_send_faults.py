"""Faults at the socket and in the mailbox while sending (issue 14, findings 1, 2, 6, 7, 10, 14).

Each test failed before its fix: a real aiosmtpd that drops the line after storing a letter, a
Sent folder holding someone else's mail about the same ref, a request withdrawn mid-run, a
config mistake, a killed run, and the server replies RFC 5321 calls temporary.
"""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from foia_tracker.campaigns import list_campaigns
from foia_tracker.db import open_db, row
from foia_tracker.errors import ConfigError, DeliveryError
from foia_tracker.outbox import SendStopped
from foia_tracker.requests.lifecycle import mark
from tests.integration import test_send as helpers
from tests.integration import test_send_crash as crash


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(helpers.IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def _someone_elses_mail(account, to: str, subject: str) -> None:
    """A message in Sent that names the ref and the agency but is not our letter."""
    msg = EmailMessage()
    msg["From"] = account.address
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="elsewhere.example")
    msg.set_content("Hello, a quick question before I file anything.\n")
    account.append("Sent", msg.as_bytes())


def _states(env) -> list[str]:
    return [o["state"] for o in env.outbox()]


# -- finding 1: only our own Message-ID settles an interrupted letter ---------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Question about {ref}",  # the user's own mail to the clerk
        "Public records request ({ref})",  # a second workspace's letter, refs also from 0001
    ],
)
def test_a_foreign_message_in_sent_never_settles_a_letter(tmp_path, imap_env, smtp_plain, subject):
    config, made, env = crash.prepare(tmp_path, imap_env, smtp_plain, count=2)
    _someone_elses_mail(imap_env, made[0]["to"], subject.format(ref=made[0]["ref"]))
    code, out = crash.run(config, env, crash="send.after_pending_commit:1")
    assert code == crash.CRASH_EXIT_CODE, out
    assert smtp_plain.received == []
    code, out = crash.run(config, env)
    assert code == 0, out
    assert "Found in the Sent folder" not in out
    assert helpers.deliveries(smtp_plain) == {made[0]["to"]: 1, made[1]["to"]: 1}
    assert crash.final_states(config) == ["sent", "sent"]


# -- finding 2: an unclear outcome stops the run and is never retried blindly ---------------------


def test_dropped_after_data_stops_the_run_and_the_next_resends_once(tmp_path, imap_env, smtp_plain):
    config, made, env = crash.prepare(tmp_path, imap_env, smtp_plain, count=3)
    smtp_plain.drop_after_data = 3  # every letter would be stored and then cut off
    code, out = crash.run(config, env)
    assert code == 1, out
    assert made[0]["ref"] in out and "may or may not have arrived" in out
    assert helpers.deliveries(smtp_plain) == {made[0]["to"]: 1}
    assert crash.final_states(config) == ["uncertain", "pending", "pending"]
    smtp_plain.drop_after_data = 0
    code, out = crash.run(config, env)
    assert code == 0, out
    assert out.count(made[0]["ref"]) == 1
    assert f"1 letter may have gone twice: {made[0]['ref']} " in out
    counts = helpers.deliveries(smtp_plain)
    assert counts == {made[0]["to"]: 2, made[1]["to"]: 1, made[2]["to"]: 1}
    assert crash.final_states(config) == ["sent"] * 3


def test_dropped_after_data_but_filed_by_the_provider_is_sent(tmp_path, imap_env, smtp_provider):
    env = helpers.env_for(tmp_path, imap_env, smtp_provider, sent_copy="auto")
    made = helpers.make_campaign(env.db, 3)
    smtp_provider.drop_after_data = 1
    report = env.send()
    assert (report.sent, report.uncertain) == (3, 0)
    assert report.settled_from_sent == [made[0]["ref"]]
    assert helpers.deliveries(smtp_provider) == {m["to"]: 1 for m in made}
    assert _states(env) == ["sent"] * 3


def test_a_stalled_server_leaves_the_letter_uncertain_not_sending(tmp_path, imap_env, smtp_plain):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    config_path.write_text(config_path.read_text().replace("timeout = 10", "timeout = 0.5", 1))
    env = helpers.Env(config_path)
    made = helpers.make_campaign(env.db, 2)
    smtp_plain.stall_after_data = 2.0
    with pytest.raises(SendStopped, match="may or may not have arrived") as stopped:
        env.send()
    assert stopped.value.report.uncertain == 1
    assert _states(env) == ["uncertain", "pending"]
    assert helpers.deliveries(smtp_plain) == {made[0]["to"]: 1}


# -- finding 6: a request withdrawn during a run is not mailed -----------------------------------


def test_withdrawn_during_the_run_is_not_mailed(tmp_path, imap_env, smtp_plain):
    env = helpers.env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = helpers.make_campaign(env.db, 3)

    def withdraw_the_second(done, total, ref):
        if done == 1:  # `foia mark CT-.. withdrawn` from another terminal
            other = open_db(env.config.store.database)
            mark(other, made[1]["id"], "withdrawn", at=datetime.now(UTC))
            other.conn.commit()
            other.close()

    report = env.send(progress=withdraw_the_second)
    assert (report.sent, report.skipped) == (2, 1)
    assert helpers.deliveries(smtp_plain) == {made[0]["to"]: 1, made[2]["to"]: 1}
    assert _states(env) == ["sent", "pending", "sent"]


# -- finding 7: a config mistake fails no letter for good ----------------------------------------


def test_letters_failed_by_a_config_mistake_go_after_the_fix(tmp_path, imap_env, smtp_plain):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    good = config_path.read_text()
    config_path.write_text(good.replace('name = "Jane Doe"', 'name = "Jane\\r\\nBcc: x@y.example"'))
    env = helpers.Env(config_path)
    made = helpers.make_campaign(env.db, 2)
    with pytest.raises(ConfigError, match="No letter can be built with this config"):
        env.send()
    assert _states(env) == ["pending", "pending"]
    listed = helpers.Env(config_path)
    assert list_campaigns(listed.db)[0]["unsent"] == 2
    config_path.write_text(good)
    assert helpers.Env(config_path).send().sent == 2
    assert helpers.deliveries(smtp_plain) == {m["to"]: 1 for m in made}


def test_a_letter_failed_before_smtp_is_tried_again_and_counted_unsent(
    tmp_path, imap_env, smtp_plain
):
    env = helpers.env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = helpers.make_campaign(env.db, 1)
    env.db.execute(
        "UPDATE outbox SET state = 'failed', failure = 'build', "
        "last_error = 'cannot build the message: bad header' WHERE request_id = ?",
        (made[0]["id"],),
    )
    env.db.conn.commit()
    assert list_campaigns(env.db)[0]["unsent"] == 1
    assert row(env.db, "SELECT status FROM requests")["status"] == "queued"
    assert env.send().sent == 1
    assert list_campaigns(env.db)[0]["unsent"] == 0


# -- finding 10: a killed send files its Sent copies on the next run ------------------------------


def test_a_killed_send_files_its_copies_next_run(tmp_path, imap_env, smtp_plain):
    config, made, env = crash.prepare(tmp_path, imap_env, smtp_plain, count=4)  # sent_copy append
    code, out = crash.run(config, env, crash="send.after_pending_commit:3")
    assert code == crash.CRASH_EXIT_CODE, out
    assert imap_env.messages("Sent") == []  # killed before the copies were filed
    code, out = crash.run(config, env)
    assert code == 0, out
    filed = [email.message_from_bytes(raw)["Message-ID"] for raw in imap_env.messages("Sent")]
    assert sorted(filed) == sorted(m["message_id"] for m in made)
    code, out = crash.run(config, env)
    assert len(imap_env.messages("Sent")) == 4  # never filed twice


# -- finding 14: temporary is temporary ----------------------------------------------------------


def test_mailbox_full_at_rcpt_is_deferred_not_bounced(tmp_path, imap_env, smtp_plain):
    env = helpers.env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = helpers.make_campaign(env.db, 2)
    smtp_plain.fail_rcpt[made[0]["to"]] = (552, "5.2.2 Mailbox full")
    report = env.send()
    assert (report.sent, report.failed, report.deferred) == (1, 0, 1)
    assert _states(env) == ["pending", "sent"]
    request = row(env.db, "SELECT status, agency_id FROM requests WHERE id = ?", (made[0]["id"],))
    assert request["status"] == "queued"
    agency = row(env.db, "SELECT email_status FROM agencies WHERE id = ?", (request["agency_id"],))
    assert agency["email_status"] == "ok"
    del smtp_plain.fail_rcpt[made[0]["to"]]
    assert env.send().sent == 1


def test_auth_454_is_temporary_not_wrong_credentials(tmp_path, imap_env, make_smtp, monkeypatch):
    smtp = make_smtp("plain", auth={"jane": "s3cret"})
    smtp.auth_reply = "454 4.7.0 Temporary authentication failure, try again later"
    monkeypatch.setenv(helpers.SMTP_PASSWORD_ENV, "s3cret")
    extra = f'username = "jane"\npassword_env = "{helpers.SMTP_PASSWORD_ENV}"'
    env = helpers.env_for(tmp_path, imap_env, smtp, sent_copy="never", smtp_extra=extra)
    helpers.make_campaign(env.db, 2)
    with pytest.raises(DeliveryError) as refused:
        env.send()
    assert "454 4.7.0" in str(refused.value) and "temporary" in str(refused.value)
    assert "check smtp.username" not in str(refused.value)
    assert _states(env) == ["pending", "pending"]


@pytest.mark.parametrize(("key", "value"), [("timeout", "0"), ("host", '""')])
def test_a_useless_timeout_or_host_is_refused(tmp_path, imap_env, smtp_plain, key, value):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    text = config_path.read_text()
    old = "timeout = 10" if key == "timeout" else 'host = "127.0.0.1"'
    config_path.write_text(text.replace(old, f"{key} = {value}", 1))
    with pytest.raises(ConfigError, match=f"smtp.{key}"):
        helpers.Env(config_path)


def test_no_smtp_host_leaves_every_letter_pending(tmp_path, imap_env, smtp_plain):
    config_path = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    text = config_path.read_text()
    config_path.write_text(text.replace('host = "127.0.0.1"\nport', "port", 1))
    env = helpers.Env(config_path)
    helpers.make_campaign(env.db, 2)
    with pytest.raises(ConfigError, match="smtp.host"):
        env.send()
    assert _states(env) == ["pending", "pending"]
