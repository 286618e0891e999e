from datetime import date

import pytest

from foia_tracker.config import Followups
from foia_tracker.followups import FollowupHistory, decide

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
        (request(days_overdue=30), FollowupHistory(1, date(2027, 1, 7)), False,
         "followed up on 2027-01-07 (every_days)"),
        (request(days_overdue=30), FollowupHistory(1, date(2027, 1, 6)), True, "30 days overdue"),
        # cap
        (request(days_overdue=90), FollowupHistory(3, date(2026, 11, 1)), False,
         "already followed up 3 times (max_count)"),
        # stop conditions
        (request(status="withdrawn"), FollowupHistory(0, None), False, "withdrawn: closed"),
        (request(status="fulfilled"), FollowupHistory(0, None), False, "fulfilled: closed"),
        (request(status="denied"), FollowupHistory(0, None), False, "denied: closed"),
        (request(status="fee_requested"), FollowupHistory(0, None), False,
         "fee_requested: nothing owed by the agency"),
        (request(status="bounced"), FollowupHistory(0, None), False,
         "bounced: nothing owed by the agency"),
        (request(last_reply_at="2027-01-10T10:00:00+00:00"), FollowupHistory(0, None), False,
         "the agency wrote on 2027-01-10"),
        (request(last_reply_at="2027-01-01T10:00:00+00:00"), FollowupHistory(0, None), True,
         "5 days overdue"),
        (request(status="partially_fulfilled"), FollowupHistory(0, None), True, "5 days overdue"),
    ],
)
def test_policy(req, hist, send, reason):
    decision = decide(req, hist, POLICY, TODAY)
    assert (decision.send, decision.reason) == (send, reason)
