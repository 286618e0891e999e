"""Receipts: the request arrived, was logged, is being worked on (acknowledgement).

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_patterns.common import _REQ, _p

ACKNOWLEDGEMENT = _p(
    r"\backnowledg\w*\b",
    r"\b(?:this (?:e-?mail |letter |note |message )?)?confirm\w*\b[^.\n]{0,40}\b(?:receiv|receipt|request|arriv|made it|logged)",
    r"\b(?:we|i|we'?ve|i'?ve|office|district|department|city|county)\s+(?:have\s+|has\s+)?received your "
    r"(?:\w+ )?(?:request|letter|e-?mail|message)",
    r"\b(?:has|have|got) (?:your|the) (?:\w+ )?request\b(?! (?:id|number|no\.?|#)\b)",
    r"\b(?:your|this|the) " + _REQ + r",? (?:which )?(?:has been|was|is being|is|were|arrived)\b"
    r"[^.\n]{0,30}\b(?:received|submitted|logged|processed|entered|assigned|created|opened)",
    r"\b(?:has been|is being|was) (?:received and )?(?:is being )?(?:processed|logged|entered)\b"
    r"(?! with the following (?:final )?disposition)",
    r"\b(?:in receipt of|received,? thank|received\.)",
    r"^\s*(?:got it|got this|got your (?:request|e-?mail|letter|note)|received|noted)\b(?!:)",
    # ("Given the number of requests lately" is no receipt)
    r"\b(?:assigned|given) (?:the )?(?:reference |tracking |request |confirmation )?(?:number|no\.|#)(?! of\b)",
    # "your request is with our Technology department and we are pulling together what we have"
    r"\byour request is (?:now )?with (?:our|the)\b|\b(?:we are|we're) (?:pulling|putting) together\b",
    r"\b(?:reference|tracking|confirmation) (?:number|no\.|#)\b",
    r"\bthank you for (?:submitting|your interest in public records|your (?:\w+ )?request)",
    # a receipt's promise of the answer's window: "Expect to hear back from us in about 10
    # business days with any records that match your request" (Oregon: a receipt within five
    # business days, ORS 192.324; the answer or an estimate within ten more, ORS 192.329)
    r"^\W*(?:please )?(?:expect|you (?:can|should|may) expect) to hear (?:back )?from (?:us|this office|the \w+)\b"
    r"(?=[^.\n]{0,20}\b(?:in|within) (?:about |approximately |roughly )?(?:\w+ )?(?:\(\d+\) )?(?:business |working |calendar )?days\b)",
    r"\b(?:i|we|i've|we've|has been|have been|was|been|is being)\s+(?:forwarded|passed|sent|routed|"
    r"assigned|referred)\b[^.\n]{0,30}\bto (?:our|the|a|appropriate|relevant)\b",
    r"\bshared (?:your|the|this) (?:\w+ ){0,3}request with\b|\b(?:will|shall) provide a response\b",
    r"\b(?:i'?ve|i have|we'?ve|we have|i'?ll|i will|we will|we'?ll)\s+(?:pass|forward|send|route|hand|share)\w* "
    r"(?:this|it|your request)\b",
    r"\b(?:start|started|begun|began|begin|starting)\s+(?:to\s+)?(?:pull|gather|collect|search|process|work|look)\w*",
    r"\b(?:will|'ll)\s+(?:be in (?:touch|contact)|get back to you|follow up|circle back|reach out|update you)\b",
    r"\b(?:look|looking) into (?:it|this|your request)\b",
    # "I've logged this as PRR 26-0291. I'll get it over to our CTO"
    r"\blogged (?:this|it|your request) (?:as|under)\b|\b(?:it'?s|it is|this is) logged (?:as|under)\b|"
    r"\b(?:i'?m|i am|we'?re|we are) (?:forwarding|passing|sending) (?:it |this |your request )?(?:on )?to (?:her|him|our|the)\b|\b(?:i'?ll|i will|we'?ll|we will) get (?:it|this|your request) over to\b",
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
    # "I have opened file 26-0412 for this and will be your contact going forward"
    r"\bopened (?:a |the )?(?:new )?(?:file|case|matter|ticket)\b|\bwill be your (?:point of )?contact\b",
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
    r"(?:request|message|e-?mail|letter))(?:, [^,\n]{1,60},)?(?: (?:along|on|over|below))? to\b|^\s*(?:forwarded|passed|sent) (?:it )?to (?:mr|ms|mrs|dr|our|the)\b|^\s*rec'?d\b",
    # "I printed it and put it in Mr. Okafor's box"; "I sent it over to them just now"
    r"\bput it (?:in|on) (?:mr|ms|mrs|dr|his|her|the)\b[^.\n]{0,30}\b(?:box|inbox|mailbox|folder|desk)\b"
    r"|\b(?:i|we) did (?:get|receive) your (?:letter|e-?mail|request|message)\b"
    r"|\b(?:i|we) (?:have )?sent (?:the|your) (?:revised |narrowed |updated )?request to\b"
    r"|\b(?:sent|passed|forwarded) it (?:over|along|on) to\b",
    r"\b(?:request|it|this)\b[^.\n]{0,20}\b(?:is|are|has been (?:updated|changed|set) to|status(?: is)?:?) (?:now )?"
    r"[\"'“]?(?:in progress|in process|being processed|open)\b",
    r"\b(?:we|i)\s+(?:have\s+|'ve\s+)?(?:logged|entered|recorded|registered|docketed) (?:your|the|this) (?:\w+ )?request\b",
    r"\b(?:will be|is going to be|'ll be) (?:reaching out|in touch|contacting you|getting back to you)\b",
    r"\b(?:is|are) (?:now )?with (?:our|the) (?:\w+ ){0,3}(?:team|office|department|unit|staff|clerk|custodian|counsel)\b",
    r"\b(?:is|remains) (?:now )?pending (?:with|before|in) (?:our|the)\b",
    r"\b(?:is being|will be|has been assigned to be) handled by\b",
    r"\b(?:the|our|its|a|district's|city's|county's|agency's) response is (?:due|expected) (?:on|by)\b",
    # GovQA: "Your message has been added to the existing public information request"
    r"\b(?:message|follow-?up|correspondence|e-?mail|reply) (?:has been|was) added to (?:the|your) (?:existing |open )?"
    r"(?:[\w-]+ ){0,3}request\b",
    r"^\W*(?:current )?status\s*:\s*(?:in progress|in process|open|assigned|under review)\b",
    # "Staff are now pulling the agreements and I will send them to you as soon as they are ready"
    r"\b(?:now|currently) (?:pulling|gathering|collecting|compiling|assembling) (?:the|your|all the|responsive)\b",
    r"\bin the order (?:in which )?(?:they are|it was|requests are|they were) received\b"
    r"|\bin the order (?:they|it) arrive",
)

# "I have received your OPRA request below. However, you have not requested a specific
# document.": the receipt leads into what is wrong with the request, a question, or what came
# with it, and that part is the news: a person reads it. Not "However, please note the office is
# closed on Friday" or "but please allow ten business days" (the tenth review).
RECEIPT_THEN_BUT = re.compile(
    r"\b(?:received|in receipt of) (?:your|the) (?:[\w-]+ ){0,3}" + _WHAT_WE_GOT + r"\b[^.\n]{0,80}"
    r"(?:[.;]\s+however|,\s+(?:however|but)),?\s+(?:you (?:have not|haven'?t|did not|didn'?t|must|need|will need)\b|"
    r"(?:your|the|this) request (?:is|was|does|did|has|must)\b|it (?:appears|seems|is not)\b|"
    r"(?:(?:we|i) )?(?:need(?:ed)?|wanted|want|must) (?:to )?(?:first )?(?:confirm|clarify|ask|know)\b|"
    r"the attached\b|this (?:is not|does not)\b|(?:we|i) (?:cannot|can'?t|are unable|am unable)\b|"
    r"(?:[\w'’]+ ){1,4}(?:require|requires|required) (?:that )?(?:all |your |the |a |requests?\b))",
    re.I,
)

# A receipt said only as a possibility ("If your request was successfully received, a
# confirmation will follow") confirms nothing.
RECEIPT_GUARD = re.compile(
    # ... nor does asking the requester to confirm one ("Could you confirm you received it?")
    r"\b(?:can|could|would) you (?:please )?confirm\b|"
    # money expected, not a request received: "The records will be released once payment is received."
    r"\b(?:once|when|after|until|upon) (?:the |your )?(?:payment|deposit|check|fee) (?:is|has been) received\b|"
    # her mail went astray: "Your message was sent to the former district office address"
    r"\byour (?:message|e-?mail|request|letter) was sent to (?:the|a|an|our) (?:former|old|wrong|incorrect|previous|closed)\b|"
    r"^\s*(?:if|in the event|should|unless|when)\b|\bif (?:your|the|this|a|an) (?:\w+ )?"
    + _WHAT_WE_GOT
    + r"\b",
    re.I,
)

# A thank-you for the requester's own thanks ("You're very welcome, Pat! Glad everything opened.")
# under her subject "... received, thank you": the receipt is in her words, not the agency's.
WELCOME_ONLY = re.compile(
    r"\byou'?re (?:very |most )?welcome\b|\bglad (?:everything|it|they|that|the)\b", re.I
)
