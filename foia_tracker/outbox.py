"""The outbox: the one enqueue (letters, follow-ups, appeals, replies; in ``outbox_queue``) and
the send run.

Each row moves pending -> sending (committed) -> SMTP -> sent (committed, with the server's
final reply as proof; ``outbox_run`` writes that commit with the next letter's claim). SMTP
cannot tell a client whose connection died after the data went out whether the letter was
accepted. Such a letter is settled only by its own Message-ID in the Sent folder; when that is
absent it becomes ``uncertain``: the run stops (exit 1) and says so, and the next run sends it
once more. At most that one letter can go twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.clock import utcnow
from foia_tracker.config import Config
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import transaction
from foia_tracker.errors import UsageError
from foia_tracker.mail import sent as sent_folder
from foia_tracker.mail.limits import Limits, capacity, in_window
from foia_tracker.mail.outcomes import SendReport, complete_booking, record_sent, sendable
from foia_tracker.mail.smtp import SmtpSession
from foia_tracker.outbox_queue import KINDS, OutgoingLetter, enqueue, enqueue_many
from foia_tracker.outbox_run import Run, SendStopped, interruptible, send_all

__all__ = [
    "KINDS",
    "OutgoingLetter",
    "SendOptions",
    "SendStopped",  # raised by the loop in outbox_run; callers import it from here
    "enqueue",
    "enqueue_many",
    "refuse_shifted_send",
    "send_pending",
    "settle_in_flight",
]


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
    with store.lock(), interruptible() as stop:
        run = Run(db, store, config, options, SmtpSession(config.smtp), report, stop)
        try:
            settle_in_flight(run)
            letters = _split_sendable(_chosen(db, options), report)
            if options.limit is not None and len(letters) > options.limit:
                report.deferred += len(letters) - options.limit
                letters = letters[: options.limit]
            send_all(run, letters, limits)
        finally:
            run.session.close()
            report.warnings += sent_folder.file_sent_copies(
                db, store, config, options.sent_copy_wait
            )
    return report


def settle_in_flight(run: Run) -> None:
    """Rows left in ``sending`` (a crash) or ``uncertain`` (an unclear outcome): sent if their
    own Message-ID is in the Sent folder, else uncertain (sent once more by this run). First,
    sent rows whose request bookkeeping a kill cut off are booked."""
    db, report = run.db, run.report
    complete_booking(db, run.store, run.config)  # sent rows whose request a kill left untold
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
