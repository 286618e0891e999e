"""Real agency mail through a real Dovecot: a portal's notice carrying only the request's number,
a held message ranked by number, a Bcc of the user's own reply, `foia dismiss --sender` and
`foia read`, each placed with IMAP APPEND and polled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foia_tracker.cli.common import App
from foia_tracker.db import row
from tests.conftest import Foia
from tests.integration.servers import MailAccount
from tests.integration.test_poll import filed, make_app, message, poll

GOVQA = "R004417-110326"


@pytest.fixture
def app(dovecot: MailAccount, tmp_path: Path, monkeypatch) -> App:
    return make_app(dovecot, tmp_path, monkeypatch)


# Each family's receipt (filed by our ref, it teaches the number) and a later notice that carries
# only the number, from the portal's own sender. Wording ours, shapes as the portals send them.
PORTALS = [
    pytest.param(
        f"Your request has been received and assigned reference number {GOVQA}.",
        GOVQA,
        f"Public Records Request :: {GOVQA} records released",
        "The records you asked for are available to download in the Public Records Center.",
        "Public Records Center <donotreply@district.govqa.us>",
        id="GovQA",
    ),
    pytest.param(
        "Your record request 26-311 has been submitted to the district.",
        "26-311",
        "[Records request 26-311] A document has been released",
        "A document was released to you. Sign in to view request 26-311.",
        "District Records <notifications@nextrequest.com>",
        id="NextRequest",
    ),
    pytest.param(
        "Thank you. Your request has been assigned tracking number PRR-2026-415.",
        "PRR-2026-415",
        "Request PRR-2026-415 has been closed",
        "Your request PRR-2026-415 is now closed. Log in to see the response letter.",
        "JustFOIA <no-reply@district.justfoia.com>",
        id="JustFOIA",
    ),
]


@pytest.mark.parametrize(("ack", "number", "subject", "body", "sender"), PORTALS)
def test_a_portal_notice_carrying_only_the_number_files_on_the_request(
    dovecot: MailAccount, app: App, ack, number, subject, body, sender
):
    dovecot.append(
        "INBOX",
        message(
            "RE: [CT-0043] Public records request", ack, message_id="<ack-43@district.example.org>"
        ),
    )
    poll(app)
    assert row(app.db, "SELECT tracking_number FROM requests WHERE ref = 'CT-0043'") == {
        "tracking_number": number
    }
    dovecot.append("INBOX", message(subject, body, sender=sender, message_id="<notice-1@portal>"))

    report = poll(app)

    assert (report.fetched, report.matched, report.unmatched) == (1, 1, 0)
    refs, method, _kind = filed(app)["<notice-1@portal>"]
    assert (refs, method) == (["CT-0043"], "tracking_number")


def test_a_number_from_an_unknown_sender_waits_with_a_ranked_suggestion(
    dovecot: MailAccount, app: App
):
    app.db.execute("UPDATE requests SET tracking_number = ? WHERE ref = 'CT-0044'", (GOVQA,))
    app.db.conn.commit()
    status_before = row(app.db, "SELECT status FROM requests WHERE ref = 'CT-0044'")
    dovecot.append(
        "INBOX",
        message(
            f"Fwd: {GOVQA}",
            "Forwarding this to you, not sure who it is for.",
            sender="A Neighbour <neighbour@gmail.com>",
            message_id="<fwd-1@gmail.com>",
        ),
    )

    report = poll(app)

    assert (report.matched, report.unmatched) == (0, 1)
    assert row(app.db, "SELECT status FROM requests WHERE ref = 'CT-0044'") == status_before
    result = Foia(app.config_path)("inbox", "--format", "json")
    (held,) = json.loads(result.output)
    assert [(s["ref"], s["method"], s["why"]) for s in held["suggestions"]] == [
        ("CT-0044", "tracking-number", f"carries request number {GOVQA}")
    ]


def test_a_bcc_of_her_own_reply_is_stored_as_hers_and_moves_nothing(dovecot: MailAccount, app: App):
    before = row(app.db, "SELECT status, due FROM requests WHERE ref = 'CT-0043'")
    dovecot.append(
        "INBOX",
        message(
            "RE: [CT-0043] Public records request",
            "Yes, please go ahead with the narrowed request; I accept the estimate.",
            sender=f"Jane Doe <{dovecot.address}>",
            to="Records Officer <foia@district.example.org>",
            message_id="<jane-reply-1@example.test>",
        ),
    )

    report = poll(app)

    assert (report.stored, report.matched) == (1, 1)
    assert filed(app)["<jane-reply-1@example.test>"] == (["CT-0043"], "ref", "requester_copy")
    assert row(app.db, "SELECT status, due FROM requests WHERE ref = 'CT-0043'") == before
    assert row(app.db, "SELECT count(*) AS n FROM events") == {"n": 0}


def test_dismiss_sender_sets_later_mail_aside_and_read_shows_it(dovecot: MailAccount, app: App):
    foia = Foia(app.config_path)
    dovecot.append(
        "INBOX",
        message(
            "Your order has shipped",
            "Hi Jane,\n\nYour parcel is on its way.\n\n> Order 5512 placed Monday",
            sender="Shop <orders@shop.example.com>",
            message_id="<order-1@shop.example.com>",
        ),
    )
    poll(app)
    (held,) = json.loads(foia("inbox", "--format", "json").output)

    shown = foia("read", str(held["id"]))
    assert shown.exit_code == 0
    assert "From:    Shop <orders@shop.example.com>" in shown.output
    assert "Your parcel is on its way." in shown.output
    assert "[1 quoted line(s) folded; --quoted shows them]" in shown.output
    as_json = json.loads(foia("read", str(held["id"]), "--format", "json").output)
    assert as_json["quoted"] == ["> Order 5512 placed Monday"]

    result = foia("dismiss", str(held["id"]), "--sender")
    assert result.exit_code == 0
    dovecot.append(
        "INBOX",
        message("Your order was delivered", "Enjoy!", sender="Shop <orders@shop.example.com>",
                message_id="<order-2@shop.example.com>"),
    )  # fmt: skip
    report = poll(app)

    assert (report.stored, report.unmatched) == (1, 0)
    assert json.loads(foia("inbox", "--format", "json").output) == []
    assert len(json.loads(foia("messages", "--format", "json").output)) == 2  # kept, both
    later = json.loads(foia("messages", "--format", "json").output)[1]
    assert "dismissed (about no request)" in foia("read", str(later["id"])).output
