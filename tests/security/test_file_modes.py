"""Everything foia creates is private to the user: folders 0700, files 0600 — after init, a
real poll (raw mail, attachments, the database and its WAL), an export (folder and zip), a
backup and a report. What the user made (the folders given as --out parents) keeps its mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.integration.servers import MailAccount
from tests.integration.test_poll import foia_subprocess, make_app, message
from tests.reliability import trials

pytestmark = pytest.mark.integration


def _modes(root: Path) -> dict[str, int]:
    found = {root.name: stat.S_IMODE(os.lstat(root).st_mode)}
    for path in root.rglob("*"):
        found[path.relative_to(root.parent).as_posix()] = stat.S_IMODE(os.lstat(path).st_mode)
    return found


def _not_private(root: Path) -> list[str]:
    wrong = []
    for name, mode in _modes(root).items():
        path = root.parent / name if name != root.name else root
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{name}: {oct(mode)}")
    return wrong


def test_every_file_foia_creates_is_private(dovecot: MailAccount, tmp_path: Path, monkeypatch):
    os.umask(0o022)  # a usual umask: foia must not rely on a strict one
    app = make_app(dovecot, tmp_path, monkeypatch)
    workspace = app.config_path.parent
    assert _not_private(workspace) == [], "after init"

    dovecot.append("INBOX", trials.mail_with_pdf(1, "CT-0044", "records@district2.example.org", "mode"))  # fmt: skip
    dovecot.append("INBOX", message("RE: [CT-0043] received"))
    assert foia_subprocess(app, "poll").returncode == 0
    assert (workspace / "store" / "files").exists()
    assert _not_private(workspace) == [], "after poll"

    outs = tmp_path / "outputs"
    outs.mkdir(mode=0o755)
    outs.chmod(0o755)
    for target in ("mou-export", "mou-export.zip"):
        done = foia_subprocess(app, "export", "mou", "--out", str(outs / target))
        assert done.returncode == 0, done.stderr
    done = foia_subprocess(app, "backup", str(outs / "backup"))
    assert done.returncode == 0, done.stderr
    done = foia_subprocess(app, "report", "mou", "--out", str(outs / "mou.html"))
    assert done.returncode == 0, done.stderr

    assert _not_private(workspace) == [], "after export, backup and report"
    for made in ("mou-export", "mou-export.zip", "backup", "mou.html"):
        assert _not_private(outs / made) == [], made
    assert stat.S_IMODE(outs.stat().st_mode) == 0o755  # the user's folder is left as it was
