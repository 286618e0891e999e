"""Phrase tables: what agencies write when they mean each kind of reply (data, not logic).

Each pattern runs, case-insensitively, on one sentence of the agency's own words (see
`reply_text.own_words`). A kind also has a guard: a sentence that matches its guard never
counts for that kind ("If your request is denied you may appeal" is no denial; "if you need
clarification, call me" asks nothing).

The families come from real replies (GovQA, NextRequest, JustFOIA and FOIAonline notices,
school-district clerks by e-mail): see docs/classification.md.
"""

from __future__ import annotations

import re

from foia_tracker.intake.reply_facts import DATE, NOT_A_FEE_ASK, THEIR_LIMIT
from foia_tracker.parse.autoreply import AUTO_REPLY_SUBJECT


def _p(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.I) for s in sources)


_REQ = r"(?:(?:public |open )?records? |foia |pia |information |open records |freedom of information )?request"
_RECORDS = r"(?:records?|documents?|files?|agreements?|contracts?|mous?|materials?|information|emails?|correspondence|schedules?|lists?|minutes|certificates?|notices?|logs?)"

# Conditionals, possibilities and boilerplate about rights: never the agency's decision.
CONDITIONAL = re.compile(
    r"^\s*(?:if|in the event|should|when|once|unless)\b|\bif (?:you|your|any|the|a|we|there)\b"
    r"|\b(?:may|might|could) (?:be|have)\b|\bin the event\b|\bshould any\b|\byou may appeal\b"
    r"|\bright to appeal\b|\bany (?:portion|part)\b|\bif (?:it|they|this|these)\b",
    re.I,
)

ACKNOWLEDGEMENT = _p(
    r"\backnowledg\w*\b",
    r"\b(?:this (?:e-?mail |letter |note |message )?)?confirm\w*\b[^.\n]{0,40}\b(?:receiv|receipt|request|arriv|made it|logged)",
    r"\b(?:we|i|we'?ve|i'?ve|office|district|department|city|county)\s+(?:have\s+|has\s+)?received your "
    r"(?:\w+ )?(?:request|letter|e-?mail|message)",
    r"\b(?:has|have|got) (?:your|the) (?:\w+ )?request\b",
    r"\b(?:your|this|the) " + _REQ + r",? (?:which )?(?:has been|was|is being|is|were|arrived)\b"
    r"[^.\n]{0,30}\b(?:received|submitted|logged|processed|entered|assigned|created|opened)",
    r"\b(?:has been|is being|was) (?:received and )?(?:is being )?(?:processed|logged|entered)\b",
    r"\b(?:in receipt of|received,? thank|received\.)",
    r"^\s*(?:got it|got this|got your (?:request|e-?mail|letter|note)|received|noted)\b(?!:)",
    # ("Given the number of requests lately" is no receipt)
    r"\b(?:assigned|given) (?:the )?(?:reference |tracking |request |confirmation )?(?:number|no\.|#)(?! of\b)",
    # "your request is with our Technology department and we are pulling together what we have"
    r"\byour request is (?:now )?with (?:our|the)\b|\b(?:we are|we're) (?:pulling|putting) together\b",
    r"\b(?:reference|tracking|confirmation) (?:number|no\.|#)\b",
    r"\bthank you for (?:submitting|your interest in public records|your (?:\w+ )?request)",
    r"\b(?:i|we|i've|we've|has been|have been|was|been|is being)\s+(?:forwarded|passed|sent|routed|"
    r"assigned|referred)\b[^.\n]{0,30}\bto (?:our|the|a|appropriate|relevant)\b",
    r"\bshared (?:your|the|this) (?:\w+ ){0,3}request with\b|\b(?:will|shall) provide a response\b",
    r"\b(?:i'?ve|i have|we'?ve|we have|i'?ll|i will|we will|we'?ll)\s+(?:pass|forward|send|route|hand|share)\w* "
    r"(?:this|it|your request)\b",
    r"\b(?:start|started|begun|began|begin|starting)\s+(?:to\s+)?(?:pull|gather|collect|search|process|work|look)\w*",
    r"\b(?:will|'ll)\s+(?:be in (?:touch|contact)|get back to you|follow up|circle back|reach out|update you)\b",
    r"\b(?:look|looking) into (?:it|this|your request)\b",
    r"\bworking on (?:it|your request|this)\b",
    r"\bmade it to the right place\b|\bwill be handling\b|\bentered into our log\b|\bin (?:the|our) queue\b",
    r"\b(?:request|it|this) (?:has been|was|is) (?:logged|created|opened|submitted|entered)\b",
    r"\bsuccessfully submitted\b|\bhas been submitted\b",
    r"\bwill (?:review|respond to|process) (?:your|the|this) (?:\w+ ){0,3}request\b",
    r"\b(?:is|are) (?:currently )?reviewing the request\b",
    r"\bplease allow (?:up to )?\d+ (?:business |working |calendar )?days\b",
    r"\b(?:request|it) (?:has been|was) (?:received|opened)\b",
    r"\b(?:request|letter|e-?mail)\b[^.\n]{0,60}\b(?:was|were|has been) received\b",
    r"\ba response will (?:be provided|come)\b",
    r"\bhave (?:asked|copied)\b[^.\n]{0,40}\b(?:it|legal|attorney|counsel|department)\b",
    r"\blegal department has been copied\b",
    r"\breceived your (?:[\w-]+ ){0,5}request\b",
    r"\b(?:landed on|on) my desk\b|\bgive (?:me|us) (?:a few|a couple of|some) (?:days|weeks)\b"
    r"|\bdig (?:through|into)\b",
    r"\b(?:is|are) (?:now )?being reviewed\b|\bunder review\b",
    r"\b(?:it'?s|it has|request has|request's) been (?:logged|entered|assigned|received|forwarded)\b",
)

# More receipt families; receipts are read with RECEIPT_GUARD ("if your request was successfully
# received you will get a confirmation" confirms nothing): "was successfully received",
# "your correspondence ... has been received", "added to our tracking system", "reached us".
_WHAT_WE_GOT = (
    r"(?:request|correspondence|submission|inquiry|letter|e-?mail|message|application|form)"
)
RECEIPT = _p(
    r"\b" + _WHAT_WE_GOT + r"\b[^.\n]{0,80}\b(?:was|were|has been|have been|is) "
    r"(?:successfully |safely |duly |properly )?(?:received|logged|recorded|registered|docketed)\b",
    r"\b(?:successfully|safely) (?:received|logged|recorded|submitted)\b",
    r"\b(?:added|entered|logged|recorded|placed|input)\s+(?:it\s+)?(?:to|into|in|on)\s+(?:our|the)\s+"
    r"(?:[\w'’-]+\s+){0,3}(?:tracking|log|system|queue|database|docket|list|tracker|spreadsheet)\b",
    r"\b(?:reached|arrived at|came in to|made it to) (?:us|our office|this office|the office|my office)\b",
    r"\b(?:we|i|office|district|department|city|county|board)\s+(?:am|are|is)\s+in receipt\b",
    # "We have your Freedom of Information Law request, received November 9."
    r"^\s*(?:we|i) (?:now )?have your (?:[\w-]+ ){0,5}" + _WHAT_WE_GOT + r"\b",
    r"\bthis (?:e-?mail |letter |message |note )?(?:is to )?(?:confirm|acknowledge)s?\b",
    r"\bwill be (?:handled|processed|addressed|reviewed) (?:in accordance with|under|pursuant to|as provided)\b",
    r"\b(?:request|it)\s+(?:logged|received|entered|opened|filed)\s+(?:as|under|today|this morning)\b",
    r"\b(?:will|'ll|shall)\s+let you know (?:when|once|as soon as)\b",
    r"\bopened a (?:file|case|ticket|record|matter) (?:for|on)\b",
    # "Got this, thanks - passing it to our PIO now"; "Rec'd. Forwarded to Mr. Dietz (supt)"
    r"\b(?:passing|passed|forwarding|forwarded|routing|routed|handing|handed) (?:it|this|the request|your "
    r"(?:request|message|e-?mail|letter))(?:, [^,\n]{1,60},)?(?: (?:along|on|over))? to\b|^\s*(?:forwarded|passed|sent) (?:it )?to (?:mr|ms|mrs|dr|our|the)\b|^\s*rec'?d\b",
    # "I printed it and put it in Mr. Okafor's box"; "I sent it over to them just now"
    r"\bput it in (?:mr|ms|mrs|dr|his|her|the)\b[^.\n]{0,30}\b(?:box|inbox|mailbox|folder)\b"
    r"|\b(?:sent|passed|forwarded) it (?:over|along|on) to\b",
    r"\b(?:request|it|this)\b[^.\n]{0,20}\b(?:is|are|has been (?:updated|changed|set) to|status(?: is)?:?) (?:now )?"
    r"[\"'“]?(?:in progress|in process|being processed|open)\b",
    r"\b(?:we|i)\s+(?:have\s+|'ve\s+)?(?:logged|entered|recorded|registered|docketed) (?:your|the|this) (?:\w+ )?request\b",
    r"\b(?:will be|is going to be|'ll be) (?:reaching out|in touch|contacting you|getting back to you)\b",
    r"\b(?:is|are) (?:now )?with (?:our|the) (?:\w+ ){0,3}(?:team|office|department|unit|staff|clerk|custodian|counsel)\b",
    r"\b(?:is|remains) (?:now )?pending (?:with|before|in) (?:our|the)\b",
    r"\b(?:is being|will be|has been assigned to be) handled by\b",
    r"\b(?:the|our|its|a|district's|city's|county's|agency's) response is (?:due|expected) (?:on|by)\b",
    r"\bin the order (?:in which )?(?:they are|it was|requests are|they were) received\b"
    r"|\bin the order (?:they|it) arrive",
)

# A receipt said only as a possibility ("If your request was successfully received, a
# confirmation will follow") confirms nothing.
RECEIPT_GUARD = re.compile(
    # ... nor does asking the requester to confirm one ("Could you confirm you received it?")
    r"\b(?:can|could|would) you (?:please )?confirm\b|"
    r"^\s*(?:if|in the event|should|unless|when)\b|\bif (?:your|the|this|a|an) (?:\w+ )?"
    + _WHAT_WE_GOT
    + r"\b",
    re.I,
)

# "Extension" needs words that say the time grows or the answer is late; a receipt that only
# restates the statutory date ("we have until November 24") is an acknowledgement.
# Words of more time: an extension phrase holding one is never the law's own date restated.
MORE_TIME = re.compile(
    r"\bextend|\bextension\b|\badditional\b|\bmore time\b|\blonger\b|\bdelay|\bfurther\b|\bextra\b"
    r"|\bnot be able\b|\bunable\b|\bcannot\b",
    re.I,
)
EXTENSION = _p(
    # RCW 42.56.520(1)(c): "the district's reasonable estimate is that the first installment
    # will be provided by December 18" (a date beyond the five days).
    r"\breasonable estimate\b[^.\n]{0,100}\b(?:by|on|before|within)\b",
    r"\b(?:need|needs|require|requires|requiring|request|requests|requesting|is needed|are needed|"
    r"will need|would like to request)\b[^.\n]{0,40}\b(?:more|additional|extra|further) time\b",
    r"\b(?:more|additional|extra|further) time (?:is|will be) (?:needed|required|necessary)\b",
    r"\b(?:additional|extra|another|further|more)\s+(?:approximately\s+|about\s+)?"
    r"(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))?\s+(?:business |working |calendar )?(?:days?|weeks?|hours?)\b",
    r"\b(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:additional|more|extra) (?:business |working |calendar )?"
    r"(?:days|weeks|hours|hrs)\b",
    # "allow roughly three weeks" — weeks or months, or more time on top: a receipt's "please
    # allow five business days" restates a normal period and is no delay
    r"\ballow (?:roughly |about |approximately |around |up to |at least )?(?:another |an additional |a further )?"
    r"(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:more )?(?:weeks|months)\b"
    r"|\ballow (?:another|an additional|a further) (?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:business |working |calendar )?days\b",
    r"\bextend\w*\b[^.\n]{0,60}\b(?:time|deadline|due date|response|period|date)\b",
    r"\b(?:time|deadline|due date|response date|processing period|(?:target |estimated )?completion date|target date)\b"
    r"[^.\n]{0,60}\b(?:extended|changed|moved|revised|updated)\b",
    r"\bextension\b(?!\s*(?:#|no\.?|number)?\s*\d)",
    r"\bnew (?:estimated )?(?:due|response|completion) date\b|\bnew estimated date\b",
    r"\b(?:not be able|not able|unable|cannot|can ?not)\b[^.\n]{0,20}\b(?:complet|respond|produc|provid|finish)\w*"
    r"[^.\n]{0,80}\b(?:within|in the (?:\w+ )?(?:\(\d+\) )?(?:business |working )?days)\b",
    r"\bexpected completion date\b\s*:?|\bnew target\b|\b(?:we'?re|we are) not going to make it\b",
    r"\b(?:going to|will) need (?:till|until) (?:about |around )?\b|\b(?:run|go) past the \d+ days\b"
    r"|\bmy best guess is\b[^.\n]{0,30}\b(?:early|mid|late|jan|feb|mar|dec|nov|next)",
    # C.R.S. 24-72-203(3)(b): "the period for response is therefore extended by seven working days"
    r"\b(?:period|response|time)\b[^.\n]{0,40}\b(?:is|are|has been|will be) (?:therefore |hereby )?extended\b",
    # RSMo 610.023.3: a delay must give "the earliest time and date that the record will be available"
    r"\bearliest (?:date|time)\b[^.\n]{0,100}\bavailable\b",
    # NRS 239.0107(1)(c): "unable to make the requested records available by the end of the fifth business day"
    r"\b(?:unable|not be able|cannot)\b[^.\n]{0,10}\bto make (?:the )?(?:requested )?records available by\b",
    r"\b(?:take|taking|be) (?:a bit |a little )?longer\b|\blonger than\b",
    r"\b(?:a (?:little|bit) )?behind\b(?!\s+(?:\w+\s+)?(?:others?|requests?|one|two|three|four|five|several|\d+)\b)"
    r"(?!\s+(?:them|it|these|those|this|that|their|its|the \w+ (?:system|contract|agreement|program)s?)\b)"
    r"|\b(?:has been|is|are|was|been) delayed\b|\bthere (?:will be|is) a delay\b",
    r"\b(?:is|are) taking (?:a while|a bit|longer|more time|some time)\b",
    r"\bestimat\w*\b[^.\n]{0,60}\b(?:complet\w*|need|take|done|ready)\b",
    r"\b(?:will )?need (?:approximately |about |up to )?\d{1,3} (?:business |working |calendar )?days\b",
    r"\b(?:need|require|estimate)\w*\b[^.\n]{0,30}\buntil\b",
    r"\brolling (?:production )?basis\b",
    r"\b(?:expect|anticipate|estimates? that)\w*\b[^.\n]{0,50}?\b(?:to |having |providing |a )?(?:respond|response|"
    r"provide|complete|finish|send|produce|have (?:it|everything|the records|them)|everything|"
    r"determination|records)\b[^.\n]{0,60}\b(?:by|on or before|no later than|within|around|on or about|"
    r"until|before)\b",
    r"\b(?:hoping|aiming|planning) to have\b[^.\n]{0,40}\b(?:wrapped up|done|finished|ready|to you)\b",
    r"\b(?:goal|aim|plan|hope) is to (?:have|get|send)\b[^.\n]{0,40}\bby\b",
    r"\b(?:won'?t|will not) have (?:the |it |them |everything )?(?:[\w-]+ ){0,3}(?:pulled|ready|done|gathered|compiled)"
    r"\b[^.\n]{0,20}\buntil\b",
    # "Realistically mid-January before I can get it all to you"; "going slower than I hoped"
    r"\b(?:realistically|probably|more like|likely)\b[^.\n]{0,20}\b(?:mid|early|late|end of)[- ](?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)\w*\b",
    r"\bgoing to be more like \d+\b|\b(?:i'?m )?going to say (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b"
    r"|\bno way (?:i|we) (?:get|can get|will get|can finish|finish)\b|\b(?:going to |I'?ll |we'?ll )?shoot(?:ing)? for\b"
    r"|\b(?:going|moving) slower than\b|\b(?:is|are|it'?s) going to run (?:late|behind|long)\b|\brunning (?:late|behind)\b",
    r"\b(?:can'?t|cannot|won'?t|will not|won'?t be able to|will not be able to) get to (?:this|it|your request|"
    r"the request|the (?:[\w-]+ ){0,2}(?:contracts|records|agreements|files))\b[^.\n]{0,20}\buntil\b",
    r"\b(?:going to |I'?ll |we'?ll )?aim(?:ing)? for (?:the week of|mid-|early |late |the end of )",
    r"\b(?:you will|you'll|you should) (?:see|have|get|receive) (?:something|it|them|the records|"
    r"everything|a response|records|the documents)\b[^.\n]{0,40}\b(?:by|in early|in mid|in late|monday|tuesday|wednesday|thursday|friday|next week)\b",
    r"\bplease expect\b",
    r"\bnow (?:estimated|expected)\b",
    r"\bwill further respond\b[^.\n]{0,60}\bno later than\b",
    # New York's receipt with its approximate date (POL § 89(3)(a)): "will grant or deny your
    # request … on or before December 21".
    r"\bgrant or deny\b[^.\n]{0,80}\b(?:on or before|by|no later than)\s+" + DATE,
    # "The records will be available to you on December 4" — a date the agency now gives.
    r"\b(?:records?|documents?|files?|agreements?|response|they|it)\b[^.\n]{0,20}\bwill be "
    r"(?:available|ready|sent|provided|produced|released)\b[^.\n]{0,20}\b(?:on|by)\s+" + DATE,
    r"\bwill slip\b|\bslipp(?:ed|ing)\b|\bpush\w* (?:your|the|our|it|this) (?:response |deadline |due date )?(?:out|back)\b",
    r"\bpush\w* (?:your|the|our) (?:response|deadline|due date)\b",
    r"\b(?:won't|will not|cannot|can't|unable to) (?:make|meet) (?:the|our) (?:\w+ )?deadline\b",
    r"\bnew (?:target|estimated|expected|due|response|completion) date\b",
    # a rolling production's promise: "the remaining records will be provided by <date>"
    r"\b(?:remaining|rest of the|remainder of the|balance of the|next installment of|other)\s+"
    r"(?:\w+\s+)?(?:records|documents|files|materials)\b[^.\n]{0,40}\b(?:will|should|would) be "
    r"(?:provided|produced|released|sent|available|delivered)\b[^.\n]{0,30}\b(?:by|on or before|no later than)\b",
)
# More delay families, read with the CONDITIONAL guard as well ("if we need another week we
# will tell you" is no delay): "another week or so", "a few more days", "will be delayed",
# "not in a position to respond by the deadline", "still working on it ... by <date>".
DELAY = _p(
    # "we will not be able to get everything to you by the end of this month ... we are now
    # looking at the week of December 14th"
    r"\b(?:now|are|realistically|i'?m|i am) looking at (?:the week of |mid-|early |late )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b",
    r"\bnot be able to get (?:everything|it|them|the (?:\w+ )?records) to you by\b",
    # "We won't be able to get you anything before December 11." (An apology for a late reply,
    # "sorry for the delay", is no delay by itself: the reply is here.)
    r"\b(?:won'?t|will not|can'?t|cannot|not) be able to get you (?:anything|it|them|everything|"
    r"the (?:\w+ )?records)\b[^.\n]{0,30}\b(?:before|until|by)\b",
    r"\b(?:another|one more|a further) (?:week|month|few (?:days|weeks)|couple (?:of )?(?:days|weeks)|"
    r"several (?:days|weeks)|business day|day or two|week or two)\b",
    r"\b(?:another|an additional|an extra|a further) (?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? "
    r"(?:business |working |calendar )?(?:days|weeks|hours|hrs)\b",
    r"\b(?:a few|a couple(?: of)?|several) (?:more|extra|additional) (?:business |working )?(?:days|weeks)\b",
    r"\b(?:will|would|is going to|are going to) be (?:somewhat |slightly |a (?:bit|little) )?"
    r"(?:delayed|late|later than)\b",
    r"\bnot (?:be )?in a position to (?:respond|reply|complete|finish|meet|comply|provide (?:a|our|the) response)\b",
    r"\b(?:won't|will not|cannot|can't|can not|unable to|not be able to|not able to) "
    r"(?:make|meet|hit|keep|comply with|respond (?:by|within)) (?:the|our|its|your|that) "
    r"(?:[\w-]+ ){0,2}(?:deadline|due date|time ?frame|timeline|date|period)\b",
    r"\b(?:past|beyond|after) the (?:\w+ )?(?:deadline|due date|response date)\b",
    r"\bstill (?:working|gathering|compiling|collecting|pulling|going) (?:on|through)\b[^.\n]{0,80}"
    r"\b(?:by|before|until|no later than|another|more time|next week|end of)\b",
    r"\b(?:need|needs|needed|require|requires|asking for|ask for) (?:a (?:bit|little) |some |a few )?"
    r"(?:more|additional|extra) (?:time|days|weeks)\b",
    r"\btaking (?:more time|longer) than (?:expected|anticipated|planned|usual)\b",
    r"\bwill now be (?:provided|sent|completed|issued|made|released|produced)\b[^.\n]{0,30}\b(?:by|on|no later than)\b",
    r"\b(?:will not|won't) be (?:ready|available|done|complete|finished)\b[^.\n]{0,30}\b(?:until|before|by)\b",
    r"\b(?:records|documents|them|it|response|answer|everything|files)\b[^.\n]{0,30}\b(?:after|until after) "
    r"the (?:new year|holidays?|holiday break|winter break|first of the year)\b",
    r"\b(?:not able to|unable to|could not|couldn't|did not|didn't) (?:finish|complete|respond|get (?:it|this) done) "
    r"(?:by|within|before) (?:the |today's |our |its |your )?(?:\w+ )?(?:deadline|due date|date|period)\b",
    r"\b(?:request|response|answer|reply|records|documents|production|it|this|we|i)\b[^.\n]{0,25}"
    r"\b(?:will|would|is going to) be (?:a (?:few|couple of) (?:days|weeks)|a (?:day|week|bit|little)) late\b",
    r"\b(?:request|response|it|this|review|search|process\w*|records?|production|redaction\w*)\b[^.\n]{0,20}"
    r"\bwill take (?:approximately |about |roughly |around )?(?:another |an additional )?(?:\d{1,3}|[a-z-]+)"
    r"(?:\s*\(\d{1,3}\))? (?:more |additional |extra )?(?:business |working |calendar )?(?:weeks?|months?)\b",
    r"\b(?:response|deadline|due date|release|production|it|this)\b[^.\n]{0,40}\b(?:pushed|moved|postponed|"
    r"rescheduled|bumped) (?:back |out )?(?:to|until)\b",
    r"\bhop(?:e|es|ing) to (?:have|get|send|finish|complete|wrap)\b[^.\n]{0,50}\b(?:by|next week|this week|"
    r"end of|early|mid|late|monday|tuesday|wednesday|thursday|friday)\b",
)

# Wording of a statutory or normal time frame: a promise within the law is no extension.
EXTENSION_GUARD = re.compile(
    r"\bwithin the time (?:allowed|permitted|required|provided)\b|\bas (?:required|permitted|allowed) by (?:law|statute)\b"
    r"|\bas the (?:statute|law|act) (?:requires|provides|allows|permits)\b|\bwithin a reasonable time\b"
    r"|\bas (?:provided|required|permitted) (?:by|under|in) (?:law|the law|statute|the act)\b"
    # "on or before the third business day following receipt, as Chapter 610 RSMo requires"
    r"|\bas (?:[\w.§-]+ ){1,5}requires\b"
    # "no later than the statutory three business days" (but "not ... within the statutory
    # period, we expect January 8" is an extension)
    r"|\bno later than the (?:statutory|required|legal)\b",
    re.I,
)

# A fee is for records: "the $6 museum fee can go in an envelope" (a teacher's note that reached
# a parent's campaign mailbox) asks for no payment on a request. A fee needs one of these words
# somewhere in the subject or the agency's words.
ABOUT_RECORDS = re.compile(
    r"\b(?:records?|documents?|cop(?:y|ies)|pages?|requests?|requested|production|produc\w+|search\w*|"
    r"review\w*|invoice|estimat\w+|foia|foil|agreements?|contracts?|files?|scan\w*|redact\w*|data|"
    r"information|materials?|emails?|labor|staff time|hours?|programming|retriev\w+)\b",
    re.I,
)

FEE = _p(
    r"\ban? invoice has been (?:created|issued)\b|\binvoice total\b",
    r"\bpayment (?:of \$[\d,.]+ )?is (?:required|due)\b",
    r"\bestimated (?:cost|fee|charge)s?\b|\b(?:cost|fee) estimate\b",
    r"\bdeposit of\b",
    r"\bawaiting (?:requester |your )?payment\b|\bpayment required\b",
    # "Attached is the invoice for your request": the amount is in the attached invoice.
    r"\b(?:attached|enclosed) (?:is|are|please find) (?:the|an|our|your) invoice\b|\bthe (?:attached|enclosed) invoice\b",
)
FEE_GUARD = re.compile(
    r"\bno (?:fee|charge|cost)\b|\bfree of charge\b|\bwe have your payment\b|"
    # The law's list of what a response holds ("... a reasonable estimate, along with any fee
    # estimate", ORS 192.329(3)) names no fee.
    r"\b(?:any|a possible|possible) (?:fee|cost) estimates?\b|"
    # an estimate promised, not given ("I will then send you the estimated costs")
    r"\b(?:will|would|can|shall)\b[^.\n]{0,30}\b(?:send|provide|give|prepare|let you know)\b[^.\n]{0,30}\bestimat\w*|"
    + NOT_A_FEE_ASK.pattern
    + "|"
    + THEIR_LIMIT.pattern,
    re.I,
)

# A clarification asks the requester for something concrete: a scope question, a form, a
# detail. These are imperatives and needs; questions are found by `scope_questions`.
CLARIFICATION = _p(
    r"\b(?:please|kindly) (?:clarify|narrow|specify|identify|confirm (?:whether|which|if)|describe|limit|"
    r"give (?:me|us) (?:a|the|your) (?:\w+ )?(?:date|dates|period|range|names?|list|start)|provide (?:a|the|your|proof|us)|complete|fill out|sign(?! (?:in|into|on|up)\b)|revise|resubmit|tell (?:me|us))\b",
    r"\b(?:need|needs|require|requires|required) (?:you to|your|clarification|more information|"
    r"additional information|further information|you)\b",
    r"\b(?:please|kindly) (?:list|name|indicate|state|send us|let (?:me|us) know (?:which|what|whether|the))\b",
    r"\b(?:need|needs|require|requires)\w* (?:the following|some|a few|a bit more|a little more|more|additional|further) "
    r"(?:\w+ )?(?:information|details?|specifics)\b",
    r"\b(?:it would help|it would be helpful|would you be able to|could you|can you|would you)\b[^.\n]{0,30}"
    r"\b(?:tell|let|clarify|specify|identify|narrow|confirm|list)\b[^.\n]{0,40}\b(?:which|what|whether|"
    r"the (?:dates?|names?|period|years?))\b",
    r"\b(?:has|have) requested (?:more|additional|further) information (?:about|on|regarding|for) your\b",
    r"\b(?:can|could|would) you (?:please )?confirm\b|\bwe need (?:\w+ ){0,2}(?:things?|items?|details?|answers?) from you\b",
    # "Our district requires the attached form be filled out and signed ... we can't start until we have it"
    r"\brequires? (?:that )?(?:the |this |our )?(?:attached |enclosed )?form\b[^.\n]{0,40}\b(?:filled|completed|signed)\b",
    r"\b(?:can'?t|cannot|won'?t) (?:start|begin|process)\b[^.\n]{0,30}\buntil (?:we|i) (?:have|get|receive)\b",
    r"\b(?:i|we) (?:do |will |also )?need(?: is)?:? (?:is )?your (?:full |current )?(?:mailing address|address|phone|signature|name)\b",
    # "could you put it in there? just copy paste what you sent" (resubmit through the web form)
    r"\b(?:could|can|would) you (?:please )?(?:put|enter|submit|re-?submit) it (?:in|on|through) (?:there|the|our)\b",
    r"\bdid you mean to send (?:this|it) to us\b|\bwas (?:this|it) meant for us\b",
    r"\bit would help if (?:you|the revised|your)\b|\b(?:asks?|requires?) (?:all )?requesters?\b[^.\n]{0,30}\bto (?:sign|complete|fill|provide|submit)\b",
    r"\bhold (?:the|your) request (?:open )?until we hear\b",
    # a portal's reminder, a form sent back ("was returned to you by the reviewer", "is incomplete")
    r"\bclarification requested\b|\b(?:is )?(?:waiting|awaiting) (?:for )?your (?:response|reply|answer)\b",
    r"\b(?:form|request|submission)\b[^.\n]{0,40}\b(?:was returned to you|is incomplete)\b",
    r"\bwe need clarification\b|\bclarification (?:is )?needed\b|\bneed clarification\b"
    r"|\b(?:has )?request(?:ed|s)? clarification\b",
    r"\bplease (?:reply|respond) with (?:your|the|a)\b|\brequires? requesters? to\b",
    r"\b(?:sign and |complete and )?return the (?:enclosed|attached)\b|\brequires? a signed\b",
    r"\b(?:asks?|requests?|requires?) (?:that )?you (?:to )?(?:sign|complete|fill|provide|return|"
    r"submit|send|confirm|clarify|narrow|specify)\b",
    r"\bnarrow (?:it|the scope|your request|the request)\b|\boverly broad\b|\btoo broad\b",
    # 5 ILCS 140/3(g): "we would like to confer with you about reducing item 7 to a manageable size"
    r"\bconfer with you (?:about|on|regarding|to) (?:reducing|narrowing|limiting|the scope)\b",
    r"\b(?:please )?let (?:me|us) know (?:by [^.\n]{0,30} )?how you (?:would like|wish|want) to proceed\b",
    r"\bwith sufficient specificity\b|\breasonably describe\b|\bnot a request for identifiable\b",
    r"\b(?:is|was) unclear\b|\b(?:we are|we're|i am|i'm) (?:unclear|not clear|unsure) (?:what|which|whether|about)\b|\bnot sure what you mean\b",
    r"\bunable to (?:determine|tell|identify)\b[^.\n]{0,40}\b(?:which|what)\b",
    r"\bonly accept\w*\b[^.\n]{0,40}\brequests? (?:through|via|on|in|using)\b",
    r"\b(?:re)?submit (?:your|the|a) (?:\w+ )?request (?:through|via|using|on|at|in)\b",
    r"\brequests? (?:must|need to|should) be (?:made |submitted )?(?:in writing|on|using|through)\b",
    r"\bsubmitted on (?:its|our|the) (?:official )?(?:\w+ )?form\b",
    r"\bprovide (?:us with )?(?:additional|more|further) (?:detail|details|information)\b",
    r"\bplaced on hold until\b|\bheld until we hear\b|\bon hold until we receive\b",
    # Who the requester is (residency, citizenship, an address, a person not a script): the
    # agency waits on her, as for a scope question.
    r"\b(?:please|kindly) (?:send|give|email|mail) (?:me|us) your (?:full )?(?:name|mailing address|"
    r"address|telephone|phone)\b",
    r"\b(?:please|kindly) confirm (?:in writing )?that you are (?:a|an)\b",
    r"\b(?:can|could|would) you (?:please )?(?:send|give|provide|email) (?:me|us) (?:a|your|the) "
    r"(?:\w+ )?(?:mailing |postal |street |physical )?address\b",
)
CLARIFICATION_GUARD = re.compile(
    r"\bif you (?:need|have|would like|want)\b|\blet (?:me|us) know if\b|\bwe will contact you if\b"
    r"|\b(?:any|if there are) questions\b|\bif we need\b"
    # "You may be contacted if the District needs clarification of your request."
    r"|\bif (?:the |our )?(?:district|office|agency|city|county|board|staff|it) (?:needs|requires)\b"
    r"|\bmay be contacted\b"
    # A closed request's way back ("if you believe it was closed in error, you may submit a new
    # request") is an option, not a question.
    r"|\bif you (?:believe|think|feel|disagree)\b|\byou (?:may|can) (?:submit|file|open) a new request\b"
    # "If after reviewing these you still need records that aren't posted, please let me know";
    # "You will be contacted if OIP needs more information from you."
    r"|\bif\b[^.\n]{0,60}\byou (?:still )?(?:need|want|would like|wish|require)\b"
    r"|\b(?:will|may) be contacted if\b|\bif [\w ]{1,30} (?:needs|requires) (?:more|additional|further)\b"
    # "Could you confirm you received the link?" asks about delivery, not the request.
    r"|\bconfirm (?:that )?(?:you )?(?:have |'ve )?(?:received|got|receipt)\b",
    re.I,
)
# A question to the requester about what the request covers.
SCOPE_WORDS = re.compile(
    r"\b(?:which|what (?:kind|type|period|years?|dates?|search terms|schools?|organizations?|"
    r"vendors?|records?|staff)|do you mean|when you say|are you (?:looking|asking|referring|seeking|"
    r"requesting)|you're (?:looking|asking|referring|seeking|requesting)|the name of|would you accept|would it be acceptable|"
    r"looking for|interested in|includes?|included|limit|narrow|date range|time ?frame|"
    r"period|school years?|specify|whole district|just (?:the|a)|only the|or just|actual|agreements themselves|"
    r"you have in mind|what you're after|tell me a (?:little|bit) more|more about|"
    # "do you want the notices in every language or only English?"
    r"(?:do|did) you (?:want|need) [^?]{0,120}\bor (?:only|just|all|the|a|for|by|each|every|also)\b|"
    r"by school or|or (?:district|county|city)[- ]wide)\b",
    re.I,
)

# A bare question about what the request covers, with no "you" ("for item 7, which search
# terms and which staff?"). Read only in a person's mail, and not when it asks about us.
BARE_SCOPE = re.compile(
    r"^[^?]{0,50}?\b(?:which|what|whose|how many)\b(?:\s+\w+){0,3}?\s+(?:search terms?|keywords?|"
    r"staff|employees?|custodians?|accounts?|mailboxes|schools?|buildings?|departments?|years?|"
    r"dates?|date range|time ?frame|period|vendors?|organizations?|agreements?|contracts?|items?|"
    r"kinds?|types?|programs?|grades?|campuses)\b",
    re.I,
)
NOT_TO_THE_REQUESTER = re.compile(r"\b(?:we|us|our|i|me|my)\b|\bquestions\b|\bif\b", re.I)

# A denial needs the agency's own refusal: a verb of refusing, withholding or being unable to
# release, about the request or the records. "The records are confidential" alone refuses nothing.
DENIAL = _p(
    # RSMo 610.021: the Sunshine Law's word for withheld records is "closed"
    r"\b(?:has|have) closed (?:these|the|those|such) records\b|\brecords? (?:are|is|remain) closed (?:under|pursuant to|as)\b",
    r"\b(?:request|it|item \d+|items? [\d, and]+|records?|documents?)\b[^.\n]{0,160}?\b(?:is|are|has been|was|were) "
    r"(?:hereby |respectfully |therefore |thus |accordingly |consequently )?(?:denied|rejected|refused)\b",
    r"\bdenied in (?:its entirety|full|part)\b|\bpartially denied\b|^\s*status:\s*denied\b",
    r"\b(?:deny|denies|denied|denying|must deny|is denying)\b[^.\n]{0,20}\b(?:your|the|this) (?:[\w-]+ ){0,5}?"
    r"(?:request|records?)\b",
    r"\b(?:refus\w+|declin\w+)\b[^.\n]{0,20}\b(?:your|the|this|to) (?:\w+ )?(?:request|produce|release|provide|respond)",
    r"^\s*(?:items?|requests?|parts?|nos?\.?) [\w, ()-]{1,40}?\s*[-–—:]\s*(?:denied|withheld)\b",
    # "LVCSC therefore denies Item 7 under Ind. Code 5-14-3-3(a)(1)"
    r"\b(?:deny|denies|denied|denying)\b (?:access to )?(?:items?|parts?|portions?|paragraphs?|numbers?) (?:#|no\.? )?\d",
    r"\b(?:is|are|will be|being|been) withheld\b|\bwithheld (?:in full|in (?:its )?entirety|in part)\b",
    r"\b(?:are|is|will be|is being|are being|we are|we're) withholding\b|\bwithholding the\b",
    r"\b(?:we|district|city|county|office|agency|board|it) (?:hereby |respectfully )?withholds?\b",
    r"\b(?:unable|not able) to (?:provide|release|produce|disclose|fulfill|honor|grant)\b",
    r"\b(?:will not|won't|cannot|can't) be (?:fulfilling|honoring|granting)\b",
    r"\b(?:can ?not|can't|cannot|won't|will not|not going to|not allowed to|are not able to)\b[^.\n]{0,25}"
    r"(?<!-)\b(?:release|releasing|provide|providing|produce|producing|disclose|disclosing|share|sharing|send|"
    r"sending|give|giving|hand|fulfill|fulfilling)\b",
    r"\bnot going to be (?:sharing|releasing|providing|producing|disclosing)\b",
    r"\b(?:is|are) not going out\b|\b(?:won'?t|will not) be going out\b",
    r"\bcontinues? to withhold\b|\bstands by its (?:position|decision|denial)\b",
    r"\bnot something (?:we|the district|the board) (?:release|releases|share|shares|provide|provides|make public)\b",
    r"\bcannot be (?:released|provided|disclosed|produced)\b|\bwill not be (?:released|provided|produced|disclosed|made available)\b",
    r"\bnot to (?:produce|release|disclose)\b|\bdecided not to\b",
    r"\b(?:aren't|are not|isn't|is not) (?:public|public records?)\b|\bnot public records\b",
    r"\b(?:legal|counsel|our lawyer|attorney) says no\b|\bsaid no\b",
    r"\bconstitutes? (?:the \w+'s )?(?:denial|final response)\b",
    r"\b(?:closure reason|reason for closure)\s*:\s*(?:request\s+)?(?:exempt|denied|withheld)\b",
    r"\bdeny (?:inspection|access|disclosure)\b|\bnot disclosable\b|\bnot subject to (?:public )?disclosure\b",
    r"\b(?:is|are) excepted from (?:required )?(?:public )?disclosure\b",
    # refusal verbs in other words: "must respectfully decline it", "not permitted to release",
    # "prohibited from disclosing", "cannot be disclosed", "is exempt and will not be produced"
    r"\b(?:must|have to|has to|will|shall|respectfully|hereby|regretfully|therefore|unfortunately|"
    r"we|i|district|city|office)\s+(?!not\b|never\b)(?:\w+\s+)?(?<!not )declin(?:e|es|ed|ing)\b"
    r"(?=\s+(?:it|them|this|that|the|your|to (?:release|produce|provide|disclose|share|grant|fulfill|honor|"
    r"respond))\b|\s*[.,;]|\s*$)",
    r"\b(?:request|it|records?|documents?) (?:is|are|was|has been) (?:respectfully )?declined\b",
    r"\bnot (?:permitted|allowed|authorized|authorised|at liberty|in a position|legally able) to "
    r"(?:release|disclose|provide|produce|share|make (?:them|it|these|those) available)\b",
    r"\b(?:prohibited|precluded|barred|enjoined) from (?:releasing|disclosing|producing|providing|sharing)\b",
    r"\b(?:records?|documents?|agreements?|contracts?|files?|materials?|they|these|those|them|which)\b"
    r"[^.\n]{0,50}\b(?:cannot|can ?not|may not|must not|will not|shall not) be "
    r"(?:released|disclosed|produced|provided|made public|shared|made available)\b",
    r"\bexempt\b[^.\n]{0,60}\b(?:will not|won't|cannot|can't|shall not) be (?:produced|released|provided|disclosed)\b",
    r"\bnecessary to deny\b|\bmust (?:therefore )?deny\b",
    r"\b(?:is|are) being (?:denied|refused|declined|withheld)\b",
    r"\b(?:denies|denied|denying) access to (?:those|these|the|such|all|any)\b",
    r"\b(?:we|district|city|county|office|agency|board|it)\s+(?:hereby |is |are |must )?(?:assert|asserts|asserting|"
    r"invoke|invokes|invoking|claim|claims|claiming)\b[^.\n]{0,25}\b(?:privilege|exemptions?|exceptions?)\b",
    r"\b(?:must|will|shall|have to|has to|is going to|are going to|need to) (?:respectfully )?withhold\b",
    r"\bnot (?:subject to|available for|open to) (?:public )?(?:release|disclosure|inspection)\b|\bnot releasable\b",
    # "No. Those are vendor proprietary documents and we're not releasing them."
    r"\b(?:we're|we are|we will|district is|district will) not (?:be )?(?:releasing|disclosing|producing|providing) "
    r"(?:them|these|those|it|any|the (?:\w+ )?(?:records|documents|agreements|contracts))\b",
)
# A refusal with a time in it ("will not be able to provide the records within three days",
# "cannot release them until payment") is a delay or a fee, not a denial.
DENIAL_GUARD = re.compile(
    r"\bwaiver\b|\bnot (?:yet )?(?:been )?(?:denied|decided)\b"
    # "will not be able to produce the records within that period": late, not refused
    r"|\bwithin (?:that|this|the) (?:\w+ )?(?:period|time ?frame|deadline)\b|\bwithin (?:\d+|[a-z-]+) "
    r"(?:\(\d+\) )?(?:business |working |calendar )?days\b|\byet\b|\buntil\b"
    # "We cannot release the records without it (the form, the fee, proof of residency)".
    r"|\bwithout (?:it|them|this|that|payment|proof|receiving|a signed|the signed|your)\b"
    # A footer that survived stripping speaks of the message, not of the records.
    r"|\bthis (?:e-?mail|message|communication|transmission)\b|\bwaive\b"
    # A refusal of one way of delivery is no refusal of the records ("not over the phone", "in
    # native format ... PDFs instead"), nor one that needs consent the request does not touch.
    r"|\b(?:by|over the|via) (?:phone|telephone|fax)\b|\binstead\b"
    r"|\bin (?:the |its |their )?(?:native|original|electronic|requested|paper) (?:format|form)\b"
    r"|\bwithout (?:\w+ )?(?:consent|authori[sz]ation|permission|a court order|a subpoena|release form)\b"
    # A rule about a class of records ("records which are exempt will not be released").
    r"|\b(?:records?|information|documents?|materials?) (?:which|that) (?:are|is|may be) (?:exempt|confidential|"
    r"protected|privileged)\b|\bexempt (?:records|information|material|portions) (?:will|shall|cannot|may)\b"
    # "not in the possession, custody or control of this Department": no records here.
    r"|\bnot (?:with)?in (?:the |its |our )?(?:possession|custody)\b"
    # Nothing refused: "no records have been withheld", "we are not withholding anything".
    r"|\b(?:no|none|nothing)\b(?:\s+[\w-]+){0,4}\s+(?:has|have|was|were|is|are|will be)\s+(?:been\s+)?(?:withheld|denied|redacted|refused)\b"
    r"|\bnot (?:withholding|denying|refusing)\b|\bwithout (?:any )?(?:redaction|withholding)s?\b"
    # New York's receipt: "we will grant or deny your request by <date>" (POL § 89(3)(a)).
    r"|\bgrant(?:ed)? or den(?:y|ied)\b|\bgranting or denying\b"
    # 65 P.S. 67.902(b)'s reasons for more time: "requires redaction of a record that is not public"
    r"|\bredaction of (?:a |the )?records?\b|\bwhether (?:the|a) record is\b"
    # "is denied because ... no public records responsive to your request exist" (MCL
    # 15.235(4)(b) calls a no-records answer a denial): nothing is withheld; the sentence's
    # no-records words decide.
    r"|\bden(?:ied|y|ial)\b[^.\n]{0,40}\b(?:because|as|since)\b[^.\n]{0,200}\b(?:(?:do|does|did) not exist|"
    r"no (?:[\w-]+ ){0,4}(?:records?|documents?)\b[^.\n]{0,100}\bexist)",
    re.I,
)

NO_RECORDS = _p(
    r"\bno (?:responsive )?(?:records|documents)\b[^.\n]{0,60}\b(?:responsive|located|found|matching|exist|identified)\b",
    r"\bno (?:information|materials|files|data) (?:responsive|matching)\b",
    r"\b(?:has|have|did) not (?:found|located|find|locate|identified|identify) (?:any )?(?:records|documents)\b",
    # Minn. Stat. 13.03 speaks of "government data": "No government data responsive to your request exist"
    r"\bno (?:government |public )?data (?:responsive|matching)\b[^.\n]{0,40}\bexists?\b",
    r"\b(?:have|has) not (?:entered into|signed|executed) any\b[^.\n]{0,60}\b(?:agreements?|contracts?|mous?|memorand\w+)\b",
    r"\b(?:does|do|did) not (?:hold|have|keep|maintain) (?:\w+ ){0,3}(?:agreements|contracts|mous|records)\b",
    r"\bno (?:responsive )?(?:records|documents) (?:exist|were found|were located)\b",
    r"\b(?:no|zero) (?:responsive (?:records|documents)|results)\b",
    r"\b(?:has|have|had) no (?:\w+ )?(?:records|documents)\b",
    r"\bfound no (?:\w+ ){0,2}(?:records|documents)\b|\bturned up no\b|\brevealed no\b|\b(?:located|identified) no\b",
    r"\b(?:has|have|had) no (?:mous|agreements|contracts|memoranda)\b|\b(?:does|do) not have (?:legal )?(?:custody|possession)\b",
    r"\b(?:has|have|had) no (?:[\w-]+ ){1,3}or (?:other |any )?(?:records|documents)\b",
    r"\bfound no (?:agreements|contracts|mous|memoranda|responsive)\b",
    # held by another body: "would be held by Region 9, not by the Town"; "copies would have to come from the RESC"
    r"\bwould be (?:held|kept|maintained) by\b[^.\n]{0,60}\bnot (?:by )?(?:the|us|our|this)\b",
    r"\b(?:copies|records|they|those|these) would (?:have|need) to come from\b",
    r"\bthere (?:aren'?t|are not|isn'?t|is not) any (?:[\w-]+ ){0,3}(?:records|documents|minutes|agreements|contracts|mous|resolutions)\b",
    r"\bthere (?:aren'?t|are not|isn'?t|is not) any (?:of (?:those|them|these)|such)\b|\bthere'?s no (?:board )?vote\b|\bthere'?s no (?:signed )?(?:agreements?|contracts?)\b",
    r"\b(?:have|has) never (?:voted on|approved|signed|entered into)(?: or (?:voted on|approved|signed))? "
    r"(?:any(?:thing)?|these|those|such)\b|\bnever voted on any\b|\bnothing exists\b",
    r"\b(?:did|does|do|could|were|was) not (?:locate|find|possess|have) (?:any|the)\b",
    r"\b(?:did|does|do|could|were|was) not (?:identify) any\b",
    r"\b(?:don'?t|do not|does not|doesn'?t|didn'?t|did not|couldn'?t|could not) (?:currently )?"
    r"(?:have|find|locate|possess|keep|maintain) (?:any|anything|the records|records|documents|agreements|contracts|copies)\b",
    r"\bnot (?:located|found) any\b|\bhave not located\b",
    r"\bnot in (?:possession|custody) of any\b|\b(?:does|do) not (?:possess|hold) any\b",
    r"\b(?:does not|doesn't|do not) (?:exist|maintain)\b",
    # "The district itself does not hold agreements like these."
    r"\b(?:does not|doesn't|do not|don't) (?:hold|keep|have|possess) (?:\w+ )?(?:agreements|contracts|records|documents|mous)"
    r" (?:like (?:these|those|that|this)|of (?:this|that) (?:kind|type)|such as (?:these|those))\b",
    r"\bno such (?:records?|documents?|agreements?)\b|\bthere are no such\b",
    r"\bthere (?:are|were|is) no (?!other|more|additional|further)(?:\w+ )?(?:records|documents|agreements|contracts|MOUs)\b",
    r"\bno (?:agreements|contracts|mous)\b[^.\n]{0,40}\bexist\b",
    r"\b(?:unable|not able) to (?:locate|find|identify) any\b",
    r"\bnothing (?:responsive )?(?:was |were )?(?:found|located)\b|\bnothing responsive\b",
    r"^\s*nothing found\b|\bwe have none\b|\bfound nothing\b",
    r"\bnever (?:entered into|had|signed|created|shared|done|made|executed)\b|\bhas not (?:entered into|shared)\b",
    # "So there's nothing to send, sorry!"
    r"\b(?:there's|there is|we have|i have) nothing (?:to (?:send|provide|produce|give)|responsive)\b(?! (?:yet|until|at this))",
    r"\b(?:couldn't|could not|didn't|did not) find anything\b",
    r"\bno records (?:responsive|that)\b",
    r"\b(?:nobody|no one|none of us)\b[^.\n]{0,30}\b(?:could|can|was able to|were able to) (?:find|locate|turn up)\b",
    r"\bnothing (?:that )?(?:match(?:es|ed|ing)?|fits|fitting|like (?:that|what|this))\b",
    r"\b(?:we|i|district|office|department|city|county|school|board|agency|it)\s+(?:\w+\s+)?"
    r"(?:does not|doesn't|do not|don't|did not|didn't|never) (?:have|hold|keep|maintain|possess) "
    r"(?:a|an|any such|such an?) (?:\w+ )?(?:contract|agreement|mou|memorandum|list|record|report|policy|log)\b"
    r"(?! (?:number|form))",
    r"\b(?:not been able|been unable) to (?:find|locate|identify) any\b",
    r"\b(?:does not|doesn't|do not|don't) (?:create|keep|maintain|compile)(?: or (?:keep|maintain|create|compile))? "
    r"(?:such|that kind of|this kind of|any such)\b|\bsuch (?:a|an) (?:\w+ )?(?:list|record|document|report) "
    r"(?:does not|doesn't) exist\b",
    r"\bnot the (?:custodian|keeper|holder) of (?:those|these|the|that|this|such) (?:\w+ )?(?:records?|"
    r"documents?|files?|contracts?|agreements?|information|data)\b",
    r"\bcame up (?:empty|with nothing|dry)\b|\bturned up nothing\b",
    r"\b(?:records?|documents?|files?|agreements?|contracts?|e-?mails?|they|none)\b[^.\n]{0,40}\b(?:could not|couldn't|"
    r"cannot|can't) be (?:found|located|identified)\b",
    r"\bnot (?:present|contained|found) in (?:an?|any) (?:existing )?(?:\w+ )?records?\b",
    r"\bnot aware of any (?:such |responsive )?(?:\w+ )?(?:records?|documents?|agreements?|contracts?|files?|e-?mails?|lists?)\b",
    r"\bno (?:[\w-]+ ){0,3}(?:records|documents|agreements|contracts|files|e-?mails|minutes|lists) "
    r"(?:were|was|have been|could be) (?:found|located|identified)\b",
    # "did not yield any records", "searched ... and found none", "no documents matching",
    # "unable to locate records responsive", "not in the possession, custody or control of"
    r"\b(?:did not|didn't|does not|has not|have not|failed to) (?:yield|produce|return|turn up|reveal|"
    r"uncover|locate|identify) any (?:\w+ ){0,2}(?:records?|documents?|results?|responsive|e-?mails?|files?|"
    r"agreements?|contracts?|matches|hits|messages|correspondence)\b",
    r"\b(?:yielded|returned|produced|uncovered) no\b|\b(?:found|located|identified) none\b"
    # "searched for the records ... and has none"
    r"|\b(?:searched|looked|checked)\b[^.\n]{0,120}\band (?:it |we |the district |the office )?(?:has|have|holds?) none\b"
    r"|\bnone (?:were|was|could be) (?:found|located|identified)\b",
    r"\b(?:unable|not able) to (?:locate|find|identify) (?:the |any )?(?!which|what|whether)(?:\w+ )?(?:records?|documents?|"
    r"responsive|e-?mails?|files?|agreements?|contracts?)\b",
    r"\bnot (?:with)?in (?:the |its |our )?(?:possession|custody)\b",
    r"\bno (?:such )?(?:\w+ )?(?:records?|documents?|files?|agreements?|contracts?|e-?mails?) "
    r"(?:matching|that match|fitting|meeting) (?:your|the|that)\b",
)
# "No records yet, still searching" is a progress report, not an answer.
# "Not able to identify responsive records without more information": a question, not an answer.
NO_RECORDS_GUARD = re.compile(
    # "I don't have anything to do with district contracts" (misdirected); a bounce's "the
    # email address you entered couldn't be found"
    r"\b(?:anything|nothing) to do with\b|\bby mistake\b|\be-?mail address\b|\brecipients? or groups\b|"
    # "I don't handle records requests and I don't have any of those agreements myself"; "the
    # list doesn't exist as a single record" (it can be compiled)
    r"\b(?:myself|personally)\b|\bi (?:don'?t|do not) (?:handle|deal with|process) (?:\w+ )?requests\b"
    # an earlier answer recalled: "the items for which it has no records"; "your emails do not identify any"
    # not ready, not absent: "we do not currently have the records compiled, but expect ..."
    r"|\b(?:records?|documents?|them|it|everything)\b[^.\n]{0,20}\b(?:compiled|gathered|scanned|ready|pulled|assembled)\b"
    r"|\byet\b|\bexpect\w* to (?:send|have|provide|get)\b"
    r"|\bfor which (?:it|we|they|the \w+) (?:has|have|had) no\b|\b(?:your|the) (?:\w+ )?(?:e-?mails?|letters?|requests?) (?:do|does|did) not identify\b"
    r"|\bexist\w* as a (?:single|separate|stand-?alone) (?:record|document|list|file)\b|"
    r"\bwithout (?:more|further|additional|some|the following) (?:information|details?|specificity|guidance|"
    r"clarification)\b|\bunless you\b|\buntil (?:you|we (?:receive|hear|get))\b",
    re.I,
)

NOT_YET = _p(
    r"\bat this time\b[^.\n]{0,80}\bstill\b",
    r"\bstill (?:searching|looking|reviewing|researching)\b",
    r"\bcontinu\w+ (?:to )?search",
    r"\bif any (?:responsive )?records are (?:located|found)\b",
    r"\bnot (?:yet|located)[^.\n]{0,60}\bbut\b",
    r"\b(?:running|doing|conducting|starting|begun|began|expanding)\b[^.\n]{0,20}\b(?:a |an )?"
    r"(?:wider|broader|second|further|new|additional|expanded|deeper) search\b",
    r"\b(?:possession|custody)\b[^.\n]{0,40}\byet\b",
    r"\b(?:wider|broader|second|further|new|additional|expanded|deeper) search\b[^.\n]{0,30}"
    r"\b(?:is|are|will be) (?:now )?(?:running|under ?way|in progress|being (?:run|done|conducted))\b",
    r"\b(?:so far|as of (?:yet|now|today)|thus far|to date)\b[^.\n]{0,40}\b(?:no|none|nothing|not)\b"
    r"[^.\n]{0,60}\b(?:still|continu\w+|keep)\b",
)

PRODUCTION = _p(
    r"\bsending (?:along|over|on|you) (?:what|the|these|those)\b|\bhere(?:'s| is| are) what (?:we|i|he|she|they)\b",
    r"\bhere(?:'s| is| are) (?:the |our |your )?(?:first |second |next |last |final |remaining )?(?:set|batch|round)\b",
    r"\b(?:please )?find (?:attached|enclosed)\b",
    r"\battached (?:please find|are|is)(?! (?:an? |the |our )?(?:invoice|form|bill|letter|response|determination))\b",
    r"\benclosed (?:please find|are|is)\b",
    r"\bhere (?:are|is) (?:the|your|a|all) (?:\w+ ){0,3}(?:records|documents|files|agreements|contracts|minutes)\b",
    r"\bsee (?:the )?attached(?! (?:invoice|form|bill|letter|response|update|correspondence from|determination|notice|affidavit))",
    r"^\s*(?:attached|files attached|see attached)\.?\s*$",
    r"(?:[-–—:,;]|\band)\s*(?:(?:it'?s|they'?re|they are|it is|both|all)\s+)?attached\s*[.!]?\s*$",
    r"\b(?:i'?ve|i have|we'?ve|we have) (?:attached|included)\b|\bi am attaching\b|\bsending what we found\b",
    r"\b(?:providing|producing|releasing) the (?:attached|enclosed)\b|\b(?:is|are) providing the attached\b",
    r"\b(?:records|documents|agreements|certificates|minutes|correspondence|files) (?:are |is )?(?:attached|enclosed)\b",
    r"\b(?:first|second|third|next|final) installment\b(?!\s+(?:will|is expected|should))|\bpartial response\b"
    r"|\bfinal response is attached\b",
    r"\bthis (?:completes|concludes) (?:the \w+'s |our )?response\b",
    r"\b(?:is|are) (?:attached|enclosed)\b(?! (?:invoice|form|bill))",
    r"\bas an attachment\b|\b(?:are|is) attached to this (?:e-?mail|message|letter)\b",
    r"^\s*here you (?:go|are)\b|\bthese are the\b[^.\n]{0,40}\b(?:documents|records|agreements)\b",
    r"\bin the (?:attached )?zip\b|\bthe attached (?:records|documents|files)\b",
)
# A production promised, not made: "we will send you the estimated date for the first installment"
PRODUCTION_GUARD = re.compile(
    r"\b(?:will|would|expect\w*|anticipat\w*|estimat\w*)\b[^.\n]{0,80}\b(?:installment|partial response)\b",
    re.I,
)
# Words of money still owed, next to a payment's receipt ("thank you for your deposit; the balance
# of $40 is due on pickup"): the fee stands.
STILL_OWED = re.compile(
    r"\bbalance\b|\bremaining (?:amount|cost|fee)s?\b|\b(?:still |now )?(?:due|owed|outstanding)\b"
    r"|\bplease (?:remit|pay)\b|\bremit\b|\b(?:is|are) required\b",
    re.I,
)

LINK_PRODUCTION = _p(
    r"\b(?:records?|documents?|files?) (?:have been|has been|were|was|are) (?:released|uploaded|posted|shared)\b",
    r"\b(?:records?|documents?|files?)\b[^.\n]{0,60}\b(?:have been|has been) delivered to your (?:\w+ ){0,4}account\b",
    r"\b(?:records|documents|files|agreements) (?:are|is) (?:now )?(?:available|ready|posted|here)\b",
    r"\b(?:records|documents|files)\b[^.\n]{0,60}\b(?:are|is) (?:now )?(?:available|ready)\b",
    r"\bavailable (?:for|to) download\b|\bready for download\b",
    r"\b(?:download|access|retrieve|view) (?:them|the (?:\w+ )?(?:records|documents|files)|your documents|the released)\b",
    r"\b(?:download|retrieve) (?:it|them|everything|the (?:\w+ )?(?:set|batch|installment)) (?:here|at|from|using|via)\b",
    r"\b(?:uploaded|posted|shared|placed|sent)\b[^.\n]{0,60}\b(?:records|documents|files|agreements|folder)\b"
    r"(?!\s+(?:request|center|portal|office|officer|custodian|act|law)\b)",
    r"\b(?:records|documents|files|agreements|installment)\b[^.\n]{0,40}\b(?:uploaded|posted|shared|placed)\b",
    # "All of the agreements, with their exhibits, are posted on our Student Data Privacy page:"
    r"\b(?:records?|documents?|files|agreements?|contracts?|mous?|minutes)\b[^.\n]{0,100}?\b(?:are|is|have been|has been) "
    r"(?:all )?(?:posted|published|available)(?: publicly| online)? (?:on|at|through|in) (?:our|the|their|[\w-]+ at)\b",
    r"\b(?:records?|documents?|pages|files|agreements?)\b[^.\n]{0,60}\bcan be (?:downloaded|accessed|retrieved|viewed)\b",
    r"\b(?:packets?|agendas?)\b[^.\n]{0,30}\b(?:are|is) (?:all )?(?:posted|published) (?:on|at|in) (?:our|the)\b",
    r"\blink to the (?:records|documents|files)\b|\bhere(?:'s| is) (?:the|a) (?:new |correct |updated |fresh |working )?(?:share |download )?link\b|\bthe correct (?:folder|link) (?:for your request )?is here\b|\b(?:use|via) the (?:link|following)\b",
    r"\b(?:secure )?file[- ](?:transfer|sharing) (?:site|link|portal|service)\b",
    r"\b(?:next )?batch of records has been released\b|\bhas been released to you\b",
    r"\bthrough the following\b[^.\n]{0,30}\blink\b",
    # "The agreements are in the folder below"; "they're all posted on the alliance site:"
    r"\b(?:records|documents|files|agreements|contracts|mous)\b[^.\n]{0,40}\b(?:are|is) (?:in|at) the "
    r"(?:\w+ )?(?:folder|link|drive)\b",
    r"\b(?:they|these|those)(?:'re| are) (?:all )?(?:posted|published) (?:on|at)\b",
    # "All our contracts are on the transparency page. https://..."
    r"\b(?:records|documents|agreements|contracts|mous|dpas)\b[^.\n]{0,80}\b(?:are|is) (?:all )?(?:on|in|at) (?:our|the) "
    r"(?:[\w-]+ ){0,5}(?:page|site|website|web site|registry|portal)\b",
    # "all of our signed agreements are already public"; "we post every executed agreement on"
    r"\b(?:records?|documents?|agreements?|contracts?|mous?|dpas?|items?|everything)\b[^.\n]{0,60}\b(?:are|is|we'?ve got is) "
    r"(?:already |all )?(?:public(?! records?\b)|publicly available|online)\b",
    r"\b(?:put|posted|uploaded|saved) (?:it|them|everything|it all|the (?:records|files|contracts)) (?:in|on|to) (?:a|an|the|our)\b"
    r"[^.\n]{0,40}\b(?:folder|drive|dropbox|box|sharepoint|onedrive|share)\b",
    r"\b(?:we|board|district|office|it) (?:posts?|publish(?:es)?) (?:every|all|each|our|its) (?:\w+ ){0,3}"
    r"(?:agreements?|contracts?|records|documents|mous?)\b",
    r"\bwhat you (?:asked|are asking|requested|were asking) for\b[^.\n]{0,40}\b(?:is|are) (?:already )?(?:public|"
    r"posted|online|on (?:our|the))\b",
)
# Hosts that only share files; a link there is the records (or nothing).
FILE_SHARE_HOST = re.compile(
    r"sharepoint\.com|onedrive|1drv\.ms|dropbox\.com|drive\.google\.com|docs\.google\.com|"
    r"(?:^|\.)box\.com|wetransfer\.com|we\.tl|sharefile\.com|egnyte\.com|sendspace\.com",
    re.I,
)

# One definition of an auto-reply subject, the parser's (Lotus "AUTO:" only with away words).
OUT_OF_OFFICE_SUBJECT = AUTO_REPLY_SUBJECT
OUT_OF_OFFICE_BODY = re.compile(
    r"\bout of (?:the )?office\b|\bon (?:vacation|leave)\b|\blimited access to (?:e-?mail)\b"
    r"|\b(?:currently )?away\b[^.\n]{0,40}\b(?:return|back)\b",
    re.I,
)

# Words in a body that point to the answer being elsewhere (an attached letter).
# A list's mailing ("you are receiving this because you subscribed to board notices"): it is
# about no request, whatever it attaches or announces.
SUBSCRIPTION_NOTICE = re.compile(
    r"\byou (?:are receiving|received|get) this (?:\w+ )?(?:notice|e-?mail|message|notification|newsletter)s? "
    r"because you(?: are| have)? (?:subscribed|signed up|opted in)\b|\bto unsubscribe\b|\bunsubscribe from\b"
    r"|\byou are receiving this newsletter\b|^\s*unsubscribe\b|\bunsubscribe\s*\||\|\s*unsubscribe\b",
    re.I | re.M,
)
POINTS_TO_LETTER = re.compile(
    r"\b(?:see|find|review|read|attached is|attached please find|enclosed is)\b[^.\n]{0,40}\b(?:letter|response|"
    r"determination|correspondence|update|decision|notice)\b|\bsee (?:the )?attached\.?\s*$",
    re.I | re.M,
)
DUE_PROMISE = re.compile(DATE, re.I)

# A receipt that also says the agency will not do something with the records ("the district is
# not going to be sharing copies", "we will not be fulfilling it"): it is no plain receipt, and
# its refusal may be phrased in words the denial table lacks, so a person reads it. Checked only
# where the reply would otherwise be an acknowledgement.
REFUSAL_SHAPE = _p(
    # ... or that the request is closed ("Request 26-402 has been closed ... it duplicates
    # request 26-418, which is being processed"), from a portal we may not know by name.
    r"\b(?:request|it)(?: #?[\w-]*\d[\w-]*)? (?:has been|was|is now) closed\b",
    # the verb's own forms only: "does not name a sender" refuses nothing
    r"\b(?:not|never|won'?t|cannot|can'?t|unable to|declin\w*|refus\w*)\b(?:\s+\w+){0,4}?\s+(?:(?:shar|releas|"
    r"provid|produc|disclos|giv|complet)(?:e|es|ed|ing)|fulfill?(?:s|ed|ing)?|send(?:s|ing)?|comply(?:ing)?|"
    r"process(?:es|ed|ing)?|honou?r(?:s|ed|ing)?|fill(?:s|ed|ing)?|turn\w* over|hand\w* over|"
    r"mak\w* (?:\w+ )?available)\b",
)
REFUSAL_SHAPE_GUARD = re.compile(
    r"\bplease do not\b|\b(?:do(?:es)?n'?t|do(?:es)? not) (?:need|have) to\b|\bnot be delayed\b",
    re.I,
)

# An automatic response from a records mailbox can be its receipt ("your request for public
# information has been received and logged") or its rule ("requests sent here are not received
# until entered in the portal"); a person's away notice is neither. Away words, English and
# Spanish, and what a records mailbox's response must be about.
AWAY = re.compile(
    r"\bout of (?:the )?office\b|\bon (?:vacation|leave|holiday)\b|\baway from\b|\blimited access\b"
    r"|\b(?:return|returning|be back|back in the office)\b[^.\n]{0,30}\b(?:on|until|monday|tuesday|"
    r"wednesday|thursday|friday|\d)|\bfuera de la oficina\b|\bausente\b|\bde vacaciones\b",
    re.I,
)
ABOUT_A_REQUEST = re.compile(
    # the request itself received or logged ("your request for public information has been
    # received and logged"), not a note that "public records requests may take ten days"
    r"\b(?:your|this|the) (?:[\w-]+ ){0,4}?requests?\b[^.\n]{0,60}\b(?:has been|was|is|were|have been) "
    r"(?:\w+ )?(?:received|logged|assigned|entered|opened|recorded)\b"
    # a records office's own mailbox acknowledging what came in ("Thank you for contacting the
    # FOIA office ... your message has been received and will be entered in our tracking system")
    r"|\b(?:foia|foil|opra|open records|public records|records|right-to-know) (?:office|unit|mailbox|team|center)\b"
    r"[^\n]{0,300}\b(?:received|logged|entered|tracking)\b"
    # a portal-only mailbox's rule
    r"|\brequests? (?:are|is) (?:only )?(?:accepted|received|processed) (?:only )?(?:through|via|in|on)\b"
    r"|\bnot (?:be )?(?:considered|deemed) received\b|\b(?:mailbox|address|account) (?:does|do) not accept\b"
    r"|\bcannot be processed until (?:they are|it is) submitted\b",
    re.I,
)
# A responder that sends the requester elsewhere: the request did not reach the right office.
MISDIRECTED = re.compile(
    r"\b(?:do|does|can) not (?:handle|process) (?:[\w-]+ ){0,3}requests\b"
    r"|\bnot the (?:correct|right|appropriate) (?:office|address|department|person)\b|\bwrong (?:office|address)\b",
    re.I,
)

# The receipt of the requester's appeal or request for review ("the Office of Open Records has
# received the appeal filed by ...", "your Request for Review has been assigned file number"):
# it answers the appeal, not the request, so it is no acknowledgement (that would move an
# appealed request back to acknowledged) and its notice of appeal is no records.
APPEAL_NOTICE = re.compile(
    r"\b(?:received|receipt of|docketed|logged|assigned)\b[^.\n]{0,60}\b(?:your |the )?(?:appeal|request for review|"
    r"petition for review|request for assistance|(?:formal )?complaint)\b(?! (?:rights|deadline|period|window|process|procedure))"
    r"|\b(?:appeal|request for review|petition for review|request for assistance|formal complaint)\b[^.\n]{0,60}\b(?:has been|was|is|have been) "
    r"(?:received|docketed|filed|assigned|opened|logged)\b",
    re.I,
)
