"""``foia backup`` and ``foia verify``: keeping a months-long campaign safe."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json, terminal_text
from foia_tracker.clock import utcnow
from foia_tracker.errors import FoiaError
from foia_tracker.maintenance import backup, purge_dismissed, verify


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@pass_app
def backup_command(app: App, dest: Path) -> None:
    """Copy the workspace (database, config, raw mail, documents) into a new folder and verify it.

    The database is copied with SQLite's online backup, so a poll may run meanwhile; every
    copied file is checked against its hash. DEST must be a new or empty folder (made private).

    Example: foia backup /media/usb/mou-2026-backup-$(date +%F)
    """
    with app.store.lock():
        report = backup(app.db, app.store, app.config_path, dest)
    click.echo(
        f"Backed up to {report.target}: the database and {report.files} stored file(s) "
        f"({report.bytes / 1e6:.1f} MB), verified."
    )


@click.command("verify")
@format_option(choices=("table", "json"))
@pass_app
def verify_command(app: App, fmt: str) -> None:
    """Check the database and every stored file: integrity, hashes, raw mail present.

    Each problem is listed with what to do about it; nothing is changed. Exits 1 if any.

    Example: foia verify
    """
    report = verify(app.db, app.store)
    problems = [{"problem": p.what, "todo": p.todo} for p in report.problems]
    if fmt == "json":
        output_json(
            {
                "messages": report.messages,
                "documents": report.documents,
                "files_checked": report.files_checked,
                "problems": problems,
                "warnings": report.warnings,
            }
        )
    else:
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
        for problem in problems:
            click.echo(f"- {problem['problem']}\n  what to do: {problem['todo']}")
        click.echo(
            f"Checked {report.messages} message(s), {report.documents} document(s), "
            f"{report.files_checked} file(s): {len(problems) or 'no'} problem(s)."
        )
    if problems:
        raise FoiaError(f"foia verify found {len(problems)} problem(s); see above.")


@click.command("purge")
@click.option("--dismissed", is_flag=True, required=True,
              help="Mail you set aside with foia dismiss (the only kind purge removes).")  # fmt: skip
@click.option("--older-than", "days", type=click.IntRange(0, 36_500), default=30, show_default=True,
              help="Only mail dismissed at least this many days ago.")  # fmt: skip
@click.option("--yes", is_flag=True, help="Delete it (without --yes: only list what would go).")
@pass_app
def purge_command(app: App, dismissed: bool, days: int, yes: bool) -> None:
    """Delete personal mail you set aside (foia dismiss) that no request holds: its rows, its raw
    copy and its attachments in the store. The only command that deletes anything; it lists
    what it would delete first and does nothing without --yes. Mail filed on a request is never
    purged. The copy on your mail server is not touched.

    Example: foia purge --dismissed --older-than 90 --yes
    """
    before = utcnow() - timedelta(days=days)
    with app.store.lock():
        report = purge_dismissed(app.db, app.store, before=before, apply=yes)
    for message in report.messages:
        click.echo(terminal_text(f"{message['id']}: {message['from_addr']} - {message['subject']} "
                                 f"(dismissed {message['dismissed_at'][:10]})"))  # fmt: skip
    count = len(report.messages)
    if not yes:
        click.echo(f"{count} message(s) would be deleted; run again with --yes to delete them.")
    else:
        click.echo(f"Deleted {count} message(s) and {report.files} stored file(s).")
