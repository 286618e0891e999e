"""Every SQL statement about the `agencies` and `agency_addresses` tables."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows


@dataclass(frozen=True)
class AgencyFilter:
    state: str | None = None
    no_email: bool = False
    bounced: bool = False
    delivery: str | None = None
    search: str | None = None


def all_agencies(db: Database) -> list[dict]:
    """Every stored agency, every column, `extra` as stored (JSON text)."""
    return rows(db, "SELECT * FROM agencies ORDER BY id")


def next_agency_id(db: Database) -> int:
    return row(db, "SELECT coalesce(max(id), 0) + 1 AS next FROM agencies")["next"]


def insert_agencies(db: Database, records: list[dict]) -> None:
    """New agencies; each record carries its id (taken inside the same write transaction) and
    the columns of the first. One prepared statement for them all: sqlite-utils' insert_all
    spent more time building its statements and checking each value than SQLite spent
    inserting (13,300 agencies at launch)."""
    if records:
        columns = records[0].keys()
        if any(r.keys() != columns for r in records):
            raise ValueError("agency records to insert must all have the same columns")
        db.conn.executemany(
            f"INSERT INTO agencies ({', '.join(f'[{c}]' for c in columns)}) "
            f"VALUES ({', '.join(f':{c}' for c in columns)})",
            records,
        )


def update_agency(db: Database, agency_id: int, changes: dict) -> None:
    if changes:
        assignments = ", ".join(f"[{column}] = ?" for column in changes)
        db.execute(
            f"UPDATE agencies SET {assignments} WHERE id = ?", (*changes.values(), agency_id)
        )


def add_addresses(db: Database, pairs: list[tuple[int, str]], source: str) -> None:
    """Other addresses known to answer for an agency (`source`: import, learned or user)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO agency_addresses (agency_id, address, source) VALUES (?, ?, ?)",
        [(agency_id, address, source) for agency_id, address in pairs],
    )


def agency_by_id(db: Database, agency_id: int) -> dict | None:
    return row(db, "SELECT * FROM agencies WHERE id = ?", (agency_id,))


def agencies_by_external_id(db: Database, external_id: str) -> list[dict]:
    return rows(db, "SELECT * FROM agencies WHERE external_id = ?", (external_id,))


def find_agencies(db: Database, wanted: AgencyFilter) -> list[dict]:
    """Agencies matching ``wanted``, by state and name, `extra` decoded."""
    where, params = ["1 = 1"], []
    if wanted.state:
        where.append("state = ?")
        params.append(wanted.state.upper())
    if wanted.no_email:
        where.append("email = ''")
    if wanted.bounced:
        where.append("email_status = 'bounced'")
    if wanted.delivery:
        where.append("delivery = ?")
        params.append(wanted.delivery)
    if wanted.search:
        pattern = "%" + wanted.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern += "%"
        columns = ("name", "external_id", "email", "contact_name", "address")
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
        params.extend([pattern] * len(columns))
    found = rows(
        db,
        f"SELECT * FROM agencies WHERE {' AND '.join(where)} ORDER BY state, name",
        tuple(params),
    )
    for agency in found:
        agency["extra"] = json.loads(agency["extra"])
        del agency["name_key"]
    return found


def mark_address_bounced(db: Database, agency_id: int, address: str) -> None:
    """The agency's letter address bounced. Only when the bounced address is still the one
    letters go to: a bounce of an old address, or of a colleague's, says nothing about it."""
    db.execute(
        "UPDATE agencies SET email_status = 'bounced' WHERE id = ? AND lower(email) = lower(?)",
        (agency_id, address),
    )
