"""`foia mark`, `foia note`, `foia attach` through the console entry point (main())."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foia_tracker.config import load_config
from foia_tracker.db import open_db

from .conftest import MINIMAL_CONFIG, Foia
from .test_tracking import Timeline

ROOT = Path(__file__).resolve().parent.parent


def foia(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "foia_tracker", "--config", str(workspace), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def seeded(workspace: Path) -> Path:
    db = open_db(workspace.parent / "foia.db")
    Timeline(db, sent_at="2026-11-16T15:00:00+00:00")
    db.conn.commit()
    return workspace


def test_mark_note_and_attach_run_through_main(seeded, tmp_path):
    done = foia(seeded, "mark", "ct-0001", "processing", "--on", "2026-11-20", "--note", "phoned")
    assert (done.returncode, done.stdout) == (0, "CT-0001: sent -> processing (2026-11-20)\n")
    noted = foia(seeded, "note", "CT-0001", "Clerk promised a CD", "--at", "2026-11-23")
    assert (noted.returncode, noted.stdout) == (0, "CT-0001: note kept (2026-11-23)\n")
    paper = tmp_path / "letter.txt"
    paper.write_text("The district's letter, scanned.\n")
    attached = foia(
        seeded, "attach", "CT-0001", str(paper), "--via", "post", "--received", "2026-11-24"
    )
    assert (
        attached.returncode == 0
        and f"CT-0001: letter.txt {paper.stat().st_size} bytes" in attached.stdout
    )
    shown = json.loads(foia(seeded, "show", "CT-0001", "--format", "json").stdout)
    assert [e["type"] for e in shown["events"]][:3] == ["status", "note", "document_added"]
    assert shown["events"][0]["detail"] == {"note": "phoned", "old": "sent", "new": "processing"}


@pytest.mark.parametrize(
    "args, message",
    [
        (("mark", "CT-0009", "processing"), "No request 'CT-0009'"),
        (("mark", "CT-0001", "processing", "--on", "2999-01-01"), "is in the future"),
        (("mark", "CT-0001", "processing", "--via", "portal"), "--via goes with"),
        (("note", "CT-0001", " "), "A note needs some text."),
        (("attach", "CT-0001", "missing.pdf"), "No such file: missing.pdf."),
    ],
)
def test_mistakes_are_one_sentence_and_exit_2(seeded, args, message):
    failed = foia(seeded, *args)
    assert failed.returncode == 2
    assert message in failed.stderr and "Traceback" not in failed.stderr


def test_followup_table_is_one_line_per_request_and_full_drafts_on_request(tmp_path):
    """Issue 16: at 170 districts the full letters were thousands of lines."""
    (tmp_path / "foia.toml").write_text(MINIMAL_CONFIG)
    db = open_db(load_config(tmp_path / "foia.toml").store.database)
    Timeline(db)
    db.execute("UPDATE requests SET letter = 'Dear Records Custodian:\n\nI ask.\n' WHERE id = 1")
    db.execute(
        "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, state, "
        "created_at, sent_at) VALUES (1, 'request', 'records@hartford.example', 's', "
        "'<letter-1@example.org>', 'sent', 'x', '2026-12-01T15:00:00+00:00')"
    )
    db.execute("INSERT INTO outbox_bodies VALUES (last_insert_rowid(), 'b')")
    db.conn.commit()
    foia, ref = Foia(tmp_path / "foia.toml"), "CT-0001"
    summary = foia("followup", "--as-of", "2027-01-15")
    assert summary.exit_code == 0, summary.output
    assert f"{ref}: to " in summary.output
    assert "see one in full with --ref REF" in summary.output
    assert "Dear " not in summary.output
    full = foia("followup", "--as-of", "2027-01-15", "--ref", ref)
    assert "Dear " in full.output
