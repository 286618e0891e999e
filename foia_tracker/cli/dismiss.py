"""``foia dismiss ID [--sender]``: set held mail aside as about no request."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import MESSAGE_ID, terminal_text
from foia_tracker.clock import utcnow
from foia_tracker.intake.filing import dismiss as dismiss_message


@click.command()
@click.argument("message_id", metavar="ID", type=MESSAGE_ID)
@click.option(
    "--sender",
    is_flag=True,
    help="Also set aside the sender's other held mail and all its later mail (kept, not filed).",
)
@pass_app
def dismiss(app: App, message_id: int, sender: bool) -> None:
    """Take message ID out of the holding pen (`foia inbox`) as about no request.

    The message is kept, never deleted; `foia match ID REF` files it if it turns out to matter.
    With --sender, later mail from the same address is set aside on arrival, unless a reply
    token, thread, ref or request number in it names a request.

    Example: foia dismiss 12 --sender
    """
    result = dismiss_message(app.db, message_id, sender=sender, now=utcnow())
    click.echo(f"Dismissed message {result.message_row}.")
    if result.sender:
        more = f" and {len(result.others)} other held message(s)" if result.others else ""
        click.echo(f"Later mail from {terminal_text(result.sender)}{more} set aside too.")
