"""Every SQL statement about the outbox: queueing, claiming, settling, limits and Sent copies.

An outbox row moves pending -> sending -> sent (or failed / uncertain); ``failure`` says why a
row failed ("recipient": the server refused the address; "build": the message could not be
built, nothing went out, so it is tried again), ``sent_copy`` whether its copy still has to be
filed in the Sent folder ("pending", "filed", "provider", "skipped").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from foia_tracker.db.connection import row, rows

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database

# A letter's text is kept apart from its row, which a send updates several times (m021).
_LETTER_SQL = """
SELECT o.*, b.body, r.ref, r.token, r.status AS request_status, r.jurisdiction, r.agency_id
FROM outbox o
JOIN outbox_bodies b ON b.outbox_id = o.id
JOIN requests r ON r.id = o.request_id
JOIN campaigns c ON c.id = r.campaign_id
"""
# Rows a run may send: waiting, unclear after a cut-off run, or failed before anything went out.
_SENDABLE_WHERE = (
    "(o.state IN ('pending', 'uncertain') OR (o.state = 'failed' AND o.failure = 'build'))"
)


_INSERT_LETTER = (
    "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, in_reply_to, "
    "reply_kind, state, created_at) VALUES (:request_id, :kind, :to_addr, :subject, "
    ":message_id, :in_reply_to, :reply_kind, 'pending', :created_at)"
)
_INSERT_BODY = "INSERT INTO outbox_bodies (outbox_id, body) VALUES (?, ?)"
# (Message-IDs are unique: the rows just inserted are found by theirs.)
_INSERT_BODIES = (
    "INSERT INTO outbox_bodies (outbox_id, body) SELECT id, ? FROM outbox WHERE message_id = ?"
)


def insert_letter(db: Database, values: dict) -> int:
    """One pending row (columns of ``outbox``, and its ``body``); the caller holds the
    transaction."""
    outbox_id = db.execute(_INSERT_LETTER, values).lastrowid
    db.execute(_INSERT_BODY, (outbox_id, values["body"]))
    return outbox_id


def insert_letters(db: Database, values: list[dict]) -> None:
    """Many pending rows, in the order given, with one prepared statement each for the rows
    and their bodies; the caller holds the transaction."""
    db.conn.executemany(_INSERT_LETTER, values)
    db.conn.executemany(_INSERT_BODIES, [(v["body"], v["message_id"]) for v in values])


def request_refs(db: Database, request_ids: list[int]) -> dict[int, str]:
    """{request id: ref} for those of ``request_ids`` that exist; one query however many."""
    found = db.execute(
        "SELECT id, ref FROM requests WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(request_ids),),
    ).fetchall()
    return dict(found)


def request_ref(db: Database, request_id: int) -> str | None:
    found = row(db, "SELECT ref FROM requests WHERE id = ?", (request_id,))
    return found["ref"] if found else None


def latest_message_id(db: Database) -> str | None:
    found = row(db, "SELECT message_id FROM outbox ORDER BY id DESC LIMIT 1")
    return found["message_id"] if found else None


def sendable_letters(
    db: Database, campaign: str | None, kinds: tuple[str, ...] | None = None
) -> list[dict]:
    """Letters a run may send, oldest first, with their request's ref, token and status."""
    found = rows(
        db,
        _LETTER_SQL + f"WHERE {_SENDABLE_WHERE} AND (:campaign IS NULL OR c.name = :campaign) "
        "ORDER BY o.id",
        {"campaign": campaign},
    )
    return [letter for letter in found if kinds is None or letter["kind"] in kinds]


def letters_in_state(db: Database, state: str) -> list[dict]:
    return rows(db, _LETTER_SQL + "WHERE o.state = ? ORDER BY o.id", (state,))


def claim_view(db: Database, outbox_id: int) -> dict | None:
    """What a send reads before it claims a row (its state, kind and its request's status), as
    they are now, inside the caller's transaction; the letter's text is not read again."""
    return row(
        db,
        "SELECT o.state, o.failure, o.kind, r.status AS request_status FROM outbox o "
        "JOIN requests r ON r.id = o.request_id WHERE o.id = ?",
        (outbox_id,),
    )


def mark_sending(db: Database, outbox_id: int, raw_sha256: str) -> None:
    db.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, raw_sha256 = ?, "
        "failure = NULL WHERE id = ?",
        (raw_sha256, outbox_id),
    )


def mark_sent(
    db: Database,
    outbox_id: int,
    reply: str,
    at: str,
    provider_id: str | None,
    copy: str,
    *,
    booked: bool = True,
) -> None:
    """The proof of sending. ``booked=False``: the request's bookkeeping of it is still owed
    (``unbooked_letters``; ``set_booked`` once it is done)."""
    db.execute(
        "UPDATE outbox SET state = 'sent', smtp_reply = ?, sent_at = ?, last_error = NULL, "
        "failure = NULL, sent_copy = ?, booked = ?, "
        "provider_message_id = COALESCE(?, provider_message_id) WHERE id = ?",
        (reply, at, copy, int(booked), provider_id, outbox_id),
    )


def unbooked_letters(db: Database) -> list[dict]:
    """Sent rows whose request has not yet been told (a run killed between the two)."""
    return rows(db, _LETTER_SQL + "WHERE o.booked = 0 AND o.state = 'sent' ORDER BY o.id")


def has_unbooked(db: Database) -> bool:
    return row(db, "SELECT 1 AS x FROM outbox WHERE booked = 0 LIMIT 1") is not None


def set_booked(db: Database, outbox_ids: list[int]) -> None:
    db.conn.executemany("UPDATE outbox SET booked = 1 WHERE id = ?", [(i,) for i in outbox_ids])


def record_request_sent(db: Database, request_id: int, to_addr: str, body: str, at: str) -> None:
    """The first letter went: what it said and when, which starts the clocks."""
    db.execute(
        "UPDATE requests SET letter = ?, sent_at = ?, to_addr = ? WHERE id = ?",
        (body, at, to_addr, request_id),
    )


def mark_failed(db: Database, outbox_id: int, error: str, failure: str) -> None:
    db.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?, failure = ? WHERE id = ?",
        (error[:500], failure, outbox_id),
    )


def set_state(db: Database, outbox_id: int, state: str, error: str) -> None:
    db.execute(
        "UPDATE outbox SET state = ?, last_error = ? WHERE id = ?", (state, error[:500], outbox_id)
    )


def state_of(db: Database, outbox_id: int) -> str | None:
    found = row(db, "SELECT state FROM outbox WHERE id = ?", (outbox_id,))
    return found["state"] if found else None


def set_provider_id(db: Database, outbox_id: int, provider_id: str) -> None:
    db.execute("UPDATE outbox SET provider_message_id = ? WHERE id = ?", (provider_id, outbox_id))


def set_sent_copy(db: Database, outbox_id: int, value: str) -> None:
    db.execute("UPDATE outbox SET sent_copy = ? WHERE id = ?", (value, outbox_id))


def copies_to_file(db: Database) -> list[dict]:
    """Sent letters whose Sent-folder copy is still owed (also those of a killed run)."""
    return rows(
        db,
        "SELECT o.*, b.body, r.ref FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id "
        "JOIN requests r ON r.id = o.request_id "
        "WHERE o.state = 'sent' AND o.sent_copy = 'pending' ORDER BY o.id",
    )


def own_message_ids(db: Database) -> set[str]:
    """Every Message-ID we wrote or the provider gave our letters, lower-cased."""
    known: set[str] = set()
    for found in rows(db, "SELECT message_id, provider_message_id FROM outbox"):
        known.update(v.strip().lower() for v in found.values() if v)
    return known


def earlier_first_letter(db: Database, outbox_id: int, request_id: int) -> dict | None:
    """The first letter this one repeats (``foia resend``), if any."""
    return row(
        db,
        "SELECT id, to_addr FROM outbox WHERE request_id = ? AND kind = 'request' AND id < ? "
        "ORDER BY id DESC LIMIT 1",
        (request_id, outbox_id),
    )


# --- the send loop's commits -----------------------------------------------------------------


def write_ahead_log(db: Database) -> Path | None:
    """The -wal file that holds ``db``'s commits until a checkpoint, when the database is a
    file in WAL mode (``open_db``); else None."""
    mode = row(db, "PRAGMA journal_mode")
    main = next((x for x in rows(db, "PRAGMA database_list") if x["name"] == "main"), None)
    if not mode or mode["journal_mode"].lower() != "wal" or not main or not main["file"]:
        return None
    return Path(main["file"] + "-wal")


@contextmanager
def commits_synced_by_caller(db: Database) -> Iterator[None]:
    """Commits inside the block are written to the -wal file but not fsynced by SQLite
    (synchronous = NORMAL: in WAL mode that never corrupts the database, it only lets a power
    cut take back the latest commits). The caller fsyncs the -wal file before anything relies
    on them. Only for a database in WAL mode (``write_ahead_log``)."""
    found = row(db, "PRAGMA synchronous")
    before = int(found["synchronous"]) if found else 2
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous = {before}")


# --- limits ----------------------------------------------------------------------------------


def sent_since(db: Database, since: str) -> int:
    found = row(
        db,
        "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL AND sent_at >= ?",
        (since,),
    )
    return found["n"] if found else 0


def nth_latest_sent_at(db: Database, since: str, offset: int) -> str | None:
    found = row(
        db,
        "SELECT sent_at FROM outbox WHERE sent_at >= ? ORDER BY sent_at DESC LIMIT 1 OFFSET ?",
        (since, offset),
    )
    return found["sent_at"] if found else None


# --- the thread (replies, resends) ---------------------------------------------------------


def first_letter(db: Database, request_id: int) -> dict | None:
    """The request's first letter as queued (its body still carries the send-date mark)."""
    return row(
        db,
        "SELECT o.*, b.body FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id "
        "WHERE o.request_id = ? AND o.kind = 'request' ORDER BY o.id LIMIT 1",
        (request_id,),
    )


def unsent_letters_of(db: Database, request_id: int, kind: str) -> list[dict]:
    """A request's letters of ``kind`` the outbox will still try (or may have sent)."""
    return rows(
        db,
        "SELECT id, state FROM outbox WHERE request_id = ? AND kind = ? AND (state IN "
        "('pending', 'sending', 'uncertain') OR (state = 'failed' AND failure = 'build'))",
        (request_id, kind),
    )


def retarget_letter(db: Database, outbox_id: int, to_addr: str) -> None:
    db.execute(
        "UPDATE outbox SET to_addr = ?, state = 'pending', failure = NULL WHERE id = ? "
        "AND state IN ('pending', 'failed')",
        (to_addr, outbox_id),
    )


def replace_agency_email(db: Database, agency_id: int, old: str, new: str) -> None:
    """``foia resend``: letters go to ``new`` now; ``old`` is kept, marked bounced."""
    if old and old.lower() != new.lower():
        db.execute(
            "INSERT INTO agency_addresses (agency_id, address, source, email_status) "
            "VALUES (?, ?, 'user', 'bounced') ON CONFLICT (agency_id, address) "
            "DO UPDATE SET email_status = 'bounced'",
            (agency_id, old),
        )
    db.execute("UPDATE agencies SET email = ?, email_status = 'ok' WHERE id = ?", (new, agency_id))
    db.execute(
        "DELETE FROM agency_addresses WHERE agency_id = ? AND lower(address) = lower(?) "
        "AND email_status = 'bounced'",
        (agency_id, new),
    )


def set_request_address(db: Database, request_id: int, to_addr: str) -> None:
    db.execute("UPDATE requests SET to_addr = ? WHERE id = ?", (to_addr, request_id))
