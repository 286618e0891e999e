"""``foia reparse``: rebuild every derived row from the stored raw mail, by the same ``derive``
that filed it at poll time."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import messages as store_db
from foia_tracker.db import transaction
from foia_tracker.documents.indexer import DocumentIndexer
from foia_tracker.intake.context import Filer, IntakeSettings, SaveOutcome, build_context
from foia_tracker.intake.derive import derive_guarded
from foia_tracker.store import Store


@dataclass
class ReparseReport:
    messages: int = 0
    matched: int = 0
    unmatched: int = 0
    errors: int = 0

    def as_json(self) -> dict:
        return asdict(self)


def reparse(db: Database, store: Store, config: Config, *, now: datetime) -> ReparseReport:
    """Rebuild every derived row from the stored raw mail.

    Kept: the raw mail, ``message_copies`` and ``mail_state`` (where the server holds what),
    filings the user made by hand (``foia match``, actor 'user'), and the requests' statuses and
    events (a timeline is history, not a derived view, so ``after_filing`` is not run again).
    Everything else about each message is derived again by the same code that filed it at poll
    time, against today's requests: a sender-only filing whose agency has since gained or closed
    a request goes back to the holding pen rather than being guessed.
    """
    return reparse_with(db, store, IntakeSettings.from_config(config, db), now=now)


def reparse_with(
    db: Database, store: Store, settings: IntakeSettings, *, now: datetime
) -> ReparseReport:
    report = ReparseReport()
    with store.lock(), DocumentIndexer(db, store) as indexer:
        filer = Filer(db, store, build_context(db, settings), settings, True, indexer)
        for message_row in store_db.all_message_rows(db):
            outcome = _reparse_one(filer, message_row, now)
            report.messages += 1
            report.errors += int(outcome.error is not None)
            if not outcome.own_copy:
                filed = store_db.is_filed(db, message_row)
                report.matched += int(filed)
                report.unmatched += int(not filed)
            indexer.collect()
        indexer.finish()
        with transaction(db):  # every message was re-indexed as it was derived
            store_db.drop_orphan_documents(db)
    return report


def _reparse_one(filer: Filer, message_row: int, now: datetime) -> SaveOutcome:
    db = filer.db
    raw = filer.store.read_raw(store_db.get_message(db, message_row)["raw_sha256"])
    with transaction(db):
        store_db.clear_derived(db, message_row)
        return derive_guarded(filer, message_row, raw, now)
