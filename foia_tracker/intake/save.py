"""Saving one fetched message, raw first.

The exact bytes go to the store (fsynced) *before* any row names them. Then one transaction
writes the message, its copy, attachments, documents, matches and candidates. The checkpoint
(``mail_state.last_uid``) moves after each batch, in its own transaction (mail/fetch.py): a
crash between the two (``poll.after_rows``) makes the next poll fetch the batch again, and the
copy key (account, folder, UIDVALIDITY, UID) plus the unique raw SHA-256 turn that second pass
into no-ops. So a rerun never loses a message and never doubles one. The same message in INBOX
and Junk is one message with two copies.
"""

from __future__ import annotations

from datetime import UTC, datetime

from foia_tracker.crash import crash_point
from foia_tracker.db import messages as store_db
from foia_tracker.db import transaction
from foia_tracker.intake.context import Filer, SaveOutcome
from foia_tracker.intake.derive import derive_guarded
from foia_tracker.intake.effects import after_filing
from foia_tracker.mail.fetch import FetchedMessage


def save_message(filer: Filer, fetched: FetchedMessage, *, now: datetime) -> SaveOutcome:
    """Store one fetched message raw-first and file it; idempotent for the same copy."""
    db = filer.db
    sha = filer.store.put_raw(fetched.raw)
    crash_point("poll.after_raw")
    with transaction(db):
        existing = store_db.message_by_sha(db, sha)
        if existing is not None:
            store_db.insert_copy(db, _copy_row(existing["id"], fetched))
            return SaveOutcome(existing["id"], new=False, kind=existing["kind"])
        received = (fetched.internaldate or now).astimezone(UTC).isoformat()
        message_row = store_db.insert_message(db, sha, len(fetched.raw), received)
        store_db.insert_copy(db, _copy_row(message_row, fetched))
        outcome = derive_guarded(filer, message_row, fetched.raw, now)
        if outcome.matched and outcome.error is None:
            after_filing(db, store_db.get_message(db, message_row), now, filer.settings)
    crash_point("poll.after_rows")
    return outcome


def _copy_row(message_row: int, fetched: FetchedMessage) -> store_db.CopyRow:
    key = fetched.key
    when = fetched.internaldate.astimezone(UTC).isoformat() if fetched.internaldate else None
    return store_db.CopyRow(message_row, key.account, key.folder, key.uidvalidity, key.uid, when)
