"""`foia reply` and `foia resend` end to end: aiosmtpd for sending, Dovecot for the agency's
answer, the real poller in between; exact status, due dates and timeline."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path

import pytest

from foia_tracker.db import row, rows
from foia_tracker.intake.poll import poll
from foia_tracker.outbox import SendOptions, send_pending
from foia_tracker.thread import draft_reply, draft_resend, queue_reply, queue_resend
from tests.integration import test_send as helpers

# Monday 2 November 2026, 09:00 in Texas, 10:00 in Connecticut: a business day, before 17:00.
SENT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
ASKED = datetime(2026, 11, 4, 16, 0, tzinfo=UTC)  # Wednesday
ANSWERED = datetime(2026, 11, 5, 16, 0, tzinfo=UTC)  # Thursday
RESENT = datetime(2026, 11, 9, 15, 0, tzinfo=UTC)  # the next Monday


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(helpers.IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def _send(env, at: datetime, **options):
    options = SendOptions(now_fn=Clock(at), sent_copy_wait=0.2, **options)
    return send_pending(env.db, env.store, env.config, options)


def _request(env, request_id: int) -> dict:
    return row(env.db, "SELECT * FROM requests WHERE id = ?", (request_id,))


def _timeline(env, request_id: int) -> list[tuple[str, str, dict]]:
    found = rows(
        env.db, "SELECT type, at, detail FROM events WHERE request_id = ? ORDER BY at, id",
        (request_id,),
    )  # fmt: skip
    return [(e["type"], e["at"][:10], json.loads(e["detail"])) for e in found]


CLARIFY = (
    "Dear Ms. Doe,\n\nBefore we can search, please clarify which school years and which vendors "
    "your request covers.\n\nPat Clerk\nRecords Office\n"
)


def _clerk_asks(account, made: dict, our_id: str) -> str:
    """The clerk (not the address we wrote to) answers on the thread, to the tokened address."""
    msg = EmailMessage()
    msg["From"] = "Pat Clerk <clerk@district3.example>"
    msg["To"] = f"{account.username}+{made['token']}@example.test"
    msg["Subject"] = f"RE: Public records request ({made['ref']})"
    msg["Date"] = format_datetime(ASKED)
    msg["Message-ID"] = "<ask-1@district3.example>"
    msg["In-Reply-To"] = our_id
    msg["References"] = our_id
    msg.set_content(CLARIFY)
    account.append("INBOX", msg.as_bytes(), internaldate=ASKED)
    return msg["Message-ID"]


def foia(config: Path, *args: str, secret: str) -> subprocess.CompletedProcess:
    """The console entry point (main()), as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "foia_tracker", "--config", str(config), *args],
        env={**os.environ, helpers.IMAP_PASSWORD_ENV: secret},
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )


@pytest.fixture
def asked(tmp_path, imap_env, smtp_plain):
    """A TX request sent on SENT, whose clerk asked for a clarification on ASKED."""
    config = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    env = helpers.Env(config)
    made = helpers.make_campaign(env.db, 3)[2]  # STATES: CT, NY, TX
    assert made["ref"] == "TX-0003"
    assert _send(env, SENT).sent == 3
    # Tex. Gov't Code § 552.301(b): 10 business days; Veterans Day (Nov 11) is a TX holiday.
    assert _request(env, made["id"])["due"] == "2026-11-17"
    their_id = _clerk_asks(imap_env, made, made["message_id"])
    assert poll(env.db, env.store, env.config, now=ASKED).matched == 1
    assert _request(env, made["id"])["status"] == "clarification_needed"
    return config, env, made, their_id


def test_the_draft_shows_exactly_what_would_go_and_sends_nothing(asked, imap_env, smtp_plain):
    config, env, made, their_id = asked
    shown = foia(
        config, "reply", made["ref"], "--kind", "clarify", "--message", "School years 2022-25.",
        secret=imap_env.password,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[:9] == [
        f"==== {made['ref']} (draft: nothing was sent) ====",
        f"From: Jane Doe <{imap_env.address}>",
        f"Reply-To: Jane Doe <{imap_env.username}+{made['token']}@example.test>",
        "To: clerk@district3.example",
        f"Subject: Re: Public records request ({made['ref']})",
        "Message-ID: (assigned when it is queued)",
        f"In-Reply-To: {their_id}",
        f"References: {made['message_id']} {their_id}",
        "[Date is set when it is sent]",
    ]
    assert lines[10:16] == [
        "School years 2022-25.",
        "",
        "Jane Doe",
        "Parents for Student Privacy",
        f"Request {made['ref']}",
        "",
    ]
    assert lines[16] == "On 2026-11-04, clerk@district3.example wrote:"
    assert lines[17:19] == [
        "> Dear Ms. Doe,",
        ">",
    ]
    assert lines[19].startswith("> Before we can search, please clarify which school years")
    assert len(smtp_plain.received) == 3
    assert rows(env.db, "SELECT id FROM outbox WHERE kind = 'reply'") == []
    assert _request(env, made["id"])["status"] == "clarification_needed"


def test_a_clarification_answered_restarts_the_texas_clock(asked, imap_env, smtp_plain):
    config, env, made, their_id = asked
    draft = draft_reply(env.db, env.config, made["ref"], "School years 2022-25.", "clarify")
    outbox_id = queue_reply(env.db, env.config, draft, ANSWERED)
    report = _send(env, ANSWERED, outbox_ids=(outbox_id,))
    assert report.counts() == {"sent": 1, "failed": 0, "skipped": 0, "uncertain": 0, "deferred": 0}
    received = smtp_plain.received[-1]
    assert received.rcpt_tos == ("clerk@district3.example",)
    msg = email.message_from_bytes(received.raw, policy=default_policy)
    assert msg["In-Reply-To"] == their_id
    assert msg["References"] == f"{made['message_id']} {their_id}"
    assert msg["Subject"] == f"Re: Public records request ({made['ref']})"
    assert made["token"] in msg["Reply-To"]
    assert "> Before we can search" in msg.get_content()
    request = _request(env, made["id"])
    assert request["status"] == "processing"
    # City of Dallas v. Abbott: the 10 business days run again from the answer (Thu Nov 5):
    # Nov 6, 9, 10, (11 Veterans Day), 12, 13, 16, 17, 18, 19, 20.
    assert request["due"] == "2026-11-20"
    assert [(t, at) for t, at, _ in _timeline(env, made["id"])] == [
        ("status", "2026-11-02"),
        ("sent", "2026-11-02"),
        ("reply", "2026-11-04"),
        ("pause", "2026-11-04"),
        ("status", "2026-11-04"),
        ("requester_message", "2026-11-05"),
        ("resume", "2026-11-05"),
        ("status", "2026-11-05"),
    ]
    message = next(d for t, _, d in _timeline(env, made["id"]) if t == "requester_message")
    assert message == {"via": "foia", "kind": "clarify", "answers": "clarification"}
    assert _send(env, ANSWERED).sent == 0  # queued once, sent once


def test_reply_send_through_the_command(asked, imap_env, smtp_plain):
    config, env, made, their_id = asked
    done = foia(
        config, "reply", made["ref"], "--kind", "status", "--message", "Any news?", "--send",
        "--format", "json", secret=imap_env.password,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "ref": made["ref"],
        "to": "clerk@district3.example",
        "sent": 1,
        "failed": 0,
        "skipped": 0,
        "uncertain": 0,
        "deferred": 0,
    }
    assert smtp_plain.received[-1].rcpt_tos == ("clerk@district3.example",)
    request = _request(helpers.Env(config), made["id"])
    # A status question does not answer the clarification: the pause goes on, for review.
    assert (request["status"], request["needs_review"]) == ("clarification_needed", 1)


def test_reply_refuses_a_request_never_sent(tmp_path, imap_env, smtp_plain):
    config = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = helpers.make_campaign(helpers.Env(config).db, 1)[0]
    done = foia(config, "reply", made["ref"], "--message", "Hello", secret=imap_env.password)
    assert done.returncode == 2
    assert "was sent and is still open" in done.stderr


# -- resend --------------------------------------------------------------------------------------


def test_a_bounced_letter_resent_to_a_corrected_address(tmp_path, imap_env, smtp_plain):
    config = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    env = helpers.Env(config)
    made = helpers.make_campaign(env.db, 1)[0]  # CT
    smtp_plain.fail_rcpt[made["to"]] = (550, "5.1.1 No such user")
    assert _send(env, SENT).failed == 1
    assert _request(env, made["id"])["status"] == "bounced"
    fixed = "records@fixed-district1.example"

    bad = foia(config, "resend", made["ref"], "--to", "records@@fixed", secret=imap_env.password)
    assert bad.returncode == 2 and "invalid email" in bad.stderr
    shown = foia(config, "resend", made["ref"], "--to", fixed, secret=imap_env.password)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == (
        f"Would send {made['ref']}'s letter again to {fixed} (the agency's email becomes it; "
        f"{made['to']} is kept as bounced)."
    )
    assert (
        row(env.db, "SELECT email FROM agencies")["email"] == made["to"]
    )  # a draft changes nothing

    draft = draft_resend(env.db, env.config, made["ref"], fixed)
    outbox_id = queue_resend(env.db, env.config, draft, RESENT)
    assert _send(env, RESENT, outbox_ids=(outbox_id,)).sent == 1
    received = smtp_plain.received[-1]
    assert received.rcpt_tos == (fixed,)
    msg = email.message_from_bytes(received.raw, policy=default_policy)
    assert msg["Subject"] == f"Public records request ({made['ref']})"
    assert made["token"] in msg["Reply-To"]
    assert msg["Message-ID"] != made["message_id"]
    assert msg.get_content().startswith("November 9, 2026\r\n")  # re-dated
    request = _request(env, made["id"])
    assert (request["status"], request["to_addr"]) == ("sent", fixed)
    assert request["sent_at"] == RESENT.isoformat()
    # Conn. Gen. Stat. § 1-206(a): four business days from the new send (Mon Nov 9), with
    # Veterans Day (Nov 11) a Connecticut legal holiday: Nov 10, 12, 13, 16.
    assert request["due"] == "2026-11-16"
    agency = row(env.db, "SELECT id, email, email_status FROM agencies")
    assert (agency["email"], agency["email_status"]) == (fixed, "ok")
    kept = rows(env.db, "SELECT address, email_status FROM agency_addresses")
    assert kept == [{"address": made["to"], "email_status": "bounced"}]
    timeline = _timeline(env, made["id"])
    assert [(t, at) for t, at, _ in timeline] == [
        ("status", "2026-11-02"),
        ("status", "2026-11-09"),
        ("resent", "2026-11-09"),
    ]
    assert timeline[0][2]["new"] == "bounced" and timeline[1][2]["new"] == "sent"
    assert timeline[2][2]["old_to"] == made["to"] and timeline[2][2]["to"] == fixed
    assert len(smtp_plain.received) == 1


def test_resend_refuses_a_request_that_is_not_bounced(tmp_path, imap_env, smtp_plain):
    config = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    env = helpers.Env(config)
    made = helpers.make_campaign(env.db, 1)[0]
    assert _send(env, SENT).sent == 1
    done = foia(config, "resend", made["ref"], "--to", "a@b.example", secret=imap_env.password)
    assert done.returncode == 2
    assert "sends a bounced" in done.stderr


def test_the_sent_copy_of_a_reply_is_not_taken_for_a_second_message(tmp_path, imap_env, smtp_plain):
    """With track_sent on (the default), the poller reads Sent: the copy we filed of a foia
    reply is our own (its Message-ID is in the outbox), never a second requester_message."""
    config = helpers.workspace_for(tmp_path, imap_env, smtp_plain, sent_copy="append")
    env = helpers.Env(config)
    made = helpers.make_campaign(env.db, 3)[2]
    assert _send(env, SENT).sent == 3
    _clerk_asks(imap_env, made, made["message_id"])
    poll(env.db, env.store, env.config, now=ASKED)
    draft = draft_reply(env.db, env.config, made["ref"], "School years 2022-25.", "clarify")
    assert _send(env, ANSWERED, outbox_ids=(queue_reply(env.db, env.config, draft, ANSWERED),)).sent
    assert len(imap_env.messages("Sent")) == 4  # three letters and the reply, filed by us
    poll(env.db, env.store, env.config, now=ANSWERED)
    types = [t for t, _, _ in _timeline(env, made["id"])]
    assert types.count("requester_message") == 1
    assert _request(env, made["id"])["due"] == "2026-11-20"


def test_reply_from_a_file_and_its_usage_errors(asked, imap_env, smtp_plain, tmp_path):
    config, env, made, _their_id = asked
    text = tmp_path / "answer.txt"
    text.write_text("Only the 2022-23 and 2023-24 school years, please.\n", encoding="utf-8")
    shown = foia(config, "reply", made["ref"], "--file", str(text), secret=imap_env.password)
    assert shown.returncode == 0, shown.stderr
    assert "Only the 2022-23 and 2023-24 school years, please." in shown.stdout.splitlines()
    both = foia(
        config, "reply", made["ref"], "--file", str(text), "--message", "x",
        secret=imap_env.password,
    )  # fmt: skip
    assert both.returncode == 2 and "exactly one of --message TEXT or --file F" in both.stderr
    wrong = foia(config, "reply", "TX-9999", "--message", "x", secret=imap_env.password)
    assert wrong.returncode == 2 and "No request 'TX-9999'" in wrong.stderr
    assert len(smtp_plain.received) == 3
