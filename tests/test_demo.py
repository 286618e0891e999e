"""`foia demo`: the whole campaign against the embedded sandbox, through the real code paths."""

import csv
import json

from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.db import open_db, rows

from .conftest import file_mode


def test_demo_runs_a_whole_campaign(tmp_path, monkeypatch):
    monkeypatch.setenv("FOIA_CONFIG", str(tmp_path / "not-used.toml"))  # ignored by the demo
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "d")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Sent 11 letters over SMTP; 0 failed" in result.output
    assert "Done: 12 requests, 11 sent" in result.output
    db = open_db(tmp_path / "d" / "foia.db")
    statuses = {r["ref"]: r["status"] for r in rows(db, "SELECT ref, status FROM requests")}
    # Each simulated district's behaviour (foia_tracker/demo_data/districts.csv) ends where the
    # lifecycle rules say it must.
    assert statuses == {
        "CT-0001": "sent",  # silent: overdue
        "CT-0002": "fulfilled",
        "CT-0003": "denied",
        "MO-0001": "fulfilled",  # headers stripped: matched by the ref in the subject
        "MO-0002": "no_records",
        "NY-0001": "processing",  # extension
        "NY-0002": "fulfilled",  # forwarded by a colleague
        "NY-0003": "queued",  # no email: another channel
        "TX-0001": "processing",
        "TX-0002": "fulfilled",  # out-of-office first, never a response
        "VA-0001": "clarification_needed",
        "VA-0002": "fulfilled",
    }
    held = rows(
        db,
        "SELECT m.from_addr FROM messages m WHERE NOT EXISTS "
        "(SELECT 1 FROM message_requests mr WHERE mr.message_row = m.id)",
    )
    assert [h["from_addr"] for h in held] == ["jordan.rivera@neighbourhood-mail.example"]
    status = CliRunner().invoke(
        cli,
        [
            "--config",
            str(tmp_path / "d" / "foia.toml"),
            "status",
            "--as-of",
            "2030-01-01",
            "--overdue",
            "--format",
            "json",
        ],
    )
    assert "CT-0001" in [r["ref"] for r in json.loads(status.stdout)]
    # The campaign's second half: the fee answered from the tool, the bounce sent again.
    assert "→ reply to TX-0001" in result.output and "→ resend VA-0002" in result.output
    db = open_db(tmp_path / "d" / "foia.db")
    kinds = {r["type"] for r in rows(db, "SELECT type FROM events e JOIN requests r "
                                         "ON r.id = e.request_id WHERE r.ref = 'TX-0001'")}  # fmt: skip
    assert {"requester_message", "resume"} <= kinds
    resent = rows(db, "SELECT email FROM agencies WHERE name LIKE 'Tidewater%'")
    assert resent == [{"email": "foia@tidewaterpoint-cps.example"}]
    export = tmp_path / "d" / "export"
    with (export / "manifest.csv").open() as f:
        manifest = list(csv.DictReader(f))
    assert any(m["filename"].endswith(".pdf") for m in manifest)
    assert file_mode(tmp_path / "d" / "report.html") == 0o600
    assert "<svg" in (tmp_path / "d" / "report.html").read_text()
