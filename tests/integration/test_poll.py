"""`foia poll` against a real Dovecot: every message placed with IMAP APPEND, then polled."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from foia_tracker.cli.common import App
from foia_tracker.db import row, rows
from foia_tracker.intake import pipeline as intake
from foia_tracker.intake import poll as intake_poll
from foia_tracker.mail import fetch as mail_fetch
from foia_tracker.workspace import init_workspace
from tests.integration.servers import MailAccount
from tests.test_intake import TOKEN_42, add_request, token_for

MAIL = Path(__file__).parent.parent / "fixtures" / "mail"
NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
PASSWORD_ENV = "FOIA_TEST_POLL_PASSWORD"
TOKEN_43 = token_for("a" * 12)


def config_text(account: MailAccount, extra: str = "") -> str:
    return f"""
[requester]
name = "Jane Doe"
email = "{account.address}"
mailing_address = "123 Main Street, Hartford, CT 06103"
state = "CT"

[store]
database = "foia.db"
path = "store"

[smtp]
host = "127.0.0.1"
port = 2525
security = "none"
username = "{account.username}"
password_env = "{PASSWORD_ENV}"

[imap]
host = "{account.host}"
port = {account.port}
security = "none"
username = "{account.username}"
password_env = "{PASSWORD_ENV}"
watch_interval = 10
{extra}

[replies]
mode = "reply-to"
address = "{account.username}+{{token}}@example.test"
"""


def make_app(account: MailAccount, tmp_path: Path, monkeypatch, extra: str = "") -> App:
    monkeypatch.setenv(PASSWORD_ENV, account.password)
    config_path = init_workspace(tmp_path / "ws", config_text(account, extra))
    app = App(str(config_path))
    seed(app.db)
    return app


@pytest.fixture
def app(dovecot: MailAccount, tmp_path: Path, monkeypatch) -> App:
    return make_app(dovecot, tmp_path, monkeypatch)


def seed(db) -> None:
    add_request(db, "CT-0042", TOKEN_42, "records@nowhere.example.gov")
    add_request(db, "CT-0043", TOKEN_43, "foia@district.example.org")
    add_request(db, "CT-0044", token_for("b" * 12), "records@district2.example.org")
    add_request(db, "WA-0010", token_for("c" * 12), "records@city.example.gov")
    add_request(db, "MD-0311", token_for("d" * 12), "records@county.example.gov")
    add_request(db, "TX-0201", token_for("e" * 12), "openrecords@isd.example.org")
    add_request(db, "VT-0005", token_for("f" * 12), "clerk@village.example.us")
    add_request(db, "NJ-0099", token_for("g" * 12), "amt@amt.example.de")
    # One agency, two open requests (two campaigns): its sender alone must not decide.
    add_request(db, "CT-0050", token_for("h" * 12), "records@twin.example.org")
    agency = row(db, "SELECT agency_id FROM requests WHERE ref = 'CT-0050'")["agency_id"]
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) "
        "VALUES (2, 'second', 'student-data-agreements', 'Second', '2026-11-01')"
    )
    db.execute(
        "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, to_addr, "
        "subject, letter, created_at) VALUES ('CT-0051', ?, 2, ?, 'CT', 'sent', "
        "'records@twin.example.org', '[CT-0051] Second', 'letter', '2026-11-01')",
        (token_for("j" * 12), agency),
    )
    db.conn.commit()


def message(
    subject: str,
    body: str = "We received your request and are working on it.",
    *,
    sender: str = "Records Officer <records@district.example.org>",
    to: str = "jane@example.test",
    message_id: str | None = None,
    headers: tuple[str, ...] = (),
) -> bytes:
    mid = message_id or f"<{abs(hash((subject, body, sender, to, headers)))}@mail.example.org>"
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: {mid}",
        "Date: Mon, 9 Nov 2026 10:00:00 -0500",
        *headers,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


def poll(app: App) -> intake.PollReport:
    return intake.poll(app.db, app.store, app.config, now=NOW)


def filed(app: App) -> dict[str, tuple[list[str], str | None, str]]:
    """Message-ID -> (refs, method, kind) for every received message."""
    return {
        m["message_id"]: (m["requests"], m["match_method"], m["kind"])
        for m in intake.list_messages(app.db)
    }


def counts(app: App) -> tuple[int, int, int]:
    db = app.db
    return (
        row(db, "SELECT count(*) AS n FROM messages")["n"],
        row(db, "SELECT count(*) AS n FROM message_copies")["n"],
        row(db, "SELECT count(*) AS n FROM message_requests")["n"],
    )


# --- every matching route --------------------------------------------------------------------

ROUTES = {
    "token in To, no ref anywhere": (
        message("Re: your letter", to=f"Jane <jane+{TOKEN_43.upper()}@example.test>"),
        (["CT-0043"], "token", "acknowledgement"),
    ),
    "token stripped, In-Reply-To kept": (
        message("Re: your letter", headers=("In-Reply-To: <letter-ct-0043@foia.example.com>",)),
        (["CT-0043"], "thread", "acknowledgement"),
    ),
    "References only": (
        message(
            "Re: your letter",
            headers=("References: <x@y.org> <letter-ct-0043@foia.example.com>",),
        ),
        (["CT-0043"], "thread", "acknowledgement"),
    ),
    "only the ref in the subject": (
        message("RE: [CT-0044] Public records request", sender="x@unknown.example.net"),
        (["CT-0044"], "ref", "acknowledgement"),
    ),
    "two refs in the body": (
        message("Records", "Your requests CT-0043 and CT-0044 are received.", sender="a@b.net"),
        (["CT-0043", "CT-0044"], "ref", None),
    ),
    "sender of an agency with one open request": (
        message(
            "Question about your letter", "Please call me.", sender="foia@district.example.org"
        ),
        (["CT-0043"], "sender", "other"),
    ),
    "forwarded by a colleague": (
        (MAIL / "nested.eml").read_bytes(),
        (["CT-0044"], "ref", None),
    ),
    "out-of-office to the tokened address": (
        (MAIL / "ooo_exchange.eml").read_bytes(),
        (["CT-0042"], "token", "auto_reply"),
    ),
    "TNEF winmail.dat": ((MAIL / "tnef.eml").read_bytes(), (["MD-0311"], "ref", None)),
    "zip": ((MAIL / "zip.eml").read_bytes(), (["TX-0201"], "ref", None)),
    "traversal filenames": ((MAIL / "traversal.eml").read_bytes(), (["WA-0010"], "ref", None)),
    "broken MIME": ((MAIL / "broken_mime.eml").read_bytes(), (["VT-0005"], "ref", None)),
    "8-bit headers": ((MAIL / "headers_8bit.eml").read_bytes(), (["NJ-0099"], "ref", None)),
}


@pytest.mark.parametrize("name", list(ROUTES))
def test_each_route_files_the_message(dovecot: MailAccount, app: App, name: str):
    raw, (refs, method, kind) = ROUTES[name]
    dovecot.append("INBOX", raw)

    report = poll(app)

    [(got_refs, got_method, got_kind)] = filed(app).values()
    assert (got_refs, got_method) == (refs, method)
    if kind is not None:
        assert got_kind == kind
    assert (report.fetched, report.stored, report.matched, report.unmatched) == (1, 1, 1, 0)
    stored = row(app.db, "SELECT raw_sha256 FROM messages")["raw_sha256"]
    assert app.store.read_raw(stored) == raw


def test_attachments_of_tnef_zip_and_nested_mail_are_filed_with_their_source(
    dovecot: MailAccount, app: App
):
    for name in ("tnef.eml", "zip.eml", "nested.eml", "traversal.eml"):
        dovecot.append("INBOX", (MAIL / name).read_bytes())

    poll(app)

    sources = {r["source"] for r in rows(app.db, "SELECT DISTINCT source FROM attachments")}
    assert {"tnef", "zip-member", "attachment"} <= sources
    for attachment in rows(app.db, "SELECT safe_name, sha256 FROM attachments"):
        assert "/" not in attachment["safe_name"] and ".." not in attachment["safe_name"]
        assert app.store.file_path(attachment["sha256"]).is_file()
    orphans = rows(
        app.db, "SELECT sha256 FROM attachments WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
    )
    assert orphans == []


def test_a_dsn_bounce_bounces_the_request_and_the_address(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", (MAIL / "dsn_gmail.eml").read_bytes())

    report = poll(app)

    assert filed(app)["<dsn-1@mx.google.com>"][0] == ["CT-0042"]
    assert filed(app)["<dsn-1@mx.google.com>"][2] == "bounce"
    assert row(app.db, "SELECT status FROM requests WHERE ref = 'CT-0042'")["status"] == "bounced"
    bounced = rows(app.db, "SELECT email FROM agencies WHERE email_status = 'bounced'")
    assert bounced == [{"email": "records@nowhere.example.gov"}]
    assert report.bounces == 1


def test_an_out_of_office_changes_no_status(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", (MAIL / "ooo_exchange.eml").read_bytes())

    report = poll(app)

    assert report.auto_replies == 1
    assert row(app.db, "SELECT status FROM requests WHERE ref = 'CT-0042'")["status"] == "sent"
    # The timeline shows the auto-reply, and nothing else happens (RFC 3834: never a response).
    events = rows(app.db, "SELECT type, detail FROM events")
    assert [e["type"] for e in events] == ["reply"]
    assert '"kind": "auto_reply"' in events[0]["detail"]


def test_a_strangers_mail_is_held_not_guessed(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", message("Hello", "Do you sell textbooks?", sender="x@shop.example"))

    report = poll(app)

    assert (report.matched, report.unmatched) == (0, 1)
    [held] = intake.holding_pen(app.db)
    assert (held["requests"], held["suggestions"]) == ([], [])


def test_a_sender_only_message_from_an_agency_with_two_open_requests_is_held(
    dovecot: MailAccount, app: App
):
    dovecot.append("INBOX", message("Records", "See attached.", sender="records@twin.example.org"))

    poll(app)

    [held] = intake.holding_pen(app.db)
    assert sorted(s["ref"] for s in held["suggestions"]) == ["CT-0050", "CT-0051"]
    assert {s["method"] for s in held["suggestions"]} == {"sender"}


def test_our_own_letter_in_the_inbox_is_recognised(dovecot: MailAccount, app: App):
    own = message(
        "[CT-0043] Public records request",
        "Under the law...",
        sender=dovecot.address,
        message_id="<letter-ct-0043@foia.example.com>",
    )
    dovecot.append("INBOX", own)

    report = poll(app)

    assert (report.stored, report.matched, report.unmatched) == (1, 0, 0)
    assert row(app.db, "SELECT own_copy FROM messages")["own_copy"] == 1
    assert intake.list_messages(app.db) == []


def test_a_30_mb_attachment_is_stored_whole(dovecot: MailAccount, app: App):
    payload = os.urandom(30 * 1024 * 1024)
    encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    raw = (
        b"From: records@district.example.org\r\nTo: jane@example.test\r\n"
        b"Subject: RE: [CT-0043] records\r\nMessage-ID: <big-1@district.example.org>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nThe scans are attached.\r\n"
        b"--b\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="scan.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--b--\r\n"
    )
    dovecot.append("INBOX", raw)
    dovecot.append("INBOX", message("RE: [CT-0044] small one"))

    report = poll(app)

    assert (report.stored, report.matched) == (2, 2)
    big = row(app.db, "SELECT sha256, size FROM attachments WHERE filename = 'scan.bin'")
    assert big["size"] == len(payload)
    assert app.store.read_file(big["sha256"]) == payload


# --- duplicates, checkpoints, UIDVALIDITY ----------------------------------------------------


def test_duplicate_delivery_is_one_message_with_a_copy_each(dovecot: MailAccount, app: App):
    raw = message("RE: [CT-0044] Public records request")
    dovecot.append("INBOX", raw)
    dovecot.append("INBOX", raw)
    dovecot.append("Junk", raw)

    report = poll(app)

    assert (report.fetched, report.stored, report.matched) == (3, 1, 1)
    assert counts(app) == (1, 3, 1)
    folders = [r["folder"] for r in rows(app.db, "SELECT folder FROM message_copies ORDER BY 1")]
    assert folders == ["INBOX", "INBOX", "Junk"]


def test_a_second_poll_fetches_nothing(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", message("RE: [CT-0044] one"))
    dovecot.append("Junk", message("RE: [CT-0043] two"))
    first = poll(app)

    second = poll(app)
    dovecot.append("INBOX", message("RE: [CT-0043] three"))
    third = poll(app)

    assert (first.fetched, second.fetched, third.fetched) == (2, 0, 1)
    state = {r["folder"]: r["last_uid"] for r in rows(app.db, "SELECT * FROM mail_state")}
    assert state == {"INBOX": 2, "Junk": 1}


def test_polling_never_marks_mail_read(dovecot: MailAccount, app: App):
    uid = dovecot.append("INBOX", message("RE: [CT-0044] one"))

    poll(app)

    with dovecot.connect() as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([uid])[uid]
    assert b"\\Seen" not in flags


def test_a_uidvalidity_change_resyncs_without_duplicates(dovecot: MailAccount, app: App):
    for n in range(3):
        dovecot.append("INBOX", message(f"RE: [CT-0044] part {n}"))
    poll(app)
    new_validity = dovecot.change_uidvalidity("INBOX")

    report = poll(app)

    assert (report.fetched, report.stored) == (3, 0)
    assert counts(app) == (3, 6, 3)
    state = row(app.db, "SELECT uidvalidity, last_uid FROM mail_state WHERE folder = 'INBOX'")
    assert state == {"uidvalidity": new_validity, "last_uid": 3}
    assert poll(app).fetched == 0


def test_since_limits_the_first_poll(dovecot: MailAccount, tmp_path: Path, monkeypatch):
    app = make_app(dovecot, tmp_path, monkeypatch, extra='since = "2026-01-01"')
    old = datetime(2025, 6, 1, tzinfo=UTC)
    dovecot.append("INBOX", message("RE: [CT-0044] old"), internaldate=old)
    dovecot.append("INBOX", message("RE: [CT-0043] new"))

    report = poll(app)

    assert report.fetched == 1
    assert [m["requests"] for m in intake.list_messages(app.db)] == [["CT-0043"]]


def test_many_messages_are_fetched_in_batches(dovecot: MailAccount, app: App, monkeypatch):
    monkeypatch.setattr(mail_fetch, "BATCH_MESSAGES", 4)
    for n in range(10):
        dovecot.append("INBOX", message(f"RE: [CT-0044] part {n}"))
    fetches: list[int] = []
    real_fetch = mail_fetch.fetch

    def counting(client, batch, key):
        fetches.append(len(batch))
        return real_fetch(client, batch, key)

    monkeypatch.setattr(mail_fetch, "fetch", counting)

    report = poll(app)

    assert fetches == [4, 4, 2]
    assert report.stored == 10


# --- killed polls ----------------------------------------------------------------------------

RUN_FOIA = (
    "import sys\nfrom foia_tracker.cli import main\nsys.argv = ['foia', *sys.argv[1:]]\nmain()\n"
)


def foia_subprocess(app: App, *args: str, crash_at: str | None = None):
    env = dict(os.environ)
    env.pop("FOIA_CRASH_AT", None)
    if crash_at:
        env["FOIA_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-c", RUN_FOIA, "--config", str(app.config_path), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent.parent,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("point", ["poll.after_raw", "poll.after_rows"])
@pytest.mark.parametrize("nth", [1, 3])
def test_a_poll_killed_at_a_crash_point_loses_and_doubles_nothing(
    dovecot: MailAccount, app: App, point: str, nth: int
):
    raws = [message(f"RE: [CT-0044] part {n}") for n in range(4)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    dovecot.append("Junk", raws[0])

    killed = foia_subprocess(app, "poll", "--format", "json", crash_at=f"{point}:{nth}")
    rerun = foia_subprocess(app, "poll", "--format", "json")
    again = foia_subprocess(app, "poll", "--format", "json")

    assert killed.returncode == 137, killed.stderr
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(again.stdout)["fetched"] == 0
    app.db.execute("SELECT 1")  # fresh read of what the subprocesses committed
    assert counts(app) == (4, 5, 4)
    stored = {
        app.store.read_raw(r["raw_sha256"]) for r in rows(app.db, "SELECT raw_sha256 FROM messages")
    }
    assert stored == set(raws)


def test_poll_command_prints_the_contract_json(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", message("RE: [CT-0044] one"))
    dovecot.append("INBOX", (MAIL / "dsn_gmail.eml").read_bytes())
    dovecot.append("INBOX", message("Hello", "?", sender="x@shop.example"))

    result = foia_subprocess(app, "poll", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "fetched": 3,
        "stored": 3,
        "matched": 2,
        "unmatched": 1,
        "bounces": 1,
        "auto_replies": 0,
        "errors": 0,
    }


def test_a_second_poll_waits_for_the_lock(dovecot: MailAccount, app: App):
    from foia_tracker.errors import LockedError

    app.store.lock_wait = 0.2  # the wait is injected: the test need not sleep 5 s
    with app.store.lock(), pytest.raises(LockedError, match="Another foia command"):
        intake.poll(app.db, app.store, app.config, now=NOW)


def test_watch_polls_again_after_idle(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", message("RE: [CT-0044] one"))
    reports: list[dict] = []
    # The config's floor is 10 s; the test waits one (IDLE returns at the timeout, no new mail).
    config = replace(app.config, imap=replace(app.config.imap, watch_interval=1))

    intake.watch(
        app.db,
        app.store,
        config,
        now_fn=lambda: NOW,
        on_report=lambda r: reports.append(r.as_json()),
        rounds=2,
    )

    assert [r["fetched"] for r in reports] == [1, 0]


def test_reparse_after_polling_gives_the_same_filings(dovecot: MailAccount, app: App):
    for path in sorted(MAIL.glob("*.eml")):
        dovecot.append("INBOX", path.read_bytes())
    poll(app)
    before = rows(app.db, "SELECT * FROM message_requests ORDER BY message_row, request_id")
    attachments = rows(
        app.db, "SELECT message_row, sha256, source FROM attachments ORDER BY 1, 2, 3"
    )

    report = intake.reparse(app.db, app.store, app.config, now=NOW)

    assert rows(app.db, "SELECT * FROM message_requests ORDER BY message_row, request_id") == before
    assert (
        rows(app.db, "SELECT message_row, sha256, source FROM attachments ORDER BY 1, 2, 3")
        == attachments
    )
    assert report.messages == len(list(MAIL.glob("*.eml")))


def test_polls_killed_at_random_moments_lose_and_double_nothing(dovecot: MailAccount, app: App):
    """Kill -9 a poll of a 40-message mailbox at four moments drawn by a fixed seed (so a
    failure can be replayed), rerun it to the end, and count what was kept."""
    import random
    import signal
    import time

    raws = [message(f"RE: [CT-0044] part {n}", "x" * 20000) for n in range(40)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    rng = random.Random(20261128)
    env = {k: v for k, v in os.environ.items() if k != "FOIA_CRASH_AT"}
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-c", RUN_FOIA, "--config", str(app.config_path), "poll"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=Path(__file__).parent.parent.parent,
        )
        time.sleep(rng.uniform(0.9, 1.8))  # the import takes ~0.8 s; the poll ~2 s
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    final = foia_subprocess(app, "poll", "--format", "json")
    again = foia_subprocess(app, "poll", "--format", "json")
    assert final.returncode == 0, final.stderr
    assert json.loads(again.stdout)["fetched"] == 0
    app.db.execute("SELECT 1")  # fresh read of what the subprocesses committed
    assert counts(app) == (40, 40, 40)
    stored = {
        app.store.read_raw(r["raw_sha256"]) for r in rows(app.db, "SELECT raw_sha256 FROM messages")
    }
    assert stored == set(raws)


def _long_pdf(text: str, pages: int = 250) -> bytes:
    """A PDF long enough that its text takes a worker a while (so the kill finds it pending)."""
    import io

    from pypdf import PdfReader, PdfWriter

    from foia_tracker.sandbox.documents import simple_pdf

    page = PdfReader(io.BytesIO(simple_pdf([text] * 40))).pages[0]
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_pdf(subject: str, text: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Records Officer <records@district.example.org>"
    msg["To"] = "jane@example.test"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{abs(hash(subject))}@mail.example.org>"
    msg["Date"] = "Mon, 16 Nov 2026 10:00:00 -0500"
    msg.set_content("Attached are the responsive records.")
    msg.add_attachment(_long_pdf(text), maintype="application", subtype="pdf", filename="dpa.pdf")
    return msg.as_bytes()


def test_a_poll_killed_with_documents_pending_finishes_them_next_time(
    dovecot: MailAccount, app: App
):
    """Text extraction is off the fetch path: a poll killed before its workers finish has filed
    and checkpointed its mail; the next poll extracts what was left and search finds it."""
    for n in range(3):
        dovecot.append(
            "INBOX", _with_pdf(f"RE: [CT-0044] records part {n}", f"zebrafinch clause {n}")
        )
    killed = foia_subprocess(app, "poll", crash_at="poll.after_batch:1")
    assert killed.returncode == 137
    app.db.execute("SELECT 1")
    assert counts(app) == (3, 3, 3)  # the mail itself is all filed
    statuses = [r["text_status"] for r in rows(app.db, "SELECT text_status FROM documents")]
    assert len(statuses) == 3 and "pending" in statuses and set(statuses) <= {"pending", "ok"}
    again = foia_subprocess(app, "poll", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["fetched"] == 0  # the batch and its checkpoint committed
    app.db.execute("SELECT 1")
    assert counts(app) == (3, 3, 3)
    assert [r["text_status"] for r in rows(app.db, "SELECT text_status FROM documents")] == [
        "ok"
    ] * 3
    found = foia_subprocess(app, "search", "zebrafinch", "--format", "json")
    assert len(json.loads(found.stdout)) == 3


def test_watch_waits_while_another_command_holds_the_store(dovecot: MailAccount, app: App):
    """Issue 14, finding 9: a send holding the store lock for minutes made poll --watch die."""
    import threading

    dovecot.append("INBOX", message("RE: [CT-0044] while busy"))
    app.store.lock_wait = 0.1
    held, release = threading.Event(), threading.Event()

    def hold():
        with app.store.lock():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    sleeps: list[float] = []
    reports: list[dict] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        release.set()  # the other command finishes while the watcher waits
        holder.join()

    intake.watch(app.db, app.store, app.config, now_fn=lambda: NOW,
                 on_report=lambda r: reports.append(r.as_json()), sleep=sleep, rounds=2)  # fmt: skip
    assert sleeps[0] == intake_poll.BUSY_WAIT
    assert [r["fetched"] for r in reports] == [1]
