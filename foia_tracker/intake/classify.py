"""What an agency's reply says: its kind, the facts in it, and the phrases that decided it.

Pure and conservative: a wrong kind is worse than `other`, which sends the reply to a person.
Intake has already settled bounces and RFC 3834 auto-replies; what comes here is a human or
portal reply that matching filed on a request. The caller maps its parsed message to a
`ReplyText`, so this module does not depend on the parser.

Only the agency's own words decide (`reply_text.own_words`): quotes, our own letter pasted
back, legal footers, signatures and portal chrome are cut first. Each kind's phrases
(`reply_patterns`) are looked for sentence by sentence, each with a guard against passing
mentions. One reply can say several things; the primary kind is the first of `PRECEDENCE`
the reply shows, the others go to ``facts["also"]``.

Portal notices get the same kinds plus ``facts["portal"]`` (name, action, number, link; see
`reply_portals`). If the body only points to a letter, `classify_with_attachments` reads it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date

from foia_tracker.intake import reply_patterns as P
from foia_tracker.intake.reply_address import addressed_elsewhere
from foia_tracker.intake.reply_attachments import documents_in
from foia_tracker.intake.reply_away import out_of_office_phrase
from foia_tracker.intake.reply_echo import ask_may_be_hers
from foia_tracker.intake.reply_facts import (  # noqa: F401  (re-exported for callers)
    PAYMENT_RECEIVED,
    URL,
    find_exemptions,
    find_extension_days,
    find_extension_hours,
    find_fee,
    find_links,
    find_new_due_date,
    find_tracking_number,
    money,
    within_stated_period,
)
from foia_tracker.intake.reply_gate import settle
from foia_tracker.intake.reply_letter import (  # noqa: F401  (re-exported for callers)
    ABOUT_REQUEST,
    LETTER_MAX_CHARS,
    LETTER_NAME,
    blank_form,
    looks_like_letter,
)
from foia_tracker.intake.reply_portals import (
    CLOSED,
    MESSAGE,
    RECEIPT,
    RELEASED,
    portal_notice,
    without_template,
)
from foia_tracker.intake.reply_precedence import date_stands, primary, without_moot_delay
from foia_tracker.intake.reply_questions import scope_questions
from foia_tracker.intake.reply_sentences import sentences
from foia_tracker.intake.reply_text import (  # noqa: F401  (re-exported for callers)
    MAX_TEXT,
    forwarded_text,
    own_words,
    squeeze,
    strip_footer,
    strip_quoted,
)
from foia_tracker.intake.reply_types import (  # noqa: F401  (re-exported for callers)
    DOWNLOAD_FLAG,
    PRECEDENCE,
    RECORDS_KINDS,
    AttachedText,
    Classification,
    ReplyKind,
    ReplyText,
)

K = ReplyKind


# --- finding each kind ---------------------------------------------------------------------------


def _hits(
    patterns: tuple[re.Pattern[str], ...], lines: list[str], guard: re.Pattern[str] | None
) -> tuple[str, ...]:
    found = []
    for line in lines:  # the guard is read only where a phrase is found (most lines have none)
        hits = [m.group(0).strip() for p in patterns if (m := p.search(line))]
        if hits and (guard is None or not guard.search(line)):
            found.extend(hits)
    return tuple(dict.fromkeys(found))


def _link_evidence(text: str, clauses: list[str]) -> tuple[str, ...]:
    urls = URL.findall(text)
    if not urls:  # "I have just shared that folder with you" (the share service sends the link)
        return _hits(P.SHARED_NO_LINK, clauses, _NO_URL_GUARD)
    production = _hits(P.LINK_PRODUCTION, clauses, _LINK_GUARD)
    shared = tuple(u for u in urls if P.FILE_SHARE_HOST.search(u))
    return production + shared if (production or shared) else ()


def detect(reply: ReplyText, text: str) -> dict[ReplyKind, tuple[str, ...]]:
    """Every kind the reply's own words show, with the phrases that show it."""
    every = sentences(text)
    lines = [ln for ln in every if not _lists_options(ln)]  # the law's menu decides nothing
    # Clause by clause where one clause's guard must not silence the next ("... withheld; they
    # are records of a proposal not yet accepted").
    clauses = [c for ln in lines for c in ln.split(";")]
    fee = find_fee(text)
    own = text.partition("\n")[2]  # without the subject line
    own_lines = lines  # a reply's subject ("RE: ... Cost Estimate") names the thread, not an ask
    if P.REPLY_SUBJECT.match(reply.subject) and not P.PAYMENT_WORDS.search(own):
        own_lines = [ln for ln in sentences(own) if not _lists_options(ln)]
    documents = documents_in(reply.attachment_names, own)
    production = _hits(P.PRODUCTION, lines, P.PRODUCTION_GUARD)
    not_yet = _hits(P.NOT_YET, lines, None)
    found = {
        K.ACKNOWLEDGEMENT: _hits(P.ACKNOWLEDGEMENT + P.RECEIPT, every, P.RECEIPT_GUARD),
        # "Nothing located yet, still searching": the answer is late, not negative.
        K.EXTENSION: _hits(P.EXTENSION, lines, _DELAY_GUARD)
        + _hits(P.DELAY, lines, _DELAY_GUARD)
        + _hits(P.AG_RULING, lines, P.AG_RULING_GUARD)
        or not_yet,
        K.FEE_ESTIMATE: (fee.phrases if fee else ()) + _hits(P.FEE, own_lines, P.FEE_GUARD)
        if P.ABOUT_RECORDS.search(text) and not _nothing_asked(text)
        else (),
        K.CLARIFICATION: _hits(P.CLARIFICATION, lines, P.CLARIFICATION_GUARD)
        + scope_questions(lines, bare=not reply.automated),
        K.DENIAL: _hits(P.DENIAL, [c for c in clauses if not _soft_refusal(c)], _DENIAL_GUARD)
        + _opening_denial(own),
        # "Could not be located in time, so we need another week": a delay, not an answer.
        K.NO_RECORDS: () if not_yet else _hits(P.NO_RECORDS, lines, _NO_RECORDS_GUARD),
        K.RECORDS_PROVIDED: production + documents if production and documents else (),
        K.RECORDS_LINK: _link_evidence(text, clauses),
    }
    return {kind: phrases for kind, phrases in found.items() if phrases}


def _soft_refusal(clause: str) -> bool:  # sounds like one, unless refused in the agency's voice
    return bool(P.DENIAL_SOFT_GUARD.search(clause)) and not P.OWN_REFUSAL.search(clause)


def _opening_denial(own: str) -> tuple[str, ...]:
    """A reply that opens with "Denied." (a flattened form's "Fee waiver / Denied." is no opening)."""
    return (m.group(1),) if (m := P.OPENING_DENIAL.match(own)) else ()


def _not_the_news(own: str, phrases: tuple[str, ...]) -> bool:  # "You're welcome"; "..., however"
    welcome = bool(P.WELCOME_ONLY.search(own)) and not any(p in own for p in phrases)
    return welcome or bool(P.RECEIPT_THEN_BUT.search(own))


def _nothing_asked(text: str) -> bool:
    return bool(P.NO_PAYMENT_ASKED.search(text)) and not P.APPROVAL_ASKED.search(text)


def _lists_options(sentence: str) -> bool:
    if not P.OPTIONS_CUE.search(sentence):  # "The district denies ... and will not release" decides
        return False
    return sum(1 for option in P.RESPONSE_OPTIONS if option.search(sentence)) >= 3


_DENIAL_GUARD = re.compile(P.CONDITIONAL.pattern + "|" + P.DENIAL_GUARD.pattern, re.I)
_NO_RECORDS_GUARD = re.compile(
    "|".join([P.CONDITIONAL.pattern, P.NO_RECORDS_GUARD.pattern] + [p.pattern for p in P.DELAY]),
    re.I,
)
_LINK_GUARD = re.compile(P.CONDITIONAL.pattern + "|" + P.NO_RECORDS_LINK.pattern, re.I)
_NO_URL_GUARD = re.compile(_LINK_GUARD.pattern + "|" + P.POSTED_GUARD.pattern, re.I)
_DELAY_GUARD = re.compile(P.CONDITIONAL.pattern + "|" + P.EXTENSION_GUARD.pattern, re.I)
_REFUSE = re.compile(_DENIAL_GUARD.pattern + "|" + P.REFUSAL_SHAPE_GUARD.pattern, re.I)


# A portal's "request closed" after these says nothing of how the request ended.
_CLOSED_SAYS_NOTHING = (K.OTHER, K.ACKNOWLEDGEMENT, K.CLARIFICATION, K.FEE_ESTIMATE)


# --- facts ----------------------------------------------------------------------------------------


def _extension_facts(text: str, received: date) -> dict:
    facts: dict = {}
    if due := find_new_due_date(text, received):
        facts["new_due_date"] = due[0].isoformat()
    if days := find_extension_days(text):
        facts["extension_days"] = days[0]
        if days[1]:
            facts["extension_unit"] = days[1]
        if hours := find_extension_hours(text):
            facts["extension_hours"] = hours
    return facts


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
        facts["documents"] = list(documents_in(reply.attachment_names, text.partition("\n")[2]))
    if K.RECORDS_LINK in kinds:
        links = find_links(text, received)
        facts["links"] = list(links.links)
        facts["flags"] = [DOWNLOAD_FLAG]
        if links.expires:
            facts["link_expires"] = links.expires.isoformat()
    return facts


# --- deciding -------------------------------------------------------------------------------------


def _decide(reply: ReplyText, text: str, notice) -> tuple[ReplyKind, tuple[str, ...], list]:
    # A list's mailing or a mail server's bounce answers no request, whatever it attaches or
    # quotes: other, for review. Read in the whole body, since footers are cut from ``text``.
    bulk = P.BOUNCE_SUBJECT.match(reply.subject) or (
        P.SUBSCRIPTION_NOTICE.search(strip_quoted(reply.body)) and not P.SHARE_NOTICE.search(text)
    )
    found = {} if bulk else detect(reply, text)
    kind = primary(without_moot_delay(found, reply, text), text)
    phrases = found.get(kind, ())
    if kind is K.ACKNOWLEDGEMENT and date_stands(text, ()):
        kind, phrases = K.OTHER, ()  # "still working on it, on track for the date I gave you"
    if notice is not None and notice.action == CLOSED and kind in _CLOSED_SAYS_NOTHING:
        # "Your request has been closed" says nothing of how it ended: a person should look.
        kind, phrases = K.OTHER, ()
    elif notice is not None and notice.action == RELEASED and kind in (K.OTHER, K.ACKNOWLEDGEMENT):
        # "The responsive documents are available in the Records Center": the portal is the
        # link even when the notice carries none (log in to download).
        kind, phrases = K.RECORDS_LINK, (f"{notice.name} records released notice",)
    elif notice is not None and kind is K.OTHER and notice.action == RECEIPT:
        kind, phrases = K.ACKNOWLEDGEMENT, (f"{notice.name} receipt notice",)
    elif notice is not None and notice.action == MESSAGE and kind is K.ACKNOWLEDGEMENT:
        # "You have a new message" is the portal's template, not the agency's answer.
        if not _hits(P.ACKNOWLEDGEMENT, sentences(without_template(text)), None):
            kind, phrases = K.OTHER, ()
    lines = sentences(text)
    paid = any(map(PAYMENT_RECEIVED.search, lines))
    if kind is K.FEE_ESTIMATE and paid and not P.STILL_OWED.search(text):
        kind, phrases = K.OTHER, ()  # a payment's receipt ("Payment amount: $65.50"): nothing owed
    if kind is K.ACKNOWLEDGEMENT and paid:
        # "We received your check for $12.75": money came in; a person settles what it answers.
        kind, phrases = K.OTHER, ()
    elif kind is K.ACKNOWLEDGEMENT and (no := _hits(P.REFUSAL_SHAPE, lines, _REFUSE)):
        kind, phrases = K.OTHER, no  # a receipt that also refuses something: for review
    elif kind is K.ACKNOWLEDGEMENT and _not_the_news(text.partition("\n")[2], phrases):
        kind, phrases = K.OTHER, ()  # "You're welcome" under her own subject; "... However, ..."
    elif kind is K.ACKNOWLEDGEMENT and all(map(P.FORWARDED_ONLY.search, phrases)):
        if (elsewhere := P.HANDLED_ELSEWHERE.search(text)) is not None:
            kind, phrases = K.OTHER, (elsewhere.group(0),)  # passed on to who answers: a referral
    if kind is K.CLARIFICATION and len(phrases) == 1 and ask_may_be_hers(text, phrases[0]):
        kind = K.OTHER  # her request is left uncut ("Pursuant to ..., I request"): for review
    if (appeal := P.APPEAL_NOTICE.search(text)) and kind in (K.ACKNOWLEDGEMENT, K.OTHER):
        kind, phrases = K.OTHER, (appeal.group(0),)  # the appeal's receipt, not the request's
    own = text.partition("\n")[2]
    if kind is K.OTHER and not reply.automated and notice is None and not (found or bulk or appeal):
        # A real document and no words we know: records ("these are all the MOUs we could
        # find", a bare forward). "Please see the attached correspondence" points to a letter
        # instead, and a form to return is a clarification: those are not records.
        documents = documents_in(reply.attachment_names, own)
        if documents and not P.POINTS_TO_LETTER.search(own):
            kind, phrases = K.RECORDS_PROVIDED, documents
    kinds = [kind] + [k for k in PRECEDENCE if k in found and k is not kind]
    return kind, tuple(dict.fromkeys(phrases)), kinds


def classify(reply: ReplyText) -> Classification:
    """The reply's kind, facts and deciding phrases; thin evidence is `other` (`reply_gate`)."""
    return settle(read(reply))


def read(reply: ReplyText) -> Classification:
    """What the reply's words show, before the gate on thin evidence."""
    own = own_words(reply.body, reply.our_text)
    result = _classify(reply, own)
    if result.kind is K.OTHER and "portal" not in result.facts and not result.phrases:
        # "Please see below the response from our legal counsel": the forward is the answer.
        if len(own) <= FORWARD_NOTE_MAX and P.POINTS_BELOW.search(own):
            forwarded = forwarded_text(reply.body)
            opening = forwarded[:2000]
            if _TO_THE_REQUESTER.search(opening) and not _REQUESTERS_OWN.search(opening):
                inner = dataclasses.replace(reply, body=forwarded)
                got = _classify(inner, own_words(inner.body, inner.our_text))
                if got.kind is not K.OTHER:
                    return Classification(
                        got.kind, dict(got.facts, decided_by="forwarded"), got.phrases
                    )
    return result


FORWARD_NOTE_MAX = 400  # characters: a covering note, not a reply of its own
# Her own request forwarded back ("Dear Records Custodian: I am writing to request ...").
_REQUESTERS_OWN = re.compile(
    r"\bI (?:am writing to |hereby |would like to )?request\b|\bI am requesting\b|\bI ask for\b"
)
# The forward answers the requester (counsel's letter to her), not a colleague or her request.
_TO_THE_REQUESTER = re.compile(
    r"\bdear\b|\byour (?:[\w,-]+ ){0,4}?request\b|\byou (?:requested|asked)\b", re.I
)


def _classify(reply: ReplyText, own: str) -> Classification:
    text = squeeze(reply.subject.strip()[:1000]) + "\n" + own
    if away := out_of_office_phrase(reply.subject, reply.automated, text, own):
        # An away notice that mentions "fees" or "records" says nothing about the request.
        return Classification(K.OTHER, {"out_of_office": True}, (away,))
    notice = portal_notice(reply.sender, reply.subject, strip_quoted(reply.body), reply.automated)
    kind, phrases, kinds = _decide(reply, text, notice)
    facts = _facts(reply, text, kinds)
    if notice is not None and notice.action == RELEASED and kind not in RECORDS_KINDS:
        # "The records are ready; the cost is $15.60": nothing is released until it is paid.
        notice = dataclasses.replace(notice, action=MESSAGE)
    if notice is not None:
        facts["portal"] = notice.as_fact()
        if notice.request_number:
            facts["tracking_number"] = notice.request_number
    if kind is not K.OTHER and notice is None and (who := addressed_elsewhere(own, reply.our_text)):
        # "Good afternoon Mr. Haverty, your footage is ready": another requester's mail
        kinds, phrases, facts["addressed_to"] = [K.OTHER, *kinds], (who,), who
        kind = K.OTHER
    if len(kinds) > 1:
        facts["also"] = [str(k) for k in kinds[1:]]
    return Classification(kind, facts, phrases)


# --- the attached letter --------------------------------------------------------------------------


def classify_with_attachments(
    reply: ReplyText, attachments: Sequence[AttachedText]
) -> Classification:
    """Like `classify`, but when the body only points to an attached response letter ("please
    see the attached letter"), its first page(s) decide; records stay records, the letter none."""
    return settle(read_with_attachments(reply, attachments))


def read_with_attachments(reply: ReplyText, attachments: Sequence[AttachedText]) -> Classification:
    base = read(reply)
    letters = [a for a in attachments if looks_like_letter(a) and ABOUT_REQUEST.search(a.text)]
    if not letters:
        return base
    own = own_words(reply.body, reply.our_text)
    if addressed_elsewhere(own, reply.our_text):  # another party's mail: a person reads it
        return base
    letter_names = {a.filename for a in letters}
    only_letters = set(base.facts.get("documents", ())) <= letter_names  # "Attached." + a letter
    pointed = bool(P.POINTS_TO_LETTER.search(own))
    # "The estimate is detailed in the attached document": the figure is in the letter.
    priced = base.kind is K.FEE_ESTIMATE and "fee_amount" not in base.facts
    if base.kind not in (K.OTHER, K.ACKNOWLEDGEMENT) and not pointed and not priced:
        if not (base.kind is K.RECORDS_PROVIDED and only_letters):
            return base
    letter = letters[0]
    as_body = dataclasses.replace(
        reply,
        body=letter.text[:LETTER_MAX_CHARS],
        attachment_names=tuple(n for n in reply.attachment_names if n not in letter_names),
        automated=False,
    )
    letter_read = read(as_body)
    if letter_read.kind is K.OTHER:
        return base
    if blank_form(letter.text, letter_read.facts.get("also", ())):
        # A response form with every box printed ("Attached; ... Your request is denied ...;
        # No such record(s) exists ..."), the tick lost in the text: a person reads the form.
        if base.kind in (K.OTHER, K.ACKNOWLEDGEMENT) or only_letters:
            kept = {k: v for k, v in base.facts.items() if k in ("tracking_number", "portal")}
            return Classification(K.OTHER, kept, ())
        return base
    if priced and not pointed:
        if letter_read.kind is not K.FEE_ESTIMATE or "fee_amount" not in letter_read.facts:
            return base
        facts = {
            k: v for k, v in letter_read.facts.items() if k in ("fee_amount", "deposit_amount")
        }
        facts = dict(base.facts, **facts, decided_by=f"attachment:{letter.filename}")
        return Classification(base.kind, facts, (*base.phrases, *letter_read.phrases))
    # "no records for item 4" beside records, or a letter naming its attachments: records stay
    beside = letter_read.kind is K.NO_RECORDS or P.RECORDS_TOO.search(f"{own}\n{letter.text}")
    records_stay = base.kind is K.RECORDS_PROVIDED and letter_read.kind is not K.RECORDS_PROVIDED
    if records_stay and not only_letters and beside:
        also = list(dict.fromkeys([*base.facts.get("also", ()), str(letter_read.kind)]))
        return Classification(base.kind, dict(base.facts, also=also), base.phrases)
    facts = dict(letter_read.facts, decided_by=f"attachment:{letter.filename}")
    for key in ("portal", "tracking_number"):
        if key in base.facts:
            facts.setdefault(key, base.facts[key])
    return Classification(letter_read.kind, facts, letter_read.phrases)
