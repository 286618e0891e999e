"""rows_json writes exactly what to_json writes (the `--format json` of every listing)."""

from datetime import date
from enum import StrEnum

import pytest

from foia_tracker.cli.output import rows_json, to_json


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
def test_rows_json_is_to_json(rows):
    assert rows_json(rows) == to_json(rows)
