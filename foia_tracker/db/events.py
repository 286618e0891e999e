"""SQL of the ``events`` table: a request's timeline (ARCHITECTURE.md "Data model")."""

from __future__ import annotations

import json

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows


def insert_event(db: Database, request_id: int, event: dict) -> int:
    """Append ``event`` (at, type, actor, message_row, detail) and return its id."""
    cursor = db.execute(
        "INSERT INTO events (request_id, at, type, actor, message_row, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            request_id,
            event["at"],
            event["type"],
            event["actor"],
            event.get("message_row"),
            json.dumps(event.get("detail") or {}, default=str),
        ),
    )
    return cursor.lastrowid


def has_message_event(db: Database, request_id: int, message_row: int, type_: str) -> bool:
    found = row(
        db,
        "SELECT 1 AS x FROM events WHERE request_id = ? AND message_row = ? AND type = ?",
        (request_id, message_row, type_),
    )
    return found is not None


def timeline(db: Database, request_id: int, types: tuple[str, ...] = ()) -> list[dict]:
    """The request's events in time order (all, or only ``types``), detail decoded."""
    sql = "SELECT id, at, type, actor, message_row, detail FROM events WHERE request_id = ?"
    params: list = [request_id]
    if types:
        sql += f" AND type IN ({', '.join('?' for _ in types)})"
        params += list(types)
    found = rows(db, sql + " ORDER BY at, id", tuple(params))
    for event in found:
        event["detail"] = json.loads(event["detail"] or "{}")
    return found


def latest_event(db: Database, request_id: int, types: tuple[str, ...]) -> dict | None:
    """The most recent event of one of ``types``, detail decoded."""
    found = row(
        db,
        f"SELECT id, at, type, actor, message_row, detail FROM events WHERE request_id = ? "
        f"AND type IN ({', '.join('?' for _ in types)}) ORDER BY at DESC, id DESC LIMIT 1",
        (request_id, *types),
    )
    if found:
        found["detail"] = json.loads(found["detail"] or "{}")
    return found
