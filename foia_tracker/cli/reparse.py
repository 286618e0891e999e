"""``foia reparse``: derived rows rebuilt from the stored raw mail."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, format_option, output_json, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.intake.reparse import reparse as reparse_mail


@click.command()
@format_option
@pass_app
def reparse(app: App, fmt: str) -> None:
    """Rebuild every message's derived rows (text, attachments, matches) from the stored raw mail.

    Use it after upgrading foia-tracker. Filings you made with `foia match` are kept; statuses and
    timelines are not touched; nothing is fetched from the server.

    Example: foia reparse
    """
    report = reparse_mail(app.db, app.store, app.config, now=utcnow())
    if fmt == "table":
        click.echo(
            f"Reparsed {report.messages} message(s): {report.matched} filed, "
            f"{report.unmatched} in the holding pen, {report.errors} with errors."
        )
    elif fmt == "json":
        output_json(report.as_json())
    else:
        output_rows([report.as_json()], "csv")
    if report.errors:
        raise Failed()
