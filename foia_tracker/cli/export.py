"""``foia export``: a campaign's documents, mail and letters in one folder or zip."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, echo_err, plural, terminal_text
from foia_tracker.clock import report_today
from foia_tracker.outputs.export import PROFILES, ExportOptions, export_campaign
from foia_tracker.requests.lifecycle import Status


@click.command("export")
@click.argument("campaign")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="A new or empty folder, or a new FILE.zip.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an earlier export of the campaign at --out (your own files there stay).",
)
@click.option("--state", help="Only requests in this state (two-letter code).")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Only this status.")
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="archive",
    show_default=True,
    help="publish: no raw mail, and files that may hold personal data are held back.",
)
@click.option("--as-of", help="Treat this day (YYYY-MM-DD) as today in requests.csv.")
@pass_app
def export_command(
    app: App,
    campaign: str,
    out: Path,
    force: bool,
    state: str | None,
    status: str | None,
    profile: str,
    as_of: str | None,
) -> None:
    """Export a campaign's documents, raw mail and letters with manifest.csv and requests.csv.

    Layout: <STATE>/<agency>/<REF>/files|mail|letters/. Files are private to you (0600).

    Example: foia export mou-2026 --out mou-export.zip --state CT --profile publish
    """
    options = ExportOptions(campaign, out, state=state, status=status, profile=profile, force=force)
    result = export_campaign(app.db, app.store, options, report_today(as_of))
    click.echo(
        f"Exported {plural(result.requests, 'request')} to {result.out}: "
        f"{plural(result.files, 'document')}, {plural(result.mail, 'message')}, "
        f"{plural(result.letters, 'letter')}."
    )
    if result.held_back:
        click.echo(
            f"Held back {plural(result.held_back, 'file')} (status held_back in manifest.csv):"
        )
        for line in result.held:
            click.echo(f"  {terminal_text(line)}")
        click.echo(
            f"Review them with `foia documents {campaign} --flagged`, then "
            "`foia review DOC --publish` (or --hold)."
        )
    for path in result.missing:
        echo_err(f"Missing from the store, not exported: {path}")
    if result.missing:
        raise Failed(
            f"{len(result.missing)} file(s) were missing from the store and are not in the "
            "export (status 'missing' in manifest.csv); restore the store from a backup."
        )
