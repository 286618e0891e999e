"""``foia check``: prove the mail set-up works before a campaign, and learn what the provider does.

It logs in to SMTP and IMAP, sends one test message to a tokened reply address and polls it back,
then reports what matters for matching replies later: does the provider rewrite From or the
Message-ID, does it file its own Sent copy, does plus-addressing deliver, which folders are Sent
and Junk, and whose ``Authentication-Results`` header the mailbox carries.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import make_msgid, parseaddr

from imapclient import IMAPClient

from foia_tracker.clock import utcnow
from foia_tracker.config import Config
from foia_tracker.db import AUTHSERV_ID, PROVIDER_FILES_SENT, set_setting, transaction
from foia_tracker.errors import FoiaError
from foia_tracker.mail import imap as mailbox
from foia_tracker.mail.headers import build_message, envelope_sender, outgoing_headers
from foia_tracker.mail.smtp import SmtpSession
from foia_tracker.parse.headers import authserv_id
from foia_tracker.tokens import new_token, reply_address

POLL_TIMEOUT = 60.0
POLL_INTERVAL = 2.0


@dataclass
class CheckReport:
    smtp_login: bool = False
    imap_login: bool = False
    folders: dict[str, str] = field(default_factory=dict)
    test_address: str = ""
    test_message_id: str = ""
    smtp_reply: str = ""
    arrived: bool = False
    arrived_in: str | None = None
    plus_addressing: bool | None = None
    from_rewritten: bool | None = None
    message_id_kept: bool | None = None
    provider_message_id: str | None = None
    sent_copy_by_provider: bool | None = None
    authserv_id: str | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Probe:
    token: str
    address: str
    message_id: str
    subject: str
    sender: str
    raw: bytes
    from_addr: str  # the From we wrote: a different one on arrival means the provider rewrote it


def run_check(
    config: Config,
    *,
    now_fn: Callable[[], datetime] = utcnow,
    timeout: float = POLL_TIMEOUT,
    interval: float = POLL_INTERVAL,
    sleep_fn: Callable[[float], None] = time.sleep,
) -> CheckReport:
    report = CheckReport()
    probe = _make_probe(config, now_fn())
    report.test_address, report.test_message_id = probe.address, probe.message_id
    client = _imap_login(config, report)
    try:
        if client is not None:
            report.folders = mailbox.special_folders(client)
        if not _send_probe(config, probe, report) or client is None:
            return report
        found = _poll(client, config, probe, timeout, interval, sleep_fn)
        _inspect_arrival(found, probe, report)
        _inspect_sent(client, config, probe, report)
        _clean_up(client, found, report)
    finally:
        if client is not None:
            mailbox.close_quietly(client)
    return report


def _make_probe(config: Config, now: datetime) -> _Probe:
    token = new_token()
    requester = config.requester
    if config.replies.mode != "none":
        address = reply_address(config.replies.address, token)
    else:
        address = requester.email
    domain = requester.email.rpartition("@")[2] or "localhost"
    message_id = make_msgid(idstring=f"check.{token}", domain=domain)
    subject = f"foia-tracker set-up check {token}"
    # Built as every letter is (the one header builder), so the check sees what agencies see.
    letter = {"token": token, "to_addr": address, "subject": subject, "message_id": message_id}
    raw = build_message(
        config,
        letter,
        "This message was sent by `foia check` to test your mail set-up.\n"
        "It is removed again once the check has found it; you can delete it if you see it.\n",
        now,
    )
    written_from = parseaddr(outgoing_headers(config, letter)["From"])[1]
    return _Probe(token, address, message_id, subject, requester.email, raw, written_from)


def _imap_login(config: Config, report: CheckReport) -> IMAPClient | None:
    if not config.imap.configured:
        report.problems.append("No [imap] host is configured, so replies cannot be read.")
        return None
    try:
        client = mailbox.connect(config.imap)
    except FoiaError as exc:
        report.problems.append(f"IMAP: {exc}")
        return None
    report.imap_login = True
    return client


def _send_probe(config: Config, probe: _Probe, report: CheckReport) -> bool:
    if not config.smtp.configured:
        report.problems.append("No [smtp] host is configured, so letters cannot be sent.")
        return False
    session = SmtpSession(config.smtp)
    try:
        outcome = session.deliver(envelope_sender(config), probe.address, probe.raw)
    except FoiaError as exc:
        report.problems.append(f"SMTP: {exc}")
        return False
    finally:
        session.close()
    report.smtp_login = True
    report.smtp_reply = outcome.reply
    if outcome.kind != "sent":
        report.problems.append(f"SMTP refused the test message: {outcome.reply}")
        return False
    return True


def _poll(
    client: IMAPClient,
    config: Config,
    probe: _Probe,
    timeout: float,
    interval: float,
    sleep_fn: Callable[[float], None],
) -> tuple[str, int, bytes] | None:
    """(folder, uid, header bytes) of the test message once it arrives, searched by token."""
    folders = mailbox.resolve_folders(client, config.imap)
    for extra in ("INBOX", mailbox.special_folders(client).get("\\Junk")):
        if extra and extra not in folders:
            folders.append(extra)
    deadline = time.monotonic() + timeout
    while True:
        for folder in folders:
            for uid in mailbox.search_header(client, folder, "Subject", probe.token):
                headers = mailbox.fetch_headers(client, folder, [uid]).get(uid, b"")
                return folder, uid, headers
        if time.monotonic() >= deadline:
            return None
        sleep_fn(interval)


def _inspect_arrival(found: tuple[str, int, bytes] | None, probe: _Probe, report: CheckReport):
    if found is None:
        report.problems.append(
            f"The test message to {probe.address} did not arrive in time; plus-addressing may "
            "not work with this provider (replies would then not reach the mailbox)."
        )
        report.plus_addressing = False if probe.address != probe.sender else None
        return
    folder, _uid, raw_headers = found
    headers = BytesHeaderParser().parsebytes(raw_headers)
    report.arrived, report.arrived_in = True, folder
    # The tokened address delivered into this mailbox: subaddressing (RFC 5233) works.
    report.plus_addressing = True if probe.address != probe.sender else None
    their_from = parseaddr(headers.get("From", ""))[1].lower()
    report.from_rewritten = their_from != probe.from_addr.lower()
    report.message_id_kept = (headers.get("Message-ID") or "").strip() == probe.message_id
    results = headers.get_all("Authentication-Results") or []
    # The topmost header was added by the last hop, the user's own provider (RFC 8601 5).
    report.authserv_id = authserv_id(str(results[0])) if results else None
    if folder == report.folders.get("\\Junk"):
        report.problems.append("The test message landed in Junk; replies may too.")


def _inspect_sent(client: IMAPClient, config: Config, probe: _Probe, report: CheckReport) -> None:
    folder = mailbox.sent_folder(client, config.imap)
    if folder is None:
        report.problems.append("No Sent folder was found; set imap.sent_folder.")
        return
    by_id = mailbox.find_by_message_id(client, folder, probe.message_id)
    by_subject = by_id or mailbox.search_header(client, folder, "Subject", probe.token)
    report.sent_copy_by_provider = bool(by_subject)
    if by_subject and not by_id:
        copy = mailbox.fetch_headers(client, folder, by_subject[:1]).get(by_subject[0], b"")
        report.provider_message_id = BytesHeaderParser().parsebytes(copy).get("Message-ID")
        report.message_id_kept = False
    if by_subject:
        _delete(client, folder, by_subject)


def _clean_up(client: IMAPClient, found: tuple[str, int, bytes] | None, report: CheckReport):
    if found is not None:
        _delete(client, found[0], [found[1]])


def _delete(client: IMAPClient, folder: str, uids: list[int]) -> None:
    """Remove only our test message: UID EXPUNGE (RFC 4315) touches no other deleted mail."""
    client.select_folder(folder)
    client.delete_messages(uids)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)


def remember(db, report: CheckReport, at: str) -> list[str]:
    """Store what the provider does, for ``sent_copy = "auto"`` and for trusting
    Authentication-Results (``imap.authserv_id``). Returns the keys stored."""
    stored = []
    with transaction(db):
        if report.sent_copy_by_provider is not None:
            set_setting(
                db, PROVIDER_FILES_SENT, "yes" if report.sent_copy_by_provider else "no", at
            )
            stored.append(PROVIDER_FILES_SENT)
        if report.authserv_id:
            set_setting(db, AUTHSERV_ID, report.authserv_id, at)
            stored.append(AUTHSERV_ID)
    return stored
