"""Mail that is no answer to the request: away notices, list mailings, a records mailbox's responder, misdirection, an appeal's receipt.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re

from foia_tracker.parse.autoreply import AUTO_REPLY_SUBJECT

# One definition of an auto-reply subject, the parser's (Lotus "AUTO:" only with away words).
OUT_OF_OFFICE_SUBJECT = AUTO_REPLY_SUBJECT
OUT_OF_OFFICE_BODY = re.compile(
    r"\bout of (?:the )?office\b|\bon (?:vacation|leave)\b|\blimited access to (?:e-?mail)\b"
    r"|\b(?:currently )?away\b[^.\n]{0,40}\b(?:return|back)\b",
    re.I,
)


# A list's mailing ("you are receiving this because you subscribed to board notices"): it is
# about no request, whatever it attaches or announces.
# A delivery failure that reached the classifier (intake settles most before: parse/bounce.py):
# "Undeliverable: RE: Right to Know PA-0042" quotes her words, and the server's attached report.
BOUNCE_SUBJECT = re.compile(
    r"\s*(?:undeliverable|undelivered mail|delivery status notification \((?:failure|delay)\)|"
    r"mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|delivery failure)\b",
    re.I,
)
SUBSCRIPTION_NOTICE = re.compile(
    r"\byou (?:are receiving|received|get) this (?:\w+ )?(?:notice|e-?mail|message|notification|newsletter)s? "
    r"because you(?: are| have)? (?:subscribed|signed up|opted in)\b|\bto unsubscribe\b|\bunsubscribe from\b(?! (?:this|the|your) (?:\w+ )?request\b)"
    r"|\byou are receiving this newsletter\b|^\s*unsubscribe\b(?! from (?:this|the|your) (?:\w+ )?request\b)|\bunsubscribe\s*\||\|\s*unsubscribe\b"
    # ... nor does Outlook's recall of a message ("X would like to recall the message, 'Notice of
    # Denial - Records Do Not Exist'"): the words quoted are a subject, not an answer
    r"|\bwould like to recall the message\b"
    # a portal account's one-time code ("enter this verification code: 804 372")
    r"|\b(?:verification|security|one-time|confirmation) (?:pass)?code\b[^.\n]{0,30}\d{3}",
    re.I | re.M,
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
    r"\b(?:received|receipt(?: of)?|docketed|logged|assigned)\b[^.\n]{0,60}\b(?:your |the )?(?:appeal|request for review|"
    r"petition for review|request for assistance|(?:formal )?complaint)\b(?! (?:rights|deadline|period|window|process|procedure))"
    r"|\b(?:appeal|request for review|petition for review|request for assistance|formal complaint)\b[^.\n]{0,60}\b(?:has been|was|is|have been) "
    r"(?:received|docketed|filed|assigned|opened|logged)\b"
    # "This acknowledges receipt of your petition under R.I. Gen. Laws § 38-2-8 for review of ..."
    r"|\b(?:received|receipt (?:on [^.\n]{0,30})?of)\b[^.\n]{0,20}\b(?:your |the )?petition\b[^\n]{0,80}?\breview\b"
    # "thank you for your letter contesting the fee. I've passed it to the Superintendent"
    r"|\byour (?:\w+ ){0,2}?(?:letter|e-?mail|message|note)\b[^.\n]{0,20}\b(?:contesting|disputing|objecting to|"
    r"challenging|appealing)\b|\byour (?:objection|challenge) to the (?:fee|charge|estimate|denial|decision)\b"
    r"|\bforwarded your (?:objection|appeal|complaint|challenge)\b"
    r"|\byour (?:\w+ ){0,2}?(?:letter|e-?mail|message|request)\b[^.\n]{0,40}\basking (?:that|for|us to)\b[^.\n]{0,60}"
    r"\b(?:waive[ds]?|waiver|reduce[ds]?|reduction)\b"
    # her answer to a fee ("your email of November 19 responding to the itemized statement")
    r"|\byour (?:\w+ ){0,2}?(?:letter|e-?mail|message|response)\b[^.\n]{0,40}\bresponding to (?:the|our) "
    r"(?:itemized statement|(?:cost |fee )?estimate|invoice)\b",
    re.I,
)

# A forward to the office that handles requests, and nothing more ("I have forwarded your request to
# the Borough Attorney's office, as they handle OPRA requests"): the request has not reached who
# answers it, so it is no receipt of the request; a person notes where it went.
FORWARDED_ONLY = re.compile(
    r"\b(?:forward\w*|passed|pass\w* (?:it )?(?:on|along)|sent (?:it )?(?:on|over)|routed|referred|redirected)\b",
    re.I,
)
HANDLED_ELSEWHERE = re.compile(
    r"\b(?:handles?|handled (?:at|by)|(?:is|are) responsible for|process(?:es)?)\b[^.\n]{0,40}\b(?:requests?|records|"
    r"opra|foia|foil|ora|orr)\b|\b(?:requests?|records)\b[^.\n]{0,20}\b(?:are|is) (?:all )?(?:handled|processed)\b|\bdirect (?:any )?(?:further |other )?(?:questions|inquiries) to (?:them|that office|her|him)\b"
    # "We have forwarded your request to the Law Department you can contact them at LawOffice@..."
    r"|\byou (?:can|may|should) (?:now )?(?:contact|reach|write to|follow up with) (?:them|that office|that department|her|him)\b",
    re.I,
)
