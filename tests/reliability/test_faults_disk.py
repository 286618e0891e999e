"""Faults at the disk and database level: ENOSPC injected at each store write and during an
export, a store the user made read-only, a truncated or header-damaged foia.db. Each stops in
one sentence, loses nothing and changes nothing it should not (see test_faults.py for IMAP)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from foia_tracker.db import rows
from foia_tracker.errors import StoreError
from foia_tracker.intake import pipeline as intake
from foia_tracker.outputs import bundle
from foia_tracker.store import Store
from tests.integration.conftest import server_unavailable
from tests.integration.servers import MailAccount
from tests.integration.test_poll import (
    NOW,
    RUN_FOIA,
    counts,
    foia_subprocess,
    make_app,
    message,
)
from tests.reliability import trials
from tests.reliability.test_faults import ROOT, _one_sentence, _stored

pytestmark = pytest.mark.integration


# --- disk full ---------------------------------------------------------------------------------


def _with_attachment(n: int) -> bytes:
    return trials.mail_with_pdf(n, "CT-0044", "records@district2.example.org", "full disk")


@pytest.mark.parametrize("which", ["raw", "attachment", "tmp"])
def test_a_full_disk_at_each_store_write_records_nothing_and_the_next_poll_files_it(
    dovecot: MailAccount, tmp_path: Path, monkeypatch, which: str
):
    app = make_app(dovecot, tmp_path, monkeypatch)
    raws = [_with_attachment(n) for n in range(3)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    writes = {"n": 0}
    real_write, real_mkstemp = Store._put, __import__("tempfile").mkstemp
    # Each message is two store writes: its raw mail, then its attachment.
    fail_on = {"raw": 3, "attachment": 4, "tmp": 3}[which]

    def put(self, path, data):
        writes["n"] += 1
        if which != "tmp" and writes["n"] == fail_on:
            raise StoreError(f"The disk holding {self.root} is full; free some space and run "
                             "again (nothing was recorded for this message).")  # fmt: skip
        return real_write(self, path, data)

    def mkstemp(*args, **kwargs):
        if which == "tmp" and writes["n"] == fail_on:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(Store, "_put", put)
    monkeypatch.setattr("foia_tracker.store.tempfile.mkstemp", mkstemp)
    with pytest.raises(StoreError, match="is full"):
        intake.poll(app.db, app.store, app.config, now=NOW)
    recorded = counts(app)[0]  # the batch is one unit of work: whole messages or none
    assert recorded < 3
    assert rows(app.db, "SELECT count(*) AS n FROM attachments")[0]["n"] == recorded
    monkeypatch.setattr(Store, "_put", real_write)
    monkeypatch.setattr("foia_tracker.store.tempfile.mkstemp", real_mkstemp)

    report = intake.poll(app.db, app.store, app.config, now=NOW)

    assert report.stored == 3 - recorded
    assert _stored(app) == set(raws)
    assert rows(app.db, "SELECT count(*) AS n FROM attachments")[0]["n"] == 3
    assert trials.store_tmp(app.store.root) == []


def test_a_full_disk_during_export_exits_1_and_leaves_no_partial_export(
    tmp_path: Path, monkeypatch, capsys
):
    from foia_tracker.workspace import init_workspace
    from tests.conftest import MINIMAL_CONFIG
    from tests.test_cli_main import run_main
    from tests.test_export import build_collect_data

    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(config.parent).db.close()
    calls = {"n": 0}
    real_write = bundle._write_entry

    def write_entry(root, entry):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(root, entry)

    monkeypatch.setattr(bundle, "_write_entry", write_entry)
    out = tmp_path / "exports" / "mou"
    out.parent.mkdir()
    code = run_main("--config", str(config), "export", "mou-2026", "--out", str(out))
    assert calls["n"] >= 5
    assert code == 1
    assert capsys.readouterr().err == (
        "Error: The disk is full; free some space and run the command again.\n"
    )  # it was "Internal error (OSError)": a full disk in write() names no file
    assert list(out.parent.iterdir()) == []  # no partial export, no staging copy


# --- a read-only store -------------------------------------------------------------------------


@contextmanager
def _read_only(path: Path):
    """Make `path` read-only for foia: a read-only bind mount as root (root ignores modes),
    else chmod 0500/0400 (restored afterwards)."""
    if os.geteuid() != 0:
        saved = {p: p.stat().st_mode for p in [path, *path.rglob("*")]}
        for p in saved:
            p.chmod(0o500 if p.is_dir() else 0o400)
        try:
            yield
        finally:
            for p, mode in reversed(list(saved.items())):
                p.chmod(mode)
        return
    bind = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True, text=True)
    if bind.returncode != 0:
        server_unavailable(f"cannot bind-mount a read-only store here: {bind.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }  # fmt: skip


def test_a_read_only_store_stops_with_one_sentence_and_changes_nothing(
    dovecot: MailAccount, tmp_path: Path, monkeypatch
):
    app = make_app(dovecot, tmp_path, monkeypatch)
    dovecot.append("INBOX", message("RE: [CT-0044] first", message_id="<first@d.org>"))
    assert foia_subprocess(app, "poll").returncode == 0
    dovecot.append("INBOX", message("RE: [CT-0044] second", message_id="<second@d.org>"))
    before = _tree(app.store.root)
    with _read_only(app.store.root):
        result = foia_subprocess(app, "poll")
        assert _tree(app.store.root) == before
    assert result.returncode == 1, result.stdout + result.stderr
    _one_sentence(result.stderr)
    expected = "the file system is read-only" if os.geteuid() == 0 else "permission denied"
    assert result.stderr.startswith("Error: Cannot use ") and expected in result.stderr, (
        result.stderr
    )
    assert counts(app) == (1, 1, 1)  # nothing recorded for the mail it could not store
    again = foia_subprocess(app, "poll", "--format", "json")  # writable again: it resumes
    assert json.loads(again.stdout)["stored"] == 1


# --- a damaged database ------------------------------------------------------------------------


def _truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _overwrite_header(path: Path) -> None:
    with path.open("r+b") as db:
        db.write(b"not a database at all, sorry.\0" + b"\xff" * 70)


@pytest.mark.parametrize("damage", [_truncate_half, _overwrite_header], ids=["truncated", "header"])
@pytest.mark.parametrize("command", [["status"], ["poll"], ["verify"], ["messages"]])
def test_a_damaged_database_is_one_sentence_and_never_rewritten(
    tmp_path: Path, damage, command: list[str]
):
    from foia_tracker.workspace import init_workspace
    from tests.conftest import MINIMAL_CONFIG
    from tests.test_export import build_collect_data

    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    data = build_collect_data(config.parent)
    data.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data.db.close()
    database = config.parent / "foia.db"
    for extra in ("foia.db-wal", "foia.db-shm"):
        (config.parent / extra).unlink(missing_ok=True)
    damage(database)
    before = database.read_bytes()
    env = {**os.environ, "FOIA_TEST_IMAP_PASSWORD": "x"}
    env.pop("FOIA_CRASH_AT", None)
    result = subprocess.run(
        [sys.executable, "-c", RUN_FOIA, "--config", str(config), *command],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode in (1, 2), result.stdout + result.stderr
    _one_sentence(result.stderr)
    assert "damaged" in result.stderr or "not a foia database" in result.stderr, result.stderr
    assert database.read_bytes() == before  # never overwritten, never "repaired"


# --- partial files of a killed writer ----------------------------------------------------------


def test_a_killed_writers_partial_files_are_swept_by_the_next_writer(tmp_path: Path):
    """Kill trials found partial files (.tmp) of killed sends left in store/tmp for good."""
    store = Store(tmp_path / "store")
    store.create()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    orphan = store.root / "tmp" / f".abc.eml.p{int(dead.stdout)}.k3j_x9aa.tmp"
    orphan.write_bytes(b"half a message")
    mine = store.root / "tmp" / f".def.eml.p{os.getpid()}.q8z_y7bb.tmp"
    mine.write_bytes(b"being written")
    stranger = store.root / "tmp" / "notes.txt"
    stranger.write_bytes(b"not ours")
    with store.lock():
        pass
    assert not orphan.exists()
    assert mine.exists() and stranger.exists()  # a live writer's file, and a stranger's, stay
    store.put_raw(b"From: a\r\n\r\nbody\r\n")
    assert sorted(p.name for p in (store.root / "tmp").iterdir()) == sorted(
        [mine.name, "notes.txt"]
    )
