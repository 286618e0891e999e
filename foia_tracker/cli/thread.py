"""``foia reply`` and ``foia resend``: letters on a request's thread, drafts until --send."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, format_option, output_json, terminal_text
from foia_tracker.clock import report_today, today_is_shifted, utcnow
from foia_tracker.errors import UsageError
from foia_tracker.letters.dates import fill_send_date
from foia_tracker.outbox import SendOptions, SendStopped, refuse_shifted_send, send_pending
from foia_tracker.requests.correspondence import REPLY_KINDS
from foia_tracker.thread import ThreadDraft, draft_reply, draft_resend, queue_reply, queue_resend


@click.command("reply")
@click.argument("ref")
@click.option("--message", "text", help="What to say to the agency.")
@click.option(
    "--file", "path", type=click.Path(dir_okay=False, exists=True), help="Read it from a file."
)
@click.option("--kind", type=click.Choice(REPLY_KINDS), default="other", show_default=True)
@click.option("--send", is_flag=True, help="Send it now (else: show exactly what would go).")
@format_option(choices=("table", "json"))
@pass_app
def reply(app: App, ref: str, text, path, kind: str, send: bool, fmt: str) -> None:
    """Answer the agency on the request's thread: to the address that last wrote for it (else
    the agency's), in reply to its latest message, quoting it, with the ref in the subject and
    the request's reply token. An answer to a fee or a clarification resumes the clock.

    Example: foia reply CT-0042 --kind accept-fee --message "I accept the estimate of $25."
    """
    if (text is None) == (path is None):
        raise UsageError("Give the reply with exactly one of --message TEXT or --file F.")
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    draft = draft_reply(app.db, app.config, ref, text, kind)
    _draft_or_send(app, draft, send, fmt, queue_reply)


@click.command("resend")
@click.argument("ref")
@click.option("--to", "to", required=True, help="The corrected address.")
@click.option("--send", is_flag=True, help="Send it now (else: show exactly what would go).")
@format_option(choices=("table", "json"))
@pass_app
def resend(app: App, ref: str, to: str, send: bool, fmt: str) -> None:
    """Send a request's letter again (same ref and reply token, re-dated) to a corrected
    address. The agency's email becomes it, the old address is kept as bounced, the request
    leaves bounced and its clock restarts from the new send; later mail goes to it.

    Example: foia resend CT-0042 --to records@hartfordschools.org --send
    """
    draft = draft_resend(app.db, app.config, ref, to)
    _draft_or_send(app, draft, send, fmt, queue_resend)


def _draft_or_send(app: App, draft: ThreadDraft, send: bool, fmt: str, queue) -> None:
    if not send:
        _show_draft(draft, fmt)
        return
    refuse_shifted_send(app.config, today_is_shifted())
    with app.store.lock():
        outbox_id = queue(app.db, app.config, draft, utcnow())
    options = SendOptions(outbox_ids=(outbox_id,))
    try:
        report = send_pending(app.db, app.store, app.config, options)
    except SendStopped as stopped:
        _show_sent(draft, stopped.report, fmt)
        raise
    _show_sent(draft, report, fmt)
    if report.failed or not report.sent:
        raise Failed()


def _show_draft(draft: ThreadDraft, fmt: str) -> None:
    today = report_today()
    if fmt == "json":
        data = draft.as_json()
        data["body"] = fill_send_date(data["body"], today)
        output_json(data)
        return
    if draft.old_to:
        click.echo(
            terminal_text(
                f"Would send {draft.ref}'s letter again to {draft.letter.to_addr} (the agency's "
                f"email becomes it; {draft.old_to} is kept as bounced)."
            )
        )
    click.echo(f"==== {draft.ref} (draft: nothing was sent) ====")
    for name, value in draft.headers.items():
        click.echo(terminal_text(f"{name}: {value}"))
    click.echo("[Date is set when it is sent]\n")
    for line in fill_send_date(draft.letter.body, today).splitlines():
        click.echo(terminal_text(line))
    click.echo("Run the same command with --send to send it.")


def _show_sent(draft: ThreadDraft, report, fmt: str) -> None:
    if fmt == "json":
        output_json({"ref": draft.ref, "to": draft.letter.to_addr, **report.counts()})
        return
    if report.sent:
        click.echo(terminal_text(f"Sent to {draft.letter.to_addr} ({draft.ref})."))
    elif report.bounced:
        click.echo(terminal_text(f"Bounced {draft.ref}: {report.bounced[0][1]}"))
    elif report.deferred:
        click.echo(
            "Queued but held back by a limit or the send window: it goes with the next "
            "`foia campaign send`."
        )
    if report.stopped:
        click.echo(terminal_text(f"Stopped: {report.stopped}"))
    for warning in report.warnings:
        click.echo(terminal_text(f"Warning: {warning}"), err=True)
