"""`foia mark`: the user's account of what happened, as of when it happened."""

from datetime import UTC, date, datetime

import pytest

from foia_tracker.db import open_db, row, rows
from foia_tracker.errors import UsageError
from foia_tracker.requests.marks import Mark, apply_mark, when
from foia_tracker.requests.status import StatusFilter, status_rows

from .test_tracking import Timeline

NOW = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
REQUEST = {"jurisdiction": "CT"}


@pytest.mark.parametrize(
    "on, expected",
    [
        (None, NOW),
        ("2026-11-02", datetime.fromisoformat("2026-11-02T12:00:00-05:00")),  # noon in Hartford
        ("2026-11-02T08:30", datetime.fromisoformat("2026-11-02T08:30:00-05:00")),
        ("2026-11-02T08:30+00:00", datetime(2026, 11, 2, 8, 30, tzinfo=UTC)),
    ],
)
def test_when_reads_dates_in_the_requests_time_zone(on, expected):
    assert when(on, REQUEST, NOW) == expected


@pytest.mark.parametrize("on", ["2026-12-02", "yesterday", "2026-13-01"])
def test_when_refuses_the_future_and_nonsense(on):
    with pytest.raises(UsageError):
        when(on, REQUEST, NOW)


@pytest.fixture
def queued(tmp_path):
    db = open_db(tmp_path / "x.db")
    Timeline(db, sent_at=None)
    db.execute("UPDATE requests SET status = 'queued' WHERE id = 1")
    return db


def test_a_request_filed_on_a_portal_starts_its_clock_on_that_day(queued):
    queued.execute("UPDATE agencies SET portal_url = 'https://hartford.example/foia'")
    at = when("2026-11-02", REQUEST, NOW)
    apply_mark(queued, 1, Mark("sent", at, via="portal", tracking_number="R-9"))
    request = row(queued, "SELECT * FROM requests")
    # Conn. Gen. Stat. § 1-206(a): 4 business days from Mon Nov 2 -> Fri Nov 6.
    assert (request["status"], request["sent_at"], request["due"]) == (
        "sent",
        "2026-11-02T12:00:00-05:00",
        "2026-11-06",
    )
    assert request["tracking_number"] == "R-9"
    sent = rows(queued, "SELECT actor, detail FROM events WHERE type = 'sent'")
    assert sent == [
        {"actor": "user", "detail": '{"via": "portal", "tracking_number": "R-9", "note": ""}'}
    ]
    late = status_rows(queued, date(2026, 11, 10), StatusFilter())[0]
    assert late["days_overdue"] == 4
    assert late["next_action"] == (
        "follow up yourself (4 days overdue): on the portal https://hartford.example/foia; "
        "silence may be appealed as a denial (Conn. Gen. Stat. § 1-206(b)(1), by 2026-12-07)"
    )


def test_a_plain_mark_sent_starts_no_clock(queued):
    apply_mark(queued, 1, Mark("sent", NOW))
    assert row(queued, "SELECT sent_at, due FROM requests") == {"sent_at": None, "due": None}


def test_via_goes_only_with_sent(queued):
    with pytest.raises(UsageError, match="--via goes with"):
        apply_mark(queued, 1, Mark("processing", NOW, via="portal"))
    with pytest.raises(UsageError, match="--via must be one of"):
        apply_mark(queued, 1, Mark("sent", NOW, via="telegram"))
    assert row(queued, "SELECT status FROM requests")["status"] == "queued"
