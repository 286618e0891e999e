"""``foia links`` and ``foia fetch``: records delivered by link."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import echo_err, format_option, output_json, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.documents.indexer import DocumentIndexer
from foia_tracker.errors import FoiaError, UsageError
from foia_tracker.links.service import DEFAULT_MAX_MB, FetchRequest, fetch_links, links_listing

LINK_COLUMNS = (
    "ref",
    "message",
    "url",
    "host",
    "expires",
    "status",
    "document",
    "service",
    "reason",
)
LINK_TABLE = ("ref", "message", "status", "expires", "host", "url")


@click.command("links")
@click.argument("campaign", required=False)
@click.option("--ref", "refs", multiple=True, help="Only this request (repeatable).")
@click.option("--pending", is_flag=True, help="Only links not yet fetched.")
@format_option
@pass_app
def links(app: App, campaign: str | None, refs: tuple[str, ...], pending: bool, fmt: str) -> None:
    """Download links found in agencies' replies, with their expiry and what fetching gave.

    Example: foia links mou-2026 --pending
    """
    found = links_listing(app.db, campaign=campaign, refs=list(refs), pending_only=pending)
    output_rows(found, fmt, LINK_TABLE if fmt == "table" else LINK_COLUMNS)


@click.command("fetch")
@click.argument("refs", nargs=-1)
@click.option("--all", "all_pending", is_flag=True, help="Every pending link of every request.")
@click.option("--max-mb", type=click.IntRange(1, 10_000), default=DEFAULT_MAX_MB, show_default=True,
              help="Refuse files larger than this.")  # fmt: skip
@format_option(choices=("table", "json"))
@pass_app
def fetch(app: App, refs: tuple[str, ...], all_pending: bool, max_mb: int, fmt: str) -> None:
    """Download pending links into the store as documents filed on their requests.

    HTTPS with verified certificates (plain HTTP only from this machine), size-capped. A link
    that opens a sign-in or share page is marked needs-login: open it in your browser, save the
    files, and add them with foia attach.

    Example: foia fetch CT-0042 --max-mb 500
    """
    if not refs and not all_pending:
        raise UsageError("Name the requests (foia fetch CT-0042) or use --all.")
    what = FetchRequest(list(refs), all_pending, max_mb * 1024 * 1024)
    with app.store.lock(), DocumentIndexer(app.db, app.store) as indexer:
        report = fetch_links(app.db, app.store, what, now=utcnow())
        for sha, content_type in report.new_documents:
            indexer.queue(sha, content_type)
        indexer.finish()
    if fmt == "json":
        output_json({"fetched": report.fetched, "needs_login": report.needs_login,
                     "failed": report.failed})  # fmt: skip
    else:
        click.echo(f"Fetched {report.fetched} document(s).")
        for entry in report.needs_login:
            echo_err(f"{entry['ref']}: open in your browser ({entry['reason']}): {entry['url']}")
        for entry in report.failed:
            echo_err(f"{entry['ref']}: not fetched ({entry['reason']}): {entry['url']}")
    if report.failed:
        raise FoiaError(f"{len(report.failed)} link(s) could not be fetched; see above.")
