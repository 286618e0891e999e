"""Letters on a request's thread after the first: ``foia reply`` and ``foia resend``.

A reply goes to the address that last wrote for the agency (else the agency's), answers the
agency's latest message (In-Reply-To/References, RFC 5322 3.6.4), carries the ref in its subject
and the request's reply token, and quotes what it answers. A resend is the same first letter
(same ref, same token, re-dated when it goes) to a corrected address: the agency's email
becomes it, the old one is kept as bounced, and the clock restarts from the new send.

Both are drafts until queued: ``draft_*`` is pure reading, ``queue_*`` writes through the
outbox's one enqueue, and the outbox sends them (limits, lock, crash safety).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import outbox as outbox_db
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.directory.validate import check_email
from foia_tracker.errors import UsageError
from foia_tracker.mail.headers import outgoing_headers
from foia_tracker.outbox import OutgoingLetter, enqueue
from foia_tracker.requests.correspondence import REPLY_KINDS
from foia_tracker.requests.lifecycle import END_STATES, Status
from foia_tracker.requests.status import find_request

QUOTE_LINES = 40  # the agency's words quoted, at most; the rest is on their own copy
RESENDABLE = (Status.BOUNCED, Status.QUEUED)


@dataclass(frozen=True)
class ThreadDraft:
    """One letter ready to queue, and what ``--send`` would change besides."""

    ref: str
    letter: OutgoingLetter
    headers: dict[str, str]  # as written (Message-ID and Date are set when it is queued/sent)
    old_to: str = ""  # resend: the address that bounced

    def as_json(self) -> dict:
        return {
            "ref": self.ref,
            "kind": self.letter.reply_kind or self.letter.kind,
            "headers": self.headers,
            "body": self.letter.body,
            "old_to": self.old_to or None,
        }


def _clean_address(text: str) -> str:
    """The bare address of ``text`` ("Pat <pat@x.org>" gives "pat@x.org"); CR/LF refused."""
    _name, address = parseaddr(text)
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in address):
        raise UsageError(f"{text!r} is not an email address; give one like records@district.org.")
    if "\r" in text or "\n" in text:
        raise UsageError("An email address cannot contain a line break.")
    return address


def _headers(config: Config, request: dict, letter: OutgoingLetter) -> dict[str, str]:
    thread = [*letter.references, *([letter.in_reply_to] if letter.in_reply_to else [])]
    shown = {
        "token": request["token"],
        "to_addr": letter.to_addr,
        "subject": letter.subject,
        "message_id": "(assigned when it is queued)",
        "in_reply_to": " ".join(dict.fromkeys(thread)),
    }
    return outgoing_headers(config, shown)


# --- foia reply ---------------------------------------------------------------------------------


def draft_reply(db: Database, config: Config, ref: str, text: str, kind: str = "other"):
    """The reply to the agency's latest message on request ``ref``, quoting it."""
    if kind not in REPLY_KINDS:
        raise UsageError(f"--kind must be one of {', '.join(REPLY_KINDS)}, not {kind!r}.")
    if not text.strip():
        raise UsageError("A reply needs some text (--message or --file).")
    request = find_request(db, ref)
    if Status(request["status"]) in END_STATES or not request["sent_at"]:
        raise UsageError(
            f"{request['ref']} is {request['status']}: a reply goes only on a request that was "
            "sent and is still open."
        )
    theirs = request_rows.last_agency_reply(db, request["id"])
    ours = request_rows.sent_message_ids(db, request["id"])
    to_addr = (theirs or {}).get("from_addr") or request["to_addr"]
    letter = OutgoingLetter(
        request_id=request["id"],
        kind="reply",
        to_addr=_clean_address(to_addr),
        subject=_reply_subject(request, theirs),
        body=_reply_body(config, request, text, theirs),
        in_reply_to=(theirs or {}).get("message_id") or (ours[-1] if ours else None),
        references=tuple(ours),
        reply_kind=kind,
    )
    return ThreadDraft(request["ref"], letter, _headers(config, request, letter))


def _reply_subject(request: dict, theirs: dict | None) -> str:
    subject = " ".join(((theirs or {}).get("subject") or request["subject"]).split())
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    # Matching reads the ref from the subject (cascade step 3): the reply carries it too.
    return subject if request["ref"] in subject else f"{subject} [{request['ref']}]"


def _reply_body(config: Config, request: dict, text: str, theirs: dict | None) -> str:
    requester = config.requester
    lines = [text.strip("\n"), "", requester.name]
    if requester.organization:
        lines.append(requester.organization)
    lines += [f"Request {request['ref']}", ""]
    if theirs and (theirs.get("body_text") or "").strip():
        when = (theirs.get("at") or "")[:10]
        lines.append(f"On {when}, {theirs['from_addr']} wrote:")
        quoted = theirs["body_text"].strip("\n").splitlines()
        lines += [f"> {line}".rstrip() for line in quoted[:QUOTE_LINES]]
        if len(quoted) > QUOTE_LINES:
            lines.append("> [...]")
    return "\n".join(lines).rstrip("\n") + "\n"


def queue_reply(db: Database, config: Config, draft: ThreadDraft, now: datetime) -> int:
    return enqueue(db, draft.letter, now=now, domain=config.requester.domain)


# --- foia resend --------------------------------------------------------------------------------


def draft_resend(db: Database, config: Config, ref: str, to: str) -> ThreadDraft:
    """The request's first letter again, to ``to`` (same ref and token, re-dated on sending)."""
    request = find_request(db, ref)
    status = Status(request["status"])
    if status not in RESENDABLE:
        raise UsageError(
            f"{request['ref']} is {status.value}; `foia resend` sends a bounced (or not yet "
            "sent) letter to a corrected address."
        )
    first = outbox_db.first_letter(db, request["id"])
    if first is None:
        raise UsageError(f"{request['ref']} has no emailed letter to send again.")
    address, _others, problem = check_email(to)  # the directory's one rule for an agency email
    if problem or not address:
        raise UsageError(f"--to {to!r}: {problem or 'no email address'}; give one address.")
    letter = OutgoingLetter(request["id"], "request", address, first["subject"], first["body"])
    return ThreadDraft(request["ref"], letter, _headers(config, request, letter), first["to_addr"])


def queue_resend(db: Database, config: Config, draft: ThreadDraft, now: datetime) -> int:
    """Point the agency and the request at the new address (the old one kept as bounced) and
    queue the letter; a first letter not yet sent is re-addressed instead of doubled."""
    request_id = draft.letter.request_id
    request = request_rows.get_request(db, request_id)
    # The old address is kept, marked bounced, when it bounced; a letter not yet sent was
    # simply addressed wrongly, and nothing is known about the old address.
    old = draft.old_to if request["status"] == Status.BOUNCED.value else ""
    with transaction(db):
        outbox_db.replace_agency_email(db, request["agency_id"], old, draft.letter.to_addr)
        outbox_db.set_request_address(db, request_id, draft.letter.to_addr)
        waiting = outbox_db.unsent_letters_of(db, request_id, "request")
        if any(w["state"] in ("sending", "uncertain") for w in waiting):
            raise UsageError(
                f"{draft.ref}'s letter may be going out right now; run `foia campaign send` "
                "first, then resend."
            )
        if waiting:
            outbox_db.retarget_letter(db, waiting[0]["id"], draft.letter.to_addr)
            return waiting[0]["id"]
        return enqueue(db, draft.letter, now=now, domain=config.requester.domain)
