"""``foia messages``, ``foia inbox`` (the holding pen) and ``foia match``."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import MESSAGE_ID, format_option, nonempty, output_rows
from foia_tracker.clock import utcnow
from foia_tracker.intake.context import IntakeSettings
from foia_tracker.intake.filing import file_by_hand
from foia_tracker.intake.views import holding_pen, list_messages

TABLE_COLUMNS = ("id", "date", "from", "subject", "requests", "match_method", "kind", "files")
INBOX_COLUMNS = ("id", "date", "from", "subject", "kind", "suggestions")


@click.command()
@click.option("--unmatched", is_flag=True, help="Only mail filed on no request (the holding pen).")
@click.option("--ref", callback=nonempty, help="Only mail filed on this request.")
@format_option
@pass_app
def messages(app: App, unmatched: bool, ref: str | None, fmt: str) -> None:
    """Received mail, with the requests each message is filed on.

    Example: foia messages --ref CT-0042 --format json
    """
    found = list_messages(app.db, unmatched=unmatched, ref=ref)
    if fmt == "table":
        found = [dict(m, files=len(m["attachments"])) for m in found]
        output_rows(found, fmt, TABLE_COLUMNS)
    else:
        output_rows(found, fmt)


@click.command()
@format_option
@pass_app
def inbox(app: App, fmt: str) -> None:
    """The holding pen: mail no rule could file, with suggested requests, best first.

    File a message with `foia match ID REF`.

    Example: foia inbox && foia match 12 CT-0042
    """
    held = holding_pen(app.db)
    if fmt == "table":
        held = [dict(m, suggestions=_suggestions(m)) for m in held]
        output_rows(held, fmt, INBOX_COLUMNS)
    else:
        output_rows(held, fmt)


def _suggestions(message: dict) -> str:
    shown = [f"{s['ref']} ({s['method']} {s['score']:.2f})" for s in message["suggestions"][:3]]
    if message.get("parse_error"):
        shown.append("unreadable: " + message["parse_error"][:40])
    return "; ".join(shown)


@click.command()
@click.argument("message_id", metavar="ID", type=MESSAGE_ID)
@click.argument("refs", metavar="REF...", nargs=-1, required=True)
@click.option(
    "--learn-sender",
    is_flag=True,
    help="Remember the sender as another address of the agency (letters still go to its email).",
)
@pass_app
def match(app: App, message_id: int, refs: tuple[str, ...], learn_sender: bool) -> None:
    """File message ID (from `foia messages` or `foia inbox`) on one or more requests.

    Example: foia match 12 CT-0042 CT-0043 --learn-sender
    """
    result = file_by_hand(
        app.db,
        message_id,
        refs,
        learn_sender=learn_sender,
        now=utcnow(),
        settings=IntakeSettings.from_config(app.config, app.db),
        store=app.store,
    )
    click.echo(f"Filed message {result.message_row} on {', '.join(result.refs)}.")
    for learned in result.learned:
        click.echo(f"Learned sender (agency {learned}).")
