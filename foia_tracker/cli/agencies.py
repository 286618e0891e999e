"""``foia agencies import|list|update``."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.closures import closures_cmd
from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, echo_err, format_option, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.directory.agencies import (
    AGENCY_COLUMNS,
    AgencyEdit,
    ImportOptions,
    ImportResult,
    import_agencies,
    list_agencies,
    update_agency,
)
from foia_tracker.directory.ccd import DEFAULT_LEA_TYPES, parse_lea_types
from foia_tracker.directory.validate import DELIVERY


@click.group()
def agencies() -> None:
    """The agency directory (one row per school district or other agency).

    Example: foia agencies import districts.csv && foia agencies list --no-email
    """


@agencies.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", help="Only rows of this state; also the state of rows that name none.")
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Take FIELD (name, state, email, external_id, contact_name, address, street, city, zip, "
    "phone, portal_url, kind, delivery) from COLUMN. Repeatable.",
)
@click.option("--source", type=click.Choice(["nces-ccd"]), help="A known file layout.")
@click.option("--sheet", help="The spreadsheet's sheet (default: the first).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--lea-types",
    default=",".join(map(str, DEFAULT_LEA_TYPES)),
    show_default=True,
    help="With --source nces-ccd: the LEA_TYPE codes to import.",
)
@pass_app
def import_cmd(app: App, file: Path, **given) -> None:
    """Add or update agencies from a CSV or .xlsx file.

    Common headers are recognised (District Name, LEA Name, Email Address, Superintendent, NCES
    ID, Street + Town + Zip, ...); name them with --map where they are not. Rows match on
    (state, external_id), else (state, name): a re-import updates only the columns the file
    has, and never doubles an agency. A file with external_id and no names (an email merge)
    only updates. Bad cells are reported with their line number and what was done; other
    columns are kept as template variables. Exit 1 when anything was reported.

    Example: foia agencies import ct_districts.xlsx --state CT --map email="FOI Email"
    """
    options = ImportOptions(
        state=given["state"],
        strict=given["strict"],
        mapping=given["mapping"],
        source=given["source"],
        sheet=given["sheet"],
        dry_run=given["dry_run"],
        lea_types=parse_lea_types(given["lea_types"]),
    )
    result = import_agencies(app.db, file, now=utcnow(), options=options)
    _report(file.name, result, options)


def _report(name: str, result: ImportResult, options: ImportOptions) -> None:
    for line, reason in result.problems:
        echo_err(f"{name} line {line}: {reason}")
    for line, note in result.notes:
        echo_err(f"{name} line {line}: note: {note}")
    if options.strict and result.problems:
        echo_err(f"Imported nothing: {len(result.problems)} problem(s) and --strict.")
        raise Failed()
    if options.dry_run:
        for added in result.added:
            click.echo(f"+ {added}")
        for change in result.changes:
            click.echo(f"~ {change.agency}: {change.field}: {change.old!r} -> {change.new!r}")
    if options.dry_run:
        summary = f"Dry run, nothing written: would add {result.inserted}, update {result.updated}"
    else:
        summary = f"Imported {result.inserted} new, updated {result.updated}"
    if result.unchanged:
        summary += f", {result.unchanged} unchanged"
    if result.skipped_other_state:
        summary += f", skipped {result.skipped_other_state} of other states"
    if result.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(result.skipped.items()))
        summary += f", left out {sum(result.skipped.values())} LEAs ({reasons})"
    if result.problems:
        summary += f"; {len(result.problems)} problem(s) reported"
    click.echo(summary + ".")
    if result.problems:
        raise Failed()


@agencies.command("list")
@click.option("--state", help="Only this state.")
@click.option("--no-email", is_flag=True, help="Only agencies without an email address.")
@click.option("--bounced", is_flag=True, help="Only agencies whose address bounced.")
@click.option("--delivery", type=click.Choice(DELIVERY), help="Only agencies reached this way.")
@click.option("--search", help="Only agencies whose name, id, email, contact or address has TEXT.")
@format_option
@pass_app
def list_cmd(app: App, fmt: str, **wanted) -> None:
    """List agencies.

    Example: foia agencies list --state CT --no-email --format csv
    """
    found = list_agencies(app.db, **wanted)
    columns = AGENCY_COLUMNS if fmt == "table" else None
    output_rows(found, fmt, columns)


@agencies.command("update")
@click.argument("ident", metavar="ID")
@click.option("--email", help="The address letters go to ('' clears it).")
@click.option("--delivery", type=click.Choice(DELIVERY), help="How letters reach the agency.")
@click.option("--portal-url", help="The agency's records portal.")
@click.option("--contact-name", help="Who letters are addressed to.")
@click.option("--address", help="Postal address.")
@pass_app
def update_cmd(app: App, ident: str, **fields) -> None:
    """Edit one agency (ID = the internal id or the external_id), checked like an import.

    Example: foia agencies update 0901920 --email foi@hartfordschools.org
    """
    if all(v is None for v in fields.values()):
        raise click.UsageError("Give at least one of --email, --delivery, --portal-url, "
                               "--contact-name, --address.")  # fmt: skip
    changes = update_agency(app.db, ident, AgencyEdit(**fields), now=utcnow())
    if not changes:
        click.echo("Nothing to change.")
    for change in changes:
        click.echo(f"{change.agency}: {change.field}: {change.old!r} -> {change.new!r}")


agencies.add_command(closures_cmd)
