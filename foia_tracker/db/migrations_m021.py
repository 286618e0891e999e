"""Migrations from m021 on (``migrations_wave2`` is full), registered on the one ``migrations``
object of ``db/migrations.py`` after the earlier ones. Never edit one that has shipped."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.migrations import migrations

# The column as m003 wrote it into the table's CREATE statement.
_BODY_COLUMN = "body TEXT NOT NULL,"


@migrations()
def m021_outbox_bodies(db: Database) -> None:
    # A letter's text (about 5 KB) sat in the outbox row that a send updates three or four
    # times (claimed, sent, booked, its Sent copy filed); each update rewrote the row and its
    # overflow page, about 16 pages of the -wal file per letter (docs/benchmarks.md). The text
    # is written once, here, keyed by its row; the row that changes stays small.
    #
    # The column goes by rebuilding the table, not `ALTER TABLE ... DROP COLUMN`: that needs
    # SQLite 3.35, and a Python 3.11 built on an older system library (RHEL 9 has 3.34) would
    # stop here. Nothing references outbox yet, so dropping the old table (foreign keys stay on:
    # a migration runs in a transaction) deletes nothing else; outbox_bodies comes after.
    table = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")
    create = table.fetchone()[0]
    if create.count(_BODY_COLUMN) != 1:
        raise RuntimeError("m021: the outbox table is not as m003 made it; nothing was changed")
    db.execute("CREATE TEMP TABLE m021_bodies AS SELECT id, body FROM outbox")
    indexes = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' "
            "AND sql IS NOT NULL"
        ).fetchall()
    ]
    columns = ", ".join(
        name for _cid, name, *_rest in db.execute("PRAGMA table_info(outbox)") if name != "body"
    )
    rebuilt = create.replace(_BODY_COLUMN, "", 1).replace(
        "CREATE TABLE outbox", "CREATE TABLE outbox_m021", 1
    )
    db.execute(rebuilt)
    db.execute(f"INSERT INTO outbox_m021 ({columns}) SELECT {columns} FROM outbox")
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_m021 RENAME TO outbox")
    for sql in indexes:
        db.execute(sql)
    db.execute(
        "CREATE TABLE outbox_bodies (outbox_id INTEGER PRIMARY KEY "
        "REFERENCES outbox(id) ON DELETE CASCADE, body TEXT NOT NULL)"
    )
    db.execute("INSERT INTO outbox_bodies (outbox_id, body) SELECT id, body FROM m021_bodies")
    db.execute("DROP TABLE m021_bodies")
