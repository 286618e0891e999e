"""request_replies (migration m017), the first and latest agency reply of each request kept by
triggers, stays equal to what the per-request status query computes from the messages, after
every kind of write the tool (or a hand) makes to the tables it is computed from."""

import random

import pytest

from foia_tracker.db import migrations_wave2, open_db
from foia_tracker.db.maintenance import delete_message
from foia_tracker.db.messages import (
    FilingRow,
    clear_derived,
    insert_filing,
    insert_message,
    update_message,
)
from foia_tracker.db.requests import REPLY_SQL
from foia_tracker.db.status_view import status_view
from tests.test_status_paths import (
    KINDS,
    REQUESTS,
    _day,
    _seed_events_and_links,
    _seed_mail,
    _seed_world,
)

COLUMNS = ("_id", "last_reply_at", "first_reply_at")


def _replies(db, grouped: bool) -> list[tuple]:
    return [tuple(r[c] for c in COLUMNS) for r in status_view(db, {}, grouped=grouped)]


def _assert_equal(db) -> None:
    kept = _replies(db, grouped=True)
    assert kept == _replies(db, grouped=False)
    # and the table holds a row exactly for the requests with a reply
    stored = db.execute("SELECT request_id FROM request_replies ORDER BY request_id").fetchall()
    assert [r[0] for r in stored] == sorted(r[0] for r in kept if r[1] is not None)


def _message_ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM messages ORDER BY id")]


def _filed(db) -> list[tuple[int, int]]:
    return db.execute("SELECT message_row, request_id FROM message_requests").fetchall()


def _change_message(db, rng) -> None:
    message = rng.choice(_message_ids(db))
    column, value = rng.choice(
        [
            ("kind", rng.choice(KINDS)),
            ("automated", rng.choice((0, 1))),
            ("own_copy", rng.choice((0, 1))),
            ("date", rng.choice((None, _day(rng)))),
            ("received_at", _day(rng)),
        ]
    )
    if rng.random() < 0.5:
        update_message(db, message, {column: value})  # sqlite-utils update
    else:
        db.execute(f"UPDATE messages SET {column} = ? WHERE id = ?", (value, message))


def _file_by_user(db, rng) -> None:  # INSERT OR REPLACE: the DELETE trigger does not fire
    message, request = rng.choice(_message_ids(db)), rng.randint(1, REQUESTS)
    insert_filing(db, FilingRow(message, request, "user", 1.0, {}, actor="user"))


def _file_auto(db, rng) -> None:  # INSERT OR IGNORE
    message, request = rng.choice(_message_ids(db)), rng.randint(1, REQUESTS)
    insert_filing(db, FilingRow(message, request, "ref", 0.9, {}))


def _unfile(db, rng) -> None:
    filed = _filed(db)
    if filed:
        db.execute(
            "DELETE FROM message_requests WHERE message_row = ? AND request_id = ?",
            rng.choice(filed),
        )


def _move_filing(db, rng) -> None:
    message, request = rng.choice(_filed(db))
    db.execute(
        "UPDATE OR IGNORE message_requests SET request_id = ? WHERE message_row = ? "
        "AND request_id = ?",
        (rng.randint(1, REQUESTS), message, request),
    )


def _reparse(db, rng) -> None:  # drops automatic filings
    clear_derived(db, rng.choice(_message_ids(db)))


def _new_message(db, rng) -> None:
    found = insert_message(db, f"new{rng.random()}", 10, _day(rng))
    update_message(db, found, {"kind": rng.choice(KINDS), "date": _day(rng)})
    insert_filing(db, FilingRow(found, rng.randint(1, REQUESTS), "ref", 1.0, {}))


def _replace_message(db, rng) -> None:  # INSERT OR REPLACE of a row with the same id
    message = rng.choice(_message_ids(db))
    db.execute(
        "INSERT OR REPLACE INTO messages (id, message_id, raw_sha256, size, date, received_at, "
        "kind) SELECT id, message_id, raw_sha256, size, ?, received_at, ? FROM messages "
        "WHERE id = ?",
        (_day(rng), rng.choice(KINDS), message),
    )


def _delete_unfiled_message(db, rng) -> None:
    unfiled = db.execute(
        "SELECT id FROM messages WHERE id NOT IN (SELECT message_row FROM message_requests) "
        "AND id NOT IN (SELECT message_row FROM links)"
    ).fetchall()
    if unfiled:
        delete_message(db, rng.choice(unfiled)[0])


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


WRITES = [
    _change_message,
    _file_by_user,
    _file_auto,
    _unfile,
    _move_filing,
    _reparse,
    _new_message,
    _replace_message,
    _delete_unfiled_message,
    _delete_and_reuse_request,
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_request_replies_equal_the_computed_form_after_every_write(tmp_path, seed):
    db = open_db(tmp_path / "replies.db")
    rng = random.Random(seed)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    _assert_equal(db)
    for write in WRITES:  # each kind at least once, checked on its own
        write(db, rng)
        _assert_equal(db)
    for _ in range(150):
        rng.choice(WRITES)(db, rng)
        _assert_equal(db)


def test_the_migration_fills_request_replies_for_mail_already_filed(tmp_path):
    db = open_db(tmp_path / "old.db")
    rng = random.Random(7)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    # back to the schema before m017, the mail already filed; then m017 runs on it
    db.execute("DROP INDEX events_type")
    for trigger in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        db.execute(f"DROP TRIGGER {trigger[0]}")
    db.execute("DROP TABLE request_replies")
    migrations_wave2.m017_status_at_scale(db)
    _assert_equal(db)
    assert db.execute("SELECT count(*) FROM request_replies").fetchone()[0] > 0


def test_the_triggers_apply_todays_definition_of_a_reply():
    # A changed db.requests.REPLY_SQL needs a new migration that re-creates the triggers and
    # refills request_replies (the stored triggers keep the old definition otherwise).
    assert REPLY_SQL == migrations_wave2.M017_REPLY_SQL
