"""Collect: ``foia search``, ``foia export`` and ``foia report``."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import (
    Failed,
    echo_err,
    format_option,
    output_rows,
    plural,
    terminal_text,
)
from foia_tracker.clock import report_today
from foia_tracker.db import extraction
from foia_tracker.errors import UsageError
from foia_tracker.outputs import search as fts
from foia_tracker.outputs.export import PROFILES, ExportOptions, export_campaign
from foia_tracker.outputs.report import write_report
from foia_tracker.requests.lifecycle import Status

SEARCH_COLUMNS = (
    "rank", "kind", "refs", "message", "message_id", "sha256", "filename", "subject", "snippet",
    "score",
)  # fmt: skip
SEARCH_TABLE = ("refs", "kind", "message", "filename", "subject", "snippet")


@click.command("search")
@click.argument("query")
@click.option("--campaign", help="Only mail and documents filed on this campaign's requests.")
@click.option("--state", help="Only requests in this state (two-letter code).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@format_option
@pass_app
def search_command(
    app: App, query: str, campaign: str | None, state: str | None, limit: int, fmt: str
) -> None:
    """Full-text search over received mail and documents, best matches first.

    Plain words must all appear; "quoted phrases" must appear as written. Everything else
    (OR, NEAR, *, parentheses) is searched as a plain word.

    Example: foia search '"data sharing agreement" vendor' --campaign mou-2026 --state CT
    """
    if fts.fts_query(query) is None:
        raise UsageError(f"The query {query!r} has no word to search for; type some words.")
    hits = fts.search(app.db, query, campaign=campaign, state=state, limit=limit)
    if fmt == "table":
        hits = [dict(h, refs=" ".join(h["refs"])) for h in hits]
    output_rows(hits, fmt, SEARCH_TABLE if fmt == "table" else SEARCH_COLUMNS)
    _say_what_search_cannot_see(app)


def _say_what_search_cannot_see(app: App) -> None:
    """Documents whose text is not indexed yet are invisible to a search: say how many."""
    unread = extraction.text_gaps(app.db)
    if unread["pending"]:
        echo_err(f"{unread['pending']} document(s) still wait for their text; run foia poll.")
    if unread["needs_ocr"]:
        echo_err(
            f"{unread['needs_ocr']} scanned document(s) have no text layer; foia ocr reads them."
        )


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
