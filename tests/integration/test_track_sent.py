"""[imap] track_sent against real Dovecot: the requester's reply typed in her own mail client is
found in Sent, filed on its request and answers the fee pause; private Sent mail is never
fetched past its headers, never stored."""

from __future__ import annotations

import json

import imapclient
import pytest

from foia_tracker.db import row, rows
from foia_tracker.intake.poll import poll as poll_mail
from tests.integration.test_poll import NOW, make_app, message

pytestmark = pytest.mark.integration

FEE = message(
    "RE: [CT-0043] Public records request",
    "The estimated cost to produce the records is $25.00. Please confirm you agree to pay "
    "before we proceed.",
    sender="Clerk <foia@district.example.org>",
    message_id="<fee-1@district.example.org>",
)
ANSWER = message(
    "RE: RE: [CT-0043] Public records request",
    "I agree to pay the $25.00. Please go ahead.",
    sender="Jane Doe <jane@example.test>",
    to="Clerk <foia@district.example.org>",
    message_id="<answer-1@example.test>",
    headers=("In-Reply-To: <fee-1@district.example.org>",),
)
PRIVATE = message(
    "Dinner on Saturday?",
    "Bring the kids. Love, Jane",
    sender="Jane Doe <jane@example.test>",
    to="Mom <mom@family.example>",
    message_id="<private-1@example.test>",
)
REF_TO_A_FRIEND = message(
    "Look what I asked CT-0044 for",
    "Private remarks about the district.",
    sender="Jane Doe <jane@example.test>",
    to="Friend <friend@mail.example>",
    message_id="<private-2@example.test>",
)
BY_REF_TO_AGENCY = message(
    "Question about CT-0044",
    "Could you tell me when to expect the records?",
    sender="Jane Doe <jane@example.test>",
    to="records@district2.example.org",
    message_id="<question-1@example.test>",
)


@pytest.fixture
def fetches(monkeypatch):
    """Every FETCH the poll sends: (selected folder, UIDs, items)."""
    seen: list[tuple[str, tuple, tuple]] = []
    real_select, real_fetch = imapclient.IMAPClient.select_folder, imapclient.IMAPClient.fetch

    def select(self, folder, readonly=False):
        self._test_folder = folder
        return real_select(self, folder, readonly=readonly)

    def fetch(self, messages, data, modifiers=None):
        seen.append((getattr(self, "_test_folder", ""), tuple(messages), tuple(data)))
        return real_fetch(self, messages, data, modifiers)

    monkeypatch.setattr(imapclient.IMAPClient, "select_folder", select)
    monkeypatch.setattr(imapclient.IMAPClient, "fetch", fetch)
    return seen


def test_a_reply_from_the_mail_client_answers_the_fee_and_private_mail_stays_private(
    dovecot, tmp_path, monkeypatch, fetches
):
    app = make_app(dovecot, tmp_path, monkeypatch)
    dovecot.append("INBOX", FEE)
    first = poll_mail(app.db, app.store, app.config, now=NOW)
    assert first.matched == 1
    request = row(app.db, "SELECT id, status FROM requests WHERE ref = 'CT-0043'")
    assert request["status"] == "fee_requested"

    for raw in (PRIVATE, ANSWER, REF_TO_A_FRIEND, BY_REF_TO_AGENCY):
        dovecot.append("Sent", raw)
    fetches.clear()
    report = poll_mail(app.db, app.store, app.config, now=NOW)

    assert report.requester_messages == 2
    subjects = {r["subject"] for r in rows(app.db, "SELECT subject FROM messages")}
    assert "Dinner on Saturday?" not in subjects
    assert "Look what I asked CT-0044 for" not in subjects
    assert "RE: RE: [CT-0043] Public records request" in subjects
    body_fetches = [(uids, items) for folder, uids, items in fetches
                    if folder == "Sent" and b"BODY.PEEK[]" in items]  # fmt: skip
    assert len(body_fetches) == 2 and all(len(uids) == 1 for uids, _ in body_fetches)
    stored_raws = {r["raw_sha256"] for r in rows(app.db, "SELECT raw_sha256 FROM messages")}
    on_disk = {p.stem for p in (app.store.root / "raw").rglob("*.eml")}
    assert on_disk == stored_raws  # nothing else of Sent reached the disk

    events = rows(
        app.db,
        "SELECT e.type, e.detail, r.ref FROM events e JOIN requests r ON r.id = e.request_id "
        "WHERE e.type = 'requester_message' ORDER BY r.ref",
    )
    assert [(e["ref"], json.loads(e["detail"])["via"]) for e in events] == [
        ("CT-0043", "mail client"),
        ("CT-0044", "mail client"),
    ]
    after = row(app.db, "SELECT status FROM requests WHERE ref = 'CT-0043'")
    assert after["status"] == "processing"  # the answer resumes the request

    again = poll_mail(app.db, app.store, app.config, now=NOW)
    assert again.requester_messages == 0  # checkpointed: nothing read twice


def test_track_sent_off_reads_nothing_in_sent(dovecot, tmp_path, monkeypatch, fetches):
    app = make_app(dovecot, tmp_path, monkeypatch, extra="track_sent = false")
    dovecot.append("Sent", ANSWER)
    poll_mail(app.db, app.store, app.config, now=NOW)
    assert not [f for f in fetches if f[0] == "Sent"]
    assert row(app.db, "SELECT count(*) AS n FROM messages")["n"] == 0
