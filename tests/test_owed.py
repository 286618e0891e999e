"""Who owes the next move, from the agency's latest reply (requests/owed.py, pure)."""

import json
from datetime import date

import pytest

from foia_tracker.requests.owed import situation_of

TODAY = date(2027, 1, 20)


def reply(kind, facts=None, body="", sender="clerk@district.example"):
    return {
        "kind": kind,
        "at": "2026-12-18T15:00:00+00:00",
        "facts": json.dumps(facts or {}),
        "body_text": body,
        "from_addr": sender,
    }


@pytest.mark.parametrize(
    "status, last, kind, reason",
    [
        ("sent", None, "silence", ""),
        ("processing", reply("records_provided", {"documents": ["a.pdf"]}), "answered",
         "the agency's latest message (2026-12-18) delivered records"),
        ("processing", reply("records_link", {"links": ["https://x.example/f"]}), "answered",
         "the agency's latest message (2026-12-18) delivered a download link"),
        ("acknowledged", reply("acknowledgement", body="This completes the district's response."),
         "answered", "the agency gave its final answer on 2026-12-18"),
        ("denied", reply("denial"), "answered", "the agency gave its final answer on 2026-12-18"),
        ("acknowledged", reply("other"), "unclear",
         "read the agency's message of 2026-12-18 first (foia show)"),
        ("processing", reply("extension", {"new_due_date": "2027-01-08"}), "promised_date_passed", ""),
        ("processing", reply("extension", {"new_due_date": "2027-01-25"}), "silence", ""),
        ("partially_fulfilled", reply("extension", {"new_due_date": "2027-01-08"}),
         "partial_pending", ""),
        ("acknowledged", reply("acknowledgement"), "silence", ""),
    ],
)  # fmt: skip
def test_situation(status, last, kind, reason):
    found = situation_of(status, last, TODAY)
    assert (found.kind, found.reason) == (kind, reason)
    assert found.owed == (kind in ("silence", "promised_date_passed", "partial_pending"))


def test_the_promised_date_and_the_writer_are_kept_for_the_letter():
    found = situation_of("processing", reply("extension", {"new_due_date": "2027-01-08"}), TODAY)
    assert (found.promised, found.last_reply_on, found.writer) == (
        date(2027, 1, 8),
        date(2026, 12, 18),
        "clerk@district.example",
    )


@pytest.mark.parametrize("sender", ["noreply@portal.example", "do-not-reply@govqa.example", ""])
def test_an_address_that_cannot_take_an_answer_is_not_the_writer(sender):
    assert (
        situation_of("acknowledged", reply("acknowledgement", sender=sender), TODAY).writer is None
    )


def test_an_unnamed_reply_waits_for_a_person_then_her_status_decides():
    # A reply the classifier could not name (or would name on one phrase only: intake/reply_gate)
    # holds follow-ups while the request is flagged; her mark clears the flag, and then a silence
    # after it is owed like any other.
    thin = reply("other", {"tentative": {"kind": "extension", "new_due_date": "2027-01-08"}})
    assert situation_of("acknowledged", thin, TODAY).kind == "unclear"
    settled = situation_of("acknowledged", thin, TODAY, in_review=False)
    assert settled.kind == "silence"
    assert settled.promised is None  # a tentative date never counts as promised
