"""Queueing letters in the outbox: the one enqueue (letters, follow-ups, appeals, replies), for
one letter or a campaign's thousands. ``foia_tracker.outbox`` re-exports these beside the send
run; they live apart so that creating a campaign does not import the sender and everything it
files replies with (about a third of ``campaign create``'s start-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid

from sqlite_utils import Database

from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import transaction
from foia_tracker.errors import FoiaError

KINDS = ("request", "followup", "appeal", "reply")


@dataclass(frozen=True)
class OutgoingLetter:
    """What one outbox row will send. ``references`` is the thread (RFC 5322 3.6.4)."""

    request_id: int
    kind: str
    to_addr: str
    subject: str
    body: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    message_id: str | None = None
    reply_kind: str | None = None  # foia reply --kind (clarify, accept-fee, ...)


def enqueue(db: Database, letter, *fields, now: datetime, domain: str = "", **named) -> int:
    """The one way into the outbox: a pending row for a request; returns the outbox id.

    ``letter`` is an OutgoingLetter; the first wave's spelling (``request_id, kind, to_addr,
    subject, body`` then keywords) builds one from the same fields. The body may still carry
    the send-date mark: the sender fills it when the letter goes. ``domain`` is the right side
    of a new Message-ID (the requester's, from the config).
    """
    if not isinstance(letter, OutgoingLetter):
        letter = OutgoingLetter(letter, *fields, **named)
    _check_kind(letter)
    ref = outbox_db.request_ref(db, letter.request_id)
    if ref is None:
        raise FoiaError(f"No request with id {letter.request_id}.")
    if not letter.message_id and not domain:
        domain = _domain(db)
    values = _values(letter, ref, now, domain)
    with transaction(db):
        return outbox_db.insert_letter(db, values)


def enqueue_many(
    db: Database, letters: Sequence[OutgoingLetter], *, now: datetime, domain: str = ""
) -> None:
    """``enqueue`` for many letters at once (a campaign's first letters): the same rows, in
    order, with one look-up of their requests' refs and one bulk insert, in one transaction."""
    for letter in letters:
        _check_kind(letter)
    refs = outbox_db.request_refs(db, [letter.request_id for letter in letters])
    for letter in letters:
        if letter.request_id not in refs:
            raise FoiaError(f"No request with id {letter.request_id}.")
    if not domain and not all(letter.message_id for letter in letters):
        domain = _domain(db)
    rows = [_values(letter, refs[letter.request_id], now, domain) for letter in letters]
    with transaction(db):
        outbox_db.insert_letters(db, rows)


def _check_kind(letter: OutgoingLetter) -> None:
    if letter.kind not in KINDS:
        raise ValueError(f"outbox kind must be one of {KINDS}, not {letter.kind!r}")


def _values(letter: OutgoingLetter, ref: str, now: datetime, domain: str) -> dict:
    message_id = letter.message_id or make_msgid(idstring=ref, domain=domain)
    thread = [*letter.references, *([letter.in_reply_to] if letter.in_reply_to else [])]
    return {
        "request_id": letter.request_id,
        "kind": letter.kind,
        "to_addr": letter.to_addr,
        "subject": letter.subject,
        "body": letter.body,
        "message_id": message_id,
        "in_reply_to": " ".join(dict.fromkeys(thread)) or None,
        "reply_kind": letter.reply_kind,
        "created_at": now.isoformat(),
    }


def _domain(db: Database) -> str:
    # Without a config: the right side of earlier letters' IDs names us (RFC 5322 3.6.4).
    earlier = outbox_db.latest_message_id(db) or ""
    return earlier.rsplit("@", 1)[1].rstrip(">") if "@" in earlier else "localhost"
