"""What a send's outcome does to the outbox row and its request: the proof, the status, the
clock and the timeline. One transaction per outcome, so a crash leaves either all or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import transaction
from foia_tracker.directory.agencies import mark_address_bounced
from foia_tracker.letters.dates import fill_send_date
from foia_tracker.mail.limits import stamp
from foia_tracker.mail.sent import read_sent_letter
from foia_tracker.requests import tracking
from foia_tracker.requests.correspondence import RequesterMessage, apply_requester_message
from foia_tracker.requests.lifecycle import END_STATES, Status, change_status, record_event


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    uncertain: int = 0
    deferred: int = 0
    sent_refs: list[str] = field(default_factory=list)
    bounced: list[tuple[str, str]] = field(default_factory=list)  # (ref, server's words)
    maybe_twice: list[str] = field(default_factory=list)  # refs resent after an unclear end
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


def sendable(letter: dict) -> bool:
    """A closed request gets nothing more. A first letter goes while the request is queued, or
    bounced (``foia resend`` queued it again for a corrected address)."""
    status = Status(letter["request_status"])
    if status in END_STATES:
        return False
    return letter["kind"] != "request" or status in (Status.QUEUED, Status.BOUNCED)


def record_sent(
    db: Database, config: Config, letter: dict, proof: tuple[str, str, datetime], copy: str
) -> None:
    """Commit the proof of sending (``proof`` = body as sent, the server's reply, when); for a
    first letter the request is sent and its clock runs from that moment. ``copy`` says whether
    a Sent-folder copy is still owed ("pending") or already there ("provider")."""
    with transaction(db):
        record_proof(db, letter, proof, copy, booked=True)
        book_sent(db, config, letter, proof)


def record_proof(
    db: Database, letter: dict, proof: tuple[str, str, datetime], copy: str, *, booked: bool
) -> None:
    """The outbox row's part of ``record_sent``: the letter is ``sent``, with the server's reply
    and the moment. ``booked=False`` leaves the request's part (``book_sent``) owed: the send
    loop books a few letters at a time, and ``complete_booking`` finishes any a kill cut off."""
    _body, reply, at = proof
    outbox_db.mark_sent(db, letter["id"], reply, stamp(at), None, copy, booked=booked)


def book_sent(db: Database, config: Config, letter: dict, proof: tuple[str, str, datetime]) -> None:
    """The request's part of ``record_sent``: its status, clock and timeline, as of the moment
    in ``proof``. The caller holds the transaction (with the proof's, or a later one)."""
    body, reply, at = proof
    detail = {
        "outbox_id": letter["id"],
        "message_id": letter["message_id"],
        "to": letter["to_addr"],
        "smtp_reply": reply,
    }
    if letter["kind"] == "reply":
        # The timeline's requester_message (via "foia"); answering what the request waits
        # on resumes or restarts its clock (requests.correspondence decides how).
        kind = letter.get("reply_kind") or "other"
        message = RequesterMessage(at, "foia", kind, text=body)
        apply_requester_message(db, letter["request_id"], message, config.deadlines)
        return
    if letter["kind"] == "request":
        event = _first_letter_sent(db, config, letter, body, at, detail)
    else:
        event = f"{letter['kind']}_sent"
    record_event(db, letter["request_id"], event, "auto", at=at, detail=detail)


def book_all(db: Database, config: Config, owed: list[tuple[dict, tuple[str, str, datetime]]]):
    """Book each (letter, proof) in ``owed``, in order, and mark the rows booked; the caller
    holds the transaction."""
    for letter, proof in owed:
        book_sent(db, config, letter, proof)
    outbox_db.set_booked(db, [letter["id"] for letter, _proof in owed])


def complete_booking(db: Database, store, config: Config) -> list[str]:
    """Book the sent rows a killed run left unbooked (their proof committed, the request not
    yet told), from what the rows and the stored letters say; returns their refs. Reading the
    text back from the stored bytes gives the body exactly as it went."""
    owed = []
    for letter in outbox_db.unbooked_letters(db):
        at = datetime.fromisoformat(letter["sent_at"])
        body, _date = read_sent_letter(store, letter["raw_sha256"])
        if body is None:
            body = fill_send_date(letter["body"], at.astimezone().date())
        owed.append((letter, (body, letter["smtp_reply"], at)))
    if owed:
        with transaction(db):
            book_all(db, config, owed)
    return [letter["ref"] for letter, _proof in owed]


def _first_letter_sent(
    db: Database, config: Config, letter: dict, body: str, at: datetime, detail: dict
) -> str:
    earlier = outbox_db.earlier_first_letter(db, letter["id"], letter["request_id"])
    outbox_db.record_request_sent(db, letter["request_id"], letter["to_addr"], body, stamp(at))
    change_status(db, letter["request_id"], Status.SENT, "auto", at=at)
    # The clock runs from the real moment of sending (a resend restarts it); one place
    # derives deadlines.
    tracking.recompute_due(
        db,
        letter["request_id"],
        default_days=config.deadlines.default_days,
        default_unit=config.deadlines.default_unit,
    )
    if earlier is None:
        return "sent"
    detail["old_to"] = earlier["to_addr"]
    return "resent"


def record_bounce(db: Database, letter: dict, reply: str, at: datetime) -> None:
    """The server refused this recipient at RCPT: the row fails for good (only ``foia resend``
    to a corrected address sends the letter again) and the request is bounced."""
    with transaction(db):
        outbox_db.mark_failed(db, letter["id"], reply, "recipient")
        mark_address_bounced(db, letter["agency_id"], letter["to_addr"])
        change_status(
            db,
            letter["request_id"],
            Status.BOUNCED,
            "auto",
            at=at,
            detail={"outbox_id": letter["id"], "smtp_reply": reply},
        )
