"""Received mail as the contract's rows: `foia messages` and the holding pen (`foia inbox`)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.intake.filing import request_by_ref
from foia_tracker.intake.suggest import explain


def list_messages(db: Database, *, unmatched: bool = False, ref: str | None = None) -> list[dict]:
    """Received mail as the contract's ``foia messages`` rows (our own copies left out)."""
    request_id = request_by_ref(db, ref)["id"] if ref else None
    filters = store_db.MessageFilter(unmatched=unmatched, request_id=request_id)
    return [message_json(db, m) for m in store_db.list_messages(db, filters)]


def message_json(db: Database, message: dict) -> dict:
    filed = store_db.filings_of(db, message["id"])
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
        "attachments": store_db.attachments_of(db, message["id"]),
    }


def holding_pen(db: Database) -> list[dict]:
    """``foia inbox``: mail filed nowhere, each with its ranked suggestions."""
    held = list_messages(db, unmatched=True)
    for message in held:
        message["parse_error"] = store_db.get_message(db, message["id"])["parse_error"]
        message["suggestions"] = [
            _suggestion(s["ref"], s["method"], s["score"], json.loads(s["evidence"]))
            for s in store_db.candidates_of(db, message["id"])
        ]
    return held


def _suggestion(ref: str, method: str, score: float, evidence: dict) -> dict:
    return {"ref": ref, "method": method, "score": score, "evidence": evidence,
            "why": explain(method, evidence)}  # fmt: skip
