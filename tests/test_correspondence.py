"""The requester's messages, notes and files attached by hand (requests/correspondence.py)."""

from datetime import UTC, date, datetime

import pytest

from foia_tracker.db import open_db, rows
from foia_tracker.errors import UsageError
from foia_tracker.outputs.search import search
from foia_tracker.requests.attach import Received, attach_files
from foia_tracker.requests.correspondence import add_note, record_requester_message
from foia_tracker.requests.status import StatusFilter, show_request, status_rows
from foia_tracker.store import Store

from .test_tracking import Timeline

ANSWERED = datetime(2026, 12, 8, 15, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "x.db")


def events(db):
    return [e["type"] for e in rows(db, "SELECT type FROM events ORDER BY at, id")]


def answer(db, kind, via="foia", message_row=None):
    return record_requester_message(db, 1, at=ANSWERED, via=via, kind=kind, message_row=message_row)


def test_accepting_a_tx_fee_resumes_the_clock_with_the_paused_days_given_back(db):
    t = Timeline(db, state="TX")
    # Sent Tue Dec 1 (09:00 in Austin): 10 business days -> Tue Dec 15 (Tex. Gov't Code § 552.221).
    assert t.request["due"] == "2026-12-15"
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    assert (t.request["status"], t.request["due"]) == ("fee_requested", None)
    assert answer(db, "accept-fee") is True
    # Paused Thu Dec 3 to Tue Dec 8: Dec 3, 4 and 7 are given back -> Fri Dec 18.
    assert (t.request["status"], t.request["due"], t.request["needs_review"]) == (
        "processing",
        "2026-12-18",
        0,
    )
    assert events(db)[-3:] == ["requester_message", "resume", "status"]
    shown = show_request(db, "TX-0001", date(2026, 12, 9))
    message = [e for e in shown["events"] if e["type"] == "requester_message"][0]
    assert message["detail"] == {"via": "foia", "kind": "accept-fee", "answers": "fee_estimate"}
    assert message["actor"] == "user"
    assert (
        "You answered the fee estimate on 2026-12-08 (foia, accept-fee): the clock resumed."
        in (shown["due_explain"])
    )
    assert any("552.263(e)" in line for line in shown["due_explain"])


def test_answering_a_tx_clarification_restarts_the_clock_from_the_answer(db):
    t = Timeline(db, state="TX")
    t.reply("clarification", "2026-12-03T16:00:00+00:00")
    answer(db, "clarify", via="mail client")
    # City of Dallas v. Abbott: 10 business days from Tue Dec 8 (09:00 in Austin) -> Tue Dec 22.
    assert (t.request["status"], t.request["due"]) == ("processing", "2026-12-22")
    explain = show_request(db, "TX-0001", date(2026, 12, 9))["due_explain"]
    assert explain[0].startswith("Clock restarted on 2026-12-08: the requester answered the ")
    assert "City of Dallas v. Abbott" in explain[0]
    assert explain[-1] == (
        "You answered the clarification on 2026-12-08 (mail client, clarify): the clock restarted."
    )


def test_declining_the_fee_counts_as_the_answer_but_asks_for_review(db):
    t = Timeline(db, state="TX")
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    answer(db, "decline-fee")
    request = t.request
    assert (request["status"], request["due"], request["needs_review"]) == (
        "processing",
        "2026-12-18",
        1,
    )
    row = t.status(date(2026, 12, 9))
    assert row["next_action"] == "review the latest reply (wait until 2026-12-18)"
    explain = show_request(db, "TX-0001", date(2026, 12, 9))["due_explain"]
    assert (
        "Your message of 2026-12-08 (foia, decline-fee) is taken as the answer to the fee "
        "estimate, but it may not be one: the clock resumed; please review." in explain
    )


def test_a_status_question_while_waiting_is_not_the_answer(db):
    t = Timeline(db, state="TX")
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    answer(db, "status")
    assert (t.request["status"], t.request["due"], t.request["needs_review"]) == (
        "fee_requested",
        None,
        1,
    )
    assert events(db)[-2:] == ["requester_message", "review_needed"]


def test_a_message_on_a_request_not_waiting_is_only_recorded(db):
    t = Timeline(db)
    t.reply("acknowledgement", "2026-12-02T14:00:00+00:00")
    answer(db, "status", via="mail client")
    assert (t.request["status"], t.request["due"], t.request["needs_review"]) == (
        "acknowledged",
        "2026-12-07",
        0,
    )
    assert events(db)[-1] == "requester_message"


def test_the_same_stored_message_is_recorded_once(db):
    t = Timeline(db, state="TX")
    n = t.reply("clarification", "2026-12-03T16:00:00+00:00")
    assert answer(db, "clarify", via="mail client", message_row=n) is True
    assert answer(db, "clarify", via="mail client", message_row=n) is False
    assert events(db).count("requester_message") == 1


def test_unknown_via_or_kind_is_refused(db):
    Timeline(db)
    with pytest.raises(UsageError):
        answer(db, "accept-fee", via="carrier pigeon")
    with pytest.raises(UsageError):
        answer(db, "thanks")


def test_a_note_is_an_event_and_needs_text(db):
    Timeline(db)
    add_note(db, 1, "Clerk called back", datetime(2026, 12, 4, 15, tzinfo=UTC))
    found = rows(db, "SELECT type, actor, at, detail FROM events WHERE type = 'note'")
    assert found == [
        {
            "type": "note",
            "actor": "user",
            "at": "2026-12-04T15:00:00+00:00",
            "detail": '{"text": "Clerk called back"}',
        }
    ]
    with pytest.raises(UsageError, match="needs some text"):
        add_note(db, 1, "  ", datetime(2026, 12, 4, tzinfo=UTC))


def test_attached_files_are_stored_indexed_and_counted_once(db, tmp_path):
    Timeline(db)
    store = Store(tmp_path / "store")
    store.create()
    scan = tmp_path / "mou.txt"
    scan.write_text("Memorandum of understanding with Quokka Analytics.\n")
    received = Received(datetime(2026, 12, 14, 17, tzinfo=UTC), "post", "first CD")
    added = attach_files(db, store, 1, [scan, scan], received)
    assert [d["text_status"] for d in added] == ["ok", "ok"]
    assert store.read_file(added[0]["sha256"]) == scan.read_bytes()
    attachment = rows(db, "SELECT message_row, request_id, source, received_at FROM attachments")
    assert attachment[0] == {
        "message_row": None,
        "request_id": 1,
        "source": "manual",
        "received_at": "2026-12-14T17:00:00+00:00",
    }
    assert status_rows(db, date(2026, 12, 15), StatusFilter())[0]["documents"] == 1
    hits = search(db, "Quokka")
    assert [h["sha256"] for h in hits] == [added[0]["sha256"]]
    assert events(db).count("document_added") == 2


def test_attaching_a_missing_file_or_an_unknown_channel_is_refused(db, tmp_path):
    Timeline(db)
    store = Store(tmp_path / "store")
    received = Received(datetime(2026, 12, 14, tzinfo=UTC))
    with pytest.raises(UsageError, match="No such file"):
        attach_files(db, store, 1, [tmp_path / "nope.pdf"], received)
    with pytest.raises(UsageError, match="--via must be one of"):
        attach_files(db, store, 1, [], Received(received.at, "pigeon"))


def test_a_mail_client_message_without_a_kind_is_read_for_its_intent(db):
    t = Timeline(db, state="TX")
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    record_requester_message(
        db, 1, at=ANSWERED, via="mail client", kind=None,
        text="Hello,\n\nI accept the estimated charges of $84.50.\n\nJane",
    )  # fmt: skip
    assert (t.request["status"], t.request["due"], t.request["needs_review"]) == (
        "processing",
        "2026-12-18",
        0,
    )
    kinds = rows(db, "SELECT detail FROM events WHERE type = 'requester_message'")
    assert (
        kinds[0]["detail"]
        == '{"via": "mail client", "kind": "accept-fee", "answers": "fee_estimate"}'
    )


def test_a_mail_client_message_that_says_nothing_plain_asks_for_review(db):
    t = Timeline(db, state="TX")
    t.reply("fee_estimate", "2026-12-03T16:00:00+00:00", facts={"fee_amount": "84.50"})
    record_requester_message(db, 1, at=ANSWERED, via="mail client", kind=None, text="Thanks!")
    assert (t.request["status"], t.request["needs_review"]) == ("processing", 1)
