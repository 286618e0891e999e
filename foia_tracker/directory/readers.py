"""Directory files as rows of text cells: CSV (any mix of UTF-8 and Windows-1252) and .xlsx.

The kind of file is told by its first bytes, not its name: an .xlsx is a zip archive, and a
spreadsheet saved as "districts.csv" is still read as one. Line numbers are what the user sees:
the CSV line, or the spreadsheet row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from foia_tracker.errors import UsageError

try:  # the maintained Rust reader (calamine); see docs/design.md, "Agency directory"
    import python_calamine
except ImportError:  # pragma: no cover - a dependency, only missing in a broken install
    python_calamine = None

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
# A title row above the header ("Connecticut public school districts, 2025") has one cell.
_MIN_HEADER_CELLS = 2


@dataclass(frozen=True)
class Record:
    line: int
    cells: list[str]
    error: str | None = None  # the row could not be read at all


@dataclass
class Table:
    header: list[str]
    header_line: int
    records: Iterator[Record]
    notes: list[tuple[int, str]] = field(default_factory=list)


def read_table(path: Path, sheet: str | None = None) -> Table:
    with path.open("rb") as f:
        start = f.read(8192)
    if start.startswith(_ZIP) or start.startswith(_OLE):
        return _read_workbook(path, sheet)
    if sheet:
        raise UsageError(f"--sheet applies to spreadsheets; {path.name} is a CSV file.")
    if b"\x00" in start:
        raise UsageError(f"{path.name} is neither a CSV file nor an .xlsx spreadsheet.")
    return _read_csv(path.read_bytes(), path.name)


# --- CSV --------------------------------------------------------------------------------------


def decode_lines(data: bytes) -> tuple[str, list[int]]:
    """The text, decoded line by line: UTF-8 where a line is UTF-8, else Windows-1252 (what Excel
    writes), so one pasted Latin-1 line does not garble the whole file. Returns the text and the
    numbers of the lines read as Windows-1252. (A line break is one byte in both encodings, so
    splitting before decoding is safe.)"""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    parts, fallback = [], []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(_decode_cp1252(line))
            fallback.append(number)
    return "".join(parts), fallback


def _decode_cp1252(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: Latin-1 has them
        return line.decode("latin-1")


def _read_csv(data: bytes, name: str) -> Table:
    text, fallback = decode_lines(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header, header_line = _find_header(_csv_records(reader))
    if header is None:
        raise UsageError(f"{name} has no header row; the first row must name the columns.")
    notes = []
    if fallback:
        shown = ", ".join(str(n) for n in fallback[:10]) + (" …" if len(fallback) > 10 else "")
        notes.append((fallback[0], f"not UTF-8 on line(s) {shown}: read as Windows-1252"))
    return Table(header, header_line, _csv_records(reader), notes)


def _csv_records(reader) -> Iterator[Record]:
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # e.g. a cell over the csv module's 128 KiB limit: that row, not the whole import
            yield Record(line, [], f"could not be read as CSV ({exc}); row skipped")
            continue
        yield Record(line, cells)


def _find_header(records: Iterator[Record]) -> tuple[list[str] | None, int]:
    for record in records:
        if sum(1 for c in record.cells if c.strip()) >= _MIN_HEADER_CELLS:
            return record.cells, record.line
    return None, 0


# --- spreadsheets -----------------------------------------------------------------------------


def _read_workbook(path: Path, sheet: str | None) -> Table:
    if python_calamine is None:  # pragma: no cover
        raise UsageError("Reading spreadsheets needs python-calamine: pip install python-calamine.")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if sheet and sheet not in names:
            raise UsageError(
                f"{path.name} has no sheet {sheet!r}; sheets: {', '.join(map(repr, names))}."
            )
        rows = book.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    except UsageError:
        raise
    except Exception as exc:  # calamine's errors are its own types; say what it could not do
        raise UsageError(
            f"{path.name} could not be read as a spreadsheet ({type(exc).__name__}); "
            "save it again as .xlsx or .csv."
        ) from None
    records = (
        Record(number, [cell_text(c) for c in row]) for number, row in enumerate(rows, start=1)
    )
    header, header_line = _find_header(records)
    if header is None:
        raise UsageError(f"{path.name} has no header row in sheet {sheet or names[0]!r}.")
    return Table(header, header_line, records)


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text the user typed: 901920.0 -> "901920", a date -> ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
