from datetime import UTC, datetime

import pytest

from foia_tracker.db import open_db, row, rows
from foia_tracker.requests.lifecycle import END_STATES, TRANSITIONS, Status, change_status, mark

AT = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "x.db")
    db.execute(
        "INSERT INTO agencies (id, name, name_key, state, created_at, updated_at) "
        "VALUES (1, 'A', 'a', 'CT', 'x', 'x')"
    )
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) "
        "VALUES (1, 'c', 't', 's', 'x')"
    )
    db.execute(
        "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, "
        "status, subject, letter, created_at) "
        "VALUES (1, 'CT-0001', 'tok', 1, 1, 'CT', 'sent', 's', 'l', 'x')"
    )
    return db


def status(db):
    return row(db, "SELECT status, status_manual, needs_review, closed_at FROM requests")


def test_every_status_has_a_row_and_end_states_only_appeal():
    assert set(TRANSITIONS) == set(Status)
    for end in END_STATES:
        assert TRANSITIONS[end] <= {Status.APPEALED}


def test_automatic_change_follows_the_table_and_records_an_event(db):
    assert change_status(db, 1, "acknowledged", "auto", at=AT, message_row=None)
    assert not change_status(db, 1, "queued", "auto", at=AT)  # never backwards
    assert change_status(db, 1, "fulfilled", "auto", at=AT)
    assert status(db)["closed_at"] == AT.isoformat()
    events = rows(db, "SELECT type, actor, detail FROM events ORDER BY id")
    assert [e["type"] for e in events] == ["status", "status"]
    assert '"old": "sent", "new": "acknowledged"' in events[0]["detail"]


def test_manual_mark_is_never_overridden(db):
    mark(db, 1, "withdrawn", at=AT, note="duplicate of CT-0009")
    assert not change_status(db, 1, "fulfilled", "auto", at=AT)
    state = status(db)
    assert (state["status"], state["status_manual"], state["needs_review"]) == ("withdrawn", 1, 1)
    types = [e["type"] for e in rows(db, "SELECT type FROM events ORDER BY id")]
    assert types == ["status", "review_needed"]


def test_mark_rejects_unknown_status(db):
    from foia_tracker.errors import TransitionError

    with pytest.raises(TransitionError, match="Unknown status 'done'"):
        mark(db, 1, "done", at=AT)
