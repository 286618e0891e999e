"""``foia demo``."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.sandbox.demo import run_demo


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def demo(directory: Path | None) -> None:
    """Run a whole campaign end to end against the embedded local sandbox.

    Starts SMTP and IMAP servers on 127.0.0.1 with a dozen simulated school districts in five
    states, then imports them, creates and sends the letters, polls the replies over three
    simulated weeks (acknowledgements, a fee, a denial, records, a bounce, an out-of-office, a
    forwarded reply, a stranger's mail), and writes the status, an export and the dashboard into
    DIRECTORY (default: a new ./foia-demo-<time> folder). Ignores any foia.toml of yours and
    never leaves loopback.

    Example: foia demo /tmp/foia-demo
    """
    result = run_demo(directory, click.echo)
    click.echo(
        f"\nDone: {result.requests} requests, {result.sent} sent, {result.messages} "
        f"messages received, all in {result.directory}"
    )
