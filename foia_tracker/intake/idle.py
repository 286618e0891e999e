"""Is there anything for ``foia poll`` to do? A read-only look before the real poll.

Most polls find nothing: a cron job every ten minutes, six months long. This look answers from
the folder checkpoints and the server's SELECT answers alone (RFC 3501 section 2.3.1.1: UIDNEXT
is the UID the next message will get), on a read-only SQLite connection, without the store's
lock, the filing side or sqlite-utils (about a third of the start-up of an idle poll,
docs/benchmarks.md). It says "idle" only when the full poll would do nothing either:

- the database exists, is private, and has every migration applied;
- no sent letter waits for its booking and no document for its text (a killed run's leftovers);
- every polled folder, and the Sent folder when ``track_sent`` reads it, has the UIDVALIDITY
  of its checkpoint and no UID above it.

Anything else, any error included, is "not idle": the full poll runs and meets it with its own
messages. The look takes no lock: a poll while another command holds the store answers "idle"
at once when nothing is new, where the full poll would wait for the lock and fail. Whatever the
other command leaves owed (bookings, documents) makes the next look "not idle". A failed login is the one error raised here, as the full poll would raise it. When the
look ends "not idle" with its connection sound, the poll goes on on that connection (no second
login).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from foia_tracker.config import Config
from foia_tracker.db import checkpoints, extraction
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import sent as sent_db
from foia_tracker.db.connection import loose_files
from foia_tracker.intake.poll import since_date
from foia_tracker.mail import fetch, imap

# The last migration (foia_tracker/db/migrations*.py). A database without it is migrated by
# the full poll; tests/integration/test_poll_idle.py fails when a new migration is not named here.
LATEST_MIGRATION = "m021_outbox_bodies"


@dataclass
class Look:
    idle: bool
    client: object | None = None  # logged in, for the poll to go on with (when not idle)


def idle(config: Config) -> bool:
    """True when a poll now would fetch, file, book and index nothing (see the module)."""
    found = look(config)
    if found.client is not None:
        fetch.logout(found.client)
    return found.idle


def look(config: Config) -> Look:
    """Idle or not; when not, the open connection, if the look got that far without error."""
    since_date(config.imap.since)  # a mistyped imap.since fails every poll, idle or not
    path = Path(config.store.database)
    try:
        mode = path.stat()
    except OSError:
        return Look(False)  # no database yet: the full poll makes one (or says it is lost)
    if mode.st_size == 0 or loose_files(path):
        return Look(False)  # empty, or copied in with looser permissions the poll tightens
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            if not _settled(db):
                return Look(False)
            client = imap.connect(config.imap)  # a refused login raises, as in the full poll
            try:
                unchanged = _folders_unchanged(client, db, config)
            except BaseException:
                imap.close_quietly(client)
                raise
    except (sqlite3.Error, *fetch.IMAP_ERRORS, OSError, EOFError):
        return Look(False)
    if unchanged:
        fetch.logout(client)
        return Look(True)
    return Look(False, client)


def _settled(db: sqlite3.Connection) -> bool:
    migrated = checkpoints.has_migration(db, LATEST_MIGRATION)
    return migrated and not outbox_db.has_unbooked(db) and not extraction.count_pending(db)


def _folders_unchanged(client, db: sqlite3.Connection, config: Config) -> bool:
    account = imap.account_key(config.imap)
    folders = imap.resolve_folders(client, config.imap)
    if not all(_unchanged(client, db, account, folder) for folder in folders):
        return False
    if not config.imap.track_sent or sent_db.first_letter_date(db) is None:
        return True  # intake/sent.py reads nothing from Sent before the first letter
    folder = imap.sent_folder(client, config.imap)
    return folder is None or folder in folders or _unchanged(client, db, account, folder)


def _unchanged(client, db: sqlite3.Connection, account: str, folder: str) -> bool:
    info = client.select_folder(folder, readonly=True)
    state = checkpoints.mail_state(db, account, folder)
    return (
        state is not None
        and state["uidvalidity"] == int(info[b"UIDVALIDITY"])
        and fetch.nothing_new(info, state["last_uid"])
    )
