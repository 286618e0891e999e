"""SQL of requests and events (db/requests.py, db/events.py) and migration m011."""

import sqlite3

import pytest

from foia_tracker.db import open_db, rows
from foia_tracker.db.migrations import migrations
from foia_tracker.db.requests import find_request_by_ref, last_agency_reply

from .test_tracking import Timeline


def test_m011_keeps_every_attachment_and_lets_files_belong_to_a_request(tmp_path):
    db = open_db(tmp_path / "x.db", migrate=False)
    migrations.apply(db, stop_before="m011_manual_attachments")
    Timeline(db)
    db.execute("INSERT INTO messages (id, raw_sha256, size, received_at) VALUES (7, 'r', 1, 'x')")
    db.execute("INSERT INTO documents (sha256, size, content_type) VALUES ('d', 1, 'text/plain')")
    db.execute(
        "INSERT INTO attachments (id, message_row, filename, safe_name, content_type, sha256, "
        "size, source) VALUES (3, 7, 'a.txt', 'a.txt', 'text/plain', 'd', 1, 'attachment')"
    )
    db.conn.commit()
    migrations.apply(db)
    assert rows(db, "SELECT id, message_row, request_id, filename FROM attachments") == [
        {"id": 3, "message_row": 7, "request_id": None, "filename": "a.txt"}
    ]
    with pytest.raises(sqlite3.IntegrityError):  # every file belongs to a message or a request
        db.execute(
            "INSERT INTO attachments (filename, safe_name, content_type, sha256, size, source) "
            "VALUES ('b', 'b', 'text/plain', 'd', 1, 'manual')"
        )


def test_one_lookup_by_ref_ignores_case_and_spaces(tmp_path):
    db = open_db(tmp_path / "x.db")
    Timeline(db)
    assert find_request_by_ref(db, " ct-0001 ")["id"] == 1
    assert find_request_by_ref(db, "CT-0002") is None


def test_the_latest_agency_reply_skips_auto_replies_and_bounces(tmp_path):
    db = open_db(tmp_path / "x.db")
    t = Timeline(db)
    t.reply("acknowledgement", "2026-12-02T14:00:00+00:00")
    t.reply("auto_reply", "2026-12-03T14:00:00+00:00", automated=True)
    t.reply("bounce", "2026-12-04T14:00:00+00:00")
    assert last_agency_reply(db, 1)["kind"] == "acknowledgement"
