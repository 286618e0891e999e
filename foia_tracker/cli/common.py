"""What every command shares: the config, the database and the store, opened on first use."""

from __future__ import annotations

from functools import cached_property

import click
from sqlite_utils import Database

from foia_tracker.config import Config, find_config_path, load_config
from foia_tracker.db import open_db
from foia_tracker.store import Store


class App:
    def __init__(self, config_path: str | None):
        self.config_path = find_config_path(config_path)

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
        self.store.create()
        return open_db(self.config.store.database)

    @cached_property
    def store(self) -> Store:
        return Store(self.config.store.path)


pass_app = click.make_pass_decorator(App)
