"""Faults at the socket, disk and database level: each with a bounded retry (or a clean stop the
next run resumes from) and a clear message, and no data lost.

- IMAP: a connection cut in the middle of a FETCH literal (poll, then poll --watch), a server
  outage during poll --watch (a restart, as the client sees it), a Sent folder that vanishes
  while track_sent is on. A UIDVALIDITY change is tests/integration/test_poll.py::
  test_a_uidvalidity_change_resyncs_without_duplicates.
- Disk: ENOSPC injected at each store write (raw mail, attachment, the temp file, an export
  file); a store the user made read-only.
- Database: foia.db truncated to half, or its header overwritten.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
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
    PASSWORD_ENV,
    RUN_FOIA,
    counts,
    foia_subprocess,
    make_app,
    message,
)
from tests.reliability import trials
from tests.reliability.proxy import CuttingProxy

pytestmark = pytest.mark.integration
ROOT = Path(__file__).parents[2]


@dataclass
class Via:
    """A Dovecot account reached through the cutting proxy (what make_app reads)."""

    account: MailAccount
    port: int
    host: str = "127.0.0.1"

    def __getattr__(self, name: str):
        return getattr(self.account, name)


@pytest.fixture
def proxy(dovecot: MailAccount):
    started = CuttingProxy(dovecot.port)
    yield started
    started.close()


def _big(n: int) -> bytes:
    return message(f"RE: [CT-0044] part {n}", f"{n}" * 120_000, message_id=f"<big-{n}@d.org>")


def _stored(app) -> set[bytes]:
    app.db.execute("SELECT 1")
    return {app.store.read_raw(r["raw_sha256"]) for r in rows(app.db, "SELECT raw_sha256 FROM messages")}  # fmt: skip


def _one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr and "Internal error" not in stderr, stderr
    assert stderr.strip().count("\n") <= 1, stderr


# --- IMAP --------------------------------------------------------------------------------------


def test_a_connection_cut_mid_fetch_is_reopened_and_nothing_is_lost(
    dovecot: MailAccount, proxy: CuttingProxy, tmp_path: Path, monkeypatch
):
    app = make_app(Via(dovecot, proxy.port), tmp_path, monkeypatch)
    raws = [_big(n) for n in range(5)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    proxy.cut_after(250_000)  # inside the second or third message's literal

    cut = foia_subprocess(app, "poll", "--format", "json")

    assert proxy.cuts == 1 and proxy.connections == 2
    assert cut.returncode == 0, cut.stderr
    assert "connection lost" in cut.stderr and "reconnecting (1 of 2)" in cut.stderr
    assert json.loads(cut.stdout)["stored"] == 5
    assert _stored(app) == set(raws)
    assert counts(app) == (5, 5, 5)


def test_a_connection_that_keeps_dropping_stops_the_poll_in_one_sentence(
    dovecot: MailAccount, proxy: CuttingProxy, tmp_path: Path, monkeypatch
):
    """Bounded: three drops in one poll and it stops (exit 1); the next poll resumes."""
    app = make_app(Via(dovecot, proxy.port), tmp_path, monkeypatch)
    raws = [_big(n) for n in range(4)]
    for raw in raws:
        dovecot.append("INBOX", raw)
    stop = _cut_every_connection(proxy, 150_000)
    try:
        cut = foia_subprocess(app, "poll")
    finally:
        stop()
    assert cut.returncode == 1, cut.stderr
    assert proxy.connections == 3
    last = cut.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: The connection to the mail server dropped 3 times"), cut.stderr
    assert "Traceback" not in cut.stderr and "Internal error" not in cut.stderr
    kept = len(_stored(app))
    assert kept < 4  # a cut batch is fetched again next time, never stored half
    again = foia_subprocess(app, "poll", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["stored"] == 4 - kept
    assert _stored(app) == set(raws)
    assert counts(app) == (4, 4, 4)


def _cut_every_connection(proxy: CuttingProxy, after: int):
    """Re-arm the cut whenever a new connection opens; returns a function that stops it."""
    import threading

    done = threading.Event()

    def rearm():
        seen = proxy.connections
        proxy.cut_after(after)
        while not done.is_set():
            if proxy.connections != seen:
                seen = proxy.connections
                proxy.cut_after(after)
            time.sleep(0.005)

    threading.Thread(target=rearm, daemon=True).start()
    return done.set


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_watch_rides_out_a_cut_fetch_and_a_server_restart(
    dovecot: MailAccount, proxy: CuttingProxy, tmp_path: Path, monkeypatch
):
    """poll --watch: a FETCH cut mid-literal, then the server away for 2 s (every connection
    dropped, new ones refused): it reconnects with a bounded back-off and files everything."""
    app = make_app(Via(dovecot, proxy.port), tmp_path, monkeypatch)
    log = tmp_path / "watch.log"
    env = {**os.environ, PASSWORD_ENV: dovecot.password}
    env.pop("FOIA_CRASH_AT", None)
    with log.open("w") as err:
        watcher = subprocess.Popen(
            [sys.executable, "-c", RUN_FOIA, "--config", str(app.config_path), "poll", "--watch"],
            stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT,
        )  # fmt: skip
    try:
        raws = [_big(n) for n in range(6)]
        dovecot.append("INBOX", raws[0])
        assert _wait_for(lambda: len(_stored(app)) == 1), log.read_text()
        proxy.cut_after(60_000)  # the next message's FETCH is cut in its literal
        dovecot.append("INBOX", raws[1])
        dovecot.append("INBOX", raws[2])
        assert _wait_for(lambda: len(_stored(app)) == 3), log.read_text()
        assert proxy.cuts == 1
        proxy.outage()
        for raw in raws[3:]:
            dovecot.append("INBOX", raw)
        time.sleep(2)
        proxy.restore()
        assert _wait_for(lambda: len(_stored(app)) == 6), log.read_text()
        assert watcher.poll() is None  # still watching
    finally:
        watcher.kill()
        watcher.wait()
    warnings = log.read_text()
    assert "connection lost" in warnings and "Traceback" not in warnings, warnings
    assert _stored(app) == set(raws)
    assert counts(app) == (6, 6, 6)


def test_a_vanished_sent_folder_is_a_warning_and_the_poll_goes_on(
    dovecot: MailAccount, tmp_path: Path, monkeypatch, caplog
):
    """track_sent on a named Sent folder the user then deletes (this Dovecot re-creates its
    special-use Sent folder on access, so the named one stands for it)."""
    with dovecot.connect() as client:
        client.create_folder("Sent Items")
    app = make_app(dovecot, tmp_path, monkeypatch,
                   extra='track_sent = true\nsent_folder = "Sent Items"')  # fmt: skip
    dovecot.append("Sent Items", message("Hello", "private", sender=dovecot.address, to="f@x.org"))
    intake.poll(app.db, app.store, app.config, now=NOW)
    with dovecot.connect() as client:
        client.delete_folder("Sent Items")
    dovecot.append("INBOX", message("RE: [CT-0044] after", message_id="<after@d.org>"))

    report = intake.poll(app.db, app.store, app.config, now=NOW)

    assert report.stored == 1 and report.errors == 0
    assert "could not read the Sent folder Sent Items" in caplog.text
    assert [r["message_id"] for r in rows(app.db, "SELECT message_id FROM messages")] == ["<after@d.org>"]  # fmt: skip


def test_a_uidvalidity_change_with_new_mail_keeps_each_message_once(
    dovecot: MailAccount, tmp_path: Path, monkeypatch
):
    """The folder is rebuilt by the server (new UIDVALIDITY, RFC 3501 section 2.3.1.1) while
    new mail arrives: the old mail is recognised by its bytes, the new mail is stored, nothing
    twice. (The plain resync: tests/integration/test_poll.py::
    test_a_uidvalidity_change_resyncs_without_duplicates.)"""
    app = make_app(dovecot, tmp_path, monkeypatch)
    old = [message(f"RE: [CT-0044] old {n}", message_id=f"<old-{n}@d.org>") for n in range(3)]
    for raw in old:
        dovecot.append("INBOX", raw)
    assert intake.poll(app.db, app.store, app.config, now=NOW).stored == 3
    dovecot.change_uidvalidity("INBOX")
    new = [message(f"RE: [CT-0043] new {n}", message_id=f"<new-{n}@d.org>") for n in range(2)]
    for raw in new:
        dovecot.append("INBOX", raw)

    report = intake.poll(app.db, app.store, app.config, now=NOW)

    assert (report.fetched, report.stored) == (5, 2)
    assert _stored(app) == set(old + new)
    assert counts(app)[0] == 5 and counts(app)[2] == 5
    assert intake.poll(app.db, app.store, app.config, now=NOW).fetched == 0


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
