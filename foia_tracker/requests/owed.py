"""Who owes the next move on a request, read from the agency's latest reply (pure).

The issue this answers (issue 10): follow-ups told districts that had sent a PDF, a download
link, or a portal release that "I have not yet received the records or a decision". Precision
first: a follow-up goes only where the agency plainly still owes something; where its latest
message cannot be read, a person looks first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

# The agency's latest message handed over records (attachments, a link, a portal release).
DELIVERED = frozenset({"records_provided", "records_link", "portal_release"})
# ... or gave its final answer.
FINAL = frozenset({"denial", "no_records"})
_FINAL_WORDS = re.compile(
    r"\b(this (?:completes|fulfills|concludes|closes)|(?:request|response|production) is (?:now )?"
    r"(?:complete|closed|fulfilled)|final (?:production|installment|response)|records (?:have "
    r"been|were) released)\b",
    re.I,
)
# Addresses that cannot take an answer (RFC 3834 section 5 mail, portal notifications).
_NO_REPLY = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster)", re.I)


@dataclass(frozen=True)
class Situation:
    """What the agency owes now, and in what words a follow-up should say it."""

    kind: str  # "silence" | "promised_date_passed" | "partial_pending" | "answered" | "unclear"
    reason: str = ""
    last_reply_on: date | None = None
    promised: date | None = None
    writer: str | None = None  # the address that last wrote for the agency, if one can answer

    @property
    def owed(self) -> bool:
        return self.kind in ("silence", "promised_date_passed", "partial_pending")


def situation_of(
    status: str, last: dict | None, today: date, *, in_review: bool = True
) -> Situation:
    """``last`` is the agency's latest reply (``db.requests.last_agency_reply``), or None;
    ``in_review``: the request is still flagged for a person (``needs_review``)."""
    if last is None:
        return Situation("silence")
    on = date.fromisoformat(last["at"][:10])
    facts = json.loads(last.get("facts") or "{}")
    writer = last["from_addr"] if _can_answer(last.get("from_addr")) else None
    kind = last["kind"]
    if kind in DELIVERED or facts.get("documents") or facts.get("links"):
        what = "a download link" if kind != "records_provided" else "records"
        return Situation("answered", f"the agency's latest message ({on}) delivered {what}", on)
    if kind in FINAL or _FINAL_WORDS.search(last.get("body_text") or ""):
        return Situation("answered", f"the agency gave its final answer on {on}", on)
    if kind == "other" and in_review:
        return Situation("unclear", f"read the agency's message of {on} first (foia show)", on)
    # A reply the classifier could not name, once she has read it and marked the request (the
    # mark clears the review): her status decides, and a silence after it is owed as any other.
    promised = date.fromisoformat(facts["new_due_date"]) if facts.get("new_due_date") else None
    passed = promised if promised and promised < today else None
    if status == "partially_fulfilled":
        return Situation("partial_pending", "", on, passed, writer)
    if passed:
        return Situation("promised_date_passed", "", on, passed, writer)
    return Situation("silence", "", on, None, writer)


def _can_answer(address: str | None) -> bool:
    return bool(address) and "@" in address and not _NO_REPLY.match(address)
