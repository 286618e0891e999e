"""The outgoing message builder: the shared header objects change no byte of what is sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email.policy import SMTP
from email.utils import format_datetime

import pytest

from foia_tracker.config import load_config
from foia_tracker.mail import headers
from foia_tracker.mail.headers import build_message

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
LONG_SUBJECT = "Public records request (CT-0001): agreements with every vendor of student data " * 2

LETTERS = [
    ({}, "Dear Officer,\nplain text\n"),
    ({"subject": LONG_SUBJECT}, "Dear Officer,\n"),
    ({"subject": "Demande d'accès (CT-0002) — données"}, "Dear Officer,\nÉtat, Zoë\n"),
    ({"to_addr": "Records Office <records@d.example>"}, "x" * 1200 + "\n"),
    ({"in_reply_to": "<first@example.org> <their-reply@district.example>"}, ".\n..\nline\n"),
]


def _letter(n: int, **extra) -> dict:
    return {
        "token": f"abcdefghjkm{n:02d}",
        "to_addr": f"records@d{n}.example",
        "subject": f"Public records request (CT-{n:04d})",
        "message_id": f"<{n}.CT-{n:04d}@example.org>",
    } | extra


@pytest.mark.parametrize("name", ["Jane Doe", "Zoë Ñúñez-O'Brien", "A" * 90])
@pytest.mark.parametrize("mode", ["reply-to", "from", "none"])
def test_same_bytes_as_the_standard_header_registry(workspace, monkeypatch, name, mode):
    config = load_config(workspace)
    config = replace(
        config,
        requester=replace(config.requester, name=name),
        replies=replace(config.replies, mode=mode),
    )
    ours = [build_message(config, _letter(n, **extra), body, NOW) for n, (extra, body) in
            enumerate(LETTERS * 2)]  # fmt: skip

    def library(letter: dict, body: str) -> bytes:  # the package alone, no direct path
        date = format_datetime(NOW.astimezone())
        return headers.library_message(headers.outgoing_headers(config, letter), date, body)

    assert ours == [library(_letter(n, **extra), body) for n, (extra, body) in
                    enumerate(LETTERS * 2)]  # fmt: skip
    monkeypatch.setattr(headers, "SMTP_POLICY", SMTP.clone(cte_type="7bit"))
    standard = [library(_letter(n, **extra), body) for n, (extra, body) in
                enumerate(LETTERS * 2)]  # fmt: skip
    assert ours == standard
    assert len(set(ours)) == len(ours)  # each letter its own headers, never a shared one's
