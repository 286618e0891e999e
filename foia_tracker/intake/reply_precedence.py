"""Which of the kinds a reply shows is its primary kind (the others go to ``facts["also"]``).

First an extension is struck when the reply only restates the law's period or says the date
already given stands. Then ``PRECEDENCE`` (reply_types) decides, with two readings of what the
agency said as a whole:

- "DENIED" whose only ground is that the records do not exist or are not held is a no-records
  answer: MCL 15.235(5)(b) makes that certificate a denial in form, and Utah's notice of denial
  has a box "does not maintain the record" (Utah Code 63G-2-201(3)(b)).
- A no-records answer for *some items only* ("as to item 4 ... located no responsive records;
  the remaining items are still being gathered"), beside a fee estimate, a question or a delay
  for the rest, is not where the request ends: the fee, the question or the delay is the news,
  and ``no_records`` stays in ``facts["also"]``. ``no_records`` is an end state
  (requests/lifecycle.py); reading it here would stop the follow-ups of a request that is
  still open.
"""

from __future__ import annotations

import re

from foia_tracker.intake import reply_patterns as P
from foia_tracker.intake.reply_facts import find_new_due_date, within_stated_period
from foia_tracker.intake.reply_types import PRECEDENCE, RECORDS_KINDS, ReplyKind, ReplyText

K = ReplyKind
# What keeps a request open after a partial no-records answer (PRECEDENCE order). Not after a
# partial refusal: authors read "item 7 is denied; the rest costs $45" as a denial (its appeal
# clock starts), and so does the project.
_GOING_ON = (K.FEE_ESTIMATE, K.CLARIFICATION, K.EXTENSION)

# One item or a list of them ("item 4", "items 3, 4 and 6", "item #4"), not a range that may be all
# of them ("items 1 through 7").
_SOME_ITEMS = re.compile(
    r"\b(?:items?|parts?|paragraphs?)\s*(?:#|no\.?\s*)?\d+[a-z]?"
    r"(?:\s*(?:,|and|&|or)\s*\d+[a-z]?)*\b(?!\s*(?:through|thru|to|-|–)\s*\d)",
    re.I,
)
# A grant with some parts kept back (MCL 15.235(2)(c)'s "granted in part"): with a fee to pay
# first, the fee is what the request waits on.
_GRANTED_IN_PART = re.compile(
    r"\[x\]\s*granted in part\b|\bgranted in part\b(?![^.\n]{0,20}\bdenied\b)", re.I
)
# MCL 15.235(2)(c): "your request will be granted in part and denied in part", then the
# good-faith deposit of MCL 15.234(8) before the granted part is processed (real Michigan
# colleges' letters): the deposit is what the request waits on.
_GRANTED_AND_DENIED = re.compile(
    r"\bgranted[\s-]+in[\s-]+part,?\s+(?:and\s+)?denied[\s-]+in[\s-]+part\b", re.I
)
_PORTIONS = re.compile(
    r"\b(?:portions?|parts?|segments?|some (?:of the )?(?:records|information|pages))\b[^.\n]{0,40}"
    r"\b(?:will be|are|is|may be) (?:withheld|redacted)\b",
    re.I,
)
# Absence as the ground of a bare "denied": the records do not exist (MCL 15.235(5)(b)), or
# Utah's box "does not maintain the record requested" (Utah Code 63G-2-201(3)(b)).
_NOT_MAINTAINED = re.compile(r"\bdoes not maintain the records? requested\b", re.I)
# ... or a "denied" whose own sentence gives absence as its only reason: "Your request ... is
# denied for the following reason only: ... the public records you describe do not exist"
# (MCL 15.235(5)(b)'s notice, la-none-03).
# A form's "Reasons for denial:" whose first ticked ground is the same: "[X] The requested public
# record does not exist within the District's records" (MCL 15.235(5)(b); kt-none-06).
_DENIED_AS_ABSENT = re.compile(
    r"(?:(?i:denied)\s(?:for\sthe\sfollowing\sreasons?(?:\(s\))?(?:\sonly)?|because|on\sthe\s(?:ground|basis)s?\sthat)"
    r"|reasons?\sfor\s(?:the\s)?denial):?"
    r"[^.]{0,200}?\b(?:do(?:es)? not exist|no (?:such |responsive )?records?(?:\(s\))? exists?(?:\(s\))?)",
    re.I,
)
# What a portal released is the agency's paperwork, not records: "A document has been released
# for record request #26-825 along with the following message: Here is the cost estimate".
_PAPERWORK_RELEASED = re.compile(
    r"\bfollowing message:\s*here (?:is|are) (?:the|your|our|an?) (?:updated |revised )?(?:cost |fee )?"
    r"(?:estimate|invoice)s?\b",
    re.I,
)
# The rest goes on: "the remaining items are still being gathered", "keep going on the rest".
_REST_GOES_ON = re.compile(
    r"\b(?:the )?(?:remaining|other) (?:items|parts|portions) (?:of your request )?(?:are|is|will be) "
    r"(?:still )?(?:being )?(?:gathered|pulled|collected|reviewed|worked on|in progress|processed)\b"
    r"|\b(?:keep|kept) going on the rest\b|\bwill (?:keep|continue) (?:going|working) on the rest\b"
    # "Lane County is in possession of some of records you have requested, as follows:"
    # (not "located some records, but none concern ...": the ninth review)
    r"|\b(?:is|are) in possession of some (?:of (?:the )?)?(?:records|documents) you (?:have )?requested\b",
    re.I,
)


def primary(found: dict[ReplyKind, tuple[str, ...]], text: str = "") -> ReplyKind:
    exist = any("exist" in p.lower() for p in found.get(K.NO_RECORDS, ()))
    as_absent = K.NO_RECORDS in found and bool(_DENIED_AS_ABSENT.search(text))
    absent = exist or as_absent or bool(_NOT_MAINTAINED.search(text) and K.NO_RECORDS in found)
    bare = as_absent or all(map(P.BARE_DENIED.fullmatch, found.get(K.DENIAL, "-")))
    if absent and bare and not RECORDS_KINDS & found.keys() and not P.OTHER_GROUND.search(text):
        kind = K.NO_RECORDS
    else:
        kind = next((kind for kind in PRECEDENCE if kind in found), K.OTHER)
    if kind is K.RECORDS_LINK and K.FEE_ESTIMATE in found and _PAPERWORK_RELEASED.search(text):
        return K.FEE_ESTIMATE  # a portal's "document released": "Here is the cost estimate ..."
    if kind is K.RECORDS_PROVIDED and K.CLARIFICATION in found and P.RETURN_IT.search(text):
        return K.CLARIFICATION  # "I've attached the list; mark the ones you want and send it back"
    if (
        kind in (K.DENIAL, K.NO_RECORDS)
        and K.FEE_ESTIMATE in found
        and _granted_in_part(found[kind], text)
    ):
        return K.FEE_ESTIMATE  # "[X] Granted in part / denied in part" (redactions) and the fee
    going_on = [k for k in _GOING_ON if k in found]
    if kind is K.NO_RECORDS and going_on and _for_some_items(found[kind], text):
        return going_on[0]
    return kind


def _granted_in_part(denials: tuple[str, ...], text: str) -> bool:
    """Parts kept back, the rest to be released for a fee: every refusal is about portions
    ("Portions of the records will be withheld", HAR § 2-71-14's notice), or the grant says so."""
    if _GRANTED_IN_PART.search(text) or _GRANTED_AND_DENIED.search(text):
        return True
    return all(_PORTIONS.search(_line_of(phrase, text)) for phrase in denials)


def _for_some_items(phrases: tuple[str, ...], text: str) -> bool:
    """Every no-records phrase stands in a line about some items, or the rest is going on."""
    if _REST_GOES_ON.search(text):
        return True
    return all(_SOME_ITEMS.search(_line_of(phrase, text)) for phrase in phrases)


def _line_of(phrase: str, text: str) -> str:
    """The first line of ``text`` that holds ``phrase`` ("" if none does)."""
    return next((ln for ln in text.splitlines() if phrase in ln), "")


# --- what is struck before precedence ------------------------------------------------------------


def without_moot_delay(
    found: dict[ReplyKind, tuple[str, ...]], reply: ReplyText, text: str
) -> dict[ReplyKind, tuple[str, ...]]:
    """``found`` without the extension when the reply restates the law's period or says the
    date already given stands (``found`` itself is changed: callers read its phrases after)."""
    if K.EXTENSION in found and (
        _restates_the_law(reply, text, found[K.EXTENSION]) or date_stands(text, found[K.EXTENSION])
    ):
        del found[K.EXTENSION]
    return found


def _restates_the_law(reply: ReplyText, text: str, phrases: tuple[str, ...]) -> bool:
    """A receipt restating the law ("the custodian has seven business days to respond; expect
    our response on or before November 13"): a promised date within the period the reply
    itself says the law gives, with no word of more time, is no extension."""
    if _asks_more_time(phrases):
        return False
    received = reply.received_at.date()
    due = find_new_due_date(text, received)
    return due is not None and within_stated_period(text, received, due[0])


def date_stands(text: str, phrases: tuple[str, ...]) -> bool:
    """A progress report under the date already given ("still pulling them; nothing has changed
    from the date I gave you") is no extension, unless it asks for more time itself."""
    return bool(P.DATE_STANDS.search(text)) and not _asks_more_time(phrases)


def _asks_more_time(phrases: tuple[str, ...]) -> bool:
    return any(P.MORE_TIME.search(p) for p in phrases)
