"""What an agency's reply says: its kind, the facts in it, and the phrases that decided it.

Pure and conservative. Intake has already settled bounces and RFC 3834 auto-replies; what comes
here is a human or portal reply that matching filed on a request. The caller maps its parsed
message to a `ReplyText`, so this module does not depend on the parser.

Our own request is quoted back in most replies ("please send records", "fees up to $25", "if
any portion is denied..."), so quoted text is cut away before anything is read: those words are
ours, not the agency's.

One reply can say several things (an acknowledgement that grants an extension, records with a
fee). The primary kind is the first of `PRECEDENCE` that the reply shows; the others go to
``facts["also"]``. The order puts what ends or pauses the request before what merely updates it,
and needs the strongest evidence for "records provided" (see docs/classification.md).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil import parser as date_parser

from foia_tracker.tokens import find_refs


class ReplyKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    FEE_ESTIMATE = "fee_estimate"
    CLARIFICATION = "clarification"
    DENIAL = "denial"
    NO_RECORDS = "no_records"
    RECORDS_PROVIDED = "records_provided"
    RECORDS_LINK = "records_link"
    OTHER = "other"


K = ReplyKind

# Primary-kind order. Records (with real attachments or a download link) first: a production
# that also withholds some parts is a partial fulfilment, not a denial. Then the end states a
# request can reach without records, then what pauses the clock (fee, clarification), then what
# only moves or confirms it (extension, acknowledgement).
PRECEDENCE: tuple[ReplyKind, ...] = (
    K.RECORDS_PROVIDED,
    K.RECORDS_LINK,
    K.DENIAL,
    K.NO_RECORDS,
    K.FEE_ESTIMATE,
    K.CLARIFICATION,
    K.EXTENSION,
    K.ACKNOWLEDGEMENT,
)

DOWNLOAD_FLAG = "download before it expires"
# The answer is at the top of a reply; past this, a flattened HTML page or a pasted document
# only costs time.
MAX_TEXT = 20_000


@dataclass(frozen=True)
class ReplyText:
    subject: str
    body: str
    attachment_names: tuple[str, ...]
    automated: bool
    received_at: datetime


@dataclass(frozen=True)
class Classification:
    kind: ReplyKind
    facts: dict = field(default_factory=dict)
    phrases: tuple[str, ...] = ()


# --- quoted text -------------------------------------------------------------------------------

_ATTRIBUTION_START = re.compile(r"^\s*(On|El|Le|Am)\s.{0,200}$", re.I)
_ATTRIBUTION_END = re.compile(r"(wrote|escribi[oó]|a écrit|schrieb)\s*:\s*$", re.I)
_SEPARATORS = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Mensaje original|Forwarded message)\s*-{2,}"
    r"|Begin forwarded message:|_{10,})",
    re.I,
)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|De)\s*:\*?\s", re.I)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|Enviado|Fecha|To)\s*:", re.I)


def _starts_quote(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _SEPARATORS.match(line):
        return True
    if _ATTRIBUTION_START.match(line):
        # Gmail wraps a long "On <date> <name> <addr> wrote:" onto a second line.
        joined = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        if _ATTRIBUTION_END.search(line) or _ATTRIBUTION_END.search(joined):
            return True
    if _OUTLOOK_FROM.match(line):
        return any(_OUTLOOK_NEXT.match(n) for n in lines[i + 1 : i + 4])
    return False


# Legal footers that districts append to every e-mail. They talk about confidentiality, FERPA
# and "exempt from disclosure" and would read as a denial; Florida's footer talks about
# "public records requests". Nothing after one is the clerk's answer.
_FOOTER = re.compile(
    r"^\W*(?:confidentiality (?:notice|statement|warning)|confidential(?:ity)?\s*:|disclaimer\b|"
    r"privileged (?:and|&) confidential|public records (?:notice|law notice)|"
    r"this (?:e-?mail|message|communication|transmission)(?: and any (?:attachments?|files?)"
    r"(?: transmitted with it)?)? (?:may contain|contains|is intended|is confidential|is for)|"
    r"if you (?:are not|have received this)|under florida law,? e-?mail addresses|"
    r"florida has a (?:very )?broad public records law)",
    re.I,
)


def strip_footer(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _FOOTER.match(line):
            return "\n".join(lines[:i]).strip()
    return text


def strip_quoted(body: str) -> str:
    """The reply's own words: no `>` lines, nothing after an attribution or Outlook header block."""
    lines = body.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _starts_quote(lines, i):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


# --- attachments -------------------------------------------------------------------------------

# Outlook and Gmail inline signature logos, vCards, S/MIME signatures and calendar invites are
# not documents anybody produced.
_NOT_A_DOCUMENT = re.compile(
    r"^(image\d*|outlook-\w+|logo\w*|signature\w*|banner\w*)\.(png|jpe?g|gif|bmp)$"
    r"|\.(vcf|ics|p7s|p7m)$|^smime|^winmail\.dat$"
    # Unnamed parts, and the body fragments Exchange splits off around an attachment.
    r"|^\s*$|^att\d+\.(txt|html?)$|^noname",
    re.I,
)
# Attachments that accompany other kinds of replies: an invoice, a blank form, a letter.
_PAPERWORK = re.compile(
    r"invoice|form\b|form[_ .-]|letter|receipt|w-?9|statement|estimate|quote|bill\b|bill[_ .-]",
    re.I,
)


def document_attachments(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in names if not _NOT_A_DOCUMENT.search(n) and not _PAPERWORK.search(n))


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
)


# --- phrases per kind --------------------------------------------------------------------------
# Each pattern is a phrase an agency writes when it means that kind. They run on the reply's own
# words (quoted text removed), case-insensitively.

_REQ = r"(?:(?:public |open )?records? |foia |pia |information |open records )?request"


def _patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.I | re.M) for s in sources)


_ACK = _patterns(
    r"acknowledg\w*\s+(?:the\s+)?receipt",
    r"\bthis (?:email |letter )?(?:acknowledges|confirms)\b",
    r"(?:we|i|office|district)\s+(?:have\s+|has\s+)?received your " + _REQ,
    r"\b(?:your|this|the) " + _REQ + r",? (?:which )?(?:has been|was|is being|is|were) "
    r"(?:received|submitted|logged|processed)",
    r"\b(?:has been|is being) (?:received and )?(?:is being )?processed",
    r"\bin receipt of your\b",
    r"\bwe got your request\b",
    r"\blogged your request\b",
    r"\bhas been submitted to\b",
    r"\b(?:has been|was|and) (?:assigned|given) (?:the )?(?:reference|tracking|request)?\s*"
    r"(?:number|no\.|#)",
    r"\b(?:reference|tracking|confirmation) number (?:is|for)\b",
    r"\bthank you for (?:submitting |your )+(?:public |open )?(?:records? )?request",
    r"\bthank you for your interest in public records\b",
    r"\b(?:forwarded|passed) (?:it|your request|this)(?: along)? to\b",
    r"^\s*received,? thank",
    r"\bwill (?:respond|be in touch|provide[^.\n]{0,40}response) (?:within|as soon)",
    r"\b(?:i|we) (?:have|got) (?:your|the) request\b",
    r"\b(?:has been|was|been) (?:forwarded|routed|sent|assigned) to (?:our|the|a)\b",
    r"\b(?:will )?get back to you\b",
    r"\bworking on (?:it|your request|this request|the request)\b",
    r"\bbegin (?:pulling|gathering|collecting|searching|processing|working)\b",
    r"\bsuccessfully submitted\b",
    r"\bconfirmation (?:#|number|no\.)",
    r"\ballow (?:the full |up to )?\d+ (?:business |working |calendar )?days\b",
    r"\b(?:has|have) (?:your|the) (?:\w+ )?request\b",
    r"\bconfirm\w* (?:the )?receipt\b",
    r"\b(?:request|it) (?:has been|was) created\b",
    r"\bwill review (?:it|your request|the request)\b",
    r"^\s*got it\b",
    r"\b(?:i'll|i will|we'll|we will|i've|we've|i have|we have)\s+(?:send|pass|forward|hand|route)"
    r"\w* (?:this|it|your request) (?:over |along |on )?to\b",
    r"\bsee what (?:we|i) (?:can )?find\b",
    r"\bfollow up (?:once|when|as soon)\b",
    r"\bwill reach out\b",
    r"\b(?:started|begun|began|start|starting) (?:gathering|pulling|collecting|searching|"
    r"working|looking)\b",
    r"\bwill\b[^.\n]{0,80}\bwithin (?:\d+|[a-z]+) (?:business |working |calendar )?days\b",
    r"\b(?:look|looking) into (?:it|this|your request)\b",
    r"\b(?:request|letter|it) (?:has been|was) (?:created|opened|referred|logged|entered)\b",
    r"\brespond as (?:required|provided|allowed) by (?:law|statute)\b",
    r"^\s*noted\b",
    r"^\W*(?:\w+\W+){0,4}acknowledged\b",
    r"\bwill be in (?:touch|contact)\b",
    r"\b(?:your )?(?:e-?mail|letter|message|correspondence) (?:has been|was) received\b",
    r"\b(?:a )?response will be (?:provided|sent|made)\b",
)
_EXTENSION = _patterns(
    r"\bextend\w*\s+(?:the\s+|its\s+|our\s+|their\s+)?(?:time|deadline|due date|response|"
    r"period)",
    r"\b(?:due date|deadline|time to respond)[^.\n]{0,60}\b(?:extended|changed|updated|moved|"
    r"revised)\b",
    r"\bnew due date\b",
    r"\b(?:need|needs|require|requires|requiring)\s+(?:\w+\s+){0,3}(?:more|additional) time\b",
    r"\badditional (?:\d+|[a-z]+)\s+(?:business |working |calendar )?days\b",
    r"\bnot be able to (?:complete|respond|provide|finish)",
    r"\b(?:anticipate|expect)\w*\s+(?:having\s+|providing\s+|to provide\s+)?(?:a |our )?"
    r"response\b[^.\n]{0,30}\bby\b",
    r"\bexpect to (?:finish|complete|respond|provide)\b",
    r"\bshould have (?:everything|the records|a response) to you by\b",
    r"\bstill (?:searching|reviewing|gathering|collecting)\b",
    r"\b(?:invok\w+|tak\w+|need\w*|requir\w+) (?:the |an? |our )?(?:\d+|[a-z]+)?[- ]?"
    r"(?:business |working |calendar )?(?:day )?extension\b",
    r"\btake longer than\b",
    r"\blonger than (?:the )?(?:statutory|allowed|required|original|usual)\b",
    r"\b(?:response|due|completion) date (?:has been|was|is) (?:moved|changed|updated|revised|"
    r"extended|pushed)\b",
    r"\b(?:updated|revised|new|estimated) (?:response|completion|due) date\b",
    r"\bestimate\w* completion\b",
    r"\b(?:need|require)\w* until\b",
    r"\bapologi[sz]e for (?:the|any) delay\b",
    r"\b(?:determination|decision|response|records)\b[^.\n]{0,40}\b(?:on or about|around)\s+"
    + _DATE,
    r"\bhoping to have (?:it|them|everything|the records|a response)\b",
    r"\b(?:is|are) taking (?:a while|a bit|longer|more time|some time)\b",
    r"\bget you (?:something|the records|everything|a response|the documents) by\b",
    r"\bupdate\b[^.\n]{0,40}\bstill (?:going through|working|reviewing)\b",
    r"\b(?:respond|response|records|documents)\b[^.\n]{0,25}\b(?:on or before|no later than|by)\s+"
    + _DATE,
)
_FEE_WORDS = re.compile(
    r"\b(fees?|costs?|charges?|estimat\w*|deposit|payment|invoice|amount due|remit|pay|payable|"
    r"check|money order|prepay\w*|balance|comes to|copy rate|postage|total|due|owed?)\b",
    re.I,
)
_FEE = _patterns(
    r"\b(?:an )?invoice has been created\b",
    r"\bpayment (?:of \$[\d,.]+ )?is (?:required|due)\b",
    r"\bestimated (?:cost|fee|charge)s?\b",
    r"\bdeposit of\b",
)
_SCOPE = re.compile(
    r"\b(?:time ?frame|date range|period|particular|specific|interested|includ\w*|mean|"
    r"looking for|whether|which|want)\b",
    re.I,
)
_YOU = re.compile(r"\byou\b", re.I)
_CLAUSE = re.compile(r"[^.?!\n]*[.?!\n]?")


def scope_questions(text: str) -> tuple[str, ...]:
    """Questions to the requester about what the request covers ("which period do you mean?").

    Found clause by clause: one regex over a whole line would backtrack cubically on long
    unpunctuated (HTML-flattened) text.
    """
    questions = []
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if clause.endswith("?") and _YOU.search(clause) and _SCOPE.search(clause):
            questions.append(clause.strip())
    return tuple(questions)


_CLARIFICATION = _patterns(
    r"\bclarif(?:y|ication)\b",
    r"\bplease (?:narrow|specify|identify|confirm which)\b",
    r"\bnarrow (?:it|the scope|your request|the request)\b",
    r"\b(?:need|needs|require|required) (?:more|additional|further) information\b",
    r"\badditional information is (?:required|needed)\b",
    r"\bwhat you mean by\b",
    r"\bare you (?:referring to|looking for|requesting|seeking|asking for)\b",
    r"\b(?:complete|fill out|fill it out|fill in)\b[^.\n]{0,60}\b(?:form|return)\b",
    r"\bsubmitted on our (?:official )?form\b",
    r"\b(?:before|in order to) (?:we can )?(?:process|proceed with) (?:your|this|the) request",
    r"\bwe need you to provide\b",
    r"\boverly broad\b",
    r"\bunclear\b",
    r"\bprovide (?:additional|more|further) (?:detail|details|information)\b",
    r"\btell (?:me|us) (?:a (?:little|bit) )?more about\b",
    r"\bwhat (?:exactly )?(?:you(?:'re| are)|you're) (?:looking for|requesting|seeking)\?",
    r"\b(?:sufficient )?specificity\b",
    r"\breasonably describe\b",
    r"\b(?:re)?submit (?:your|the|a) (?:\w+ )?request (?:through|via|using|on|at|in)\b",
    r"\bonly accept (?:\w+ ){0,3}requests (?:through|via|on|in|using)\b",
    r"\bplease resubmit\b",
    r"\bmake sure (?:i|we) (?:pull|find|get|send) the right\b",
    r"\bwhich (?:\w+ ){0,2}(?:are you|do you|would you)\b",
    r"\bdo you mean\b",
    r"\bwhen you say\b",
    r"\b(?:be sure|make sure) (?:we|i) understand\b",
    r"\bmore information (?:about|on|regarding|to process|is needed|needed)\b",
    r"\b(?:provide|send|reply with|include) (?:us )?(?:with )?your (?:full )?(?:name|mailing "
    r"address|address|phone|contact)",
    r"\brequires? requesters? to\b",
    r"\brequests? (?:need|must|should) (?:to )?be (?:made |submitted )?(?:in writing|on|using|"
    r"through)\b",
    r"\b(?:on|using|via) (?:the|our) (?:\w+ ){0,2}form\b",
)
_DENIAL = _patterns(
    r"\b(?:request|it)\b[^.\n]{0,60}\b(?:is|are|has been|was) (?:hereby )?denied\b",
    r"\bpartially denied\b",
    r"\bexempt (?:under|pursuant to)\b",
    r"\b(?:deny|denies|denied|denying) (?:your|the|this) (?:\w+ )?request\b",
    r"\brequest denied\b",
    r"\bconstitutes? (?:the \w+'s )?denial\b",
    r"\bdenied in (?:its entirety|full|part)\b",
    r"\b(?:exempt|excepted|protected) from (?:public )?disclosure\b",
    r"\b(?:is|are|been) withheld\b",
    r"\bwithholding the (?:requested )?(?:information|records|documents)\b",
    r"\bunable to (?:provide|release|produce|disclose)\b",
    r"\b(?:must |will )?decline your request\b",
    r"\bcan(?:'|no)?t release\b",
    r"\bnot to (?:produce|release|disclose)\b",
    r"\bwill not (?:be )?(?:releas|provid|produc|disclos)\w*",
    r"\b(?:not able|unable) to (?:fulfill|honor|grant|comply with)\b",
    r"\b(?:is|are) confidential (?:under|pursuant to|per|according to)\b",
    r"\b(?:your |the |this )(?:\w+ )?request (?:is|was|has been) rejected\b",
    r"\bcannot be (?:released|provided|disclosed|produced)\b",
    r"\bnot subject to (?:public )?disclosure\b",
    r"\b(?:must|will|to) deny (?:inspection|access|disclosure|the request|your request)\b",
    r"\b(?:aren't|are not|isn't|is not) public records?\b",
    r"\bwon't be (?:provid|releas|produc|send|disclos)\w*",
    r"\b(?:are|is|will be) withholding\b",
    r"\b(?:reason|closure reason|reason for closure)\s*:\s*(?:exempt|denied|withheld)\b",
    r"\bnot disclosable\b",
    r"\b(?:is|are) protected (?:by|under)\b",
    r"\brefus\w+ (?:your|the|this) request\b",
    r"\bwill not be (?:made available|released|provided|produced|disclosed)\b",
    r"\bcan(?:'|no)?t (?:give|release|provide|share|send|disclose) (?:those|these|them|that|it)\b",
    r"\b(?:stay|remain|are|is) confidential\b",
    r"\bwithheld (?:in full|in (?:its )?entirety|in part)\b",
)
_NO_RECORDS = _patterns(
    r"\bno (?:responsive )?(?:records|documents)\b[^.\n]{0,40}\b(?:responsive|located|found|"
    r"matching)\b",
    r"\bno responsive (?:records|documents)\b",
    r"\bhas no (?:\w+ )?(?:records|documents)\b",
    r"\bfound no (?:\w+ ){0,2}(?:records|documents)\b",
    r"\b(?:did|does|do) not (?:locate|find|have) any\b",
    r"\b(?:don't|do not|does not|doesn't) have (?:any )?(?:records|documents|agreements)\b",
    r"\b(?:don't|do not|does not|doesn't) have any\b",
    r"\bnot (?:located|found) any\b",
    r"\bhave not located\b",
    r"\b(?:does not|doesn't|do not) (?:exist|maintain)\b",
    r"\bno such (?:records?|documents?)\b",
    # "There are no other agreements" says the ones sent are all there are.
    r"\bthere (?:are|were) no (?!other|more|additional|further)(?:\w+ )?(?:records|documents|"
    r"agreements|contracts|MOUs)\b",
    r"\b(?:unable|not able) to (?:locate|find|identify) any\b",
    r"\b(?:could|did|were) not (?:locate|find|identify) any\b",
    r"\bnothing (?:responsive )?(?:was |were )?(?:found|located)\b",
    r"\bnothing responsive\b",
    r"\bnothing to (?:send|provide|produce|release)\b",
    r"\bnever (?:entered into|had|signed|created)\b",
    r"\b(?:does not|doesn't|do not|don't) (?:currently )?have any\b",
    r"\bno (?:records|documents)\b[^.\n]{0,60}\b(?:identified|located|found)\b",
    r"\b(?:didn't|did not|couldn't|could not) find anything\b",
    r"\bhaven't had any\b",
)
# "No responsive records at this time, still searching" is a progress report, not an answer.
_NOT_YET = _patterns(
    r"\bat this time\b[^.\n]{0,80}\bstill\b",
    r"\bstill (?:searching|looking|reviewing)\b",
    r"\bcontinu\w+ (?:to )?search",
    r"\bnot (?:yet|located)[^.\n]{0,60}\bbut\b",
)
_PRODUCTION = _patterns(
    r"\b(?:please )?find (?:attached|enclosed)\b",
    r"\battached (?:please find|are|is)(?! (?:an? |the )?(?:invoice|form|bill|letter))\b",
    r"\benclosed (?:please find|are|is)\b",
    r"\bhere (?:are|is) (?:the|your|a) (?:\w+ )?(?:records|documents|files|agreements)\b",
    r"\bsee (?:the )?attached(?! (?:invoice|form|bill|letter))\b",
    r"^\s*attached\.?\s*$",
    r"\bi(?:'ve| have) attached\b",
    r"\bproviding the attached\b",
    r"\b(?:records|documents) (?:are |is )?attached\b",
    r"\b(?:first|second|third|next|final) installment\b",
    r"\bpartial response\b",
    r"\bthis (?:completes|concludes) (?:the \w+'s |our )?response\b",
    r"\b(?:included|including|attaching) (?:the|them|all|our) (?:\w+ ){0,3}(?:as )?attach",
    r"\b(?:are|is) attached to this (?:e-?mail|message|letter)\b",
    r"\b(?:records|documents|agreements|files) (?:are|is) enclosed\b",
    r"^\s*here you (?:go|are)\b",
)
_LINK_PRODUCTION = _patterns(
    r"\bdocuments? (?:have been|has been|were|was) released\b",
    r"\b(?:records|documents|files) (?:are|is) (?:now )?available\b",
    r"\bavailable for download\b",
    r"\b(?:download|access) (?:them|the (?:\w+ )?(?:records|documents|files)|your documents)\b",
    r"\b(?:uploaded|posted|shared)\b[^.\n]{0,60}\b(?:records|documents|files|agreements|folder)\b",
    r"\b(?:records|documents|files|agreements)\b[^.\n]{0,40}\b(?:uploaded|posted|shared)\b",
    r"\blink to the (?:records|documents|files)\b",
    r"\bhere is the link\b",
    r"\b(?:records|documents|files)\b[^.\n]{0,40}\b(?:are|is) (?:now )?(?:ready|available)\b",
    r"\bretrieve (?:the|your|them)\b",
    r"\b(?:secure )?file (?:transfer|sharing) (?:site|link|portal|service)\b",
    r"\b(?:link|visit)\b[^.\n]{0,60}\b(?:to )?(?:view|access|download) (?:them|the (?:\w+ )?"
    r"(?:records|documents|files))\b",
)
# Hosts that only share files; a link there is the records (or nothing).
_FILE_SHARE_HOST = re.compile(
    r"sharepoint\.com|onedrive|1drv\.ms|dropbox\.com|drive\.google\.com|docs\.google\.com|"
    r"(?:^|\.)box\.com|wetransfer\.com|we\.tl|sharefile\.com|egnyte\.com|sendspace\.com",
    re.I,
)
_URL = re.compile(r"https?://[^\s<>\"'\]]+", re.I)
_OUT_OF_OFFICE_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|auto:|"
    r"respuesta autom[aá]tica)",
    re.I,
)
_OUT_OF_OFFICE_BODY = re.compile(
    r"\bout of (?:the )?office\b|\bon (?:vacation|leave)\b|\blimited access to (?:e-?mail)\b"
    r"|\b(?:currently )?away\b[^.\n]{0,40}\b(?:return|back)\b",
    re.I,
)


# --- facts -------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?(?!\d)")
# "$28.50 per hour", "$0.25 a page": a rate, not what the request costs.
_RATE_AFTER = re.compile(r"^\s*(?:per|an?|/|each)\s*(?:hour|hr|page|copy|sheet|minute)", re.I)
_NO_FEE = re.compile(r"\bno (?:fee|charge|cost)\b", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"])|\n+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def _amounts(sentence: str) -> list[Decimal]:
    found = []
    for m in _AMOUNT.finditer(sentence):
        if _RATE_AFTER.match(sentence[m.end() :]):
            continue
        found.append(Decimal(m.group(1).replace(",", "") + (m.group(2) or "")))
    return found


@dataclass(frozen=True)
class FeeFacts:
    amount: Decimal
    deposit: Decimal | None
    phrases: tuple[str, ...]


def find_fee(text: str) -> FeeFacts | None:
    """The requested amount: the largest non-rate dollar figure in a sentence about paying.

    A deposit is never more than the total it is part of, so the largest figure is the total.
    """
    amounts: list[Decimal] = []
    phrases: list[str] = []
    for sentence in _sentences(text):
        if not _FEE_WORDS.search(sentence) or _NO_FEE.search(sentence):
            continue
        found = _amounts(sentence)
        if found:
            amounts.extend(found)
            phrases.append(sentence.strip())
    if not amounts:
        return None
    deposit = re.search(r"deposit (?:of )?\$\s?([\d,]+(?:\.\d{1,2})?)", text, re.I)
    return FeeFacts(
        amount=max(amounts),
        deposit=Decimal(deposit.group(1).replace(",", "")) if deposit else None,
        phrases=tuple(phrases),
    )


def money(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01")))


# A date the agency promises: "by December 18", "on or before 12/18/2026", "extended to ...".
_DUE_DATE = re.compile(
    r"(?:\b(?:by|before|until|to|is|on|no later than)\b|\bdate\s*:)[^.\n$]{0,30}?\b("
    + _DATE
    + r")\b",
    re.I,
)
_PAST_CUE = re.compile(r"\b(?:received|dated|submitted|sent|filed)\b[^.\n]{0,30}$", re.I)


def _parse_date(text: str, received: date) -> date | None:
    try:
        parsed = date_parser.parse(text, default=datetime(received.year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    if not re.search(r"\d{4}|/\d{2}$", text) and parsed < received - timedelta(days=90):
        # "by January 15" written in November means next January; "November 17" written on
        # November 20 is three days ago, not next year.
        parsed = parsed.replace(year=parsed.year + 1)
    return parsed


def find_new_due_date(text: str, received: date) -> tuple[date, str] | None:
    """The latest promised date after the day the reply came, and the words that gave it."""
    best: tuple[date, str] | None = None
    for m in _DUE_DATE.finditer(text):
        if _PAST_CUE.search(text[max(0, m.start() - 40) : m.start() + 3]):
            continue
        when = _parse_date(m.group(1), received)
        if when and when > received and (best is None or when > best[0]):
            best = (when, m.group(0).strip())
    return best


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "twenty-one": 21, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_EXTENSION_DAYS = re.compile(
    r"\b(?:additional|extra|another|further|more|by|within|in|invoking the)\s+"
    r"(?:an?\s+additional\s+|approximately\s+|about\s+|roughly\s+)?"
    r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")[\s-]+(?:additional\s+|more\s+)?"
    r"(business|working|school|calendar)?\s*(days?|weeks?)\b",
    re.I,
)


def find_extension_days(text: str) -> tuple[int, str | None, str] | None:
    """(days, "business" | "calendar" | None when the reply does not say, phrase)."""
    m = _EXTENSION_DAYS.search(text)
    if not m:
        return None
    raw = m.group(1).lower()
    days = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    word = (m.group(2) or "").lower()
    unit = "calendar" if word == "calendar" else ("business" if word else None)
    if m.group(3).lower().startswith("week"):
        days, unit = days * 7, "calendar"
    return days, unit, m.group(0).strip()


_ID = r"(?P<id>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]*[A-Z0-9])"
# Most specific first: GovQA's "R000123-112526", then a number the agency names as its own,
# then NextRequest's "request 26-311", then a bare "PIR 26-118" prefix.
_TRACKING = _patterns(
    r"\b(?P<id>[RW]\d{6}-\d{6})\b",
    r"\b(?:reference|tracking|request|confirmation|case|ticket|control|file|PIR|PRR|ORR)\s*"
    r"(?:number|no\.?|num\.?|#|id)\s*(?:for (?:it|this request|your request)\s+)?"
    r"(?:is\s+|:\s*)?#?\s*" + _ID,
    r"\b(?:assigned|given|numbered)\s+(?:it\s+)?(?:the\s+)?#?\s*" + _ID,
    r"\b(?:record\s+)?request\s+(?P<id>\d{2,4}-\d{1,6})\b",
    r"\b(?:PIR|PRR|ORR|FOIA)\s*#?\s*(?P<id>\d[\d-]*\d)\b",
)


def find_tracking_number(text: str) -> tuple[str, str] | None:
    """The agency's own number for the request, and the phrase; never one of our refs."""
    for pattern in _TRACKING:
        for m in pattern.finditer(text):
            candidate = m.group("id")
            if not find_refs(candidate):
                return candidate, m.group(0).strip()
    return None


_SECTION = r"§{1,2}\s*\d[\w.:-]*(?:\(\w{1,4}\))*"
# Case matters here: "see Ohio Rev. Code" must not start at "see".
_EXEMPTIONS = tuple(
    re.compile(source, re.M)
    for source in (
        r"\b\d+\s+U\.?\s?S\.?\s?C\.?\s*(?:§{1,2}|sec\.|section)?\s*\d+\w*(?:\(\w{1,4}\))*",
        r"\b\d+\s+C\.?F\.?R\.?\s*(?:§{1,2}|part)?\s*\d[\d.]*",
        r"\b\d+\s+ILCS\s+\d+/[\d.-]+(?:\(\w{1,4}\))*",
        r"\b(?:\d+\s+)?(?:[A-Z]\.){2,5}\s*(?:§{1,2}\s*)?\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:[A-Z][a-z]+\.?\s){1,3}(?:Stat(?:utes|\.)?|Code|Laws)\s*(?:Ann\.\s*)?"
        r"(?:§{1,2}\s*|section\s*|sec\.\s*)?\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:RCW|MCL|ORS|KRS|NRS|RSA|C\.R\.S\.|O\.C\.G\.A\.|G\.L\.|M\.G\.L\.)\s*(?:§{1,2}\s*)?"
        r"\d[\w.:-]*\d(?:\(\w{1,4}\))*",
        r"\b(?:Tex(?:as|\.)?\s+)?Gov(?:'|ernmen)?t\.?\s+Code\s*(?:section|sec\.|§{1,2})?\s*"
        r"\d[\d.]*\d(?:\(\w{1,4}\))*",
        r"\b[Ss]ection\s+\d[\w.-]*(?:\(\w{1,4}\))*"
        r"(?:,\s+[A-Z]\w+\s+Statutes|\s+of the Code of [A-Z]\w+)?",
        _SECTION,
        r"\b(?:FERPA|HIPAA|PPRA|COPPA)\b",
        r"\b[Aa]ttorney[- ][Cc]lient [Pp]rivilege\b|\b[Dd]eliberative [Pp]rocess\b"
        r"|\b[Tt]rade [Ss]ecrets?\b",
    )
)


def find_exemptions(text: str) -> list[str]:
    """Statutes and privileges quoted in a denial, in order, without nested duplicates."""
    spans: list[tuple[int, int, str]] = []
    for pattern in _EXEMPTIONS:
        for m in itertools.islice(pattern.finditer(text), MAX_EXEMPTIONS):
            # A citation ends a sentence: its trailing "." or ":" is not part of it.
            cited = m.group(0).rstrip(".,:;- ")
            start, end = m.start(), m.start() + len(cited)
            if any(s <= start and end <= e for s, e, _ in spans):
                continue
            spans = [(s, e, t) for s, e, t in spans if not (start <= s and e <= end)]
            spans.append((start, end, cited))
    return [t for _, _, t in sorted(spans)]


@dataclass(frozen=True)
class LinkFacts:
    links: tuple[str, ...]
    expires: date | None


_EXPIRES_ON = re.compile(r"\bexpire\w*\s+(?:on\s+)?(" + _DATE + r")", re.I)
_EXPIRES_IN = re.compile(r"\b(?:expire\w*\s+in|available\s+for|within)\s+(\d{1,3})\s+days\b", re.I)


def _clean_url(url: str) -> str:
    # GovQA session paths hold parentheses, "(see https://...)" closes one: drop only unbalanced.
    url = url.rstrip(".,;:!?")
    unbalanced = url.count(")") - url.count("(")
    while unbalanced > 0 and url.endswith(")"):
        url, unbalanced = url[:-1].rstrip(".,;:!?"), unbalanced - 1
    return url


def find_links(text: str, received: date) -> LinkFacts:
    links = tuple(dict.fromkeys(_clean_url(u) for u in _URL.findall(text)))
    expires = None
    if m := _EXPIRES_ON.search(text):
        expires = _parse_date(m.group(1), received)
    elif m := _EXPIRES_IN.search(text):
        expires = received + timedelta(days=int(m.group(1)))
    return LinkFacts(links=links, expires=expires)


# --- deciding ----------------------------------------------------------------------------------


def _hits(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[str, ...]:
    return tuple(m.group(0).strip() for p in patterns if (m := p.search(text)))


def out_of_office_phrase(reply: ReplyText, text: str) -> str | None:
    """The words of an away notice: its subject says so, or an automated message says so."""
    if m := _OUT_OF_OFFICE_SUBJECT.search(reply.subject):
        return m.group(0).strip()
    if reply.automated and (m := _OUT_OF_OFFICE_BODY.search(text)):
        return m.group(0).strip()
    return None


def _link_evidence(text: str) -> tuple[str, ...]:
    urls = _URL.findall(text)
    if not urls:
        return ()
    production = _hits(_LINK_PRODUCTION, text)
    shared = tuple(_clean_url(u) for u in urls if _FILE_SHARE_HOST.search(u))
    return production + shared if (production or shared) else ()


def detect(reply: ReplyText, text: str) -> dict[ReplyKind, tuple[str, ...]]:
    """Every kind the reply's own words show, with the phrases that show it."""
    fee = find_fee(text)
    not_yet = _hits(_NOT_YET, text)
    documents = document_attachments(reply.attachment_names)
    production = _hits(_PRODUCTION, text)
    found = {
        K.ACKNOWLEDGEMENT: _hits(_ACK, text),
        K.EXTENSION: _hits(_EXTENSION, text),
        K.FEE_ESTIMATE: (fee.phrases if fee else ()) + _hits(_FEE, text),
        K.CLARIFICATION: _hits(_CLARIFICATION, text) + scope_questions(text),
        K.DENIAL: _hits(_DENIAL, text),
        K.NO_RECORDS: () if not_yet else _hits(_NO_RECORDS, text),
        K.RECORDS_PROVIDED: production + documents if production and documents else (),
        K.RECORDS_LINK: _link_evidence(text),
    }
    return {kind: phrases for kind, phrases in found.items() if phrases}


def _primary(found: dict[ReplyKind, tuple[str, ...]]) -> ReplyKind:
    for kind in PRECEDENCE:
        if kind in found:
            return kind
    return K.OTHER


def _facts(reply: ReplyText, text: str, kinds: list[ReplyKind]) -> dict:
    received = reply.received_at.date()
    facts: dict = {}
    if tracking := find_tracking_number(text):
        facts["tracking_number"] = tracking[0]
    if K.FEE_ESTIMATE in kinds and (fee := find_fee(text)):
        facts["fee_amount"] = money(fee.amount)
        if fee.deposit is not None:
            facts["deposit_amount"] = money(fee.deposit)
    if K.EXTENSION in kinds:
        facts.update(_extension_facts(text, received))
    if K.DENIAL in kinds:
        facts["exemptions"] = find_exemptions(text)
    if K.RECORDS_PROVIDED in kinds:
        facts["documents"] = list(document_attachments(reply.attachment_names))
    if K.RECORDS_LINK in kinds:
        links = find_links(text, received)
        facts["links"] = list(links.links)
        facts["flags"] = [DOWNLOAD_FLAG]
        if links.expires:
            facts["link_expires"] = links.expires.isoformat()
    return facts


def _extension_facts(text: str, received: date) -> dict:
    facts: dict = {}
    if due := find_new_due_date(text, received):
        facts["new_due_date"] = due[0].isoformat()
    if days := find_extension_days(text):
        facts["extension_days"] = days[0]
        if days[1]:
            facts["extension_unit"] = days[1]
    return facts


_BLANKS = re.compile(r"\s{2,}")
MAX_EXEMPTIONS = 50


def _squeeze(text: str) -> str:
    """Runs of white space become one space, or one line break if they held one: the phrase
    patterns allow optional blanks between words, and thousands of them in a row would make
    those patterns quadratic. Lines and sentences stay where they were."""
    return _BLANKS.sub(lambda m: "\n" if "\n" in m.group() else " ", text)


def classify(reply: ReplyText) -> Classification:
    """The reply's primary kind, its facts, and the phrases that decided it."""
    own_words = _squeeze(strip_footer(strip_quoted(reply.body))[:MAX_TEXT])
    text = _squeeze(reply.subject.strip()[:1000]) + "\n" + own_words
    if away := out_of_office_phrase(reply, text):
        # An away notice that mentions "fees" or "records" says nothing about the request.
        return Classification(K.OTHER, {"out_of_office": True}, (away,))
    found = detect(reply, text)
    kind = _primary(found)
    phrases = found.get(kind, ())
    if kind is K.OTHER and not reply.automated:
        # Only a file, no words about it ("See attachment" in an image, a bare forward).
        documents = document_attachments(reply.attachment_names)
        if documents:
            kind, phrases = K.RECORDS_PROVIDED, documents
    kinds = [kind] + [k for k in PRECEDENCE if k in found and k is not kind]
    facts = _facts(reply, text, kinds)
    if len(kinds) > 1:
        facts["also"] = [str(k) for k in kinds[1:]]
    return Classification(kind, facts, tuple(dict.fromkeys(phrases)))
