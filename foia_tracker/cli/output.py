"""The one output helper every listing uses: ``--format table|csv|json`` behaves the same everywhere."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import sqlite3
import sys
import textwrap
import time
from collections.abc import Iterable, Sequence
from typing import Any

import click

from foia_tracker.cells import jsonable, strip_control
from foia_tracker.errors import FoiaError
from foia_tracker.outputs.listing import csv_chunks, json_chunks

FORMATS = ("table", "csv", "json")
_MIN_WRAP = 30  # a wrapped column never narrower than this, even in a tiny terminal
_MIN_CLIP = 10  # nor a clipped one


def format_option(fn=None, *, choices: tuple[str, ...] = FORMATS):
    """Add ``--format table|csv|json`` (or other ``choices``; the first is the default)."""
    if fn is None:
        return lambda f: format_option(f, choices=choices)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )(fn)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 request``, ``2 requests``: the count and the noun that agrees with it."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"


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
        return "".join(json_chunks(rows, columns))
    if fmt == "csv":
        return "".join(csv_chunks(rows, columns)).rstrip("\n")
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


def terminal_width() -> int | None:
    """The width to fit tables to: $COLUMNS, else the terminal's; None when output goes to a
    pipe or file (lines are then kept whole, for grep)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def _table(rows: Sequence[dict], columns: Sequence[str], max_width: int = 48) -> str:
    """Columns padded to their widest cell (at most ``max_width``). The last column (e.g.
    next_action) is never cut: it wraps to fit the terminal, and when even that does not fit,
    the widest other columns are clipped first."""
    last = len(columns) - 1
    text = [[terminal_text(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(min(len(line[n]), max_width) for line in text)])
              for n, c in enumerate(columns)]  # fmt: skip
    widths[last] = max([len(columns[last]), *(len(line[last]) for line in text)])
    _fit(widths, terminal_width())
    indent = sum(widths[:last]) + 2 * last
    out = ["  ".join(c[:w].ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for line in text:
        head = "  ".join(_clip(v, w).ljust(w) for v, w in zip(line[:last], widths, strict=False))
        wrapped = textwrap.wrap(line[last], widths[last], break_on_hyphens=False) or [""]
        out.append(f"{head}  {wrapped[0]}".rstrip() if last else wrapped[0])
        out.extend(" " * indent + more for more in wrapped[1:])
    return "\n".join(out)


def _fit(widths: list[int], width: int | None) -> None:
    """Shrink ``widths`` in place to fit ``width``: the last column first (down to a readable
    minimum), then the widest of the others, one character at a time."""
    if width is None:
        return
    last = len(widths) - 1
    room = width - sum(widths[:last]) - 2 * last
    widths[last] = min(widths[last], max(room, _MIN_WRAP))
    while sum(widths) + 2 * last > width and max(widths[:last], default=0) > _MIN_CLIP:
        widest = widths.index(max(widths[:last]))
        widths[widest] -= 1


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def echo_err(message: str) -> None:
    click.echo(terminal_text(message), err=True)


# --- the one exit path ----------------------------------------------------------------------


class Failed(click.ClickException):
    """How a command ends with a non-zero exit status: raised, never ``sys.exit``; ``main()``
    turns it (like every other error) into the exit code. An empty message prints nothing, for
    a command that already printed what went wrong."""

    def __init__(self, message: str = "", exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        if self.message:
            click.echo(f"Error: {terminal_text(self.message)}", err=True)


_SQLITE_MESSAGES = (
    ("locked", "The database is busy: another foia command is writing to it; wait for it to "
     "finish and run again."),
    ("readonly", "The database cannot be written (a read-only file, folder or file system); "
     "fix the permissions and run again."),
    ("not a database", "The database file is damaged or is not a foia database; restore it "
     "from a backup (nothing was changed)."),
    ("malformed", "The database file is damaged; restore it from a backup (nothing was "
     "changed)."),
    ("unable to open", "The database file cannot be opened; check its path and its folder's "
     "permissions."),
    ("disk i/o error", "The database file cannot be read or written (is its path a regular "
     "file on a working disk?)."),
)  # fmt: skip
_OS_MESSAGES = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.ENOSPC: "the disk is full",
    errno.ENOENT: "it does not exist",
    errno.ELOOP: "it is a symbolic link, which foia does not follow",
}


def translate(exc: BaseException) -> Failed | None:
    """The one translation of an error into one sentence and an exit code (1: the command ran
    into a problem, 2: usage or configuration), or None for a bug (an internal error)."""
    if isinstance(exc, FoiaError):
        return Failed(str(exc), exc.exit_code)
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        for key, message in _SQLITE_MESSAGES:
            if key in text:
                return Failed(message)
        return None
    if isinstance(exc, OSError) and exc.filename is not None:
        reason = _OS_MESSAGES.get(exc.errno, exc.strerror or "it cannot be used")
        return Failed(f"Cannot use {exc.filename}: {reason}.")
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # a write() names no file
        return Failed("The disk is full; free some space and run the command again.")
    if isinstance(exc, OverflowError) and "SQLite INTEGER" in str(exc):
        return Failed("A number given is too large to be an id; check it and run again.", 2)
    if isinstance(exc, csv.Error) and "field limit" in str(exc):
        return Failed("A CSV cell is larger than 128 KiB; is this really a table of agencies?")
    return None


class Progress:
    """A one-line progress display on the terminal (counts, percent, time left), quiet when
    standard error is not a terminal (cron, a pipe, a test). The one progress display: send,
    poll and export use it."""

    def __init__(self, label: str, *, enabled: bool | None = None, clock=time.monotonic):
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.clock = clock
        self.started = clock()
        self.shown = False

    def __call__(self, done: int, total: int, what: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        elapsed = self.clock() - self.started
        eta = elapsed / done * (total - done) if done else 0.0
        line = f"{self.label} {done}/{total} ({100 * done // total}%)"
        if done and done < total and elapsed > 2:
            line += f", about {_duration(eta)} left"
        if what:
            line += f" {terminal_text(what)}"
        click.echo(f"\r{line[:160]:<80}", nl=False, err=True)
        self.shown = True
        if done >= total:
            self.finish()

    def finish(self) -> None:
        if self.shown:
            click.echo("", err=True)
            self.shown = False


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


class MessageId(click.ParamType):
    """A message's integer id as `foia messages` prints it: ASCII digits only (Python's int()
    also reads "٣" as 3, which would file the wrong message)."""

    name = "ID"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            self.fail(
                f"{value!r} is not a message id; use the number `foia messages` shows.", param, ctx
            )
        return int(text)


MESSAGE_ID = MessageId()


def nonempty(ctx, param, value):
    """A click callback: an option given as '' is a mistake, not "any"."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("must not be empty.", ctx=ctx, param=param)
    return value
