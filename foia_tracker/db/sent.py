"""What reading the Sent folder needs: the requests with their agencies' addresses, every
Message-ID of each request's thread, and how a requester's own message is stored."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from foia_tracker.db.connection import rows

if TYPE_CHECKING:  # annotations only: an idle poll never imports sqlite-utils (intake/idle.py)
    from sqlite_utils import Database


def requests_with_addresses(db: Database) -> list[dict]:
    """Every sent request with its agency's address and the other addresses known for it."""
    found = rows(
        db,
        "SELECT r.id, r.ref, r.token, lower(coalesce(a.email, '')) AS email, "
        "(SELECT group_concat(lower(aa.address), ' ') FROM agency_addresses aa "
        " WHERE aa.agency_id = a.id) AS others "
        "FROM requests r JOIN agencies a ON a.id = r.agency_id WHERE r.sent_at IS NOT NULL",
    )
    for request in found:
        known = [request.pop("email")] + (request.pop("others") or "").split()
        request["addresses"] = [address for address in known if address]
    return found


def thread_message_ids(db: Database) -> list[dict]:
    """Message-IDs in each request's thread: our letters (and the provider's rewrite of their
    IDs) and the messages filed on the request."""
    return rows(
        db,
        "SELECT request_id, message_id FROM outbox WHERE message_id IS NOT NULL "
        "UNION SELECT request_id, provider_message_id FROM outbox "
        "WHERE provider_message_id IS NOT NULL "
        "UNION SELECT mr.request_id, m.message_id FROM message_requests mr "
        "JOIN messages m ON m.id = mr.message_row WHERE m.message_id IS NOT NULL",
    )


def first_letter_date(db: Database) -> date | None:
    """The day the first request went out: nothing in Sent before it can be about one."""
    found = db.execute("SELECT min(sent_at) FROM requests WHERE sent_at IS NOT NULL").fetchone()
    return datetime.fromisoformat(found[0]).date() if found and found[0] else None


def requester_copy_fields(parsed) -> dict:
    """The columns of a stored requester message (as intake writes them for received mail)."""
    return {
        "message_id": parsed.message_id,
        "from_addr": parsed.from_addr or "",
        "to_addrs": json.dumps(list(parsed.to_addrs + parsed.cc_addrs)),
        "subject": parsed.subject,
        "date": parsed.date.isoformat() if parsed.date else None,
        "kind": "requester_copy",
        "automated": 0,
        "own_copy": 0,
        "body_text": parsed.body_text,
        "facts": json.dumps({"via": "mail client"}),
        "parse_error": parsed.parse_error,
    }
