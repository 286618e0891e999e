"""Provider limits: per_minute, per_hour, per_day and the send window, counted from sent rows.

Gmail allows about 500 letters a day, Workspace about 2,000, Exchange Online 30 a minute and
10,000 recipients a day: a run stops at a limit and the next run resumes. ``sending_estimate``
is what ``campaign create`` says about how many days a campaign takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from foia_tracker.config import SmtpSettings
from foia_tracker.db import outbox as outbox_db


@dataclass(frozen=True)
class Limits:
    per_minute: int = 0
    per_hour: int = 0
    per_day: int = 0
    send_window: str = ""

    @classmethod
    def of(cls, smtp: SmtpSettings) -> Limits:
        return cls(smtp.per_minute, smtp.per_hour, smtp.per_day, smtp.send_window)


def stamp(moment: datetime) -> str:
    """UTC ISO text: ``outbox.sent_at`` rows compare as strings when limits count them."""
    return moment.astimezone(UTC).isoformat()


def sent_since(db: Database, since: datetime) -> int:
    return outbox_db.sent_since(db, stamp(since))


def in_window(window: str, now: datetime) -> bool:
    """``send_window = "08:00-17:00"`` in local time; "22:00-06:00" wraps past midnight."""
    if not window:
        return True
    start, end = window.split("-")
    local = now.astimezone().strftime("%H:%M")
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def limit_reached(db: Database, limits: Limits, now: datetime, unrecorded: int = 0) -> str:
    """Which limit stops the run now ("" when none); counted from ``outbox.sent_at`` rows plus
    ``unrecorded`` letters sent a moment ago whose rows are not written yet."""
    if not in_window(limits.send_window, now):
        return f"outside the send window {limits.send_window}"
    for cap, span, name in (
        (limits.per_day, timedelta(days=1), "per_day"),
        (limits.per_hour, timedelta(hours=1), "per_hour"),
    ):
        if cap and sent_since(db, now - span) + unrecorded >= cap:
            return f"the {name} limit of {cap}"
    return ""


def minute_wait(db: Database, limits: Limits, now: datetime) -> float:
    """Seconds until the per_minute limit lets one more letter go (0 when it does now)."""
    if not limits.per_minute:
        return 0.0
    window = now - timedelta(minutes=1)
    if sent_since(db, window) < limits.per_minute:
        return 0.0
    oldest = outbox_db.nth_latest_sent_at(db, stamp(window), limits.per_minute - 1)
    if oldest is None:
        return 0.0
    free_at = datetime.fromisoformat(oldest) + timedelta(minutes=1)
    return max(0.0, (free_at - now).total_seconds())


def capacity(db: Database, limits: Limits, now: datetime) -> int | None:
    """How many letters the hour and day limits still allow now (None: no cap)."""
    caps = [
        cap - sent_since(db, now - span)
        for cap, span in (
            (limits.per_day, timedelta(days=1)),
            (limits.per_hour, timedelta(hours=1)),
        )
        if cap
    ]
    return max(0, min(caps)) if caps else None


# --- how long a campaign takes ---------------------------------------------------------------


@dataclass(frozen=True)
class SendingEstimate:
    letters: int
    per_day: int | None  # letters a day the limits allow; None when no limit is configured
    days: int | None
    text: str


def window_hours(window: str) -> float:
    if not window:
        return 24.0
    start, end = window.split("-")
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (start, end)]
    span = (minutes[1] - minutes[0]) % (24 * 60)  # "22:00-06:00" runs past midnight
    return span / 60 if span else 24.0


def sending_estimate(letters: int, smtp: SmtpSettings) -> SendingEstimate:
    """How many sending days the provider limits imply: "1,204 letters at 450/day: about 3"."""
    hours = window_hours(smtp.send_window)
    caps = []
    if smtp.per_day:
        caps.append((smtp.per_day, "smtp.per_day"))
    if smtp.per_hour:
        caps.append((int(smtp.per_hour * hours), f"smtp.per_hour over {hours:g} hours"))
    if smtp.per_minute:
        caps.append((int(smtp.per_minute * 60 * hours), f"smtp.per_minute over {hours:g} hours"))
    noun = "letter" if letters == 1 else "letters"
    if not letters:
        return SendingEstimate(0, None, 0, "No letters to send by email.")
    if not caps:
        text = (
            f"{letters:,} {noun}; no sending limits are configured (smtp.per_day, per_hour), "
            "so one run tries them all: check your provider's daily limit."
        )
        return SendingEstimate(letters, None, None, text)
    per_day, basis = min(caps)
    per_day = max(per_day, 1)
    days = math.ceil(letters / per_day)
    plural = "day" if days == 1 else "days"
    text = f"{letters:,} {noun} at {per_day:,}/day ({basis}): about {days} sending {plural}."
    return SendingEstimate(letters, per_day, days, text)
