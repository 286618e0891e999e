"""``foia agencies closures ID``: days an agency declared closed, for laws that do not count them.

A separate module so the ``agencies`` group (cli/agencies.py) only has to register ``closures``.
"""

from __future__ import annotations

from datetime import date

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import echo_err, format_option, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.db.closures import add_closures, closures, remove_closures
from foia_tracker.directory.agencies import find_agency
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.law.jurisdictions import get_jurisdiction


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"Cannot read {option} {value!r}: use YYYY-MM-DD.") from None


def _warn_where_the_law_counts_them(code: str, days: list[date], existing: list[date]) -> None:
    rule = get_jurisdiction(code).closure_rule
    if rule is None:
        echo_err(
            f"Note: {code}'s law counts days an agency is closed, so these days do not move "
            "its deadlines; they are kept for the record."
        )
        return
    if rule.max_per_year is None:
        return
    for year in sorted({d.year for d in days}):
        total = len({d for d in [*existing, *days] if d.year == year})
        if total > rule.max_per_year:
            echo_err(
                f"Warning: {total} closure days in {year}; {rule.citation} allows at most "
                f"{rule.max_per_year}, so only the first {rule.max_per_year} count."
            )


@click.command("closures")
@click.argument("agency_id")
@click.option("--from", "first", help="First closed day (YYYY-MM-DD); with --to, a range.")
@click.option("--to", "last", help="Last closed day (YYYY-MM-DD); default: the --from day.")
@click.option("--reason", default="", help="Why it is closed, e.g. 'winter break (board, Nov 12)'.")
@click.option("--remove", is_flag=True, help="Forget the days from --from to --to instead.")
@format_option
@pass_app
def closures_cmd(app: App, agency_id: str, first, last, reason: str, remove: bool, fmt: str):
    """Record, forget or list days an agency declared closed.

    Where a law says such days are not business days (Texas, Tex. Gov't Code § 552.0031(e)-(f):
    observed Friday/Monday holidays and up to 10 designated days a year; Alabama, Ala. Code
    § 36-12-43(b)(1): days the office is not open), its deadlines skip them. Weekends are left
    out. Without --from, lists the days recorded.

    Example: foia agencies closures 12 --from 2026-12-21 --to 2026-12-31 --reason "winter break"
    """
    agency = find_agency(app.db, agency_id)
    if agency is None:
        raise NotFound(f"No agency {agency_id!r}: see foia agencies list.")
    start, end = _day(first, "--from"), _day(last, "--to")
    if start is None and (end is not None or remove):
        raise UsageError("--to and --remove need --from.")
    if start is not None:
        end = end or start
        if end < start:
            raise UsageError("--to is before --from.")
        if remove:
            gone = remove_closures(app.db, agency["id"], start, end)
            echo_err(f"Removed {gone} closure day(s) of agency {agency['id']}.")
        else:
            existing = [row["day"] for row in closures(app.db, agency["id"])]
            added = add_closures(app.db, agency["id"], start, end, reason, utcnow())
            _warn_where_the_law_counts_them(agency["state"], added, existing)
    rows = [{"agency_id": agency["id"], **row} for row in closures(app.db, agency["id"])]
    output_rows(rows, fmt, columns=["agency_id", "day", "reason", "source"])
