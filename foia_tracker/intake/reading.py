"""`foia read ID`: one message as a person reads it: headers, its own words with the quoted
history folded, attachments, and the requests it is filed on.

The headers come from the stored raw mail (display names included); the quoted text is cut
where the classifier cuts it (``classify.strip_quoted``), so what `foia read` shows as the
message's own words is exactly what was classified.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.intake.filing import get_message_or_fail
from foia_tracker.intake.reply_text import strip_quoted
from foia_tracker.parse.message import ParsedMessage, parse_message
from foia_tracker.store import Store


@dataclass(frozen=True)
class Segment:
    quoted: bool
    text: str


def read_message(db: Database, store: Store, message_row: int) -> dict:
    """The message as the `foia read --format json` object."""
    message = get_message_or_fail(db, message_row)
    parsed = _parsed(store, message)
    body = parsed.body_text if parsed is not None else message["body_text"]
    segments = fold_quoted(body)
    return {
        "id": message["id"],
        "message_id": message["message_id"],
        "from": _sender(parsed, message),
        "to": list(parsed.to_addrs) if parsed else [],
        "cc": list(parsed.cc_addrs) if parsed else [],
        "date": message["date"] or message["received_at"],
        "received_at": message["received_at"],
        "subject": message["subject"],
        "kind": message["kind"],
        "automated": bool(message["automated"]),
        "requests": [
            {"ref": f["ref"], "method": f["method"], "actor": f["actor"]}
            for f in store_db.filings_of(db, message_row)
        ],
        "dismissed": message["dismissed_at"] is not None,
        "attachments": store_db.attachments_of(db, message_row),
        "text": "\n".join(s.text for s in segments if not s.quoted),
        "quoted": [s.text for s in segments if s.quoted],
        "parse_error": message["parse_error"],
    }


def _parsed(store: Store, message: dict) -> ParsedMessage | None:
    try:
        return parse_message(store.read_raw(message["raw_sha256"]))
    except OSError:
        return None  # the raw file is gone (a damaged store): show what the rows hold


def _sender(parsed: ParsedMessage | None, message: dict) -> str:
    if parsed is None or not parsed.from_addr:
        return message["from_addr"]
    return (
        formataddr((parsed.from_name, parsed.from_addr)) if parsed.from_name else parsed.from_addr
    )


def fold_quoted(body: str) -> list[Segment]:
    """The body as runs of the message's own lines and of quoted lines, in order.

    A line is the message's own when it is the next line of ``strip_quoted``'s result; blank
    lines stay with the run they sit in; everything else (``>`` lines, attribution lines, the
    history after "-----Original Message-----" or an Outlook header block) is quoted.
    """
    own = strip_quoted(body).split("\n")
    own = [] if own == [""] else own
    lines = body.replace("\r\n", "\n").split("\n")
    marked: list[tuple[bool, str]] = []
    j = 0
    for line in lines:
        if j < len(own) and line.strip() == own[j].strip():
            marked.append((False, line))
            j += 1
        elif not line.strip() and j < len(own):
            marked.append((marked[-1][0] if marked else False, line))
        else:
            marked.append((True, line))
    return _runs(marked)


def _runs(marked: list[tuple[bool, str]]) -> list[Segment]:
    runs: list[Segment] = []
    current: list[str] = []
    state = None
    for quoted, line in [*marked, (None, "")]:
        if quoted != state and current:
            text = "\n".join(current).strip("\n")
            if text.strip():
                runs.append(Segment(bool(state), text))
            current = []
        state = quoted
        current.append(line)
    return runs
