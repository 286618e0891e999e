"""``foia campaign list`` and ``foia campaign preview``: what waits, and exactly what will go.

The headers come from ``mail.headers.outgoing_headers``, the builder the sender uses, and the
body is the outbox row's with today standing in for the send date: what is previewed is what
is sent (Date aside, written when the letter really goes).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import campaigns as campaign_db
from foia_tracker.db.campaigns import campaign_id
from foia_tracker.eligibility import channel_of
from foia_tracker.errors import NotFound
from foia_tracker.letters.dates import fill_send_date, long_date
from foia_tracker.mail.headers import outgoing_headers


def list_campaigns(db: Database) -> list[dict]:
    """One row per campaign: its requests, how many wait in the outbox, and counts per status."""
    campaigns = campaign_db.campaign_rows(db)
    counts = campaign_db.status_counts(db)
    for campaign in campaigns:
        campaign["statuses"] = {
            c["status"]: c["n"] for c in counts if c["campaign_id"] == campaign["id"]
        }
        del campaign["id"]
    return campaigns


@dataclass(frozen=True)
class LetterPreview:
    ref: str
    agency: str
    state: str
    channel: str
    headers: dict[str, str]  # empty when the letter cannot be emailed
    body: str
    send_date_note: str

    def as_json(self) -> dict:
        return asdict(self)


def preview(
    db: Database,
    config: Config,
    name: str,
    *,
    ref: str | None = None,
    limit: int | None = None,
    today: date,
) -> list[LetterPreview]:
    """The letters as they will go out, with `today` standing in for the send date."""
    found = campaign_db.preview_rows(db, campaign_id(db, name), ref.upper() if ref else None, limit)
    if ref and not found:
        raise NotFound(f"No request {ref!r} in campaign {name!r}.")
    note = f"The date {long_date(today)} stands for the day each letter is sent."
    return [_preview_one(config, r, today, note) for r in found]


def _preview_one(config: Config, found: dict, today: date, note: str) -> LetterPreview:
    emailed = found["message_id"] is not None
    body = found["body"] if emailed else found["letter"]
    return LetterPreview(
        ref=found["ref"],
        agency=found["agency"],
        state=found["state"],
        channel="email" if emailed else channel_of(found),
        headers=outgoing_headers(config, found) if emailed else {},
        body=fill_send_date(body, today),
        send_date_note=note,
    )
