"""What a requester's own message says, when nobody told us (a reply typed in a mail client and
found in Sent): accept-fee, decline-fee, narrow, clarify or status. Pure and conservative: only
the requester's own words count (quoted text and signature cut), and a message that shows no
kind, or more than one, is "other", which asks a person to look (precision before recall)."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_text import strip_footer, strip_quoted

_FEE = r"(?:fees?|charges?|costs?|estimate|amount|invoice|deposit)"
# Checked first, and cut out before the others: "I do not accept the fee" holds "accept the fee".
_DECLINE = re.compile(
    r"\b(?:do\s*not|don't|will\s*not|won't|cannot|can\s*not|can't|am not (?:able|willing) to)\s+"
    rf"(?:accept|agree to|pay|approve)\b[^.!?\n]{{0,40}}\b{_FEE}|"
    rf"\b(?:decline|refuse|dispute|object to)\s+(?:the|this|your)\s+(?:\w+\s+)?{_FEE}|"
    rf"\b(?:fee|cost) waiver\b|\bwaive\s+(?:the|any|all)\s+{_FEE}",
    re.I,
)
_KINDS = {
    "accept-fee": re.compile(
        rf"\b(?:i|we)\s+(?:accept|agree to|approve|will pay|am willing to pay|agree to pay)\b"
        rf"[^.!?\n]{{0,40}}\b{_FEE}|\b(?:payment|check|cheque)\s+(?:is\s+)?enclosed\b|"
        r"\bplease proceed\b",
        re.I,
    ),
    "narrow": re.compile(
        r"\b(?:narrow|limit|reduce|restrict)\s+(?:my|the|this)\s+request\b|"
        r"\blimit (?:it|the search) to\b",
        re.I,
    ),
    "clarify": re.compile(
        r"\bto clarify\b|\bby\s+[\"“']?[\w\s-]{1,40}[\"”']?\s*,?\s+i mean\b|"
        r"\bwhat i am (?:asking|looking) for\b|\bin answer to your question\b",
        re.I,
    ),
    "status": re.compile(
        r"\b(?:status|update) (?:of|on) (?:my|the|this) request\b|\bany update\b|"
        r"\bwhen (?:can|may|should|might) i expect\b",
        re.I,
    ),
}


def guess_kind(text: str | None) -> str:
    """The one kind the requester's own words show, else "other"."""
    own = strip_footer(strip_quoted(text or ""))
    found = set()
    if _DECLINE.search(own):
        found.add("decline-fee")
        own = _DECLINE.sub(" ", own)
    found |= {kind for kind, pattern in _KINDS.items() if pattern.search(own)}
    return found.pop() if len(found) == 1 else "other"
