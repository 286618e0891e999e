"""SIGKILL real `foia` commands at random moments of their work, then check nothing broke.

Each scenario draws its kill moments from a fixed seed (trials.SEED) within the duration of one
clean run measured first, so the kills land in real work on a fast or a slow machine alike; the
commands start from a zygote that has done the import phase (zygote.py). After the kills: one
clean run, then nothing lost, nothing doubled beyond one extra delivery per kill that caught a
letter mid-SMTP, `PRAGMA integrity_check` ok, no temp or staging file left, and the next command
runs without any repair. Figures are printed at the end (see docs/reliability.md); FOIA_SOAK=N
multiplies the trial counts.
"""

from __future__ import annotations

import json
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from foia_tracker.db import open_db, rows, transaction
from foia_tracker.links.service import FiledText, record_links
from foia_tracker.sandbox.documents import simple_pdf
from foia_tracker.store import sha256_hex as store_hash
from foia_tracker.tokens import new_token
from foia_tracker.workspace import init_workspace
from tests import test_export as export_data
from tests import test_links as links_data
from tests.conftest import MINIMAL_CONFIG
from tests.integration import test_send as send_helpers
from tests.integration.servers import MailAccount
from tests.integration.test_poll import PASSWORD_ENV, make_app, message
from tests.reliability import trials
from tests.reliability.zygote import Zygote, import_seconds
from tests.test_export import build_collect_data
from tests.test_intake import add_request

pytestmark = pytest.mark.integration

POLL_KILLS = 22 * trials.SOAK
WATCH_KILLS = 20 * trials.SOAK


@pytest.fixture(scope="module")
def import_phase() -> float:
    seconds = import_seconds()
    trials.IMPORT_PHASE.append(seconds)
    print(f"import phase of a fresh `foia`: {seconds:.2f} s (the zygote skips it)")
    return seconds


@pytest.fixture
def zygote(tmp_path: Path, import_phase: float) -> Iterator[Zygote]:
    started = Zygote(tmp_path)
    yield started
    started.close()


def fresh(db) -> None:
    db.execute("SELECT 1")  # a new read of what the killed processes committed


# --- poll and poll --watch -------------------------------------------------------------------


def _append_batch(account: MailAccount, first: int, size: int) -> list[bytes]:
    raws = []
    for n in range(first, first + size):
        if n % 6 == 0:
            raw = trials.mail_with_pdf(n, "CT-0044", "records@district2.example.org", "zebra")
        else:
            raw = message(f"RE: [CT-0043] part {n}", "y" * 30000, message_id=f"<kill-{n}@d.org>")
        account.append("INBOX" if n % 5 else "Junk", raw)
        raws.append(raw)
    return raws


def _poll_trials(zygote, app, account, argv, target, result) -> list[bytes]:
    chance = trials.rng(" ".join(argv))
    env = {PASSWORD_ENV: account.password}
    appended = _append_batch(account, 0, 6)
    clean = zygote.run(["--config", str(app.config_path), "poll"], env)
    assert clean.code == 0, clean.output
    print(f"{' '.join(argv)}: a clean poll of 6 messages took {clean.seconds:.2f} s")
    span = max(clean.seconds, 0.1) * (1.5 if "--watch" in argv else 1.0)
    attempts = 0
    while result.kills < target and attempts < 3 * target:
        attempts += 1
        appended += _append_batch(account, len(appended), 6)
        outcome = zygote.kill_after(["--config", str(app.config_path), *argv], env,
                                    chance.uniform(0.005, span))  # fmt: skip
        result.trials += 1
        result.kills += outcome.killed
        assert outcome.killed or outcome.code == 0, outcome.output
    return appended


@pytest.mark.parametrize("argv", [["poll"], ["poll", "--watch"]], ids=["poll", "watch"])
def test_polls_killed_at_random_lose_and_double_nothing(
    dovecot: MailAccount, tmp_path: Path, monkeypatch, zygote: Zygote, argv: list[str]
):
    app = make_app(dovecot, tmp_path, monkeypatch)
    result = trials.tally("poll --watch" if "--watch" in argv else "poll")
    target = WATCH_KILLS if "--watch" in argv else POLL_KILLS
    appended = _poll_trials(zygote, app, dovecot, argv, target, result)
    env = {PASSWORD_ENV: dovecot.password}
    final = zygote.run(["--config", str(app.config_path), "poll"], env)
    again = zygote.run(["--config", str(app.config_path), "poll", "--format", "json"], env)
    assert final.code == 0 and again.code == 0, final.output + again.output
    assert json.loads(again.output)["fetched"] == 0  # the next command needs no repair
    fresh(app.db)
    stored = [app.store.read_raw(r["raw_sha256"]) for r in rows(app.db, "SELECT raw_sha256 FROM messages")]  # fmt: skip
    copies = rows(app.db, "SELECT count(*) AS n FROM message_copies")[0]["n"]
    result.items = len(appended)
    result.lost = len(set(appended) - set(stored))
    result.doubled = len(stored) - len(set(stored)) + max(0, copies - len(appended))
    assert (result.lost, result.doubled) == (0, 0)
    assert copies == len(appended)
    assert result.kills >= target
    pending = rows(app.db, "SELECT count(*) AS n FROM documents WHERE text_status = 'pending'")
    assert pending[0]["n"] == 0
    assert trials.integrity(app.config.store.database) == "ok"
    assert trials.store_tmp(app.store.root) == []


# --- campaign send and followup --send -------------------------------------------------------

SEND_KILLS = 22 * trials.SOAK
FOLLOWUP_KILLS = 20 * trials.SOAK


def _in_flight(database: Path) -> int:
    """Letters a kill caught between "about to send" and "sent" (the documented in-flight case)."""
    db = open_db(database)
    try:
        return rows(db, "SELECT count(*) AS n FROM outbox WHERE state = 'sending'")[0]["n"]
    finally:
        db.close()


def _kill_until(zygote, job, target: int, result, chance, refill) -> None:
    """Run `argv()` with a kill at a random moment of `span`, until `target` kills landed;
    `refill()` adds work when a run finished everything."""
    argv, env, database, span = job
    attempts = 0
    while result.kills < target and attempts < 3 * target:
        attempts += 1
        outcome = zygote.kill_after(argv(), env, chance.uniform(0.005, span))
        result.trials += 1
        assert outcome.killed or outcome.code == 0, outcome.output
        if outcome.killed:
            result.kills += 1
            caught = _in_flight(database)
            assert caught <= 1, "a kill can catch one letter in flight, never more"
            result.in_flight += caught
        else:
            refill()


def _settle(zygote, argv, env, database) -> None:
    final = zygote.run(argv, env)
    assert final.code == 0, final.output
    assert trials.integrity(database) == "ok"
    again = zygote.run(argv, env)  # the next command needs no repair and sends nothing
    assert again.code == 0, again.output
    assert _in_flight(database) == 0


@pytest.mark.parametrize("mode", ["plain", "provider-like"])
def test_campaign_send_killed_at_random_loses_nothing(
    tmp_path: Path, dovecot: MailAccount, make_smtp, zygote: Zygote, mode: str
):
    smtp = make_smtp(mode, dovecot=dovecot.server, sent_user=dovecot.user)
    sent_copy = "auto" if mode == "provider-like" else "append"
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp, sent_copy=sent_copy)
    database = send_helpers.Env(config).config.store.database
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    made: list[dict] = []
    names: list[str] = []

    def campaign(count: int) -> list[str]:
        db = open_db(database)
        names.append(f"mou-{len(names)}")
        made.extend(send_helpers.make_campaign(db, count, name=names[-1]))
        db.close()
        return ["--config", str(config), "campaign", "send", names[-1]]

    clean = zygote.run(campaign(4), env)
    assert clean.code == 0, clean.output
    argv = [campaign(30)]

    def refill() -> None:
        argv[0] = campaign(30)

    result = trials.tally(f"campaign send ({mode})")
    chance = trials.rng(f"send {mode}")
    span = max(clean.seconds, 0.1) * 1.5
    _kill_until(zygote, (lambda: argv[0], env, database, span), SEND_KILLS, result, chance, refill)
    for name in names:
        _settle(zygote, ["--config", str(config), "campaign", "send", name], env, database)
    counts = send_helpers.deliveries(smtp)
    result.items = len(made)
    result.lost = len({m["to"] for m in made} - set(counts))
    result.doubled = sum(n - 1 for n in counts.values())
    assert result.lost == 0
    assert result.doubled <= result.in_flight
    assert result.kills >= SEND_KILLS
    db = open_db(database)
    assert {r["state"] for r in rows(db, "SELECT state FROM outbox")} == {"sent"}
    assert trials.store_tmp(Path(send_helpers.Env(config).config.store.path)) == []


def test_followup_send_killed_at_random_loses_nothing(
    tmp_path: Path, dovecot: MailAccount, smtp_plain, zygote: Zygote
):
    """Overdue requests (sent 2026-11-02, CT's four business days long past): one follow-up
    each, whatever the kills; the next run has nothing due (every_days holds it back)."""
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp_plain, sent_copy="never")
    database = send_helpers.Env(config).config.store.database
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    agencies: list[str] = []

    def overdue(count: int) -> None:
        db = open_db(database)
        for _ in range(count):
            n = len(agencies) + 1
            agencies.append(f"records@late{n}.example")
            request = add_request(db, f"CT-{n:04d}", new_token(), agencies[-1])
            db.execute("UPDATE requests SET due = '2026-11-06' WHERE id = ?", (request,))
        db.conn.commit()
        db.close()

    argv = ["--config", str(config), "followup", "--send"]
    overdue(4)
    clean = zygote.run(argv, env)
    assert clean.code == 0, clean.output
    assert "Sent 4 followup(s)" in clean.output, clean.output
    overdue(20)
    result = trials.tally("followup --send")
    span = max(clean.seconds, 0.1) * 1.5
    _kill_until(zygote, (lambda: argv, env, database, span), FOLLOWUP_KILLS, result,
                trials.rng("followup"), lambda: overdue(20))  # fmt: skip
    _settle(zygote, argv, env, database)
    counts = send_helpers.deliveries(smtp_plain)
    result.items = len(agencies)
    result.lost = len(set(agencies) - set(counts))
    result.doubled = sum(n - 1 for n in counts.values())
    assert result.lost == 0
    assert result.doubled <= result.in_flight
    assert result.kills >= FOLLOWUP_KILLS
    db = open_db(database)
    queued = rows(db, "SELECT request_id, count(*) AS n FROM outbox WHERE kind != 'request' "
                      "GROUP BY request_id HAVING n > 1")  # fmt: skip
    assert queued == []  # a killed run never queues a second follow-up for the same request
    assert {r["state"] for r in rows(db, "SELECT state FROM outbox")} == {"sent"}


# --- export (folder and zip) -----------------------------------------------------------------

EXPORT_KILLS = 12 * trials.SOAK


def _export_workspace(tmp_path: Path) -> Path:
    """The export tests' campaign (tests/test_export.py) plus 24 one-megabyte scans, so an
    export takes long enough to be cut off anywhere."""
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    data = build_collect_data(config.parent)
    chance = trials.rng("export data")
    with data.db.conn:
        message_row = data.messages[next(iter(data.messages))]
        for n in range(24):
            content = chance.randbytes(1024 * 1024)
            export_data._file(data, message_row, f"scan-{n}.pdf", content, "application/pdf", "")
    data.db.close()
    return config


def _snapshot(target: Path) -> dict[str, bytes]:
    if target.suffix == ".zip":
        with zipfile.ZipFile(target) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}  # fmt: skip


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_export_killed_at_random_leaves_no_staging_and_reexports_whole(
    tmp_path: Path, zygote: Zygote, kind: str
):
    config = _export_workspace(tmp_path)
    suffix = ".zip" if kind == "zip" else ""
    reference, target = tmp_path / f"reference{suffix}", tmp_path / "out" / f"mou{suffix}"
    target.parent.mkdir()
    base = ["--config", str(config), "export", "mou-2026", "--as-of", "2026-11-28"]
    clean = zygote.run([*base, "--out", str(reference)], {})
    assert clean.code in (0, 1), clean.output  # 1: the data set has a document missing on purpose
    expected = _snapshot(reference)
    result = trials.tally(f"export ({kind})")
    chance = trials.rng(f"export {kind}")
    span = max(clean.seconds, 0.1) * 1.2
    attempts = 0
    while result.kills < EXPORT_KILLS and attempts < 3 * EXPORT_KILLS:
        attempts += 1
        outcome = zygote.kill_after([*base, "--out", str(target), "--force"], {},
                                    chance.uniform(0.005, span))  # fmt: skip
        result.trials += 1
        result.kills += outcome.killed
        assert outcome.killed or outcome.code == clean.code, outcome.output
    final = zygote.run([*base, "--out", str(target), "--force"], {})
    assert final.code == clean.code, final.output
    got = _snapshot(target)
    result.items = len(expected)
    result.lost = len(set(expected) - set(got))
    result.doubled = len(set(got) - set(expected))
    assert got == expected
    assert trials.leftovers(target.parent) == []
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    assert result.kills >= EXPORT_KILLS
    assert trials.integrity(config.parent / "foia.db") == "ok"


# --- fetch -----------------------------------------------------------------------------------

FETCH_KILLS = 20 * trials.SOAK


class _SlowFiles(BaseHTTPRequestHandler):
    """PDFs of 256 KiB sent in 32 KiB pieces a few milliseconds apart, like a slow portal."""

    files: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), 32768):
            self.wfile.write(body[start : start + 32768])
            time.sleep(0.002)

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_files():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowFiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _SlowFiles.files = {}
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_killed_at_random_files_each_link_once(
    tmp_path: Path, zygote: Zygote, slow_files: str
):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    db, store = links_data._seed(config)
    chance = trials.rng("fetch data")
    received = datetime(2026, 11, 16, 15, tzinfo=UTC)

    def links(count: int) -> None:
        urls = []
        for _ in range(count):
            path = f"/files/records-{len(_SlowFiles.files)}.pdf"
            _SlowFiles.files[path] = simple_pdf([f"record {path}"]) + chance.randbytes(256 * 1024)
            urls.append(slow_files + path)
        with transaction(db):
            record_links(db, FiledText(5, (1,), "The records: " + " ".join(urls), received))

    argv = ["--config", str(config), "fetch", "--all"]
    links(3)
    clean = zygote.run(argv, {})
    assert clean.code == 0, clean.output
    links(8)
    result = trials.tally("fetch")
    span = max(clean.seconds, 0.1) * 2
    attempts = 0
    while result.kills < FETCH_KILLS and attempts < 3 * FETCH_KILLS:
        attempts += 1
        outcome = zygote.kill_after(argv, {}, chance.uniform(0.005, span))
        result.trials += 1
        result.kills += outcome.killed
        assert outcome.killed or outcome.code == 0, outcome.output
        if not outcome.killed:
            links(8)
    final = zygote.run(argv, {})
    assert final.code == 0, final.output
    fresh(db)
    statuses = {r["status"] for r in rows(db, "SELECT status FROM links")}
    fetched = rows(db, "SELECT sha256 FROM attachments WHERE source = 'link'")
    result.items = len(_SlowFiles.files)
    result.lost = len({store_hash(b) for b in _SlowFiles.files.values()} - {f["sha256"] for f in fetched})  # fmt: skip
    result.doubled = len(fetched) - len({f["sha256"] for f in fetched})
    assert (result.lost, result.doubled, statuses) == (0, 0, {"fetched"})
    assert all(store.read_file(f["sha256"]) for f in fetched)
    assert zygote.run(argv, {}).output.startswith("Fetched 0 document(s).")
    assert result.kills >= FETCH_KILLS
    assert trials.integrity(config.parent / "foia.db") == "ok"
    assert trials.store_tmp(store.root) == []


def test_followups_queued_by_a_killed_run_are_sent_by_the_next(
    tmp_path: Path, dovecot: MailAccount, smtp_plain, zygote: Zygote
):
    """Found by the trials above: a run killed after queueing its follow-ups left them pending;
    they count as "followed up", so the next run drafted none, said "No followup is due." and
    never sent them."""
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp_plain, sent_copy="never")
    database = send_helpers.Env(config).config.store.database
    db = open_db(database)
    for n in range(1, 4):
        request = add_request(db, f"CT-{n:04d}", new_token(), f"records@late{n}.example")
        db.execute("UPDATE requests SET due = '2026-11-06' WHERE id = ?", (request,))
    db.conn.commit()
    db.close()
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    argv = ["--config", str(config), "followup", "--send"]
    killed = zygote.run(argv, {**env, "FOIA_CRASH_AT": "send.after_pending_commit:1"})
    assert killed.code == 137, killed.output
    assert smtp_plain.received == []

    again = zygote.run(argv, env)

    assert again.code == 0, again.output
    assert "No followup is due." not in again.output
    assert set(send_helpers.deliveries(smtp_plain)) == {f"records@late{n}.example" for n in range(1, 4)}  # fmt: skip
    assert "No followup is due." in zygote.run(argv, env).output
