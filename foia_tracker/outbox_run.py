"""The send loop: one letter after another over one SMTP session, each claimed on disk first.

One durable commit per letter. A letter's claim (``sending``) commits together with the
previous letter's proof of sending (``sent``, owed since its 250), and is made durable (the
-wal file, the letter's stored bytes and their folders, synced in a worker thread) while MAIL,
RCPT and DATA go to the server; the data itself goes only once that is done. The next letter
is built while the server takes this one's data. So a crash still leaves at most one letter
whose fate is unknown: the one in ``sending``, cut off during its SMTP exchange or after its
250 and before the next claim committed. The next run settles it from the Sent folder, or
reports it as possibly sent and sends it once more. Every way out of the loop (the last
letter, a limit, Ctrl-C, a refusal, an exception) first commits what is owed. The requests'
bookkeeping of sent letters (status, clock, event) follows BOOK_BATCH letters at a time; rows
whose bookkeeping a kill cut off stay ``booked = 0`` for the next send or poll to complete.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.crash import crash_point
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import transaction
from foia_tracker.errors import ConfigError, DeliveryError, StoreError
from foia_tracker.mail import sent as sent_folder
from foia_tracker.mail.headers import config_builds, envelope_sender
from foia_tracker.mail.limits import Limits, limit_reached, minute_wait
from foia_tracker.mail.outcomes import (
    SendReport,
    book_all,
    record_bounce,
    record_proof,
    record_sent,
    sendable,
)
from foia_tracker.mail.smtp import SmtpOutcome, SmtpSession
from foia_tracker.outbox_ahead import Ahead, Prepared
from foia_tracker.store import make_durable

if TYPE_CHECKING:
    from foia_tracker.outbox import SendOptions


class SendStopped(DeliveryError):
    """The server refused something that stops the run; ``report`` says what was done first."""

    def __init__(self, message: str, report: SendReport):
        super().__init__(message)
        self.report = report


@dataclass
class Run:
    db: Database
    store: object
    config: Config
    options: SendOptions
    session: SmtpSession
    report: SendReport
    stop: threading.Event
    opened: bool = False
    owed: tuple[dict, tuple[str, str, datetime]] | None = None  # a 250 whose row is not sent yet
    unbooked: list[tuple[dict, tuple[str, str, datetime]]] = field(default_factory=list)
    wal: Path | None = None  # the -wal file when claims are fsynced by us (WAL mode)
    disk: ThreadPoolExecutor | None = None  # fsyncs a claim while the server is talked to

    def now(self) -> datetime:
        return self.options.now_fn()


@contextmanager
def interruptible() -> Iterator[threading.Event]:
    """Ctrl-C finishes the letter in flight, then stops; a second Ctrl-C abandons it at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def send_all(run: Run, letters: list[dict], limits: Limits) -> None:
    """Send ``letters`` in order until done or stopped; what is owed is committed on every way
    out (not on a kill: then the letter stays ``sending``, for the next run to settle)."""
    run.wal = outbox_db.write_ahead_log(run.db)
    run.disk = ThreadPoolExecutor(max_workers=1, thread_name_prefix="foia-fsync")
    ahead: Ahead | None = None
    try:
        for index, letter in enumerate(letters):
            if run.stop.is_set():
                run.report.stopped = "interrupted (Ctrl-C); run again to send the rest"
                return
            reason = _limit(run, limits)
            if reason:
                run.report.deferred += len(letters) - index
                run.report.stopped = f"stopped at {reason}; run again later to send the rest"
                return
            _open_session(run)
            prepared = (ahead or Ahead(run, letter)).result()
            following = letters[index + 1] if index + 1 < len(letters) else None
            # Not when paced: its Date would be a pause older than the moment it goes.
            ahead = Ahead(run, following) if following and not limits.per_minute else None
            _send_one(run, letter, prepared, ahead)
            if run.options.progress:
                run.options.progress(index + 1, len(letters), letter["ref"])
    finally:
        if ahead is not None:
            ahead.drop()
        run.disk.shutdown(wait=True)
        if run.owed is not None or run.unbooked:
            with committing(run):
                pass


# Sent letters whose request bookkeeping (status, clock, event) is done together: each
# letter's proof still commits with the next claim; the requests are told BOOK_BATCH at a time.
BOOK_BATCH = 50


@contextmanager
def committing(run: Run, *, book: bool = True) -> Iterator[None]:
    """One transaction that first records the last letter's 250 (owed since its reply) and,
    unless ``book`` is False and fewer than BOOK_BATCH are waiting, tells the requests of the
    letters sent so far (``mail.outcomes.book_sent``)."""
    with transaction(run.db):
        waiting = _waiting(run)
        if run.owed is not None:
            letter, proof = run.owed
            record_proof(run.db, letter, proof, "pending", booked=False)
        booking = bool(waiting) and (book or len(waiting) >= BOOK_BATCH)
        if booking:
            book_all(run.db, run.config, waiting)
        yield
    run.owed = None
    run.unbooked = [] if booking else waiting


def _limit(run: Run, limits: Limits) -> str:
    """Which limit stops the run now ("" when none), counting the letter whose 250 is owed;
    the per_minute limit is waited out (a short pause, not worth ending the run for)."""
    reason = limit_reached(run.db, limits, run.now(), unrecorded=int(run.owed is not None))
    if reason or not limits.per_minute:
        return reason
    with committing(run):  # paced to a few letters a minute: counted from the rows
        pass
    wait = minute_wait(run.db, limits, run.now())
    while wait > 0:
        if run.stop.is_set():
            return "Ctrl-C"
        run.options.sleep_fn(min(wait, 1.0))
        wait = minute_wait(run.db, limits, run.now())
    return ""


def _open_session(run: Run) -> None:
    """Connect before the first letter is marked ``sending``: a wrong host, port or password
    (or a temporary AUTH 454) leaves every letter pending, never stuck in ``sending``."""
    if run.opened:
        return
    if not run.config.smtp.host.strip():
        raise ConfigError("Set smtp.host in the config: letters go out through that server.")
    why = config_builds(run.config, run.now())
    if why:
        raise ConfigError(
            f"No letter can be built with this config ({why}); fix [requester] or [replies] "
            "and run again: nothing was sent."
        )
    try:
        run.session.open()
    except DeliveryError as exc:
        raise SendStopped(str(exc), run.report) from None
    run.opened = True


def _send_one(run: Run, letter: dict, prepared: Prepared, ahead: Ahead | None) -> None:
    if prepared.error:
        why = prepared.error
        with committing(run):
            outbox_db.mark_failed(run.db, letter["id"], f"cannot build the message: {why}", "build")
        run.report.failed += 1
        run.report.warnings.append(f"{letter['ref']}: the message could not be built ({why}).")
        return
    body, raw = prepared.body, prepared.raw
    claim = _claim(run, letter, prepared)
    if claim is None:
        return
    if letter["state"] == "uncertain" and letter["ref"] not in run.report.maybe_twice:
        run.report.maybe_twice.append(letter["ref"])

    def on_disk() -> None:  # after the server's 354, before the data goes
        claim.result()
        crash_point("send.after_pending_commit")

    try:
        sender = envelope_sender(run.config)
        outcome = run.session.deliver(sender, letter["to_addr"], raw, on_disk, ahead)
        claim.result()  # a refusal at MAIL or RCPT came before the wait
    except BaseException as exc:
        _interrupted(run, letter, claim, exc)
        raise
    _settle_outcome(run, letter, body, outcome)


def _claim(run: Run, letter: dict, prepared: Prepared) -> Future | None:
    """Mark the letter ``sending`` (in the transaction that records the previous letter's 250,
    and re-reads this one's request: one withdrawn or closed since the run began is not
    mailed). Returns the work under way that stores the letter's bytes and makes them and the
    claim durable, else None."""
    sha = prepared.sha
    crash_point("send.before_claim")  # the last moment the previous letter's 250 is unrecorded
    # A letter whose request still waits for its bookkeeping (a second letter to one request in
    # this run) is judged on the request as booked: those are booked first.
    told = all(x["request_id"] != letter["request_id"] for x, _proof in _waiting(run))
    with _unsynced(run), committing(run, book=not told):
        fresh = outbox_db.claim_view(run.db, letter["id"])
        waiting = fresh is not None and (
            fresh["state"] in ("pending", "uncertain")
            or (fresh["state"] == "failed" and fresh["failure"] == "build")
        )
        claimed = waiting and sendable(fresh)
        if claimed:
            outbox_db.mark_sending(run.db, letter["id"], sha)
    if run.wal is None:  # SQLite's own fsync made the commit durable, store.put_raw the bytes
        done: Future = Future()
        done.set_result(None)
    else:
        # One syncfs covers the bytes, the commit and both folders (a new file's name must
        # survive a power cut too); elsewhere, an fsync of each.
        done = run.disk.submit(_store_durably, run, prepared, claimed)
    if claimed:
        return done
    done.result()  # the previous letter's sent row: durable before the next step
    run.report.skipped += 1
    return None


def _store_durably(run: Run, prepared: Prepared, claimed: bool) -> None:
    """In the worker thread: store a claimed letter's bytes (placing the file staged ahead, when
    it was: that job ran first on this thread), then make them, their folder and the claim's
    commit durable (one syncfs covers all of them; elsewhere an fsync of each)."""
    paths, staged = [run.wal], prepared.staged
    if claimed and staged is not None:
        paths.insert(0, run.store.place_raw(*staged.result()))  # its error is this letter's
    elif claimed:
        paths.insert(0, run.store.raw_path(run.store.put_raw(prepared.raw, durable=False)))
    else:  # skipped: its staged file goes
        prepared.drop_staged(run.store)
    make_durable(run.store.root, paths)


def _waiting(run: Run) -> list[tuple[dict, tuple[str, str, datetime]]]:
    return run.unbooked + ([run.owed] if run.owed is not None else [])


@contextmanager
def _unsynced(run: Run) -> Iterator[None]:
    if run.wal is None:
        yield
        return
    with outbox_db.commits_synced_by_caller(run.db):
        yield


def _interrupted(run: Run, letter: dict, claim: Future, exc: BaseException) -> None:
    """The exchange ended without an outcome: back to ``pending`` when nothing can have gone
    (the claim did not reach the disk; no server to talk to), else ``uncertain``."""
    with suppress(StoreError):
        claim.result()
    if isinstance(exc, StoreError):
        _back_to(run, letter, "pending", str(exc))
    elif isinstance(exc, DeliveryError):  # could not reconnect or log in: nothing went out
        _back_to(run, letter, "pending", str(exc))
        raise SendStopped(str(exc), run.report) from None
    else:
        # Anything unforeseen mid-conversation: the data may have gone. Never left `sending`.
        _back_to(run, letter, "uncertain", "interrupted while talking to the SMTP server")


def _back_to(run: Run, letter: dict, state: str, error: str) -> None:
    with committing(run):
        outbox_db.set_state(run.db, letter["id"], state, error)


def _settle_outcome(run: Run, letter: dict, body: str, outcome: SmtpOutcome) -> None:
    report = run.report
    if outcome.kind == "sent":
        crash_point("send.after_250")
        # Recorded with the next letter's claim (or when the run ends): one commit a letter.
        run.owed = (letter, (body, outcome.reply, run.now()))
        report.sent += 1
        report.sent_refs.append(letter["ref"])
    elif outcome.kind == "bounced":
        with committing(run):
            record_bounce(run.db, letter, outcome.reply, run.now())
        report.failed += 1
        report.bounced.append((letter["ref"], outcome.reply))
    elif outcome.kind == "deferred":
        _back_to(run, letter, "pending", outcome.reply)
        report.deferred += 1
    elif outcome.kind == "unknown":
        _unclear(run, letter, body, outcome.reply)
    else:
        _back_to(run, letter, "pending", outcome.reply)
        message = (
            f"The SMTP server stopped the run at {letter['ref']}: {outcome.reply}. "
            "Nothing else was sent; fix the cause and run again to resume."
        )
        report.stopped = message
        raise SendStopped(message, report)


def _unclear(run: Run, letter: dict, body: str, why: str) -> None:
    """The data went out but no reply came. Our Message-ID in Sent settles it; otherwise the
    letter is ``uncertain`` and the run stops: retrying at once could mail it again and again."""
    found, _warning = sent_folder.find_in_sent(run.config, [letter])
    if letter["id"] in found:
        reply = f"no SMTP reply ({why}); a copy is in the Sent folder"
        with committing(run):
            record_sent(run.db, run.config, letter, (body, reply, run.now()), copy="provider")
        run.report.sent += 1
        run.report.settled_from_sent.append(letter["ref"])
        return
    _back_to(run, letter, "uncertain", why)
    run.report.uncertain += 1
    message = (
        f"The SMTP server did not answer after {letter['ref']}'s data went out ({why}): it may "
        "or may not have arrived. The run stopped; the next run sends it once more."
    )
    run.report.stopped = message
    raise SendStopped(message, run.report)
