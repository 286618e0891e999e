"""``foia agencies closures`` and the agency_closures table (migration m008)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from foia_tracker.cli.agencies import agencies
from foia_tracker.cli.closures import closures_cmd
from foia_tracker.config import load_config
from foia_tracker.db import open_db, row
from foia_tracker.db.closures import add_closures, closure_days, remove_closures
from foia_tracker.law.deadlines import compute_due
from foia_tracker.law.jurisdictions import get_jurisdiction, with_closures
from foia_tracker.requests.tracking import recompute_due

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture
def registered(monkeypatch):
    # The lead registers the command under `agencies`; here it is registered for the test only.
    monkeypatch.setitem(agencies.commands, "closures", closures_cmd)


@pytest.fixture
def two_districts(foia, workspace):
    csv = workspace.parent / "d.csv"
    csv.write_text(
        "Name,State,Email,External_ID\n"
        "Austin ISD,TX,records@austin.example,4808940\n"
        "Detroit Public Schools,MI,foia@detroit.example,2612000\n"
    )
    foia("agencies", "import", str(csv))
    listed = json.loads(foia("agencies", "list", "--format", "json").stdout)
    return {a["state"]: a["id"] for a in listed}


def test_closures_are_recorded_listed_and_removed(foia, registered, two_districts):
    tx = str(two_districts["TX"])
    result = foia(
        "agencies", "closures", tx, "--from", "2026-12-21", "--to", "2026-12-27",
        "--reason", "winter break", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    days = [row["day"] for row in json.loads(result.stdout)]
    # Weekdays only: Dec 26-27 are a weekend.
    assert days == ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25"]
    removed = foia("agencies", "closures", tx, "--from", "2026-12-24", "--to", "2026-12-25",
                   "--remove", "--format", "json")  # fmt: skip
    assert [row["day"] for row in json.loads(removed.stdout)] == days[:3]
    assert "Removed 2 closure day(s)" in removed.stderr


def test_a_state_whose_law_counts_closures_is_told_so(foia, registered, two_districts):
    result = foia("agencies", "closures", str(two_districts["MI"]), "--from", "2026-12-28")
    assert result.exit_code == 0
    assert "do not move its deadlines" in result.stderr


def test_more_than_ten_texas_days_warn(foia, registered, two_districts):
    result = foia(
        "agencies", "closures", str(two_districts["TX"]), "--from", "2026-12-01",
        "--to", "2026-12-15",
    )  # fmt: skip
    # Dec 1-15 has 11 weekdays: § 552.0031(f) allows 10.
    assert "11 closure days in 2026" in result.stderr and "at most 10" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "2026-12-01"], "--to and --remove need --from"),
        (["--from", "2026-12-09", "--to", "2026-12-01"], "--to is before --from"),
        (["--from", "12/01/2026"], "use YYYY-MM-DD"),
    ],
)
def test_bad_options_are_usage_errors(foia, registered, two_districts, args, message):
    result = foia("agencies", "closures", str(two_districts["TX"]), *args)
    assert result.exit_code == 2 and message in result.output


def test_unknown_agency(foia, registered, two_districts):
    result = foia("agencies", "closures", "999", "--from", "2026-12-01")
    assert result.exit_code == 2 and "No agency '999'" in result.output


def test_stored_days_drive_the_texas_clock(workspace, two_districts):
    db = open_db(load_config(workspace).store.database)
    agency = two_districts["TX"]
    add_closures(db, agency, date(2026, 12, 21), date(2026, 12, 31), "winter break", NOW)
    tx = with_closures(get_jurisdiction("TX"), closure_days(db, agency))
    sent = datetime(2026, 12, 14, 10, tzinfo=ZoneInfo("America/Chicago"))
    # Tex. Gov't Code § 552.0031(f); counted by hand in tests/test_law_audit.py: Mon Jan 11, 2027.
    assert compute_due(tx, sent).due == date(2027, 1, 11)
    assert (
        remove_closures(db, agency, date(2026, 12, 21), date(2026, 12, 31)) == 9
    )  # the weekdays Dec 21-25, 28-31


def test_a_requests_due_date_skips_its_agencys_declared_days(tmp_path):
    db = open_db(tmp_path / "x.db")
    db.execute(
        "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
        "VALUES (1, 'Austin ISD', 'a', 'TX', 'r@austin.example', 'x', 'x')"
    )
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) "
        "VALUES (1, 'mou', 'student-data-agreements', 's', 'x')"
    )
    # Mon Dec 14, 2026, 10:00 in Austin.
    db.execute(
        "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
        "to_addr, subject, letter, created_at, sent_at) VALUES (1, 'TX-0001', 'tok', 1, 1, "
        "'TX', 'sent', 'r@austin.example', 's', 'l', 'x', '2026-12-14T16:00:00+00:00')"
    )
    recompute_due(db, 1)
    assert row(db, "SELECT due FROM requests WHERE id = 1")["due"] == "2026-12-30"
    # The board designated winter break (§ 552.0031(f)); counted in tests/test_law_audit.py.
    add_closures(db, 1, date(2026, 12, 21), date(2026, 12, 31), "winter break", NOW)
    recompute_due(db, 1)
    assert row(db, "SELECT due FROM requests WHERE id = 1")["due"] == "2027-01-11"
