"""Real agency mail through save_message (no server): request numbers learned and matched, the
user's own copies, `foia dismiss`, `foia read`."""

from __future__ import annotations

import json
import sys
from datetime import date

import pytest

from foia_tracker.db import open_db, row, rows
from foia_tracker.errors import UsageError
from foia_tracker.intake import pipeline as intake
from foia_tracker.intake.filing import dismiss
from foia_tracker.intake.reading import fold_quoted, read_message
from foia_tracker.requests.tracking import StatusFilter, status_rows
from foia_tracker.store import Store
from tests.test_intake import (
    NOW,
    STRANGER,
    TOKEN_42,
    add_request,
    fetched,
    filer,
    filings,
    reply,
    token_for,
)

GOVQA = "R001234-120126"


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "foia.db")


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    s.create()
    return s


@pytest.fixture
def seeded(db):
    """The same five requests as tests/test_intake.py, one agency each."""
    for ref, token, address in (
        ("CT-0042", TOKEN_42, "records@nowhere.example.gov"),
        ("CT-0043", token_for("a" * 12), "foia@district.example.org"),
        ("CT-0044", token_for("b" * 12), "records@district2.example.org"),
        ("WA-0010", token_for("c" * 12), "records@city.example.gov"),
        ("MD-0311", token_for("d" * 12), "clerk@county.example.gov"),
    ):
        add_request(db, ref, token, address)


def save(db, store, raw: bytes, uid: int):
    return intake.save_message(filer(db, store), fetched(raw, uid=uid), now=NOW)


def request(db, ref: str) -> dict:
    return row(db, "SELECT * FROM requests WHERE ref = ?", (ref,))


def events(db, ref: str) -> list[str]:
    found = rows(
        db,
        "SELECT e.type FROM events e JOIN requests r ON r.id = e.request_id WHERE r.ref = ? "
        "ORDER BY e.id",
        (ref,),
    )
    return [e["type"] for e in found]


def held_ids(db) -> list[int]:
    return [m["id"] for m in intake.holding_pen(db)]


# --- request numbers -------------------------------------------------------------------------


def test_a_number_seen_on_a_filed_reply_is_kept_and_later_files_portal_mail(db, store, seeded):
    ack = reply(
        "RE: [CT-0044] Public records request",
        f"We received your request. It has been assigned reference number {GOVQA}.",
    )
    save(db, store, ack, 1)
    assert request(db, "CT-0044")["tracking_number"] == GOVQA

    notice = reply(
        f"Public Records Request :: {GOVQA}",
        "Records have been released to you. Log in to the portal to download them.",
        "Records Center <noreply@district2.mycusthelp.com>",
    )
    outcome = save(db, store, notice, 2)

    assert filings(db, outcome.message_row) == [("CT-0044", "tracking_number", "auto")]
    assert held_ids(db) == []


def test_a_number_in_an_auto_reply_is_kept_too(db, store, seeded):
    auto = reply(
        "Automatic reply: [CT-0043] Public records request",
        "Thank you. Your request number is PRR-2026-0415. We will respond within ten days.",
        "Clerk <foia@district.example.org>",
        Auto_Submitted="auto-replied",
    )
    outcome = save(db, store, auto, 1)
    assert row(db, "SELECT kind FROM messages WHERE id = ?", (outcome.message_row,)) == {
        "kind": "auto_reply"
    }
    assert request(db, "CT-0043")["tracking_number"] == "PRR-2026-0415"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        # A records mailbox's automatic receipt is the agency saying the request arrived.
        (
            "This is an automated message. Your request for public information has been received "
            "and logged as ORR-2026-1188. Requests are handled in the order received.",
            "acknowledgement",
        ),
        # A portal-only mailbox: the request does not count until it is entered there.
        (
            "This mailbox is not monitored for new requests. Public records requests are only "
            "accepted through our portal; please submit your request through the Records Center.",
            "clarification",
        ),
        # A person's away notice, even one that names records requests, moves nothing.
        (
            "I am out of the office until December 8. Public records requests received while I am "
            "away will be logged when I return.",
            None,
        ),
        # A wrong office's responder: the request did not arrive where it should.
        (
            "Your e-mail has been received by the Transportation Department. We do not handle FOIA "
            "requests; please contact the superintendent's office.",
            None,
        ),
        # A responder's "we got your e-mail", about no request, moves nothing either.
        (
            "Thank you for your e-mail. It has been received and a member of staff will reply.",
            None,
        ),
    ],
)
def test_an_automatic_response_from_a_records_mailbox(db, store, seeded, body, said):
    auto = reply(
        "Automatic reply: [CT-0043] Public records request",
        body,
        "Records Office <foia@district.example.org>",
        Auto_Submitted="auto-replied",
    )
    before = request(db, "CT-0043")
    outcome = save(db, store, auto, 1)
    stored = row(db, "SELECT kind, automated, facts FROM messages WHERE id = ?",
                 (outcome.message_row,))  # fmt: skip
    # An automatic response never counts as a response: it stays an auto-reply and moves no
    # status. What the records mailbox said is kept; its portal rule is flagged for review.
    assert (stored["kind"], stored["automated"]) == ("auto_reply", 1)
    assert json.loads(stored["facts"]).get("automatic_kind") == said
    after = request(db, "CT-0043")
    assert after["status"] == before["status"]
    assert after["needs_review"] == (said == "clarification")


def test_a_number_from_an_unknown_sender_is_held_with_a_suggestion(db, store, seeded):
    db.execute("UPDATE requests SET tracking_number = ? WHERE ref = 'CT-0044'", (GOVQA,))
    db.conn.commit()
    before = request(db, "CT-0044")["status"]

    outcome = save(db, store, reply(f"Fwd: {GOVQA}", "see below", STRANGER), 1)

    assert filings(db, outcome.message_row) == []
    assert request(db, "CT-0044")["status"] == before
    (pen,) = intake.holding_pen(db)
    (suggestion,) = pen["suggestions"]
    assert (suggestion["ref"], suggestion["method"], suggestion["score"]) == (
        "CT-0044", "tracking-number", 0.75
    )  # fmt: skip
    assert suggestion["why"] == f"carries request number {GOVQA}"


def test_a_sender_filed_before_is_suggested_for_its_next_held_message(db, store, seeded):
    first = save(db, store, reply("Question", "about the agreements", STRANGER), 1)
    intake.file_by_hand(db, first.message_row, ["MD-0311"], learn_sender=False, now=NOW)

    second = save(db, store, reply("One more thing", "and the data fields", STRANGER), 2)

    (pen,) = intake.holding_pen(db)
    assert pen["id"] == second.message_row
    assert [(s["ref"], s["method"]) for s in pen["suggestions"]] == [("MD-0311", "sender-history")]
    assert (
        pen["suggestions"][0]["why"]
        == "someone@elsewhere.example.net already wrote on this request"
    )


def test_a_reply_on_the_agencys_own_thread_files_by_thread(db, store, seeded):
    save(db, store, reply("RE: [CT-0044] Public records request", "We are gathering them."), 1)
    first_id = row(db, "SELECT message_id FROM messages")["message_id"]
    later = reply(
        "Update", "The records are ready.", "Clerk <clerk@elsewhere.example.net>",
        In_Reply_To=first_id,
    )  # fmt: skip

    outcome = save(db, store, later, 2)

    assert filings(db, outcome.message_row) == [("CT-0044", "thread", "auto")]


def test_mail_filed_by_its_sender_alone_starts_no_thread(db, store, seeded):
    by_sender = save(db, store, reply("Hello", "A question about your request."), 1)
    assert filings(db, by_sender.message_row) == [("CT-0044", "sender", "auto")]
    its_id = row(db, "SELECT message_id FROM messages")["message_id"]
    later = reply("Re: Hello", "More.", STRANGER, In_Reply_To=its_id)
    assert filings(db, save(db, store, later, 2).message_row) == []


# --- the user's own mail ---------------------------------------------------------------------


def test_a_bcc_of_her_own_reply_is_hers_and_moves_nothing(db, store, seeded):
    before = request(db, "CT-0044")
    bcc = reply(
        "RE: [CT-0044] Public records request",
        "We agree to narrow the request to 2024 agreements only. Thank you.",
        "Jane Doe <parent@example.com>",
    )

    report = intake.PollReport()
    outcome = intake.save_message(filer(db, store), fetched(bcc), now=NOW)
    report.add(outcome)

    message = row(db, "SELECT kind, automated FROM messages WHERE id = ?", (outcome.message_row,))
    assert message == {"kind": "requester_copy", "automated": 0}
    assert filings(db, outcome.message_row) == [("CT-0044", "ref", "auto")]
    after = request(db, "CT-0044")
    assert (after["status"], after["due"]) == (before["status"], before["due"])
    assert events(db, "CT-0044") == []  # never a reply on the timeline
    (status,) = status_rows(db, date(2026, 11, 10), StatusFilter(ref="CT-0044"))
    assert status["last_reply_at"] is None
    assert (report.matched, report.unmatched) == (1, 0)


def test_her_own_mail_about_nothing_stays_out_of_the_holding_pen(db, store, seeded):
    report = intake.PollReport()
    note = reply("Reminder to self", "call the district on Monday", "parent@example.com")
    report.add(intake.save_message(filer(db, store), fetched(note), now=NOW))

    assert held_ids(db) == []
    assert [m["kind"] for m in intake.list_messages(db)] == ["requester_copy"]
    assert (report.stored, report.matched, report.unmatched) == (1, 0, 0)


def test_filing_her_copy_by_hand_moves_nothing_either(db, store, seeded):
    note = save(db, store, reply("my notes", "fee seems high", "parent@example.com"), 1)
    intake.file_by_hand(db, note.message_row, ["CT-0044"], learn_sender=False, now=NOW)
    assert request(db, "CT-0044")["status"] == "sent"
    assert events(db, "CT-0044") == []


def test_her_forward_of_an_agency_reply_is_hers_but_flagged_for_review(db, store, seeded):
    forward = reply(
        "Fwd: RE: [CT-0044] Public records request",
        "Forwarding to my tracker.\n\n---------- Forwarded message ---------\n"
        "From: Records Officer <records@district2.example.org>\nDate: Mon, Nov 9, 2026\n"
        "Subject: RE: [CT-0044] Public records request\n\nThe records are attached.",
        "Jane Doe <parent@example.com>",
    )
    outcome = save(db, store, forward, 1)

    facts = row(db, "SELECT kind, facts FROM messages WHERE id = ?", (outcome.message_row,))
    assert facts["kind"] == "requester_copy"
    assert '"forwarded_from": "records@district2.example.org"' in facts["facts"]
    after = request(db, "CT-0044")
    assert (after["status"], after["needs_review"]) == ("sent", 1)
    assert events(db, "CT-0044") == ["review_needed"]


def test_her_reply_quoting_the_agency_outlook_style_is_no_forward(db, store, seeded):
    bcc = reply(
        "RE: [CT-0044] Public records request",
        "I accept the estimate.\n\nFrom: Records Officer <records@district2.example.org>\n"
        "Sent: Monday, November 9, 2026 10:00 AM\nTo: Jane Doe\n\nThe fee is $25.",
        "Jane Doe <parent@example.com>",
    )
    outcome = save(db, store, bcc, 1)
    assert "forwarded_from" not in row(db, "SELECT facts FROM messages WHERE id = ?",
                                       (outcome.message_row,))["facts"]  # fmt: skip
    assert request(db, "CT-0044")["needs_review"] == 0
    assert events(db, "CT-0044") == []


def test_a_reparse_keeps_a_sent_copy_hers(db, store, seeded):
    from foia_tracker.db import messages as store_db
    from foia_tracker.db import sent as sent_db
    from foia_tracker.parse.message import parse_message

    raw = reply("RE: [CT-0044] Public records request", "I accept the fee.", "parent@example.com")
    sha = store.put_raw(raw)
    message_row = store_db.insert_message(db, sha, len(raw), NOW.isoformat())
    store_db.update_message(db, message_row, sent_db.requester_copy_fields(parse_message(raw)))
    db.conn.commit()

    intake.reparse_with(db, store, intake.IntakeSettings(
        user_addresses=frozenset({"parent@example.com"})), now=NOW)  # fmt: skip

    stored = row(db, "SELECT kind, facts FROM messages WHERE id = ?", (message_row,))
    assert stored["kind"] == "requester_copy"
    assert json.loads(stored["facts"]) == {"from_user": "parent@example.com", "via": "mail client"}


def test_learn_sender_never_learns_her_own_address(db, store, seeded):
    from tests.test_intake import SETTINGS

    note = save(db, store, reply("my notes", "x", "parent@example.com"), 1)
    result = intake.file_by_hand(
        db, note.message_row, ["CT-0044"], learn_sender=True, now=NOW, settings=SETTINGS
    )
    assert result.learned == ()
    assert rows(db, "SELECT * FROM agency_addresses WHERE address = 'parent@example.com'") == []


# --- dismiss ---------------------------------------------------------------------------------


def test_dismiss_takes_a_message_out_of_the_pen_and_keeps_it(db, store, seeded):
    shop = save(db, store, reply("Your order has shipped", "Track it here", STRANGER), 1)
    assert held_ids(db) == [shop.message_row]

    result = dismiss(db, shop.message_row, sender=False, now=NOW)

    assert (result.sender, result.others) == (None, ())
    assert held_ids(db) == []
    assert [m["id"] for m in intake.list_messages(db)] == [shop.message_row]  # kept
    later = save(db, store, reply("Another order", "Track it", STRANGER), 2)
    assert held_ids(db) == [later.message_row]  # without --sender the sender is not set aside


def test_dismiss_sender_sets_aside_its_held_and_later_mail(db, store, seeded):
    first = save(db, store, reply("Sale", "50% off", STRANGER), 1)
    second = save(db, store, reply("Sale ends", "last day", STRANGER), 2)

    result = dismiss(db, first.message_row, sender=True, now=NOW)

    assert result.sender == "someone@elsewhere.example.net"
    assert result.others == (second.message_row,)
    report = intake.PollReport()
    outcome = intake.save_message(filer(db, store), fetched(reply("New sale", "x", STRANGER), 3),
                                  now=NOW)  # fmt: skip
    report.add(outcome)
    assert held_ids(db) == []
    assert (report.stored, report.unmatched) == (1, 0)
    stored = row(db, "SELECT dismissed_by FROM messages WHERE id = ?", (outcome.message_row,))
    assert stored == {"dismissed_by": "sender"}
    # evidence that names a request still files it
    named = save(db, store, reply("RE: [CT-0044] Public records request", "x", STRANGER), 4)
    assert filings(db, named.message_row) == [("CT-0044", "ref", "auto")]
    # and reparse derives the same again, keeping what the user decided
    intake.reparse_with(db, store, intake.IntakeSettings(
        user_addresses=frozenset({"parent@example.com"})), now=NOW)  # fmt: skip
    assert held_ids(db) == []
    assert row(db, "SELECT dismissed_by FROM messages WHERE id = ?", (first.message_row,)) == {
        "dismissed_by": "user"
    }


def test_matching_a_dismissed_message_files_it_again(db, store, seeded):
    shop = save(db, store, reply("hello", "about the MOU after all", STRANGER), 1)
    dismiss(db, shop.message_row, sender=False, now=NOW)
    intake.file_by_hand(db, shop.message_row, ["MD-0311"], learn_sender=False, now=NOW)
    assert row(db, "SELECT dismissed_at FROM messages WHERE id = ?", (shop.message_row,)) == {
        "dismissed_at": None
    }


def test_dismiss_refuses_filed_mail_and_agency_addresses(db, store, seeded):
    filed = save(db, store, reply("RE: [CT-0044] Public records request"), 1)
    with pytest.raises(UsageError, match=r"filed on CT-0044, not held"):
        dismiss(db, filed.message_row, sender=False, now=NOW)
    # the agency's request is closed: its newsletter is held, matched to nothing
    db.execute("UPDATE requests SET status = 'fulfilled' WHERE ref = 'CT-0044'")
    db.conn.commit()
    newsletter = save(db, store, reply("District newsletter", "News"), 2)
    assert held_ids(db) == [newsletter.message_row]
    with pytest.raises(UsageError, match="records@district2.example.org answers for agency"):
        dismiss(db, newsletter.message_row, sender=True, now=NOW)


# --- read ------------------------------------------------------------------------------------


QUOTED_REPLY = (
    "Dear Ms. Doe,\n\nThe records are attached.\n\nRegards,\nRecords Office\n\n"
    "On Mon, Nov 2, 2026 at 10:00 AM Jane Doe <parent@example.com> wrote:\n"
    "> Under the Freedom of Information Act I request\n> the agreements.\n"
)


def test_quoted_history_is_folded_where_the_classifier_cuts_it():
    segments = fold_quoted(QUOTED_REPLY)
    assert [s.quoted for s in segments] == [False, True]
    assert (
        segments[0].text == "Dear Ms. Doe,\n\nThe records are attached.\n\nRegards,\nRecords Office"
    )
    assert segments[1].text.startswith("On Mon, Nov 2, 2026")
    assert segments[1].text.endswith("> the agreements.")
    inline = fold_quoted("> your question\nMy answer\n> second question\nSecond answer")
    assert [(s.quoted, s.text) for s in inline] == [
        (True, "> your question"), (False, "My answer"),
        (True, "> second question"), (False, "Second answer"),
    ]  # fmt: skip
    assert fold_quoted("") == []


def test_read_shows_headers_text_files_and_filings(db, store, seeded):
    raw = reply(
        "RE: [CT-0044] Public records request",
        QUOTED_REPLY.replace("\n", "\r\n"),
        "Records Officer <records@district2.example.org>",
        Cc="Counsel <counsel@district2.example.org>",
    )
    outcome = save(db, store, raw, 1)

    shown = read_message(db, store, outcome.message_row)

    assert shown["from"] == "Records Officer <records@district2.example.org>"
    assert (shown["to"], shown["cc"]) == (["parent@example.com"], ["counsel@district2.example.org"])
    assert shown["requests"] == [{"ref": "CT-0044", "method": "ref", "actor": "auto"}]
    assert shown["text"].startswith("Dear Ms. Doe,") and "wrote:" not in shown["text"]
    assert len(shown["quoted"]) == 1 and "Under the Freedom" in shown["quoted"][0]
    assert (shown["dismissed"], shown["attachments"], shown["parse_error"]) == (False, [], None)


def test_read_lists_the_attachments_as_filed(db, store, seeded):
    from tests.test_intake import MAIL

    outcome = save(db, store, (MAIL / "nested.eml").read_bytes(), 1)
    shown = read_message(db, store, outcome.message_row)
    (listed,) = [m for m in intake.list_messages(db) if m["id"] == outcome.message_row]
    assert shown["attachments"] == listed["attachments"] != []
    # the raw file gone (a damaged store): the rows still read
    store.raw_path(row(db, "SELECT raw_sha256 FROM messages")["raw_sha256"]).unlink()
    again = read_message(db, store, outcome.message_row)
    assert (again["from"], again["to"]) == (listed["from"], [])
    assert again["attachments"] == listed["attachments"]


def test_foia_read_and_dismiss_through_the_console_entry_point(workspace, monkeypatch, capsys):
    from foia_tracker.cli import main
    from foia_tracker.cli.common import App

    app = App(str(workspace))
    hostile = reply("Invoice \x1b[31mdue\u202e", "Pay now\x07 please", STRANGER)
    outcome = intake.save_message(
        intake.Filer(
            app.db,
            app.store,
            intake.build_context(app.db, intake.IntakeSettings()),
            intake.IntakeSettings(),
        ),  # fmt: skip
        fetched(hostile),
        now=NOW,
    )

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["foia", "--config", str(workspace), *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
            raise SystemExit(0)
        captured = capsys.readouterr()
        return exit_info.value.code or 0, captured.out, captured.err

    code, out, _ = run("read", str(outcome.message_row))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Subject: Invoice [31mdue" in out
    assert "Pay now please" in out
    assert "Filed:   holding pen" in out

    code, out, _ = run("dismiss", str(outcome.message_row), "--sender")
    assert code == 0
    assert out == (
        f"Dismissed message {outcome.message_row}.\n"
        "Later mail from someone@elsewhere.example.net set aside too.\n"
    )
    code, out, _ = run("inbox", "--format", "json")
    assert out.strip() == "[]"
    code, _, err = run("read", "999")
    assert code != 0 and "No message 999" in err


def test_a_delivery_report_filed_on_a_request_moves_nothing(db, store, seeded):
    # Postfix's success report (RFC 3464 Action: delivered) carries Auto-Submitted but is no
    # responder; filed on the request by its subject, it is kept and moves nothing.
    before = request(db, "CT-0043")["status"]
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\n"
        b"To: requester@example.com\r\nSubject: Successful Mail Delivery Report [CT-0043]\r\n"
        b"Auto-Submitted: auto-replied\r\nMessage-ID: <dsn-ok-1@mx.example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nYour message was successfully delivered to the "
        b"destination(s) listed below. Your request has been received.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        b"Final-Recipient: rfc822; foia@district.example.org\r\nAction: delivered\r\n"
        b"Status: 2.0.0\r\n--b--\r\n"
    )
    outcome = save(db, store, raw, 1)
    stored = row(db, "SELECT kind, automated FROM messages WHERE id = ?", (outcome.message_row,))
    assert stored == {"kind": "auto_reply", "automated": 1}
    assert request(db, "CT-0043")["status"] == before
