"""The listing written in chunks (outputs/listing.py) is byte for byte what the whole-list
writers of cli/output.py give, whatever the batch size and whatever the values."""

import csv
import io
from datetime import date
from enum import StrEnum

import pytest

from foia_tracker.cells import csv_cell
from foia_tracker.cli.output import render_rows, to_json
from foia_tracker.outputs.listing import (
    csv_chunks,
    csv_value_chunks,
    json_chunks,
    json_value_chunks,
)


class Colour(StrEnum):
    RED = "red"


AWKWARD = [
    'quote " and backslash \\ and slash /',
    "new\nline, tab\t, nul \x00, bell \x07, escape \x1b, cr \r",
    "}\n{ and ,\n    and \\n and ],\n    [ and %s %d %% %(x)s",
    "ünïcödé ✓ 名前 \u2028 \u2029 \ud7ff",
    "",
    "  leading and trailing  ",
    "=1+1",
    "-5",
]
COLUMNS = ("ref", "n", "ok", "none", "text", "f")


def _rows(n: int) -> list[dict]:
    return [
        {
            "ref": f"CT-{i:04d}",
            "n": i * (-1) ** i,
            "ok": i % 2 == 0,
            "none": None,
            "text": AWKWARD[i % len(AWKWARD)],
            "f": [1.5, -0.0, 1e300, float("inf"), float("nan"), 10**30][i % 6],
            "dropped": "not a column",
        }
        for i in range(n)
    ]


def _expected_json(rows: list[dict], columns) -> str:
    return to_json([{c: row.get(c) for c in columns} for row in rows])


@pytest.mark.parametrize("n", [0, 1, 2, 7, 50])
@pytest.mark.parametrize("batch", [1, 3, 2000])
def test_json_chunks_are_to_json_of_the_whole_list(n, batch):
    rows = _rows(n)
    assert "".join(json_chunks(iter(rows), COLUMNS, batch)) == _expected_json(rows, COLUMNS)


@pytest.mark.parametrize(
    "rows",
    [
        [{"ref": "a", "n": 1}, {"ref": "b"}],  # a missing column: null, as row.get gives
        [{"ref": Colour.RED, "n": 1}],  # a str subclass
        [{"ref": date(2026, 12, 1), "n": 2}],  # through `default`
        [{"ref": {"nested": [1, 2]}, "n": None}, {"ref": "x", "n": 3}],  # not flat
        [{"ref": "only one column"}],
    ],
)
def test_json_chunks_general_path(rows):
    for columns in (("ref", "n"), ("ref",), ("n", "ref", "absent")):
        for batch in (1, 2000):
            got = "".join(json_chunks(rows, columns, batch))
            assert got == _expected_json(rows, columns)


def test_json_chunks_key_with_a_percent_sign():
    rows = [{"50%": "x", "a%s": 1}, {"50%": "y", "a%s": 2}]
    assert "".join(json_chunks(rows, ("50%", "a%s"))) == _expected_json(rows, ("50%", "a%s"))


def test_json_chunks_raise_as_to_json_does():
    rows = [{"ref": b"bytes", "n": 1}]
    with pytest.raises(TypeError):
        _expected_json(rows, ("ref", "n"))
    with pytest.raises(TypeError):
        "".join(json_chunks(rows, ("ref", "n")))


@pytest.mark.parametrize("n", [0, 1, 7, 50])
@pytest.mark.parametrize("batch", [1, 3, 2000])
def test_csv_chunks_are_the_whole_list_csv(n, batch):
    rows = _rows(n)
    whole = io.StringIO()
    writer = csv.writer(whole, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(row.get(c)) for c in COLUMNS] for row in rows)
    assert "".join(csv_chunks(iter(rows), COLUMNS, batch)) == whole.getvalue()
    assert render_rows(rows, "csv", COLUMNS) == whole.getvalue().rstrip("\n")


def test_chunks_read_the_rows_lazily():
    taken = []

    def rows():
        for row in _rows(10):
            taken.append(row)
            yield row

    chunks = json_chunks(rows(), COLUMNS, batch=3)
    next(chunks)
    assert len(taken) == 3


@pytest.mark.parametrize("columns", [(), ("text",), ("ref", "text")])
@pytest.mark.parametrize("n", [0, 1, 9])
def test_a_listing_of_one_or_no_column_is_to_json_too(columns, n):
    rows = _rows(n)
    assert "".join(json_chunks(iter(rows), columns, 4)) == _expected_json(rows, columns)


def test_value_tuples_give_what_their_dicts_give():
    rows = _rows(40)
    values = [tuple(row[c] for c in COLUMNS) for row in rows]
    assert "".join(json_value_chunks(values, COLUMNS, 7)) == "".join(json_chunks(rows, COLUMNS))
    assert "".join(csv_value_chunks(values, COLUMNS, 7)) == "".join(csv_chunks(rows, COLUMNS))
