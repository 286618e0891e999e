"""outbox.py pieces that need no server: reply sorting, windows, limits, message building, queueing."""

from __future__ import annotations

import email
import sqlite3
from datetime import UTC, date, datetime, timedelta
from email.policy import default as default_policy

import pytest

from foia_tracker.config import load_config
from foia_tracker.db import open_db, row, rows
from foia_tracker.db import outbox as outbox_db
from foia_tracker.letters.dates import fill_send_date
from foia_tracker.mail.headers import build_message
from foia_tracker.mail.limits import Limits, in_window, limit_reached, minute_wait
from foia_tracker.mail.smtp import classify_reply
from foia_tracker.outbox import enqueue, send_pending
from foia_tracker.store import Store

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stage", "code", "text", "expected"),
    [
        ("rcpt", 550, "550 5.1.1 No such user", "bounced"),
        ("rcpt", 550, "550 Mailbox unavailable", "bounced"),
        ("rcpt", 553, "553 5.1.3 Bad address syntax", "bounced"),
        ("rcpt", 450, "450 4.2.1 Try again later", "deferred"),
        ("rcpt", 550, "550 5.7.1 Relaying denied", "stop"),
        ("rcpt", 552, "552 5.4.5 Daily quota exceeded", "stop"),
        ("data", 550, "550 5.1.1 Recipient rejected after DATA", "bounced"),
        ("data", 550, "550 5.4.5 Daily sending quota exceeded", "stop"),
        ("data", 554, "554 Transaction failed", "stop"),
        ("data", 451, "451 4.3.0 Local error", "stop"),
        ("mail", 553, "553 5.7.1 Sender address rejected", "stop"),
        ("mail", 550, "550 Sender blocked", "stop"),
        # RFC 5321 4.5.3.1.10 and RFC 3463 X.2.2: a full mailbox is temporary.
        ("rcpt", 552, "552 5.2.2 Mailbox full", "deferred"),
        ("rcpt", 552, "552 Requested action aborted: exceeded storage allocation", "deferred"),
        ("data", 552, "552 5.2.2 Mailbox full", "deferred"),
        ("data", 552, "552 5.3.4 Message too big for system", "stop"),
    ],
)
def test_smtp_refusals_sorted_by_stage(stage, code, text, expected):
    assert classify_reply(stage, code, text) == expected


@pytest.mark.parametrize(
    ("window", "local_time", "inside"),
    [
        ("", "03:00", True),
        ("08:00-17:00", "08:00", True),
        ("08:00-17:00", "16:59", True),
        ("08:00-17:00", "17:00", False),
        ("08:00-17:00", "07:59", False),
        ("22:00-06:00", "23:30", True),
        ("22:00-06:00", "05:59", True),
        ("22:00-06:00", "12:00", False),
    ],
)
def test_send_window_in_local_time(window, local_time, inside):
    hour, minute = map(int, local_time.split(":"))
    local = datetime.now().astimezone().replace(hour=hour, minute=minute, second=0)
    assert in_window(window, local) is inside


def test_fill_send_date_replaces_the_marker():
    assert fill_send_date("Date: [[send_date]]\n", date(2026, 12, 1)) == "Date: December 1, 2026\n"


@pytest.fixture
def db_with_request(workspace):
    config = load_config(workspace)
    db = open_db(config.store.database)
    stamp = NOW.isoformat()
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) "
        "VALUES (1, 'c', 't', 's', ?)",
        (stamp,),
    )
    db.execute(
        "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
        "VALUES (1, 'D', 'd', 'CT', 'records@d.example', ?, ?)",
        (stamp, stamp),
    )
    db.execute(
        "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
        "to_addr, subject, letter, created_at) VALUES (1, 'CT-0001', 'tok', 1, 1, 'CT', 'queued', "
        "'records@d.example', 'Request (CT-0001)', 'x', ?)",
        (stamp,),
    )
    db.conn.commit()
    return config, db


def _add_sent(db, at: datetime, n: int) -> None:
    for i in range(n):
        db.execute(
            "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, state, "
            "created_at, sent_at) VALUES (1, 'followup', 'a@b', 's', ?, 'sent', ?, ?)",
            (f"<sent{at.timestamp()}.{i}@x>", at.isoformat(), at.isoformat()),
        )
        db.execute("INSERT INTO outbox_bodies VALUES (last_insert_rowid(), 'b')")
    db.conn.commit()


def test_limits_count_sent_rows(db_with_request):
    _config, db = db_with_request
    _add_sent(db, NOW - timedelta(minutes=30), 3)
    _add_sent(db, NOW - timedelta(hours=5), 4)
    assert limit_reached(db, Limits(per_hour=4), NOW) == ""
    assert limit_reached(db, Limits(per_hour=3), NOW) == "the per_hour limit of 3"
    assert limit_reached(db, Limits(per_day=7), NOW) == "the per_day limit of 7"
    assert limit_reached(db, Limits(per_day=8), NOW) == ""
    # A letter whose 250 came a moment ago counts before its row is written.
    assert limit_reached(db, Limits(per_hour=4), NOW, unrecorded=1) == "the per_hour limit of 4"
    assert limit_reached(db, Limits(per_day=8), NOW, unrecorded=1) == "the per_day limit of 8"


def test_minute_wait_until_the_oldest_send_is_a_minute_old(db_with_request):
    _config, db = db_with_request
    _add_sent(db, NOW - timedelta(seconds=50), 1)
    _add_sent(db, NOW - timedelta(seconds=20), 1)
    assert minute_wait(db, Limits(per_minute=3), NOW) == 0.0
    assert minute_wait(db, Limits(per_minute=2), NOW) == 10.0
    assert minute_wait(db, Limits(per_minute=1), NOW) == 40.0


def _letter(**extra) -> dict:
    base = {
        "token": "abcdefghjkmn0",
        "to_addr": "records@d.example",
        "subject": "Public records request (CT-0001)",
        "message_id": "<1.CT-0001@example.org>",
    }
    return base | extra


def _parse(raw: bytes):
    return email.message_from_bytes(raw, policy=default_policy)


def test_message_reply_to_mode(workspace):
    config = load_config(workspace)
    msg = _parse(build_message(config, _letter(), "Dear Officer,\nÉtat\n", NOW))
    assert msg["From"] == "Jane Doe <jane@example.org>"
    assert msg["Reply-To"] == "Jane Doe <jane+abcdefghjkmn0@example.org>"
    assert msg["Message-ID"] == "<1.CT-0001@example.org>"
    assert msg["In-Reply-To"] is None
    assert msg.get_content().replace("\r\n", "\n") == "Dear Officer,\nÉtat\n"
    assert b"\r\n" in build_message(config, _letter(), "a\nb\n", NOW)


@pytest.mark.parametrize(
    ("mode", "from_", "reply_to"),
    [
        ("from", "Jane Doe <jane+abcdefghjkmn0@example.org>", None),
        ("none", "Jane Doe <jane@example.org>", None),
    ],
)
def test_message_other_reply_modes(workspace, mode, from_, reply_to):
    text = workspace.read_text().replace('mode = "reply-to"', f'mode = "{mode}"')
    workspace.write_text(text)
    msg = _parse(build_message(load_config(workspace), _letter(), "x\n", NOW))
    assert msg["From"] == from_
    assert msg["Reply-To"] == reply_to


def test_followup_threads_with_in_reply_to_and_references(workspace):
    config = load_config(workspace)
    letter = _letter(in_reply_to="<first@example.org> <their-reply@district.example>")
    msg = _parse(build_message(config, letter, "x\n", NOW))
    assert msg["In-Reply-To"] == "<their-reply@district.example>"
    assert msg["References"] == "<first@example.org> <their-reply@district.example>"


def test_enqueue_adds_a_pending_row(db_with_request):
    _config, db = db_with_request
    outbox_id = enqueue(
        db,
        1,
        "followup",
        "records@d.example",
        "Follow-up (CT-0001)",
        "Hello again",
        in_reply_to="<their@d.example>",
        references=["<first@example.org>"],
        now=NOW,
    )
    out = row(db, "SELECT * FROM outbox WHERE id = ?", (outbox_id,))
    assert out["state"] == "pending"
    assert out["kind"] == "followup"
    assert out["in_reply_to"] == "<first@example.org> <their@d.example>"
    assert out["message_id"].startswith("<") and "CT-0001" in out["message_id"]
    with pytest.raises(ValueError, match="outbox kind"):
        enqueue(db, 1, "fax", "a@b", "s", "b", now=NOW)


def test_enqueue_many_writes_the_rows_enqueue_writes(db_with_request):
    from foia_tracker.errors import FoiaError
    from foia_tracker.outbox import OutgoingLetter, enqueue_many

    _config, db = db_with_request
    letters = [
        OutgoingLetter(1, "request", "records@d.example", "Request (CT-0001)", "Body", message_id="<a@x>"),
        OutgoingLetter(1, "followup", "records@d.example", "Again", "Body 2", in_reply_to="<t@d>",
                       references=("<a@x>",), message_id="<b@x>"),
        OutgoingLetter(1, "reply", "records@d.example", "Re", "Body 3", reply_kind="clarify"),
    ]  # fmt: skip
    one_by_one = [enqueue(db, letter, now=NOW) for letter in letters]
    db.conn.commit()
    columns = "request_id, kind, to_addr, subject, body, in_reply_to, reply_kind, state, created_at"
    outbox = "outbox JOIN outbox_bodies ON outbox_id = id"
    singly = rows(
        db, f"SELECT {columns} FROM {outbox} WHERE id IN (?, ?, ?) ORDER BY id", tuple(one_by_one)
    )
    db.execute("DELETE FROM outbox")  # (their bodies go with them)
    assert rows(db, "SELECT * FROM outbox_bodies") == []
    enqueue_many(db, [replace_id(letter) for letter in letters], now=NOW)
    together = rows(db, f"SELECT {columns}, message_id FROM {outbox} ORDER BY id")
    assert [{k: v for k, v in r.items() if k != "message_id"} for r in together] == singly
    assert [r["message_id"] for r in together][:2] == ["<a2@x>", "<b2@x>"]
    assert "CT-0001" in together[2]["message_id"]  # made like enqueue's, from the ref
    with pytest.raises(FoiaError, match="No request with id 9"):
        enqueue_many(db, [OutgoingLetter(9, "request", "a@b", "s", "b")], now=NOW)
    with pytest.raises(ValueError, match="outbox kind"):
        enqueue_many(db, [OutgoingLetter(1, "fax", "a@b", "s", "b")], now=NOW)
    assert len(rows(db, "SELECT id FROM outbox")) == 3


def replace_id(letter):
    # message ids are unique in the outbox: the second batch gets its own
    from dataclasses import replace

    mid = letter.message_id
    return replace(letter, message_id=mid.replace("@", "2@") if mid else None)


def test_closed_requests_are_skipped_and_dry_run_touches_nothing(db_with_request):
    config, db = db_with_request
    enqueue(db, 1, "request", "records@d.example", "Request (CT-0001)", "x", now=NOW)
    db.execute("UPDATE requests SET status = 'withdrawn' WHERE id = 1")
    db.conn.commit()
    store = Store(config.store.path)
    report = send_pending(db, store, config, dry_run=True)
    assert report.counts() == {"sent": 0, "failed": 0, "skipped": 1, "uncertain": 0, "deferred": 0}
    assert report.would_send == []
    assert row(db, "SELECT state FROM outbox")["state"] == "pending"


def test_m010_sorts_old_failures_and_owes_no_copy_of_old_letters(tmp_path):
    """A database made before migration 10: letters that could not be built are tried again,
    refused recipients are not, and letters sent long ago get no Sent copy now."""
    from foia_tracker.db.migrations import migrations

    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m010_outbox_failure_and_copies")
    stamp = NOW.isoformat()
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) VALUES (1, 'c', 't', 's', ?)",
        (stamp,),
    )
    for n, status in ((1, "queued"), (2, "bounced"), (3, "sent")):
        db.execute(
            "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
            "VALUES (?, ?, ?, 'CT', 'records@d.example', ?, ?)",
            (n, f"D{n}", f"d{n}", stamp, stamp),
        )
        db.execute(
            "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
            "subject, letter, created_at) VALUES (?, ?, ?, 1, ?, 'CT', ?, 's', 'x', ?)",
            (n, f"CT-000{n}", f"tok{n}", n, status, stamp),
        )
    db.execute("INSERT INTO agency_addresses VALUES (1, 'clerk@d.example', 'learned')")
    for n, state, error in (
        (1, "failed", "cannot build the message: bad header"),
        (2, "failed", "RCPT: 550 5.1.1 No such user"),
        (3, "sent", None),
    ):
        db.execute(
            "INSERT INTO outbox (request_id, kind, to_addr, subject, body, message_id, state, "
            "last_error, created_at) VALUES (?, 'request', 'a@b', 's', 'b', ?, ?, ?, ?)",
            (n, f"<{n}@x>", state, error, stamp),
        )
    db.conn.commit()
    migrations.apply(db)
    found = rows(db, "SELECT request_id, state, failure, sent_copy FROM outbox ORDER BY id")
    assert [(r["failure"], r["sent_copy"]) for r in found] == [
        ("build", "filed"),
        ("recipient", "filed"),
        (None, "filed"),
    ]
    assert outbox_db.copies_to_file(db) == []
    assert [x["request_id"] for x in outbox_db.sendable_letters(db, None)] == [1]
    assert rows(db, "SELECT email_status FROM agency_addresses") == [{"email_status": "ok"}]


def test_m021_keeps_every_letter_text_and_moves_it_out_of_the_row(tmp_path):
    """Letters queued before m021 keep their text, byte for byte, now in outbox_bodies; the
    outbox row a send updates no longer carries it; a send reads it as before."""
    from foia_tracker.db.migrations import migrations

    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m021_outbox_bodies")
    stamp = NOW.isoformat()
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) VALUES (1, 'c', 't', 's', ?)",
        (stamp,),
    )
    db.execute(
        "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
        "VALUES (1, 'D1', 'd1', 'CT', 'records@d.example', ?, ?)",
        (stamp, stamp),
    )
    db.execute(
        "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
        "subject, letter, created_at) VALUES (1, 'CT-0001', 'tok1', 1, 1, 'CT', 'queued', 's', "
        "'x', ?)",
        (stamp,),
    )
    texts = ["Dear Custodian,\n\n" + "I ask for the agreements. " * 300, "Sehr geehrte — ü\r\n"]
    for n, text in enumerate(texts, start=1):
        db.execute(
            "INSERT INTO outbox (request_id, kind, to_addr, subject, body, message_id, state, "
            "created_at) VALUES (1, 'request', 'a@b', 's', ?, ?, 'pending', ?)",
            (text, f"<{n}@x>", stamp),
        )
    db.conn.commit()
    migrations.apply(db)
    columns = {c["name"] for c in rows(db, "PRAGMA table_info(outbox)")}
    assert "body" not in columns and {"state", "message_id"} <= columns
    assert [
        r["body"] for r in rows(db, "SELECT body FROM outbox_bodies ORDER BY outbox_id")
    ] == texts
    assert [x["body"] for x in outbox_db.sendable_letters(db, None)] == texts
    # Rebuilt, not altered (DROP COLUMN needs SQLite 3.35): ids, indexes and constraints stay.
    assert [r["id"] for r in rows(db, "SELECT id FROM outbox ORDER BY id")] == [1, 2]
    indexes = {r["name"] for r in rows(db, "PRAGMA index_list(outbox)")}
    assert {"outbox_state", "outbox_request", "outbox_provider_id", "outbox_unbooked"} <= indexes
    assert rows(db, "PRAGMA foreign_key_check") == []
    with pytest.raises(sqlite3.IntegrityError):  # the state CHECK came along
        db.execute("UPDATE outbox SET state = 'lost' WHERE id = 1")
