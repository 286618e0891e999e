"""`foia poll [--watch]`: fetch new mail from every configured folder, save and file it.

The Sent folder is not polled: our own letters are recognised by Message-ID wherever they turn
up (``own_copy``) and the outbox settles its Sent copies itself (``imap.find_by_message_id``).
Polling it would store the user's private sent mail for no gain.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from foia_tracker import lazy
from foia_tracker.config import Config
from foia_tracker.crash import crash_point
from foia_tracker.db import extraction, transaction
from foia_tracker.db import outbox as outbox_db
from foia_tracker.errors import ConfigError, LockedError, MailboxError
from foia_tracker.intake import sent
from foia_tracker.mail import fetch, imap
from foia_tracker.store import Store

if TYPE_CHECKING:  # the filing side is imported only when there is mail to file (below)
    from sqlite_utils import Database

    from foia_tracker.intake.context import SaveOutcome
    from foia_tracker.intake.session import FilingSession

log = logging.getLogger(__name__)

BACKOFF_MAX_SECONDS = 300
# A connection dropped in the middle of a one-shot poll (a server restart, a cut link) is
# reopened this many times, RECONNECT_WAIT seconds apart; each attempt resumes from the
# per-folder checkpoints, so nothing is stored twice. Then the poll stops with one sentence.
RECONNECTS = 2
RECONNECT_WAIT = 1.0
# imaplib's abort is an IMAPClientError too: it must be told apart from a folder's own error.
CONNECTION_LOST = (OSError, EOFError, fetch.IMAPClientAbortError)
# Filing needs the parser, the matcher, the classifier and the document workers: imported when
# a poll has something to file or documents are pending (foia_tracker/lazy.py), so a poll
# that finds nothing new costs little more than its IMAP round trips.
OPEN_SESSION = "foia_tracker.intake.session:open_session"
# Sent letters whose request bookkeeping a killed send left owed (rare): booked before any
# reply is filed, with the send path imported only then.
COMPLETE_BOOKING = "foia_tracker.mail.outcomes:complete_booking"


@dataclass
class PollReport:
    fetched: int = 0
    stored: int = 0
    matched: int = 0
    unmatched: int = 0
    bounces: int = 0
    auto_replies: int = 0
    errors: int = 0
    documents_indexed: int = 0  # document text extracted and indexed by this poll
    documents_pending: int = 0  # left for the next poll (only when this one stopped early)
    requester_messages: int = 0  # the requester's own replies found in Sent (track_sent)
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The contract's ``foia poll --format json`` object."""
        data = asdict(self)
        for extra in ("problems", "documents_indexed", "documents_pending", "requester_messages"):
            data.pop(extra)
        return data

    def add(self, outcome: SaveOutcome) -> None:
        self.fetched += 1
        if not outcome.new:
            return
        self.stored += 1
        if outcome.error:
            self.errors += 1
            self.problems.append(outcome.error)
        if outcome.kind == "bounce":
            self.bounces += 1
        elif outcome.kind == "auto_reply":
            self.auto_replies += 1
        if outcome.own_copy:
            return
        if outcome.matched:
            self.matched += 1
        elif not outcome.set_aside:
            self.unmatched += 1

    def failed(self, problem: str) -> None:
        self.errors += 1
        self.problems.append(problem)


def poll(
    db: Database,
    store: Store,
    config: Config,
    *,
    now: datetime,
    client=None,
    progress: Callable[[int, int, str], None] | None = None,
    opened=None,
) -> PollReport:
    """Fetch, store and file new mail from every configured folder (one writer at a time).

    ``client`` is the caller's connection (poll --watch: a drop goes back to it); ``opened`` is
    one handed over (intake/idle.py's look), used for the first attempt and logged out here."""
    try:
        with store.lock(), Intake(db, store, config) as intake:
            if outbox_db.has_unbooked(db):
                lazy.load(COMPLETE_BOOKING)(db, store, config)
            if extraction.count_pending(db):
                intake.session()  # resumes the documents a killed poll left pending
            report = PollReport()
            _poll_reconnecting(intake, config, (now, client, progress, opened), report)
            opened = None  # logged out by _poll_reconnecting
            crash_point("poll.before_documents")
            report.documents_indexed, report.documents_pending = intake.finish()
            return report
    finally:
        if opened is not None:  # the poll stopped before it used the handed-over connection
            fetch.logout(opened)


@dataclass
class Intake:
    """One poll's workspace, and its filing session once there is something to file."""

    db: Database
    store: Store
    config: Config
    _session: FilingSession | None = None

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._session is not None:
            self._session.close()

    def session(self) -> FilingSession:
        if self._session is None:
            self._session = lazy.load(OPEN_SESSION)(self.db, self.store, self.config)
        return self._session

    def finish(self) -> tuple[int, int]:
        """Documents (indexed, still pending); none when nothing was filed or resumed."""
        return self._session.finish() if self._session is not None else (0, 0)


def _poll_reconnecting(intake: Intake, config: Config, run: tuple, report: PollReport) -> None:
    """Poll on our own connection, reopening it after a drop (bounded: RECONNECTS). A client
    passed in (poll --watch) is the caller's: a drop goes back to the caller, which reconnects."""
    now, given, progress, opened = run
    for attempt in range(RECONNECTS + 1):
        client = given or (opened if attempt == 0 and opened is not None else None)
        client = client or imap.connect(config.imap)
        try:
            _poll_folders(client, intake, config, (now, progress), report)
            return
        except CONNECTION_LOST as exc:
            if given is not None:
                raise
            if attempt == RECONNECTS:
                raise MailboxError(
                    f"The connection to the mail server dropped {RECONNECTS + 1} times during "
                    f"this poll ({exc}); everything fetched so far is kept, run foia poll again."
                ) from None
            log.warning("mail server connection lost (%s); reconnecting (%d of %d)",
                        exc, attempt + 1, RECONNECTS)  # fmt: skip
            time.sleep(RECONNECT_WAIT)
        finally:
            if given is None:
                fetch.logout(client)


def _poll_folders(client, intake: Intake, config: Config, when: tuple, report: PollReport) -> None:
    now, progress = when
    account = imap.account_key(config.imap)
    since = since_date(config.imap.since)

    def save(fetched: fetch.FetchedMessage) -> None:
        report.add(intake.session().save(fetched, now=now))

    folders = imap.resolve_folders(client, config.imap)
    for folder in folders:
        try:
            job = fetch.FolderJob(intake.db, account, folder, since, progress)
            fetch.fetch_folder(client, job, save, unit=lambda: _batch_unit(intake))
        except CONNECTION_LOST:
            raise
        except fetch.IMAP_ERRORS as exc:  # a missing or unreadable folder: say so, go on
            report.failed(f"folder {folder}: {exc}")
    if config.imap.track_sent:
        _track_sent(client, intake, config, (account, folders, now), report)


def _track_sent(client, intake: Intake, config: Config, where: tuple, report: PollReport) -> None:
    """The requester's own messages about requests, from Sent (headers first; intake/sent.py)."""
    account, polled, now = where
    folder = imap.sent_folder(client, config.imap)
    if folder is None or folder in polled:
        return
    try:
        found = sent.track_sent(client, sent.SentJob(intake.db, intake.store, account, folder, now))
    except CONNECTION_LOST:
        raise
    except fetch.IMAP_ERRORS as exc:  # a Sent folder that disappeared is not a failed poll
        log.warning("could not read the Sent folder %s: %s", folder, exc)
        return
    report.requester_messages += found.filed
    for problem in found.problems:
        log.warning(problem)


@contextmanager
def _batch_unit(intake: Intake) -> Iterator[None]:
    """One fetch batch: one transaction, its files made durable just before it commits."""
    with transaction(intake.db), intake.store.batch():
        yield


def since_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ConfigError(f"imap.since must be a date like 2026-01-31, not {text!r}.") from None


@dataclass(frozen=True)
class Watch:
    """How `foia poll --watch` runs: tests give their own clock, sleep and number of rounds."""

    now_fn: Callable[[], datetime]
    on_report: Callable[[PollReport], None]
    sleep: Callable[[float], None] = time.sleep
    rounds: int | None = None


def watch(
    db: Database,
    store: Store,
    config: Config,
    *,
    now_fn: Callable[[], datetime],
    on_report: Callable[[PollReport], None],
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Poll, then wait for new mail (IDLE where offered, else ``watch_interval``), forever.

    Network errors reconnect with a doubling back-off. A failure to connect before the first
    poll stops at once (a wrong password or host is not going to heal). Ctrl-C
    (KeyboardInterrupt) leaves between two steps; everything fetched so far is committed.
    """
    how = Watch(now_fn, on_report, sleep, rounds)
    state = _WatchState()
    connected_once = False
    while not state.finished(how):
        try:
            client = imap.connect(config.imap)
            connected_once = True
            try:
                _watch_connected(client, (db, store, config), how, state)
            finally:
                fetch.logout(client)
        except (OSError, EOFError, MailboxError, *fetch.IMAP_ERRORS) as exc:
            if not connected_once:
                raise
            log.warning(
                "mail server connection lost (%s); reconnecting in %.0f s", exc, state.backoff
            )
            sleep(state.backoff)
            state.backoff = min(state.backoff * 2, BACKOFF_MAX_SECONDS)


@dataclass
class _WatchState:
    done: int = 0
    backoff: float = 1.0

    def finished(self, how: Watch) -> bool:
        return how.rounds is not None and self.done >= how.rounds


def _watch_connected(client, where: tuple, how: Watch, state: _WatchState) -> None:
    db, store, config = where
    while not state.finished(how):
        try:
            how.on_report(poll(db, store, config, now=how.now_fn(), client=client))
        except (LockedError, sqlite3.OperationalError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" not in str(exc):
                raise
            # A send or a big campaign create holds the store or the database: a watcher waits
            # its turn instead of dying (issue 14, finding 9).
            log.warning("the workspace is busy (%s); polling again in %.0f s", _why(exc), BUSY_WAIT)
            how.sleep(BUSY_WAIT)
            state.done += 1
            continue
        state.done, state.backoff = state.done + 1, 1.0
        if not state.finished(how):
            fetch.wait_for_mail(client, config.imap.watch_interval, how.sleep)


BUSY_WAIT = 30.0


def _why(exc: Exception) -> str:
    return "another foia command holds it" if isinstance(exc, LockedError) else "database locked"
