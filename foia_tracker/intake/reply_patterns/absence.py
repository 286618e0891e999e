"""No responsive records, and the progress reports that are not that answer yet.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_patterns.common import _p

# What an office lacks that is no record: the means to do something, or a property of the records
# it has (not personnel, budget or equipment records: people ask for those).
_NOT_A_RECORD = (
    r"ability|capacity|capability|means|authority|option|"
    r"(?:staff|resources|time|software|tools|equipment|technology) to|certification from"
)
NO_RECORDS = _p(
    r"\bthere (?:is|was|are|were) no (?:written |such )?documentation (?:regarding|of|about|concerning)\b",
    r"\bthere (?:is|are) no (?:particular |such )?records? responsive to (?:your|this|the) request\b",
    r"\bsearch\b[^.\n]{0,40}\bdid not (?:result in|return|yield) any (?:records?|documents?|policies|results|"
    r"responsive|such|guidance|information|materials|e-?mails|files|minutes|correspondence)\b(?![^.\n]{0,80}\bbut\b)",
    r"\bno (?:responsive )?(?:records|documents)\b[^.\n]{0,60}\b(?:responsive|located|found|matching|exist|identified)\b",
    r"\bno (?:information|materials|files|data) (?:responsive|matching)\b",
    # 1 V.S.A. § 318(a)(3)'s certificate: "the district has no record of that kind"
    r"\b(?:has|have|holds?|keeps?) no (?:such )?records? (?:of (?:that|this|the) (?:kind|type|sort)|like that)\b",
    r"\b(?:has|have|did) not (?:found|located|find|locate|identified|identify) (?:any )?(?:records|documents)\b",
    # Minn. Stat. 13.03 speaks of "government data": "No government data responsive to your request exist"
    r"\bno (?:government |public )?data (?:responsive|matching)\b[^.\n]{0,40}\bexists?\b",
    r"\b(?:have|has) not (?:entered into|signed|executed) any\b[^.\n]{0,60}\b(?:agreements?|contracts?|mous?|memorand\w+)\b",
    r"\b(?:we|the district|the board|the school) (?:don'?t|do not|doesn'?t|does not|never) (?:sign|enter into|have) any (?:of )?(?:those|these|such|them)\b",
    # R.I. Gen. Laws § 38-2-7(c): "does not have or maintain the requested records"
    r"\b(?:does|do) not (?:have|hold|keep|maintain|possess) or (?:have|hold|keep|maintain|possess) (?:(?:the|any|such) )?"
    r"(?:requested |responsive )?(?:records|documents|agreements)\b(?! (?:about|of|on) (?:some|one|item))",
    r"\b(?:they|it|the \w+(?: \w+)?) (?:would|will|should) have (?:those|these|the|any such) (?:\w+ )?(?:agreements|records|contracts|documents),? not (?:us|we|the district)\b",
    r"\b(?:does|do|did) not (?:hold|have|keep|maintain) (?:\w+ ){0,3}(?:agreements|contracts|mous|records)\b",
    # Minn. Stat. ch. 13 speaks of data: "does not hold the data you requested"
    r"\b(?:does|do|did) not (?:hold|have|keep|maintain) the data you (?:requested|asked for|seek)\b",
    r"\bno (?:responsive )?(?:records|documents) (?:exist|were found|were located)\b",
    r"^\W*there (?:are|were|is) no (?:[\w-]+, ){1,8}(?:or |and )?(?:any )?(?:similar |such |other )?(?:[\w-]+ )?"
    r"(?:records|documents|files|data)\b",
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
    r"\b(?:did|does|do|could|were|was) not (?:locate|find|possess|have) (?:any|the)\b"
    # (not "I do not have any idea how long it will take", "any way of knowing"; a Kansas
    # appraiser's "does not have the ability to accept credit card payments"; an Oregon clerk's
    # "a spreadsheet format that does not have any certification from our office")
    r"(?! (?:idea|way|estimate|timeline|time ?frame|date|update|answer|" + _NOT_A_RECORD + r")\b)",
    r"\b(?:did|does|do|could|were|was) not (?:identify) any\b",
    r"\b(?:don'?t|do not|does not|doesn'?t|didn'?t|did not|couldn'?t|could not) (?:currently )?"
    r"(?:have|find|locate|possess|keep|maintain) (?:any|anything|the records|records|documents|agreements|contracts|copies)\b"
    r"(?! (?:idea|way|estimate|timeline|time ?frame|date|update|answer|" + _NOT_A_RECORD + r")\b)",
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
    r"\b(?:we|i|district|office|department|city|county|school|board|agency|it|town|township|borough|village|"
    r"municipality|corporation|university|college)\s+(?:\w+\s+)?"
    r"(?:does not|doesn't|do not|don't|did not|didn't|never) (?:have|hold|keep|maintain|possess) "
    r"(?:a|an|any such|such an?) (?:\w+ )?(?:contract|agreement|mou|memorandum|list|record|report|policy(?! (?:of|to)\b)|log)\b"
    # not a person ("does not have a record custodian for the Fire District": a referral)
    r"(?! (?:number|form|custodian|keeper|officer|clerk|manager)\b)",
    r"\b(?:not been able|been unable) to (?:find|locate|identify) any\b",
    r"\b(?:does not|doesn't|do not|don't) (?:create|keep|maintain|compile)(?: or (?:keep|maintain|create|compile))? "
    r"(?:such|that kind of|this kind of|any such)\b|\bsuch (?:a|an) (?:\w+ )?(?:list|record|document|report) "
    r"(?:does not|doesn't) exist\b",
    r"\bnot the (?:custodian|keeper|holder) of (?:those|these|the|that|this|such|any) (?:[\w-]+ ){0,3}(?:records?|"
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
    r"\b(?:yielded|returned|produced|uncovered) no\b(?! (?:later|sooner|earlier|more|less|fewer)\b)|\b(?:found|located|identified) none\b"
    # "searched for the records ... and has none"
    r"|\b(?:searched|looked|checked)\b[^.\n]{0,120}\band (?:it |we |the district |the office )?(?:has|have|holds?) none\b"
    r"|\bnone (?:were|was|could be) (?:found|located|identified)\b",
    r"\b(?:unable|not able) to (?:locate|find|identify) (?:the |any )?(?!which|what|whether)(?:\w+ )?(?:records?|documents?|"
    r"responsive|e-?mails?|files?|agreements?|contracts?)\b",
    r"\bnot (?:with)?in (?:the |its |our )?(?:possession|custody)\b",
    r"\bno (?:such )?(?:\w+ )?(?:records?|documents?|files?|agreements?|contracts?|e-?mails?) "
    r"(?:matching|that match|fitting|meeting) (?:your|the|that)\b",
    # an item's own answer: "Item 4 - we have no certificates of destruction or return"
    r"\b(?:we|i|it|district|office|department|city|county|agency|board|school|division)\s+(?:\w+\s+)?(?:has|have|had|keeps?|holds?) "
    r"no (?:[\w-]+ ){0,3}(?:certificates|notices|forms|minutes|resolutions|lists|logs|schedules|dpas|reports|"
    r"policies|memos|memoranda|letters|invoices|spreadsheets)\b",
)
# "No records yet, still searching" is a progress report, not an answer.
# "Not able to identify responsive records without more information": a question, not an answer.
# The law's rule, recited in a receipt: "The County is not obligated to create documents that
# do not exist" (the common rule that a request reaches existing records only): no answer.
NOT_BOUND_TO_CREATE = (
    r"\b(?:not|never|no|under no) (?:\w+ )?(?:obligat\w+|required|obliged|duty|need(?:ed)?) to (?:create|generate|"
    r"compile|produce|make)\b[^.\n]{0,60}\b(?:that|which) (?:do(?:es)? not|don'?t|doesn'?t) (?:already )?exist\b"
)
NO_RECORDS_GUARD = re.compile(
    NOT_BOUND_TO_CREATE + "|"
    # a person who is not the custodian: "I'm a trustee, not staff, so I don't keep any of those"
    r"\b(?:i'?m|i am) (?:just |only )?(?:a |an )?(?:trustee|board member|parent|volunteer|teacher|coach)\b|\bnot staff\b|"
    # a description too broad to search (MCL 15.233(1)): "unable to identify the records sought in
    # Item 7 from the description given" asks her to describe them, it finds nothing absent
    r"\bfrom the description\b|\bwithout knowing\b|"
    # "not identified any records ... except for those that are exempt from disclosure": kept back
    r"\bexcept (?:for )?(?:those|the ones|records|the records)\b[^.\n]{0,30}\bexempt\b|"
    # "I don't have anything to do with district contracts" (misdirected); a bounce's "the
    # email address you entered couldn't be found"
    r"\b(?:anything|nothing) to do with\b|\bby mistake\b|\be-?mail address\b|\brecipients? or groups\b|"
    # "I don't handle records requests and I don't have any of those agreements myself"; "the
    # list doesn't exist as a single record" (it can be compiled)
    r"\b(?:myself|personally)\b|\bi (?:don'?t|do not) (?:handle|deal with|process) (?:\w+ )?requests\b"
    # an earlier answer recalled: "the items for which it has no records"; "your emails do not identify any"
    # not ready, not absent: "we do not currently have the records compiled, but expect ..."
    r"|\b(?:records?|documents?|them|it|everything)\b[^.\n]{0,20}\b(?:compiled|gathered|scanned|ready|pulled|assembled)\b"
    # a staff note sent by mistake: "I don't want to say we don't have anything and then find out..."
    r"|\b(?:want|going|about|need) to (?:say|tell (?:her|him|them|you))\b|\bbefore we (?:answer|respond|reply)\b"
    # how records are filed, not whether they exist: "does not keep its contracts according to
    # whether they involve personal information"
    r"|\b(?:keep|maintain|organi[sz]e|file|index)\w*\b[^.\n]{0,40}\b(?:according to|by whether|by reference to|in a way|in that way|"
    r"in (?:a|the|that) (?:form|format|manner))\b"
    r"|\byet\b|\b(?:so|thus) far\b|\bexpect\w* to (?:send|have|provide|get)\b"
    # a practice, not a record: "does not maintain a practice of releasing directory information"
    r"|\bmaintain (?:a|any) (?:practice|policy|position)\b"
    # where, not whether: "does not keep these agreements in one place"
    r"|\bin (?:one|a single) (?:place|file|location|folder|system)\b|\bcentrally\b"
    r"|\bfor which (?:it|we|they|the \w+) (?:has|have|had) no\b|\b(?:your|the) (?:\w+ )?(?:e-?mails?|letters?|requests?) (?:do|does|did) not identify\b"
    r"|\bexist\w* as a (?:single|separate|stand-?alone) (?:record|document|list|file)\b"
    r"|\b(?:don'?t|do not|doesn'?t|does not) (?:have|keep|maintain) a (?:single|separate|stand-?alone) (?:list|document|record|file)\b"
    # "the school opened in August 2022, so nothing exists before then": the period, not an answer
    r"|\bexists? before (?:then|that|\d{4})\b|"
    # the form, not the records: "because these records do not exist in electronic format" (paper
    # copies exist; 65 P.S. § 67.701 does not make an agency create an electronic one), "does not
    # exist in the format requested"; not "in electronic format or otherwise", "whether stored in
    # electronic form or on paper", nor beside its own "there are no records" (the tenth review)
    r"\b(?:exist|keep|kept|maintain|stor|held|hold)\w*\b[^.\n;]{0,30}\bin (?:(?:an? |the |that |this |its )?(?:electronic|digital|"
    r"paper|hard[ -]?copy|searchable|native|requested|spreadsheet|database|sortable) (?:format|form)|"
    r"the (?:format|form) (?:you )?(?:requested|asked for|sought))\b"
    r"(?![^.\n;]{0,40}\b(?:or (?:otherwise|on paper|in paper|paper|electronic\w*|digital\w*|any other)|either)\b)"
    r"(?![^.\n]{0,200}\b(?:no (?:such )?(?:records|documents)|none (?:exist|were)|destroyed|does not exist (?:at all|either))\b)|"
    r"\bwithout (?:more|further|additional|some|the following) (?:information|details?|specificity|guidance|"
    r"clarification)\b|\bunless you\b|\buntil (?:you|we (?:receive|hear|get))\b",
    re.I,
)

NOT_YET = _p(
    r"\bat this time\b[^.\n]{0,80}\bstill\b",
    r"\bstill (?:searching|looking|reviewing|researching)\b",
    r"\b(?:little|no) (?:to no )?success (?:thus far|so far|yet|to date)\b",
    r"\b(?:has|have)(?:n't| not) (?:yet )?(?:located|found|pulled|gathered)\b[^.\n;]{0,80}\byet\b",
    r"\b(?:are|is) now (?:checking|searching|looking (?:in|through))\b",
    r"\bstill waiting (?:on|for) (?:the )?(?:search )?results\b",
    r"\bsearch (?:is|remains) still (?:under ?way|ongoing|in progress|going on)\b",
    r"\bsearch\b[^.\n;]{0,60}\b(?:is|remains) (?:continuing|ongoing)\b",
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
    # RCW 42.56.080(2) installments: "just using the term ... produced zero results. ... We
    # estimate the next installment will be available on or before August 29" (more to come)
    # ("no further installments will be provided", "should more come to light, a further
    # installment will be sent" promise nothing: only a promise with its date counts)
    r"(?<!\bno )(?<!\bnot )(?<!\bany )\b(?:next|further|another|second|third|remaining) (?:installment|batch|production)s? "
    r"(?:will|should|is expected to|are expected to) be (?:available|ready|released|provided|sent|posted) "
    r"(?:on or before|by|on|no later than)\b",
)
