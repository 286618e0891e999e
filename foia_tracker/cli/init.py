"""``foia init``."""

from __future__ import annotations

from pathlib import Path

import click

from foia_tracker.workspace import init_workspace


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Write foia.toml from the example, create the database and the store.

    Folders are created 0700 and files 0600: the store will hold records about children.
    An existing foia.toml is never overwritten.

    Example: foia init ~/mou-campaign
    """
    created = init_workspace(Path(directory))
    click.echo(
        f"Created {created}. Edit it (requester, smtp, imap, replies), then run `foia check`."
    )
