"""``foia status``, ``foia show``, ``foia mark``: where every request stands."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json, output_rows, terminal_text
from foia_tracker.clock import report_today, utcnow
from foia_tracker.outputs.listing import csv_value_chunks
from foia_tracker.requests.lifecycle import Status
from foia_tracker.requests.marks import SENT_VIA, Mark, apply_mark, when
from foia_tracker.requests.status import (
    STATUS_FIELDS,
    StatusFilter,
    find_request,
    iter_status_rows,
    iter_status_values,
    show_request,
)
from foia_tracker.requests.status_json import status_json_chunks

TABLE_COLUMNS = (
    "ref",
    "state",
    "agency",
    "status",
    "sent_at",
    "due",
    "days_overdue",
    "last_reply_at",
    "documents",
    "next_action",
)


@click.command()
@click.argument("campaign", required=False)
@click.option("--state", help="Only this state.")
@click.option(
    "--status", "status_", type=click.Choice([s.value for s in Status]), help="Only this status."
)
@click.option("--overdue", is_flag=True, help="Only requests past their due date.")
@click.option(
    "--needs-review",
    is_flag=True,
    help="Only requests where a reply could not change a status set by hand.",
)
@click.option("--as-of", help="Treat this date (YYYY-MM-DD) as today.")
@format_option
@pass_app
def status(app: App, campaign, state, status_, overdue, needs_review, as_of, fmt) -> None:
    """One row per request: status, due date, overdue days and the next thing to do.

    Example: foia status mou-2026 --overdue --as-of 2027-01-15
    """
    filters = StatusFilter(
        campaign=campaign, state=state, status=status_, overdue=overdue, needs_review=needs_review
    )
    today = report_today(as_of)
    if fmt == "table":  # sized to its widest cells: needs every row first
        found = list(iter_status_rows(app.db, today, filters))
        for request in found:
            request["sent_at"] = (request["sent_at"] or "")[:10]
            request["last_reply_at"] = (request["last_reply_at"] or "")[:10]
        output_rows(found, fmt, TABLE_COLUMNS)
        return
    # Written while read, a batch of rows at a time (memory stays flat at 100,000 rows).
    if fmt == "csv":  # CSV lines end with their newline
        for chunk in csv_value_chunks(iter_status_values(app.db, today, filters), STATUS_FIELDS):
            click.echo(chunk, nl=False)
        return
    # JSON escapes every control character, so there is no ANSI sequence to strip: color=True
    # spares click.echo its scan of 55 MB at 100,000 rows.
    for chunk in status_json_chunks(app.db, today, filters):
        click.echo(chunk, nl=False, color=True)
    click.echo()


@click.command()
@click.argument("ref")
@click.option("--as-of", help="Treat this date (YYYY-MM-DD) as today.")
@format_option
@pass_app
def show(app: App, ref: str, as_of: str | None, fmt: str) -> None:
    """A request with its timeline, messages, documents and why it is due when it is.

    Example: foia show CT-0042
    """
    shown = show_request(app.db, ref, report_today(as_of), app.config.deadlines)
    letter = shown.pop("letter")
    if fmt == "json":
        output_json(shown)
        return
    _print_request(shown, letter if fmt == "table" else None)


def _print_request(shown: dict, letter: str | None) -> None:
    for field in STATUS_FIELDS:
        click.echo(f"{field:16} {terminal_text(shown.get(field))}")
    click.echo("\nDue date:")
    for line in shown["due_explain"]:
        click.echo(f"  {terminal_text(line)}")
    click.echo("\nTimeline:")
    for event in shown["events"]:
        detail = ", ".join(f"{k}={v}" for k, v in event["detail"].items() if v not in ("", None))
        message = f" [message {event['message']}]" if event["message"] else ""
        click.echo(
            terminal_text(
                f"  {event['at'][:16]}  {event['type']:14} {event['actor']:5}{message} {detail}"
            )
        )
    click.echo("\nMessages:")
    for message in shown["messages"] or [{"id": "", "from": "(none)", "subject": "", "kind": ""}]:
        click.echo(
            terminal_text(
                f"  {message['id']} {message['from']} {message['kind']}: {message['subject']}"
            )
        )
    click.echo("\nDocuments:")
    for doc in shown["documents"] or [{"filename": "(none)", "size": "", "sha256": ""}]:
        click.echo(terminal_text(f"  {doc['filename']} {doc['size']} {doc['sha256'][:12]}"))


@click.command("mark")
@click.argument("ref")
@click.argument("new_status", metavar="STATUS", type=click.Choice([s.value for s in Status]))
@click.option("--on", "on", help="When it happened: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default now).")
@click.option("--note", default="", help="Why (kept in the timeline).")
@click.option(
    "--via", type=click.Choice(SENT_VIA), help="With STATUS sent: how you filed the request."
)
@click.option("--tracking-number", help="With --via: the reference the agency gave you.")
@pass_app
def mark_cmd(app: App, ref, new_status, on, note, via, tracking_number) -> None:
    """Set a request's status by hand, as of --on (default now).

    A mark is the truth of its time: a later reply (records, a denial) may move the status
    again, with the reason in the timeline and the request listed by --needs-review. End states
    you set by hand (withdrawn, fulfilled, no_records, denied) stay until you change them.
    Marking a request that waits on you (fee_requested, clarification_needed) as processing
    records that you answered and resumes its clock. `sent --via portal|mail|fax|in-person`
    records a request you filed by hand: its clocks start on --on, and its follow-ups are
    tasks for you, not email.

    Example: foia mark CT-0042 sent --via portal --on 2026-12-01 --tracking-number R-118
    """
    request = find_request(app.db, ref)
    at = when(on, request, utcnow())
    given = Mark(new_status, at, note, via=via, tracking_number=tracking_number)
    apply_mark(app.db, request["id"], given, app.config.deadlines)
    click.echo(f"{request['ref']}: {request['status']} -> {new_status} ({at.date().isoformat()})")
