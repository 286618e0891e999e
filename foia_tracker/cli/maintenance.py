"""``foia backup`` and ``foia verify``: keeping a months-long campaign safe."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json
from foia_tracker.errors import FoiaError
from foia_tracker.maintenance import backup, verify


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
