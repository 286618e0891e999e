"""The export tells the whole story (issue 16): README.txt, timeline.csv, and counts that agree
with the manifest and requests.csv."""

from __future__ import annotations

import csv
import io
import json

import pytest

from foia_tracker.outputs.export import ExportOptions, export_campaign
from foia_tracker.requests.lifecycle import record_event
from tests.test_export import TODAY, build_collect_data


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("story")
    data = build_collect_data(root / "ws")
    ct1 = data.requests["CT-0001"]
    with data.db.conn:
        record_event(data.db, ct1, "sent", "system", at="2026-10-01T14:00:00+00:00")
        record_event(
            data.db, ct1, "requester_message", "user", at="2026-10-06T09:00:00+00:00",
            detail={"via": "foia", "kind": "accept-fee"},
        )  # fmt: skip
        record_event(
            data.db, ct1, "note", "user", at="2026-10-07T09:00:00+00:00",
            detail={"text": "Called the records office; Ms. Roe said more is coming."},
        )  # fmt: skip
    out = {}
    for profile in ("archive", "publish"):
        folder = root / profile
        export_campaign(
            data.db, data.store, ExportOptions("mou-2026", folder, profile=profile), TODAY
        )
        out[profile] = folder
    return out


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_readme_says_what_was_asked_what_came_back_and_what_is_missing(exported):
    readme = (exported["archive"] / "README.txt").read_text()
    requests = {r["ref"]: r for r in _csv(exported["archive"] / "requests.csv")}
    manifest = _csv(exported["archive"] / "manifest.csv")
    files = [m for m in manifest if m["path"] and "/files/" in m["path"]]
    assert "campaign mou-2026" in readme and "(archive profile)" in readme
    assert "4 requests to 4 agencies in CT, NY, TX, sent on 2026-10-01" in readme
    assert f"{len(files)} documents in this export" in readme
    assert "3 of 3 sent requests had an answer" in readme
    for ref, request in requests.items():
        docs = int(request["documents"])
        assert f"{ref}  " in readme and f"{docs} document{'' if docs == 1 else 's'};" in readme
    assert "- CT-0002 New Haven Public Schools: overdue by 44 days (due 2026-10-15)." in readme
    assert "- TX-0001 Austin ISD: no records yet (queued)." in readme
    assert "- CT-0001 scan.pdf: text needs_ocr" in readme
    prose = readme.split("Each request")[0]
    assert max(len(line) for line in prose.splitlines()) <= 78  # wrapped for a text editor


def test_timeline_has_the_requesters_messages_and_notes(exported):
    rows = _csv(exported["archive"] / "timeline.csv")
    ct1 = [(r["type"], r["actor"]) for r in rows if r["ref"] == "CT-0001"]
    assert ct1 == [("sent", "system"), ("requester_message", "user"), ("note", "user")]
    note = next(r for r in rows if r["type"] == "note")
    assert json.loads(note["detail"])["text"].startswith("Called the records office")


def test_a_publish_export_withholds_the_users_notes(exported):
    rows = _csv(exported["publish"] / "timeline.csv")
    note = next(r for r in rows if r["type"] == "note")
    assert json.loads(note["detail"]) == {"withheld": "not in a publish export"}
    readme = (exported["publish"] / "README.txt").read_text()
    assert "(publish profile)" in readme
    assert "- CT-0001 =students.csv: held back (date_of_birth;student_id)." in readme
