"""Delays: more time, a new date, an answer running late (extension), and the law's own time frame as a guard.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_facts import DATE
from foia_tracker.intake.reply_patterns.common import _p

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
    r"will need|would like to request|asked|asking|petitioned)\b[^.\n]{0,40}\b(?:more|additional|extra|further) time\b",
    r"\b(?:more|additional|extra|further) time (?:is|will be) (?:therefore |also )?(?:needed|required|necessary)\b",
    # NMSA 1978, § 14-2-10: "the records custodian has determined that your request is
    # excessively burdensome or broad" (more time, a reasonable period, follows)
    r"\b(?:has|have) determined that (?:your|the|this) request is excessively burdensome\b",
    r"\b(?:additional|extra|another|further|more)\s+(?:approximately\s+|about\s+)?"
    r"(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))?\s+(?:business |working |work |calendar )?(?:days?|weeks?|hours?)\b"
    r"(?! (?:of (?:work|labor|staff time|search\w*|review)|locating|searching|reviewing|redacting|pulling|to (?:locate|search|find|review|redact|pull)))",
    # ... but hours of work are effort, not a delay ("about 3 more hours locating", a fee's sum)
    r"\b(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:additional|more|extra) (?:business |working |work |calendar )?"
    r"(?:days|weeks|hours|hrs)\b(?! (?:of (?:work|labor|staff time|search\w*|review)|locating|searching|reviewing|redacting|pulling|to (?:locate|search|find|review|redact|pull)))",
    # "allow roughly three weeks" — weeks or months, or more time on top: a receipt's "please
    # allow five business days" restates a normal period and is no delay
    r"\ballow (?:roughly |about |approximately |around |up to |at least )?(?:another |an additional |a further )?"
    r"(?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:more )?(?:weeks|months)\b"
    r"|\ballow (?:another|an additional|a further) (?:\d{1,3}|[a-z-]+)(?:\s*\(\d{1,3}\))? (?:business |working |work |calendar )?days\b",
    r"\bextend\w*\b[^.\n]{0,60}\b(?:time|deadline|due date|response|period|date)\b",
    r"(?<!each )(?<!every )(?<!any )\b(?:time|deadline|due date|response date|processing period|(?:target |estimated )?"
    r"completion date|target date)\b[^.\n]{0,60}\b(?:extended|changed|moved|revised|updated)\b",
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
    r"\b(?:will )?need (?:approximately |about |up to )?\d{1,3} (?:business |working |work |calendar )?days\b",
    r"\b(?:need|require|estimate)\w*\b[^.\n]{0,30}\buntil\b",
    r"\brolling (?:production )?basis\b",
    r"\bplease allow (?:us|me|the \w+) (?:a reasonable amount of|additional|more|extra|some more) time\b",
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
    # Va. Code § 2.2-3704(B)(4): "it is not practically possible to provide the requested records
    # ... within the five-work-day period"; RCW 42.56.520(2): "we have revised our estimate"
    r"\bnot practically possible to (?:provide|respond|determine)\b",
    # T.C.A. § 10-7-503(a)(2)(B)(iii): "it is not practicable to make the requested records
    # promptly available", with the time reasonably necessary
    r"\bnot practicable to (?:make|provide|produce|promptly)\b",
    # Neb. Rev. Stat. § 84-712(4): "not able with reasonable good faith efforts to fulfill it within
    # four business days ... The earliest practicable date for fulfilling your request is"
    r"\b(?:not able|unable)\b[^.\n]{0,50}\bto fulfill (?:it|the request|your request)\b[^.\n]{0,20}\bwithin\b|\bearliest practicable date\b",
    # "Realistically I don't think we can get everything ... over to you before February 12"
    r"\b(?:don'?t|do not) think (?:we|i) (?:can|will) get\b[^.\n]{0,60}\b(?:before|by|until)\b"
    r"|\blater than (?:what )?(?:i|we) (?:said|told you|promised|estimated)\b",
    r"\b(?:will|would|should) (?:be|become) available no earlier than\b",
    r"\brevised (?:our |the |its )?(?:estimate|date|timeline|time ?frame)\b(?! range)"
    r"|\b(?:i|we) (?:have to |had to |need to |must |will |'ll )?revis(?:e|ing) (?:our|the|my) (?:estimate|date|timeline|time ?frame)\b(?! range)",
    # "My new estimate is Friday, January 8, 2027"; "we won't be able to finish pulling them by November 20"
    r"\b(?:(?:my|our|the) new (?:estimate|target date|target|response date|due date|completion date)|(?:my|our) new date)\b"
    r"(?![^.\n]{0,40}\b(?:meeting|hearing|session|board)\b)[^.\n]{0,40}\b(?:is|will be)\b"
    r"(?=[^.\n]{0,25}\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|\d{1,2}/\d))",
    r"\b(?:won'?t|will not|can'?t|cannot|not) be able to (?:finish|complete)\b[^.\n]{0,60}\bby\b(?! (?:myself|ourselves|hand|email|mail)\b)",
    # "I expect to be able to send that portion in early January"
    r"\b(?:expect|hope|plan|anticipate)\w* to (?:be able to )?(?:send|have|provide|get|release|finish)\b[^.\n]{0,60}"
    r"\b(?:in|by|around) (?:early |mid-?|late |the end of )?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b(?! \d)",
    r"\b(?:expect|hope|plan|anticipate)\w* to (?:be able to )?(?:send|have|provide|get|release|finish)\b[^.\n]{0,60}"
    r"\bthe week of\b",
    # 1 M.R.S. § 408-A, RSA 91-A:4, IV: "some of the records are not immediately available"; a
    # schedule of installments
    r"\b(?:records?|documents?|portions?|some of (?:the|them))\b[^.\n]{0,40}\b(?:are|is) not (?:immediately|yet) available\b",
    r"\b(?:have|has)(?:n't| not) (?:yet )?(?:gotten|got|been able to get) to (?:your|the|this|her) (?:\w+ )?request\b",
    r"\b(?:plan|expect|intend)\w* to (?:release|produce|provide|send) (?:the )?(?:records|documents|them) in (?:installments|parts|batches)\b",
    # Miss. Code Ann. § 25-61-5(1)(b): "unable to produce the records by the seventh working day"
    r"\b(?:unable|not able) to (?:produce|provide|release|respond|complete)\b[^.\n]{0,40}\b(?:by|within) the (?:\w+[- ])?(?:working|business|calendar|work) days?\b",
    # "The District now anticipates providing the third installment on or before March 26"
    r"\b(?:anticipate|expect)s? (?:providing|sending|releasing|producing|having)\b[^.\n]{0,60}"
    r"\b(?:on or before|no later than|by)\b",
    # K.S.A. 45-218(d): "we cannot make the records available within three business days ...
    # The earliest the records will be ready is Friday, January 8"
    r"\b(?:cannot|can'?t|can not|unable to|not able to) make (?:the |these |those )?records available within\b"
    r"|\bthe earliest (?:the records|they|it|we|everything) (?:will|can|could|would) be (?:ready|available|sent)\b",
    # "I am not able to provide all documents by the originally estimated date of June 8"
    r"\b(?:unable|not able) to (?:produce|provide|release|send|complete)\b[^.\n]{0,40}\bby the (?:\w+ )?"
    r"(?:estimated |expected |original |promised )?(?:date|deadline)\b",
    # A progress report: "the technology coordinator is still going through the vendor
    # agreements"; "the superintendent's files have not been searched yet". Read sentence by
    # sentence, so "item 4: we have no certificates" beside it stays that item's answer.
    r"\bstill (?:going|working|digging|sorting) through\b|\bstill (?:checking|gathering|pulling|collecting)\b",
    r"\bnot (?:been )?(?:searched|checked|reviewed|looked through) yet\b",
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
    r"(?:business |working |work |calendar )?(?:days|weeks|hours|hrs)\b",
    r"\b(?:a few|a couple(?: of)?|several) (?:more|extra|additional) (?:business |working |work )?(?:days|weeks|wks)\b",
    # "realistically it will be the first week of December before I have anything for you";
    # "realistically it will be after winter break"
    r"\b(?:it'?s|it will|it'll) (?:probably |likely |realistically )?(?:going to )?be (?:the |at least )?(?:first|second|"
    r"third|last|end|middle|early|late|mid-?)\b[^.\n]{0,40}\bbefore (?:i|we) (?:have|get|can|send|will)\b",
    r"\b(?:will|it'?ll) (?:realistically |probably |likely )?be (?:after|past) (?:the )?(?:winter|spring|summer|holiday|"
    r"thanksgiving|christmas|new year)\b",
    # KRS 61.872(5): records "in active use, in storage or not otherwise available", with the
    # date they will be
    r"\b(?:are|is) in active use\b|\b(?:are|is) (?:stored|kept|in storage) off-?site\b",
    r"\b(?:will|would|is going to|are going to) be (?:somewhat |slightly |a (?:bit|little) )?"
    r"(?:delayed|late|later than)\b",
    r"\bnot (?:be )?in a position to (?:respond|reply|complete|finish|meet|comply|provide (?:a|our|the) response)\b",
    r"\b(?:won't|will not|cannot|can't|can not|unable to|not be able to|not able to) "
    r"(?:make|meet|hit|keep|comply with|respond (?:by|within)) (?:the|our|its|your|that) "
    r"(?:[\w-]+ ){0,2}(?:deadline|due date|time ?frame|timeline|date|period)\b",
    r"\b(?:past|beyond|after) the (?:\w+ )?(?:deadline|due date|response date)\b",
    r"\bstill (?:working|gathering|compiling|collecting|pulling|going) (?:on|through)\b[^.\n]{0,80}"
    r"\b(?:by|before|until|no later than|another|more time|next week|end of)\b",
    r"\bpetition\w*\b[^.\n]{0,60}\b(?:supervisor of records|for an? extension)\b",
    r"\b(?:not able|unable|cannot|can't) (?:to )?grant or deny\b[^.\n]{0,60}\bwithin\b",
    # 65 P.S. § 67.902: "the IU is taking additional time to respond"
    r"\b(?:we are|we're|(?:district|office|iu|agency|county|city|board|school|unit) is) taking (?:some |a few )?"
    r"(?:more|additional|extra) (?:time|days|weeks)\b",
    r"\b(?:need|needs|needed|require|requires|asking for|ask for) (?:a (?:bit|little) |some |a few )?"
    r"(?:more|additional|extra) (?:time|days|weeks)\b",
    r"\btaking (?:more time|longer) than (?:expected|anticipated|planned|usual)\b",
    r"\bwill now be (?:provided|sent|completed|issued|made|released|produced)\b[^.\n]{0,30}\b(?:by|on|no later than)\b",
    r"\b(?:will not|won't) be (?:ready|available|done|complete|finished)\b[^.\n]{0,30}\b(?:until|before|by|within)\b",
    r"\b(?:records|documents|them|it|response|answer|everything|files)\b[^.\n]{0,30}\b(?:after|until after) "
    r"the (?:new year|holidays?|holiday break|winter break|first of the year)\b",
    r"\b(?:not able to|unable to|could not|couldn't|did not|didn't) (?:finish|complete|respond|get (?:it|this) done) "
    r"(?:by|within|before) (?:the |today's |our |its |your )?(?:\w+ )?(?:deadline|due date|date|period)\b",
    r"\b(?:request|response|answer|reply|records|documents|production|it|this|we|i)\b[^.\n]{0,25}"
    r"\b(?:will|would|is going to) be (?:a (?:few|couple of) (?:days|weeks)|a (?:day|week|bit|little)) late\b",
    r"\b(?:request|response|it|this|review|search|process\w*|records?|production|redaction\w*)\b[^.\n]{0,20}"
    r"\bwill take (?:approximately |about |roughly |around )?(?:another |an additional )?(?:\d{1,3}|[a-z-]+)"
    r"(?:\s*\(\d{1,3}\))? (?:more |additional |extra )?(?:business |working |work |calendar )?(?:weeks?|months?)\b",
    r"\b(?:response|deadline|due date|release|production|it|this)\b[^.\n]{0,40}\b(?:pushed|moved|postponed|"
    r"rescheduled|bumped) (?:back |out )?(?:to|until)\b",
    # "The earliest date I can give you for the first set is Friday, January 15"; "will instead
    # go out on or before April 2"; "you should plan on hearing from us by January 8"; records
    # that "exist but are not available yet" with a timeline (O.C.G.A. § 50-18-71(b)(1)(A))
    r"\bearliest (?:date|day) (?:i|we) can (?:give you|promise|commit to|offer)\b",
    # "unable to provide an initial response ... I will follow up with you on or before April 13"
    r"\b(?:i|we) will (?:follow up|get back|be in touch|write (?:to you )?again|update you)\b[^.\n]{0,25}"
    r"\b(?:on or before|no later than|by)\s+" + DATE,
    r"\bwill instead (?:go out|be (?:sent|ready|available|provided|produced|released|completed))\b[^.\n]{0,30}"
    r"\b(?:on or before|by|on|no later than)\b",
    r"\bplan on (?:hearing from (?:us|me)|receiving|getting)\b[^.\n]{0,40}\bby\b(?! (?:e-?mail|mail|phone|fax|post|courier)\b)",
    r"\b(?:now )?(?:anticipate|expect)\w* (?:granting|to grant) or (?:denying|deny)\b[^.\n]{0,60}\bby\b",
    r"\b(?:are|is) not (?:yet )?available yet\b|\bexist\w* but (?:are|is) not (?:yet )?available\b(?! (?:to|for) (?:the )?public)",
    r"\bhop(?:e|es|ing) to (?:have|get|send|finish|complete|wrap)\b[^.\n]{0,50}\b(?:by|next week|this week|"
    r"end of|early|mid|late|monday|tuesday|wednesday|thursday|friday)\b",
)

# Wording of a statutory or normal time frame: a promise within the law is no extension.
# Tex. Gov't Code § 552.301: the ruling asked for holds the withheld part; the clock is the AG's.
# Read with its own guard: "asking the Attorney General for a decision about whether the
# information may be withheld" is no conditional, "if we ask the Attorney General" is.
AG_RULING = _p(
    r"\b(?:has|have|is|are) (?:asked|asking|requested|requesting|sought|seeking)\b[^.\n]{0,40}\battorney\s+general\b[^.\n]{0,30}\b(?:for )?an? (?:decision|ruling|opinion)\b",
    r"\brequest for an? (?:decision|ruling|opinion) from\s+the\s+(?:office\s+of\s+the\s+)?attorney\s+general\b",
)
AG_RULING_GUARD = re.compile(
    r"^\s*(?:if|in the event|should|when|once|unless|where)\b|\bif (?:we|it|the|a|an|any)\b"
    r"|\bwithdr[ae]wn?\b|\bwithdrawing\b|\bmoot\b|\bno longer\b|\bnot (?:needed|necessary)\b|\brescind"
    r"|\b(?:a|any) governmental body\b",
    re.I,
)
EXTENSION_GUARD = re.compile(
    r"\bwithin the time (?:allowed|permitted|required|provided)\b|\bas (?:required|permitted|allowed) by (?:law|statute)\b"
    r"|\bas the (?:statute|law|act) (?:requires|provides|allows|permits)\b|\bwithin a reasonable time\b"
    r"|\bas (?:provided|required|permitted) (?:by|under|in) (?:law|the law|statute|the act)\b"
    # "on or before the third business day following receipt, as Chapter 610 RSMo requires"
    r"|\bas (?!(?:the |this |your )?(?:request|it) requires\b)(?:[\w.§-]+ ){1,5}requires\b"
    # "no later than the statutory three business days" (but "not ... within the statutory
    # period, we expect January 8" is an extension)
    r"|\bno later than the (?:statutory|required|legal)\b"
    # the law's option, not this request's delay: "the District may extend the time for
    # response by up to five (5) additional business days" (5 ILCS 140/3(e))
    r"|\b(?:may|might|can) (?:also )?extend\b(?![^.\n]*\b(?:(?:are|is|am) doing so|are extending|have extended)\b)"
    # C.R.S. 24-72-203(3)(b) restated: "within three working days, or up to seven more working
    # days if extenuating circumstances apply"
    r"|\bif (?:extenuating|unusual) circumstances\b"
    # an appeal office's rule: "a final determination will be issued within thirty (30) calendar
    # days unless the requester agrees to an extension" (65 P.S. § 67.1101(b)(1))
    r"|\b(?:unless|if) (?:the )?(?:requester|you|both parties|the parties) agrees?(?: in writing)? to (?:an|the|any|a further) extension\b"
    # time counted from her payment, while the fee holds the clock: "we expect to provide the
    # copies within 10 business days after the deposit is received" (Neb. Rev. Stat. § 84-712(3))
    r"|\b(?:after|once|upon receipt of|when) (?:the |your |her )?(?:deposit|payment|fee|acceptance)\b"
    r"(?:[^.\n]{0,20}\b(?:is|has been|was|are) (?:received|paid|made))?"
    # "unless that period is extended in unusual circumstances" (KRS 61.880(2)(a)): the law's rule
    r"|\bunless (?:that|the|this|such) (?:period|time|deadline)\b"
    # "we will either complete our response or give you a written estimate of the date of
    # completion within ten business days" (ORS 192.329(2)): an estimate promised, not a delay
    r"|\b(?:give|provide|send) you (?:a |an )?(?:written )?(?:reasonable )?estimate of (?:the )?(?:date|time)\b",
    re.I,
)

# The date already given stands ("Nothing has changed from the date I gave you"; "we are still on
# track for December 4"): a progress report then moves no clock.
DATE_STANDS = re.compile(
    r"\bnothing has changed (?:from|since|with|about|on) (?:the|my|our) (?:date|timeline|estimate)\b"
    r"|\b(?:still|remains?) on (?:track|schedule|target)\b|\bon (?:track|schedule|target) for (?:the |our |my |that |your )?"
    r"(?:\w+ )?(?:date|deadline|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)"
    r"|\b(?:the )?(?:date|estimate|timeline) (?:i|we) gave you (?:still )?(?:stands|holds|is unchanged)\b"
    r"|\bno change (?:to|in) the (?:date|timeline|estimate|schedule)\b",
    re.I,
)
