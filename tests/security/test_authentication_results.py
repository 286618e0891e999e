"""Authentication-Results end to end (RFC 8601): mail placed in a real Dovecot as the user's
provider stores it, then the real poll.

Only the header added by the user's own provider (its authserv-id, `imap.authserv_id`) is
evidence; one from any other authserv-id is ignored, since anyone on the path can write it
(RFC 8601 section 5). A DMARC failure reported by the own provider is recorded and holds the
status for a person: the reply may be forged, so it never moves a request by itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foia_tracker.db import row, rows
from tests.integration.servers import MailAccount
from tests.integration.test_poll import make_app, message, poll

pytestmark = pytest.mark.integration

OWN = "mx.example.test"  # the user's provider (configured)
FOREIGN = "relay.elsewhere.example"  # any server on the way, or the sender itself
ACK = "We received your request and are working on it."


def _status(app, ref: str) -> str:
    return row(app.db, "SELECT status FROM requests WHERE ref = ?", (ref,))["status"]


def _received(app, message_id: str) -> dict:
    return row(app.db, "SELECT auth_results, facts FROM messages WHERE message_id = ?",
               (message_id,))  # fmt: skip


def _review_reasons(app, ref: str) -> list[str]:
    found = rows(
        app.db,
        "SELECT e.detail FROM events e JOIN requests r ON r.id = e.request_id "
        "WHERE r.ref = ? AND e.type != 'reply'",
        (ref,),
    )
    return [json.loads(e["detail"] or "{}").get("reason", "") for e in found]


def test_own_provider_dmarc_fail_is_recorded_and_never_moves_a_status(
    dovecot: MailAccount, tmp_path: Path, monkeypatch
):
    app = make_app(dovecot, tmp_path, monkeypatch, extra=f'authserv_id = "{OWN}"')
    own_fail = f"Authentication-Results: {OWN}; spf=fail smtp.mailfrom=district.example.org; dmarc=fail (p=NONE) header.from=district.example.org"  # fmt: skip
    foreign_pass = f"Authentication-Results: {FOREIGN}; dmarc=pass header.from=district.example.org"  # fmt: skip
    foreign_fail = f"Authentication-Results: {FOREIGN}; dmarc=fail header.from=district2.example.org"  # fmt: skip
    # The provider adds its header on top; a foreign one further down came with the message.
    dovecot.append("INBOX", message("RE: [CT-0043] your request", ACK, message_id="<own-fail@d.org>",
                                    headers=(own_fail,)))  # fmt: skip
    dovecot.append("INBOX", message("RE: [CT-0042] your request", ACK, message_id="<both@d.org>",
                                    headers=(own_fail, foreign_pass)))  # fmt: skip
    dovecot.append("INBOX", message("RE: [CT-0044] your request", ACK, message_id="<foreign@d.org>",
                                    sender="Records <records@district2.example.org>",
                                    headers=(foreign_fail,)))  # fmt: skip

    report = poll(app)

    assert report.stored == 3
    # Recorded: the provider's own verdict is kept with the message, and flagged for a person.
    own = _received(app, "<own-fail@d.org>")
    assert own["auth_results"].startswith(OWN) and "dmarc=fail" in own["auth_results"]
    assert json.loads(own["facts"]).get("dmarc_failed") is True
    assert _status(app, "CT-0043") == "sent"  # an acknowledgement, yet the status waits
    assert any("DMARC failed" in reason for reason in _review_reasons(app, "CT-0043"))
    # A foreign "pass" does not vouch for a message the own provider failed.
    both = _received(app, "<both@d.org>")
    assert json.loads(both["facts"]).get("dmarc_failed") is True
    assert FOREIGN not in (both["auth_results"] or "")
    assert _status(app, "CT-0042") == "sent"
    # A foreign "fail" is not evidence either: ignored, the acknowledgement moves the request.
    foreign = _received(app, "<foreign@d.org>")
    assert foreign["auth_results"] is None
    assert "dmarc_failed" not in json.loads(foreign["facts"])
    assert _status(app, "CT-0044") == "acknowledged"
    assert not any("DMARC" in reason for reason in _review_reasons(app, "CT-0044"))


def test_without_an_authserv_id_no_header_is_trusted(
    dovecot: MailAccount, tmp_path: Path, monkeypatch
):
    """No `imap.authserv_id` and none learned by `foia check`: nothing is evidence."""
    app = make_app(dovecot, tmp_path, monkeypatch)
    header = f"Authentication-Results: {OWN}; dmarc=fail header.from=district.example.org"
    dovecot.append("INBOX", message("RE: [CT-0043] your request", ACK, message_id="<x@d.org>",
                                    headers=(header,)))  # fmt: skip
    poll(app)
    assert _received(app, "<x@d.org>")["auth_results"] is None
    assert _status(app, "CT-0043") == "acknowledged"
