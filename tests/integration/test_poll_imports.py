"""An idle `foia poll` (nothing new on the server) imports none of the filing code: no parser,
classifier, document extraction or templates (intake/poll.py opens that side on demand), and
not sqlite-utils (intake/idle.py answers from a read-only connection)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_poll import make_app, message

ROOT = Path(__file__).resolve().parents[2]
FILING = {"foia_tracker.intake.session", "foia_tracker.intake.sent_read", "foia_tracker.parse.message",
          "foia_tracker.intake.classify", "foia_tracker.documents.extract", "pypdf", "pypdfium2",
          "jinja2", "foia_tracker.outbox", "foia_tracker.sandbox"}  # fmt: skip
# The real entry point (its exit path too), then the modules it imported, written at exit.
RUN_FOIA = """
import atexit, json, sys
from foia_tracker.cli import main
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["foia", *sys.argv[1:]]
main()
"""


def poll_imports(app, tmp_path: Path) -> tuple[dict, set[str]]:
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", RUN_FOIA, str(out), "--config", str(app.config_path), "poll",
         "--format", "json"],
        capture_output=True, text=True, env=dict(os.environ), cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout), set(json.loads(out.read_text()))


def test_an_idle_poll_imports_no_filing_code(dovecot, tmp_path, monkeypatch):
    app = make_app(dovecot, tmp_path, monkeypatch)
    dovecot.append("INBOX", message("RE: Public records request CT-0043"))
    report, modules = poll_imports(app, tmp_path)
    assert report["stored"] == 1
    assert {"foia_tracker.intake.session", "foia_tracker.parse.message"} <= modules

    report, modules = poll_imports(app, tmp_path)  # nothing new since
    assert report["fetched"] == 0
    assert modules & FILING == set()
    assert "sqlite_utils" not in modules  # the idle look reads SQLite read-only (intake/idle.py)
    assert {"imapclient", "foia_tracker.intake.poll", "foia_tracker.db.checkpoints"} <= modules

    dovecot.append("INBOX", message("RE: Public records request CT-0043, again"))
    report, modules = poll_imports(app, tmp_path)
    assert report["stored"] == 1  # the filing side comes in when there is mail to file
    assert "foia_tracker.intake.session" in modules


CLASSIFIER = {"foia_tracker.intake.classify", "foia_tracker.intake.reply_patterns",
              "foia_tracker.intake.filed"}  # fmt: skip


def test_a_poll_of_mail_for_no_request_compiles_no_classifier(dovecot, tmp_path, monkeypatch):
    # Held mail is never classified (intake/derive.py loads intake/filed.py on demand), so a
    # personal mailbox's first poll pays nothing for the phrase tables.
    app = make_app(dovecot, tmp_path, monkeypatch)
    personal = "Pickup is at 3:15 on Friday; bring the permission slip."
    dovecot.append("INBOX", message("Field trip", personal, sender="Coach <coach@pta.example>"))
    report, modules = poll_imports(app, tmp_path)
    assert (report["stored"], report["matched"], report["unmatched"]) == (1, 0, 1)
    assert "foia_tracker.intake.session" in modules  # the filing side ran
    assert modules & CLASSIFIER == set()

    dovecot.append("INBOX", message("RE: Public records request CT-0043"))  # the agency's reply
    report, modules = poll_imports(app, tmp_path)
    assert report["matched"] == 1
    assert CLASSIFIER <= modules
