from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from foia_tracker.config import Followups, load_config
from foia_tracker.errors import UsageError
from foia_tracker.followups import (
    Decision,
    FollowupHistory,
    decide,
    draft_appeal,
    draft_followup,
    plan_followups,
)
from foia_tracker.requests.lifecycle import mark
from foia_tracker.requests.owed import Situation

from .conftest import MINIMAL_CONFIG
from .test_tracking import Timeline

POLICY = Followups(after_days_overdue=3, every_days=14, max_count=3)
TODAY = date(2027, 1, 20)


def request(status="acknowledged", days_overdue=5, last_reply_at=None):
    return {"status": status, "days_overdue": days_overdue, "last_reply_at": last_reply_at}


@pytest.mark.parametrize(
    "req, hist, send, reason",
    [
        (request(), FollowupHistory(0, None), True, "5 days overdue"),
        (request(days_overdue=2), FollowupHistory(0, None), False, "not overdue enough"),
        (request(days_overdue=None), FollowupHistory(0, None), False, "not overdue"),
        (request(days_overdue=3), FollowupHistory(0, None), True, "3 days overdue"),
        # spacing: the last nudge 13 days ago is too recent, 14 days ago is fine
        (
            request(days_overdue=30),
            FollowupHistory(1, date(2027, 1, 7)),
            False,
            "followed up on 2027-01-07 (every_days)",
        ),
        (request(days_overdue=30), FollowupHistory(1, date(2027, 1, 6)), True, "30 days overdue"),
        # cap
        (
            request(days_overdue=90),
            FollowupHistory(3, date(2026, 11, 1)),
            False,
            "already followed up 3 times (max_count)",
        ),
        # stop conditions
        (request(status="withdrawn"), FollowupHistory(0, None), False, "withdrawn: closed"),
        (request(status="fulfilled"), FollowupHistory(0, None), False, "fulfilled: closed"),
        (request(status="denied"), FollowupHistory(0, None), False, "denied: closed"),
        (
            request(status="fee_requested"),
            FollowupHistory(0, None),
            False,
            "fee_requested: nothing owed by the agency",
        ),
        (
            request(status="bounced"),
            FollowupHistory(0, None),
            False,
            "bounced: nothing owed by the agency",
        ),
        (
            request(last_reply_at="2027-01-10T10:00:00+00:00"),
            FollowupHistory(0, None),
            False,
            "the agency wrote on 2027-01-10",
        ),
        (
            request(last_reply_at="2027-01-01T10:00:00+00:00"),
            FollowupHistory(0, None),
            True,
            "5 days overdue",
        ),
        (request(status="partially_fulfilled"), FollowupHistory(0, None), True, "5 days overdue"),
    ],
)
def test_policy(req, hist, send, reason):
    decision = decide(req, hist, POLICY, TODAY)
    assert (decision.send, decision.reason) == (send, reason)


# --- drafting on a real timeline -------------------------------------------------------------


@pytest.fixture
def setup(tmp_path: Path):
    from foia_tracker.db import open_db

    (tmp_path / "foia.toml").write_text(MINIMAL_CONFIG)
    config = load_config(tmp_path / "foia.toml")
    db = open_db(tmp_path / "x.db")
    t = Timeline(db)
    db.execute(
        "UPDATE campaigns SET vars = ? WHERE id = 1",
        ('{"period": "from January 1, 2020 to the date of this request"}',),
    )
    db.execute(
        "UPDATE requests SET letter = ? WHERE id = 1",
        ("December 1, 2026\n\nDear Records Custodian:\n\nI ask for the agreements.\n",),
    )
    db.execute(
        "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, state, "
        "created_at, sent_at) VALUES (1, 'request', 'records@hartford.example', 's', "
        "'<letter-1@example.org>', 'sent', 'x', '2026-12-01T15:00:00+00:00')"
    )
    db.execute("INSERT INTO outbox_bodies VALUES (last_insert_rowid(), 'b')")
    return db, config, t


def test_followup_cites_the_law_quotes_the_original_and_threads(setup):
    db, config, t = setup
    plans = plan_followups(db, config, date(2026, 12, 17))
    assert [(p.request["ref"], p.decision.send) for p in plans] == [("CT-0001", True)]
    draft = draft_followup(db, config, plans[0])
    assert draft.kind == "followup" and draft.to_addr == "records@hartford.example"
    assert draft.in_reply_to == "<letter-1@example.org>"
    assert "Conn. Gen. Stat. § 1-206(a)" in draft.body
    assert "now 10 calendar days past that date" in draft.body
    assert "On December 1, 2026 I sent Hartford Public Schools a request" in draft.body
    assert "> I ask for the agreements." in draft.body
    assert "CT-0001" in draft.subject


def test_appeal_needs_a_denial_then_quotes_it(setup):
    db, config, t = setup
    with pytest.raises(UsageError, match="no denial to appeal"):
        draft_appeal(db, config, "CT-0001", date(2026, 12, 3))
    t.reply(
        "denial",
        "2026-12-03T15:00:00+00:00",
        body="Your request is denied under FERPA.\n\n> On Dec 1 you wrote:\n> please send",
    )
    draft = draft_appeal(db, config, "CT-0001", date(2026, 12, 4))
    assert '"Your request is denied under FERPA."' in draft.body
    # The FOIC hears CT appeals: the draft e-mailed to the district asks it to reconsider.
    assert "Dear Records Custodian:" in draft.body
    assert draft.subject.startswith("Reconsideration: public records request CT-0001")
    assert "On December 3, 2026, the district answered" in draft.body


# --- only to who owes, in words that fit (issue 10) -------------------------------------------


@pytest.mark.parametrize(
    "situation, reason",
    [
        (Situation("answered", "the agency gave its final answer on 2027-01-02"),
         "the agency gave its final answer on 2027-01-02"),
        (Situation("unclear", "read the agency's message of 2027-01-02 first (foia show)"),
         "read the agency's message of 2027-01-02 first (foia show)"),
    ],
)  # fmt: skip
def test_no_followup_where_nothing_is_owed(situation, reason):
    decision = decide(request(days_overdue=30), FollowupHistory(0, None), POLICY, TODAY, situation)
    assert (decision.send, decision.reason) == (False, reason)


def test_no_followup_while_a_reply_waits_for_review():
    flagged = dict(request(days_overdue=30), needs_review=True)
    decision = decide(flagged, FollowupHistory(0, None), POLICY, TODAY, Situation("silence"))
    assert decision == Decision(False, "needs review: read the latest message first (foia show)")


def test_a_promised_date_that_passed_is_cited_to_the_clerk_who_promised(setup):
    db, config, t = setup
    n = t.reply("extension", "2026-12-03T15:00:00+00:00", facts={"new_due_date": "2026-12-18"})
    db.execute("UPDATE messages SET from_addr = 'pat@hartford.example' WHERE id = ?", (n,))
    plans = plan_followups(db, config, date(2027, 1, 4))
    assert (plans[0].decision.send, plans[0].situation.kind) == (True, "promised_date_passed")
    draft = draft_followup(db, config, plans[0])
    assert draft.to_addr == "pat@hartford.example"
    assert draft.in_reply_to == f"<m{n}@x>"
    assert (
        "In your message of December 3, 2026 you expected to respond by December 18, 2026. "
        "That date has passed, and I have not yet received the records or a decision."
    ) in draft.body


def test_records_in_the_latest_message_stop_the_followups(setup):
    db, config, t = setup
    t.reply("records_provided", "2026-12-03T15:00:00+00:00", attachments=["a.pdf"],
            facts={"documents": ["a.pdf"]})  # fmt: skip
    plans = plan_followups(db, config, date(2027, 1, 20))
    assert (plans[0].decision.send, plans[0].decision.reason) == (
        False,
        "the agency's latest message (2026-12-03) delivered records",
    )


def test_an_appeal_of_no_records_never_calls_it_a_refusal(setup):
    db, config, t = setup
    t.reply("no_records", "2026-12-03T15:00:00+00:00", body="We have no responsive records.")
    draft = draft_appeal(db, config, "CT-0001", date(2026, 12, 4))
    assert "refus" not in draft.body
    assert (
        "On December 3, 2026, the district answered that it holds no responsive records, "
        'writing:\n\n"We have no responsive records."'
    ) in draft.body
    # Conn. Gen. Stat. § 1-206(b)(1): 30 days from the answer, to the FOIC (guidance, not mailed).
    assert "Last day for that step: Sat Jan 2, 2027" in " ".join(draft.guidance)
    assert draft.warning == ""


def test_an_appeal_after_the_window_says_so_and_warns(setup):
    db, config, t = setup
    t.reply("denial", "2026-12-03T15:00:00+00:00", body="Denied under FERPA.")
    draft = draft_appeal(db, config, "CT-0001", date(2027, 2, 1))
    assert "the district answered the request, writing" in draft.body
    assert "I make this appeal within it" not in draft.body
    assert draft.warning.startswith("The time to appeal ran out on 2027-01-02")


def test_a_denial_marked_by_hand_counts_from_the_day_of_the_mark(setup):
    db, config, t = setup
    mark(db, 1, "denied", at=datetime(2026, 12, 10, 16, tzinfo=UTC), note="by phone")
    draft = draft_appeal(db, config, "CT-0001", date(2026, 12, 11))
    assert "On December 10, 2026, the district answered the request by withholding" in draft.body
    assert "Last day for that step: Sat Jan 9, 2027" in " ".join(draft.guidance)


@pytest.mark.parametrize("as_of", [date(2026, 12, 10), date(2026, 12, 30)])
def test_a_deemed_denial_is_counted_from_the_day_after_the_due_date(setup, as_of):
    db, config, t = setup
    # Due Mon Dec 7 (4 business days, § 1-206(a)); denied by silence on Dec 8; 30 days: Jan 7.
    draft = draft_appeal(db, config, "CT-0001", as_of)
    assert "Last day for that step: Thu Jan 7, 2027" in " ".join(draft.guidance)
    assert (
        "That time has passed, and I have received neither the records nor a decision" in draft.body
    )
