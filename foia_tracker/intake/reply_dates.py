"""Dates an agency promises in its own words ("by December 18", "no later than 12/15/26",
"Friday the 19th"), read against the day the reply came (for dates without a year)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
)
# A date the agency promises: "by December 18", "no later than 12/15/26", "changed to: …".
_DUE_DATE = re.compile(
    r"(?:\b(?:by|before|until|to|is|on|no later than|around|about|week of)\b"
    r"|\b(?:date|deadline)\s*(?::|of\b|is\b))"
    r"[^.\n$]{0,30}?\b(" + DATE + r")\b",
    re.I,
)
# "your request dated November 2", "your letter of November 2"; not "after receipt of your
# request, which is November 18" (the date the law's period ends)
_PAST_CUE = re.compile(
    r"\b(?:received|dated|submitted|sent|filed)\b[^.\n]{0,30}$|\bof\b[^.\n]{0,12}$", re.I
)


def parse_date(text: str, received: date) -> date | None:
    try:
        parsed = date_parser.parse(text, default=datetime(received.year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    if not re.search(r"\d{4}|/\d{2}$", text) and parsed < received - timedelta(days=90):
        # "by January 15" written in November means next January; "November 17" written on
        # November 20 is three days ago, not next year.
        parsed = parsed.replace(year=parsed.year + 1)
    elif not re.search(r"\d{4}|/\d{2}$", text) and parsed > received + timedelta(days=270):
        # "ran on December 9" written on January 8 is last month, not eleven months ahead.
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed


# "Realistically end of next week, Friday the 19th": a weekday and a day of the month, no month.
_WEEKDAY_THE = re.compile(
    r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I
)
_SENT_CUE = re.compile(r"\b(?:received|dated|submitted|sent|filed|since)\b[^.\n]{0,30}$", re.I)
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")


def weekday_the(m: re.Match[str], received: date) -> date | None:
    """The first day after ``received`` with that day of the month, in the next two months, if it
    falls on the weekday named; else None (a slip of the pen is no date)."""
    weekday, day = _WEEKDAYS.index(m.group(1).lower()), int(m.group(2))
    year, month = received.year, received.month
    for _ in range(3):
        try:
            when = date(year, month, day)
        except ValueError:
            when = None
        if when is not None and when > received:
            return when if when.weekday() == weekday else None
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def find_new_due_date(text: str, received: date) -> tuple[date, str] | None:
    """The latest promised date after the day the reply came, and the words that gave it."""
    best: tuple[date, str] | None = None
    for m, when in _promised(text, received):
        if when and when > received and (best is None or when > best[0]):
            best = (when, m.group(0).strip())
    return best


def _promised(text: str, received: date):
    """Each date the text names, with its words, unless the words before it say it is past."""
    for pattern, past, read in (
        (_DUE_DATE, _PAST_CUE, lambda m: parse_date(m.group(1), received)),
        (_WEEKDAY_THE, _SENT_CUE, lambda m: weekday_the(m, received)),
    ):
        for m in pattern.finditer(text):
            if not past.search(text[max(0, m.start() - 40) : m.start() + 3]):
                yield m, read(m)
