"""The JSON and CSV text of every listing, a batch of rows at a time: ``foia status`` writes
100,000 rows while it reads them, never holding them whole, and ``cli.output.render_rows``
joins the chunks for the shorter listings.

``json_chunks`` joined is byte for byte ``json.dumps([{c: row.get(c) for c in columns} for row
in rows], indent=2, ...)`` (``cli.output.to_json``), and ``csv_chunks`` joined is the whole-list
CSV (tests/test_listing.py and tests/test_json_rows.py check both).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from operator import itemgetter

from foia_tracker.cells import csv_cell, jsonable

BATCH = 2000  # rows per chunk: a few MB of text at most
_SCALARS = frozenset({str, int, float, bool, type(None)})
# Python's C encoder skips any indent (3.11), so a batch's values are encoded by it as one flat
# list, with indent=2's separator between items; the raw newline in that separator never
# occurs inside an encoded value (JSON escapes control characters), so splitting on it gives
# back each value's text exactly, to be set into the rows' indented layout.
_SEP = ",\n    "
_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(_SEP, ": "))


def json_chunks(rows: Iterable[dict], columns: Sequence[str], batch: int = BATCH) -> Iterator[str]:
    """The JSON list of ``rows`` (only ``columns``, in that order), indent=2, in chunks."""
    return json_value_chunks(_values(rows, columns), columns, batch)


def json_value_chunks(
    rows: Iterable[Sequence], columns: Sequence[str], batch: int = BATCH
) -> Iterator[str]:
    """``json_chunks`` of rows given as their values in ``columns`` order (a tuple each): what
    ``foia status`` writes, without a dict per row."""
    rows = iter(rows)
    layout = "  {\n" + ",\n".join(f"    {_key(c)}: %s" for c in columns) + "\n  }"
    opening = "[\n"
    while found := list(islice(rows, batch)):
        yield opening + _json_batch(found, columns, layout)
        opening = ",\n"
    yield "[]" if opening == "[\n" else "\n]"


def _values(rows: Iterable[dict], columns: Sequence[str]) -> Iterator[tuple]:
    """Each row's values in ``columns`` order; a missing column is None, as row.get gives."""
    if len(columns) < 2:  # itemgetter of one key gives the value, not a tuple
        for row in rows:
            yield tuple(row.get(c) for c in columns)
        return
    pick = itemgetter(*columns)
    for row in rows:
        try:
            yield pick(row)
        except KeyError:
            yield tuple(row.get(c) for c in columns)


def _key(column: str) -> str:
    return json.dumps(column, ensure_ascii=False).replace("%", "%%")


def _json_batch(rows: list[Sequence], columns: Sequence[str], layout: str) -> str:
    """The items of one batch, as indent=2 writes them inside the list."""
    values = list(chain.from_iterable(rows))
    if not columns or not set(map(type, values)) <= _SCALARS:  # the general path
        picked = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(picked, default=jsonable, ensure_ascii=False, indent=2)[2:-2]
    texts = _FLAT.encode(values)[1:-1].split(_SEP)
    return ",\n".join([layout] * len(rows)) % tuple(texts)


# Compact JSON members with marked keys ('"ref\t":"CT-1","\tdocuments\t":2': an object's text
# without its braces, scalar values, a TAB before each key but a row's first and after each
# key, as SQLite's json_object or separators=(",", ":") write them) are laid out as indent=2
# writes them by two replacements that drop the marks. A quote inside a string is always
# escaped, so ',"\t' occurs only where a marked key starts (a value's opening quote follows a
# colon) and '\t":' only where one ends (a closing quote is followed by ":" only after a key).
_ROW_BREAK = "\n  },\n  {\n    "


def json_member_chunks(rows: Iterable[str], batch: int = BATCH) -> Iterator[str]:
    """``json_chunks`` of rows given as their compact JSON members with marked keys: what
    ``foia status --format json`` writes from the text SQLite gives (tests/test_status_json.py)."""
    rows = iter(rows)
    opening = "[\n"
    while found := list(islice(rows, batch)):
        text = _ROW_BREAK.join(found).replace(',"\\t', ',\n    "').replace('\\t":', '": ')
        yield f"{opening}  {{\n    {text}\n  }}"
        opening = ",\n"
    yield "[]" if opening == "[\n" else "\n]"


def csv_chunks(rows: Iterable[dict], columns: Sequence[str], batch: int = BATCH) -> Iterator[str]:
    """The CSV of ``rows``: a header of ``columns``, then one line per row, in chunks."""
    return csv_value_chunks(_values(rows, columns), columns, batch)


def csv_value_chunks(
    rows: Iterable[Sequence], columns: Sequence[str], batch: int = BATCH
) -> Iterator[str]:
    """``csv_chunks`` of rows given as their values in ``columns`` order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    rows = iter(rows)
    while found := list(islice(rows, batch)):
        writer.writerows(map(csv_cell, row) for row in found)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
