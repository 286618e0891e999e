"""``foia poll [--watch]``."""

from __future__ import annotations

import json
import sys

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import (
    Failed,
    Progress,
    echo_err,
    format_option,
    output_json,
    output_rows,
)
from foia_tracker.clock import utcnow
from foia_tracker.intake.idle import look
from foia_tracker.intake.poll import PollReport
from foia_tracker.intake.poll import poll as poll_mail
from foia_tracker.intake.poll import watch as watch_mail
from foia_tracker.mail.fetch import logout


@click.command()
@click.option(
    "--watch", is_flag=True, help="Keep running: wait for new mail (IMAP IDLE) and poll again."
)
@format_option
@pass_app
def poll(app: App, watch: bool, fmt: str) -> None:
    """Fetch new mail, store it untouched, match it to requests, classify and file it.

    Reads the folders in [imap] folders (INBOX and the Junk folder by default) read-only, so
    nothing is marked read. Mail that matches no request waits in `foia inbox`. With --watch it
    waits for new mail (IDLE where the server offers it, else every watch_interval seconds) and
    reconnects after network errors; Ctrl-C stops it, keeping everything fetched so far.

    Example: foia poll --format json
    """
    if watch:
        watch_mail(
            app.db, app.store, app.config, now_fn=utcnow, on_report=lambda r: _show_line(r, fmt)
        )
        return
    found = look(app.config)
    if found.idle:  # nothing new anywhere: answered without the filing side (intake/idle.py)
        app.warn_if_synced()
        _show(PollReport(), fmt)
        return
    progress = Progress("fetching", enabled=fmt == "table" and sys.stderr.isatty())
    try:
        db = app.db
    except BaseException:
        if found.client is not None:  # the look's connection, not yet handed over
            logout(found.client)
        raise
    report = poll_mail(
        db, app.store, app.config, now=utcnow(), progress=progress, opened=found.client
    )
    progress.finish()
    _show(report, fmt)
    if report.errors:
        raise Failed()


def _show(report: PollReport, fmt: str) -> None:
    for problem in report.problems:
        echo_err(problem)
    if report.documents_pending:
        echo_err(
            f"{report.documents_pending} document(s) still wait for their text (not yet in "
            "search); the next foia poll finishes them."
        )
    if fmt == "json":
        output_json(report.as_json())
    elif fmt == "csv":
        output_rows([report.as_json()], "csv")
    else:
        click.echo(_summary(report))


def _show_line(report: PollReport, fmt: str) -> None:
    for problem in report.problems:
        echo_err(problem)
    if fmt == "table":
        click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} {_summary(report)}")
    else:
        click.echo(json.dumps(report.as_json()))


def _summary(report: PollReport) -> str:
    data = report.as_json()
    if report.documents_indexed:
        data["documents indexed"] = report.documents_indexed
    return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in data.items()) + "."
