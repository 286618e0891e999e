"""Every SQL statement about campaigns and the creation of their requests."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows
from foia_tracker.errors import NotFound


def campaign_by_name(db: Database, name: str) -> dict | None:
    return row(db, "SELECT * FROM campaigns WHERE name = ?", (name,))


def insert_campaign(db: Database, values: Mapping) -> int:
    return db.execute(
        "INSERT INTO campaigns (name, template, subject, vars, created_at) "
        "VALUES (:name, :template, :subject, :vars, :created_at)",
        dict(values),
    ).lastrowid


_INSERT_REQUEST = (
    "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, "
    "to_addr, subject, letter, law_version, created_at) VALUES (:ref, :token, :campaign_id, "
    ":agency_id, :jurisdiction, :status, :to_addr, :subject, :letter, :law_version, "
    ":created_at)"
)


def insert_requests(db: Database, values: list[Mapping]) -> dict[str, int]:
    """Request rows (status, letter and ref included), in the order given, with one prepared
    statement; {ref: id} of the new rows. The caller holds the transaction."""
    db.conn.executemany(_INSERT_REQUEST, values)
    found = db.execute(
        "SELECT ref, id FROM requests WHERE ref IN (SELECT value FROM json_each(?))",
        (json.dumps([v["ref"] for v in values]),),
    ).fetchall()
    return dict(found)


def last_ref_numbers(db: Database) -> dict[str, int]:
    # Refs are numbered per state across all campaigns, so "CT-0042" names one request forever.
    found = rows(
        db,
        "SELECT substr(ref, 1, 2) AS state, MAX(CAST(substr(ref, 4) AS INTEGER)) AS n "
        "FROM requests GROUP BY substr(ref, 1, 2)",
    )
    return {r["state"]: r["n"] for r in found}


def all_tokens(db: Database) -> set[str]:
    return {r["token"] for r in rows(db, "SELECT token FROM requests")}


def agencies_in(db: Database, states: tuple[str, ...] | None) -> list[dict]:
    """Agencies of these states (all when None), with ``extra`` decoded."""
    if states is None:
        found = rows(db, "SELECT * FROM agencies")
    else:
        marks = ", ".join("?" for _ in states)
        found = rows(db, f"SELECT * FROM agencies WHERE state IN ({marks})", tuple(states))
    for agency in found:
        agency["extra"] = json.loads(agency["extra"] or "{}")
    return found


def agency_ids_in_campaign(db: Database, campaign_id: int) -> set[int]:
    found = rows(db, "SELECT agency_id FROM requests WHERE campaign_id = ?", (campaign_id,))
    return {r["agency_id"] for r in found}


# Letters the outbox will still try: the one definition of "unsent" (campaign list, rerender).
UNSENT_SQL = (
    "(o.state IN ('pending', 'sending', 'uncertain') "
    "OR (o.state = 'failed' AND o.failure = 'build'))"
)


def campaign_rows(db: Database) -> list[dict]:
    """Campaigns with their requests and how many first letters wait in the outbox."""
    return rows(
        db,
        "SELECT c.id, c.name, c.template, c.created_at, COUNT(r.id) AS requests, "
        "(SELECT COUNT(*) FROM outbox o JOIN requests q ON q.id = o.request_id "
        f" WHERE q.campaign_id = c.id AND o.kind = 'request' AND {UNSENT_SQL}) AS unsent "
        "FROM campaigns c LEFT JOIN requests r ON r.campaign_id = c.id "
        "GROUP BY c.id ORDER BY c.created_at, c.id",
    )


def status_counts(db: Database) -> list[dict]:
    return rows(
        db,
        "SELECT campaign_id, status, COUNT(*) AS n FROM requests "
        "GROUP BY campaign_id, status ORDER BY campaign_id, status",
    )


def preview_rows(db: Database, campaign_id: int, ref: str | None, limit: int | None) -> list[dict]:
    """Each request with its agency and its latest first letter in the outbox (if emailed)."""
    where, params = "r.campaign_id = ?", [campaign_id]
    if ref:
        where += " AND r.ref = ?"
        params.append(ref)
    sql = (
        "SELECT r.id AS request_id, r.ref, r.token, r.status, r.subject AS request_subject, "
        "r.to_addr AS request_to, r.letter, r.agency_id, r.jurisdiction, "
        "a.name AS agency, a.state, a.email, a.delivery, a.email_status, "
        "o.id AS outbox_id, o.message_id, b.body, o.subject, o.to_addr, o.in_reply_to, o.state "
        "AS outbox_state, o.failure FROM requests r JOIN agencies a ON a.id = r.agency_id "
        "LEFT JOIN outbox o ON o.id = (SELECT max(id) FROM outbox x WHERE x.request_id = r.id "
        "AND x.kind = 'request') LEFT JOIN outbox_bodies b ON b.outbox_id = o.id "
        f"WHERE {where} ORDER BY r.ref"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return rows(db, sql, tuple(params))


def campaign_of_request(db: Database, request_id: int) -> dict:
    return row(
        db,
        "SELECT c.* FROM campaigns c JOIN requests r ON r.campaign_id = c.id WHERE r.id = ?",
        (request_id,),
    )


def update_unsent_letter(
    db: Database, request_id: int, outbox_id: int | None, letter: dict
) -> None:
    """``campaign rerender``: the request's letter and its unsent outbox row get new text."""
    db.execute(
        "UPDATE requests SET subject = ?, letter = ?, to_addr = ? WHERE id = ? AND status = 'queued'",
        (letter["subject"], letter["body"], letter["to_addr"], request_id),
    )
    if outbox_id is not None:
        # (the text first: the row's state, which says whether it may change, is read there)
        db.execute(
            "UPDATE outbox_bodies SET body = ? WHERE outbox_id = ? AND EXISTS (SELECT 1 FROM "
            "outbox WHERE id = ? AND state IN ('pending', 'failed'))",
            (letter["body"], outbox_id, outbox_id),
        )
        db.execute(
            "UPDATE outbox SET subject = ?, to_addr = ?, "
            "state = CASE WHEN state = 'failed' THEN 'pending' ELSE state END, failure = NULL "
            "WHERE id = ? AND state IN ('pending', 'failed')",
            (letter["subject"], letter["to_addr"], outbox_id),
        )


def campaign_id(db: Database, name: str) -> int:
    """The id of the campaign called ``name``; a clear error when there is none."""
    campaign = campaign_by_name(db, name)
    if campaign is None:
        raise NotFound(f"No campaign named {name!r}; see foia campaign list.")
    return campaign["id"]
