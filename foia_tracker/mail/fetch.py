"""The IMAP fetch loop: new messages of one folder, in batches, with its checkpoint.

Each configured folder is selected read-only (EXAMINE, RFC 3501 section 6.3.2) so nothing is
marked read; a high-water mark per (account, folder, UIDVALIDITY) in ``mail_state`` (the
getmail6 key); ``UID SEARCH UID n+1:*`` (RFC 3501 section 6.4.8: ``*`` is the highest UID, so
the server returns the last UID <= n when nothing is new; it is dropped); ``BODY.PEEK[]`` +
``INTERNALDATE`` fetched in batches bounded by count and by bytes (sizes come first from one
``RFC822.SIZE`` fetch), never one round trip per message and never the whole mailbox in memory.

The loop yields raw messages to a ``save`` callback (intake's ``save_message``) and moves the
checkpoint after each batch, in its own transaction, once every message of the batch is saved:
the checkpoint never passes a message whose rows are not committed. A UIDVALIDITY change
(RFC 3501 section 2.3.1.1: the old UIDs mean nothing any more) resyncs the folder from the start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from foia_tracker.crash import crash_point
from foia_tracker.db import checkpoints, transaction

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database

log = logging.getLogger(__name__)

BATCH_MESSAGES = 50
BATCH_BYTES = 25 * 1024 * 1024
SIZE_CHUNK = 2000  # UIDs per RFC822.SIZE fetch
FETCH_ITEMS = [b"BODY.PEEK[]", b"INTERNALDATE", b"RFC822.SIZE"]
IMAP_ERRORS = (IMAPClientError, IMAPClientAbortError)
IDLE_MAX_SECONDS = 29 * 60  # RFC 2177 section 3: re-issue IDLE at least every 29 minutes


@dataclass(frozen=True)
class CopyKey:
    """Where the server holds one copy of a message (the getmail6 key)."""

    account: str
    folder: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True)
class FetchedMessage:
    key: CopyKey
    raw: bytes
    internaldate: datetime | None


@dataclass(frozen=True)
class FolderJob:
    db: Database
    account: str
    folder: str
    since: date | None
    # (done, total, folder) after each batch: the CLI shows a first big poll's progress
    progress: Callable[[int, int, str], None] | None = None


def fetch_folder(
    client,
    job: FolderJob,
    save: Callable[[FetchedMessage], None],
    unit: Callable[[], AbstractContextManager] = nullcontext,
) -> None:
    """Hand every new message of ``job.folder`` to ``save``, then move the checkpoint.

    Each batch is one unit of work: ``unit()`` (intake's: one transaction, with the store's
    files made durable before it commits) holds the batch's saves and its checkpoint, so the
    checkpoint commits with the rows it covers (the contract's rule) and a crash mid-batch
    leaves the whole batch for the next poll."""
    info = client.select_folder(job.folder, readonly=True)
    uidvalidity = int(info[b"UIDVALIDITY"])
    state = checkpoints.mail_state(job.db, job.account, job.folder)
    same = state is not None and state["uidvalidity"] == uidvalidity
    last_uid = state["last_uid"] if same else 0
    if state is not None and not same:
        log.warning("UIDVALIDITY of %s changed: resyncing it (stored mail is kept)", job.folder)
    if same and nothing_new(info, last_uid):
        return  # an idle poll: no UID SEARCH, no FETCH
    uids = new_uids(client, last_uid, job.since)
    done = 0
    for batch in batches(client, uids):
        messages = list(fetch(client, batch, CopyKey(job.account, job.folder, uidvalidity, 0)))
        with unit():
            for fetched in messages:
                save(fetched)
            _checkpoint(job, uidvalidity, max(batch))
        crash_point("poll.after_batch")
        done += len(batch)
        if job.progress:
            job.progress(done, len(uids), job.folder)
    if not same:
        _checkpoint(job, uidvalidity, last_uid, only_if_missing=True)


def nothing_new(select_info: dict, last_uid: int) -> bool:
    """RFC 3501 section 2.3.1.1: UIDs are strictly ascending and UIDNEXT is the UID the next
    message will get, so UIDNEXT <= last seen + 1 means no message arrived since. Servers that
    leave UIDNEXT out of the SELECT answer are searched as before."""
    uidnext = select_info.get(b"UIDNEXT")
    return isinstance(uidnext, int) and uidnext <= last_uid + 1


def new_uids(client, last_uid: int, since: date | None) -> list[int]:
    criteria: list = ["UID", f"{last_uid + 1}:*"]
    if since is not None and last_uid == 0:
        criteria += ["SINCE", since]
    # RFC 3501 section 6.4.8: "n+1:*" always includes the highest UID, even when it is <= n.
    return sorted(uid for uid in client.search(criteria) if uid > last_uid)


def batches(client, uids: list[int]) -> Iterator[list[int]]:
    """UIDs in fetch batches bounded by count and by bytes (a huge message travels alone)."""
    for start in range(0, len(uids), SIZE_CHUNK):
        chunk = uids[start : start + SIZE_CHUNK]
        sizes = client.fetch(chunk, [b"RFC822.SIZE"])
        batch: list[int] = []
        total = 0
        for uid in chunk:
            size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
            if batch and (len(batch) >= BATCH_MESSAGES or total + size > BATCH_BYTES):
                yield batch
                batch, total = [], 0
            batch.append(uid)
            total += size
        if batch:
            yield batch


def fetch(client, batch: list[int], key: CopyKey) -> Iterator[FetchedMessage]:
    response = client.fetch(batch, FETCH_ITEMS)
    for uid in batch:
        data = response.pop(uid, None)
        if data is None or b"BODY[]" not in data:
            continue  # expunged since the search: nothing left to store
        when = data.get(b"INTERNALDATE")
        if isinstance(when, datetime) and when.tzinfo is None:
            when = when.astimezone()  # imapclient gives local naive time by default
        yield FetchedMessage(
            CopyKey(key.account, key.folder, key.uidvalidity, uid), bytes(data[b"BODY[]"]), when
        )


def _checkpoint(job: FolderJob, uidvalidity: int, last_uid: int, *, only_if_missing=False) -> None:
    with transaction(job.db):
        if only_if_missing:
            current = checkpoints.mail_state(job.db, job.account, job.folder)
            if current is not None and current["uidvalidity"] == uidvalidity:
                return
        mark = checkpoints.Checkpoint(job.account, job.folder, uidvalidity, last_uid)
        checkpoints.move_checkpoint(job.db, mark)


def wait_for_mail(client, interval: int, sleep: Callable[[float], None]) -> None:
    """Until new mail may be there: IDLE where offered (RFC 2177), else ``interval`` seconds."""
    if b"IDLE" not in client.capabilities():
        sleep(interval)
        return
    # RFC 2177: IDLE needs a selected folder; new mail arrives in INBOX.
    client.select_folder("INBOX", readonly=True)
    client.idle()
    try:
        client.idle_check(timeout=min(interval, IDLE_MAX_SECONDS))
    finally:
        client.idle_done()


def logout(client) -> None:
    try:
        client.logout()
    except Exception as exc:  # noqa: BLE001 - the work is committed; a failed goodbye changes nothing
        log.debug("logout failed: %s", exc)
