"""Helpers and the one guard every kind shares: conditionals and rights boilerplate.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re


def _p(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.I) for s in sources)


_REQ = r"(?:(?:public |open )?records? |foia |pia |information |open records |freedom of information )?request"

# Conditionals, possibilities and boilerplate about rights: never the agency's decision.
CONDITIONAL = re.compile(
    # (not a past "When I wrote last month I was hoping to have everything to you by mid-December")
    r"^\s*(?:if|in the event|should|when(?! (?:i|we) (?:last )?(?:wrote|spoke|talked|e-?mailed|called|replied)\b)|once|unless)\b|\bif (?:you|your|any|the|a|we|there)\b"
    r"|\b(?:may|might|could) (?:be|have)\b|\bin the event\b|\bshould any\b|\byou may appeal\b"
    r"|\bright to appeal\b|\bany (?:portion|part)\b|\bif (?:it|they|this|these)\b"
    # "... within thirty calendar days unless you agree to extend that period": her choice
    r"|\bunless (?:you|the requester|both parties) (?:agree|consent) to (?:an? )?extend"
    r"|^\s*where (?:a|an|the|any) (?:\w+ ){0,2}request (?:cannot|can ?not|is not|isn't|will not|may not)\b"
    r"|\b(?:will|would|shall) be (?:notified|informed|alerted|e-?mailed)\b[^.\n]{0,20}\b(?:when|once|as soon as)\b",
    re.I,
)


# The law's list of what a response may be ("The Act allows the City 10 business days to produce
# the information, request clarification, provide a cost estimate, or notify you that we have
# asked the Attorney General for a ruling", Tex. Gov't Code §§ 552.221-.2615, 552.301): a
# sentence naming three or more of these answers describes the law, and decides no kind.
RESPONSE_OPTIONS = (
    re.compile(r"\bclarif\w*", re.I),
    re.compile(
        r"\b(?:cost|fee|charges?) estimate|\bestimate[sd]? (?:of )?(?:the )?(?:cost|fee|charge)",
        re.I,
    ),
    re.compile(r"\bden(?:y|ial|ied|ying)\b|\bwithh[oe]ld(?:ing)?\b", re.I),
    re.compile(r"\bextend(?:s|ed|ing)?\b|\bextension\b|\badditional time\b", re.I),
    re.compile(
        r"\b(?:produc(?:e|ing)|releas(?:e|ing)|provid(?:e|ing)|grant(?:ing)?|mak(?:e|ing) available)\b[^.\n]{0,30}"
        r"\b(?:records?|information|documents?|access)\b|\bgrant(?:s|ing)? (?:the|a|your) request\b",
        re.I,
    ),
    re.compile(r"\battorney general\b|\bruling\b|\bopinion\b", re.I),
    re.compile(r"\bno (?:responsive )?records\b|\bdo(?:es)? not exist\b", re.I),
)
# ... and says it is a menu: what the law allows or requires, the options, "either".
OPTIONS_CUE = re.compile(
    r"\b(?:allows?|permits?|gives?|requires?|provides?|options?|either|may (?:choose|elect))\b|\bdays to\b"
    r"|\b(?:may|must|shall|can|will|required to) (?:respond|comply|reply)\b[^.\n]{0,60}\bby (?:providing|producing|"
    r"granting|releasing|denying|advising|notifying)\b",
    re.I,
)
# A reply's or forward's subject ("RE: PIR 2026-0592 Cost Estimate") names the thread.
REPLY_SUBJECT = re.compile(r"\s*(?:re|fw|fwd|aw|sv)\s*:", re.I)
# ... unless the message itself speaks of paying ("the invoice is attached; once it is paid").
PAYMENT_WORDS = re.compile(r"\b(?:invoice|paid|payment|remit|deposit)\b", re.I)
