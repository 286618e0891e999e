import json
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


def test_a_hand_set_end_state_is_never_overridden(db):
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


# --- a mark is the truth of its time (ARCHITECTURE.md "Statuses") ----------------------------

LATER = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)


def reasons(db):
    return [
        json.loads(e["detail"]).get("reason")
        for e in rows(db, "SELECT detail FROM events WHERE type = 'review_needed' ORDER BY id")
    ]


def test_later_evidence_moves_a_hand_set_status_with_the_reason_and_a_review_flag(db):
    mark(db, 1, "processing", at=AT)
    assert change_status(db, 1, "partially_fulfilled", "auto", at=LATER)
    state = status(db)
    assert (state["status"], state["status_manual"], state["needs_review"]) == (
        "partially_fulfilled",
        0,
        1,
    )
    assert reasons(db) == ["later evidence replaces your mark of processing"]
    moved = json.loads(rows(db, "SELECT detail FROM events WHERE type = 'status'")[-1]["detail"])
    assert moved["reason"] == "later evidence replaces your mark of processing"


def test_evidence_dated_before_the_mark_does_not_move_it(db):
    mark(db, 1, "processing", at=LATER)
    assert not change_status(db, 1, "denied", "auto", at=AT)
    assert (status(db)["status"], status(db)["needs_review"]) == ("processing", 1)
    assert reasons(db) == ["evidence dated before your mark of processing on 2026-12-09"]


@pytest.mark.parametrize("end", ["withdrawn", "fulfilled", "no_records", "denied"])
def test_end_states_set_by_hand_stay(db, end):
    mark(db, 1, end, at=AT)
    assert not change_status(db, 1, "partially_fulfilled", "auto", at=LATER)
    assert status(db)["status"] == end
    assert reasons(db) == [f"{end} was set by hand: left unchanged"]


def test_evidence_that_agrees_with_the_mark_changes_nothing(db):
    mark(db, 1, "processing", at=AT)
    assert not change_status(db, 1, "processing", "auto", at=LATER)
    assert (status(db)["status_manual"], status(db)["needs_review"]) == (1, 0)


def test_a_sending_mark_lets_answers_through_without_review(db):
    db.execute("UPDATE requests SET status = 'queued'")
    mark(db, 1, "sent", at=AT)
    assert change_status(db, 1, "acknowledged", "auto", at=LATER)
    assert (status(db)["status"], status(db)["needs_review"]) == ("acknowledged", 0)


def test_an_automatic_change_the_table_forbids_over_a_mark_is_flagged(db):
    mark(db, 1, "appealed", at=AT)
    assert not change_status(db, 1, "sent", "auto", at=LATER)
    assert reasons(db) == ["appealed (set by hand) cannot become sent"]
