"""What a message filed on a request says: the reply classifier's reading, kept beside the
message as its kind and facts. Imported on demand (`intake/derive.py`, `lazy.load`) the first
time a poll files a message: mail that stays in the holding pen is never classified, and a poll
of a busy personal mailbox never compiles the classifier's phrase tables."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.intake import classify, reply_input
from foia_tracker.intake.derive import UNCLASSIFIED
from foia_tracker.intake.reply_away import records_mailbox_response
from foia_tracker.parse.message import ParsedMessage


def read_filed(parsed: ParsedMessage, received: datetime, our_text: str) -> tuple[str, dict]:
    """The kind and facts of a filed message that is no bounce, own copy or unreadable mail."""
    if parsed.report:
        # A success or read report moves nothing, like an automatic response (and is no reply).
        return "auto_reply", dict(_number_facts(parsed), report=True)
    reply = reply_input.reply_from_parsed(parsed, received, our_text)
    if parsed.is_auto_reply:
        return _automatic_response(reply, parsed)
    return _classified(reply, reply_input.response_letters(parsed))


# What an automatic response (RFC 3834) may say for the agency: that the request arrived, or
# that it must go through the portal to count as received. Nothing else: no answer to the
# request comes from a responder.
_AUTOMATIC_KINDS = frozenset({"acknowledgement", "clarification"})


def _automatic_response(reply: classify.ReplyText, parsed: ParsedMessage) -> tuple[str, dict]:
    """An automatic response never counts as a response (docs/ARCHITECTURE: it moves no
    status). What a records mailbox's responder says is kept beside it: a receipt
    (``automatic_kind: acknowledgement``, with its number for the request) or the rule that
    requests must go through its portal (``clarification``, which intake flags for review). A
    person's away notice, or a responder's "we got your e-mail", is a plain auto-reply."""
    facts = _number_facts(parsed)
    if records_mailbox_response(classify.own_words(reply.body, reply.our_text)):
        # The subject is ours with "Automatic reply:" before it: it says nothing of its own.
        # Read without the gate on thin evidence: this kind is only kept beside the auto-reply
        # and moves nothing, and a responder's receipt is one phrase long.
        said = classify.read(dataclasses.replace(reply, subject=""))
        if (kind := said.kind.value) in _AUTOMATIC_KINDS:
            facts = dict(facts, automatic_kind=kind, phrases=list(said.phrases))
            if "tracking_number" in said.facts:
                facts["tracking_number"] = said.facts["tracking_number"]
    return "auto_reply", facts


def _number_facts(parsed: ParsedMessage) -> dict:
    found = classify.find_tracking_number(f"{parsed.subject}\n{parsed.body_text}")
    return {"tracking_number": found[0], "tracking_phrase": found[1]} if found else {}


def _classified(
    reply: classify.ReplyText, letters: list[classify.AttachedText] | None = None
) -> tuple[str, dict]:
    result = (
        classify.classify_with_attachments(reply, letters) if letters else classify.classify(reply)
    )
    facts = dict(result.facts, phrases=list(result.phrases))
    if result.facts.get("out_of_office"):
        return "auto_reply", facts
    return result.kind.value, facts


def classify_filed(db: Database, message_row: int) -> None:
    """Classify a held message now that it is filed, from its stored rows (no re-parse)."""
    message = store_db.get_message(db, message_row)
    if message["kind"] != UNCLASSIFIED:
        return
    names = [a["filename"] for a in store_db.attachments_of(db, message_row)]
    filed_on = [f["request_id"] for f in store_db.filings_of(db, message_row)]
    reply = classify.ReplyText(
        subject=message["subject"],
        body=message["body_text"],
        attachment_names=tuple(names),
        automated=bool(message["automated"]),
        received_at=datetime.fromisoformat(message["received_at"]),
        our_text=reply_input.our_letters(db, filed_on),
        sender=message["from_addr"] or "",
    )
    kind, facts = _classified(reply)
    facts = dict(json.loads(message["facts"] or "{}"), **facts)
    store_db.update_message(db, message_row, {"kind": kind, "facts": json.dumps(facts)})
