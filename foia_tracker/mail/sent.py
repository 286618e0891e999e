"""The Sent folder: proof that an interrupted letter went, and the copies we file there.

Only our own Message-ID, or the ID the provider gave that very letter (recorded when the copy
was first seen), proves a letter went. A message that merely names the ref in its subject and
the agency in To may be anyone's (the user's own question to the clerk, a second workspace
sharing the mailbox whose refs also start at CT-0001), so it never settles a letter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email import message_from_bytes
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import PROVIDER_FILES_SENT, get_setting, transaction
from foia_tracker.db import outbox as outbox_db
from foia_tracker.errors import FoiaError
from foia_tracker.mail import imap as mailbox
from foia_tracker.store import Store

SENT_COPY_WAIT = 3.0
log = logging.getLogger(__name__)


@contextmanager
def sent_mailbox(config: Config, *, filing: bool) -> Iterator[tuple[object, str] | None]:
    """A connection and the Sent folder's name, or None when there is nothing to do there.

    Looking for a letter is always worth it when IMAP is set up (the provider may file copies
    even with ``sent_copy = "never"``); filing our own copy only when ``sent_copy`` allows.
    """
    if not config.imap.configured or (filing and config.imap.sent_copy == "never"):
        yield None
        return
    client = mailbox.connect(config.imap)
    try:
        folder = mailbox.sent_folder(client, config.imap)
        yield (client, folder) if folder else None
    finally:
        mailbox.close_quietly(client)


def has_copy(client, folder: str, letter: dict) -> bool:
    """Is this very letter in the folder: our Message-ID, or the provider's recorded one."""
    ids = [letter["message_id"], letter.get("provider_message_id")]
    return any(i and mailbox.find_by_message_id(client, folder, i) for i in ids)


def find_in_sent(config: Config, letters: list[dict]) -> tuple[set[int], str]:
    """The outbox ids of ``letters`` whose copy is in Sent, and a warning if we could not look."""
    if not letters:
        return set(), ""
    try:
        with sent_mailbox(config, filing=False) as where:
            if where is None:
                return set(), ""
            client, folder = where
            return {x["id"] for x in letters if has_copy(client, folder, x)}, ""
    except FoiaError as exc:
        return set(), f"the Sent folder could not be searched ({exc})"


def read_sent_letter(store: Store, sha256: str | None) -> tuple[str | None, datetime | None]:
    """The text and Date of a letter as it went out, read back from its stored raw bytes.

    Our Date header is written a moment before the data goes out (RFC 5322 3.6.1: "the date
    and time at which the creator ... indicated that the message was complete").
    """
    if not sha256:
        return None, None
    try:
        parsed = message_from_bytes(store.read_raw(sha256), policy=default_policy)
    except OSError:
        return None, None
    part = parsed.get_body(("plain",))
    body = part.get_content().replace("\r\n", "\n") if part is not None else None
    when = parsed["Date"].datetime if parsed["Date"] is not None else None
    return body, when


def _provider_copy(client, folder: str, letter: dict, raw: bytes, known: set[str]) -> str | None:
    """The Message-ID a provider gave its copy of the letter we just sent (Exchange Online
    assigns its own): same Subject, To and Date (RFC 5322 3.6.1, ours to the second)."""
    ours = BytesHeaderParser().parsebytes(raw)
    when = parsedate_to_datetime(ours["Date"])
    uids = mailbox.search_header(client, folder, "Subject", letter["ref"])
    for header in mailbox.fetch_headers(client, folder, uids).values():
        theirs = BytesHeaderParser().parsebytes(header)
        their_id = (theirs.get("Message-ID") or "").strip()
        if not their_id or their_id.lower() in known:
            continue
        try:
            same_date = theirs["Date"] is not None and parsedate_to_datetime(theirs["Date"]) == when
        except (TypeError, ValueError):
            same_date = False
        if (
            same_date
            and theirs.get("Subject") == ours.get("Subject")
            and (letter["to_addr"].lower() in (theirs.get("To") or "").lower())
        ):
            return their_id
    return None


def file_sent_copies(db: Database, store: Store, config: Config, wait: float) -> list[str]:
    """File the Sent copy of every sent letter that still owes one, this run's and any a killed
    run left (``imap.sent_copy``); return warnings. A copy already there is never filed twice."""
    owed = outbox_db.copies_to_file(db)
    if not owed:
        return []
    if not config.imap.configured or config.imap.sent_copy == "never":
        with transaction(db):
            for letter in owed:
                outbox_db.set_sent_copy(db, letter["id"], "skipped")
        return []
    try:
        with sent_mailbox(config, filing=True) as where:
            if where is None:
                return []
            _file(db, store, config, where, owed, wait)
    except (FoiaError, OSError) as exc:
        # Never masks how the run ended; the copies stay owed and the next run files them.
        return [
            f"Sent letters were not copied to the Sent folder (the next run tries again): {exc}"
        ]
    return []


def _file(db, store: Store, config: Config, where, owed: list[dict], wait: float) -> None:
    client, folder = where
    missing = owed
    if config.imap.sent_copy == "auto":
        # `foia check` learned whether the provider files copies: trust it, or wait and see.
        patience = 0.0 if get_setting(db, PROVIDER_FILES_SENT) == "no" else wait
        missing = _await_provider_copies(db, store, where, owed, patience)
    else:
        missing = [x for x in owed if not _settle_copy(db, client, folder, x)]
    for letter in missing:
        mailbox.append(client, folder, store.read_raw(letter["raw_sha256"]), flags=("\\Seen",))
        with transaction(db):
            outbox_db.set_sent_copy(db, letter["id"], "filed")


def _settle_copy(db, client, folder: str, letter: dict) -> bool:
    """True (and recorded) when the copy is already in Sent, e.g. a killed run filed it."""
    if not has_copy(client, folder, letter):
        return False
    with transaction(db):
        outbox_db.set_sent_copy(db, letter["id"], "provider")
    return True


def _await_provider_copies(db, store: Store, where, owed: list[dict], wait: float) -> list[dict]:
    client, folder = where
    known = outbox_db.own_message_ids(db)
    deadline = time.monotonic() + wait
    missing = list(owed)
    while True:
        still = []
        for letter in missing:
            if _settle_copy(db, client, folder, letter):
                continue
            raw = store.read_raw(letter["raw_sha256"])
            provider_id = _provider_copy(client, folder, letter, raw, known)
            if provider_id is None:
                still.append(letter)
                continue
            known.add(provider_id.lower())  # one copy proves one letter, not two
            with transaction(db):
                outbox_db.set_provider_id(db, letter["id"], provider_id)
                outbox_db.set_sent_copy(db, letter["id"], "provider")
        missing = still
        if not missing or time.monotonic() >= deadline:
            return missing
        time.sleep(0.25)
