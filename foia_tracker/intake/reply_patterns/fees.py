"""Fees: money asked before the agency goes on (fee_estimate), and what is no fee ask.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.intake.reply_facts import LIMIT_NOT_DEPOSIT, NOT_A_FEE_ASK, PAYMENT_RECEIVED
from foia_tracker.intake.reply_patterns.common import _p

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
    r"\bpayment (?:of \$[\d,.]+ )?is (?:required|due)\b|\bpre-?payment (?:is|will be) (?:required|due|needed)\b",
    r"\bestimated (?:cost|fee|charge)s?\b|\b(?:cost|fee) estimate\b",
    # a county's data sold, not given: "It is available for purchase for $1000."
    r"\b(?:it|this|they|these) (?:is|are) available for purchase for \$\s?\d",
    r"\bdeposit of\b",
    r"\brequires? (?:pre-?)?payment of the (?:estimated|full|total)\b|\bpayment (?:is )?required before\b",
    r"\bawaiting (?:requester |your )?payment\b|\bpayment required\b",
    # "We can not continue with the request until the invoice is paid in full"
    r"\b(?:can ?not|can'?t|cannot|won'?t|will not|unable to|not able to) (?:continue|proceed|begin|start|process|release|"
    r"send|move forward)\b[^.\n]{0,60}\buntil\b[^.\n]{0,40}\b(?:paid|payment|invoice|deposit|fees?)\b",
    # "Please see attached invoice I am resending as well as payment instructions"
    r"\b(?:see|find|review) (?:the )?(?:attached|enclosed) invoice\b",
    r"\bpayment instructions\b|\bplease (?:provide|submit|send|make|remit) (?:the |your )?payment\b",
    # "whether you would like to refine the request or provide payment for the additional staff
    # time necessary to complete the request" (a fee still unanswered; "no need to provide
    # payment" is NOT_A_FEE_ASK's, in FEE_GUARD)
    r"(?<!not )(?<!never )\b(?:provide|make|submit|send) (?:the )?payment for (?:the )?(?:\w+ ){0,2}(?:staff time|time|costs?|fees?|work|copies|search|review)\b",
    # Money asked for by the means of paying, with its figure: "Please send me a check made to
    # City of Seattle for $15.60 for a hard copy of the records". Only as an ask ("please", "you
    # may", a sentence's first word): not "no need to send", "mistakenly asked you to mail", "we
    # will mail the payment of $8.00 to you as a refund" (the eighth review).
    r"(?:\bplease |\bkindly |^\s*|[.!?;]\s+|\byou (?:can|may|must|should|will need to|need to|are asked to) )"
    r"(?:send|mail|remit|bring|submit|make out|write)\b (?:me |us |in |to (?:me|us|our office) )?"
    r"(?:a |your |the )?(?:check|cheque|money order|cashier'?s check|payment)\b[^.\n$]{0,60}?\b(?:for|of|in the amount of) \$\s?\d",
    # Staff time at a rate, and her go-ahead asked: "There will be a cost of $50 per hour to try
    # and fulfill your request ... If you are willing to proceed with that cost please let me know"
    r"\b(?:there will be|we (?:will )?charge|our (?:fee|rate|charge) is|with a charge of|(?:a|the) (?:cost|charge|fee) (?:of|is))"
    r" \$\s?\d[\d,]*(?:\.\d\d)? (?:per|an|a|/) ?(?:hour|hr)\b",
    r"\b(?:willing|wish|want|like) to (?:proceed|go ahead|continue) (?:with|at) (?:that|this|the|these) (?:cost|charge|fee|rate|estimate|price)s?\b",
    # "Payment of the estimate is required before the District begins the work" (C.R.S. §
    # 24-72-205(6)); the figure may be in the attached estimate only.
    r"\bpayment of the (?:\w+ ){0,2}?(?:estimate|fees?|costs?|charges?|invoice|amount)\b[^.\n]{0,20}"
    r"\b(?:is|will be) (?:required|due|needed)\b",
    # "Attached is the invoice for your request": the amount is in the attached invoice.
    r"\b(?:attached|enclosed) (?:is|are|please find) (?:the|an|our|your) invoice\b|\bthe (?:attached|enclosed) invoice\b",
)
# The agency will not ask for the money before it goes on ("that is within the $25.00 you agreed
# to pay, so we will not ask you for payment in advance"): the figure asks nothing, wherever it is.
NO_PAYMENT_ASKED = re.compile(
    r"\b(?:will not|won'?t|do not|don'?t|need not|does not|doesn'?t) (?:ask|require|need)\b[^.\n]{0,30}"
    r"\b(?:payment|deposit|prepayment|money)\b[^.\n]{0,20}\b(?:in advance|up ?front|beforehand|first)\b"
    r"|\bwithin the \$[\d,.]+ (?:that )?you (?:agreed|authori[sz]ed|said|offered|approved)\b",
    re.I,
)
# ... unless it asks her to approve the cost first ("please reply in writing agreeing to the
# estimate"; O.C.G.A. § 50-18-71(d)): then the estimate stands.
APPROVAL_ASKED = re.compile(
    r"\bplease (?:reply|respond|confirm|let us know|indicate|advise)\b[^.\n]{0,60}\b(?:agree|approv|accept|proceed|go ahead)\w*"
    r"|\bif you (?:wish|want|would like)\b[^.\n]{0,40}\bto (?:proceed|go ahead|continue)\b"
    r"|\b(?:approve|accept|agree to) (?:the|this|our) (?:estimate|cost|fee|charges?)\b",
    re.I,
)
FEE_GUARD = re.compile(
    # (not a free part of a stated cost: "with no charge for the first 15 minutes", O.C.G.A. §
    # 50-18-71(c)(1))
    r"^(?![^\n]*=\s*\$)[^\n]*?\bno (?:fee|charge|cost)\b(?! for the first)|\bfree of charge\b|\bwe have your payment\b|"
    # a notice promised that will state "any estimated fees" (HAR § 2-71-13)
    r"\bany estimated (?:fees?|costs?|charges?)\b|"
    # The law's list of what a response holds ("... a reasonable estimate, along with any fee
    # estimate", ORS 192.329(3)) names no fee.
    r"\b(?:any|a possible|possible) (?:fee|cost) estimates?\b|"
    r"\byou (?:may|can|have the right to) (?:ask|request)\b[^.\n]{0,25}\bestimate\b|"
    # "you will be notified of the estimated cost and asked to approve it before the work"
    r"\b(?:will|would|shall) be (?:notified|informed|advised|told)\b[^.\n]{0,40}\bestimat\w*|"
    # Tex. Gov't Code § 552.2615(b): "Days during which the City is waiting for you ... to respond
    # to a cost estimate are not counted"; "Before I send it to IT for a query and cost estimate"
    r"\b(?:days|time) (?:during which|while|when)\b[^.\n]{0,100}\bestimat|\bbefore (?:i|we) (?:send|start|begin|prepare|get)\b"
    r"[^.\n]{0,60}\bestimat|\bget the estimate started\b|"
    # an estimate promised, not given ("I will then send you the estimated costs")
    r"(?:\b(?:will|would|can|shall)|'ll)\b[^.\n]{0,30}\b(?:send|provide|give|prepare|let you know|get|receive)\b[^.\n]{0,30}\bestimat\w*|"
    # the law's deposit rule, hedged or conditional: "If the estimated fee exceeds $50.00, the
    # District requires a good-faith deposit"; "the Township may require a deposit" (MCL 15.234(8))
    r"^\s*(?:if|when|whenever|should|where)\b[^.\n]{0,80}\bexceed|\bmay require (?:a |an )?(?:deposit|pre-?payment)\b|"
    # "When she has the records, the estimated cost ... will be sent to you": promised
    r"^\s*(?:when|once|after)\b[^.\n]{0,60}\bestimat|\bestimat\w*\b[^.\n]{0,40}\bwill be (?:sent|provided|given|e-?mailed|mailed)\b|"
    # "Requests that are significantly beyond routine will receive ... an estimated cost": promised
    r"\b(?:will|would|shall) (?:receive|get|be given)\b[^.\n]{0,80}\bestimat\w*|"
    # "... and at that time will notify you of any records and of the estimated cost"
    r"\b(?:will|would|shall)\b[^.\n]{0,60}\b(?:notify|inform|advise|tell) you\b[^.\n]{0,140}\bestimat\w*|"
    r"\b(?:fees?|costs?|charges?|estimate)\b:?\s*(?:of |is |are |will be )?\$\s?0(?:\.00)?(?![.,]?\d)|"
    + NOT_A_FEE_ASK.pattern
    + "|"
    + PAYMENT_RECEIVED.pattern
    + "|"
    + LIMIT_NOT_DEPOSIT.pattern,
    re.I,
)
