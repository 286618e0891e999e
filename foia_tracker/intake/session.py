"""The filing side of one poll: matching context, the filer and the document workers.

intake/poll.py opens it only when there is work (a message to file, or documents an earlier
poll left pending), through ``lazy.load``: this module is where the parser, the matcher, the
classifier and document extraction come in, and an idle poll never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.documents.indexer import DocumentIndexer
from foia_tracker.intake.context import Filer, IntakeSettings, SaveOutcome, build_context
from foia_tracker.intake.save import save_message
from foia_tracker.mail.fetch import FetchedMessage
from foia_tracker.store import Store


@dataclass(frozen=True)
class FilingSession:
    filer: Filer
    indexer: DocumentIndexer

    def save(self, fetched: FetchedMessage, *, now) -> SaveOutcome:
        outcome = save_message(self.filer, fetched, now=now)
        self.indexer.collect()  # write finished texts as the fetch goes on
        return outcome

    def finish(self) -> tuple[int, int]:
        """Wait for every queued document: (indexed, still pending)."""
        documents = self.indexer.finish()
        return documents.indexed + documents.needs_ocr, documents.pending

    def close(self) -> None:
        self.indexer.close()


def open_session(db: Database, store: Store, config: Config) -> FilingSession:
    """Start the document workers on what a killed poll left pending, then read what matching
    needs (once per poll)."""
    settings = IntakeSettings.from_config(config, db)
    indexer = DocumentIndexer(db, store)
    try:
        indexer.resume()
        filer = Filer(db, store, build_context(db, settings), settings, indexer=indexer)
    except BaseException:
        indexer.close()
        raise
    return FilingSession(filer, indexer)
