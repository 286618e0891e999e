"""``foia status --format json``: the status rows as JSON text, SQLite writing the stored fields
and Python only the computed ones (overdue, days_overdue, next_action), once for all the rows
alike in what those read. Byte for byte the text of ``outputs.listing.json_value_chunks`` of
``requests.status.iter_status_values`` (tests/test_status_json.py), which it falls back to
where SQLite writes JSON strings differently from Python."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date

from sqlite_utils import Database

from foia_tracker.db import status_view as view_rows
from foia_tracker.law.jurisdictions import Jurisdiction
from foia_tracker.outputs.listing import json_member_chunks, json_value_chunks
from foia_tracker.requests.status import (
    STATUS_FIELDS,
    StatusFilter,
    computed_fields,
    iter_status_values,
)

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _marked(key: str) -> str:
    """A computed field's key as a member after another: marked as SQLite's are."""
    return "," + _COMPACT.encode("\t" + key + "\t") + ":"


_OVERDUE, _DAYS, _ACTION = map(_marked, ("overdue", "days_overdue", "next_action"))


def status_json_chunks(
    db: Database, today: date, filters: StatusFilter, fast: bool | None = None
) -> Iterator[str]:
    """The JSON list of the status rows (``STATUS_FIELDS``, indent=2), a batch of rows a chunk.
    ``fast`` forces a path (None: SQLite's text where it is Python's, tests force either)."""
    if fast is None:
        fast = view_rows.json_text_is_pythons(db)
    if not fast:
        return json_value_chunks(iter_status_values(db, today, filters), STATUS_FIELDS)
    return json_member_chunks(_member_rows(db, today, filters))


def _member_rows(db: Database, today: date, filters: StatusFilter) -> Iterator[str]:
    """Each row's compact JSON members: SQLite's before and after the computed ones (its
    objects' text between the braces: the first character after "{" is always a key's quote,
    the last before "}" a scalar's end, so ``[1:-1]`` is exact)."""
    places: dict[str, Jurisdiction] = {}
    computed: dict[str, tuple] = {}
    overdue_only = filters.overdue
    for head, tail, inputs in view_rows.status_json_records(db, asdict(filters)):
        done = computed.get(inputs)
        if done is None:
            done = computed[inputs] = _computed_members(computed_fields(inputs, today, places))
        if done[0] or not overdue_only:
            yield f"{head[1:-1]}{done[1]}{tail[1:-1]}{done[2]}"


def _computed_members(fields: tuple) -> tuple[bool, str, str]:
    """(overdue, its members and days_overdue's between the stored ones, next_action's), with
    keys marked as the stored ones are (``db.status_view.status_json_records``)."""
    overdue, days, action = map(_COMPACT.encode, fields)
    return fields[0], f"{_OVERDUE}{overdue}{_DAYS}{days},", f"{_ACTION}{action}"
