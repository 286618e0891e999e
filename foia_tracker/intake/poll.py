"""`foia poll [--watch]`: fetch new mail from every configured folder, save and file it.

The Sent folder is not polled: our own letters are recognised by Message-ID wherever they turn
up (``own_copy``) and the outbox settles its Sent copies itself (``imap.find_by_message_id``).
Polling it would store the user's private sent mail for no gain.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.errors import ConfigError, MailboxError
from foia_tracker.intake.context import Filer, IntakeSettings, SaveOutcome, build_context
from foia_tracker.intake.save import save_message
from foia_tracker.mail import fetch, imap
from foia_tracker.store import Store

log = logging.getLogger(__name__)

BACKOFF_MAX_SECONDS = 300


@dataclass
class PollReport:
    fetched: int = 0
    stored: int = 0
    matched: int = 0
    unmatched: int = 0
    bounces: int = 0
    auto_replies: int = 0
    errors: int = 0
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The contract's ``foia poll --format json`` object."""
        data = asdict(self)
        data.pop("problems")
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
        else:
            self.unmatched += 1

    def failed(self, problem: str) -> None:
        self.errors += 1
        self.problems.append(problem)


def poll(db: Database, store: Store, config: Config, *, now: datetime, client=None) -> PollReport:
    """Fetch, store and file new mail from every configured folder (one writer at a time)."""
    settings = IntakeSettings.from_config(config, db)
    with store.lock():
        own_client = client is None
        if own_client:
            client = imap.connect(config.imap)
        try:
            return _poll_folders(client, Filer(db, store, build_context(db, settings), settings),
                                 config, now)  # fmt: skip
        finally:
            if own_client:
                fetch.logout(client)


def _poll_folders(client, filer: Filer, config: Config, now: datetime) -> PollReport:
    account = imap.account_key(config.imap)
    report = PollReport()
    since = since_date(config.imap.since)

    def save(fetched: fetch.FetchedMessage) -> None:
        report.add(save_message(filer, fetched, now=now))

    for folder in imap.resolve_folders(client, config.imap):
        try:
            fetch.fetch_folder(client, fetch.FolderJob(filer.db, account, folder, since), save)
        except fetch.IMAP_ERRORS as exc:  # a missing or unreadable folder: say so, go on
            report.failed(f"folder {folder}: {exc}")
    return report


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
        how.on_report(poll(db, store, config, now=how.now_fn(), client=client))
        state.done, state.backoff = state.done + 1, 1.0
        if not state.finished(how):
            fetch.wait_for_mail(client, config.imap.watch_interval, how.sleep)
