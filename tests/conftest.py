"""Shared fixtures: each test gets its own workspace (config, database, store) in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.workspace import init_workspace

MINIMAL_CONFIG = """
[requester]
name = "Jane Doe"
organization = "Parents for Student Privacy"
email = "jane@example.org"
mailing_address = "123 Main Street, Hartford, CT 06103"
phone = "555-0100"
state = "CT"

[store]
database = "foia.db"
path = "store"

[smtp]
host = "127.0.0.1"
port = 2525
security = "none"
username = "jane"
password_env = "FOIA_TEST_SMTP_PASSWORD"

[imap]
host = "127.0.0.1"
port = 1143
security = "none"
username = "jane"
password_env = "FOIA_TEST_IMAP_PASSWORD"

[replies]
mode = "reply-to"
address = "jane+{token}@example.org"
"""


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch):
    for name in ("FOIA_CONFIG", "FOIA_TODAY", "FOIA_CRASH_AT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace; returns the path of its foia.toml."""
    return init_workspace(tmp_path / "ws", MINIMAL_CONFIG)


class Foia:
    """Runs ``foia --config <workspace> ...`` in-process and returns the click Result."""

    def __init__(self, config: Path):
        self.config = config
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(
            cli,
            ["--config", str(self.config), *args],
            input=input,
            env=env,
            catch_exceptions=False,
        )


@pytest.fixture
def foia(workspace: Path) -> Foia:
    return Foia(workspace)


def file_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777
