"""``foia check``: log in, send a test message to a tokened address, and read it back."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, format_option, output_json, terminal_text
from foia_tracker.clock import utcnow
from foia_tracker.mail.check import POLL_TIMEOUT, CheckReport, remember, run_check


@click.command("check")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=POLL_TIMEOUT,
    show_default=True,
    help="Seconds to wait for the test message to come back.",
)
@format_option(choices=("table", "json"))
@pass_app
def check(app: App, timeout: float, fmt: str) -> None:
    """Check the mail set-up: SMTP and IMAP logins, a test message to a tokened reply address,
    and what the provider does to outgoing mail (From, Message-ID, Sent copy, folders).

    Example: foia check --format json
    """
    report = run_check(app.config, timeout=timeout)
    remember(app.db, report, utcnow().isoformat())
    if fmt == "json":
        output_json(report.as_dict())
    else:
        for line in summary_lines(report):
            click.echo(line)
    if report.problems:
        raise Failed()


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def summary_lines(report: CheckReport) -> list[str]:
    folders = ", ".join(f"{role} = {name}" for role, name in sorted(report.folders.items()))
    lines = [
        f"SMTP login:                 {_yes_no(report.smtp_login)}",
        f"IMAP login:                 {_yes_no(report.imap_login)}",
        f"Test message to:            {terminal_text(report.test_address)}",
        f"Came back:                  {_yes_no(report.arrived)}"
        + (f" (in {terminal_text(report.arrived_in)})" if report.arrived_in else ""),
        f"Plus-addressing works:      {_yes_no(report.plus_addressing)}",
        f"From rewritten:             {_yes_no(report.from_rewritten)}",
        f"Message-ID kept:            {_yes_no(report.message_id_kept)}",
        f"Sent copy filed by provider: {_yes_no(report.sent_copy_by_provider)}",
        f"Folders (SPECIAL-USE):      {terminal_text(folders) or 'none announced'}",
        f"Authentication-Results by:  {terminal_text(report.authserv_id) or 'none seen'}",
    ]
    if report.sent_copy_by_provider:
        lines.append('Your provider files Sent copies: sent_copy = "auto" will not add another.')
    if report.authserv_id:
        lines.append(
            f"Remembered {terminal_text(report.authserv_id)} as the server whose "
            "Authentication-Results to trust (imap.authserv_id overrides it)."
        )
    lines += [f"Problem: {terminal_text(problem)}" for problem in report.problems]
    return lines
