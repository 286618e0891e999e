"""Database-heavy stages: status over a large campaign, export of the stored documents, and the
launch (directory import + campaign create)."""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
from pathlib import Path

from common import (
    ROOT,
    create_campaign_argv,
    foia,
    run,
    seed_sent_requests,
    workspace,
    write_districts,
)

from foia_tracker.config import load_config
from foia_tracker.db import open_db, transaction
from foia_tracker.store import Store

STATUS_SQL = """
SELECT r.ref, a.name, r.status, r.due,
       (SELECT max(m.date) FROM message_requests mr JOIN messages m ON m.id = mr.message_row
        WHERE mr.request_id = r.id AND m.automated = 0) AS last_reply
FROM requests r JOIN agencies a ON a.id = r.agency_id ORDER BY r.ref;
"""


def _seed_messages(database: Path, requests: int, messages: int) -> None:
    db = open_db(database)
    rng = random.Random(3)
    with transaction(db):
        for i in range(1, messages + 1):
            db.execute(
                "INSERT INTO messages (id, message_id, raw_sha256, size, from_addr, subject, date, "
                "received_at, kind) VALUES (?, ?, ?, 100, 'clerk@d.example', 'RE', "
                "'2026-11-10T10:00:00+00:00', '2026-11-10T10:00:00+00:00', 'acknowledgement')",
                (i, f"<m{i}@x>", f"{i:064x}"),
            )
            db.execute(
                "INSERT INTO message_requests (message_row, request_id, method, score) "
                "VALUES (?, ?, 'ref', 1.0)",
                (i, rng.randint(1, requests)),
            )
    db.close()


def status(sizes: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = workspace(tmp / "ws")
        database = load_config(config).store.database
        seed_sent_requests(config, database, sizes["status_requests"])
        _seed_messages(database, sizes["status_requests"], sizes["status_messages"])
        ours = run(foia(config, "status", "--format", "json"), env={"FOIA_TODAY": "2026-12-01"})
        floor = run(["sqlite3", str(database), STATUS_SQL])
    return {
        "what": f"status, {sizes['status_requests']} requests / {sizes['status_messages']} messages",
        "ours": ours,
        "reference": floor,
        "reference_name": "sqlite3 equivalent query",
    }


def _seed_documents(config: Path, megabytes: int) -> Path:
    settings = load_config(config)
    seed_sent_requests(config, settings.store.database, 50)
    store = Store(settings.store.path)
    store.create()
    db = open_db(settings.store.database)
    chunk = 4 * 1024 * 1024
    count = max(1, megabytes * 1024 * 1024 // chunk)
    with transaction(db):
        for i in range(count):
            data = os.urandom(chunk)
            sha = store.put_file(data)
            raw = store.put_raw(f"Subject: records {i}\r\n\r\nattached\r\n".encode())
            db.execute(
                "INSERT INTO messages (id, message_id, raw_sha256, size, from_addr, subject, "
                "received_at) VALUES (?, ?, ?, 10, 'records@d1.example', 'records', 'x')",
                (i + 1, f"<e{i}@x>", raw),
            )
            db.execute(
                "INSERT INTO message_requests (message_row, request_id, method, score) "
                "VALUES (?, ?, 'ref', 1.0)",
                (i + 1, i % 50 + 1),
            )
            db.execute(
                "INSERT INTO documents (sha256, size, content_type, text_status) "
                "VALUES (?, ?, 'application/octet-stream', 'none')",
                (sha, len(data)),
            )
            db.execute(
                "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, "
                "size, source) VALUES (?, ?, ?, 'application/octet-stream', ?, ?, 'attachment')",
                (i + 1, f"scan-{i}.bin", f"scan-{i}.bin", sha, len(data)),
            )
    return settings.store.path


def export(sizes: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = workspace(tmp / "ws")
        store = _seed_documents(config, sizes["export_mb"])
        ours = run(foia(config, "export", "bench", "--out", str(tmp / "export")))
        floor = run(["cp", "-r", str(store), str(tmp / "copy")])
    return {
        "what": f"export of {sizes['export_mb']} MB of documents",
        "ours": ours,
        "reference": floor,
        "reference_name": "cp -r of the store",
    }


BARE_RENDER = """
import sys
sys.path.insert(0, sys.argv[2])
import csv
from foia_tracker.config import load_config
from foia_tracker.law.jurisdictions import get_jurisdiction
from foia_tracker.letters.render import LetterInputs, letter_context, load_set, render_letter
config = load_config(sys.argv[3])
template_set = load_set("student-data-agreements")
for row in csv.DictReader(open(sys.argv[1])):
    agency = dict(row, extra={}, contact_name="", address="", id=0)
    inputs = LetterInputs(agency, config.requester, get_jurisdiction(row["state"]), "XX-0001", "t",
                          {"period": "2020-2026"})
    render_letter(template_set, "request", letter_context(template_set, inputs))
"""


def launch(sizes: dict) -> dict:
    n = sizes["launch"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = workspace(tmp / "ws")
        directory = write_districts(tmp / "districts.csv", n)
        steps = " && ".join(
            " ".join(f"'{a}'" for a in argv)
            for argv in (
                foia(config, "agencies", "import", str(directory)),
                create_campaign_argv(config, "--all"),
            )
        )
        ours = run(["sh", "-c", steps])
        floor = run([sys.executable, "-c", BARE_RENDER, str(directory), str(ROOT), str(config)])
    return {
        "what": f"launch: import {n} + campaign create",
        "ours": ours,
        "reference": floor,
        "reference_name": "bare letter rendering (no database)",
    }


def directory_import(sizes: dict) -> dict:
    """`foia agencies import` of a national-size directory vs `sqlite-utils insert` of it."""
    n = sizes["import"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = workspace(tmp / "ws")
        directory = tmp / "districts.csv"
        with directory.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["District Name", "State", "NCES ID", "Superintendent", "Street",
                             "Town", "Zip", "Email Address"])  # fmt: skip
            for i in range(n):
                writer.writerow([f"District {i}", "CT", f"{900000 + i}", f"Dr. Clerk {i}",
                                 f"{i} Main Street", "Hartford", "06103", f"records{i}@d{i}.example"])  # fmt: skip
        ours = run(foia(config, "agencies", "import", str(directory)))
        floor = run([sys.executable, "-m", "sqlite_utils", "insert", str(tmp / "ref.db"),
                     "agencies", str(directory), "--csv"])  # fmt: skip
    return {
        "what": f"import {n} agencies (CSV)",
        "ours": ours,
        "reference": floor,
        "reference_name": "sqlite-utils insert --csv",
    }
