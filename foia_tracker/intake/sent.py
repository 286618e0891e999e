"""The requester's own messages about a request, found in her Sent folder (``[imap] track_sent``).

A volunteer answers a fee estimate from her phone; a parent replies to a clarification from
Outlook. Those replies never pass through foia-tracker, yet they are what a paused clock waits
for. The Sent folder is read, privately:

1. only **headers** are fetched for new Sent messages (``BODY.PEEK[HEADER.FIELDS (...)]``,
   RFC 3501 section 6.4.5), from the first letter's date on, never the whole history;
2. a message belongs to a request when a reply token appears in any address, when
   In-Reply-To/References (RFC 5322 section 3.6.4) name a message of the request's thread (a
   letter we sent, or an agency message filed on the request), or when its subject carries the
   request's ref *and* one of that agency's addresses is in To/Cc;
3. only those are fetched whole, stored raw first like any mail, filed on the request and
   recorded as ``requester_message`` with ``detail.via = "mail client"``. No other Sent
   message's body is fetched or stored; their UIDs only move the checkpoint.

This module decides whether anything is new (the checkpoint, as in mail/fetch.py); reading the
new messages (steps 1 to 3) is intake/sent_read.py.

Our own letters (their Message-IDs are in the outbox) are the tool's, already on the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from foia_tracker import lazy
from foia_tracker.db import checkpoints, transaction
from foia_tracker.db import sent as sent_db
from foia_tracker.mail import fetch
from foia_tracker.store import Store

if TYPE_CHECKING:
    from sqlite_utils import Database

READ_NEW = "foia_tracker.intake.sent_read:read_new"


@dataclass
class SentReport:
    looked_at: int = 0  # headers read
    filed: int = 0  # the requester's messages stored and recorded
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SentJob:
    db: Database
    store: Store
    account: str
    folder: str
    now: datetime


def track_sent(client, job: SentJob) -> SentReport:
    """Read new Sent headers; store and record only the requester's messages about requests."""
    report = SentReport()
    first = sent_db.first_letter_date(job.db)
    if first is None:
        return report  # nothing sent yet: nothing in Sent can be about a request
    info = client.select_folder(job.folder, readonly=True)
    uidvalidity = int(info[b"UIDVALIDITY"])
    state = checkpoints.mail_state(job.db, job.account, job.folder)
    same = state is not None and state["uidvalidity"] == uidvalidity
    last_uid = state["last_uid"] if same else 0
    if same and fetch.nothing_new(info, last_uid):
        return report  # nothing sent since the last poll
    uids = fetch.new_uids(client, last_uid, first if last_uid == 0 else None)
    if not uids:
        # Everything there is older than the first letter: never about a request.
        seen = max(last_uid, int(info.get(b"UIDNEXT", 1)) - 1)
        with transaction(job.db):
            checkpoints.move_checkpoint(
                job.db, checkpoints.Checkpoint(job.account, job.folder, uidvalidity, seen)
            )
        return report
    # Reading them needs the header parser and, for her own messages, the message parser and
    # the request's timeline: imported only now (foia_tracker/lazy.py), not on every poll.
    lazy.load(READ_NEW)(client, job, (uidvalidity, uids), report)
    return report
