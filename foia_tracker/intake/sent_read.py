"""Reading new messages of the requester's Sent folder (intake/sent.py says when there are
any): headers first, then only her own messages about a request whole."""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message

from sqlite_utils import Database

from foia_tracker.db import checkpoints, transaction
from foia_tracker.db import messages as store_db
from foia_tracker.db import sent as sent_db
from foia_tracker.intake.sent import SentJob, SentReport
from foia_tracker.outputs import search
from foia_tracker.parse.headers import addresses, message_id, message_ids
from foia_tracker.parse.message import parse_message
from foia_tracker.requests.correspondence import record_requester_message
from foia_tracker.tokens import find_refs, find_tokens

HEADER_FIELDS = "FROM TO CC BCC REPLY-TO SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES DATE"
HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})]".encode()
HEADER_KEY = f"BODY[HEADER.FIELDS ({HEADER_FIELDS})]".encode()
HEADER_BATCH = 500
_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)


@dataclass(frozen=True)
class SentIndex:
    """What deciding needs, read once per poll."""

    by_token: dict[str, int]
    by_ref: dict[str, int]
    thread_ids: dict[str, set[int]]  # Message-ID -> requests whose thread it is in
    agency_addresses: dict[int, set[str]]  # request -> its agency's known addresses
    own_ids: frozenset[str]  # our letters' Message-IDs (already on the timeline)


def build_index(db: Database) -> SentIndex:
    by_token, by_ref, agency_addresses = {}, {}, {}
    for request in sent_db.requests_with_addresses(db):
        by_token[request["token"]] = request["id"]
        by_ref[request["ref"]] = request["id"]
        agency_addresses[request["id"]] = set(request["addresses"])
    thread: dict[str, set[int]] = {}
    for item in sent_db.thread_message_ids(db):
        thread.setdefault(item["message_id"].lower(), set()).add(item["request_id"])
    own = frozenset(
        mid.lower()
        for out in store_db.outbox_message_ids(db)
        for mid in (out["message_id"], out["provider_message_id"])
        if mid
    )
    return SentIndex(by_token, by_ref, thread, agency_addresses, own)


def requests_of(headers: Message, index: SentIndex) -> dict[int, str]:
    """The requests a Sent message belongs to, each with how it was recognised."""
    own = message_id(headers.get("Message-ID", "") or "")
    if own and own.lower() in index.own_ids:
        return {}
    found: dict[int, str] = {}
    for _name, address in addresses(headers, "To", "Cc", "Bcc", "Reply-To", "From"):
        for token in find_tokens(address):
            if token in index.by_token:
                found.setdefault(index.by_token[token], "token")
    thread = " ".join(headers.get_all("In-Reply-To", []) + headers.get_all("References", []))
    for mid in message_ids(thread):
        for request_id in index.thread_ids.get(mid.lower(), ()):
            found.setdefault(request_id, "thread")
    to_cc = {address.lower() for _name, address in addresses(headers, "To", "Cc")}
    for ref in find_refs(headers.get("Subject", "") or ""):
        request_id = index.by_ref.get(ref)
        if request_id is not None and to_cc & index.agency_addresses.get(request_id, set()):
            found.setdefault(request_id, "ref+agency")
    return found


def read_new(client, job: SentJob, new: tuple[int, list[int]], report: SentReport) -> None:
    """Read the headers of the new Sent messages (``uids`` of ``uidvalidity``); store and record
    those that are the requester's about a request; move the checkpoint batch by batch."""
    uidvalidity, uids = new
    index = build_index(job.db)
    for start in range(0, len(uids), HEADER_BATCH):
        batch = uids[start : start + HEADER_BATCH]
        wanted = _relevant(client, batch, index, report)
        for uid, belongs in wanted.items():
            _store_one(client, job, (uidvalidity, uid), belongs, report)
        with transaction(job.db):
            checkpoints.move_checkpoint(
                job.db, checkpoints.Checkpoint(job.account, job.folder, uidvalidity, max(batch))
            )


def _relevant(client, batch: list[int], index: SentIndex, report: SentReport) -> dict:
    wanted: dict[int, dict[int, str]] = {}
    for uid, data in client.fetch(batch, [HEADER_ITEM]).items():
        report.looked_at += 1
        headers = _PARSER.parsebytes(data.get(HEADER_KEY) or b"")
        belongs = requests_of(headers, index)
        if belongs:
            wanted[uid] = belongs
    return wanted


def _store_one(client, job: SentJob, where: tuple[int, int], belongs: dict, report) -> None:
    uidvalidity, uid = where
    data = client.fetch([uid], [b"BODY.PEEK[]", b"INTERNALDATE"]).get(uid)
    if not data or b"BODY[]" not in data:
        report.problems.append(f"Sent message {uid} vanished before it could be read")
        return
    raw = data[b"BODY[]"]
    sha = job.store.put_raw(raw)  # raw first, like every message
    parsed = parse_message(raw)
    when = _when(parsed.date, data.get(b"INTERNALDATE"), job.now)
    with transaction(job.db):
        existing = store_db.message_by_sha(job.db, sha)
        message_row = existing["id"] if existing else _insert(job, sha, raw, parsed, when)
        store_db.insert_copy(job.db, store_db.CopyRow(message_row, job.account, job.folder,
                                                      uidvalidity, uid, when.isoformat()))  # fmt: skip
        for request_id, method in belongs.items():
            filing = store_db.FilingRow(message_row, request_id, f"sent-folder:{method}", 1.0,
                                        {"folder": job.folder}, "user")  # fmt: skip
            store_db.insert_filing(job.db, filing)
            if record_requester_message(job.db, request_id, at=when, via="mail client",
                                        kind=None, message_row=message_row, text=parsed.body_text):  # fmt: skip
                report.filed += 1


def _insert(job: SentJob, sha: str, raw: bytes, parsed, when: datetime) -> int:
    message_row = store_db.insert_message(job.db, sha, len(raw), when.isoformat())
    store_db.update_message(job.db, message_row, sent_db.requester_copy_fields(parsed))
    search.index_message(job.db, store_db.get_message(job.db, message_row))
    return message_row


def _when(header_date: datetime | None, internaldate, now: datetime) -> datetime:
    for candidate in (header_date, internaldate):
        if isinstance(candidate, datetime):
            return candidate if candidate.tzinfo else candidate.replace(tzinfo=UTC)
    return now
