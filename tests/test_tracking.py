"""Whole timelines: what replies do to a request's status, clocks and next action."""

import json
from datetime import UTC, date, datetime

import pytest

from foia_tracker.db import open_db, row, rows
from foia_tracker.requests.lifecycle import mark
from foia_tracker.requests.tracking import (
    StatusFilter,
    apply_message,
    recompute_due,
    resume_on_mark,
    show_request,
    status_rows,
)


class Timeline:
    def __init__(self, db, state="CT", sent_at="2026-12-01T15:00:00+00:00"):
        self.db = db
        self._n = 0
        db.execute(
            "INSERT INTO agencies (id, name, name_key, state, email, created_at, "
            "updated_at) VALUES (1, 'Hartford Public Schools', 'h', ?, "
            "'records@hartford.example', 'x', 'x')",
            (state,),
        )
        db.execute(
            "INSERT INTO campaigns (id, name, template, subject, created_at) "
            "VALUES (1, 'mou', 'student-data-agreements', 's', 'x')"
        )
        db.execute(
            "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, "
            "status, to_addr, subject, letter, created_at, sent_at) VALUES (1, ?, 'tok', "
            "1, 1, ?, 'sent', 'records@hartford.example', 's', 'l', 'x', ?)",
            (f"{state}-0001", state, sent_at),
        )
        recompute_due(db, 1)

    def reply(self, kind, at, method="token", facts=None, automated=False, body="", attachments=()):
        self._n += 1
        n = self._n
        self.db.execute(
            "INSERT INTO messages (id, message_id, raw_sha256, size, from_addr, subject, date, "
            "received_at, kind, automated, body_text, facts) VALUES (?, ?, ?, 1, "
            "'clerk@hartford.example', 'Re: request', ?, ?, ?, ?, ?, ?)",
            (n, f"<m{n}@x>", f"sha{n}", at, at, kind, automated, body, json.dumps(facts or {})),
        )
        self.db.execute(
            "INSERT INTO message_requests (message_row, request_id, method, score) "
            "VALUES (?, 1, ?, 1.0)",
            (n, method),
        )
        for name in attachments:
            self.db.execute(
                "INSERT OR IGNORE INTO documents (sha256, size, content_type) "
                "VALUES (?, 10, 'application/pdf')",
                (name,),
            )
            self.db.execute(
                "INSERT INTO attachments (message_row, filename, safe_name, "
                "content_type, sha256, size, source) VALUES (?, ?, ?, "
                "'application/pdf', ?, 10, 'attachment')",
                (n, name, name, name),
            )
        apply_message(self.db, n)
        return n

    @property
    def request(self):
        return row(self.db, "SELECT * FROM requests WHERE id = 1")

    def status(self, today):
        found = status_rows(self.db, today, StatusFilter())
        return found[0]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "x.db")


def test_ct_acknowledged_then_records_then_final(db):
    t = Timeline(db)
    # Conn. Gen. Stat. § 1-206(a): 4 business days from receipt. Sent Tue Dec 1 -> due Mon Dec 7.
    assert t.request["due"] == "2026-12-07"
    t.reply("acknowledgement", "2026-12-02T14:00:00+00:00", facts={"tracking_number": "R-17"})
    assert (t.request["status"], t.request["tracking_number"]) == ("acknowledged", "R-17")
    t.reply(
        "records_provided",
        "2026-12-20T14:00:00+00:00",
        attachments=["a.pdf"],
        body="Attached is the first installment of responsive records.",
    )
    assert t.request["status"] == "partially_fulfilled"
    t.reply(
        "records_provided",
        "2027-01-05T14:00:00+00:00",
        attachments=["b.pdf"],
        body="Attached are the remaining records. This completes your request.",
    )
    assert t.request["status"] == "fulfilled"
    assert t.request["closed_at"] == "2027-01-05T14:00:00+00:00"
    assert t.status(date(2027, 1, 6))["documents"] == 2
    assert t.status(date(2027, 1, 6))["next_action"] == ""


def test_ny_two_clocks_next_clock_runs_after_acknowledgement(db):
    t = Timeline(db, state="NY")
    first_due = t.request["due"]
    assert t.request["due_kind"] == "acknowledge"
    t.reply("acknowledgement", "2026-12-03T15:00:00+00:00")
    assert t.request["due_kind"] != "acknowledge"
    assert t.request["due"] > first_due


def test_overdue_and_next_action_with_a_frozen_clock(db):
    t = Timeline(db)
    on_due = t.status(date(2026, 12, 7))
    assert (on_due["overdue"], on_due["days_overdue"]) == (False, None)
    assert on_due["next_action"] == "wait until 2026-12-07"
    late = t.status(date(2026, 12, 10))
    assert (late["overdue"], late["days_overdue"]) == (True, 3)
    assert late["next_action"].startswith("follow up (3 days overdue)")
    assert [r["ref"] for r in status_rows(db, date(2026, 12, 10), StatusFilter(overdue=True))] == [
        "CT-0001"
    ]
    assert status_rows(db, date(2026, 12, 7), StatusFilter(overdue=True)) == []


def test_auto_reply_is_never_a_response(db):
    t = Timeline(db)
    t.reply(
        "auto_reply",
        "2026-12-01T16:00:00+00:00",
        automated=True,
        body="I am out of the office. Fees questions go to ...",
    )
    assert t.request["status"] == "sent"
    assert t.status(date(2026, 12, 2))["last_reply_at"] is None


def test_sender_only_match_records_but_never_moves(db):
    t = Timeline(db)
    t.reply("denial", "2026-12-02T14:00:00+00:00", method="sender")
    assert t.request["status"] == "sent"
    assert t.request["needs_review"] == 1
    assert t.status(date(2026, 12, 2))["next_action"].startswith("review the latest reply")


def test_dmarc_failed_never_moves(db):
    t = Timeline(db)
    t.reply("no_records", "2026-12-02T14:00:00+00:00", facts={"dmarc_failed": True})
    assert t.request["status"] == "sent"


def test_tx_fee_estimate_pauses_the_clock_and_sets_the_requesters_deadline(db):
    t = Timeline(db, state="TX")
    before = t.request["due"]
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    request = t.request
    assert (request["status"], request["fee_amount"]) == ("fee_requested", "84.50")
    assert request["due"] is None  # open pause: no honest date while the requester has not answered
    action = t.status(date(2026, 12, 4))["next_action"]
    # Tex. Gov't Code § 552.2615(b): 10 business days to answer, else withdrawn.
    assert action.startswith("answer the fee estimate ($84.50) by 2026-12-17")
    assert "withdrawn" in action and "552.2615" in action
    mark(db, 1, "processing", at=datetime(2026, 12, 8, 15, tzinfo=UTC))
    resume_on_mark(db, 1, "processing", datetime(2026, 12, 8, 15, tzinfo=UTC))
    recompute_due(db, 1)
    assert t.request["due"] > before  # the paused days are given back


def test_extension_moves_the_due_date(db):
    t = Timeline(db)
    t.reply("extension", "2026-12-04T15:00:00+00:00", facts={"new_due_date": "2027-01-15"})
    assert t.request["due"] == "2027-01-15"
    assert t.request["status"] == "processing"


def test_manual_mark_then_later_reply_is_listed_for_review(db):
    t = Timeline(db)
    mark(db, 1, "withdrawn", at=datetime(2026, 12, 2, tzinfo=UTC))
    t.reply("records_provided", "2026-12-09T15:00:00+00:00", attachments=["c.pdf"])
    assert t.request["status"] == "withdrawn"
    review = status_rows(db, date(2026, 12, 10), StatusFilter(needs_review=True))
    assert [r["ref"] for r in review] == ["CT-0001"]


def test_applying_the_same_message_twice_changes_nothing(db):
    t = Timeline(db)
    n = t.reply("acknowledgement", "2026-12-02T14:00:00+00:00")
    count = len(rows(db, "SELECT id FROM events"))
    apply_message(db, n)
    assert len(rows(db, "SELECT id FROM events")) == count


def test_denial_suggests_the_appeal_route(db):
    t = Timeline(db)
    t.reply("denial", "2026-12-02T14:00:00+00:00")
    action = t.status(date(2026, 12, 3))["next_action"]
    assert action.startswith("consider an appeal (")
    assert "Freedom of Information Commission" in action


def test_show_explains_the_due_date(db):
    t = Timeline(db)
    t.reply("acknowledgement", "2026-12-02T14:00:00+00:00")
    shown = show_request(db, "ct-0001", date(2026, 12, 3))
    assert shown["due"] == "2026-12-07"
    assert any("§ 1-206(a)" in line for line in shown["due_explain"])
    assert [e["type"] for e in shown["events"]] == ["reply", "status"]
    assert shown["messages"][0]["match_method"] == "token"


def test_ny_extension_after_acknowledgement_moves_the_decide_clock(db):
    t = Timeline(db, state="NY")
    t.reply("acknowledgement", "2026-12-02T15:00:00+00:00")
    t.reply("extension", "2026-12-04T15:00:00+00:00", facts={"new_due_date": "2027-01-15"})
    assert (t.request["due"], t.request["due_kind"]) == ("2027-01-15", "decide")


def test_a_reply_nobody_could_classify_is_flagged_for_review(db):
    t = Timeline(db)
    t.reply("other", "2026-12-02T14:00:00+00:00", body="Our lawyer says no.")
    assert (t.request["status"], t.request["needs_review"]) == ("acknowledged", 1)
    assert t.status(date(2026, 12, 3))["next_action"].startswith("review the latest reply")


def test_mark_processing_after_a_fee_resumes_the_clock_in_one_step(db):
    from foia_tracker.requests.tracking import mark_request

    t = Timeline(db, state="TX")
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "10.00"})
    assert t.request["due"] is None
    mark_request(db, 1, "processing", at=datetime(2026, 12, 8, 15, tzinfo=UTC), note="paid")
    request = t.request
    assert (request["status"], request["status_manual"]) == ("processing", 1)
    assert request["due"] is not None
    types = [e["type"] for e in rows(db, "SELECT type FROM events ORDER BY id")]
    assert types[-2:] == ["status", "resume"]


def test_an_extension_after_a_partial_production_keeps_it_partial_and_moves_the_date(db):
    t = Timeline(db)
    t.reply("records_provided", "2026-12-03T15:00:00+00:00", attachments=["a.pdf"])
    t.reply("extension", "2026-12-04T15:00:00+00:00", facts={"new_due_date": "2027-01-15"})
    assert (t.request["status"], t.request["due"]) == ("partially_fulfilled", "2027-01-15")
    assert t.status(date(2026, 12, 5))["next_action"] == "review documents; more due 2027-01-15"
