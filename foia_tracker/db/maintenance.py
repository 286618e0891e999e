"""Questions `foia verify` and `foia backup` ask of the database."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from foia_tracker.db.connection import rows


def integrity_problems(db: Database) -> list[str]:
    """SQLite's own check (https://sqlite.org/pragma.html#pragma_integrity_check): [] when sound."""
    found = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if found == ["ok"] else found


def raw_messages(db: Database) -> list[dict]:
    """Every stored message's raw hash, with one server copy to re-fetch it from."""
    return rows(
        db,
        "SELECT m.id, m.raw_sha256, c.account, c.folder, c.uidvalidity, c.uid "
        "FROM messages m LEFT JOIN message_copies c ON c.message_row = m.id "
        "GROUP BY m.id ORDER BY m.id",
    )


def document_hashes(db: Database) -> list[str]:
    return [r["sha256"] for r in rows(db, "SELECT sha256 FROM documents ORDER BY rowid")]


def online_backup(db: Database, target: str) -> None:
    """Copy the live database page by page while others may write (SQLite online backup API)."""
    destination = sqlite3.connect(target)
    try:
        db.conn.backup(destination, pages=1024)
    finally:
        destination.close()
