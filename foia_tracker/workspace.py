"""A new workspace: config file, database and store, all private to the user."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from foia_tracker.config import load_config
from foia_tracker.db import open_db
from foia_tracker.errors import UsageError
from foia_tracker.store import Store, ensure_private_dir, write_private


def example_config() -> str:
    return resources.files("foia_tracker").joinpath("config.example.toml").read_text("utf-8")


def init_workspace(directory: Path, config_text: str | None = None) -> Path:
    """Create ``directory/foia.toml``, the database and the store; return the config path."""
    ensure_private_dir(directory)
    config_path = directory / "foia.toml"
    if config_path.exists():
        raise UsageError(f"{config_path} already exists; edit it, or choose another folder.")
    write_private(config_path, (config_text or example_config()).encode("utf-8"))
    config = load_config(config_path)
    Store(config.store.path).create()
    open_db(config.store.database).close()
    return config_path
