""" "Now" and "today", in one place so tests and reports can move them.

``FOIA_TODAY=YYYY-MM-DD`` (or ``--as-of``) changes what reports treat as today. It never changes
when mail is really sent: sending always uses the real clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from foia_tracker.errors import UsageError


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} must be YYYY-MM-DD, not {text!r}.") from None


def report_today(as_of: str | None = None) -> date:
    """The day reports treat as today: ``--as-of``, else ``$FOIA_TODAY``, else the real date."""
    if as_of:
        return parse_date(as_of, "--as-of")
    if os.environ.get("FOIA_TODAY"):
        return parse_date(os.environ["FOIA_TODAY"], "FOIA_TODAY")
    return utcnow().astimezone().date()


def today_is_shifted(as_of: str | None = None) -> bool:
    return report_today(as_of) != utcnow().astimezone().date()
