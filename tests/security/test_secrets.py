"""A password never reaches the database, the store, an export, a backup, a report, the
output or errors of a command, or another process's command line (`ps`).

The password is known (the Dovecot account's), given once through password_env and once
through password_command (a script that reads it from a file, slowly, so `ps` is sampled while
it runs). A failing login is part of the run: errors are where secrets usually leak.
"""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.integration.servers import MailAccount
from tests.integration.test_poll import PASSWORD_ENV, RUN_FOIA, config_text, message
from tests.reliability import trials
from tests.test_intake import add_request, token_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).parents[2]


def _forms(secret: str) -> list[bytes]:
    """The password as text, and the encodings a careless log would carry (AUTH PLAIN)."""
    plain = secret.encode()
    return [plain, base64.b64encode(plain), base64.b64encode(b"\0user\0" + plain)[8:]]


def _leaks(secret: str, *roots: Path, texts: tuple[str, ...] = ()) -> list[str]:
    found = []
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file() and any(f in path.read_bytes() for f in _forms(secret)[:2]):
                found.append(str(path))
    found += [f"output #{n}" for n, text in enumerate(texts) if secret in text]
    return found


class _PsWatch:
    """Reads every process's command line (what `ps` shows) until stopped."""

    def __init__(self, secret: str):
        self.secret, self.hits, self.samples = secret.encode(), [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in Path("/proc").iterdir():
                if proc.name.isdigit():
                    try:
                        line = (proc / "cmdline").read_bytes()
                    except OSError:
                        continue
                    if self.secret in line:
                        self.hits.append(line.replace(b"\0", b" ").decode(errors="replace"))
            self.samples += 1
            time.sleep(0.01)

    def stop(self) -> list[str]:
        self._stop.set()
        self._thread.join()
        return self.hits


def _workspace(tmp_path: Path, account: MailAccount, how: str) -> Path:
    from foia_tracker.db import open_db
    from foia_tracker.workspace import init_workspace

    text = config_text(account)
    if how == "command":
        secret_file = tmp_path / "secret.txt"
        secret_file.write_text(account.password + "\n")
        secret_file.chmod(0o600)
        script = tmp_path / "print-password.sh"
        script.write_text(f"#!/bin/sh\nsleep 0.3\ncat {secret_file}\n")
        script.chmod(stat.S_IRWXU)
        text = text.replace(f'password_env = "{PASSWORD_ENV}"', f'password_command = ["{script}"]')
    config = init_workspace(tmp_path / "ws", text)
    db = open_db(config.parent / "foia.db")
    add_request(db, "CT-0044", token_for("b" * 12), "records@district2.example.org")
    db.close()
    return config


def _foia(config: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_FOIA, "--config", str(config), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("how", ["env", "command"])
def test_the_password_is_nowhere_but_where_the_user_put_it(
    dovecot: MailAccount, tmp_path: Path, how: str
):
    secret = dovecot.password
    config = _workspace(tmp_path, dovecot, how)
    env = {k: v for k, v in os.environ.items() if k != "FOIA_CRASH_AT"}
    if how == "env":
        env[PASSWORD_ENV] = secret
    dovecot.append(
        "INBOX", trials.mail_with_pdf(1, "CT-0044", "records@district2.example.org", "s")
    )
    dovecot.append("INBOX", message(f"RE: [CT-0044] {secret[:4]}", "see attached"))
    outs = tmp_path / "outputs"
    outs.mkdir()
    watch = _PsWatch(secret)
    runs = [
        _foia(config, env, "poll"),
        _foia(config, env, "status"),
        _foia(config, env, "messages", "--format", "json"),
        _foia(config, env, "export", "mou", "--out", str(outs / "export")),
        _foia(config, env, "export", "mou", "--out", str(outs / "export.zip")),
        _foia(config, env, "backup", str(outs / "backup")),
        _foia(config, env, "report", "mou", "--out", str(outs / "mou.html")),
        _foia(config, env, "verify"),
    ]
    wrong = config.read_text().replace(f"port = {dovecot.port}", "port = 1", 1)
    broken = tmp_path / "broken.toml"
    broken.write_text(wrong.replace('"store"', f'"{config.parent / "store"}"')
                      .replace('"foia.db"', f'"{config.parent / "foia.db"}"'))  # fmt: skip
    runs.append(_foia(broken, env, "poll"))  # a failing connection: its error text too
    ps_hits = watch.stop()

    assert runs[0].returncode == 0, runs[0].stderr
    assert all(r.returncode == 0 for r in runs[1:-1]), [r.stderr for r in runs]
    assert runs[-1].returncode == 1, runs[-1].stderr
    assert "127.0.0.1" in runs[-1].stderr, runs[-1].stderr  # the login was tried and refused
    assert watch.samples > 10
    outputs = tuple(r.stdout + r.stderr for r in runs)
    assert _leaks(secret, config.parent, outs, texts=outputs) == []
    assert ps_hits == []
