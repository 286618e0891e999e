"""Mail intake: fetch new mail over IMAP, store it raw first, then file it.

The parts, split the github-to-sqlite way so each can be tested alone:

- fetching (`_new_uids`, `_batches`): each configured folder is selected read-only (EXAMINE,
  RFC 3501 section 6.3.2) so nothing is marked read; a high-water mark per (account, folder,
  UIDVALIDITY) in ``mail_state``; ``UID SEARCH UID n+1:*`` (RFC 3501 section 6.4.8: ``*`` is
  the highest UID, so the server returns the last UID <= n when nothing is new; it is dropped);
  ``BODY.PEEK[]`` + ``INTERNALDATE`` fetched in batches bounded by count and by bytes (sizes
  come first from one ``RFC822.SIZE`` fetch), never one round trip per message and never the
  whole mailbox in memory.
- saving (`save_message`): the exact bytes go to the store (fsynced) *before* any row names
  them. Then one transaction writes the message, its copy, attachments, documents, matches and
  candidates. The checkpoint (``mail_state.last_uid``) moves after each batch, in its own
  transaction: a crash between the two (``poll.after_rows``) makes the next poll fetch the batch
  again, and the copy key (account, folder, UIDVALIDITY, UID) plus the unique raw SHA-256 turn
  that second pass into no-ops. So a rerun never loses a message (the checkpoint never passes a
  message whose rows are not committed) and never doubles one.
- deriving (`_derive`): parse, match, classify and file; the same code serves ``reparse``, which
  rebuilds every derived row from the stored raw mail.

A UIDVALIDITY change (RFC 3501 section 2.3.1.1: the old UIDs mean nothing any more) resyncs the
folder from the start; messages already stored are recognised by their raw hash and only gain a
new copy row. The same message in INBOX and Junk is one message with two copies.

The Sent folder is not polled: our own letters are recognised by Message-ID wherever they turn
up (``own_copy``) and the outbox settles its Sent copies itself (``mailbox.find_by_message_id``).
Polling it would store the user's private sent mail for no gain.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.crash import crash_point
from foia_tracker.db import AUTHSERV_ID, get_setting, row, rows, transaction
from foia_tracker.directory.agencies import mark_address_bounced
from foia_tracker.documents import extract as documents
from foia_tracker.errors import ConfigError, MailboxError, NotFound, UsageError
from foia_tracker.intake import classify, matching
from foia_tracker.outputs import search
from foia_tracker.parse.message import ParsedMessage, dmarc_failed, parse_message
from foia_tracker.requests import tracking
from foia_tracker.requests.lifecycle import OPEN_STATES, Status, change_status
from foia_tracker.store import Store

log = logging.getLogger(__name__)

BATCH_MESSAGES = 50
BATCH_BYTES = 25 * 1024 * 1024
SIZE_CHUNK = 2000  # UIDs per RFC822.SIZE fetch
FETCH_ITEMS = [b"BODY.PEEK[]", b"INTERNALDATE", b"RFC822.SIZE"]


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


@dataclass(frozen=True)
class CopyKey:
    """Where the server holds one copy of a message (the getmail6 key)."""

    account: str
    folder: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True)
class FetchedMessage:
    key: CopyKey
    raw: bytes
    internaldate: datetime | None


@dataclass(frozen=True)
class SaveOutcome:
    message_row: int
    new: bool
    kind: str = "unknown"
    matched: bool = False
    own_copy: bool = False
    error: str | None = None


@dataclass(frozen=True)
class IntakeSettings:
    """What deriving needs from the config, so tests need no config file."""

    authserv_id: str = ""
    user_addresses: frozenset[str] = frozenset()
    default_days: int = 10  # [deadlines]: the follow-up horizon where a law sets no number
    default_unit: str = "business"

    @classmethod
    def from_config(cls, config: Config, db: Database | None = None) -> IntakeSettings:
        """``imap.authserv_id`` from the config, else the one `foia check` learned."""
        addresses = {config.requester.email.lower()} if config.requester.email else set()
        if "@" in config.imap.username:
            addresses.add(config.imap.username.lower())
        learned = get_setting(db, AUTHSERV_ID) if db is not None else None
        return cls(
            authserv_id=config.imap.authserv_id or learned or "",
            user_addresses=frozenset(addresses),
            default_days=config.deadlines.default_days,
            default_unit=config.deadlines.default_unit,
        )


@dataclass(frozen=True)
class Filer:
    """What filing one message needs, opened once per poll or reparse."""

    db: Database
    store: Store
    ctx: matching.MatchContext
    settings: IntakeSettings
    # reparse extracts document text again (a better extractor); a poll reuses what is there
    refresh_documents: bool = False


# --- the matching context --------------------------------------------------------------------


def build_context(db: Database, settings: IntakeSettings) -> matching.MatchContext:
    """Everything matching needs, read once per poll (no per-message query of all requests)."""
    ids_by_request: dict[int, list[str]] = {}
    own_ids: set[str] = set()
    for out in rows(db, "SELECT request_id, message_id, provider_message_id FROM outbox"):
        for mid in (out["message_id"], out["provider_message_id"]):
            if mid:
                ids_by_request.setdefault(out["request_id"], []).append(mid)
                own_ids.add(mid)
    requests = [
        matching.RequestInfo(
            id=r["id"],
            ref=r["ref"],
            token=r["token"],
            agency_id=r["agency_id"],
            agency_email=(r["email"] or "").lower(),
            open=_is_open(r["status"]),
            message_ids=tuple(ids_by_request.get(r["id"], ())),
        )
        for r in rows(
            db,
            "SELECT r.id, r.ref, r.token, r.agency_id, r.status, a.email "
            "FROM requests r JOIN agencies a ON a.id = r.agency_id",
        )
    ]
    addresses = [
        (a["agency_id"], a["address"].lower())
        for a in rows(
            db,
            "SELECT id AS agency_id, email AS address FROM agencies WHERE email != '' "
            "UNION SELECT agency_id, address FROM agency_addresses",
        )
    ]
    return matching.MatchContext.build(
        requests, addresses, own_message_ids=own_ids, user_addresses=set(settings.user_addresses)
    )


def _is_open(status: str) -> bool:
    # A queued letter has not gone out: nobody can be answering it yet. A bounced one may still
    # be answered (the agency's other address replies; lifecycle reopens it), so it stays open.
    return (status in OPEN_STATES or status == Status.BOUNCED) and status != Status.QUEUED


# --- saving one message ----------------------------------------------------------------------


def save_message(filer: Filer, fetched: FetchedMessage, *, now: datetime) -> SaveOutcome:
    """Store one fetched message raw-first and file it; idempotent for the same copy."""
    db = filer.db
    sha = filer.store.put_raw(fetched.raw)
    crash_point("poll.after_raw")
    with transaction(db):
        existing = row(db, "SELECT id, kind FROM messages WHERE raw_sha256 = ?", (sha,))
        if existing is not None:
            _insert_copy(db, existing["id"], fetched)
            return SaveOutcome(existing["id"], new=False, kind=existing["kind"])
        received = (fetched.internaldate or now).astimezone(UTC).isoformat()
        message_row = _insert_message(db, sha, len(fetched.raw), received)
        _insert_copy(db, message_row, fetched)
        outcome = _derive_guarded(filer, message_row, fetched.raw, now)
        if outcome.matched and outcome.error is None:
            _after_filing(db, _message(db, message_row), now, filer.settings)
    crash_point("poll.after_rows")
    return outcome


def _insert_message(db: Database, sha: str, size: int, received_at: str) -> int:
    cursor = db.execute(
        "INSERT INTO messages (raw_sha256, size, received_at) VALUES (?, ?, ?)",
        (sha, size, received_at),
    )
    return cursor.lastrowid


def _insert_copy(db: Database, message_row: int, fetched: FetchedMessage) -> None:
    key = fetched.key
    when = fetched.internaldate.astimezone(UTC).isoformat() if fetched.internaldate else None
    db.execute(
        "INSERT OR IGNORE INTO message_copies "
        "(message_row, account, folder, uidvalidity, uid, internaldate) VALUES (?, ?, ?, ?, ?, ?)",
        (message_row, key.account, key.folder, key.uidvalidity, key.uid, when),
    )


def _message(db: Database, message_row: int) -> dict:
    return row(db, "SELECT * FROM messages WHERE id = ?", (message_row,))


def _derive_guarded(filer: Filer, message_row: int, raw: bytes, now: datetime) -> SaveOutcome:
    """Derive, but never lose the message to a bug: on failure it is held with the error."""
    db = filer.db
    try:
        with transaction(db):  # a savepoint: a failure undoes only the derived rows
            return _derive(filer, message_row, raw, now)
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop a poll
        log.exception("filing message %s failed", message_row)
        error = f"intake failed: {type(exc).__name__}: {exc}"[:500]
        db.execute("UPDATE messages SET parse_error = ? WHERE id = ?", (error, message_row))
        return SaveOutcome(message_row, new=True, error=f"message {message_row}: {error}")


# --- deriving: parse, match, classify, file --------------------------------------------------


def _derive(filer: Filer, message_row: int, raw: bytes, now: datetime) -> SaveOutcome:
    db = filer.db
    parsed = parse_message(raw)
    received = datetime.fromisoformat(_message(db, message_row)["received_at"])
    result = matching.match_message(parsed, filer.ctx)
    if parsed.parse_error:
        # Unreadable mail is held for a person: a guess from half a message could misfile it.
        matches, candidates = [], list(result.matches) + list(result.candidates)
    else:
        matches, candidates = list(result.matches), list(result.candidates)
    filed = bool(matches) or _is_filed(db, message_row)  # hand filings survive a reparse
    _file_attachments(filer, message_row, parsed, extract=filed and not result.own_copy)
    kind, facts = _kind_and_facts(parsed, result.own_copy, received, filed=filed)
    _update_message(db, message_row, parsed, kind, facts, result.own_copy, filer.settings)
    search.index_message(db, _message(db, message_row))
    if not result.own_copy:
        _insert_matches(db, message_row, matches, candidates)
    error = f"message {message_row}: {parsed.parse_error}" if parsed.parse_error else None
    return SaveOutcome(
        message_row,
        new=True,
        kind=kind,
        matched=bool(matches) and not result.own_copy,
        own_copy=result.own_copy,
        error=error,
    )


UNCLASSIFIED = "unclassified"


def _kind_and_facts(
    parsed: ParsedMessage, own_copy: bool, received: datetime, *, filed: bool = True
) -> tuple[str, dict]:
    """Bounces and auto-replies are recognised on every message (cheap, from headers and DSN
    parts); the reply classifier runs only on mail filed on a request. A big personal mailbox is
    mostly mail that is none of our business: it waits in the holding pen unclassified, and is
    classified when `foia match` files it (``classify_filed``)."""
    if own_copy:
        return "own_copy", {}
    if parsed.parse_error:
        return "unknown", {}
    if parsed.bounce is not None:
        bounce = parsed.bounce
        facts = {
            "bounce": {
                "original_message_id": bounce.original_message_id,
                "original_recipients": list(bounce.original_recipients),
                "status": bounce.status,
                "action": bounce.action,
                "diagnostic": bounce.diagnostic,
            }
        }
        return ("delay" if _is_delay(bounce) else "bounce"), facts
    # RFC 3834 section 5: an automatic response is never an answer, whatever it says.
    if parsed.is_auto_reply:
        return "auto_reply", {}
    if not filed:
        return UNCLASSIFIED, {}
    reply = classify.ReplyText(
        subject=parsed.subject,
        body=parsed.body_text,
        attachment_names=tuple(leaf.filename for leaf in parsed.attachments),
        automated=parsed.automated,
        received_at=received,
    )
    return _classified(reply)


def _classified(reply: classify.ReplyText) -> tuple[str, dict]:
    result = classify.classify(reply)
    facts = dict(result.facts, phrases=list(result.phrases))
    if result.facts.get("out_of_office"):
        return "auto_reply", facts
    return result.kind.value, facts


def classify_filed(db: Database, message_row: int) -> None:
    """Classify a held message now that it is filed, from its stored rows (no re-parse)."""
    message = _message(db, message_row)
    if message["kind"] != UNCLASSIFIED:
        return
    names = [
        r["filename"]
        for r in rows(
            db, "SELECT filename FROM attachments WHERE message_row = ? ORDER BY id", (message_row,)
        )
    ]
    reply = classify.ReplyText(
        subject=message["subject"],
        body=message["body_text"],
        attachment_names=tuple(names),
        automated=bool(message["automated"]),
        received_at=datetime.fromisoformat(message["received_at"]),
    )
    kind, facts = _classified(reply)
    facts = dict(json.loads(message["facts"] or "{}"), **facts)
    db.execute(
        "UPDATE messages SET kind = ?, facts = ? WHERE id = ?",
        (kind, json.dumps(facts), message_row),
    )


def _is_delay(bounce) -> bool:
    # RFC 3464 section 2.3.3: "delayed" is a warning; the server is still trying.
    return (bounce.action or "").lower() == "delayed" or (bounce.status or "").startswith("4.")


def _update_message(
    db: Database,
    message_row: int,
    parsed: ParsedMessage,
    kind: str,
    facts: dict,
    own_copy: bool,
    settings: IntakeSettings,
) -> None:
    auth = _own_auth_results(parsed, settings.authserv_id)
    if auth and dmarc_failed(parsed, settings.authserv_id):
        facts = dict(facts, dmarc_failed=True)
    db.execute(
        "UPDATE messages SET message_id = ?, from_addr = ?, to_addrs = ?, subject = ?, date = ?, "
        "kind = ?, automated = ?, own_copy = ?, auth_results = ?, body_text = ?, facts = ?, "
        "parse_error = ? WHERE id = ?",
        (
            parsed.message_id,
            parsed.from_addr or "",
            json.dumps(list(parsed.to_addrs + parsed.cc_addrs)),
            parsed.subject,
            parsed.date.isoformat() if parsed.date else None,
            kind,
            int(parsed.automated or kind in ("bounce", "delay", "auto_reply")),
            int(own_copy),
            auth,
            parsed.body_text,
            json.dumps(facts, default=str, ensure_ascii=False),
            parsed.parse_error,
            message_row,
        ),
    )


def _own_auth_results(parsed: ParsedMessage, authserv_id: str) -> str | None:
    # RFC 8601 section 5: only the header our own provider added can be trusted; the topmost.
    if not authserv_id:
        return None
    for server, text in parsed.auth_results:
        if server == authserv_id.lower():
            return text
    return None


def _insert_matches(db: Database, message_row: int, matches: list, candidates: list) -> None:
    # OR IGNORE: a filing the user made by hand (actor 'user') outranks any automatic one.
    for match in matches:
        db.execute(
            "INSERT OR IGNORE INTO message_requests "
            "(message_row, request_id, method, score, evidence, actor) VALUES (?, ?, ?, ?, ?, 'auto')",
            (message_row, match.request_id, match.method, match.score, _evidence(match)),
        )
    for candidate in candidates:
        db.execute(
            "INSERT OR IGNORE INTO message_candidates "
            "(message_row, request_id, method, score, evidence) VALUES (?, ?, ?, ?, ?)",
            (
                message_row,
                candidate.request_id,
                candidate.method,
                candidate.score,
                _evidence(candidate),
            ),
        )


def _evidence(match) -> str:
    return json.dumps(match.evidence, default=str, ensure_ascii=False, sort_keys=True)


def _file_attachments(
    filer: Filer, message_row: int, parsed: ParsedMessage, *, extract: bool
) -> None:
    """Store every attachment leaf (raw first, like the mail). Text is extracted (for search and
    PII flags) only for mail filed on a request: held mail is mostly none of our business, and a
    PDF's text can cost more than the rest of the message. ``extract_filed_documents`` catches
    up when `foia match` files it."""
    db = filer.db
    for leaf in parsed.attachments:
        sha = filer.store.put_file(leaf.data)
        db.execute(
            "INSERT INTO documents (sha256, size, content_type, text, text_status) "
            "VALUES (?, ?, ?, NULL, 'none') ON CONFLICT (sha256) DO NOTHING",
            (sha, len(leaf.data), leaf.content_type),
        )
        if extract:
            _extract(db, sha, leaf.data, leaf.content_type, refresh=filer.refresh_documents)
        db.execute(
            "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, "
            "size, source, parent_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_row,
                leaf.filename,
                leaf.safe_name,
                leaf.content_type,
                sha,
                len(leaf.data),
                leaf.source,
                leaf.parent_sha256,
            ),
        )
        search.index_document(db, sha)


def _extract(db: Database, sha: str, data: bytes, content_type: str, *, refresh: bool) -> None:
    """Extract a document's text once (``text`` NULL means not yet tried)."""
    pending = row(db, "SELECT 1 AS p FROM documents WHERE sha256 = ? AND text IS NULL", (sha,))
    if pending is None and not refresh:
        return
    text = documents.extract_text(data, content_type)
    db.execute(
        "UPDATE documents SET content_type = ?, text = ?, text_status = ? WHERE sha256 = ?",
        (content_type, text.text or "", text.status, sha),
    )


def extract_filed_documents(db: Database, store: Store, message_row: int) -> None:
    """The text of a message's documents, now that it is filed (`foia match`)."""
    found = rows(
        db,
        "SELECT DISTINCT a.sha256, a.content_type FROM attachments a JOIN documents d "
        "ON d.sha256 = a.sha256 WHERE a.message_row = ? AND d.text IS NULL",
        (message_row,),
    )
    for document in found:
        _extract(
            db,
            document["sha256"],
            store.read_file(document["sha256"]),
            document["content_type"],
            refresh=False,
        )
        search.index_document(db, document["sha256"])


# --- what a filed message does to its requests -----------------------------------------------


def _after_filing(
    db: Database, message_row: dict, now: datetime, settings: IntakeSettings = IntakeSettings()
) -> None:
    """The one place where a newly filed message acts on its requests.

    Bounces are handled here, before any status logic (issue 5): the request becomes
    ``bounced`` and the agency's address is marked bounced, unless the match was by sender only
    or the user's provider recorded a DMARC failure. Then the lifecycle records the reply on each
    request's timeline and moves its status, under the same conservative rules
    (``tracking.apply_message``).
    """
    facts = json.loads(message_row["facts"] or "{}")
    if message_row["kind"] == "bounce" and not facts.get("dmarc_failed"):
        filed = rows(
            db,
            "SELECT mr.request_id, mr.method, r.agency_id, r.to_addr FROM message_requests mr "
            "JOIN requests r ON r.id = mr.request_id WHERE mr.message_row = ?",
            (message_row["id"],),
        )
        recipients = {a.lower() for a in facts.get("bounce", {}).get("original_recipients", [])}
        for filing in filed:
            if filing["method"] not in tracking.WEAK_METHODS:
                _bounce_request(db, filing, recipients, message_row["id"], now)
    tracking.apply_message(
        db,
        message_row["id"],
        default_days=settings.default_days,
        default_unit=settings.default_unit,
    )


def _bounce_request(
    db: Database, filing: dict, recipients: set[str], message_row: int, now: datetime
) -> None:
    moved = change_status(
        db,
        filing["request_id"],
        Status.BOUNCED,
        "auto",
        at=now,
        message_row=message_row,
        detail={"reason": "bounce", "recipients": sorted(recipients)},
    )
    address = (filing["to_addr"] or "").lower()
    # Mark the address bad only when the bounce names it (or names nobody): a bounce of a
    # colleague's forward says nothing about the agency's own address.
    if moved and address and (not recipients or address in recipients):
        mark_address_bounced(db, filing["agency_id"], address)


# --- polling ---------------------------------------------------------------------------------


def poll(db: Database, store: Store, config: Config, *, now: datetime, client=None) -> PollReport:
    """Fetch, store and file new mail from every configured folder (one writer at a time)."""
    from foia_tracker.mail import imap as mailbox  # the IMAP layer; pure callers of this module never need it

    settings = IntakeSettings.from_config(config, db)
    with store.lock():
        own_client = client is None
        if own_client:
            client = mailbox.connect(config.imap)
        try:
            filer = Filer(db, store, build_context(db, settings), settings)
            account = mailbox.account_key(config.imap)
            report = PollReport()
            since = _since(config.imap.since)
            for folder in mailbox.resolve_folders(client, config.imap):
                job = FolderJob(filer, account, folder, since)
                try:
                    _poll_folder(client, job, now, report)
                except _imap_errors() as exc:  # a missing or unreadable folder: say so, go on
                    report.failed(f"folder {folder}: {exc}")
            return report
        finally:
            if own_client:
                _logout(client)


@dataclass(frozen=True)
class FolderJob:
    filer: Filer
    account: str
    folder: str
    since: date | None


def _since(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ConfigError(f"imap.since must be a date like 2026-01-31, not {text!r}.") from None


def _poll_folder(client, job: FolderJob, now: datetime, report: PollReport) -> None:
    db = job.filer.db
    info = client.select_folder(job.folder, readonly=True)
    uidvalidity = int(info[b"UIDVALIDITY"])
    state = row(
        db,
        "SELECT uidvalidity, last_uid FROM mail_state WHERE account = ? AND folder = ?",
        (job.account, job.folder),
    )
    last_uid = state["last_uid"] if state and state["uidvalidity"] == uidvalidity else 0
    if state and state["uidvalidity"] != uidvalidity:
        log.warning("UIDVALIDITY of %s changed: resyncing it (stored mail is kept)", job.folder)
    for batch in _batches(client, _new_uids(client, last_uid, job.since)):
        for fetched in _fetch(client, batch, CopyKey(job.account, job.folder, uidvalidity, 0)):
            report.add(save_message(job.filer, fetched, now=now))
        _checkpoint(db, job.account, job.folder, uidvalidity, max(batch))
    if state is None or state["uidvalidity"] != uidvalidity:
        _checkpoint(db, job.account, job.folder, uidvalidity, last_uid, only_if_missing=True)


def _new_uids(client, last_uid: int, since: date | None) -> list[int]:
    criteria: list = ["UID", f"{last_uid + 1}:*"]
    if since is not None and last_uid == 0:
        criteria += ["SINCE", since]
    # RFC 3501 section 6.4.8: "n+1:*" always includes the highest UID, even when it is <= n.
    return sorted(uid for uid in client.search(criteria) if uid > last_uid)


def _batches(client, uids: list[int]) -> Iterator[list[int]]:
    """UIDs in fetch batches bounded by count and by bytes (a huge message travels alone)."""
    for start in range(0, len(uids), SIZE_CHUNK):
        chunk = uids[start : start + SIZE_CHUNK]
        sizes = client.fetch(chunk, [b"RFC822.SIZE"])
        batch: list[int] = []
        total = 0
        for uid in chunk:
            size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
            if batch and (len(batch) >= BATCH_MESSAGES or total + size > BATCH_BYTES):
                yield batch
                batch, total = [], 0
            batch.append(uid)
            total += size
        if batch:
            yield batch


def _fetch(client, batch: list[int], key: CopyKey) -> Iterator[FetchedMessage]:
    response = client.fetch(batch, FETCH_ITEMS)
    for uid in batch:
        data = response.pop(uid, None)
        if data is None or b"BODY[]" not in data:
            continue  # expunged since the search: nothing left to store
        when = data.get(b"INTERNALDATE")
        if isinstance(when, datetime) and when.tzinfo is None:
            when = when.astimezone()  # imapclient gives local naive time by default
        yield FetchedMessage(
            CopyKey(key.account, key.folder, key.uidvalidity, uid), bytes(data[b"BODY[]"]), when
        )


def _checkpoint(
    db: Database,
    account: str,
    folder: str,
    uidvalidity: int,
    last_uid: int,
    *,
    only_if_missing=False,
) -> None:
    with transaction(db):
        if only_if_missing:
            current = row(
                db,
                "SELECT uidvalidity FROM mail_state WHERE account = ? AND folder = ?",
                (account, folder),
            )
            if current is not None and current["uidvalidity"] == uidvalidity:
                return
        db.execute(
            "INSERT INTO mail_state (account, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
            "last_uid = max(CASE WHEN mail_state.uidvalidity = excluded.uidvalidity "
            "THEN mail_state.last_uid ELSE 0 END, excluded.last_uid)",
            (account, folder, uidvalidity, last_uid),
        )


def _logout(client) -> None:
    try:
        client.logout()
    except Exception as exc:  # noqa: BLE001 - the work is committed; a failed goodbye changes nothing
        log.debug("logout failed: %s", exc)


# --- watching --------------------------------------------------------------------------------

IDLE_MAX_SECONDS = 29 * 60  # RFC 2177 section 3: re-issue IDLE at least every 29 minutes
BACKOFF_MAX_SECONDS = 300


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
    from foia_tracker.mail import imap as mailbox

    backoff, done, connected_once = 1.0, 0, False
    while rounds is None or done < rounds:
        try:
            client = mailbox.connect(config.imap)
            connected_once = True
            try:
                while rounds is None or done < rounds:
                    on_report(poll(db, store, config, now=now_fn(), client=client))
                    done, backoff = done + 1, 1.0
                    if rounds is None or done < rounds:
                        _wait_for_mail(client, config.imap.watch_interval, sleep)
            finally:
                _logout(client)
        except (OSError, EOFError, MailboxError, *_imap_errors()) as exc:
            if not connected_once:
                raise
            log.warning("mail server connection lost (%s); reconnecting in %.0f s", exc, backoff)
            sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_SECONDS)


def _imap_errors() -> tuple[type[BaseException], ...]:
    from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

    return (IMAPClientError, IMAPClientAbortError)


def _wait_for_mail(client, interval: int, sleep: Callable[[float], None]) -> None:
    if b"IDLE" not in client.capabilities():
        sleep(interval)
        return
    # RFC 2177: IDLE needs a selected folder; new mail arrives in INBOX.
    client.select_folder("INBOX", readonly=True)
    client.idle()
    try:
        client.idle_check(timeout=min(interval, IDLE_MAX_SECONDS))
    finally:
        client.idle_done()


# --- reparse ---------------------------------------------------------------------------------


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
    events (a timeline is history, not a derived view, so ``_after_filing`` is not run again).
    Everything else about each message is derived again by the same code that filed it at poll
    time, against today's requests: a sender-only filing whose agency has since gained or closed
    a request goes back to the holding pen rather than being guessed.
    """
    return reparse_with(db, store, IntakeSettings.from_config(config, db), now=now)


def reparse_with(
    db: Database, store: Store, settings: IntakeSettings, *, now: datetime
) -> ReparseReport:
    report = ReparseReport()
    with store.lock():
        filer = Filer(db, store, build_context(db, settings), settings, refresh_documents=True)
        ids = [r["id"] for r in rows(db, "SELECT id FROM messages ORDER BY id")]
        for message_row in ids:
            outcome = _reparse_one(filer, message_row, now)
            report.messages += 1
            report.errors += int(outcome.error is not None)
            if not outcome.own_copy:
                report.matched += int(_is_filed(db, message_row))
                report.unmatched += int(not _is_filed(db, message_row))
        _drop_orphan_documents(db)  # every message was re-indexed as it was derived
    return report


def _reparse_one(filer: Filer, message_row: int, now: datetime) -> SaveOutcome:
    db = filer.db
    raw = filer.store.read_raw(_message(db, message_row)["raw_sha256"])
    with transaction(db):
        db.execute("DELETE FROM attachments WHERE message_row = ?", (message_row,))
        db.execute("DELETE FROM message_candidates WHERE message_row = ?", (message_row,))
        db.execute(
            "DELETE FROM message_requests WHERE message_row = ? AND actor = 'auto'", (message_row,)
        )
        db.execute("UPDATE messages SET parse_error = NULL WHERE id = ?", (message_row,))
        return _derive_guarded(filer, message_row, raw, now)


def _is_filed(db: Database, message_row: int) -> bool:
    found = row(db, "SELECT 1 AS f FROM message_requests WHERE message_row = ?", (message_row,))
    return found is not None


def _drop_orphan_documents(db: Database) -> None:
    """Documents no message carries any more (a reparse read a message differently), and their
    search rows (rowid = minus the document's rowid, see search.py)."""
    orphans = "SELECT {} FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
    with transaction(db):
        db.execute(f"DELETE FROM search_index WHERE rowid IN ({orphans.format('-rowid')})")
        db.execute(f"DELETE FROM documents WHERE sha256 IN ({orphans.format('sha256')})")


# --- reading and filing by hand --------------------------------------------------------------


@dataclass(frozen=True)
class HandFiling:
    message_row: int
    refs: tuple[str, ...]
    learned: tuple[str, ...]  # "agency id: address" pairs added to agency_addresses


def file_by_hand(
    db: Database,
    message_row: int,
    refs: Iterable[str],
    *,
    learn_sender: bool,
    now: datetime,
    settings: IntakeSettings = IntakeSettings(),
    store: Store | None = None,
) -> HandFiling:
    """``foia match``: file a message on requests the user names (actor 'user').

    ``learn_sender`` adds the sender to the agency's other known addresses (source 'learned'),
    so its next mail matches by sender; letters still go to ``agencies.email``.
    """
    message = _message(db, message_row)
    if message is None:
        raise NotFound(f"No message {message_row}; see the ids in `foia messages`.")
    requests = [_request_by_ref(db, ref) for ref in dict.fromkeys(r.upper() for r in refs)]
    if not requests:
        raise UsageError("Name at least one request ref, e.g. foia match 12 CT-0042.")
    learned: list[str] = []
    with transaction(db):
        for request in requests:
            db.execute(
                "INSERT OR REPLACE INTO message_requests "
                "(message_row, request_id, method, score, evidence, actor) "
                "VALUES (?, ?, 'user', 1.0, ?, 'user')",
                (message_row, request["id"], json.dumps({"filed_at": now.isoformat()})),
            )
            if learn_sender and _learn(db, request["agency_id"], message["from_addr"]):
                learned.append(f"{request['agency_id']}: {message['from_addr']}")
        classify_filed(db, message_row)
        if store is not None:
            extract_filed_documents(db, store, message_row)
        _after_filing(db, _message(db, message_row), now, settings)
    return HandFiling(message_row, tuple(r["ref"] for r in requests), tuple(learned))


def _request_by_ref(db: Database, ref: str) -> dict:
    found = row(db, "SELECT id, ref, agency_id FROM requests WHERE ref = ?", (ref.upper(),))
    if found is None:
        raise NotFound(f"No request {ref}; see `foia status` for the refs.")
    return found


def _learn(db: Database, agency_id: int, address: str) -> bool:
    address = (address or "").lower()
    agency = row(db, "SELECT email FROM agencies WHERE id = ?", (agency_id,))
    if not address or agency is None or agency["email"].lower() == address:
        return False
    cursor = db.execute(
        "INSERT OR IGNORE INTO agency_addresses (agency_id, address, source) "
        "VALUES (?, ?, 'learned')",
        (agency_id, address),
    )
    return cursor.rowcount > 0


def list_messages(db: Database, *, unmatched: bool = False, ref: str | None = None) -> list[dict]:
    """Received mail as the contract's ``foia messages`` rows (our own copies left out)."""
    where, params = ["m.own_copy = 0"], []
    if unmatched:
        where.append("NOT EXISTS (SELECT 1 FROM message_requests x WHERE x.message_row = m.id)")
    if ref:
        request = _request_by_ref(db, ref)
        where.append(
            "EXISTS (SELECT 1 FROM message_requests x WHERE x.message_row = m.id "
            "AND x.request_id = ?)"
        )
        params.append(request["id"])
    found = rows(
        db,
        f"SELECT m.* FROM messages m WHERE {' AND '.join(where)} ORDER BY m.received_at, m.id",
        tuple(params),
    )
    return [_message_json(db, m) for m in found]


def _message_json(db: Database, message: dict) -> dict:
    filed = rows(
        db,
        "SELECT r.ref, mr.method FROM message_requests mr JOIN requests r ON r.id = mr.request_id "
        "WHERE mr.message_row = ? ORDER BY mr.actor = 'user' DESC, mr.score DESC, r.ref",
        (message["id"],),
    )
    attachments = rows(
        db,
        "SELECT filename, sha256, size, content_type, source FROM attachments "
        "WHERE message_row = ? ORDER BY id",
        (message["id"],),
    )
    return {
        "id": message["id"],
        "message_id": message["message_id"],
        "from": message["from_addr"],
        "subject": message["subject"],
        "date": message["date"] or message["received_at"],
        "requests": sorted({f["ref"] for f in filed}),
        "match_method": filed[0]["method"] if filed else None,
        "kind": message["kind"],
        "automated": bool(message["automated"]),
        "attachments": attachments,
    }


def holding_pen(db: Database) -> list[dict]:
    """``foia inbox``: mail filed nowhere, each with its ranked suggestions."""
    held = list_messages(db, unmatched=True)
    for message in held:
        message["parse_error"] = _message(db, message["id"])["parse_error"]
        message["suggestions"] = [
            {
                "ref": s["ref"],
                "method": s["method"],
                "score": s["score"],
                "evidence": json.loads(s["evidence"]),
            }
            for s in rows(
                db,
                "SELECT r.ref, c.method, c.score, c.evidence FROM message_candidates c "
                "JOIN requests r ON r.id = c.request_id WHERE c.message_row = ? "
                "ORDER BY c.score DESC, r.ref",
                (message["id"],),
            )
        ]
    return held
