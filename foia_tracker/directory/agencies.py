"""The agency directory: import a CSV (one row per district), validate, upsert, list.

Upserts key on (state, external_id) or (state, normalised name) — never on email, because one
records office often answers for several districts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.db import rows, transaction
from foia_tracker.errors import UsageError
from foia_tracker.law.codes import STATE_CODES

KNOWN_COLUMNS = (
    "name",
    "state",
    "email",
    "external_id",
    "contact_name",
    "address",
    "phone",
    "portal_url",
    "kind",
    "delivery",
)
DELIVERY = ("email", "portal", "mail", "fax", "none")
# A deliberately plain addr-spec check (RFC 5322 dot-atom local part, a dotted domain): enough to
# catch typos and pasted names without rejecting real district addresses.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
# CR/LF would let a value inject mail headers; other C0 controls and DEL have no business here.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    skipped_other_state: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AgencyRow:
    line: int
    values: dict[str, str]
    extra: dict[str, str]
    additional_emails: tuple[str, ...]


def normalise_name(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold().replace("&", " and ")).split())


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel exports it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(
    text: str, default_state: str | None
) -> tuple[list[AgencyRow], list[tuple[int, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError(
            "The CSV file is empty; it needs a header row with name and state."
        ) from None
    columns = [h.strip().lower() for h in header]
    missing = [
        c for c in ("name", "state") if c not in columns and not (c == "state" and default_state)
    ]
    if missing:
        raise UsageError(
            f"The CSV header has no {' or '.join(missing)} column; found: {', '.join(columns)}."
        )
    good: list[AgencyRow] = []
    problems: list[tuple[int, str]] = []
    line = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            parsed = _parse_record(line, columns, record, default_state)
            if isinstance(parsed, AgencyRow):
                good.append(parsed)
            else:
                problems.append((line, parsed))
        line = reader.line_num + 1
    return good, problems


def _parse_record(
    line: int, columns: list[str], record: list[str], default_state: str | None
) -> AgencyRow | str:
    if len(record) > len(columns):
        return f"{len(record)} values but the header has {len(columns)} columns"
    cells = dict(zip(columns, (c.strip() for c in record), strict=False))
    for column, value in cells.items():
        if _CONTROL.search(value):
            return f"{column} contains a line break or control character"
    values = {c: cells.get(c, "") for c in KNOWN_COLUMNS}
    values["state"] = (values["state"] or default_state or "").upper()
    if not values["name"]:
        return "name is empty"
    if values["state"] not in STATE_CODES:
        return f"unknown state code {values['state']!r}"
    emails = [e.strip() for e in re.split(r"[;,\s]+", values["email"]) if e.strip()]
    for email in emails:
        if not _EMAIL.match(email):
            return f"invalid email {email!r}"
    values["email"] = emails[0].lower() if emails else ""
    delivery = values["delivery"].lower() or ("email" if emails else "none")
    if delivery not in DELIVERY:
        return f"delivery must be one of {', '.join(DELIVERY)}, not {values['delivery']!r}"
    if delivery == "email" and not emails:
        return "delivery is email but there is no email address"
    values["delivery"] = delivery
    extra = {c: v for c, v in cells.items() if c not in KNOWN_COLUMNS and c}
    return AgencyRow(line, values, extra, tuple(e.lower() for e in emails[1:]))


def import_agencies(
    db: Database, path: Path, *, state: str | None = None, strict: bool = False, now: datetime
) -> ImportResult:
    state = state.upper() if state else None
    if state and state not in STATE_CODES:
        raise UsageError(f"Unknown state code {state!r}; use a two-letter code such as CT.")
    good, problems = read_rows(decode_csv(path.read_bytes()), state)
    result = ImportResult(problems=problems)
    good = _drop_duplicates(good, result)
    if state:
        kept = [r for r in good if r.values["state"] == state]
        result.skipped_other_state = len(good) - len(kept)
        good = kept
    result.problems.sort()
    if strict and result.problems:
        return result
    with transaction(db):
        existing = _existing_keys(db)
        for agency in good:
            try:
                with db.atomic():  # a savepoint: one row's conflict never undoes the others
                    _upsert(db, agency, existing, now, result)
            except sqlite3.IntegrityError:
                result.problems.append((agency.line, "conflicts with another agency's name or id"))
    result.problems.sort()
    return result


def _drop_duplicates(good: list[AgencyRow], result: ImportResult) -> list[AgencyRow]:
    seen: dict[tuple, int] = {}
    kept = []
    for agency in good:
        key = _key(agency.values)
        if key in seen:
            result.problems.append((agency.line, f"duplicate of line {seen[key]}"))
            continue
        seen[key] = agency.line
        kept.append(agency)
    return kept


def _key(values: dict[str, str]) -> tuple:
    if values["external_id"]:
        return (values["state"], "id", values["external_id"])
    return (values["state"], "name", normalise_name(values["name"]))


def _existing_keys(db: Database) -> dict[tuple, int]:
    keys: dict[tuple, int] = {}
    for agency in rows(db, "SELECT id, state, external_id, name_key FROM agencies"):
        if agency["external_id"]:
            keys[(agency["state"], "id", agency["external_id"])] = agency["id"]
        keys[(agency["state"], "name", agency["name_key"])] = agency["id"]
    return keys


def _upsert(
    db: Database, agency: AgencyRow, existing: dict[tuple, int], now: datetime, result: ImportResult
) -> None:
    values = dict(agency.values)
    values["external_id"] = values["external_id"] or None
    values["name_key"] = normalise_name(values["name"])
    values["extra"] = json.dumps(agency.extra, ensure_ascii=False)
    values["updated_at"] = now.isoformat()
    key = _key(agency.values)
    agency_id = existing.get(key) or existing.get((values["state"], "name", values["name_key"]))
    if agency_id:
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        db.execute(f"UPDATE agencies SET {assignments} WHERE id = :id", values | {"id": agency_id})
        result.updated += 1
    else:
        values["created_at"] = values["updated_at"]
        columns = ", ".join(values)
        placeholders = ", ".join(f":{c}" for c in values)
        agency_id = db.execute(
            f"INSERT INTO agencies ({columns}) VALUES ({placeholders})", values
        ).lastrowid
        existing[key] = agency_id
        result.inserted += 1
    for address in (values["email"], *agency.additional_emails):
        if address:
            db.execute(
                "INSERT OR IGNORE INTO agency_addresses (agency_id, address, source) "
                "VALUES (?, ?, 'import')",
                (agency_id, address),
            )


AGENCY_COLUMNS = (
    "id",
    "external_id",
    "name",
    "state",
    "email",
    "email_status",
    "delivery",
    "contact_name",
    "phone",
    "kind",
)


def list_agencies(
    db: Database, *, state: str | None = None, no_email: bool = False, bounced: bool = False
) -> list[dict]:
    where, params = ["1 = 1"], []
    if state:
        where.append("state = ?")
        params.append(state.upper())
    if no_email:
        where.append("email = ''")
    if bounced:
        where.append("email_status = 'bounced'")
    found = rows(
        db,
        f"SELECT * FROM agencies WHERE {' AND '.join(where)} ORDER BY state, name",
        tuple(params),
    )
    for agency in found:
        agency["extra"] = json.loads(agency["extra"])
        del agency["name_key"]
    return found


def find_agency(db: Database, ident: str) -> dict | None:
    """An agency by internal id or external_id."""
    found = rows(db, "SELECT * FROM agencies WHERE external_id = ?", (ident,))
    if not found and ident.isdigit():
        found = rows(db, "SELECT * FROM agencies WHERE id = ?", (int(ident),))
    if len(found) > 1:
        raise UsageError(f"External id {ident!r} is used in several states; use the internal id.")
    return found[0] if found else None


def mark_address_bounced(db: Database, agency_id: int, address: str) -> None:
    """The agency's letter address bounced. Only when the bounced address is still the one
    letters go to: a bounce of an old address, or of a colleague's, says nothing about it."""
    db.execute(
        "UPDATE agencies SET email_status = 'bounced' WHERE id = ? AND lower(email) = lower(?)",
        (agency_id, address),
    )
