"""``foia agencies import|list``."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, echo_err, format_option, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.directory.agencies import AGENCY_COLUMNS, import_agencies, list_agencies


@click.group()
def agencies() -> None:
    """The agency directory (one row per school district or other agency).

    Example: foia agencies import districts.csv && foia agencies list --no-email
    """


@agencies.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", help="Only rows of this state; also the state of rows that name none.")
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
@pass_app
def import_cmd(app: App, csv_file: Path, state: str | None, strict: bool) -> None:
    """Add or update agencies from a CSV file.

    Required columns: name, state. Optional: email, external_id, contact_name, address, phone,
    portal_url, kind, delivery. Other columns are kept and usable in letter templates. Rows are
    matched on (state, external_id), else (state, name): re-importing updates, never doubles.
    Bad rows are reported with their line number; good rows are kept (exit status 1).

    Example: foia agencies import ct_districts.csv --state CT
    """
    result = import_agencies(app.db, csv_file, state=state, strict=strict, now=utcnow())
    for line, reason in result.problems:
        echo_err(f"{csv_file.name} line {line}: {reason}")
    if strict and result.problems:
        echo_err(f"Imported nothing: {len(result.problems)} bad row(s) and --strict.")
        raise Failed()
    summary = f"Imported {result.inserted} new, updated {result.updated}"
    if result.skipped_other_state:
        summary += f", skipped {result.skipped_other_state} of other states"
    if result.problems:
        summary += f"; {len(result.problems)} bad row(s) not imported"
    click.echo(summary + ".")
    if result.problems:
        raise Failed()


@agencies.command("list")
@click.option("--state", help="Only this state.")
@click.option("--no-email", is_flag=True, help="Only agencies without an email address.")
@click.option("--bounced", is_flag=True, help="Only agencies whose address bounced.")
@format_option
@pass_app
def list_cmd(app: App, state: str | None, no_email: bool, bounced: bool, fmt: str) -> None:
    """List agencies.

    Example: foia agencies list --state CT --no-email --format csv
    """
    found = list_agencies(app.db, state=state, no_email=no_email, bounced=bounced)
    columns = AGENCY_COLUMNS if fmt == "table" else None
    output_rows(found, fmt, columns)


COMMANDS = [agencies]
