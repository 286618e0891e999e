"""``foia documents`` and ``foia review``: what came back, what it holds, what may be published."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json, output_rows, terminal_text
from foia_tracker.clock import utcnow
from foia_tracker.outputs.review import (
    DOCUMENT_FIELDS,
    DocumentFilter,
    list_documents,
    review_document,
)

TABLE = ("doc", "filename", "refs", "text_status", "pii_flags", "review", "publish", "evidence")


@click.command("documents")
@click.argument("campaign", required=False)
@click.option("--flagged", is_flag=True, help="Only documents with a personal-data flag.")
@click.option("--unreviewed", is_flag=True, help="Only documents without a review decision.")
@format_option
@pass_app
def documents(app: App, campaign: str | None, flagged: bool, unreviewed: bool, fmt: str) -> None:
    """List received documents with their text status, personal-data flags (with the page or
    line and a masked excerpt as evidence) and your review decision.

    The publish profile of `foia export` includes a flagged document only once you review it
    with --publish; text_status needs_ocr means a scan without a text layer.

    Example: foia documents mou-2026 --flagged --unreviewed
    """
    rows = list_documents(app.db, DocumentFilter(campaign, flagged=flagged, unreviewed=unreviewed))
    output_rows(rows, fmt, TABLE if fmt == "table" else DOCUMENT_FIELDS)


@click.command("review")
@click.argument("doc")
@click.option("--publish", "decision", flag_value="publish", help="It may be published.")
@click.option("--hold", "decision", flag_value="hold", help="Keep it out of publish exports.")
@click.option("--note", default="", help="Why (kept in the timeline and the manifest).")
@format_option(choices=("table", "json"))
@pass_app
def review(app: App, doc: str, decision: str | None, note: str, fmt: str) -> None:
    """Record your decision on one document for `foia export --profile publish`.

    DOC is the doc column of `foia documents` (at least its first 6 characters). A later
    review replaces an earlier one; each is kept in the timeline of every request the document
    is filed on.

    Example: foia review 3f9a2c1b7d4e --publish --note "data-element list only, no student data"
    """
    if decision is None:
        raise click.UsageError("Say --publish or --hold.")
    result = review_document(app.db, doc, decision, note, utcnow())
    if fmt == "json":
        output_json(result)
        return
    refs = ", ".join(result["refs"])
    click.echo(terminal_text(f"Document {result['sha256'][:12]} ({refs}): {decision}."))
