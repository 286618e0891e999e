"""`foia agencies import`: read a directory file, check each row, merge it into the stored one.

Every bad cell is reported with its line number and what was done about it; good rows are kept
(``strict``: all or nothing); ``dry_run`` says what would change and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.db import agencies as stored
from foia_tracker.db import transaction
from foia_tracker.directory.ccd import DEFAULT_LEA_TYPES, ccd_plan, lea_filter
from foia_tracker.directory.headers import ColumnPlan, parse_mapping, plan_columns, require
from foia_tracker.directory.merge import Change, Incoming, MergePlan, merge
from foia_tracker.directory.readers import Table, read_table
from foia_tracker.directory.validate import check_row, state_code
from foia_tracker.errors import UsageError

SOURCES = ("nces-ccd",)


@dataclass(frozen=True)
class ImportOptions:
    state: str | None = None  # only rows of this state; also the state of rows that name none
    strict: bool = False
    mapping: tuple[str, ...] = ()  # "FIELD=COLUMN" items
    source: str | None = None  # "nces-ccd"
    sheet: str | None = None
    dry_run: bool = False
    lea_types: tuple[int, ...] = DEFAULT_LEA_TYPES


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_other_state: int = 0
    skipped: Counter = field(default_factory=Counter)  # CCD: why LEAs were left out
    problems: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # dry run: the agencies that would be new
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def import_agencies(
    db: Database,
    path: Path,
    *,
    now: datetime,
    state: str | None = None,
    strict: bool = False,
    options: ImportOptions | None = None,
) -> ImportResult:
    options = options or ImportOptions(state=state, strict=strict)
    default_state = _state_option(options.state)
    if options.source not in (None, *SOURCES):
        raise UsageError(f"Unknown --source {options.source!r}; known: {', '.join(SOURCES)}.")
    table = read_table(path, options.sheet)
    plan = _plan(table, options, default_state)
    result = ImportResult(notes=list(table.notes))
    if table.header_line > 1:
        result.notes.append(
            (table.header_line, "the header is on this line; lines above it were skipped")
        )
    incoming = _incoming(table, plan, options, default_state, result)
    provides = plan.provides() | ({"kind"} if options.source else set())
    with transaction(db):  # the write lock first, so what we compare with cannot change
        merged = merge(
            stored.all_agencies(db),
            incoming,
            provides,
            first_id=stored.next_agency_id(db),
            now=now.isoformat(),
        )
        _tally(result, merged)
        if options.dry_run or (options.strict and result.problems):
            return result
        stored.insert_agencies(db, merged.inserts)
        for agency_id, changes in merged.updates:
            stored.update_agency(db, agency_id, changes)
        stored.add_addresses(db, merged.addresses, "import")
        result.written = True
    return result


def _state_option(state: str | None) -> str | None:
    if not state:
        return None
    code = state_code(state)
    if not code:
        raise UsageError(f"Unknown state code {state!r}; use a two-letter code such as CT.")
    return code


def _plan(table: Table, options: ImportOptions, default_state: str | None) -> ColumnPlan:
    if options.source == "nces-ccd":
        if options.mapping:
            raise UsageError(
                "--map does not combine with --source nces-ccd (its columns are known)."
            )
        return ccd_plan(table.header)
    plan = plan_columns(table.header, parse_mapping(options.mapping))
    require(plan, default_state)
    return plan


def _incoming(
    table: Table,
    plan: ColumnPlan,
    options: ImportOptions,
    default_state: str | None,
    result: ImportResult,
) -> list[Incoming]:
    rows: list[Incoming] = []
    for record in table.records:
        kind = ""
        if record.error:
            result.problems.append((record.line, record.error))
            continue
        if not any(c.strip() for c in record.cells):
            continue
        if options.source:
            why, kind = lea_filter(record.cells, plan, options.lea_types)
            if why:
                result.skipped[why] += 1
                continue
        checked = check_row(record.cells, plan, default_state)
        result.problems += [(record.line, p) for p in checked.problems]
        if checked.fatal:
            continue
        if options.source and kind:
            checked.values["kind"] = kind
        if default_state and checked.values["state"] not in ("", default_state):
            result.skipped_other_state += 1
            continue
        rows.append(
            Incoming(
                record.line,
                checked.values,
                checked.extra,
                checked.additional_emails,
                checked.bad_email,
            )
        )
    return rows


def _tally(result: ImportResult, merged: MergePlan) -> None:
    result.inserted = len(merged.inserts)
    result.updated = len(merged.updates)
    result.unchanged = merged.unchanged
    result.changes = merged.changes
    result.added = [f"{a['name']} ({a['state']})" for a in merged.inserts]
    result.problems = sorted(result.problems + merged.problems)
    result.notes = sorted(result.notes + merged.notes)
