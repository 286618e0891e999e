"""``foia report``: the campaign dashboard as one HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import plural
from foia_tracker.clock import report_today
from foia_tracker.outputs.report import write_report


@click.command("report")
@click.argument("campaign")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.html"
)
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Link each request's documents into this earlier `foia export` folder.",
)
@click.option("--as-of", help="Treat this day (YYYY-MM-DD) as today.")
@click.option("--force", is_flag=True, help="Replace an existing FILE.html.")
@pass_app
def report_command(
    app: App, campaign: str, out: Path, export_dir: Path | None, as_of: str | None, force: bool
) -> None:
    """Write the campaign dashboard: one self-contained HTML file with charts, no scripts.

    Example: foia export mou-2026 --out mou-export && foia report mou-2026 --out mou.html --export mou-export
    """
    data = write_report(
        app.db, campaign, out, report_today(as_of), export_dir=export_dir, force=force
    )
    click.echo(
        f"Wrote {out}: {plural(data.summary.requests, 'request')}, {len(data.overdue)} overdue, "
        f"{plural(data.summary.documents, 'document')}."
    )
