"""The `--format json` of every listing (render_rows, through outputs/listing.json_chunks) is
exactly what to_json writes for the same rows."""

from datetime import date
from enum import StrEnum

import pytest

from foia_tracker.cli.output import _columns_of, render_rows, to_json


class Colour(StrEnum):
    RED = "red"


AWKWARD = [
    'quote " and backslash \\ and slash /',
    "new\nline, tab\t, nul \x00, bell \x07, escape \x1b",
    "}\n{ and ,\n    and \\n",
    "ünïcödé ✓ 名前 \u2028 \u2029 \ud7ff",
    "",
    "  leading and trailing  ",
]


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"a": 1}],
        [{"ref": text, "n": i, "ok": i % 2 == 0, "none": None} for i, text in enumerate(AWKWARD)],
        [{"f": 1.5, "g": -0.0, "h": 1e300, "i": float("inf"), "j": 10**30, "k": -7}],
        [{"enum": Colour.RED, "x": True}, {"enum": "plain", "x": False}],
        [{}, {"a": 1}],  # an empty row: the general path
        [{"nested": {"b": [1, 2]}}, {"nested": None}],  # not flat: the general path
        [{"day": date(2026, 12, 1)}],  # through `default`: the general path
    ],
)
def test_a_listings_json_is_to_json(rows):
    columns = _columns_of(rows)
    assert render_rows(rows, "json") == to_json([{c: r.get(c) for c in columns} for r in rows])
