"""Opening the database and the units of work on it.

Only the db/ package knows the schema and holds SQL; the rest of the library asks it questions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from foia_tracker import lazy
from foia_tracker.store import ensure_private_dir

if TYPE_CHECKING:
    from sqlite_utils import Database

# Settings keys (what `foia check` learned).
PROVIDER_FILES_SENT = "provider_files_sent_copy"  # "yes" | "no"
AUTHSERV_ID = "authserv_id"  # whose Authentication-Results to trust
SQLITE_UTILS = "sqlite_utils:Database"
MIGRATIONS = "foia_tracker.db.migrations:migrations"


def get_setting(db: Database, key: str) -> str | None:
    found = row(db, "SELECT value FROM settings WHERE key = ?", (key,))
    return found["value"] if found else None


def set_setting(db: Database, key: str, value: str, at: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, value, at),
    )


def open_db(path: str | os.PathLike, *, migrate: bool = True) -> Database:
    """Open (creating if needed, private to the user) and migrate the database."""
    path = Path(path)
    new = not path.exists()
    if new:
        ensure_private_dir(path.parent)
        # Create the file 0600 before SQLite does: it may hold records about children.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    # No sqlite-utils plugins on our connection: none is ours, and looking for them imports
    # importlib.metadata and scans every installed package (~40 ms of each command's start-up).
    # sqlite-utils and the migrations are imported here, not at the top: the helpers below also
    # serve intake/idle.py's read-only connection, and an idle poll pays for neither.
    database, migrations = lazy.load(SQLITE_UTILS), lazy.load(MIGRATIONS)
    db = database(path, execute_plugins=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA synchronous = FULL")
    # Savepoints' statement journals in memory, not in files under /var/tmp: those hold copies
    # of the database's pages (children's records) outside the workspace, and writing them cost
    # a poll 17 page writes a message (strace: 35,000 of its 77,000 pwrite calls for 2,000).
    db.execute("PRAGMA temp_store = MEMORY")
    if migrate:
        migrations.apply(db)
    for file in loose_files(path):  # also a database copied in with looser permissions
        os.chmod(file, 0o600)
    return db


def loose_files(path: str | os.PathLike) -> list[Path]:
    """The database and its WAL files (``-wal``, ``-shm``) that exist and are not 0600."""
    files = (Path(str(path) + name) for name in ("", "-wal", "-shm"))
    return [f for f in files if f.exists() and f.stat().st_mode & 0o777 != 0o600]


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One atomic unit of work. The outermost takes the write lock at once (BEGIN IMMEDIATE), so
    two processes never deadlock upgrading a read to a write; inner ones are savepoints."""
    if db.conn.in_transaction:
        with _savepoint(db):
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


@contextmanager
def _savepoint(db: Database) -> Iterator[None]:
    # Every savepoint has the one name: SQLite's RELEASE and ROLLBACK TO act on the innermost
    # of that name (https://sqlite.org/lang_savepoint.html), so nesting works as before, and
    # the statements stay prepared in the connection's cache. sqlite-utils' atomic() names each
    # savepoint afresh (SQL compiled anew, twice a filed message).
    db.conn.execute("SAVEPOINT foia")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:  # a RAISE(ROLLBACK) trigger has already ended it all
            db.conn.execute("ROLLBACK TO foia")
            db.conn.execute("RELEASE foia")
        raise
    db.conn.execute("RELEASE foia")


def row(db: Database, sql: str, params: tuple | dict = ()) -> dict | None:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    return dict(zip(columns, found, strict=True)) if found else None


def rows(db: Database, sql: str, params: tuple | dict = ()) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
