"""request_events (migration m020), the latest pause, the count of records links and how each
request went out, kept by triggers, stays equal to what the per-request status query reads
from the events, after every kind of write the tool (or a hand) makes to them."""

import json
import random

import pytest

from foia_tracker.db import migrations_wave2, open_db, status_view
from foia_tracker.db.events import insert_event
from tests.test_status_paths import (
    REQUESTS,
    VIA,
    _day,
    _seed_events_and_links,
    _seed_mail,
    _seed_world,
)

COLUMNS = ("_id", "paused_at", "records_link", "sent_via")
TYPES = ("pause", "records_link", "sent", "note", "reply")


def _events_of(db, grouped: bool) -> list[tuple]:
    found = status_view.status_view(db, {}, grouped=grouped)
    return [tuple(r[c] for c in COLUMNS) for r in found]


def _assert_equal(db) -> None:
    kept = _events_of(db, grouped=True)
    assert kept == _events_of(db, grouped=False)
    # and the table holds a row exactly for the requests with such an event
    stored = db.execute("SELECT request_id FROM request_events ORDER BY request_id").fetchall()
    expected = db.execute(
        "SELECT DISTINCT request_id FROM events WHERE type IN ('pause', 'records_link', 'sent') "
        "ORDER BY request_id"
    ).fetchall()
    assert stored == expected


def _event(rng) -> dict:
    kind = rng.choice(TYPES)
    detail = {"via": rng.choice(VIA + (7,))} if kind == "sent" and rng.random() < 0.8 else {}
    at = rng.choice(("2026-11-02T09:00:00+00:00", _day(rng)))  # instants shared: ids decide
    return {"at": at, "type": kind, "actor": "auto", "detail": detail}


def _event_ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM events ORDER BY id")]


def _append(db, rng) -> None:  # the tool's one write
    insert_event(db, rng.randint(1, REQUESTS), _event(rng))


def _append_or_ignore(db, rng) -> None:  # an OR clause on the firing statement
    event = _event(rng)
    db.execute(
        "INSERT OR IGNORE INTO events (id, request_id, at, type, actor, detail) "
        "VALUES (?, ?, ?, ?, 'user', ?)",
        (
            rng.choice(_event_ids(db) + [None]),
            rng.randint(1, REQUESTS),
            event["at"],
            event["type"],
            json.dumps(event["detail"]),
        ),
    )


def _delete(db, rng) -> None:
    db.execute("DELETE FROM events WHERE id = ?", (rng.choice(_event_ids(db)),))


def _change(db, rng) -> None:
    column, value = rng.choice(
        [
            ("type", rng.choice(TYPES)),
            ("at", _day(rng)),
            ("request_id", rng.randint(1, REQUESTS)),
            ("detail", json.dumps({"via": rng.choice(VIA)})),
            ("id", max(_event_ids(db)) + 1),  # the tie-break among one instant's "sent"
        ]
    )
    db.execute(f"UPDATE events SET {column} = ? WHERE id = ?", (value, rng.choice(_event_ids(db))))


def _delete_and_reuse_request(db, rng) -> None:
    """The last request deleted with its rows; a new request then gets its id again."""
    (last,) = db.execute("SELECT max(id) FROM requests").fetchone()
    for table in ("message_requests", "events", "links", "attachments"):
        db.execute(f"DELETE FROM {table} WHERE request_id = ?", (last,))
    db.execute("DELETE FROM requests WHERE id = ?", (last,))
    db.execute(
        "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, "
        "subject, letter, created_at) VALUES (?, ?, 1, ?, 'CT', 'sent', 's', 'l', 'x')",
        (f"ZZ-{rng.random()}", f"t{rng.random()}", last),
    )
    insert_event(db, last, _event(rng))


WRITES = [_append, _append_or_ignore, _delete, _change, _delete_and_reuse_request]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_request_events_equal_the_per_request_lookups_after_every_write(tmp_path, seed):
    db = open_db(tmp_path / "events.db")
    rng = random.Random(seed)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    _assert_equal(db)
    for write in WRITES:  # each kind at least once, checked on its own
        write(db, rng)
        _assert_equal(db)
    for _ in range(200):
        rng.choice(WRITES)(db, rng)
        _assert_equal(db)


def test_the_migration_fills_request_events_for_events_already_kept(tmp_path):
    db = open_db(tmp_path / "old.db")
    rng = random.Random(7)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    # back to the schema before m020, the events already there; then m020 runs on it
    for (trigger,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'request_events_%'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE request_events")
    migrations_wave2.m020_request_events(db)
    _assert_equal(db)
    assert db.execute("SELECT count(*) FROM request_events").fetchone()[0] > REQUESTS // 2


def test_the_triggers_apply_todays_lookups():
    # A changed lookup in db/status_view.py needs a new migration that re-creates the triggers
    # and refills request_events (the stored triggers keep the old definition otherwise).
    fill = " ".join(migrations_wave2._M020_FILL.split())
    for lookup in (status_view._PAUSED_AT, status_view._RECORDS_LINK, status_view._SENT_VIA):
        assert " ".join(lookup.replace("r.id", "k.request_id").split()) in fill
