"""``foia search`` (``foia export`` and ``foia report`` are cli/export.py and cli/report.py)."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import echo_err, format_option, output_rows
from foia_tracker.db import extraction
from foia_tracker.errors import UsageError
from foia_tracker.outputs import search as fts

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
