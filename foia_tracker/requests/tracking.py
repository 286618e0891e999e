"""The first wave's ``tracking`` module, now split (ARCHITECTURE.md "Layout", issue 9):

- ``replies``: what a filed agency message does to its request;
- ``due``: the clocks, from the timeline;
- ``status``: where each request stands (``foia status``, ``foia show``);
- ``marks``: ``foia mark``; ``correspondence``: the requester's own messages, notes, files.

The names other packages import stay importable here (re-exports, removed by the lead after the
merge). ``apply_message`` and ``recompute_due`` keep their ``default_days``/``default_unit``
keywords here; inside requests/ a ``config.Deadlines`` is passed instead.
"""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.config import Deadlines
from foia_tracker.db.requests import NOT_RESPONSES, REPLY_SQL  # noqa: F401  re-export
from foia_tracker.law import deadlines
from foia_tracker.requests import due, replies
from foia_tracker.requests.due import (  # noqa: F401  re-export
    appeal_deadline,
    compute_request_due,
    current_clock,
    timeline_inputs,
    window_end,
)
from foia_tracker.requests.marks import mark_request, resume_on_mark  # noqa: F401  re-export
from foia_tracker.requests.replies import PAUSE_KINDS, WEAK_METHODS, Filed  # noqa: F401
from foia_tracker.requests.status import (  # noqa: F401  re-export
    AWAITING_AGENCY,
    STATUS_FIELDS,
    StatusFilter,
    days_overdue,
    find_request,
    next_action,
    show_request,
    status_rows,
)


def apply_message(
    db: Database, message_row: int, *, default_days: int = 10, default_unit: str = "business"
) -> None:
    """Re-export of ``replies.apply_message`` with the first wave's keywords."""
    replies.apply_message(db, message_row, Deadlines(default_days, default_unit))


def recompute_due(
    db: Database, request_id: int, *, default_days: int = 10, default_unit: str = "business"
) -> deadlines.DueResult | None:
    """Re-export of ``due.recompute_due`` with the first wave's keywords."""
    return due.recompute_due(db, request_id, Deadlines(default_days, default_unit))
