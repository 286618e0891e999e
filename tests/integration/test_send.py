"""Sending against real servers: aiosmtpd (plain and provider-like) and Dovecot for the Sent folder."""

from __future__ import annotations

import base64
import email
import json
import os
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta
from email.policy import default as default_policy
from email.utils import make_msgid
from pathlib import Path

import pytest
from click.testing import CliRunner

from foia_tracker import outbox_run
from foia_tracker.cli.common import App
from foia_tracker.cli.send import send
from foia_tracker.config import load_config
from foia_tracker.db import open_db, row, rows
from foia_tracker.errors import DeliveryError
from foia_tracker.outbox import SendStopped, enqueue, send_pending
from foia_tracker.store import Store
from foia_tracker.tokens import make_ref, new_token
from foia_tracker.workspace import init_workspace

IMAP_PASSWORD_ENV = "FOIA_TEST_IMAP_PASSWORD"
SMTP_PASSWORD_ENV = "FOIA_TEST_SMTP_PASSWORD"
MARK = "[[send_date]]"
STATES = ("CT", "NY", "TX", "VA", "MO")


# -- helpers (also used by test_send_crash.py) ---------------------------------------------------


def workspace_for(
    tmp_path: Path, account, smtp, *, sent_copy: str = "auto", smtp_extra: str = "", imap=True
) -> Path:
    """A foia.toml for these test servers; the requester is the Dovecot user."""
    imap_section = (
        f"""
[imap]
host = "{account.host}"
port = {account.port}
security = "none"
username = "{account.username}"
password_env = "{IMAP_PASSWORD_ENV}"
sent_copy = "{sent_copy}"
"""
        if imap
        else ""
    )
    text = f"""
[requester]
name = "Jane Doe"
organization = "Parents for Student Privacy"
email = "{account.address}"
mailing_address = "123 Main Street, Hartford, CT 06103"
state = "CT"

[smtp]
host = "{smtp.host}"
port = {smtp.port}
security = "none"
timeout = 10
{smtp_extra}
{imap_section}
[replies]
mode = "reply-to"
address = "{account.username}+{{token}}@example.test"
"""
    return init_workspace(tmp_path / "ws", text)


def agency_email(n: int) -> str:
    return f"records@district{n}.example"


def make_campaign(
    db, count: int, name: str = "mou-2026", now: datetime | None = None
) -> list[dict]:
    """What campaigns.create_campaign inserts (contract): agencies, requests, pending outbox rows."""
    now = now or datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    stamp = now.isoformat()
    db.execute(
        "INSERT INTO campaigns (name, template, subject, created_at) VALUES (?, ?, ?, ?)",
        (name, "student-data-agreements", "Public records request", stamp),
    )
    campaign_id = row(db, "SELECT id FROM campaigns WHERE name = ?", (name,))["id"]
    made = []
    for n in range(1, count + 1):
        state = STATES[(n - 1) % len(STATES)]
        made.append(_one_request(db, campaign_id, n, state, stamp))
    db.conn.commit()
    return made


def _one_request(db, campaign_id: int, n: int, state: str, stamp: str) -> dict:
    base = row(db, "SELECT COUNT(*) AS n FROM agencies")["n"]
    number = base + 1
    address = agency_email(number)
    db.execute(
        "INSERT INTO agencies (name, name_key, state, email, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (f"District {number}", f"district {number}", state, address, stamp, stamp),
    )
    agency_id = row(db, "SELECT max(id) AS id FROM agencies")["id"]
    ref, token = make_ref(state, number), new_token()
    subject = f"Public records request ({ref})"
    letter = (
        f"{MARK}\n\nDear Records Officer,\n\nUnder the {state} public records law...\n.\nJane\n"
    )
    db.execute(
        "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, to_addr, "
        "subject, letter, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
        (ref, token, campaign_id, agency_id, state, address, subject, letter, stamp),
    )
    request_id = row(db, "SELECT id FROM requests WHERE ref = ?", (ref,))["id"]
    message_id = make_msgid(idstring=ref, domain="example.test")
    db.execute(
        "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, created_at) "
        "VALUES (?, 'request', ?, ?, ?, ?)",
        (request_id, address, subject, message_id, stamp),
    )
    db.execute("INSERT INTO outbox_bodies VALUES (last_insert_rowid(), ?)", (letter,))
    return {"ref": ref, "token": token, "to": address, "message_id": message_id, "id": request_id}


def deliveries(smtp) -> dict[str, int]:
    """How many times each recipient got a letter."""
    counts: dict[str, int] = {}
    for received in smtp.received:
        for rcpt in received.rcpt_tos:
            counts[rcpt] = counts.get(rcpt, 0) + 1
    return counts


class Env:
    def __init__(self, config_path: Path):
        self.config_path = config_path
        self.config = load_config(config_path)
        self.db = open_db(self.config.store.database)
        self.store = Store(self.config.store.path)

    def send(self, **options):
        options.setdefault("sent_copy_wait", 0.2)
        return send_pending(self.db, self.store, self.config, **options)

    def outbox(self) -> list[dict]:
        return rows(self.db, "SELECT * FROM outbox ORDER BY id")


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def env_for(tmp_path, account, smtp, **options) -> Env:
    return Env(workspace_for(tmp_path, account, smtp, **options))


# -- letters arrive ------------------------------------------------------------------------------


def test_letters_arrive_with_the_right_headers(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)
    report = env.send()
    assert report.counts() == {"sent": 3, "failed": 0, "skipped": 0, "uncertain": 0, "deferred": 0}
    assert len(smtp_plain.received) == 3
    tokens = set()
    for expected, received in zip(made, smtp_plain.received, strict=True):
        msg = email.message_from_bytes(received.raw, policy=default_policy)
        assert received.rcpt_tos == (expected["to"],)
        assert received.mail_from == imap_env.address
        assert msg["From"] == f"Jane Doe <{imap_env.address}>"
        assert msg["Reply-To"] == f"Jane Doe <{imap_env.username}+{expected['token']}@example.test>"
        assert msg["To"] == expected["to"]
        assert msg["Subject"] == f"Public records request ({expected['ref']})"
        assert msg["Message-ID"] == expected["message_id"]
        assert msg["Precedence"] is None
        assert msg["Date"] is not None
        assert msg.get_content_type() == "text/plain"
        assert msg.get_content_charset() == "utf-8"
        body = msg.get_content().replace("\r\n", "\n")
        assert MARK not in body
        today = datetime.now(UTC).astimezone().date()
        assert body.startswith(f"{today:%B} {today.day}, {today.year}\n")
        assert "\n.\nJane" in body  # a line holding one dot survives dot-stuffing
        tokens.add(expected["token"])
    assert len(tokens) == 3


def test_sending_records_proof_status_due_and_raw(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 2)
    env.send()
    for out, received in zip(env.outbox(), smtp_plain.received, strict=True):
        assert out["state"] == "sent"
        assert out["smtp_reply"] == received.reply
        assert out["attempts"] == 1
        assert env.store.read_raw(out["raw_sha256"]) == received.raw
    request = row(env.db, "SELECT * FROM requests WHERE id = ?", (made[0]["id"],))
    assert request["status"] == "sent"
    assert request["sent_at"] is not None
    assert MARK not in request["letter"]
    assert request["due"] is not None and request["due_basis"] == "statutory"
    events = rows(env.db, "SELECT type, detail FROM events WHERE request_id = ?", (made[0]["id"],))
    sent_events = [e for e in events if e["type"] == "sent"]
    assert len(sent_events) == 1
    assert json.loads(sent_events[0]["detail"])["smtp_reply"].startswith("250 2.0.0 Ok: queued")


def test_requests_are_booked_a_batch_at_a_time_and_all_by_the_end(
    tmp_path, imap_env, smtp_plain, monkeypatch
):
    # Each letter's proof commits with the next claim; its request is told with a batch.
    monkeypatch.setattr(outbox_run, "BOOK_BATCH", 2)
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 5)
    owed = []

    def progress(done, total, ref):
        found = rows(env.db, "SELECT booked FROM outbox WHERE state = 'sent' ORDER BY id")
        owed.append(sum(1 for r in found if not r["booked"]))

    env.send(progress=progress)
    # Letter k's proof lands with claim k+1: two proofs owed, then booked with the third.
    assert owed == [0, 1, 0, 1, 0]
    assert [o["booked"] for o in env.outbox()] == [1] * 5
    for m in made:
        request = row(env.db, "SELECT status, due FROM requests WHERE id = ?", (m["id"],))
        assert request["status"] == "sent" and request["due"] is not None
        sent = rows(env.db, "SELECT at FROM events WHERE request_id = ? AND type = 'sent'",
                    (m["id"],))  # fmt: skip
        assert [e["at"] for e in sent] == [
            row(env.db, "SELECT sent_at FROM outbox WHERE request_id = ?", (m["id"],))["sent_at"]
        ]


def test_running_again_sends_nothing(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    make_campaign(env.db, 3)
    env.send()
    again = env.send()
    assert again.counts() == {"sent": 0, "failed": 0, "skipped": 0, "uncertain": 0, "deferred": 0}
    assert len(smtp_plain.received) == 3


def test_dry_run_sends_nothing(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)
    report = env.send(dry_run=True, limit=2)
    assert [x["ref"] for x in report.would_send] == [m["ref"] for m in made[:2]]
    assert report.deferred == 1
    assert smtp_plain.received == []
    assert {o["state"] for o in env.outbox()} == {"pending"}


# -- the Sent folder -----------------------------------------------------------------------------


def test_provider_files_the_copy_so_none_is_appended(tmp_path, imap_env, smtp_provider):
    env = env_for(tmp_path, imap_env, smtp_provider, sent_copy="auto")
    made = make_campaign(env.db, 2)
    env.send()
    sent_ids = [email.message_from_bytes(raw)["Message-ID"] for raw in imap_env.messages("Sent")]
    assert sorted(sent_ids) == sorted(m["message_id"] for m in made)


def test_copy_appended_when_configured(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="append")
    make_campaign(env.db, 2)
    env.send()
    assert imap_env.messages("Sent") == [r.raw for r in smtp_plain.received]


def test_auto_appends_when_the_provider_files_nothing(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="auto")
    make_campaign(env.db, 1)
    env.send()
    assert imap_env.messages("Sent") == [smtp_plain.received[0].raw]


def test_rewritten_message_id_is_stored(tmp_path, imap_env, smtp_provider):
    smtp_provider.rewrite_message_id = True
    env = env_for(tmp_path, imap_env, smtp_provider, sent_copy="auto")
    make_campaign(env.db, 2)
    env.send()
    copies = [email.message_from_bytes(raw) for raw in imap_env.messages("Sent")]
    assert len(copies) == 2  # found by subject and ref, so not appended again
    by_subject = {c["Subject"]: c["Message-ID"] for c in copies}
    for out in env.outbox():
        assert out["provider_message_id"] == by_subject[out["subject"]]
        assert out["provider_message_id"] != out["message_id"]


# -- refusals ------------------------------------------------------------------------------------


def test_550_at_rcpt_bounces_only_that_request(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)
    smtp_plain.fail_rcpt[made[1]["to"]] = (550, "5.1.1 No such user here")
    report = env.send()
    assert (report.sent, report.failed) == (2, 1)
    assert report.bounced == [(made[1]["ref"], "RCPT: 550 5.1.1 No such user here")]
    states = [o["state"] for o in env.outbox()]
    assert states == ["sent", "failed", "sent"]
    bounced = row(env.db, "SELECT status, agency_id FROM requests WHERE id = ?", (made[1]["id"],))
    assert bounced["status"] == "bounced"
    agency = row(env.db, "SELECT email_status FROM agencies WHERE id = ?", (bounced["agency_id"],))
    assert agency["email_status"] == "bounced"
    assert deliveries(smtp_plain) == {made[0]["to"]: 1, made[2]["to"]: 1}


def test_policy_refusal_at_rcpt_stops_the_run(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)
    smtp_plain.fail_rcpt[made[0]["to"]] = (550, "5.7.1 Relaying denied")
    with pytest.raises(SendStopped, match="5.7.1 Relaying denied"):
        env.send()
    assert {o["state"] for o in env.outbox()} == {"pending"}
    assert smtp_plain.received == []


def test_quota_at_data_stops_the_run_and_leaves_the_rest_pending(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    make_campaign(env.db, 4)
    smtp_plain.fail_data_after_n = (1, (550, "5.4.5 Daily sending quota exceeded"))
    with pytest.raises(SendStopped, match="5.4.5 Daily sending quota exceeded") as stopped:
        env.send()
    assert stopped.value.report.sent == 1
    assert [o["state"] for o in env.outbox()] == ["sent", "pending", "pending", "pending"]
    assert "5.4.5" in env.outbox()[1]["last_error"]
    smtp_plain.fail_data_after_n = None
    assert env.send().sent == 3
    assert len(smtp_plain.received) == 4


def test_refused_mail_from_stops_the_run(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    make_campaign(env.db, 2)
    smtp_plain.fail_mail_from[imap_env.address] = (553, "5.7.1 Sender address rejected")
    with pytest.raises(SendStopped, match="MAIL: 553 5.7.1 Sender address rejected"):
        env.send()
    assert {o["state"] for o in env.outbox()} == {"pending"}


def test_421_reconnects_and_reuses_one_connection_otherwise(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 5)
    smtp_plain.disconnect_after_n = 2
    report = env.send()
    assert report.sent == 5
    assert [r.connection for r in smtp_plain.received] == [1, 1, 2, 2, 3]
    assert deliveries(smtp_plain) == {m["to"]: 1 for m in made}


# -- limits --------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_hour_limit_defers_and_the_next_run_resumes(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never", smtp_extra="per_hour = 2")
    make_campaign(env.db, 5)
    clock = FakeClock(datetime.now(UTC))
    first = env.send(now_fn=clock)
    assert (first.sent, first.deferred) == (2, 3)
    assert "per_hour limit of 2" in first.stopped
    again = env.send(now_fn=clock)
    assert (again.sent, again.deferred) == (0, 3)
    clock.now += timedelta(hours=1, seconds=1)
    later = env.send(now_fn=clock)
    assert (later.sent, later.deferred) == (2, 1)
    assert len(smtp_plain.received) == 4


def test_day_limit_counts_across_runs(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never", smtp_extra="per_day = 3")
    make_campaign(env.db, 4)
    assert env.send(limit=2).sent == 2
    report = env.send()
    assert (report.sent, report.deferred) == (1, 1)


def test_minute_limit_paces_instead_of_stopping(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never", smtp_extra="per_minute = 2")
    make_campaign(env.db, 5)
    clock = FakeClock(datetime.now(UTC))
    report = env.send(now_fn=clock, sleep_fn=clock.sleep)
    assert report.sent == 5
    sent_at = [datetime.fromisoformat(o["sent_at"]) for o in env.outbox()]
    for index in range(2, 5):
        assert sent_at[index] - sent_at[index - 2] >= timedelta(minutes=1)


def test_outside_the_send_window_nothing_goes(tmp_path, imap_env, smtp_plain):
    now = datetime.now(UTC)
    local = now.astimezone()
    start = (local + timedelta(hours=2)).strftime("%H:00")
    end = (local + timedelta(hours=3)).strftime("%H:00")
    env = env_for(
        tmp_path,
        imap_env,
        smtp_plain,
        sent_copy="never",
        smtp_extra=f'send_window = "{start}-{end}"',
    )
    make_campaign(env.db, 2)
    report = env.send(now_fn=lambda: now)
    assert (report.sent, report.deferred) == (0, 2)
    assert "send window" in report.stopped


# -- TLS and AUTH --------------------------------------------------------------------------------


def _tls_extra(ca: Path | None, security: str) -> str:
    return f'security = "{security}"\n' + (f'ca_file = "{ca}"\n' if ca else "")


def _set_security(config_path: Path, security: str, ca: Path | None) -> None:
    text = config_path.read_text().replace('security = "none"\ntimeout', "timeout", 1)
    text = text.replace("timeout = 10\n", "timeout = 10\n" + _tls_extra(ca, security), 1)
    config_path.write_text(text)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_is_verified_against_ca_file(tmp_path, imap_env, make_smtp, tls_certs, security):
    smtp = make_smtp("plain", certs=tls_certs, implicit_tls=security == "ssl")
    config_path = workspace_for(tmp_path, imap_env, smtp, sent_copy="never")
    _set_security(config_path, security, tls_certs.ca_pem_path)
    env = Env(config_path)
    make_campaign(env.db, 1)
    assert env.send().sent == 1


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_refused_without_the_ca(tmp_path, imap_env, make_smtp, tls_certs, security):
    smtp = make_smtp("plain", certs=tls_certs, implicit_tls=security == "ssl")
    config_path = workspace_for(tmp_path, imap_env, smtp, sent_copy="never")
    _set_security(config_path, security, None)
    env = Env(config_path)
    make_campaign(env.db, 1)
    with pytest.raises(DeliveryError, match="could not be verified"):
        env.send()
    assert smtp.received == []
    assert env.outbox()[0]["state"] == "pending"


def test_password_auth(tmp_path, imap_env, make_smtp, monkeypatch):
    smtp = make_smtp("plain", auth={"jane": "s3cret"})
    monkeypatch.setenv(SMTP_PASSWORD_ENV, "s3cret")
    extra = f'username = "jane"\npassword_env = "{SMTP_PASSWORD_ENV}"'
    env = env_for(tmp_path, imap_env, smtp, sent_copy="never", smtp_extra=extra)
    make_campaign(env.db, 1)
    assert env.send().sent == 1
    assert smtp.received[0].auth_user == "jane"


def test_wrong_password_stops_before_anything_goes(tmp_path, imap_env, make_smtp, monkeypatch):
    smtp = make_smtp("plain", auth={"jane": "s3cret"})
    monkeypatch.setenv(SMTP_PASSWORD_ENV, "wrong")
    extra = f'username = "jane"\npassword_env = "{SMTP_PASSWORD_ENV}"'
    env = env_for(tmp_path, imap_env, smtp, sent_copy="never", smtp_extra=extra)
    make_campaign(env.db, 2)
    with pytest.raises(DeliveryError, match="refused the login"):
        env.send()
    assert {o["state"] for o in env.outbox()} == {"pending"}


# -- the command ---------------------------------------------------------------------------------


def test_cli_json_and_exit_code(tmp_path, imap_env, smtp_plain):
    config_path = workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    env = Env(config_path)
    made = make_campaign(env.db, 2)
    smtp_plain.fail_rcpt[made[0]["to"]] = (550, "5.1.1 No such user")
    runner = CliRunner()
    result = runner.invoke(send, ["mou-2026", "--format", "json"], obj=App(str(config_path)))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert {k: data[k] for k in ("sent", "failed", "skipped", "uncertain", "deferred")} == {
        "sent": 1,
        "failed": 1,
        "skipped": 0,
        "uncertain": 0,
        "deferred": 0,
    }
    assert data["bounced"] == [{"ref": made[0]["ref"], "reply": "RCPT: 550 5.1.1 No such user"}]


def test_cli_dry_run_lists_letters(tmp_path, imap_env, smtp_plain):
    config_path = workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(Env(config_path).db, 2)
    result = CliRunner().invoke(send, ["mou-2026", "--dry-run"], obj=App(str(config_path)))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Would send 2 letter(s) (dry run; nothing was sent):"
    assert made[1]["ref"] in result.output
    assert smtp_plain.received == []


def test_cli_refuses_shifted_today_for_a_remote_server(tmp_path, imap_env, smtp_plain):
    config_path = workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    text = config_path.read_text().replace(
        'host = "127.0.0.1"\nport', 'host = "smtp.example.org"\nsecurity = "ssl"\nport', 1
    )
    text = text.replace('security = "none"\ntimeout', "timeout", 1)
    config_path.write_text(text)
    make_campaign(Env(config_path).db, 1)
    result = CliRunner().invoke(
        send, ["mou-2026"], obj=App(str(config_path)), env={"FOIA_TODAY": "2020-01-01"}
    )
    assert result.exit_code != 0
    assert "FOIA_TODAY" in str(result.exception)


def test_cli_unknown_campaign(tmp_path, imap_env, smtp_plain):
    config_path = workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    result = CliRunner().invoke(send, ["nope"], obj=App(str(config_path)))
    assert "No campaign named 'nope'" in str(result.exception)


# -- Ctrl-C and follow-ups -----------------------------------------------------------------------


def test_ctrl_c_finishes_the_letter_in_flight_and_stops(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    make_campaign(env.db, 4)

    def press_ctrl_c(done, total, ref):
        if done == 1:
            os.kill(os.getpid(), signal.SIGINT)

    report = env.send(progress=press_ctrl_c)
    assert report.sent == 1
    assert "interrupted" in report.stopped
    assert [o["state"] for o in env.outbox()] == ["sent", "pending", "pending", "pending"]
    assert env.send().sent == 3
    assert len(smtp_plain.received) == 4


def test_followup_is_threaded_and_leaves_the_status(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 1)
    env.send()
    enqueue(
        env.db,
        made[0]["id"],
        "followup",
        made[0]["to"],
        f"Follow-up: public records request ({made[0]['ref']})",
        "Dear Records Officer,\n\nI am writing to follow up.\n",
        references=[made[0]["message_id"]],
        now=datetime.now(UTC),
    )
    report = env.send()
    assert report.sent == 1
    msg = email.message_from_bytes(smtp_plain.received[-1].raw, policy=default_policy)
    assert msg["In-Reply-To"] == made[0]["message_id"]
    assert msg["References"] == made[0]["message_id"]
    request = row(env.db, "SELECT status FROM requests WHERE id = ?", (made[0]["id"],))
    assert request["status"] == "sent"
    types = [e["type"] for e in rows(env.db, "SELECT type FROM events ORDER BY id")]
    assert types.count("followup_sent") == 1


# -- XOAUTH2 -------------------------------------------------------------------------------------


class _OAuthHandler:
    """A provider that only takes SASL XOAUTH2 (Exchange Online, Workspace without passwords)."""

    def __init__(self, token: str):
        self.token = token
        self.seen: list[str] = []
        self.received: list[bytes] = []

    async def auth_XOAUTH2(self, server, args):  # noqa: N802 - aiosmtpd's hook name
        from aiosmtpd.smtp import AuthResult

        decoded = base64.b64decode(args[1]).decode() if len(args) > 1 else ""
        self.seen.append(decoded)
        ok = decoded == f"user=jane\x01auth=Bearer {self.token}\x01\x01"
        return AuthResult(success=ok, handled=False, auth_data="jane" if ok else None)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(envelope.original_content)
        return "250 2.0.0 Ok: queued as OAUTH1"


@pytest.fixture
def oauth_smtp():
    from aiosmtpd.controller import Controller

    from tests.integration.servers import free_port

    handler = _OAuthHandler("tok-123")
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, auth_require_tls=False, auth_required=True
    )
    controller.start()
    controller.host, controller.port, controller.handler_ = "127.0.0.1", port, handler
    yield controller
    controller.stop()


# AUTH without TLS is deliberate: loopback only, as security = "none" allows.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize(("printed", "accepted"), [("tok-123", True), ("expired", False)])
def test_xoauth2_token_from_a_command(tmp_path, imap_env, oauth_smtp, printed, accepted):
    script = tmp_path / "token.py"
    script.write_text(f"print({printed!r})\n")
    extra = (
        'username = "jane"\nauth = "xoauth2"\n'
        f'oauth2_token_command = ["{sys.executable}", "{script}"]'
    )
    env = env_for(tmp_path, imap_env, oauth_smtp, sent_copy="never", smtp_extra=extra)
    make_campaign(env.db, 1)
    if accepted:
        assert env.send().sent == 1
        assert len(oauth_smtp.handler_.received) == 1
    else:
        with pytest.raises(DeliveryError, match="refused the login"):
            env.send()
        assert env.outbox()[0]["state"] == "pending"
    assert oauth_smtp.handler_.seen == [f"user=jane\x01auth=Bearer {printed}\x01\x01"]


def test_a_dropped_idle_connection_is_reopened(tmp_path, imap_env, smtp_plain, monkeypatch):
    from foia_tracker.mail import smtp as smtp_module

    opened = []

    def recording_open(settings):
        opened.append(outbox_open(settings))
        return opened[-1]

    outbox_open = smtp_module.open_smtp
    monkeypatch.setattr(smtp_module, "open_smtp", recording_open)
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)

    def drop_connection(done, total, ref):
        if done == 1:  # as a server's idle timeout would (RFC 5321 4.5.3.2.7)
            opened[-1].sock.shutdown(socket.SHUT_RDWR)

    assert env.send(progress=drop_connection).sent == 3
    assert len(opened) == 2
    assert deliveries(smtp_plain) == {m["to"]: 1 for m in made}


# -- with the real campaign creation -------------------------------------------------------------


# What each state's letter must cite (the jurisdiction blocks, CT's hand-written override).
STATE_CITATIONS = {
    "CT": "Connecticut Freedom of Information Act, Conn. Gen. Stat. §§ 1-210 and 1-212",
    "MO": "Missouri Sunshine Law, RSMo §§ 610.010-610.035",
    "NY": "New York Freedom of Information Law, Public Officers Law §§ 84-90",
    "TX": "Texas Public Information Act, Tex. Gov't Code ch. 552",
}


def test_real_campaign_letters_arrive_citing_their_state_law(tmp_path, imap_env, smtp_plain):
    from foia_tracker.campaigns import create_campaign
    from foia_tracker.directory.agencies import import_agencies

    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    csv = tmp_path / "districts.csv"
    csv.write_text(
        "name,state,email\n"
        "Hartford Public Schools,CT,records@hartford.example\n"
        "Albany City SD,NY,foil@albany.example\n"
        "Austin ISD,TX,pia@austin.example\n"
        "Columbia Public Schools,MO,sunshine@columbia.example\n"
    )
    now = datetime.now(UTC)
    import_agencies(env.db, csv, now=now)
    create_campaign(
        env.db,
        env.config,
        "mou-2026",
        "student-data-agreements",
        all_agencies=True,
        variables={"period": "from January 1, 2020 to the date of this request"},
        now=now,
    )
    report = env.send()
    assert (report.sent, report.failed) == (4, 0)
    requests = rows(env.db, "SELECT ref, token, jurisdiction, to_addr FROM requests ORDER BY id")
    by_address = {r.rcpt_tos[0]: r.raw for r in smtp_plain.received}
    assert sorted(by_address) == sorted(r["to_addr"] for r in requests)
    assert len({r["token"] for r in requests}) == 4
    for request in requests:
        msg = email.message_from_bytes(by_address[request["to_addr"]], policy=default_policy)
        assert request["ref"] in msg["Subject"]
        assert request["token"] in msg["Reply-To"]
        body = " ".join(msg.get_content().split())
        assert STATE_CITATIONS[request["jurisdiction"]] in body
        assert MARK not in body


def test_a_letter_whose_headers_cannot_be_built_fails_alone(tmp_path, imap_env, smtp_plain):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 2)
    env.db.execute(
        "UPDATE outbox SET subject = ? WHERE request_id = ?",
        ("Request\r\nBcc: evil@attacker.example", made[0]["id"]),
    )
    env.db.conn.commit()
    report = env.send()
    assert (report.sent, report.failed) == (1, 1)
    assert [list(r.rcpt_tos) for r in smtp_plain.received] == [[made[1]["to"]]]
    failed = row(
        env.db, "SELECT state, last_error FROM outbox WHERE request_id = ?", (made[0]["id"],)
    )
    assert failed["state"] == "failed" and "cannot build the message" in failed["last_error"]


def test_preview_is_exactly_what_is_sent(tmp_path, imap_env, smtp_plain):
    """One header builder (issue 9): the preview's headers and body are the sent bytes' own,
    Date aside (written when the letter really goes)."""
    from foia_tracker.campaigns import CampaignSpec, create_campaign
    from foia_tracker.directory.agencies import import_agencies
    from foia_tracker.preview import preview

    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    csv = tmp_path / "districts.csv"
    csv.write_text("name,state,email\nHartford Public Schools,CT,records@hartford.example\n")
    now = datetime.now(UTC)
    import_agencies(env.db, csv, now=now)
    spec = CampaignSpec(
        "mou-2026",
        "student-data-agreements",
        all_agencies=True,
        variables={"period": "from January 1, 2020 to the date of this request"},
    )
    create_campaign(env.db, env.config, spec, now=now)
    shown = preview(env.db, env.config, "mou-2026", today=now.astimezone().date())
    assert env.send().sent == 1
    raw = smtp_plain.received[0].raw
    msg = email.message_from_bytes(raw, policy=default_policy)
    mime = {"Date", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"}
    assert [k for k in msg.keys() if k not in mime] == list(shown[0].headers)
    for name, value in shown[0].headers.items():
        assert msg[name] == value
    assert msg.get_content().replace("\r\n", "\n") == shown[0].body
    # The headers as bytes: each previewed line is in the letter verbatim.
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    for name, value in shown[0].headers.items():
        assert f"{name}: {value}" in head.split("\r\n")


def test_added_and_rerendered_letters_are_what_is_sent(tmp_path, imap_env, smtp_plain):
    """campaign add and rerender against real SMTP (issue 11): a fixed agency's letter goes out
    as re-rendered, the one already sent is never sent again, an added agency gets its own."""
    from foia_tracker.campaigns import CampaignSpec, Selection, add_agencies, create_campaign
    from foia_tracker.directory.agencies import AgencyEdit, import_agencies, update_agency
    from foia_tracker.rerender import rerender

    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    csv = tmp_path / "districts.csv"
    csv.write_text(
        "name,state,email\n"
        "Avon Public Schools,CT,foi@avon.example\n"
        "Hartford Public Schools,CT,records@hartford.example\n"
        "Albany City SD,NY,foil@albany.example\n"
    )
    now = datetime.now(UTC)
    import_agencies(env.db, csv, now=now)
    period = {"period": "from January 1, 2020 to the date of this request"}
    spec = CampaignSpec("mou-2026", "student-data-agreements", states=("CT",), variables=period)
    create_campaign(env.db, env.config, spec, now=now)
    assert env.send(limit=1).sent == 1  # Avon's letter went
    hartford = row(env.db, "SELECT id FROM agencies WHERE name LIKE 'Hartford%'")["id"]
    update_agency(env.db, str(hartford), AgencyEdit(contact_name="Dr. Lee"), now=now)
    results = {r.ref: r.outcome for r in rerender(env.db, env.config, "mou-2026", (), now)}
    assert results == {"CT-0001": "kept: already sent", "CT-0002": "changed"}
    add_agencies(env.db, env.config, "mou-2026", Selection(states=("NY",)), now)
    report = env.send()
    assert (report.sent, report.failed) == (2, 0)
    assert [r.rcpt_tos for r in smtp_plain.received] == [
        ("foi@avon.example",),
        ("records@hartford.example",),
        ("foil@albany.example",),
    ]
    hartford_letter = email.message_from_bytes(smtp_plain.received[1].raw, policy=default_policy)
    body = hartford_letter.get_content().replace("\r\n", "\n")
    assert "Dear Dr. Lee:" in body
    stored = row(env.db, "SELECT letter FROM requests WHERE ref = 'CT-0002'")["letter"]
    assert stored == body  # the request's letter is the one that went
    assert "Dear Dr. Lee:" not in smtp_plain.received[0].raw.decode()
