"""Records given: attached (production words) or by link, and bodies that point to an attached letter.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_facts import DATE
from foia_tracker.intake.reply_patterns.common import _p

# A file-share service's notice ("Records Office shared a folder with you"); its footer's
# "Unsubscribe from these emails" makes it no list mailing.
SHARED_WITH_YOU = r"\bshared (?:a|the|this) (?:folder|file|document)s? with you\b"
SHARE_NOTICE = re.compile(SHARED_WITH_YOU, re.I)

PRODUCTION = _p(
    r"\bsending (?:along|over|on|you) (?:what|the|these|those)\b|\bhere(?:'s| is| are) what (?:we|i|he|she|they)\b",
    r"\bhere(?:'s| is| are) (?:the |our |your )?(?:first |second |next |last |final |remaining )?(?:set|batch|round)\b",
    r"\b(?:please )?find (?:attached|enclosed)\b",
    # Cook County: "Please find the attached document that is most responsive to your request."
    r"\b(?:please )?find the (?:attached|enclosed) (?:documents?|records?|files?|spreadsheets?|copies|copy)\b"
    r"(?=[^.\n]{0,40}\bresponsive\b)",
    r"\battached (?:please find|are|is)(?! (?:an? |the |our )?(?:invoice|form|bill|letter|response|determination))\b",
    r"\benclosed (?:please find|are|is)\b",
    # "Please see the scanned letter from the Superintendent and the enclosed documents"
    r"\b(?:and|with) the (?:enclosed|attached) (?:documents|records|copies|agreements|files)\b",
    r"\bhere(?: are| is|'s) (?:the|your|a|all) (?:\w+ ){0,4}?(?:records|documents|files|agreements|contracts|minutes|dpas|mous)\b",
    r"\bsee (?:the )?attachments? (?:for|with|containing) (?:the |all )?(?:responsive |requested )?"
    r"(?:records|documents|response to (?:the|your) (?:other |remaining )?items)\b"
    r"(?!\s+(?:fee|request|form|polic|schedule|you\b|to be\b|for you|that you))"
    r"|\bsee (?:the )?attachments? for our response to (?:the|your) (?:other |remaining )?items\b",
    # (not "Please see attached correspondence regarding your public records request": a letter)
    r"\bsee (?:the )?attached(?! (?:invoice|form|bill|letter|response|update|correspondence from|determination|notice|affidavit)"
    r"|(?: \w+)? correspondence (?:regarding|about|concerning|related to|on|in (?:regard|reference|response) to) (?:your|the|this)\b)",
    r"^\s*(?:attached|files attached|see attached)\s*[.:]?\s*$",
    r"\b(?:i am|i'm|we are|we're) (?:now )?sending (?:you )?(?:the )?(?:copies|records|documents|files)\b(?! to (?!you\b))"
    r"|(?:^|[-–—,:;]\s*)attaching (?:the|our|all|both|these|those|copies|\d)",
    r"(?:[-–—:,;]|\band)\s*(?:(?:it'?s|they'?re|they are|it is|both|all)\s+)?attached\s*[.!]?\s*$",
    r"\b(?:i'?ve|i have|we'?ve|we have) (?:attached|included)\b|\bi am attaching\b|\bsending what we found\b",
    r"\b(?:providing|producing|releasing) the (?:attached|enclosed)\b|\b(?:is|are) providing the attached\b",
    r"\b(?:is|are|am) (?:providing|producing|releasing|sending) (?:you )?(?:the following|these|copies of)\b",
    r"\b(?:records|documents|agreements|certificates|minutes|correspondence|files) (?:are |is )?(?:attached|enclosed)\b",
    r"\b(?:first|second|third|next|final) installment\b(?!\s+(?:will|is expected|should))|\bpartial response\b"
    r"|\bfinal response is attached\b",
    r"\bthis (?:completes|concludes) (?:the \w+'s |our )?response\b",
    r"\b(?:is|are) (?:attached|enclosed)\b(?! (?:invoice|form|bill))",
    r"\bas an attachment\b|\b(?:are|is) attached to this (?:e-?mail|message|letter)\b",
    r"^\s*here you (?:go|are)\b|\bthese are the\b[^.\n]{0,40}\b(?:documents|records|agreements)\b",
    r"\bin the (?:attached )?zip\b|\bthe attached (?:records|documents|files)\b",
    # Va. Code § 2.2-3704(B)(2): "The requested records are being provided in part and withheld in
    # part"; a list headed "Provided (attached):"; a scanner's cover "here are the ones the board signed"
    r"\b(?:are|is) being (?:provided|produced|released)\b(?! (?:by|through|via)\b)|\bprovided \((?:attached|enclosed)\)",
    r"\bhere (?:are|is) the (?:ones|copies|scans|pages)\b",
)
# A production promised, not made: "we will send you the estimated date for the first installment"
PRODUCTION_GUARD = re.compile(
    r"\b(?:will|would|expect\w*|anticipat\w*|estimat\w*)\b[^.\n]{0,80}\b(?:installment|partial response)\b"
    # "A copy of this letter is attached for your files"; "a copy of our letter to the Attorney
    # General is enclosed": the agency's own paperwork, not records
    r"|\bcopy of (?:this|our|the|my) (?:\w+ )?(?:letter|notice|acknowledg\w*|response|e-?mail)\b"
    r"|\b(?:our|my|the district's|this office's) (?:\w+ )?(?:letter|determination|decision) (?:is|are) (?:attached|enclosed)\b"
    r"|\b(?:ruling|opinion|decision|letter)\b[^.\n]{0,80}\ba copy of which is (?:attached|enclosed)\b"
    # a form to return: "We also require a signed user agreement (see attached)."
    r"|\b(?:we|i) (?:also )?(?:require|need) (?:a |the |your )?signed\b"
    # "I have attached a GIS data request contract for your review. Should you still want the
    # information, please fill out the request contract and return to me."
    r"|\brequest contract\b",
    re.I,
)
# Words of money still owed, next to a payment's receipt ("thank you for your deposit; the balance
# of $40 is due on pickup"): the fee stands.
STILL_OWED = re.compile(
    r"\bbalance\b(?![^.\n]{0,20}\$\s?0(?:\.00)?(?![.,]?\d))|\bremaining (?:amount|cost|fee)s?\b"
    r"|\b(?:still |now )?(?:due|owed|outstanding)\b(?!:?\s*\$\s?0(?:\.00)?(?![.,]?\d))"
    r"|\bplease (?:remit|pay)\b|\bremit\b|\b(?:is|are) required\b",
    re.I,
)

# Records shared through a service that mails the link itself (RCW 42.56.120(4) installments
# "stored in a SharePoint folder. I have just shared that folder with you"): two marks, no URL.
SHARED_NO_LINK = _p(
    # the link forwarded below the note, or lost from its text copy: "Below is a copy of the
    # emailed link to your requested records ... The records are available for the next 60 days."
    # (not "here is the link to the records retention schedule": the ninth review)
    r"\b(?:below|above) is (?:a copy of )?(?:the |a )?(?:e-?mailed |sent |download )?link to (?:the |your )"
    r"(?:requested |responsive )?(?:records|documents|files)\b(?! (?:request|retention|form|page|status|schedule|policy))",
    r"\b(?:i|we) (?:have )?(?:just )?shared (?:that|the|a|this|your) (?:\w+ )?folder with you\b",
    r"\byou (?:will|should) (?:receive|get) an? (?:e-?mail|invitation|notification|link) (?:directly )?from "
    r"(?:sharepoint|onedrive|dropbox|google drive|box|sharefile|wetransfer)\b",
    r"\b(?:documents|records|files) are (?:stored|saved|uploaded|placed) in an? (?:sharepoint|onedrive|dropbox|"
    r"google drive|box|sharefile) folder\b",
    # "we are providing the following documents in DROPBOX:" (the share service mails the link)
    r"\b(?:providing|placed|put|uploaded|saved)\b[^.\n]{0,40}\b(?:documents|records|files)\b[^.\n]{0,20}\bin "
    r"(?:a |the |our )?(?:dropbox|sharepoint|onedrive|google drive|box folder|sharefile)\b",
    # A portal's posting, its link a button the text copy does not carry (GovQA: "The next batch
    # of records has been released and made available on the ... Records Request Portal").
    r"\b(?:records?|documents?|files?|they|these)\b[^.\n]{0,40}\b(?:ha(?:s|ve) been|are now|is now|are|is) "
    r"(?:released and |now )?(?:made )?(?:available|released|posted|uploaded) (?:on|in|to|through) "
    r"(?:the|your|our) (?:[\w-]+ ){0,5}(?:portal|records center|request center)\b"
    r"|\b(?:records?|documents?|files?)\b[^.\n]{0,40}\bha(?:s|ve) been released and made available\b",
    r"\bselect the link below to view(?=[ \t]*[.!]?[ \t]*$| (?:them|the (?:records|documents|files)|what is "
    r"(?:currently )?available|your (?:records|documents|files)))",
    # "The file was too large to share on the portal, you should have received an email with a link"
    r"\byou should have (?:received|gotten) an? (?:separate )?(?:e-?mail|message) with (?:a|the) "
    r"(?:download )?link to (?:open|download|access|view|retrieve|the (?:records?|files?|documents?|footage|video))\b",
)
# A portal posting with no link is no release when the sentence is about paying, her account,
# messages, or what she uploads ("available on the portal after the balance is paid").
POSTED_GUARD = re.compile(
    r"\b(?:pay|paid|payment|balance|invoice|fees?|cost|estimate|account|activate|messages?|upload\w*|"
    r"related to your request|along with|due date|closure|closing letter)\b",
    re.I,
)
# "... the response letter and the responsive documents": records beside the letter decide;
# so does a letter that names its own attachments ("Refer to Attachment A").
RECORDS_TOO = re.compile(
    r"\b(?:and|with|plus) (?:the )?(?:responsive )?(?:records|documents|agreements)\b(?! request)"
    r"|\b(?:refer to|see|in) attachments? [A-Z0-9]\b|\battachments [A-Z] and [A-Z]\b",
    re.I,
)
LINK_PRODUCTION = _p(
    r"\b(?:records?|documents?|files?) (?:have been|has been|were|was|are) (?:released|uploaded|posted|shared)\b",
    r"\b(?:records?|documents?|files?)\b[^.\n]{0,60}\b(?:have been|has been) delivered to your (?:\w+ ){0,4}account\b",
    r"\b(?:records|documents|files|agreements) (?:are|is) (?:now )?(?:available|ready|posted|here)\b",
    r"\b(?:installment|batch|production|set of records)\b (?:is|are) (?:now )?here\b",
    r"\blink (?:has|holds|contains|with) (?:the|all the|all of the) (?:\w+ ){0,2}?(?:records|documents|files|agreements|contracts)\b",
    r"\b(?:records|documents|files)\b[^.\n]{0,60}\b(?:are|is) (?:now )?(?:available|ready)\b",
    r"\bavailable (?:for|to) download\b|\bready for download\b",
    r"\b(?:download|access|retrieve|view) (?:them|the (?:\w+ )?(?:records|documents|files)|your documents|the released)\b",
    r"\b(?:download|retrieve) (?:it|them|everything|the (?:\w+ )?(?:set|batch|installment)) (?:here|at|from|using|via)\b",
    r"\b(?:uploaded|posted|shared|placed|sent)\b[^.\n]{0,60}\b(?-i:(?!(?<=Public )Records))(?:records|documents|files|agreements|folder)\b"
    r"(?!\s+(?:request|center|portal|office|officer|custodian|act|law)\b)",
    r"\b(?:records|documents|files|agreements|installment)\b[^.\n]{0,40}\b(?:uploaded|posted|shared|placed)\b",
    # "Everything we have is already posted on our website" (her letter: a note saying where
    # published records are is enough)
    r"\b(?:everything|all (?:of )?(?:it|them|that)|what we have)\b[^.\n]{0,30}\b(?:already )?(?:posted|published) (?:on|to|at|under)\b",
    r"\b(?:they'?re|they are|it'?s|it is|these are|those are) (?:all )?(?:posted )?on (?:our |the (?:district'?s? |board'?s? )?)(?:web ?site|web page)\b",
    # "All of the agreements, with their exhibits, are posted on our Student Data Privacy page:"
    r"\b(?:records?|documents?|files|agreements?|contracts?|mous?|dpas?|minutes|items? [\d, and-]+)\b[^.\n]{0,100}?\b(?:are|is|have been|has been) "
    r"(?:all )?(?:posted|published|available)(?: publicly| online)?(?:, with [\w ]{1,30},)? (?:on|at|through|in) "
    r"(?:our|the|their|[\w-]+ at)\b",
    r"\b(?:records?|documents?|pages|files|agreements?)\b[^.\n]{0,60}\bcan be (?:downloaded|accessed|retrieved|viewed)\b",
    r"\b(?:packets?|agendas?)\b[^.\n]{0,30}\b(?:are|is) (?:all )?(?:posted|published) (?:on|at|in) (?:our|the)\b",
    r"\blink to the (?:records|documents|files)\b|\bhere(?:'s| is) (?:the|a) (?:new |correct |updated |fresh |working )?(?:share |download )?link\b|\bthe correct (?:folder|link) (?:for your request )?is here\b|\b(?:use|via) the (?:link|following)\b(?![^.\n]{0,40}\b(?:send|reply|respond|message|contact|log ?in|sign ?in|track|submit|register|view (?:your|the) request)\b)",
    r"\b(?:secure )?file[- ](?:transfer|sharing) (?:site|link|portal|service)\b",
    r"\b(?:next )?batch of records has been released\b|\bhas been released to you\b",
    r"\bthrough the following\b[^.\n]{0,30}\blink\b",
    # a file-share service's own notice: "Records Office shared a folder with you"
    SHARED_WITH_YOU,
    # "The agreements are in the folder below"; "they're all posted on the alliance site:"
    r"\b(?:records|documents|files|agreements|contracts|mous|batch|installment|set|production)\b[^.\n]{0,40}\b(?:are|is) (?:in|at) (?:the|this|that|our|a) "
    r"(?:\w+ )?(?:folder|link|drive)\b",
    # "Those records cover Items 1, 2 and 3 of your request and can be found here:"
    r"\b(?:records?|documents?|agreements?|contracts?|they|these|those|them|copies)\b[^.\n]{0,80}\bcan be "
    r"(?:found|obtained|seen) (?:here|at|on|online|below|through)\b",
    r"\b(?:they|these|those)(?:'re| are) (?:all )?(?:posted|published) (?:on|at)\b",
    r"\b(?:they|these|those|everything)(?:'re| are|'s| is) (?:all )?(?:up|online) (?:on|at)\b",
    # "All our contracts are on the transparency page. https://..."
    r"\b(?:records|documents|agreements|contracts|mous|dpas)\b[^.\n]{0,80}\b(?:are|is) (?:all )?(?:on|in|at) (?:our|the) "
    r"(?:[\w-]+ ){0,5}(?:page|site|website|web site|registry|portal)\b",
    # "all of our signed agreements are already public"; "we post every executed agreement on"
    # ... "This information has been publicly available for several months:" (and the links)
    r"\b(?:records?|documents?|agreements?|contracts?|mous?|dpas?|items?|everything|information)\b[^.\n]{0,60}\b(?:are|is|has been|have been|we'?ve got is) "
    r"(?:already |all )?(?:public(?! records?\b)|publicly available|online)\b",
    r"\b(?:put|posted|uploaded|saved) (?:it|them|everything|it all|the (?:records|files|contracts)) (?:in|on|to) (?:a|an|the|our)\b"
    r"[^.\n]{0,40}\b(?:folder|drive|dropbox|box|sharepoint|onedrive|share)\b",
    r"\b(?:we|board|district|office|it|village|city|town|county|department|agency) (?:posts?|publish(?:es)?) (?:every|all|each|our|its) (?:\w+ ){0,3}"
    r"(?:agreements?|contracts?|records|documents|mous?)\b",
    r"\bwhat you(?: asked| are asking|'re asking| requested| were asking) for\b[^.\n]{0,40}\b(?:is|are) (?:already )?(?:public|"
    r"posted|online|on (?:our|the))\b",
)
# Sentences whose link is no records: a portal's account mail ("use the link below to set your
# password and activate your account") and a receipt's rule about release (below).
NO_RECORDS_LINK = re.compile(
    r"\byou believe\b|"
    r"\b(?:set|reset|create|choose|change) (?:up )?(?:your |a )?(?:new )?password\b|\bactivate (?:your |the )?account\b"
    r"|\bverify (?:your )?(?:e-?mail|account|address)\b|\bconfirm your (?:e-?mail|account|registration)\b"
    # A receipt's rule, not a release: "No records are released until any applicable charges
    # have been paid."
    r"|\bno (?:records?|documents?|files?|information) (?:are|is|will be|can be) (?:\w+ )?(?:released|provided|sent)\b"
    r"|\b(?:released|provided|available)\b[^.\n]{0,30}\buntil\b[^.\n]{0,50}\b(?:paid|payment|received)\b"
    # "The balance will be due before the records are released": a condition of a fee, no release
    r"|\b(?:before|until|once|when|after) (?:the |any )?(?:records?|documents?|files?) (?:are|is|can be|will be|have been) released\b"
    # a promise: "We will release records through the portal as they are ready"
    r"|\bas (?:they|each|the records|each one) (?:are|is|become|becomes) (?:ready|available|reviewed)\b"
    r"|\.{3,}\s*\$\s?\d|\bdata (?:is|are|was|were|will be) (?:collected, )?(?:shared|accessed)\b"
    r"|\bmessage\b[^.\n]{0,80}\b(?:has been|was) (?:posted|added|sent)\b"
    # a form for her to sign: "A sample of our Nondisclosure Agreement can be found at the link"
    r"|\b(?:a )?(?:sample|blank|template)\b[^.\n]{0,30}\b(?:agreement|form|contract)\b"
    # where requests go, not records: "To submit a request, please use the following link: ..."
    r"|\bto (?:submit|file|make|place|lodge|send in) (?:a |an |your |new |any |all |future |further )*(?:public )?(?:records? )?requests?\b",
    re.I,
)

# Hosts that only share files; a link there is the records (or nothing).
# Each service under its real domain and under the reserved `.example` TLD (RFC 2606), which
# never occurs in real mail: fixtures and tests written with reserved names read the same.
FILE_SHARE_HOST = re.compile(
    r"(?:sharepoint|dropbox|drive\.google|docs\.google|wetransfer|sharefile|egnyte|sendspace)\.(?:com|example)"
    r"|onedrive|1drv\.ms|(?:^|[./])box\.(?:com|example)|we\.tl",
    re.I,
)


# Words in a body that point to the answer being elsewhere (an attached letter).

POINTS_TO_LETTER = re.compile(
    r"\b(?:see|find|review|read|attached is|attached please find|enclosed is)\b[^.\n]{0,40}\b(?:letter|response|"
    r"determination|correspondence|update|decision|notice)\b|\bsee (?:the )?attached\.?\s*$",
    re.I | re.M,
)
# A note that only passes on what is forwarded below it ("Please see below the response from our
# legal counsel"): the forwarded message is the answer.
POINTS_BELOW = re.compile(
    r"\b(?:see|find|read|review)\b[^.\n]{0,50}\bbelow\b|\bbelow (?:is|are|you will find)\b"
    r"|\b(?:forwarding|passing along|passing on|sending along)\b[^.\n]{0,50}\b(?:response|reply|answer|"
    r"letter|message|decision)\b|\b(?:response|reply|answer|decision) (?:is )?(?:below|forwarded)\b",
    re.I,
)
DUE_PROMISE = re.compile(DATE, re.I)
