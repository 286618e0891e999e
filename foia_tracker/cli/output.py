"""The one output helper every listing uses: ``--format table|csv|json`` behaves the same everywhere."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import click

from foia_tracker.cells import csv_cell, jsonable, strip_control

FORMATS = ("table", "csv", "json")


def format_option(fn=None, *, choices: tuple[str, ...] = FORMATS):
    """Add ``--format table|csv|json`` (or fewer ``choices``) to a command."""
    if fn is None:
        return lambda f: format_option(f, choices=choices)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="table",
        show_default=True,
        help="Output format.",
    )(fn)


def to_json(obj: Any) -> str:
    return json.dumps(obj, default=jsonable, ensure_ascii=False, indent=2)


def terminal_text(value: Any) -> str:
    """A cell for the terminal: control characters removed, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = ", ".join(terminal_text(v) for v in value)
    return strip_control(str(value))


def render_rows(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None) -> str:
    columns = list(columns) if columns else _columns_of(rows)
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    return _table(rows, columns)


def output_rows(rows: Iterable[dict], fmt: str, columns: Sequence[str] | None = None) -> None:
    rows = list(rows)
    if fmt == "table" and not rows:
        click.echo("(none)")
        return
    click.echo(render_rows(rows, fmt, columns))


def output_json(obj: Any) -> None:
    click.echo(to_json(obj))


def _columns_of(rows: Sequence[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def _table(rows: Sequence[dict], columns: Sequence[str], max_width: int = 48) -> str:
    cells = [[_clip(terminal_text(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [len(c) for c in columns]
    for line in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, line, strict=True)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for line in cells:
        out.append("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def echo_err(message: str) -> None:
    click.echo(terminal_text(message), err=True)
