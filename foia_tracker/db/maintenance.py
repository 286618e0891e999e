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


def dismissed_messages(db: Database, before: str) -> list[dict]:
    """Messages the user set aside (`foia dismiss`) before ``before``, filed on no request."""
    return rows(
        db,
        "SELECT m.id, m.raw_sha256, m.from_addr, m.subject, m.dismissed_at FROM messages m "
        "WHERE m.dismissed_at IS NOT NULL AND m.dismissed_at < ? AND NOT EXISTS "
        "(SELECT 1 FROM message_requests mr WHERE mr.message_row = m.id) ORDER BY m.id",
        (before,),
    )


def delete_message(db: Database, message_row: int) -> list[str]:
    """Remove one message's rows; return the documents it held that nothing else holds now."""
    held = [r["sha256"] for r in rows(db, "SELECT DISTINCT sha256 FROM attachments "
                                          "WHERE message_row = ?", (message_row,))]  # fmt: skip
    for sql in (
        "DELETE FROM search_index WHERE rowid = ?",
        "DELETE FROM attachments WHERE message_row = ?",
        "DELETE FROM message_candidates WHERE message_row = ?",
        "DELETE FROM message_copies WHERE message_row = ?",
        "UPDATE dismissed_senders SET message_row = NULL WHERE message_row = ?",
        "UPDATE events SET message_row = NULL WHERE message_row = ?",
        "DELETE FROM messages WHERE id = ?",
    ):
        db.execute(sql, (message_row,))
    orphans = []
    for sha in held:
        if db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha,)).fetchone() is None:
            found = db.execute("SELECT rowid FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            if found:
                db.execute("DELETE FROM search_index WHERE rowid = ?", (-found[0],))
            db.execute("DELETE FROM documents WHERE sha256 = ?", (sha,))
            orphans.append(sha)
    return orphans
