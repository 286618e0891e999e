"""One count everywhere (issue 16): the report, the export, `foia status` and `foia show` agree
on how many requests, replies and documents a campaign has, on the same data."""

from __future__ import annotations

import json

from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.db import open_db
from foia_tracker.outputs.export import ExportOptions, export_campaign
from foia_tracker.outputs.report import build_report
from foia_tracker.store import Store
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import TODAY, build_collect_data


def _json(config, *args):
    result = CliRunner().invoke(cli, ["--config", str(config), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_report_export_status_and_show_count_alike(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    status = _json(config, "status", "mou-2026", "--as-of", TODAY.isoformat())
    shown = {
        r["ref"]: _json(config, "show", r["ref"], "--as-of", TODAY.isoformat()) for r in status
    }

    db = open_db(tmp_path / "ws" / "foia.db")
    report = build_report(db, "mou-2026", TODAY, out=tmp_path / "r.html").summary
    export = export_campaign(
        db, Store(tmp_path / "ws" / "store"), ExportOptions("mou-2026", tmp_path / "e"), TODAY
    )

    per_request = {ref: len({d["sha256"] for d in s["documents"]}) for ref, s in shown.items()}
    assert per_request == {r["ref"]: r["documents"] for r in status}
    documents = sum(per_request.values())
    assert documents == 7  # joint-mou.txt is filed on two requests and counts on each
    assert report.documents == documents
    assert export.files + export.held_back + len(export.missing) == documents
    assert report.requests == export.requests == len(status) == 4
    assert report.replied == sum(1 for r in status if r["last_reply_at"])
