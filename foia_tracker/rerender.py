"""``foia campaign rerender``: render the letters not yet sent again, after a template or an
agency was fixed, and say what changed (a unified diff per letter).

Only a request still ``queued`` whose first letter the outbox has not started is touched: a
letter that went, is going, or may have gone (``uncertain``) is never rewritten, since what was
sent is the record. Ref, reply token and Message-ID stay the same. An agency that gained an
email address gets its letter queued; one that lost it keeps the request, listed as needing
another channel.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import make_msgid

from sqlite_utils import Database

from foia_tracker.campaigns import LetterSet, render_request
from foia_tracker.config import Config
from foia_tracker.db import campaigns as campaign_db
from foia_tracker.db import requests as request_rows
from foia_tracker.db import transaction
from foia_tracker.eligibility import channel_of
from foia_tracker.errors import NotFound
from foia_tracker.letters.render import load_set
from foia_tracker.outbox_queue import OutgoingLetter, enqueue
from foia_tracker.preview import campaign_id

_UNSTARTED = ("pending", None)


@dataclass
class Rerendered:
    ref: str
    outcome: str  # "changed" | "unchanged" | "kept: <why>"
    channel: str = "email"
    diff: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "ref": self.ref,
            "outcome": self.outcome,
            "channel": self.channel,
            "diff": self.diff,
        }


def rerender(
    db: Database, config: Config, name: str, refs: tuple[str, ...], now: datetime
) -> list[Rerendered]:
    """Re-render the campaign's unsent letters (or only ``refs``); return one result each."""
    campaign_id(db, name)  # the one "no such campaign" message
    campaign = campaign_db.campaign_by_name(db, name)
    template_set = load_set(campaign["template"], config.template_paths)
    letters = LetterSet(template_set, json.loads(campaign["vars"] or "{}"), campaign["subject"])
    found = campaign_db.preview_rows(db, campaign["id"], None, None)
    wanted = {r.strip().upper() for r in refs}
    if wanted - {r["ref"] for r in found}:
        missing = ", ".join(sorted(wanted - {r["ref"] for r in found}))
        raise NotFound(f"Not in campaign {name!r}: {missing}.")
    chosen = [r for r in found if not wanted or r["ref"] in wanted]
    results = []
    with transaction(db):  # all rendered and written, or none (a template error stops it)
        for current in chosen:
            results.append(_one(db, config, letters, current, now))
    return results


def _kept_because(current: dict) -> str:
    if current["status"] != "queued":
        return f"kept: already {current['status']}"
    state = current["outbox_state"]
    if state == "failed" and current["failure"] == "build":
        return ""
    if state not in _UNSTARTED:
        return f"kept: its letter is {state}"
    return ""


def _one(db: Database, config: Config, letters: LetterSet, current: dict, now: datetime):
    why = _kept_because(current)
    if why:
        return Rerendered(current["ref"], why)
    agency = request_rows.get_agency(db, current["agency_id"])
    agency["extra"] = json.loads(agency["extra"] or "{}")
    subject, body = render_request(config, letters, agency, (current["ref"], current["token"]))
    channel = channel_of(agency)
    if channel != "email" and current["outbox_id"] is not None:
        return Rerendered(current["ref"], f"kept: the agency can no longer be emailed ({channel})")
    new = {"subject": subject, "body": body, "to_addr": agency["email"]}
    old = {
        "subject": current["subject"] or current["request_subject"],
        "body": current["body"] if current["outbox_id"] else current["letter"],
        "to_addr": current["to_addr"] or current["request_to"],
    }
    diff = _diff(old, new)
    outbox_id = current["outbox_id"]
    if channel == "email" and outbox_id is None:
        letter = OutgoingLetter(
            current["request_id"],
            "request",
            agency["email"],
            subject,
            body,
            message_id=make_msgid(idstring=current["ref"], domain=config.requester.domain),
        )
        outbox_id = enqueue(db, letter, now=now)
    if diff:
        campaign_db.update_unsent_letter(db, current["request_id"], outbox_id, new)
    outcome = "changed" if diff else "unchanged"
    return Rerendered(current["ref"], outcome, channel, diff)


def _diff(old: dict, new: dict) -> list[str]:
    def lines(letter: dict) -> list[str]:
        head = [f"To: {letter['to_addr']}", f"Subject: {letter['subject']}", ""]
        return head + letter["body"].splitlines()

    return list(difflib.unified_diff(lines(old), lines(new), "before", "after", lineterm="", n=1))
