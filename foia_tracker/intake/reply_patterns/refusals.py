"""Refusals: the agency's own denial, its guards, and a receipt that refuses something.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_patterns.absence import NOT_BOUND_TO_CREATE
from foia_tracker.intake.reply_patterns.common import _p

# A denial needs the agency's own refusal: a verb of refusing, withholding or being unable to
# release, about the request or the records. "The records are confidential" alone refuses nothing.
DENIAL = _p(
    # her challenge to redactions answered: "the District has determined that those redactions
    # will remain"; "the denial is upheld" (POL § 89(4)(a))
    r"\b(?:redactions?|withholdings?|(?:the|our|its) denial|(?:the|our|its) decision to withhold) (?:will|shall|must) (?:remain|stand)\b"
    r"|\b(?:the|our|its) (?:denial|redactions?|withholding) (?:is|are) (?:upheld|affirmed|maintained|sustained)\b",
    # Wis. Stat. § 19.35(1)(a) balancing: "The records are therefore withheld in their entirety."
    r"\b(?:records?|documents?|agreements?|they|these|those)\b[^.\n]{0,20}\b(?:are|is|will be) (?:therefore |hereby |accordingly )?withheld\b",
    # "... are not open records"; "For these reasons the City is not producing records in response"
    r"\b(?:are|is) not (?:open|public) records?\b",
    r"\b(?:is|are|am) not (?:producing|releasing|providing|disclosing) (?:any )?(?:records|documents|them|the)\b",
    # RSMo 610.021: the Sunshine Law's word for withheld records is "closed"
    r"\b(?:has|have) closed (?:these|the|those|such) records\b|\brecords? (?:are|is|remain) closed (?:under|pursuant to|as)\b",
    r"\b(?:request|it|item \d+|items? [\d, and]+|records?|documents?)\b[^.\n]{0,160}?\b(?:is|are|has been|was|were) "
    r"(?:hereby |respectfully |therefore |thus |accordingly |consequently )?(?:denied|rejected|refused)\b",
    r"\bdenied in (?:its entirety|full|part)\b|\bpartially denied\b|^\s*(?:status|decision|determination|disposition):\s*denied\b",
    # "The District has reviewed your request with legal counsel and is denying it in full"
    r"\b(?:is|are|am|we are|we're) (?:hereby |respectfully )?denying (?:it|them)\b",
    r"\b(?:deny|denies|denied|denying|must deny|is denying)\b[^.\n]{0,20}\b(?:your|the|this) (?:[\w-]+ ){0,5}?"
    r"(?:request|records?)\b",
    r"\b(?:refus\w+|declin\w+)\b[^.\n]{0,20}\b(?:your|the|this|to) (?:\w+ )?(?:request|produce|release|provide|respond|process)",
    # "We don't release vendor contracts, they contain proprietary information."
    r"\b(?:we|the district|the board) (?:don'?t|do not|can'?t|cannot|won'?t|will not) release (?:\w+ ){0,3}"
    r"(?:contracts|agreements|records|documents|those|these|them)\b"
    # (how or when, not whether: "we don't release them by email", "before the parent signs",
    # "on Friday because City Hall is closed")
    r"(?! (?:to|before|until|without|by|via|over|through|on|at|in|unless|except)\b)",
    # a portal's closure reason: "Denied - The requestor did not provide proof of citizenship"
    r"(?:^|:)\s*denied\s*[-–—:]\s+(?:the )?(?:requester|requestor|you|your)\b",
    r"^\s*(?:items?|requests?|parts?|nos?\.?) [\w, ()-]{1,40}?\s*[-–—:]\s*(?:denied|withheld)\b",
    # "LVCSC therefore denies Item 7 under Ind. Code 5-14-3-3(a)(1)"
    r"\b(?:deny|denies|denied|denying)\b (?:access to )?(?:items?|parts?|portions?|paragraphs?|numbers?) (?:#|no\.? )?\d",
    r"\b(?:is|are|will be|being|been) withheld\b|\bwithheld (?:in full|in (?:its )?entirety|in part)\b",
    r"\b(?:are|is|will be|is being|are being|we are|we're|i am|i'm) (?:therefore |now |also |hereby )?withholding\b|\bwithholding the\b",
    r"\b(?:we|district|city|county|office|agency|board|it) (?:hereby |respectfully )?withholds?\b",
    r"\b(?:unable|not able) to (?:provide|release|produce|disclose|fulfill|honor|grant)\b"
    r"(?! (?:you )?(?:with )?(?:a |an |any )?(?:status|update|date|timeline|time ?frame|estimate)\b)"
    r"(?![^.\n]{0,40}\b(?:by the (?:\w+ )?(?:estimated |expected |original )?(?:date|deadline)|in time|within the)\b)",
    r"\b(?:will not|won't|cannot|can't) be (?:fulfilling|honoring|granting)\b",
    r"\b(?:can ?not|can't|cannot|won't|will not|not going to|not allowed to|are not able to)\b[^.\n]{0,25}"
    r"(?<!-)\b(?:release|releasing|provide|providing|produce|producing|disclose|disclosing|share|sharing|send|"
    r"sending|give|giving|hand|fulfill|fulfilling)\b"
    # (a date missed, not a refusal: "will not be able to provide the third installment ... by
    # today, March 5, as previously estimated")
    r"(?![^.\n]{0,80}\b(?:by (?:today|tomorrow|the (?:\w+ )?(?:date|deadline))|as (?:previously |originally )?"
    r"(?:estimated|promised|planned|scheduled)|in time|within the)\b)",
    r"\bnot going to be (?:sharing|releasing|providing|producing|disclosing)\b",
    r"\b(?:is|are) not going out\b|\b(?:won'?t|will not) be going out\b",
    r"\bcontinues? to withhold\b|\bstands by its (?:position|decision|denial)\b",
    # "After review, the District has determined to withhold these records in their entirety."
    r"\b(?:has|have) (?:determined|decided) to withhold\b",
    # Ark. Code Ann. § 25-19-105(a)(1)(A): "the Sheriff's Office is not required to respond to
    # requests ... from an out-of-state requestor. Therefore, you will not be receiving response"
    r"\byou will not (?:be )?receiv(?:e|ing) (?:a |any )?(?:response|reply|records|the records|documents)\b",
    r"\b(?:closed|denied|rejected)\b[^.\n]{0,30}\b(?:due to|because of|as) (?:(?:its |it )?being |it is )?(?:unduly|overly|excessively) burdensome\b",
    # "We have not identified any records that are responsive ... except for those that are
    # exempt from disclosure": records exist, and are kept back
    r"\bexcept (?:for )?(?:those|the ones|records|the records)\b[^.\n]{0,30}\bexempt from (?:disclosure|production)\b",
    r"\bnot something (?:we|the district|the board) (?:release|releases|share|shares|provide|provides|make public)\b",
    r"\bcannot be (?:released|provided|disclosed|produced)\b|\bwill not be (?:released|provided|produced|disclosed|made available)\b",
    r"\bnot to (?:produce|release|disclose)\b|\bdecided not to\b",
    r"\b(?:aren't|are not|isn't|is not) (?:public|public records?)\b|\bnot public records\b",
    r"\b(?:legal|counsel|our lawyer|attorney) says no\b|\bsaid no\b",
    r"\bconstitutes? (?:the \w+'s )?denial\b",
    r"\b(?:closure reason|reason for closure)\s*:\s*(?:request\s+)?(?:exempt|denied|withheld)\b",
    r"\bden(?:y|ies|ying) (?:inspection|access|disclosure)\b|\bnot disclosable\b|\bnot subject to (?:public )?disclosure\b",
    # "Items 2-4 are not subject to the Open Records law" (outside the Act: KRS 61.872 reaches public records only)
    r"\b(?:are|is) not subject to the (?:open|public) records? (?:law|act)\b",
    r"\b(?:is|are) excepted from (?:required )?(?:public )?disclosure\b",
    r"\b(?:are|is) (?:exempt|withheld) (?:from (?:public )?disclosure )?in (?:their|its) entirety\b",
    # Neb. Rev. Stat. § 84-712.04's written denial: "This letter is the ESU's written denial"
    r"\b(?:this|the) (?:letter|e-?mail|notice|response) is (?:the|our|its|an?) (?:[\w.-]+ )?(?:[\w.-]+'s )?(?:written |formal )?denial\b",
    r"^\W*(?:records withheld|reasons? for (?:the )?denial)\s*:(?!\s*(?:n/?a|none|nil|-|not applicable|\.|$))",
    # an appeal decided against her (MCL 15.240(2)); Missouri's "closed records" (RSMo 610.021)
    r"(?<!not )(?<!to )\b(?:has upheld|have upheld|upholds|decided to uphold) (?:the|its|our) (?:partial )?(?:denial|decision to withhold)\b",
    r"\b(?:are|were|remain|being) closed (?:records )?(?:under|pursuant to) (?:RSMo\s*§?\s*|section\s*|§\s*)610\.021",
    r"\b(?:determined|concluded) that (?:these|the|those|all|this) (?:\w+ ){0,3}?(?:are|is) exempt\b"
    r"(?! from (?:the |any )?(?:\w+ )?(?:fees?|charges?|copying|costs?|deadline))",
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
# Words that only sound like a refusal, unless the agency refuses in the same clause in its own
# voice ("the district is withholding information that cannot be released under FERPA"):
# "takes no position on whether ... is excepted", "why we cannot meet that date and to give you a
# date certain" (Public Officers Law § 89(3)(a)), "student information that cannot be released",
# "a person whose request is denied may ...", "to issue a determination that ...".
DENIAL_SOFT_GUARD = re.compile(
    r"\bwhether\b[^.\n]{0,60}\b(?:is|are|should be) (?:excepted|exempt|withheld|confidential)\b|\btakes? no position\b"
    r"|\b(?:meet|make|keep|hit) (?:that|the|this|our|its|your) (?:\w+ )?(?:date|deadline|time ?frame|timeline)\b|\bdate certain\b"
    r"|\b(?:records?|information|documents?|materials?|data) (?:which|that) (?:cannot|can not|may not|must not|will not) be "
    r"(?:released|disclosed|provided|produced)\b"
    r"|\b(?:a |any )?(?:person|requester|requestor|party|applicant) whose (?:\w+ )?(?:request|application)\b"
    r"|\bto (?:issue|make|provide) (?:a |any |its )?determination\b",
    re.I,
)
OWN_REFUSAL = re.compile(
    r"\b(?:we|i|the (?:district|city|county|office|agency|board|department|authority|university|school))\b"
    r"[^.\n]{0,30}\b(?:den(?:y|ies|ying)|withh(?:old|olds|olding)|declines?|will not (?:release|produce|provide|disclose))\b",
    re.I,
)
# A refusal with a time in it ("will not be able to provide the records within three days",
# "cannot release them until payment") is a delay or a fee, not a denial.
DENIAL_GUARD = re.compile(
    # what redaction removes: "(the information would require redactions to be made to remove
    # the presence of confidential information not subject to disclosure under the Act)"
    r"\b(?:redact\w*|remove|removing)\b[^.\n]{0,80}\b(?:not subject to disclosure|(?:is|are) not public)\b|"
    # "A public agency cannot provide records that do not exist": no records, not a refusal
    r"\b(?:records|documents|that|what) (?:that |which )?do(?:es)? not exist\b|\b(?:records|documents)\b[^.\n]{0,30}\bdo(?:es)? not exist\b|"
    r"\bwaiver\b|\bnot (?:yet )?(?:been )?(?:denied|decided)\b"
    # the law quoted as a reminder: 'Please keep in mind, the County cannot "give, sell or
    # provide access to lists of individuals requested for commercial purposes"' (RCW 42.56.070(8))
    r"|\bkeep in mind\b[^.\n]{0,40}\b(?:cannot|can not|can't|may not|shall not)\s*[\"\u201c]"
    # nothing refused: "No records are being withheld at this time" (a Va. Code § 2.2-3704(B)(4)
    # letter taking its seven more days)
    r"|\b(?:no|none of the) (?:records?|documents?|information|portions?)\b[^.\n]{0,20}\b(?:are|is|were|was|will be|have been|has been) (?:being )?withheld\b"
    r"|\bnothing (?:is|was|will be|has been) (?:being )?withheld\b"
    # a portal's standing footnote: "Please note: records exempt from public access under
    # Section 708(b) ... will not be released. This notice is generated automatically."
    r"|(?:\bplease note\b:?|^\s*note:)[^.\n]{0,40}\brecords (?:that are )?exempt\b"
    r"|\b(?:including )?records (?:that are )?(?:protected|exempt) (?:by|under|from)\b[\s\S]{0,160}?\bwill not be released\b"
    # what a response would contain: "any record or portion of a record the District withholds
    # would be identified together with the provision relied upon"
    r"|\bany (?:record|records|portion)\b[^.\n]{0,80}\bwould be\b"
    # late, not refused: "access ... cannot be provided immediately" (RSMo 610.023.3); "we will
    # not be releasing the records today"; a class of records kept out of the request ("student
    # education records ... will not be released through this process")
    r"|\b(?:cannot|can'?t|will not|won'?t) (?:be )?(?:provided|produced|released?|releasing|made available)\b"
    r"[^.\n]{0,25}\b(?:immediately|today|yet|until \w+ \d|by \w+ \d|within|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    r"|\bthrough this (?:process|portal|center)\b"
    # the fee first: "we are not permitted to release copies before payment"
    r"|\b(?:before|until|prior to|without) (?:the )?(?:payment|prepayment|deposit|fee)\b|\bonce payment is received\b"
    # a card, not a request: "Your card was declined when we tried to process the fee"; a fee
    # waiver's own "Denied - ..." line
    r"|\b(?:card|payment|transaction|charge)s? (?:was |were |has been |is )?declined\b|\bwaiver\b"
    # Miss. Code Ann. § 25-61-5(1)(b): "unable to produce the records by the seventh working day"
    r"|\b(?:unable|not (?:be )?able|cannot|can ?not|can't)\b[^.\n]{0,40}\b(?:by|on|before|within) the (?:\w+[- ])?"
    r"(?:working|business|calendar|work) days?\b"
    # "will not be able to produce the records within that period": late, not refused
    r"|\bbefore (?:denying|it denies|we deny)\b"
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


# A receipt that also says the agency will not do something with the records ("the district is
# not going to be sharing copies", "we will not be fulfilling it"): it is no plain receipt, and
# its refusal may be phrased in words the denial table lacks, so a person reads it. Checked only
# where the reply would otherwise be an acknowledgement.
REFUSAL_SHAPE = _p(
    # ... or that the request is closed ("Request 26-402 has been closed ... it duplicates
    # request 26-418, which is being processed"), from a portal we may not know by name.
    r"\b(?:request|it)(?: #?[\w-]*\d[\w-]*)? (?:has been|was|is now) closed\b|\b(?:have|has) closed (?:the |this |your )?request\b",
    # the verb's own forms only: "does not name a sender" refuses nothing
    r"\b(?:not|never|won'?t|cannot|can'?t|unable to|declin\w*|refus\w*)\b(?:\s+\w+){0,4}?\s+(?:(?:shar|releas|"
    r"provid|produc|disclos|giv|complet)(?:e|es|ed|ing)|fulfill?(?:s|ed|ing)?|send(?:s|ing)?|comply(?:ing)?|"
    r"process(?:es|ed|ing)?|honou?r(?:s|ed|ing)?|fill(?:s|ed|ing)?|turn\w* over|hand\w* over|"
    r"mak\w* (?:\w+ )?available)\b",
)
REFUSAL_SHAPE_GUARD = re.compile(
    r"\bplease do not\b|\b(?:do(?:es)?n'?t|do(?:es)? not) (?:need|have) to\b|\bnot be delayed\b"
    # "your letter's reference to another state's statute does not affect how we process it"
    r"|\b(?:do(?:es)?n'?t|do(?:es)? not|will not|won'?t) (?:affect|change|alter)\b"
    + "|"
    + NOT_BOUND_TO_CREATE,
    re.I,
)
# A reply that opens with "Denied." (a flattened form's "Fee waiver / Denied." opens nothing).
# "Denied." / "Request Denied due to ..." opening the reply (a form's stamp with its reason)
OPENING_DENIAL = re.compile(
    r"\s*((?:request )?denied\s*[.!]|request denied(?= due to| because))(?=\s*\S)", re.I
)
# The word alone ("request is DENIED", "DENIED in full"): the reason beside it says what it means.
BARE_DENIED = re.compile(
    r"(?:(?:your |the )?request is )?denied(?: in (?:full|part|its entirety))?", re.I
)
# ... and a ground other than absence, named beside it, keeps the denial.
OTHER_GROUND = re.compile(
    r"\bconfidential|\bprotected\b|\bexempt|\bFERPA\b|\bprivilege|§"
    # a request refused as it is written (R.C. 149.43(B)(2)): "denied as ambiguous and overly broad"
    r"|\boverly broad\b|\bambiguous\b|\bunduly burdensome\b"
    # other grounds, in words a campaign about data privacy agreements does not use for its own
    # subject ("privacy" and "security" alone are the subject: "data privacy agreement folder")
    r"|\binvestigation\b|\blitigation\b|\bclassified as (?:private|protected|controlled)\b"
    r"|\binvasion of (?:personal )?privacy\b|\bpersonnel (?:records?|files?)\b|\bendanger\w*|\btrade secrets?\b",
    re.I,
)
