"""``foia note`` and ``foia attach``: what happened outside the mailbox, in the timeline."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import terminal_text
from foia_tracker.clock import utcnow
from foia_tracker.requests.attach import ATTACH_VIA, Received, attach_files
from foia_tracker.requests.correspondence import add_note
from foia_tracker.requests.marks import when
from foia_tracker.requests.status import find_request


@click.command()
@click.argument("ref")
@click.argument("text")
@click.option("--at", "at", help="When: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default now).")
@pass_app
def note(app: App, ref: str, text: str, at: str | None) -> None:
    """Keep a note in a request's timeline (a call, a visit, a promise made by phone).

    Example: foia note CT-0042 "Clerk called: the records go out by post on Friday" --at 2026-12-09
    """
    request = find_request(app.db, ref)
    moment = when(at, request, utcnow())
    add_note(app.db, request["id"], text, moment)
    click.echo(f"{request['ref']}: note kept ({moment.date().isoformat()})")


@click.command()
@click.argument("ref")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--received", help="When they came: YYYY-MM-DD (default now).")
@click.option("--via", type=click.Choice(ATTACH_VIA), default="post", show_default=True)
@click.option("--note", "note_text", default="", help="What they are (kept in the timeline).")
@pass_app
def attach(app: App, ref: str, files, received, via, note_text) -> None:
    """File records received outside the mailbox (post, CD, portal download) on a request.

    Each file is stored (content-addressed, private), its text extracted and made searchable,
    and exported with the request's other documents (source "manual"); the timeline gets a
    document_added event.

    Example: foia attach CT-0042 scan-001.pdf contracts.docx --via post --received 2026-12-14
    """
    request = find_request(app.db, ref)
    moment = when(received, request, utcnow())
    paths = [Path(f) for f in files]
    added = attach_files(app.db, app.store, request["id"], paths, Received(moment, via, note_text))
    for doc in added:
        click.echo(
            terminal_text(
                f"{request['ref']}: {doc['filename']} {doc['size']} bytes {doc['sha256'][:12]} "
                f"(text: {doc['text_status']})"
            )
        )
