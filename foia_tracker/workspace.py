"""A workspace: config file, database and store, all private to the user."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.config import Config, load_config
from foia_tracker.db import open_db
from foia_tracker.errors import StoreError, UsageError
from foia_tracker.store import Store, ensure_private_dir, write_private


def example_config() -> str:
    return resources.files("foia_tracker").joinpath("config.example.toml").read_text("utf-8")


def init_workspace(directory: Path, config_text: str | None = None) -> Path:
    """Create ``directory/foia.toml``, the database and the store; return the config path.

    Refuses before touching anything when a foia.toml is already there; a ``directory`` that
    exists keeps its mode (only folders made here are 0700)."""
    config_path = directory / "foia.toml"
    if os.path.lexists(config_path):
        raise UsageError(f"{config_path} already exists; edit it, or choose another folder.")
    ensure_private_dir(directory)
    write_private(config_path, (config_text or example_config()).encode("utf-8"))
    config = load_config(config_path)
    Store(config.store.path).create()
    open_db(config.store.database).close()
    return config_path


def open_database(config: Config, store: Store) -> Database:
    """The workspace's database, made on first use; but a missing or empty database beside a
    store that holds mail is a lost database, not a fresh workspace (opening it would start
    an empty one over the user's campaign)."""
    path = Path(config.store.database)
    if (not path.exists() or path.stat().st_size == 0) and _holds_mail(store):
        state = "empty" if path.exists() else "missing"
        raise StoreError(
            f"The database {path} is {state} but the store {store.root} holds mail: restore "
            "the database from a backup (nothing was changed)."
        )
    store.create()
    return open_db(path)


def _holds_mail(store: Store) -> bool:
    for sub in ("raw", "files"):
        if next((store.root / sub).glob("*/*"), None) is not None:
            return True
    return False
