"""Kill trials of the commands that write outside the mailbox: `export` (folder and zip) and
`fetch`. The method, the checks and the figures are those of test_kill_trials.py."""

from __future__ import annotations

import threading
import time
import zipfile
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from foia_tracker.db import rows, transaction
from foia_tracker.links.service import FiledText, record_links
from foia_tracker.sandbox.documents import simple_pdf
from foia_tracker.store import sha256_hex as store_hash
from foia_tracker.workspace import init_workspace
from tests import test_export as export_data
from tests import test_links as links_data
from tests.conftest import MINIMAL_CONFIG
from tests.reliability import trials
from tests.reliability.zygote import Zygote
from tests.test_export import build_collect_data

pytestmark = pytest.mark.integration


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
    trials.fresh(db)
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
