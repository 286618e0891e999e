"""What filing needs, gathered once per poll or reparse: settings from the config and the
matching indexes over every request (no per-message query of all requests)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import AUTHSERV_ID, get_setting
from foia_tracker.db import messages as store_db
from foia_tracker.documents.indexer import DocumentIndexer
from foia_tracker.intake import matching
from foia_tracker.requests.lifecycle import OPEN_STATES, Status
from foia_tracker.store import Store


@dataclass(frozen=True)
class IntakeSettings:
    """What deriving needs from the config, so tests need no config file."""

    authserv_id: str = ""
    user_addresses: frozenset[str] = frozenset()
    default_days: int = 10  # [deadlines]: the follow-up horizon where a law sets no number
    default_unit: str = "business"
    # [replies] address, e.g. "records+{token}@example.org": mail From such an address is ours
    reply_pattern: str = ""

    @classmethod
    def from_config(cls, config: Config, db: Database | None = None) -> IntakeSettings:
        """``imap.authserv_id`` from the config, else the one `foia check` learned."""
        addresses = {config.requester.email.lower()} if config.requester.email else set()
        if "@" in config.imap.username:
            addresses.add(config.imap.username.lower())
        learned = get_setting(db, AUTHSERV_ID) if db is not None else None
        return cls(
            authserv_id=config.imap.authserv_id or learned or "",
            user_addresses=frozenset(addresses),
            default_days=config.deadlines.default_days,
            default_unit=config.deadlines.default_unit,
            reply_pattern=config.replies.address if config.replies.mode != "none" else "",
        )


@dataclass(frozen=True)
class Filer:
    """What filing one message needs, opened once per poll or reparse."""

    db: Database
    store: Store
    ctx: matching.MatchContext
    settings: IntakeSettings
    # reparse extracts document text again (a better extractor); a poll reuses what is there
    refresh_documents: bool = False
    # poll and reparse hand document text to worker processes (documents/indexer.py); without
    # one (foia match, unit tests) text is extracted in place
    indexer: DocumentIndexer | None = None


@dataclass(frozen=True)
class SaveOutcome:
    message_row: int
    new: bool
    kind: str = "unknown"
    matched: bool = False
    own_copy: bool = False
    error: str | None = None
    set_aside: bool = False  # held nowhere on purpose: the user's own mail, a dismissed sender


def build_context(db: Database, settings: IntakeSettings) -> matching.MatchContext:
    """Everything matching needs, read once per poll."""
    ids_by_request: dict[int, list[str]] = {}
    own_ids: set[str] = set()
    for out in store_db.outbox_message_ids(db):
        for mid in (out["message_id"], out["provider_message_id"]):
            if mid:
                ids_by_request.setdefault(out["request_id"], []).append(mid)
                own_ids.add(mid)
    for filed in store_db.filed_message_ids(db):  # replies to mail already filed thread too
        ids_by_request.setdefault(filed["request_id"], []).append(filed["message_id"])
    requests = [
        matching.RequestInfo(
            id=r["id"],
            ref=r["ref"],
            token=r["token"],
            agency_id=r["agency_id"],
            agency_email=(r["email"] or "").lower(),
            open=is_open(r["status"]),
            message_ids=tuple(ids_by_request.get(r["id"], ())),
            tracking_numbers=(r["tracking_number"],) if r["tracking_number"] else (),
            agency_name=r["agency_name"] or "",
        )
        for r in store_db.requests_for_matching(db)
    ]
    addresses = [(a["agency_id"], a["address"].lower()) for a in store_db.agency_addresses(db)]
    ctx = matching.MatchContext.build(
        requests, addresses, own_message_ids=own_ids, user_addresses=set(settings.user_addresses)
    )
    found = store_db.tracking_numbers_in_facts(db)
    ctx.add_tracking_numbers((f["request_id"], str(f["number"])) for f in found)
    ctx.add_sender_history((h["request_id"], h["address"]) for h in store_db.sender_history(db))
    ctx.set_requester(settings.reply_pattern, store_db.dismissed_senders(db))
    return ctx


def is_open(status: str) -> bool:
    # A queued letter has not gone out: nobody can be answering it yet. A bounced one may still
    # be answered (the agency's other address replies; lifecycle reopens it), so it stays open.
    return (status in OPEN_STATES or status == Status.BOUNCED) and status != Status.QUEUED


DEFAULT_SETTINGS = IntakeSettings()  # tests and callers without a config
