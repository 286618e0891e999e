"""Migrations from m021 on (``migrations_wave2`` is full), registered on the one ``migrations``
object of ``db/migrations.py`` after the earlier ones. Never edit one that has shipped."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.migrations import migrations


@migrations()
def m021_outbox_bodies(db: Database) -> None:
    # A letter's text (about 5 KB) sat in the outbox row that a send updates three or four
    # times (claimed, sent, booked, its Sent copy filed); each update rewrote the row and its
    # overflow page, about 16 pages of the -wal file per letter (docs/benchmarks.md). The text
    # is written once, here, keyed by its row; the row that changes stays small.
    db.execute(
        "CREATE TABLE outbox_bodies (outbox_id INTEGER PRIMARY KEY "
        "REFERENCES outbox(id) ON DELETE CASCADE, body TEXT NOT NULL)"
    )
    db.execute("INSERT INTO outbox_bodies (outbox_id, body) SELECT id, body FROM outbox")
    db.execute("ALTER TABLE outbox DROP COLUMN body")
