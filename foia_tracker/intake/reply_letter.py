"""Which attached file is the agency's response letter, not records: a short file named or
worded like one. `classify.read_with_attachments` reads the first page(s) of such a letter when
the body only points to it; intake (`reply_input`) picks the attachments worth extracting."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_types import AttachedText

LETTER_NAME = re.compile(
    r"letter|\bltr\b|response(?!s)|determination|denial|decision|acknowledg|status|update|notice|"
    r"correspondence|clarification|request for information|certification|estimate|"
    r"(?:foia|fee|prr|ora|records?[_ -]request)[_ -]?invoice|itemi[sz]ed[_ -]?statement|"
    r"statement[_ -]of[_ -](?:estimated[_ -])?(?:charges|costs)",  # Tex. Gov't Code § 552.2615
    re.I,
)
# (HAR § 2-71-14: Hawaii's "Notice to Requester" form answers a request in a table, no "Dear")
LETTER_OPENING = re.compile(r"\b(?:dear|to whom it may concern|re:|notice to requester)\b", re.I)
ABOUT_REQUEST = re.compile(
    r"\b(?:your|the|this|public|open)\s(?:[\w-]+\s){0,4}?request\b|\brequest\s?(?:no\.|number|#|:\s*(?:[a-z]+\s)?[\w-]*\d)|\brecords\srequested\b",
    re.I,
)
LETTER_MAX_CHARS = 8_000  # the first page or two
LETTER_MAX_PAGES = 5


def looks_like_letter(attachment: AttachedText) -> bool:
    """A short file named or worded like the agency's response letter (not records)."""
    if attachment.pages is not None and attachment.pages > LETTER_MAX_PAGES:
        return False
    if not attachment.text.strip():
        return False
    opening = attachment.text[:1500]
    worded = bool(LETTER_OPENING.search(opening) and ABOUT_REQUEST.search(opening))
    return bool(LETTER_NAME.search(attachment.filename)) or worded


_BLANK = re.compile(r"_{6,}")


def blank_form(text: str, other_kinds) -> bool:
    """A checkbox response form whose text prints several outcomes (three kinds or more) and its
    blanks ("Date: ______"): which box was ticked does not survive extraction."""
    return len(other_kinds) >= 2 and len(_BLANK.findall(text)) >= 3
