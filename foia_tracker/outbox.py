"""The outbox: the one enqueue (letters, follow-ups, appeals, replies) and the send loop.

Each row moves pending -> sending (committed) -> SMTP -> sent (committed, with the server's
final reply as proof). SMTP cannot tell a client whose connection died after the data went out
whether the letter was accepted. Such a letter is settled only by its own Message-ID in the
Sent folder; when that is absent it becomes ``uncertain``: the run stops (exit 1) and says so,
and the next run sends it once more. At most that one letter can go twice.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import make_msgid

from sqlite_utils import Database

from foia_tracker.clock import utcnow
from foia_tracker.config import Config
from foia_tracker.crash import crash_point
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import transaction
from foia_tracker.errors import ConfigError, DeliveryError, FoiaError, UsageError
from foia_tracker.letters.render import fill_send_date
from foia_tracker.mail import sent as sent_folder
from foia_tracker.mail.headers import build_message, config_builds, envelope_sender
from foia_tracker.mail.limits import Limits, capacity, in_window, limit_reached, minute_wait
from foia_tracker.mail.outcomes import SendReport, record_bounce, record_sent, sendable
from foia_tracker.mail.smtp import SmtpOutcome, SmtpSession

KINDS = ("request", "followup", "appeal", "reply")


class SendStopped(DeliveryError):
    """The server refused something that stops the run; ``report`` says what was done first."""

    def __init__(self, message: str, report: SendReport):
        super().__init__(message)
        self.report = report


def refuse_shifted_send(config: Config, as_of_shifted: bool) -> None:
    """The one shifted-date refusal: ``--send`` never runs on a pretend date (``--as-of`` or
    ``FOIA_TODAY``), except against a loopback test server. Reports may move "today"; mail
    always goes on the real clock."""
    if as_of_shifted and not config.smtp.is_loopback:
        raise UsageError(
            "--send refuses to run while --as-of or FOIA_TODAY differ from the real date; "
            "drop them to send for real."
        )


# ---------------------------------------------------------------------------------------------
# Queueing


@dataclass(frozen=True)
class OutgoingLetter:
    """What one outbox row will send. ``references`` is the thread (RFC 5322 3.6.4)."""

    request_id: int
    kind: str
    to_addr: str
    subject: str
    body: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    message_id: str | None = None
    reply_kind: str | None = None  # foia reply --kind (clarify, accept-fee, ...)


def enqueue(db: Database, letter, *fields, now: datetime, domain: str = "", **named) -> int:
    """The one way into the outbox: a pending row for a request; returns the outbox id.

    ``letter`` is an OutgoingLetter; the first wave's spelling (``request_id, kind, to_addr,
    subject, body`` then keywords) builds one from the same fields. The body may still carry
    the send-date mark: the sender fills it when the letter goes. ``domain`` is the right side
    of a new Message-ID (the requester's, from the config).
    """
    if not isinstance(letter, OutgoingLetter):
        letter = OutgoingLetter(letter, *fields, **named)
    if letter.kind not in KINDS:
        raise ValueError(f"outbox kind must be one of {KINDS}, not {letter.kind!r}")
    ref = outbox_db.request_ref(db, letter.request_id)
    if ref is None:
        raise FoiaError(f"No request with id {letter.request_id}.")
    message_id = letter.message_id or make_msgid(idstring=ref, domain=domain or _domain(db))
    thread = [*letter.references, *([letter.in_reply_to] if letter.in_reply_to else [])]
    with transaction(db):
        return outbox_db.insert_letter(
            db,
            {
                "request_id": letter.request_id,
                "kind": letter.kind,
                "to_addr": letter.to_addr,
                "subject": letter.subject,
                "body": letter.body,
                "message_id": message_id,
                "in_reply_to": " ".join(dict.fromkeys(thread)) or None,
                "reply_kind": letter.reply_kind,
                "created_at": now.isoformat(),
            },
        )


def _domain(db: Database) -> str:
    # Without a config: the right side of earlier letters' IDs names us (RFC 5322 3.6.4).
    earlier = outbox_db.latest_message_id(db) or ""
    return earlier.rsplit("@", 1)[1].rstrip(">") if "@" in earlier else "localhost"


# ---------------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True)
class SendOptions:
    campaign: str | None = None  # one campaign's letters, or all
    kinds: tuple[str, ...] | None = None  # ("followup",) sends follow-ups, never first letters
    outbox_ids: tuple[int, ...] | None = None  # only these rows (foia reply/resend --send)
    limit: int | None = None
    dry_run: bool = False
    now_fn: Callable[[], datetime] = utcnow
    sleep_fn: Callable[[float], None] = time.sleep
    progress: Callable[[int, int, str], None] | None = None
    sent_copy_wait: float = sent_folder.SENT_COPY_WAIT


@dataclass
class _Run:
    db: Database
    store: object
    config: Config
    options: SendOptions
    session: SmtpSession
    report: SendReport
    stop: threading.Event
    opened: bool = False

    def now(self) -> datetime:
        return self.options.now_fn()


@contextmanager
def _interruptible() -> Iterator[threading.Event]:
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


def send_pending(
    db: Database, store, config: Config, options: SendOptions | None = None, **changes
) -> SendReport:
    """Send the pending letters (of one campaign, or all; of some kinds, or all), within the
    limits; resumable. ``changes`` are SendOptions fields (``kinds=("followup",)``).

    Raises ``SendStopped`` (a DeliveryError carrying the report) when the server refuses
    something that is not about one recipient, or a letter's outcome is unclear; everything not
    sent stays pending.
    """
    options = replace(options or SendOptions(), **changes)
    report = SendReport()
    limits = Limits.of(config.smtp)
    if options.dry_run:
        return _dry_run(db, limits, options, report)
    with store.lock(), _interruptible() as stop:
        run = _Run(db, store, config, options, SmtpSession(config.smtp), report, stop)
        try:
            settle_in_flight(run)
            letters = _split_sendable(_chosen(db, options), report)
            if options.limit is not None and len(letters) > options.limit:
                report.deferred += len(letters) - options.limit
                letters = letters[: options.limit]
            _send_all(run, letters, limits)
        finally:
            run.session.close()
            report.warnings += sent_folder.file_sent_copies(
                db, store, config, options.sent_copy_wait
            )
    return report


def settle_in_flight(run: _Run) -> None:
    """Rows left in ``sending`` (a crash) or ``uncertain`` (an unclear outcome): sent if their
    own Message-ID is in the Sent folder, else uncertain (sent once more by this run)."""
    db, report = run.db, run.report
    stuck = outbox_db.letters_in_state(db, "sending") + outbox_db.letters_in_state(db, "uncertain")
    found, warning = sent_folder.find_in_sent(run.config, stuck)
    if warning:
        report.warnings.append(warning)
    for letter in stuck:
        if letter["id"] in found:
            body, sent_at = sent_folder.read_sent_letter(run.store, letter["raw_sha256"])
            reply = "no SMTP reply (run interrupted); a copy is in the Sent folder"
            record_sent(
                db,
                run.config,
                letter,
                (body or letter["body"], reply, sent_at or run.now()),
                copy="provider",
            )
            report.settled_from_sent.append(letter["ref"])
        elif letter["state"] == "sending":
            with transaction(db):
                outbox_db.set_state(db, letter["id"], "uncertain", "run interrupted while sending")
            report.uncertain += 1


def _dry_run(db: Database, limits: Limits, options: SendOptions, report: SendReport):
    letters = _split_sendable(_chosen(db, options), report)
    now = options.now_fn()
    room = capacity(db, limits, now)
    if not in_window(limits.send_window, now):
        room = 0
        report.stopped = f"outside the send window {limits.send_window}"
    for cap in (room, options.limit):
        if cap is not None and len(letters) > cap:
            report.deferred += len(letters) - cap
            letters = letters[:cap]
    report.would_send = [
        {"ref": x["ref"], "kind": x["kind"], "to": x["to_addr"], "subject": x["subject"]}
        for x in letters
    ]
    return report


def _chosen(db: Database, options: SendOptions) -> list[dict]:
    letters = outbox_db.sendable_letters(db, options.campaign, options.kinds)
    if options.outbox_ids is not None:
        letters = [x for x in letters if x["id"] in options.outbox_ids]
    return letters


def _split_sendable(letters: list[dict], report: SendReport) -> list[dict]:
    chosen = [letter for letter in letters if sendable(letter)]
    report.skipped += len(letters) - len(chosen)
    return chosen


def _send_all(run: _Run, letters: list[dict], limits: Limits) -> None:
    for index, letter in enumerate(letters):
        left = len(letters) - index
        if run.stop.is_set():
            run.report.stopped = "interrupted (Ctrl-C); run again to send the rest"
            return
        reason = limit_reached(run.db, limits, run.now()) or _pace(run, limits)
        if reason:
            run.report.deferred += left
            run.report.stopped = f"stopped at {reason}; run again later to send the rest"
            return
        _send_one(run, letter)
        if run.options.progress:
            run.options.progress(index + 1, len(letters), letter["ref"])


def _pace(run: _Run, limits: Limits) -> str:
    """Wait out the per_minute limit (a short pause, not worth ending the run for)."""
    wait = minute_wait(run.db, limits, run.now())
    while wait > 0:
        if run.stop.is_set():
            return "Ctrl-C"
        run.options.sleep_fn(min(wait, 1.0))
        wait = minute_wait(run.db, limits, run.now())
    return ""


def _open_session(run: _Run) -> None:
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


def _send_one(run: _Run, letter: dict) -> None:
    _open_session(run)
    now = run.now()
    body = fill_send_date(letter["body"], now.astimezone().date())
    try:
        raw = build_message(run.config, letter, body, now)
    except ValueError as exc:  # a header of this letter the policy refuses (e.g. CR/LF)
        with transaction(run.db):
            outbox_db.mark_failed(run.db, letter["id"], f"cannot build the message: {exc}", "build")
        run.report.failed += 1
        run.report.warnings.append(f"{letter['ref']}: the message could not be built ({exc}).")
        return
    sha = run.store.put_raw(raw)  # fsynced before the row points at it
    if not _claim(run, letter, sha):
        return
    crash_point("send.after_pending_commit")
    if letter["state"] == "uncertain" and letter["ref"] not in run.report.maybe_twice:
        run.report.maybe_twice.append(letter["ref"])
    try:
        outcome = run.session.deliver(envelope_sender(run.config), letter["to_addr"], raw)
    except DeliveryError as exc:  # could not reconnect or log in: nothing went out
        _back_to(run, letter, "pending", str(exc))
        raise SendStopped(str(exc), run.report) from None
    except BaseException:
        # Anything unforeseen mid-conversation: the data may have gone. Never left `sending`.
        _back_to(run, letter, "uncertain", "interrupted while talking to the SMTP server")
        raise
    _settle_outcome(run, letter, body, raw, outcome)


def _claim(run: _Run, letter: dict, sha: str) -> bool:
    """Mark the letter ``sending``, in the same transaction that re-reads its request: one
    withdrawn (or otherwise closed) since the run began is not mailed."""
    with transaction(run.db):
        fresh = outbox_db.letter(run.db, letter["id"])
        waiting = fresh is not None and (
            fresh["state"] in ("pending", "uncertain")
            or (fresh["state"] == "failed" and fresh["failure"] == "build")
        )
        claimed = waiting and sendable(fresh)
        if claimed:
            outbox_db.mark_sending(run.db, letter["id"], sha)
    if not claimed:
        run.report.skipped += 1
    return claimed


def _back_to(run: _Run, letter: dict, state: str, error: str) -> None:
    with transaction(run.db):
        outbox_db.set_state(run.db, letter["id"], state, error)


def _settle_outcome(run: _Run, letter: dict, body: str, raw: bytes, outcome: SmtpOutcome) -> None:
    report = run.report
    if outcome.kind == "sent":
        crash_point("send.after_250")
        record_sent(run.db, run.config, letter, (body, outcome.reply, run.now()), copy="pending")
        report.sent += 1
        report.sent_refs.append(letter["ref"])
    elif outcome.kind == "bounced":
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


def _unclear(run: _Run, letter: dict, body: str, why: str) -> None:
    """The data went out but no reply came. Our Message-ID in Sent settles it; otherwise the
    letter is ``uncertain`` and the run stops: retrying at once could mail it again and again."""
    found, _warning = sent_folder.find_in_sent(run.config, [letter])
    if letter["id"] in found:
        reply = f"no SMTP reply ({why}); a copy is in the Sent folder"
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
