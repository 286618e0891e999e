"""The embedded local sandbox for `foia demo`: SMTP + IMAP on loopback and simulated agencies.

    with Sandbox(workdir, {"records@district.example": "acknowledge+records"}) as sb:
        ...send letters to sb.smtp_host:sb.smtp_port, poll sb.imap_host:sb.imap_port...
        sb.advance(days=12)  # agencies reply as the days pass

Nothing leaves 127.0.0.1: mail to the user's address (plus-addressed too) lands in INBOX,
mail to a simulated agency goes to its behaviour, anything else bounces back as a DSN.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, make_msgid
from pathlib import Path

from foia_tracker.store import ensure_private_dir, write_private

from .agencies import (
    DEFAULT_REF_PATTERN,
    AgencyProfile,
    Letter,
    Reply,
    parse_behaviour,
    replies_for,
)
from .demo_districts import DemoDistrict, load_demo_districts, profiles_from_districts
from .imap_server import ImapServer
from .mailstore import MailStore
from .smtp import SmtpServer, Submission

__all__ = [
    "AgencyProfile",
    "DemoDistrict",
    "Delivery",
    "Sandbox",
    "load_demo_districts",
    "parse_behaviour",
    "profiles_from_districts",
]

USER_ADDRESS = "parent@foia-sandbox.example"
STATE_FILE = "sandbox-state.json"
STRANGER = "jordan.rivera@neighbourhood-mail.example"


@dataclass(frozen=True)
class _Queued:
    reply: Reply
    agency: str
    mail_from: str


@dataclass(frozen=True)
class Delivery:
    """A message the sandbox put in a mailbox (or could not), for the demo to narrate."""

    day: int
    kind: str  # a behaviour step, "letter", "sent_copy", "stranger" or "bounce"
    agency: str
    recipient: str
    folder: str | None  # None: the recipient is not the sandbox user, so it went nowhere
    subject: str


class Sandbox:
    """Local SMTP + IMAP servers and simulated agencies, as a context manager.

    `behaviours` maps an agency address to a behaviour string (see `parse_behaviour`) or an
    `AgencyProfile`. Replies are queued by sandbox day and delivered by `advance()` or
    `deliver_pending()`; those due on the day a letter arrives come at once, and with
    `immediate=True` every reply does. Mail is dated `start` + the sandbox day. With a
    `workdir`, the mailboxes, password, day, start and queue are saved there on exit and
    restored on the next run (then `start` and `stranger` are ignored).
    """

    def __init__(
        self,
        workdir: Path | str | None = None,
        behaviours: Mapping[str, str | AgencyProfile] | None = None,
        *,
        immediate: bool = False,
        start: datetime | None = None,
        stranger: bool = True,
        ref_pattern: str = DEFAULT_REF_PATTERN,
    ) -> None:
        self.workdir = Path(workdir) if workdir is not None else None
        self.agencies = {
            address.lower(): _profile(address, value)
            for address, value in (behaviours or {}).items()
        }
        self.immediate = immediate
        self.start = start or datetime.now(UTC).replace(microsecond=0)
        self.ref_pattern = ref_pattern
        self.day = 0
        self.user_address = USER_ADDRESS
        self.user = USER_ADDRESS
        self.password = secrets.token_urlsafe(12)
        self.store = MailStore()
        self.deliveries: list[Delivery] = []
        self.letters: list[Letter] = []
        self._pending: list[_Queued] = []
        self._lock = threading.RLock()
        if self.state_file is not None and self.state_file.exists():
            self._load(self.state_file)
        else:
            self.store.add_user(self.user, self.password)
            if stranger:
                stranger_mail = _stranger_mail(self.user_address, self.date_for(1))
                self._pending.append(_Queued(stranger_mail, "", STRANGER))
        self._imap = ImapServer(self.store)
        self._smtp = SmtpServer(self._accept, self._rejects, self.user, self.password)

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start_servers()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_servers()

    def start_servers(self) -> None:
        self._imap.start()
        try:
            self._smtp.start()
        except Exception:
            self._imap.stop()
            raise

    def stop_servers(self) -> None:
        self._smtp.stop()
        self._imap.stop()
        if self.state_file is not None:
            self.save()

    # --- persistence -----------------------------------------------------------------------

    @property
    def state_file(self) -> Path | None:
        """Where the sandbox keeps its mailboxes, clock and queued replies between runs."""
        return self.workdir / STATE_FILE if self.workdir is not None else None

    def save(self) -> None:
        with self._lock:
            state = {
                "version": 1,
                "start": self.start.isoformat(),
                "day": self.day,
                "password": self.password,
                "pending": [_queued_to_json(item) for item in self._pending],
                "store": self.store.to_json(),
            }
        # The loopback password is in the file: keep it private to the user.
        ensure_private_dir(self.workdir)
        write_private(self.state_file, json.dumps(state).encode("utf-8"))

    def _load(self, path: Path) -> None:
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("version") != 1:
            raise ValueError(f"{path} was written by another version of the sandbox")
        self.start = datetime.fromisoformat(state["start"])
        self.day = int(state["day"])
        self.password = state["password"]
        self._pending = [_queued_from_json(item) for item in state["pending"]]
        self.store = MailStore.from_json(state["store"])

    @property
    def imap_host(self) -> str:
        return self._imap.host

    @property
    def imap_port(self) -> int:
        return self._imap.port

    @property
    def smtp_host(self) -> str:
        return self._smtp.host

    @property
    def smtp_port(self) -> int:
        return self._smtp.port

    # --- time ------------------------------------------------------------------------------

    def date_for(self, day: int) -> datetime:
        """When sandbox day `day` happens: the start plus that many days (mail is dated so)."""
        return self.start + timedelta(days=day)

    def advance(self, days: int = 1) -> list[Delivery]:
        """Move the sandbox clock on and deliver every reply now due."""
        with self._lock:
            self.day += days
        return self.deliver_pending()

    def deliver_pending(self) -> list[Delivery]:
        """Deliver the queued replies whose day has come; return what was delivered."""
        with self._lock:
            due = [item for item in self._pending if item.reply.day <= self.day]
            self._pending = [item for item in self._pending if item.reply.day > self.day]
        return [self._deliver_reply(item) for item in due]

    def pending(self) -> list[Reply]:
        with self._lock:
            return [item.reply for item in self._pending]

    # --- mail flow -------------------------------------------------------------------------

    def is_user_address(self, address: str) -> bool:
        # RFC 5233 subaddressing: user+detail@domain is delivered to user@domain.
        local, _, domain = address.lower().partition("@")
        user_local, _, user_domain = self.user_address.lower().partition("@")
        return domain == user_domain and local.split("+", 1)[0] == user_local

    def _rejects(self, address: str) -> bool:
        profile = self.agencies.get(address.lower())
        return profile is not None and "reject" in profile.behaviour.split("+")

    def _accept(self, submission: Submission) -> None:
        raw = _ensure_message_id(submission.raw, self.user_address)
        if self.is_user_address(submission.mail_from):
            # Provider-like: Gmail and Outlook file what you send in your Sent folder.
            self._store("Sent", raw, {"\\Seen"}, datetime.now(UTC))
            self._record("sent_copy", "", submission.mail_from, "Sent", raw)
        for rcpt in submission.rcpt_tos:
            self._route(submission, rcpt, raw)

    def _route(self, submission: Submission, rcpt: str, raw: bytes) -> None:
        if self.is_user_address(rcpt):
            self._deliver_to_user(rcpt, raw, submission.mail_from, datetime.now(UTC), "letter")
            return
        profile = self.agencies.get(rcpt.lower())
        if profile is None:
            # Nothing leaves loopback: an address nobody simulates does not exist.
            profile = AgencyProfile(address=rcpt, name=rcpt, behaviour="bounce")
        letter = Letter(raw, submission.mail_from, self.day)
        with self._lock:
            self.letters.append(letter)
            self._record("letter", profile.address, rcpt, None, raw)
            if _answers_a_thread(raw):
                # A reply or follow-up on an open request is correspondence, not a new request:
                # a clerk reads it and carries on; the district's behaviour is not played again.
                return
            date_for = _now_for if self.immediate else self.date_for
            replies = replies_for(letter, profile, self.user_address, date_for,
                                  self.ref_pattern)  # fmt: skip
            for reply in replies:
                due = self.day if self.immediate else reply.day
                # RFC 3464 section 2: a DSN has a null envelope sender, so it cannot loop.
                sender = "" if reply.kind == "bounce" else profile.address
                self._pending.append(_Queued(_at_day(reply, due), profile.address, sender))
        # Replies due today (bounces, out-of-office notices) arrive within seconds, as in life.
        self.deliver_pending()

    def _deliver_reply(self, item: _Queued) -> Delivery:
        reply = item.reply
        when = self.date_for(reply.day) if not self.immediate else datetime.now(UTC)
        return self._deliver_to_user(
            reply.recipient, reply.raw, item.mail_from, when, reply.kind, item.agency
        )

    def _deliver_to_user(self, rcpt, raw, mail_from, when, kind, agency="") -> Delivery:
        if not self.is_user_address(rcpt):
            return self._record(kind, agency, rcpt, None, raw)
        trace = (
            f"Return-Path: <{mail_from}>\r\nDelivered-To: {rcpt}\r\n"
            f"Received: from sandbox by mail.foia-sandbox.example for <{rcpt}>; "
            f"{format_datetime(when)}\r\n"
        )
        self._store("INBOX", trace.encode() + raw, set(), when)
        return self._record(kind, agency, rcpt, "INBOX", raw)

    def _store(self, folder: str, raw: bytes, flags: set[str], when: datetime) -> None:
        self.store.deliver(self.user, folder, raw, flags=flags, internaldate=when)

    def _record(self, kind, agency, rcpt, folder, raw) -> Delivery:
        delivery = Delivery(self.day, kind, agency, rcpt, folder, _subject(raw))
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The raw messages in one of the user's folders, oldest first (for tests)."""
        user = self.store.authenticate(self.user, self.password)
        with self.store.lock:
            return [m.raw for m in self.store.mailbox(user, folder).messages]


def _answers_a_thread(raw: bytes) -> bool:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].lower()
    return b"\nin-reply-to:" in b"\n" + head


def _profile(address: str, value: str | AgencyProfile) -> AgencyProfile:
    if isinstance(value, AgencyProfile):
        return value
    parse_behaviour(value)  # an unknown behaviour fails here, not at the first letter
    return AgencyProfile(address=address, name=address.rsplit("@", 1)[-1], behaviour=value)


def _queued_to_json(item: _Queued) -> dict:
    reply = item.reply
    return {
        "day": reply.day,
        "kind": reply.kind,
        "recipient": reply.recipient,
        "raw": base64.b64encode(reply.raw).decode("ascii"),
        "agency": item.agency,
        "mail_from": item.mail_from,
    }


def _queued_from_json(data: dict) -> _Queued:
    reply = Reply(int(data["day"]), data["kind"], data["recipient"], base64.b64decode(data["raw"]))
    return _Queued(reply, data["agency"], data["mail_from"])


def _now_for(day: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _at_day(reply: Reply, day: int) -> Reply:
    return Reply(day, reply.kind, reply.recipient, reply.raw)


def _subject(raw: bytes) -> str:
    match = re.search(rb"^Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)", raw, re.MULTILINE | re.IGNORECASE)
    return match[1].decode("utf-8", "replace").strip() if match else ""


def _ensure_message_id(raw: bytes, user_address: str) -> bytes:
    # RFC 5321 section 6.4: a submission server may add a missing Message-ID, as providers do.
    header_end = raw.find(b"\r\n\r\n")
    head = raw if header_end < 0 else raw[:header_end]
    if re.search(rb"^Message-ID:", head, re.MULTILINE | re.IGNORECASE):
        return raw
    domain = user_address.rsplit("@", 1)[-1]
    return f"Message-ID: {make_msgid(domain=domain)}\r\n".encode() + raw


def _stranger_mail(user_address: str, when: datetime) -> Reply:
    body = (
        "Hi neighbour,\r\n\r\nThe PTA bake sale moved to Saturday at 10am in the gym. "
        "Could you bring two dozen muffins?\r\n\r\nThanks,\r\nJordan\r\n"
    )
    raw = (
        f"From: Jordan Rivera <{STRANGER}>\r\n"
        f"To: {user_address}\r\nSubject: Bake sale on Saturday\r\n"
        f"Date: {format_datetime(when)}\r\n"
        f"Message-ID: {make_msgid(domain='neighbourhood-mail.example')}\r\n"
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n' + body
    ).encode()
    return Reply(1, "stranger", user_address, raw)
