"""`foia status --format json` takes the stored fields as JSON text from SQLite and lays the
compact members out as indent=2 (outputs/listing.json_member_chunks): the same bytes as the
portable path (Python encoding every value), for awkward text, every filter and every form."""

import json
import random
import sqlite3
from datetime import date

import pytest

from foia_tracker.cli.output import render_rows
from foia_tracker.db import open_db
from foia_tracker.db.status_view import json_text_is_pythons
from foia_tracker.outputs.listing import json_member_chunks
from foia_tracker.requests.status import STATUS_FIELDS, StatusFilter, status_rows
from foia_tracker.requests.status_json import status_json_chunks

from .test_status_paths import _seed_events_and_links, _seed_mail, _seed_world

# Text that looks like the layout's marks: a colon first or after a quote, a comma last or
# before a quote, a TAB (written "\t") or a backslash and a t next to a quote, a backslash last,
# braces and the row break itself, control characters and the code points encoders treat apart.
AWKWARD = [
    'Board of "Education": Records',
    'a,"b":"c"',
    '\\":',
    ":starts with a colon",
    "ends with a comma,",
    '\t":\t",\t\\t":,"\\t',
    "\tTAB first and last\t",
    "ends with a backslash \\",
    '\\\\":\\"',
    '},{\n  },\n  {\n    "ref": ',
    "tab\t nul\x00 escape\x1b del\x7f c1\x85",
    "ünïcödé ✓ 名前 \u2028 \u2029 \ufeff \U0001f600",
    "",
    ' : , " ',
]
EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_the_probe_says_whether_sqlite_writes_every_string_as_python():
    """The fast path is taken on the probe's word; the probe's few characters must answer for
    all of them (here, on the SQLite this Python has: 3.40 writes them all alike)."""
    db = sqlite3.connect(":memory:")
    (sqlite,) = db.execute("SELECT json_quote(?)", (EVERY_CHARACTER,)).fetchone()
    alike = sqlite == json.dumps(EVERY_CHARACTER, ensure_ascii=False)
    assert json_text_is_pythons(db) is alike
    assert alike, f"SQLite {sqlite3.sqlite_version}: the fast path is not tested here"


@pytest.mark.parametrize("batch", [1, 2, 3, 2000])
@pytest.mark.parametrize("count", [0, 1, 2, 7])
def test_members_laid_out_are_json_dumps_indent_2(batch, count):
    rows = [
        {"ref": AWKWARD[(i + k) % len(AWKWARD)], "n": i - 3, "ok": i % 3, "none": None}
        for i in range(count)
        for k in (0, 5, 9)
    ]
    expected = json.dumps(rows, ensure_ascii=False, indent=2)
    db = sqlite3.connect(":memory:")
    for source in ("python", "sqlite"):
        members = [_marked_members(row, source, db) for row in rows]
        assert "".join(json_member_chunks(members, batch)) == expected, source


def _marked_members(row: dict, source: str, db) -> str:
    """The row's compact members, a TAB before each key but the first and after each."""
    keys = [f"\t{key}\t" for key in row]
    keys[0] = keys[0][1:]
    if source == "python":
        text = json.dumps(
            dict(zip(keys, row.values(), strict=True)), ensure_ascii=False, separators=(",", ":")
        )
    else:
        pairs = ", ".join("?, ?" for _ in keys)
        values = [v for pair in zip(keys, row.values(), strict=True) for v in pair]
        text = db.execute(f"SELECT json_object({pairs})", values).fetchone()[0]
    return text[1:-1]


@pytest.fixture
def awkward_world(tmp_path):
    db = open_db(tmp_path / "awkward.db")
    rng = random.Random(7)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    for n, text in enumerate(AWKWARD, start=1):
        db.execute("UPDATE agencies SET name = ?, email = ? WHERE id = ?", (text, text[:9], n))
        db.execute(
            "UPDATE requests SET tracking_number = ?, fee_amount = ?, due_basis = ? WHERE id = ?",
            (text, text[::-1] or None, text[:3], n + 20),
        )
    db.conn.commit()
    return db


@pytest.mark.parametrize(
    "filters",
    [
        StatusFilter(),
        StatusFilter(overdue=True),
        StatusFilter(campaign="camp2"),
        StatusFilter(state="tx", overdue=True),
        StatusFilter(status="withdrawn"),  # none: "[]"
    ],
)
def test_sqlites_json_text_is_the_portable_paths(awkward_world, filters):
    for today in (date(2026, 11, 1), date(2026, 12, 10), date(2027, 6, 1)):
        fast = "".join(status_json_chunks(awkward_world, today, filters, fast=True))
        portable = "".join(status_json_chunks(awkward_world, today, filters, fast=False))
        assert fast == portable
        rows = status_rows(awkward_world, today, filters)
        assert fast == render_rows(rows, "json", STATUS_FIELDS)
        assert json.loads(fast) == [{c: row[c] for c in STATUS_FIELDS} for row in rows]
