"""Sending letters over SMTP: never lost, never silently doubled, within the provider's limits.

Each outbox row moves pending -> sending (committed) -> SMTP -> sent (committed, with the
server's final reply as proof). SMTP cannot tell a client whose connection died after the data
went out whether the letter was accepted, so a row found in ``sending`` at the start of a run is
settled by looking for its Message-ID in the Sent folder; when it is not there, it becomes
``uncertain`` and is sent again, and the run says so. At most that one letter can go twice.
"""

from __future__ import annotations

import re
import signal
import smtplib
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr

from sqlite_utils import Database

from foia_tracker.clock import utcnow
from foia_tracker.config import Config, SmtpSettings, get_secret
from foia_tracker.crash import crash_point
from foia_tracker.db import PROVIDER_FILES_SENT, get_setting, row, rows, transaction
from foia_tracker.directory.agencies import mark_address_bounced
from foia_tracker.errors import DeliveryError, FoiaError
from foia_tracker.letters.render import fill_send_date
from foia_tracker.mail import imap as mailbox
from foia_tracker.requests import tracking
from foia_tracker.requests.lifecycle import END_STATES, Status, change_status, record_event
from foia_tracker.store import Store
from foia_tracker.tokens import reply_address

KINDS = ("request", "followup", "appeal", "reply")
# RFC 3463: class.subject.detail, e.g. "5.1.1" (bad mailbox), "5.7.1" (policy), "5.4.5" (quota).
_ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
SENT_COPY_WAIT = 3.0
_PENDING_STATES = ("pending", "uncertain")


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    uncertain: int = 0
    deferred: int = 0
    sent_refs: list[str] = field(default_factory=list)
    bounced: list[tuple[str, str]] = field(default_factory=list)  # (ref, server's words)
    maybe_twice: list[str] = field(default_factory=list)  # refs resent after an unclear crash
    settled_from_sent: list[str] = field(default_factory=list)
    would_send: list[dict] = field(default_factory=list)  # --dry-run
    stopped: str = ""  # why the run ended early: a limit, the window, Ctrl-C, the server
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The ``campaign send`` JSON contract."""
        return {
            "sent": self.sent,
            "failed": self.failed,
            "skipped": self.skipped,
            "uncertain": self.uncertain,
            "deferred": self.deferred,
        }


class SendStopped(DeliveryError):
    """The server refused something that stops the run; ``report`` says what was done first."""

    def __init__(self, message: str, report: SendReport):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class SmtpOutcome:
    kind: str  # sent | bounced | deferred | stop | unknown
    reply: str


def stamp(moment: datetime) -> str:
    """UTC ISO text: ``outbox.sent_at`` rows compare as strings when limits count them."""
    return moment.astimezone(UTC).isoformat()


# ---------------------------------------------------------------------------------------------
# Queueing


def enqueue(
    db: Database,
    request_id: int,
    kind: str,
    to_addr: str,
    subject: str,
    body: str,
    *,
    in_reply_to: str | None = None,
    references: tuple[str, ...] | list[str] = (),
    now: datetime,
    message_id: str | None = None,
) -> int:
    """Add a pending letter (follow-up, appeal, reply) for a request; return the outbox id.

    ``references`` is kept for the References header (RFC 5322 3.6.4): the thread's Message-IDs.
    """
    if kind not in KINDS:
        raise ValueError(f"outbox kind must be one of {KINDS}, not {kind!r}")
    request = row(db, "SELECT ref FROM requests WHERE id = ?", (request_id,))
    if request is None:
        raise FoiaError(f"No request with id {request_id}.")
    message_id = message_id or _new_message_id(db, request["ref"])
    refs = " ".join(dict.fromkeys([*references, *([in_reply_to] if in_reply_to else [])]))
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO outbox (request_id, kind, to_addr, subject, body, message_id, "
            "in_reply_to, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            (request_id, kind, to_addr, subject, body, message_id, refs or None, stamp(now)),
        )
    return cursor.lastrowid


def _new_message_id(db: Database, ref: str) -> str:
    """For callers that pass none: the Message-ID's right side names us (RFC 5322 3.6.4), so
    reuse the domain of earlier letters (callers with a config pass ``requester.domain``)."""
    from email.utils import make_msgid

    earlier = row(db, "SELECT message_id FROM outbox ORDER BY id DESC LIMIT 1")
    domain = "localhost"
    if earlier and "@" in earlier["message_id"]:
        domain = earlier["message_id"].rsplit("@", 1)[1].rstrip(">")
    return make_msgid(idstring=ref, domain=domain)


# ---------------------------------------------------------------------------------------------
# Building the message


def build_message(config: Config, letter: dict, body: str, now: datetime) -> bytes:
    """The exact bytes we send: plain UTF-8 text, our Message-ID, the ref in the subject."""
    requester = config.requester
    msg = EmailMessage(policy=SMTP_POLICY)  # CRLF line ends, as DATA needs (RFC 5321 2.3.8)
    own = formataddr((requester.name, requester.email))
    tokened = (
        reply_address(config.replies.address, letter["token"])
        if config.replies.mode != "none"
        else ""
    )
    if config.replies.mode == "from":
        msg["From"] = formataddr((requester.name, tokened))
    else:
        msg["From"] = own
    if config.replies.mode == "reply-to":
        # RFC 5322 3.6.2: replies go to Reply-To, so every answer carries the request's token.
        msg["Reply-To"] = formataddr((requester.name, tokened))
    msg["To"] = letter["to_addr"]
    msg["Subject"] = letter["subject"]
    msg["Date"] = format_datetime(now.astimezone())
    msg["Message-ID"] = letter["message_id"]
    if letter.get("in_reply_to"):
        # RFC 5322 3.6.4: In-Reply-To names the message answered, References the whole thread.
        thread = letter["in_reply_to"].split()
        msg["In-Reply-To"] = thread[-1]
        msg["References"] = " ".join(thread)
    msg.set_content(body, charset="utf-8")
    return msg.as_bytes()


def envelope_sender(config: Config) -> str:
    return config.requester.email


# ---------------------------------------------------------------------------------------------
# SMTP


def classify_reply(stage: str, code: int, text: str) -> str:
    """What an SMTP refusal means for the run: bounced (this address), deferred, or stop.

    Only RCPT TO speaks about one recipient (RFC 5321 4.2.5); an enhanced code 5.1.x (RFC 3463
    "addressing status") means a bad address wherever it comes. 5.4.5 (quota) and 5.7.x
    (policy, authentication) speak about us, so they stop the run.
    """
    enhanced = _ENHANCED.search(text)
    detail = (int(enhanced[1]), int(enhanced[2]), int(enhanced[3])) if enhanced else None
    if detail and detail[0] == 5 and (detail[1] == 7 or detail[1:] == (4, 5)):
        return "stop"
    if detail and detail[0] == 5 and detail[1] == 1:
        return "bounced"
    if stage == "rcpt" and 500 <= code < 600:
        return "bounced"
    if stage == "rcpt" and 400 <= code < 500:
        return "deferred"  # greylisting or a full mailbox: try again next run
    return "stop"


class _Reconnect(Exception):
    """The server closed on us (421, idle timeout) before the letter was complete: safe to retry."""


class _DataSent(Exception):
    """The connection failed after the whole letter went out: it may or may not have arrived."""


def _words(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


class SmtpSession:
    """One connection reused for the whole run; reopened after a 421 or an idle disconnect."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            with suppress(OSError):
                smtp.close()

    def deliver(self, sender: str, recipient: str, raw: bytes) -> SmtpOutcome:
        for attempt in (1, 2):
            try:
                return self._attempt(sender, recipient, raw)
            except _Reconnect as why:
                self._drop()
                if attempt == 2:
                    return SmtpOutcome("stop", f"the server closed the connection twice: {why}")
            except _DataSent as why:
                self._drop()
                return SmtpOutcome("unknown", str(why))
        raise AssertionError("unreachable")

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with suppress(OSError):
                smtp.close()

    def _attempt(self, sender: str, recipient: str, raw: bytes) -> SmtpOutcome:
        smtp = self._connection()
        code, text = self._command(smtp.mail, sender)
        if code != 250:
            return self._refused(smtp, "mail", code, text)
        code, text = self._command(smtp.rcpt, recipient)
        if code not in (250, 251):
            return self._refused(smtp, "rcpt", code, text)
        code, text = self._data(smtp, raw)
        if code == 250:
            return SmtpOutcome("sent", _words(code, text))
        return self._refused(smtp, "data", code, text)

    def _command(self, method: Callable, argument: str) -> tuple[int, bytes]:
        try:
            code, text = method(argument)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Reconnect(str(exc) or "connection lost") from None
        if code == 421:  # RFC 5321 3.8: the server is closing this connection
            raise _Reconnect(_words(code, text))
        return code, text

    def _refused(self, smtp: smtplib.SMTP, stage: str, code: int, text: bytes) -> SmtpOutcome:
        with suppress(smtplib.SMTPException, OSError):
            smtp.rset()
        kind = classify_reply(stage, code, _words(code, text))
        return SmtpOutcome(kind, f"{stage.upper()}: {_words(code, text)}")

    def _data(self, smtp: smtplib.SMTP, raw: bytes) -> tuple[int, bytes]:
        # smtplib.SMTP.data, spelled out so the crash hook can sit between the final "." and
        # the server's reply: the moment SMTP cannot tell us whether the letter arrived.
        code, text = self._command(lambda _arg: smtp.docmd("DATA"), "")
        if code != 354:
            return code, text
        payload = re.sub(rb"(?m)^\.", b"..", raw)  # dot-stuffing, RFC 5321 4.5.2
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        try:
            smtp.send(payload + b".\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Reconnect(str(exc) or "connection lost during DATA") from None
        crash_point("send.after_data")
        try:
            code, text = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _DataSent(f"no reply after the letter's data: {exc}") from None
        if code == 421:
            raise _DataSent(_words(code, text))
        return code, text

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = open_smtp(self.settings)
        return self._smtp


def open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    """Connect, start TLS (verified), and log in; a DeliveryError says what went wrong."""
    mailbox.require_safe_transport(settings, "smtp")
    where = f"{settings.host}:{settings.port}"
    try:
        smtp = _connect_smtp(settings)
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(
            f"The certificate of {where} could not be verified ({exc.verify_message}); if the "
            "server uses a private CA, set smtp.ca_file to its certificate."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"Could not connect to the SMTP server {where}: {exc}.") from None
    try:
        _login(smtp, settings)
    except smtplib.SMTPAuthenticationError as exc:
        smtp.close()
        raise DeliveryError(
            f"The SMTP server refused the login ({_words(exc.smtp_code, exc.smtp_error)}); "
            "check smtp.username and the password or token."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        smtp.close()
        raise DeliveryError(f"SMTP login to {where} failed: {exc}.") from None
    return smtp


def _connect_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    timeout = settings.timeout
    if settings.security == "ssl":
        context = mailbox.tls_context(settings)
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    smtp.ehlo()
    if settings.security == "starttls":
        # RFC 3207: after STARTTLS, forget what the server said and say EHLO again.
        smtp.starttls(context=mailbox.tls_context(settings))
        smtp.ehlo()
    return smtp


def _login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    if not settings.username or not smtp.has_extn("auth"):
        return
    secret = get_secret(settings, "smtp")
    if settings.auth == "xoauth2":
        # Google's and Microsoft's SASL XOAUTH2: user, bearer token; an empty answer to a
        # 334 error challenge lets the server send its final refusal.
        initial = f"user={settings.username}\x01auth=Bearer {secret}\x01\x01"
        smtp.auth("XOAUTH2", lambda challenge=None: "" if challenge else initial)
    else:
        smtp.login(settings.username, secret)


# ---------------------------------------------------------------------------------------------
# Limits


@dataclass(frozen=True)
class Limits:
    per_minute: int = 0
    per_hour: int = 0
    per_day: int = 0
    send_window: str = ""


def sent_since(db: Database, since: datetime) -> int:
    found = row(
        db,
        "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL AND sent_at >= ?",
        (stamp(since),),
    )
    return found["n"] if found else 0


def in_window(window: str, now: datetime) -> bool:
    """``send_window = "08:00-17:00"`` in local time; "22:00-06:00" wraps past midnight."""
    if not window:
        return True
    start, end = window.split("-")
    local = now.astimezone().strftime("%H:%M")
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def limit_reached(db: Database, limits: Limits, now: datetime) -> str:
    """Which limit stops the run now ("" when none); counted from ``outbox.sent_at`` rows."""
    if not in_window(limits.send_window, now):
        return f"outside the send window {limits.send_window}"
    for cap, span, name in (
        (limits.per_day, timedelta(days=1), "per_day"),
        (limits.per_hour, timedelta(hours=1), "per_hour"),
    ):
        if cap and sent_since(db, now - span) >= cap:
            return f"the {name} limit of {cap}"
    return ""


def minute_wait(db: Database, limits: Limits, now: datetime) -> float:
    """Seconds until the per_minute limit lets one more letter go (0 when it does now)."""
    if not limits.per_minute:
        return 0.0
    window = now - timedelta(minutes=1)
    if sent_since(db, window) < limits.per_minute:
        return 0.0
    oldest = rows(
        db,
        "SELECT sent_at FROM outbox WHERE sent_at >= ? ORDER BY sent_at DESC LIMIT 1 OFFSET ?",
        (stamp(window), limits.per_minute - 1),
    )
    if not oldest:
        return 0.0
    free_at = datetime.fromisoformat(oldest[0]["sent_at"]) + timedelta(minutes=1)
    return max(0.0, (free_at - now).total_seconds())


def _capacity(db: Database, limits: Limits, now: datetime) -> int | None:
    """How many letters the hour and day limits still allow now (None: no cap)."""
    caps = [
        cap - sent_since(db, now - span)
        for cap, span in (
            (limits.per_day, timedelta(days=1)),
            (limits.per_hour, timedelta(hours=1)),
        )
        if cap
    ]
    return max(0, min(caps)) if caps else None


# ---------------------------------------------------------------------------------------------
# Which letters go


_LETTERS_SQL = """
SELECT o.*, r.ref, r.token, r.status AS request_status, r.jurisdiction, r.agency_id
FROM outbox o
JOIN requests r ON r.id = o.request_id
JOIN campaigns c ON c.id = r.campaign_id
WHERE o.state IN ({states}) AND (:campaign IS NULL OR c.name = :campaign)
ORDER BY o.id
"""


def _letters(
    db: Database,
    states: tuple[str, ...],
    campaign: str | None,
    kinds: tuple[str, ...] | None = None,
) -> list[dict]:
    marks = ", ".join(f"'{s}'" for s in states)
    found = rows(db, _LETTERS_SQL.format(states=marks), {"campaign": campaign})
    return [letter for letter in found if kinds is None or letter["kind"] in kinds]


def _sendable(letter: dict) -> bool:
    """A closed request gets nothing more; a first letter only while the request is queued."""
    status = Status(letter["request_status"])
    if status in END_STATES:
        return False
    return letter["kind"] != "request" or status == Status.QUEUED


def _split_sendable(letters: list[dict], report: SendReport) -> list[dict]:
    sendable = [letter for letter in letters if _sendable(letter)]
    report.skipped += len(letters) - len(sendable)
    return sendable


# ---------------------------------------------------------------------------------------------
# Recording outcomes


def _record_sent(
    db: Database,
    config: Config,
    letter: dict,
    body: str,
    reply: str,
    at: datetime,
    provider_message_id: str | None = None,
) -> None:
    """Commit the proof of sending; for a first letter, the request is sent and its clock runs."""
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'sent', smtp_reply = ?, sent_at = ?, last_error = NULL, "
            "provider_message_id = COALESCE(?, provider_message_id) WHERE id = ?",
            (reply, stamp(at), provider_message_id, letter["id"]),
        )
        if letter["kind"] == "request":
            db.execute(
                "UPDATE requests SET letter = ?, sent_at = ? WHERE id = ?",
                (body, stamp(at), letter["request_id"]),
            )
            change_status(db, letter["request_id"], Status.SENT, "auto", at=at)
            # The clock runs from the real moment of sending; one place derives deadlines.
            tracking.recompute_due(
                db,
                letter["request_id"],
                default_days=config.deadlines.default_days,
                default_unit=config.deadlines.default_unit,
            )
        detail = {
            "outbox_id": letter["id"],
            "message_id": letter["message_id"],
            "to": letter["to_addr"],
            "smtp_reply": reply,
        }
        event = "sent" if letter["kind"] == "request" else f"{letter['kind']}_sent"
        record_event(db, letter["request_id"], event, "auto", at=at, detail=detail)


def _record_bounce(db: Database, letter: dict, reply: str, at: datetime) -> None:
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", (reply, letter["id"])
        )
        mark_address_bounced(db, letter["agency_id"], letter["to_addr"])
        change_status(
            db,
            letter["request_id"],
            Status.BOUNCED,
            "auto",
            at=at,
            detail={"outbox_id": letter["id"], "smtp_reply": reply},
        )


def _back_to(db: Database, letter: dict, state: str, error: str) -> None:
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = ?, last_error = ? WHERE id = ?", (state, error, letter["id"])
        )


# ---------------------------------------------------------------------------------------------
# The Sent folder


def _sent_letter(store: Store, sha256: str | None) -> tuple[str | None, datetime | None]:
    """The text and Date of a letter as it went out, read back from its stored raw bytes.

    Our Date header is written a moment before the data goes out (RFC 5322 3.6.1: "the date
    and time at which the creator ... indicated that the message was complete").
    """
    if not sha256:
        return None, None
    from email import message_from_bytes
    from email.policy import default

    try:
        parsed = message_from_bytes(store.read_raw(sha256), policy=default)
    except OSError:
        return None, None
    part = parsed.get_body(("plain",))
    body = part.get_content().replace("\r\n", "\n") if part is not None else None
    when = parsed["Date"].datetime if parsed["Date"] is not None else None
    return body, when


def _known_ids(db: Database) -> set[str]:
    known: set[str] = set()
    for found in rows(db, "SELECT message_id, provider_message_id FROM outbox"):
        known.update(v.strip().lower() for v in found.values() if v)
    return known


def _find_copy(client, folder: str, letter: dict, known: set[str]) -> tuple[bool, str | None]:
    """(found, provider's Message-ID if it rewrote ours) for one letter in the Sent folder."""
    if mailbox.find_by_message_id(client, folder, letter["message_id"]):
        return True, None
    # Some providers (Exchange Online) assign their own Message-ID; the ref is in the subject.
    uids = mailbox.search_header(client, folder, "Subject", letter["ref"])
    for header in mailbox.fetch_headers(client, folder, uids).values():
        from email.parser import BytesHeaderParser

        parsed = BytesHeaderParser().parsebytes(header)
        their_id = (parsed.get("Message-ID") or "").strip()
        if letter["to_addr"].lower() in (parsed.get("To") or "").lower() and (
            their_id.lower() not in known
        ):
            return True, their_id or None
    return False, None


@contextmanager
def _sent_mailbox(config: Config, *, filing: bool) -> Iterator[tuple[object, str] | None]:
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


def settle_in_flight(
    db: Database, store: Store, config: Config, report: SendReport, now: datetime
) -> None:
    """Rows left in ``sending`` by a crash: sent if the Sent folder has them, else uncertain."""
    stuck = _letters(db, ("sending",), None)
    if not stuck:
        return
    known = _known_ids(db)
    with _sent_mailbox(config, filing=False) as sent:
        for letter in stuck:
            found, provider_id = _find_copy(*sent, letter, known) if sent else (False, None)
            if found:
                body, sent_at = _sent_letter(store, letter["raw_sha256"])
                reply = "no SMTP reply (run interrupted); a copy is in the Sent folder"
                _record_sent(
                    db, config, letter, body or letter["body"], reply, sent_at or now, provider_id
                )
                report.settled_from_sent.append(letter["ref"])
            else:
                _back_to(db, letter, "uncertain", "run interrupted after sending began")
                report.uncertain += 1
                report.maybe_twice.append(letter["ref"])


def file_sent_copies(
    db: Database, config: Config, sent: list[tuple[dict, bytes]], report: SendReport, wait: float
) -> None:
    """Put a copy in the Sent folder unless the provider did (``imap.sent_copy``)."""
    if not sent:
        return
    try:
        with _sent_mailbox(config, filing=True) as where:
            if where is None:
                return
            client, folder = where
            missing = sent
            if config.imap.sent_copy == "auto":
                # `foia check` learned whether the provider files copies: trust it, or wait and see.
                learned = get_setting(db, PROVIDER_FILES_SENT)
                patience = 0.0 if learned == "no" else wait
                missing = _await_provider_copies(db, client, folder, sent, patience)
            for _letter, raw in missing:
                mailbox.append(client, folder, raw, flags=("\\Seen",))
    except FoiaError as exc:
        report.warnings.append(f"Sent letters were not copied to the Sent folder: {exc}")


def _await_provider_copies(db, client, folder, sent, wait: float) -> list[tuple[dict, bytes]]:
    known = _known_ids(db)
    deadline = time.monotonic() + wait
    missing = list(sent)
    while True:
        still = []
        for letter, raw in missing:
            found, provider_id = _find_copy(client, folder, letter, known)
            if not found:
                still.append((letter, raw))
            elif provider_id:
                known.add(provider_id.lower())  # one copy proves one letter, not two
                with transaction(db):
                    db.execute(
                        "UPDATE outbox SET provider_message_id = ? WHERE id = ?",
                        (provider_id, letter["id"]),
                    )
        missing = still
        if not missing or time.monotonic() >= deadline:
            return missing
        time.sleep(0.25)


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class _Run:
    db: Database
    store: Store
    config: Config
    session: SmtpSession
    report: SendReport
    now_fn: Callable[[], datetime]
    sleep_fn: Callable[[float], None]
    stop: threading.Event
    progress: Callable[[int, int, str], None] | None = None
    sent: list[tuple[dict, bytes]] = field(default_factory=list)


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
    db: Database,
    store: Store,
    config: Config,
    *,
    campaign: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    now_fn: Callable[[], datetime] = utcnow,
    sleep_fn: Callable[[float], None] = time.sleep,
    progress: Callable[[int, int, str], None] | None = None,
    sent_copy_wait: float = SENT_COPY_WAIT,
    kinds: tuple[str, ...] | None = None,
) -> SendReport:
    """Send the pending letters (of one campaign, or all; of some kinds, or all), within the
    limits; resumable. ``kinds=("followup",)`` sends follow-ups and never a campaign's letters.

    Raises ``SendStopped`` (a DeliveryError carrying the report) when the server refuses
    something that is not about one recipient; everything not sent stays pending.
    """
    report = SendReport()
    limits = Limits(
        config.smtp.per_minute, config.smtp.per_hour, config.smtp.per_day, config.smtp.send_window
    )
    if dry_run:
        return _dry_run(db, limits, campaign, limit, now_fn(), report, kinds)
    with store.lock(), _interruptible() as stop:
        settle_in_flight(db, store, config, report, now_fn())
        letters = _split_sendable(_letters(db, _PENDING_STATES, campaign, kinds), report)
        if limit is not None and len(letters) > limit:
            report.deferred += len(letters) - limit
            letters = letters[:limit]
        run = _Run(
            db, store, config, SmtpSession(config.smtp), report, now_fn, sleep_fn, stop, progress
        )
        try:
            _send_all(run, letters, limits)
        finally:
            run.session.close()
            file_sent_copies(db, config, run.sent, report, sent_copy_wait)
    return report


def _dry_run(
    db: Database,
    limits: Limits,
    campaign: str | None,
    limit: int | None,
    now: datetime,
    report: SendReport,
    kinds: tuple[str, ...] | None = None,
) -> SendReport:
    letters = _split_sendable(_letters(db, _PENDING_STATES, campaign, kinds), report)
    room = _capacity(db, limits, now)
    if not in_window(limits.send_window, now):
        room = 0
        report.stopped = f"outside the send window {limits.send_window}"
    for cap in (room, limit):
        if cap is not None and len(letters) > cap:
            report.deferred += len(letters) - cap
            letters = letters[:cap]
    report.would_send = [
        {"ref": x["ref"], "kind": x["kind"], "to": x["to_addr"], "subject": x["subject"]}
        for x in letters
    ]
    return report


def _send_all(run: _Run, letters: list[dict], limits: Limits) -> None:
    for index, letter in enumerate(letters):
        left = len(letters) - index
        if run.stop.is_set():
            run.report.stopped = "interrupted (Ctrl-C); run again to send the rest"
            return
        reason = limit_reached(run.db, limits, run.now_fn())
        if not reason:
            reason = _pace(run, limits)
        if reason:
            run.report.deferred += left
            run.report.stopped = f"stopped at {reason}; run again later to send the rest"
            return
        _send_one(run, letter)
        if run.progress:
            run.progress(index + 1, len(letters), letter["ref"])


def _pace(run: _Run, limits: Limits) -> str:
    """Wait out the per_minute limit (a short pause, not worth ending the run for)."""
    wait = minute_wait(run.db, limits, run.now_fn())
    while wait > 0:
        if run.stop.is_set():
            return "Ctrl-C"
        run.sleep_fn(min(wait, 1.0))
        wait = minute_wait(run.db, limits, run.now_fn())
    return ""


def _send_one(run: _Run, letter: dict, retry: bool = False) -> None:
    now = run.now_fn()
    body = fill_send_date(letter["body"], now.astimezone().date())
    try:
        raw = build_message(run.config, letter, body, now)
    except ValueError as exc:  # a header the email policy refuses (e.g. CR/LF): this letter only
        with transaction(run.db):
            run.db.execute(
                "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
                (f"cannot build the message: {exc}"[:500], letter["id"]),
            )
        run.report.failed += 1
        run.report.warnings.append(f"{letter['ref']}: the message could not be built ({exc}).")
        return
    sha = run.store.put_raw(raw)  # fsynced before the row points at it
    with transaction(run.db):
        run.db.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, raw_sha256 = ? "
            "WHERE id = ?",
            (sha, letter["id"]),
        )
    crash_point("send.after_pending_commit")
    try:
        outcome = run.session.deliver(envelope_sender(run.config), letter["to_addr"], raw)
    except DeliveryError as exc:  # could not connect or log in: nothing went out
        _back_to(run.db, letter, "pending", str(exc))
        raise SendStopped(str(exc), run.report) from None
    _settle_outcome(run, letter, body, raw, outcome, retry)


def _settle_outcome(
    run: _Run, letter: dict, body: str, raw: bytes, outcome: SmtpOutcome, retry: bool
) -> None:
    report = run.report
    if outcome.kind == "sent":
        crash_point("send.after_250")
        _record_sent(run.db, run.config, letter, body, outcome.reply, run.now_fn())
        report.sent += 1
        report.sent_refs.append(letter["ref"])
        run.sent.append((letter, raw))
    elif outcome.kind == "bounced":
        _record_bounce(run.db, letter, outcome.reply, run.now_fn())
        report.failed += 1
        report.bounced.append((letter["ref"], outcome.reply))
    elif outcome.kind == "deferred":
        _back_to(run.db, letter, "pending", outcome.reply)
        report.deferred += 1
    elif outcome.kind == "unknown":
        # The data went out but no reply came: the same question a crash leaves, same answer.
        settle_in_flight(run.db, run.store, run.config, report, run.now_fn())
        again = row(run.db, "SELECT state FROM outbox WHERE id = ?", (letter["id"],))
        if again and again["state"] == "uncertain" and not retry:
            _send_one(run, letter, retry=True)
    else:
        _back_to(run.db, letter, "pending", outcome.reply)
        message = (
            f"The SMTP server stopped the run at {letter['ref']}: {outcome.reply}. "
            "Nothing else was sent; fix the cause and run again to resume."
        )
        report.stopped = message
        raise SendStopped(message, report)
