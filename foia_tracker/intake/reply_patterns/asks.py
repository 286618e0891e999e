"""What the agency asks of the requester before it goes on (clarification).

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_patterns.common import _p

# A clarification asks the requester for something concrete: a scope question, a form, a
# detail. These are imperatives and needs; questions are found by `scope_questions`.
# Money and delivery, not the request's scope: a question about these asks nothing to clarify.
_NOT_LOGISTICS = (
    r"(?![^?\n]*\b(?:payments?|refund\w*|paid|checks?|pick(?:ed)? (?:\w+ )?up|pickup|mailed|"
    r"(?:by|via) (?:e-?)?mail|(?:e-?)?mail (?:it|them|you|the (?:copies|records|rest))|flash drive|usb|"
    r"thumb drive|cds?|dvds?|paper|format|pdfs?|deliver\w*)\b)"
)
# Whether an offered substitute will satisfy her: her answer is needed (not a date's or a CD's
# assent: "let me know if that works for you").
_WILL_DO = r"(?:[^.\n]{0,100}\b(?:will|would) (?:satisfy|suffice|meet) (?:what you need|your needs?|your request)\b)"
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
    r"\b(?:i|we) need your (?:answer|response|input|decision) (?:on|to|about|regarding)\b",
    # a questionnaire to answer (a fee waiver's): "Please provide answers to the following questions
    # to assist us in evaluating your fee waiver request."
    r"\bplease (?:provide|give|send|submit) (?:us )?(?:your )?(?:answers|responses|replies) to the following questions\b"
    r"|\bplease answer the following questions\b",
    # "please let me know if the administrative reports will satisfy what you need for item 1"
    r"\blet (?:me|us) know (?:if|whether)\b" + _WILL_DO,
    # H: "These should have been sent to you on a thumb drive. Please advise and confirm that you
    # did not receive it."
    r"\bplease (?:advise and )?confirm (?:that |whether )?you (?:did not|didn'?t|have not|haven'?t|did|have) (?:receive|get)\b",
    # a portal's reminder, a form sent back ("was returned to you by the reviewer", "is incomplete")
    r"\bclarification requested\b|\b(?:is )?(?:waiting|awaiting) (?:for )?your (?:response|reply|answer)\b",
    r"\b(?:form|request|submission)\b[^.\n]{0,40}\b(?:was returned to you|is incomplete)\b",
    r"\bwe need clarification\b|\bclarification (?:is )?needed\b|\bneed clarification\b"
    r"|\b(?:has )?request(?:ed|s)? clarification\b",
    r"\bplease (?:reply|respond)(?: to this (?:e-?mail|message))? with (?:your|the|a|an|proof|copies)\b|\brequires? requesters? to\b",
    # "before the District can process your request we need:"; "Your request did not include proof of"
    r"\bbefore (?:the [\w ]{1,30}|we|i) can (?:process|begin|start|proceed|run|do|search)\b[^.\n]{0,40}\b(?:we|i)(?: will|'ll)? need\b"
    # "Before we can process the request, please:\n1. Complete the attached form"
    r"|\bbefore (?:the [\w ]{1,30}|we|i) can (?:process|begin|start|proceed)\b[^.\n]{0,30}\bplease\b"
    r"|\b(?:two|three|a few|several|some) (?:things|items|documents) (?:are|is) (?:needed|required) before\b"
    r"|\b(?:did not|didn't|does not) include (?:proof|a copy|the required|your (?:signed|completed))\b",
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
    r"\bplaced on hold until\b|\bheld until we hear\b|\bon hold until (?:we|i) (?:receive|hear)\b(?![^.\n]{0,12}\bfrom (?!you\b))",
    # Who the requester is (residency, citizenship, an address, a person not a script): the
    # agency waits on her, as for a scope question.
    r"\b(?:please|kindly) (?:send|give|email|mail) (?:me|us) your (?:full )?(?:name|mailing address|"
    r"address|telephone|phone)\b",
    r"\b(?:please|kindly) confirm (?:in writing |by (?:reply|return e-?mail|e-?mail) )?that you are (?:a|an)\b",
    r"\b(?:can|could|would) you (?:please )?(?:send|give|provide|email) (?:me |us )?(?:a|your|the) "
    r"(?:\w+ )?(?:mailing |postal |street |physical )?address\b",
    # A voicemail's transcription: "what I need to know before we go further is whether you want"
    r"\b(?:i|we) (?:need|have) to know\b[^.\n]{0,40}\b(?:whether|which|what you|if you)\b",
    # Ark. Code Ann. § 25-19-105(a)(1)(A) and other citizens-only laws: "Are you a citizen of Arkansas?"
    r"\bare you an? (?:citizen|resident) of\b|\blet (?:me|us) know which (?:one|of them|option)\b",
    # "does not accept requests by email ... please submit it through our online records portal"
    r"\bplease (?:re-?)?submit it (?:through|via|on|using|at|in)\b|\b(?:does not|is unable to|cannot|can'?t) accept\b[^.\n]{0,60}"
    r"\brequests? (?:by|via|through) (?:e-?mail|phone|fax)\b",
    r"\bmust be (?:re-?)?submitted (?:through|via|on|using) (?:our|the) (?:online |web )?(?:public )?(?:records )?"
    r"(?:request )?(?:portal|form|web ?form|system)\b",
    # A list of what is needed follows: "To proceed with Item 7, please provide:"; "please either:"
    r"\b(?:please|kindly) (?:provide|either|send us|give us|tell us|advise)\s*:|\b(?:please|kindly) do one of the following\b",
    # "would you agree to limit item 7 to: (a) ...?"
    r"\bwould you (?:agree|be willing|consent) to (?:limit|narrow|reduce|restrict|modify)\b",
    # Tex. Gov't Code 552.222(b): "Are you willing to exclude this information from your request?"
    r"\bare you willing to (?:exclude|narrow|limit|remove|withdraw|modify|reduce)\b[^.\n]{0,80}\?",
    r"\b(?:could|can|would) you (?:please )?(?:give|send|provide|tell) (?:me|us)(?: with)?\s*:",
    r"\b(?:could|can|would|will) you (?:please )?(?:complete|sign|fill (?:out|in)|return)\b(?! (?:our |the |a )?(?:short |brief )?"
    r"(?:customer |satisfaction )?survey)[^.\n]{0,60}\b(?:form|affidavit|certification|declaration|it|them)\b",
    r"\b(?:does|do|would) [\"“][^\"”?]{2,50}[\"”] (?:include|cover|mean|extend to)\b[^.\n]{0,80}\?",
    r"\bfill (?:it |this |that )?out (?:the |our |this )?(?:attached |enclosed )?(?:\w+ )?(?:form )?(?:and|&|\+) (?:send|return|email|mail|sign)\b",
    # "Could you give us (a) the staff members whose email you want searched, (b) ..."
    r"\b(?:could|can|would) you (?:please )?(?:give|send|provide) (?:me|us)\b(?! (?:a call|a ring|a moment|some time|time)\b)",
    # "Could you please reply with that information" (name, address, signature: Board Policy)
    r"\b(?:could|can|would) you (?:please )?(?:reply|respond|write back|get back to (?:me|us)) with (?:that|this|the|your) "
    r"(?:information|details|name|address|signature)\b",
    r"\b(?:please|kindly) confirm the (?:date range|time ?frame|period|scope|items?|vendors?)\b",
    # a reminder of her open question: "still waiting to hear back on my Nov 17 question"; "if I
    # don't hear from you by December 15 I'll have to close the request"
    r"\bstill waiting to hear (?:back )?(?:from you )?(?:on|about|regarding)\b[^.\n]{0,40}\bquestion\b",
    r"^\W*(?:\w\)\s*)?(?:provide|send us|give us) (?:a|your) (?:\w+ )?(?:mailing |postal |physical |street )?address\b",
    r"\bhold (?:that |this |the )?(?:item|items|part|parts|your request|the request|it)\b[^.\n]{0,20}\buntil (?:we|i) hear\b"
    r"(?![^.\n]{0,12}\bfrom (?!you\b))",
    # Tennessee, Virginia, Arkansas and other citizens-only laws: "Please send proof of TN citizenship"
    r"\bplease (?:send|provide|submit|email) (?:us |me )?(?:a copy of )?(?:proof|evidence|documentation|verification) of\b",
    # "Please let me know by December 28 whether you are still interested in this request"
    r"\blet (?:me|us) know\b[^.\n]{0,40}\bwhether you\b",
    r"\b(?:whether|that) you (?:are|remain) still interested\b",
    r"\b(?:is|are) (?:this|the|your) (?:request|records?) still needed\b",
    r"\brequires? a (?:completed|signed) (?:\w+ ){0,4}?(?:form|application|affidavit)\b",
    r"\b(?:please|kindly) (?:also )?confirm (?:the|your) (?:mailing |postal )?address\b",
    r"(?<!need to )(?<!have to )\b(?:please )?re-?send (?:your|the) request to\b",
    # Va. Code § 2.2-3704(A): "Please reply through the portal confirming that you are a Virginia resident"
    r"\b(?:reply|respond|write)\b[^.\n]{0,40}\bconfirming (?:that )?you (?:are|represent)\b",
    # Questions put to her: "Would it be enough for item 1 if we gave you the 23 signed
    # agreements?"; "For #6 do you want the forms from each building or is the template
    # enough?"; "is it ok if we start the email search at July 2021?"
    # (Not money's or delivery's logistics: "Do you want the second payment refunded or put toward
    # the balance?"; "Do you want to pick them up at the front office or should we mail them?")
    r"\bwould it be (?:enough|sufficient|ok|okay|acceptable|all right|alright)\b"
    + _NOT_LOGISTICS
    + r"[^?\n]{0,200}\?",
    r"\bdo you (?:want|need|prefer)\b" + _NOT_LOGISTICS + r"[^.?\n]{0,150}\bor\b[^.?\n]{0,150}\?",
    r"\bis it (?:ok|okay|alright|all right|fine|acceptable) (?:if|to|with you)\b"
    + _NOT_LOGISTICS
    + r"[^?\n]{0,200}\?",
    # 5 ILCS 140/3(g): before refusing a burdensome request, the body must give her "an
    # opportunity to reduce the request to manageable proportions"; "we ask that you consider"
    # N.J.S.A. 47:1A-5(g): a request must name specific records; "To process Item 7, please give
    # (1) the sender or recipient, (2) a date range"; "Please send your revised Item 7"
    # "could you revise item 7 by telling us: (a) ..."; "Could you mark the ones you want with
    # an X in column D and send it back?"
    r"\b(?:could|would|can) you (?:please )?(?:revise|narrow|clarify|specify|limit|refine|reword|"
    r"mark|check off|tick|circle|highlight|initial)\b",
    r"\bplease (?:give|provide|send|list)\b:? (?:us |me )?(?:\(\d\)|\(a\)|\d\.|the following)"
    + _NOT_LOGISTICS,
    r"\b(?:send|submit|give) (?:us |me )?(?:your |a )?revised (?:item|request|scope|description)\b",
    # A question put as a wish or a condition (la-clar-01, la-clar-03): "It would be helpful to
    # know whether Item 1 is meant to include ..."; "The Division would be in a position to
    # process the request once it has a Virginia residential address for you" (Va. Code §
    # 2.2-3704(A)). Not the money: "we will be able to proceed once we receive your payment".
    r"\bit would (?:be )?help(?:ful)?(?: to)?(?: us| the [\w ]{1,30}?)? (?:to )?(?:know|hear|learn)\b[^.\n]{0,20}"
    r"\b(?:whether|which|what|if|how)\b",
    r"\b(?:would|will) be (?:in a position|able) to (?:process|proceed with|begin|continue|go on with)\b"
    r"[^.\n]{0,60}\b(?:once|when|after|as soon as) (?:it|we|i|the [\w ]{1,30}?) (?:has|have|receives?|gets?)\b"
    r"(?![^.\n]{0,60}\b(?:payment|deposit|check|fees?|funds|remittance|money)\b)",
    # "I have a few questions/clarifications regarding your below OPRA request:" (questions: an
    # agency "has a clarification" when it corrects itself; not questions sent on to counsel)
    r"\b(?:i|we) have (?:a few|some|several|a couple(?: of)?|one|two|three|a) (?:quick |follow-?up )?"
    r"questions?(?:\s*/\s*clarifications?)? (?:regarding|about|on|concerning|for|with) "
    r"(?:your|the|this) (?:[\w-]+ ){0,3}request\b(?![^.\n]{0,40}\b(?:that|which) (?:we|i) (?:have )?(?:sent|forwarded|referred|passed)\b)",
    r"\b(?:reduce|narrow) (?:the|your) request to (?:more )?manageable proportions\b"
    r"|\b(?:ask|request|invite)s? (?:that )?you (?:to )?consider (?:one or more of |narrowing|limiting|reducing)\b",
)
CLARIFICATION_GUARD = re.compile(
    # a form field's own instruction, often in a restated request: "(SMPD-owned, or other — please specify)"
    r"\bor other\W{1,4}please specify\b|\(\s*please specify\s*\)|"
    r"\bif you (?:need|have|would like|want)\b|\blet (?:me|us) know if\b(?!"
    + _WILL_DO
    + r")|\bwe will contact you if\b"
    # "If any part of the request is unclear to the staff searching, we may contact you to clarify"
    r"|^\s*if (?:any|some) (?:part|portion|item)s?\b[^.\n]{0,60}\bunclear\b"
    r"|\b(?:we|i|staff|they) (?:may|might|will) (?:contact|reach out to|call|e-?mail) you\b[^.\n]{0,20}\bto clarify\b"
    r"|\byou (?:may|might|can) (?:wish|want|choose|elect) to (?:narrow|limit|reduce|refine)\b|\bif you object\b"
    # an offer, not a question: "If you choose to narrow the request ... we could produce sooner"
    r"|\bif you (?:choose|wish|decide|want|would like|would prefer|'d prefer|'d like|prefer) to (?:narrow|limit|reduce|refine)\b"
    # a portal's account notice: "If you ... did not submit your request through the public portal"
    r"|\b(?:did not|didn'?t) submit (?:a|your|this|the) (?:[\w-]+ )?request\b"
    # a rule for later requests ("Going forward, requests must be submitted through our portal")
    r"|\bgoing forward\b|\bfor (?:all )?future requests\b|\bin the future\b|\bfrom now on\b"
    # her own words echoed by a portal: 'Amendment text you submitted: "Please limit items 1 ..."'
    r"|\b(?:text|message|request|comments?|description|amendment) (?:that )?you (?:submitted|entered|wrote|sent|provided)\s*:"
    # NY DOH: "Should you require additional information or wish to discuss this matter further,
    # please do not hesitate to contact me" (her need, not the agency's)
    r"|^\s*should you (?:wish|want|need|like|prefer)\b"
    r"|(?:^\s*|[.!?]\s+)should you require (?:any )?(?:additional|further|more) (?:information|assistance|help)\b"
    # "Should the District need clarification of any item, I will contact you directly."
    r"|^\s*should (?:the |our )?(?:district|office|agency|city|county|board|staff|we|it|i) (?:need|require)\b"
    r"|\bunless you (?:agree|choose|decide|wish|prefer) to (?:narrow|limit|reduce)\b"
    r"|\bthank you for (?:including|submitting|completing|sending|returning)\b"
    r"|\b(?:any|if there are) questions\b|\bif we need\b"
    # "You may be contacted if the District needs clarification of your request."
    r"|\bif (?:the |our )?(?:district|office|agency|city|county|board|staff|it) (?:needs?|requires?)\b"
    r"|\bif (?:your|the|a|this|any) request (?:needs|requires)\b"
    r"|\bmay be contacted\b"
    # the portal's rule for any request: "If a request is ambiguous or overly broad, the District
    # will contact you and give you an opportunity to revise it" (R.C. 149.43(B)(2))
    r"|^\s*if (?:a|an|any) request (?:is|seems|appears|proves)\b"
    # A closed request's way back ("if you believe it was closed in error, you may submit a new
    # request") is an option, not a question.
    r"|\bif you (?:believe|think|feel|disagree)\b|\byou (?:may|can|are welcome to) (?:submit|file|open) a new request\b"
    # "If after reviewing these you still need records that aren't posted, please let me know";
    # "You will be contacted if OIP needs more information from you."
    r"|\bif\b[^.\n]{0,60}(?<!\bsatisfy what )(?<!\bsuffice for what )\byou (?:still )?(?:need|want|would like|wish|require)\b"
    r"|\b(?:will|may) be contacted if\b|\bif [\w ]{1,30} (?:needs?|requires?) (?:more|additional|further)\b"
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

# A file sent for her to fill in and return ("mark the ones you want ... and send it back"): the
# attachment is a form, not records (reply_precedence.primary).
RETURN_IT = re.compile(
    r"\b(?:send|return|e-?mail) (?:it|them|the (?:\w+ )?(?:list|form|sheet|spreadsheet|table)) back\b"
    r"|\breturn (?:it|them|the (?:\w+ )?(?:list|form|sheet|spreadsheet)) to (?:me|us)\b",
    re.I,
)
