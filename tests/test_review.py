"""`foia documents` and `foia review`: flags that mean personal data, decisions the publish
export follows, kept in the timeline and the manifest (issue 16)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.db import open_db, rows
from foia_tracker.outputs.review import publish_verdict, text_status_label
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import HARTFORD, _file, build_collect_data

AGREEMENT_TEXT = (
    "Data sharing agreement between Lakeside Public Schools and Acme Analytics.\n"
    "Exhibit A. Data elements: student name, date of birth, SASID, grade level, test scores,\n"
    "home address, parent email.\n"
    "Data Element,Description\nDate of Birth,The student's date of birth\n"
    "SASID,The state-assigned student identifier\nStudent Name,First and last name\n"
)
ROSTER_TEXT = "Student Name,Grade,Score\nMaria Lopez,A,95\nJohn Smith,B+,88\n"


@pytest.fixture
def ws(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    data = build_collect_data(tmp_path / "ws")
    m1 = data.messages["m1"]
    data.docs["dsa"] = _file(data, m1, "dsa.pdf", b"%PDF dsa", "application/pdf", AGREEMENT_TEXT)
    data.docs["roster"] = _file(
        data, m1, "roster.csv", ROSTER_TEXT.encode(), "text/csv", ROSTER_TEXT
    )
    data.db.conn.commit()
    data.db.close()
    return config, data.docs


def foia(config, *args):
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    return result


def listing(config, *args) -> dict[str, dict]:
    result = foia(config, "documents", "mou-2026", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {row["filename"]: row for row in json.loads(result.output)}


def test_an_agreement_listing_data_elements_is_not_flagged_a_roster_is(ws):
    config, docs = ws
    found = listing(config)
    assert found["dsa.pdf"]["pii_flags"] == [] and found["dsa.pdf"]["publish"] is True
    roster = found["roster.csv"]
    assert roster["pii_flags"] == ["names_grades"]
    assert roster["evidence"] == 'names_grades (line 1: "Student Name, Grade, Score")'
    assert found["scan.pdf"]["text_status"] == "needs_ocr"
    assert found["scan.pdf"]["pii_flags"] == ["unchecked"]
    assert roster["doc"] == docs["roster"][:12] and roster["refs"] == ["CT-0001"]


def test_review_decides_what_the_publish_export_holds(ws, tmp_path):
    config, docs = ws
    flagged = set(listing(config, "--flagged", "--unreviewed"))
    assert flagged == {"=students.csv", "scan.pdf", "roster.csv"}
    done = foia(config, "review", docs["roster"][:8], "--publish", "--note", "class averages only")
    assert (done.exit_code, done.output) == (
        0,
        f"Document {docs['roster'][:12]} (CT-0001): publish.\n",
    )
    assert (
        foia(config, "review", docs["dsa"][:10], "--hold", "--note", "vendor asked").exit_code == 0
    )
    assert set(listing(config, "--flagged", "--unreviewed")) == {"=students.csv", "scan.pdf"}

    out = tmp_path / "publish"
    result = foia(config, "export", "mou-2026", "--out", str(out), "--profile", "publish")
    assert result.exit_code == 0, result.output
    assert "CT-0001 dsa.pdf: held by review: vendor asked\n" in result.output
    assert "CT-0001 roster.csv" not in result.output
    manifest = {
        r["filename"]: r for r in csv.DictReader(io.StringIO((out / "manifest.csv").read_text()))
    }
    assert (manifest["roster.csv"]["status"], manifest["roster.csv"]["review"]) == (
        "exported",
        "publish",
    )
    assert (out / HARTFORD / "files" / "roster.csv").read_text() == ROSTER_TEXT
    assert (manifest["dsa.pdf"]["status"], manifest["dsa.pdf"]["review"]) == ("held_back", "hold")
    assert manifest["scan.pdf"]["text_status"] == "needs_ocr"

    db = open_db(config.parent / "foia.db")
    events = rows(
        db, "SELECT type, actor, detail FROM events WHERE type = 'document_reviewed' ORDER BY id"
    )
    assert [(e["actor"], json.loads(e["detail"])["decision"]) for e in events] == [
        ("user", "publish"),
        ("user", "hold"),
    ]
    assert json.loads(events[0]["detail"])["note"] == "class averages only"


def test_a_later_review_replaces_the_earlier_one(ws):
    config, docs = ws
    foia(config, "review", docs["roster"][:8], "--hold")
    foia(config, "review", docs["roster"][:8], "--publish")
    assert listing(config)["roster.csv"]["review"] == "publish"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zz"], "is not a document id"),
        (["000000", "--publish"], "No document '000000'"),
        (["abc", "--publish"], "is not a document id"),
    ],
)
def test_review_errors_are_usage_errors(ws, args, message):
    config, _ = ws
    result = foia(config, "review", *args)
    assert result.exit_code == 2
    assert message in result.output or "Say --publish or --hold" in result.output


def test_publish_verdict_table():
    assert publish_verdict([], None).include
    assert not publish_verdict(["ssn"], None).include
    assert publish_verdict(["ssn"], "publish").include
    assert publish_verdict([], "hold", "x").reason == "held by review: x"
    assert text_status_label("none", "image/png") == "needs_ocr"
    assert text_status_label("none", "application/zip") == "none"
