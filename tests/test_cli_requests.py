"""`foia mark`, `foia note`, `foia attach` through the console entry point (main())."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foia_tracker.db import open_db

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
