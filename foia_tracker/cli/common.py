"""What every command shares: the config, the database and the store, opened on first use."""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

import click

from foia_tracker import lazy
from foia_tracker.config import Config, find_config_path, load_config
from foia_tracker.store import LOCK_WAIT, Store, synced_folder

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database

# The workspace opener brings sqlite-utils: imported when a command first uses the database, so
# an idle poll (intake/idle.py reads SQLite read-only) never imports it.
OPEN_DATABASE = "foia_tracker.workspace:open_database"


class App:
    def __init__(self, config_path: str | None):
        self.config_path = find_config_path(config_path)
        self._warned = False

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @property
    def template_paths(self) -> tuple:
        """The user's template folders; none when there is no config yet (the shipped sets
        can be browsed before `foia init`)."""
        if not self.config_path.exists():
            return ()
        return self.config.template_paths

    @cached_property
    def db(self) -> Database:
        self.warn_if_synced()
        return lazy.load(OPEN_DATABASE)(self.config, self.store)

    def warn_if_synced(self) -> None:
        """Once per command; also for one that reads the database without opening it here."""
        if self._warned:
            return
        self._warned = True
        where = synced_folder(self.config.store.database) or synced_folder(self.config.store.path)
        if where:
            # SQLite's WAL and a sync client rewriting files under it can corrupt the database
            # (https://sqlite.org/howtocorrupt.html, 1.1 and 2.1): say so on every command.
            click.echo(
                f"Warning: this workspace is inside a {where} folder; sync clients can corrupt a "
                "live database. Move it out and keep `foia backup` copies there instead.",
                err=True,
            )

    @cached_property
    def store(self) -> Store:
        # FOIA_LOCK_WAIT: a test hook (like FOIA_CRASH_AT), so lock tests need not wait 5 s.
        wait = float(os.environ.get("FOIA_LOCK_WAIT") or LOCK_WAIT)
        return Store(self.config.store.path, lock_wait=wait)


pass_app = click.make_pass_decorator(App)
