"""``foia campaign send``: send what is unsent, within the provider's limits; resumable."""

from __future__ import annotations

import sys

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import (
    Failed,
    Progress,
    echo_err,
    format_option,
    output_json,
    terminal_text,
)
from foia_tracker.clock import today_is_shifted
from foia_tracker.outbox import (
    SendOptions,
    SendReport,
    SendStopped,
    refuse_shifted_send,
    send_pending,
)
from foia_tracker.preview import campaign_id


@click.command("send")
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Show what would go; send nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Send at most N letters this run.")
@format_option(choices=("table", "json"))
@pass_app
def send(app: App, name: str, dry_run: bool, limit: int | None, fmt: str) -> None:
    """Send the campaign's unsent letters from your mailbox, within the [smtp] limits.

    Safe to run again: letters already sent are never sent twice, a run stopped by a limit,
    the send window or Ctrl-C resumes where it stopped.

    Example: foia campaign send mou-2026 --dry-run
    """
    campaign_id(app.db, name)  # a clear error for a mistyped name
    if not dry_run:
        refuse_shifted_send(app.config, today_is_shifted())
    progress = Progress("sending", enabled=fmt == "table" and sys.stderr.isatty() and not dry_run)
    options = SendOptions(campaign=name, limit=limit, dry_run=dry_run, progress=progress)
    try:
        report = send_pending(app.db, app.store, app.config, options)
    except SendStopped as stopped:
        _show(stopped.report, fmt, dry_run)
        raise
    _show(report, fmt, dry_run)
    if report.failed:
        raise Failed()


def _show(report: SendReport, fmt: str, dry_run: bool) -> None:
    if fmt == "json":
        output_json(_as_json(report, dry_run))
        return
    for line in summary_lines(report, dry_run):
        click.echo(line)
    for warning in report.warnings:
        echo_err(f"Warning: {warning}")


def _as_json(report: SendReport, dry_run: bool) -> dict:
    data = dict(report.counts())
    data.update(
        bounced=[{"ref": ref, "reply": reply} for ref, reply in report.bounced],
        maybe_twice=report.maybe_twice,
        settled_from_sent=report.settled_from_sent,
        stopped=report.stopped or None,
        warnings=report.warnings,
    )
    if dry_run:
        data["would_send"] = report.would_send
    return data


def summary_lines(report: SendReport, dry_run: bool) -> list[str]:
    """What a person needs to read after a run, one fact a line."""
    if dry_run:
        lines = [f"Would send {len(report.would_send)} letter(s) (dry run; nothing was sent):"]
        lines += [
            f"  {x['ref']}  {terminal_text(x['to'])}  {terminal_text(x['subject'])}"
            for x in report.would_send
        ]
    else:
        lines = [f"Sent {report.sent} letter(s)."]
    if report.settled_from_sent:
        refs = ", ".join(report.settled_from_sent)
        lines.append(f"Found in the Sent folder after an interrupted run (not resent): {refs}.")
    if report.maybe_twice:
        count = len(report.maybe_twice)
        lines.append(
            f"{count} letter{'s' if count != 1 else ''} may have gone twice: "
            f"{', '.join(report.maybe_twice)} (an earlier run was cut off while sending it)."
        )
    for ref, reply in report.bounced:
        lines.append(f"Bounced {ref}: {terminal_text(reply)} (the agency's address is marked).")
    if report.skipped:
        lines.append(f"Skipped {report.skipped} letter(s) whose request is closed or not queued.")
    if report.deferred:
        lines.append(f"Held back {report.deferred} letter(s) for a later run.")
    if report.stopped:
        lines.append(f"Stopped: {terminal_text(report.stopped)}")
    return lines
