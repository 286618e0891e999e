"""Benchmark: `foia poll` of a big mailbox against `mbsync` pulling the same mailbox.

    python bench/bench_poll.py [--messages 2000] [--requests 2000]

Starts a private Dovecot (tests/integration/servers.py), APPENDs the messages (replies naming
the seeded requests' refs, a fifth with a ~200 KB PDF-like attachment), then times on the same
server in the same run:
  1. foia poll into a fresh workspace: fetch, store raw (fsync), parse, match, classify, file,
     extract attachment text, index for search;
  2. mbsync (isync, `apt-get install isync`) pulling INBOX into a Maildir: transport + disk;
  3. a bare imapclient loop fetching BODY.PEEK[] in batches: transport only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foia_tracker.config import load_config  # noqa: E402
from foia_tracker.db import open_db, transaction  # noqa: E402
from foia_tracker.intake import pipeline as intake  # noqa: E402
from foia_tracker.sandbox.documents import simple_pdf  # noqa: E402
from foia_tracker.store import Store  # noqa: E402
from foia_tracker.workspace import init_workspace  # noqa: E402
from tests.integration.servers import DovecotServer  # noqa: E402

CONFIG = """
[requester]
name = "Bench"
email = "{user}"
[imap]
host = "127.0.0.1"
port = {port}
security = "none"
username = "{user}"
password_env = "FOIA_BENCH_PASSWORD"
folders = ["INBOX"]
[replies]
mode = "none"
"""


def seed_requests(db, n: int) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO campaigns (id, name, template, subject, created_at) "
            "VALUES (1, 'bench', 'student-data-agreements', 's', 'x')"
        )
        for i in range(1, n + 1):
            db.execute(
                "INSERT INTO agencies (id, name, name_key, state, email, created_at, "
                "updated_at) VALUES (?, ?, ?, 'CT', ?, 'x', 'x')",
                (i, f"District {i}", f"district {i}", f"records@d{i}.example"),
            )
            db.execute(
                "INSERT INTO requests (id, ref, token, campaign_id, agency_id, "
                "jurisdiction, status, to_addr, subject, letter, created_at, sent_at) "
                "VALUES (?, ?, ?, 1, ?, 'CT', 'sent', ?, 's', 'l', 'x', ?)",
                (
                    i,
                    f"CT-{i:04d}",
                    f"tok{i}",
                    i,
                    f"records@d{i}.example",
                    "2026-11-02T15:00:00+00:00",
                ),
            )


def make_message(i: int, n_requests: int, rng: random.Random) -> bytes:
    """Half the mailbox answers a request (ref in the subject, from the agency); the other half
    is unrelated mail that waits in the holding pen. Every fifth message carries a text PDF and
    a 150 KB image."""
    req = rng.randint(1, n_requests)
    msg = EmailMessage()
    if i % 2:
        msg["From"] = f"Friend <friend{i}@mail.example>"
        msg["Subject"] = "Lunch on Friday?"
    else:
        msg["From"] = f"Clerk <records@d{req}.example>"
        msg["Subject"] = f"RE: Public records request CT-{req:04d}"
    msg["To"] = "bench@example.org"
    msg["Message-ID"] = f"<bench-{i}@d{req}.example>"
    msg["Date"] = "Mon, 16 Nov 2026 10:00:00 -0500"
    msg.set_content(
        "Dear Ms. Doe,\n\nWe acknowledge receipt of your public records request and will "
        "respond within the time the law allows. Your request has been assigned number "
        f"PRR-2026-{i:05d}.\n\nSincerely,\nRecords Office\n\n" + "> quoted original\n" * 30
    )
    if i % 5 == 0:
        lines = [
            f"Data sharing agreement {i}, clause {n}: student identifiers, dates of birth and "
            "enrollment history."
            for n in range(300)
        ]
        msg.add_attachment(
            simple_pdf(lines), maintype="application", subtype="pdf", filename=f"agreement-{i}.pdf"
        )
        msg.add_attachment(
            rng.randbytes(150_000), maintype="image", subtype="jpeg", filename=f"scan-{i}.jpg"
        )
    return msg.as_bytes()


def fill(server: DovecotServer, user, n: int, n_requests: int) -> int:
    rng = random.Random(7)
    total = 0
    with server.connect(user) as client:
        for i in range(n):
            raw = make_message(i, n_requests, rng)
            total += len(raw)
            client.append("INBOX", raw)
    return total


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_foia(tmp: Path, server, user, n_requests: int) -> float:
    os.environ["FOIA_BENCH_PASSWORD"] = user.password
    config_path = init_workspace(tmp / "ws", CONFIG.format(user=user.name, port=server.port))
    config = load_config(config_path)
    db = open_db(config.store.database)
    seed_requests(db, n_requests)
    store = Store(config.store.path)
    report = {}

    def poll():
        report["r"] = intake.poll(db, store, config, now=datetime.now(UTC))

    seconds = timed(poll)
    print(f"   foia: {report['r'].as_json()}")
    return seconds


def run_mbsync(tmp: Path, server, user) -> float | None:
    if not shutil.which("mbsync"):
        print("   mbsync not installed (apt-get install isync): reference skipped")
        return None
    maildir = tmp / "maildir"
    maildir.mkdir()
    conf = tmp / "mbsyncrc"
    conf.write_text(f"""IMAPAccount bench
Host 127.0.0.1
Port {server.port}
User {user.name}
Pass {user.password}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Create Near
Sync Pull
SyncState *
""")
    return timed(lambda: subprocess.run(["mbsync", "-c", str(conf), "-a"], check=True))


def run_bare(server, user) -> float:
    def fetch():
        with server.connect(user) as client:
            client.select_folder("INBOX", readonly=True)
            uids = client.search(["ALL"])
            for start in range(0, len(uids), 200):
                client.fetch(uids[start : start + 200], ["BODY.PEEK[]", "INTERNALDATE"])

    return timed(fetch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server = DovecotServer()
        server.start(tmp / "dovecot")
        try:
            user = server.add_user("bench")
            size = fill(server, user, args.messages, args.requests)
            print(
                f"mailbox: {args.messages} messages, {size / 1e6:.1f} MB; "
                f"{args.requests} open requests"
            )
            foia = run_foia(tmp, server, user, args.requests)
            mbsync = run_mbsync(tmp, server, user)
            bare = run_bare(server, user)
        finally:
            server.stop()
    print(f"foia poll:             {foia:7.2f} s  ({args.messages / foia:6.0f} msg/s)")
    if mbsync:
        print(f"mbsync (reference):    {mbsync:7.2f} s  ({args.messages / mbsync:6.0f} msg/s)")
        print(f"ratio foia/mbsync:     {foia / mbsync:7.2f}")
    print(f"bare imapclient fetch: {bare:7.2f} s  ({args.messages / bare:6.0f} msg/s)")


if __name__ == "__main__":
    main()
