"""Faults at the socket, disk and database level: each with a bounded retry (or a clean stop the
next run resumes from) and a clear message, and no data lost.

- IMAP: a connection cut in the middle of a FETCH literal (poll, then poll --watch), a server
  outage during poll --watch (a restart, as the client sees it), a Sent folder that vanishes
  while track_sent is on. A UIDVALIDITY change is tests/integration/test_poll.py::
  test_a_uidvalidity_change_resyncs_without_duplicates.
- Disk and database: test_faults_disk.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from foia_tracker.db import rows
from foia_tracker.intake import pipeline as intake
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
