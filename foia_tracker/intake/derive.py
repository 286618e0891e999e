"""Raw mail -> rows: parse, match, classify, file attachments, index. The one function both a
poll (``save_message``) and ``foia reparse`` run, so a reparse derives exactly what a poll did.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker import lazy
from foia_tracker.db import messages as store_db
from foia_tracker.db import transaction
from foia_tracker.errors import StoreError
from foia_tracker.intake import matching
from foia_tracker.intake.attachments import file_attachments
from foia_tracker.intake.context import Filer, IntakeSettings, SaveOutcome
from foia_tracker.outputs import search
from foia_tracker.parse.message import ParsedMessage, dmarc_failed, parse_message

log = logging.getLogger(__name__)

UNCLASSIFIED = "unclassified"
REQUESTER_COPY = "requester_copy"  # the user's own message, found in her mailbox
# What a filed message says (intake/filed.py): most of a big mailbox is never filed.
READ_FILED = "foia_tracker.intake.filed:read_filed"
OUR_LETTERS = "foia_tracker.intake.reply_input:our_letters"


@dataclass(frozen=True)
class Derived:
    """What deriving decided about one message, before it is written."""

    kind: str
    facts: dict
    own_copy: bool


def derive_guarded(filer: Filer, message_row: int, raw: bytes, now: datetime) -> SaveOutcome:
    """Derive, but never lose the message to a bug: on failure it is held with the error."""
    db = filer.db
    try:
        with transaction(db):  # a savepoint: a failure undoes only the derived rows
            return derive(filer, message_row, raw, now)
    except StoreError:
        # A full or unwritable disk is not this message's fault: undo the whole message (the
        # caller's transaction) so the next poll, after the user frees space, files it again.
        raise
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop a poll
        log.exception("filing message %s failed", message_row)
        error = f"intake failed: {type(exc).__name__}: {exc}"[:500]
        store_db.update_message(db, message_row, {"parse_error": error})
        return SaveOutcome(message_row, new=True, error=f"message {message_row}: {error}")


def derive(filer: Filer, message_row: int, raw: bytes, now: datetime) -> SaveOutcome:
    db = filer.db
    parsed = parse_message(raw)
    received = datetime.fromisoformat(store_db.get_message(db, message_row)["received_at"])
    result = matching.match_message(parsed, filer.ctx)
    if parsed.parse_error:
        # Unreadable mail is held for a person: a guess from half a message could misfile it.
        matches, candidates = [], list(result.matches) + list(result.candidates)
    else:
        matches, candidates = list(result.matches), list(result.candidates)
    filed = bool(matches) or store_db.is_filed(db, message_row)  # hand filings survive reparse
    file_attachments(filer, message_row, parsed, extract=filed and not result.own_copy)
    our_text = lazy.load(OUR_LETTERS)(db, [m.request_id for m in matches]) if filed else ""
    kind, facts = kind_and_facts(parsed, result, received, filed=filed, our_text=our_text)
    if kind == REQUESTER_COPY:
        facts = dict(facts, **forwarded_from(parsed, filer.ctx), **_kept_via(db, message_row))
    _write_message(db, message_row, parsed, Derived(kind, facts, result.own_copy), filer.settings)
    set_aside = not filed and (kind == REQUESTER_COPY or result.dismissed)
    if result.dismissed and not filed:
        _dismiss_on_arrival(db, message_row, now)
    search.index_message(db, store_db.get_message(db, message_row))
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
        set_aside=set_aside,
    )


def _dismiss_on_arrival(db: Database, message_row: int, now: datetime) -> None:
    # `foia dismiss --sender`: later mail from the address is kept but set aside; a decision the
    # user made on this very message (a reparse) is left as it is.
    if store_db.get_message(db, message_row)["dismissed_at"] is None:
        fields = {"dismissed_at": now.isoformat(), "dismissed_by": "sender"}
        store_db.update_message(db, message_row, fields)


def kind_and_facts(
    parsed: ParsedMessage,
    result: matching.MatchResult,
    received: datetime,
    *,
    filed: bool = True,
    our_text: str = "",
) -> tuple[str, dict]:
    """Bounces and auto-replies are recognised on every message (cheap, from headers and DSN
    parts); the reply classifier runs only on mail filed on a request. A big personal mailbox is
    mostly mail that is none of our business: it waits in the holding pen unclassified, and is
    classified when `foia match` files it (``classify_filed``). The user's own mail (a Bcc to
    herself, a copy or forward of what she wrote) is hers, never an agency's reply."""
    if result.own_copy:
        return "own_copy", {}
    if parsed.parse_error:
        return "unknown", {}
    if parsed.bounce is not None:
        return _bounce_kind(parsed.bounce)
    if result.from_user:
        return REQUESTER_COPY, {"from_user": parsed.from_addr}
    if not filed:
        return ("auto_reply" if parsed.is_auto_reply or parsed.report else UNCLASSIFIED), {}
    # The classifier and its phrase tables (a sixth of a second to compile) only for filed mail.
    return lazy.load(READ_FILED)(parsed, received, our_text)


# The "From:" line of a forwarded or quoted message (Gmail, Apple Mail, Outlook): whose it is.
_QUOTED_FROM = re.compile(r"^[ \t>]*\*?(?:From|De|Von)\s*:\*?[^\n@]{0,200}?([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)",
                          re.M | re.I)  # fmt: skip


_FORWARD = re.compile(r"^\s*(?:fwd?|tr|wg)\s*:|-{2,}\s*forwarded message|begin forwarded message",
                      re.I | re.M)  # fmt: skip


def forwarded_from(parsed: ParsedMessage, ctx: matching.MatchContext) -> dict:
    """When the user forwards someone else's mail (an agency's reply that reached her own
    address), whose it was: a person should read it, since her forward is not the agency
    writing. Her forward of her own message names nobody; a reply quoting the agency is no
    forward (its subject and body say so)."""
    body = parsed.body_text[:100_000]
    if not (_FORWARD.search(parsed.subject) or _FORWARD.search(body)):
        return {}
    for match in _QUOTED_FROM.finditer(body):
        address = match.group(1).lower()
        if not ctx.is_user(address):
            return {"forwarded_from": address}
    return {}


def _kept_via(db: Database, message_row: int) -> dict:
    # A copy found in Sent (intake/sent.py) says so; a reparse must not forget it.
    stored = json.loads(store_db.get_message(db, message_row)["facts"] or "{}")
    return {"via": stored["via"]} if "via" in stored else {}


def _bounce_kind(bounce) -> tuple[str, dict]:
    facts = {
        "bounce": {
            "original_message_id": bounce.original_message_id,
            "original_recipients": list(bounce.original_recipients),
            "status": bounce.status,
            "action": bounce.action,
            "diagnostic": bounce.diagnostic,
            "gave_up": bounce.gave_up,
            "sender_refused": bounce.sender_refused,
        }
    }
    return ("delay" if _is_delay(bounce) else "bounce"), facts


def _is_delay(bounce) -> bool:
    # RFC 3464 section 2.3.3: "delayed" is a warning; the server is still trying. One that gave
    # up (a full mailbox, retries run out) is a bounce: nothing will deliver the letter now.
    if bounce.gave_up:
        return False
    return (bounce.action or "").lower() == "delayed" or (bounce.status or "").startswith("4.")


def _write_message(
    db: Database,
    message_row: int,
    parsed: ParsedMessage,
    derived: Derived,
    settings: IntakeSettings,
) -> None:
    auth = _own_auth_results(parsed, settings.authserv_id)
    facts = derived.facts
    if auth and dmarc_failed(parsed, settings.authserv_id):
        facts = dict(facts, dmarc_failed=True)
    automated = parsed.automated or derived.kind in ("bounce", "delay", "auto_reply")
    fields = {
        "message_id": parsed.message_id,
        "from_addr": parsed.from_addr or "",
        "to_addrs": json.dumps(list(parsed.to_addrs + parsed.cc_addrs)),
        "subject": parsed.subject,
        "date": parsed.date.isoformat() if parsed.date else None,
        "kind": derived.kind,
        "automated": int(automated),
        "own_copy": int(derived.own_copy),
        "auth_results": auth,
        "body_text": parsed.body_text,
        "facts": json.dumps(facts, default=str, ensure_ascii=False),
        "parse_error": parsed.parse_error,
    }
    store_db.update_message(db, message_row, fields)


def _own_auth_results(parsed: ParsedMessage, authserv_id: str) -> str | None:
    # RFC 8601 section 5: only the header our own provider added can be trusted; the topmost.
    if not authserv_id:
        return None
    for server, text in parsed.auth_results:
        if server == authserv_id.lower():
            return text
    return None


def _insert_matches(db: Database, message_row: int, matches: list, candidates: list) -> None:
    for match in matches:
        store_db.insert_filing(db, _filing(message_row, match))
    for candidate in candidates:
        store_db.insert_candidate(db, _filing(message_row, candidate))


def _filing(message_row: int, match: matching.Match) -> store_db.FilingRow:
    return store_db.FilingRow(message_row, match.request_id, match.method, match.score,
                              match.evidence)  # fmt: skip
