"""Filing by hand (`foia match`): the user names the requests a message belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.db import transaction
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.intake.attachments import extract_filed_documents
from foia_tracker.intake.context import DEFAULT_SETTINGS, IntakeSettings
from foia_tracker.intake.effects import after_filing
from foia_tracker.intake.filed import classify_filed
from foia_tracker.requests.status import find_request
from foia_tracker.store import Store


@dataclass(frozen=True)
class HandFiling:
    message_row: int
    refs: tuple[str, ...]
    learned: tuple[str, ...]  # "agency id: address" pairs added to agency_addresses


def file_by_hand(
    db: Database,
    message_row: int,
    refs: Iterable[str],
    *,
    learn_sender: bool,
    now: datetime,
    settings: IntakeSettings = DEFAULT_SETTINGS,
    store: Store | None = None,
) -> HandFiling:
    """``foia match``: file a message on requests the user names (actor 'user').

    ``learn_sender`` adds the sender to the agency's other known addresses (source 'learned'),
    so its next mail matches by sender; letters still go to ``agencies.email``.
    """
    message = get_message_or_fail(db, message_row)
    requests = [find_request(db, ref) for ref in dict.fromkeys(r.upper() for r in refs)]
    if not requests:
        raise UsageError("Name at least one request ref, e.g. foia match 12 CT-0042.")
    learned: list[str] = []
    with transaction(db):
        for request in requests:
            evidence = {"filed_at": now.isoformat()}
            filing = store_db.FilingRow(message_row, request["id"], "user", 1.0, evidence, "user")
            store_db.insert_filing(db, filing)
            # her own address never becomes an agency's, whatever the flag says
            mine = (message["from_addr"] or "").lower() in settings.user_addresses
            if learn_sender and not mine and _learn(db, request["agency_id"], message["from_addr"]):
                learned.append(f"{request['agency_id']}: {message['from_addr']}")
        if message["dismissed_at"]:  # filing it says it is about a request after all
            store_db.update_message(db, message_row, {"dismissed_at": None, "dismissed_by": None})
        classify_filed(db, message_row)
        if store is not None:
            extract_filed_documents(db, store, message_row)
        after_filing(db, store_db.get_message(db, message_row), now, settings)
    return HandFiling(message_row, tuple(r["ref"] for r in requests), tuple(learned))


def get_message_or_fail(db: Database, message_row: int) -> dict:
    message = store_db.get_message(db, message_row)
    if message is None:
        raise NotFound(f"No message {message_row}; see the ids in `foia messages`.")
    return message


def _learn(db: Database, agency_id: int, address: str) -> bool:
    address = (address or "").lower()
    email = store_db.agency_email(db, agency_id)
    if not address or email is None or email.lower() == address:
        return False
    return store_db.learn_agency_address(db, agency_id, address)


@dataclass(frozen=True)
class Dismissal:
    message_row: int
    sender: str | None  # the address whose later mail is set aside too (``--sender``)
    others: tuple[int, ...]  # held mail already there from that sender, set aside with it


def dismiss(db: Database, message_row: int, *, sender: bool, now: datetime) -> Dismissal:
    """``foia dismiss``: take a message out of the holding pen as about no request. Kept, never
    deleted; `foia match` files it again if it turns out to matter. ``sender`` also sets aside
    the sender's held mail and every later message that no reply token, thread, ref or request
    number files (the cascade still reads those first: an agency writing from a dismissed
    address about a request is still filed)."""
    message = get_message_or_fail(db, message_row)
    filed = store_db.filings_of(db, message_row)
    if filed:
        refs = ", ".join(sorted({f["ref"] for f in filed}))
        raise UsageError(f"Message {message_row} is filed on {refs}, not held; nothing to dismiss.")
    address = (message["from_addr"] or "").lower() if sender else None
    if sender:
        _check_dismissable(db, message_row, address)
    at = now.isoformat()
    with transaction(db):
        _set_aside(db, message_row, at, "user")
        others: tuple[int, ...] = ()
        if address:
            store_db.dismiss_sender(db, address, at, message_row)
            others = tuple(m for m in store_db.held_from(db, address) if m != message_row)
            for other in others:
                _set_aside(db, other, at, "sender")
    return Dismissal(message_row, address, others)


def _check_dismissable(db: Database, message_row: int, address: str | None) -> None:
    if not address:
        raise UsageError(f"Message {message_row} has no sender address to dismiss.")
    agencies = sorted({a["agency_id"] for a in store_db.agency_addresses(db)
                       if a["address"].lower() == address})  # fmt: skip
    if agencies:
        raise UsageError(
            f"{address} answers for agency {agencies[0]}: its mail may be about a request. "
            "Dismiss this message without --sender."
        )


def _set_aside(db: Database, message_row: int, at: str, by: str) -> None:
    store_db.update_message(db, message_row, {"dismissed_at": at, "dismissed_by": by})
