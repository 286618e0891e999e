"""The IMAP checkpoint: per (account, folder) the UIDVALIDITY and the highest UID stored
(``mail_state``, the getmail6 key). The one table an idle poll reads (with the
migrations applied, ``has_migration``), so it lives apart from
the rest of db/messages.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from foia_tracker.db.connection import row

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database


def has_migration(db: Database, name: str) -> bool:
    """Whether migration ``name`` of our set is applied (sqlite-utils' own table, read without
    sqlite-utils: intake/idle.py's read-only connection)."""
    found = row(
        db,
        "SELECT 1 AS x FROM _sqlite_migrations WHERE migration_set = 'foia_tracker' AND name = ?",
        (name,),
    )
    return found is not None


def mail_state(db: Database, account: str, folder: str) -> dict | None:
    return row(
        db,
        "SELECT uidvalidity, last_uid FROM mail_state WHERE account = ? AND folder = ?",
        (account, folder),
    )


@dataclass(frozen=True)
class Checkpoint:
    account: str
    folder: str
    uidvalidity: int
    last_uid: int


def move_checkpoint(db: Database, mark: Checkpoint) -> None:
    """The high-water mark never goes back within one UIDVALIDITY; a new one restarts it."""
    db.execute(
        "INSERT INTO mail_state (account, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
        "last_uid = max(CASE WHEN mail_state.uidvalidity = excluded.uidvalidity "
        "THEN mail_state.last_uid ELSE 0 END, excluded.last_uid)",
        (mark.account, mark.folder, mark.uidvalidity, mark.last_uid),
    )
