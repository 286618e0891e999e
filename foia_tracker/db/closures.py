"""Days an agency declared closed (``agency_closures``): a winter break its board designated, an
observed holiday. They count against a clock only where the law says so (``ClosureRule``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlite_utils import Database


def add_closures(
    db: Database, agency_id: int, first: date, last: date, reason: str, now: datetime
) -> list[date]:
    """Record every weekday from ``first`` to ``last`` (inclusive); return the days added."""
    if last < first:
        raise ValueError("the last day is before the first")
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5]  # weekends are never business days anyway
    with db.conn:
        db["agency_closures"].upsert_all(
            [
                {
                    "agency_id": agency_id,
                    "day": d.isoformat(),
                    "reason": reason,
                    "source": "user",
                    "created_at": now.isoformat(),
                }
                for d in days
            ],
            pk=("agency_id", "day"),
        )
    return days


def remove_closures(db: Database, agency_id: int, first: date, last: date) -> int:
    with db.conn:
        cursor = db.execute(
            "DELETE FROM agency_closures WHERE agency_id = ? AND day BETWEEN ? AND ?",
            (agency_id, first.isoformat(), last.isoformat()),
        )
    return cursor.rowcount


def closures(db: Database, agency_id: int) -> list[dict]:
    """The agency's declared days, oldest first: ``day`` (date), ``reason``, ``source``."""
    rows = db.execute(
        "SELECT day, reason, source FROM agency_closures WHERE agency_id = ? ORDER BY day",
        (agency_id,),
    ).fetchall()
    return [{"day": date.fromisoformat(d), "reason": r, "source": s} for d, r, s in rows]


def closure_days(db: Database, agency_id: int) -> list[date]:
    """Just the days, for ``law.jurisdictions.with_closures``."""
    return [row["day"] for row in closures(db, agency_id)]
