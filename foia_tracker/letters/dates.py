"""The send date in a letter: a mark at queueing, the date in words when it goes out.

Apart from the renderer so that sending (outbox, mail.outcomes) does not load Jinja2 to
replace one mark."""

from __future__ import annotations

from datetime import date

SEND_DATE_MARK = "[[send_date]]"


def fill_send_date(text: str, when: date) -> str:
    """The letter as sent: the marker replaced by the date in words ("December 1, 2026")."""
    return text.replace(SEND_DATE_MARK, long_date(when))


def long_date(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"
