"""A request pasted back into an agency's reply, in the requester's own voice, found without
our letter to compare it with (`reply_text.strip_our_words` does that when it is given)."""

from __future__ import annotations

import re

# Agencies and portals paste the request back ("Your request reads:", "Description:", "You
# requested:"), often with no letter of ours to strip it by (a relay's requester, a portal's
# copy). It is cut only when all of these hold, since a clerk writes "I am requesting the
# records from IT" too (the fifth review's counter-examples):
# - it is marked as a copy: it opens with a quote mark, or a label stands just above it
#   ("Your request reads:", "Description:", "Request Details:", "To Whom It May Concern:");
# - the requester's voice opens it: "Pursuant to the ... Act, I request copies of ...";
# - it ends in sight: its closing quote, her sign-off and name, or the portal's footer;
# - nothing in it speaks as the agency ("we", "the County has", a link): then it holds the
#   answer, and nothing is cut.
_REQUEST_OPENS = re.compile(
    r"^[ \t]*(?P<inline>(?i:your request (?:stated|reads|read|was)|you requested)[ \t]*:[ \t]*)?"
    r"(?P<quote>[\"“])?(?:(?i:to whom it may concern):?\s+)?"
    r"(?P<law>(?i:pursuant to|under|in accordance with) (?:[^.\n]|\.(?=[,\w])|\n[ \t]*){0,160}?,\s*)?"
    r"I (?:hereby )?(?:request|am requesting|would like to request)\b(?! that you\b)"
    r"(?=\s+(?:access|copies|a copy|the following|all|any|an? (?:electronic|digital|copy|list|spreadsheet)|"
    r"electronic|records|documents|public records|a spreadsheet|a list|data|information)\b)",
    re.M,
)
_LABEL_ABOVE = re.compile(
    r"^[ \t]*(?:to whom it may concern|dear (?:records? custodian|custodian|foia officer|sir or madam)|"
    r"(?:request )?description(?: of (?:the )?records? requested)?|request details|your request(?: reads| was| stated)?|"
    r"you requested(?: the following)?|records requested|request text)[ \t]*:?[ \t]*$",
    re.I,
)
_CLOSING_QUOTE = re.compile(r"[\"”][ \t]*$", re.M)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:sincerely|thank you|thanks|regards|respectfully|best)\b[^\n]{0,30}$", re.I | re.M
)
_DASH_NAME = re.compile(r"^[ \t]*-[ \t]*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}[ \t]*$", re.M)
_PORTAL_FOOTER = re.compile(
    r"^[ \t]*(?:to monitor|you may (?:check|track|view|monitor)|please log ?in|log ?in to|upload documents directly|"
    r"this message was generated|to view (?:the status|your request))\b",
    re.I | re.M,
)
# The agency's own voice inside the span: the answer is there.
_AGENCY_VOICE = re.compile(
    r"\b(?:we|our|us)\b|https?://|\bthe (?:\w+ )?(?:department|district|city|county|office|agency|board|"
    r"division|university|commission|clerk|sheriff|town|village|authority)(?:'s)? (?:\w+ )?(?:has|have|is|will|"
    r"estimates?|does|did|can|cannot|could|withholds?|located|found|need|needs|determined)\b",
    re.I,
)
# A portal's copy of what she wrote, under its own label line ("The City received the following
# records request from you on August 16, 2026."): the copy is the block below it, up to the
# first blank line or a line in the agency's voice (GovQA's message history).
_RECEIVED_LABEL = re.compile(
    r"^[ \t]*(?:(?:the [\w.'-]+(?: [\w.'-]+){0,3}|we) (?:has |have )?received the (?:following|below) "
    r"(?:public )?(?:records? )?(?:request|comment|message|correspondence)s?(?: from you)?"
    r"(?: on [\w ,./-]{4,30})?"
    r"|the following (?:public )?(?:records? )?request was (?:received|submitted)(?: on [\w ,./-]{4,30})?"
    r"|your (?:public )?(?:records? )?request (?:was|reads|read|is) as follows"
    r"|(?:[^\n]{0,120}?[ ,])?(?:in which|where) you (?:requested|asked for|seek|sought) the following(?: items| records)?)"
    r"[ \t]*[.:][ \t]*$",
    re.I | re.M,
)
# The same with her text on the label's own line (GovQA's receipt: "Record(s) Requested: 1. ..."):
# cut only when the block's end is in sight.
_INLINE_LABEL = re.compile(
    r"^[ \t]*(?:record\(s\) requested|records? requested|request(?:ed)? (?:description|details)|"
    r"description of (?:the )?records? (?:requested|sought)|your request)[ \t]*:[ \t]*(?=\S)",
    re.I | re.M,
)
_BLOCK_ENDS = re.compile(
    r"^[ \t]*$|^[ \t]*(?:we|our|the (?:city|county|department|district|office|agency|town)|as you are aware|"
    r"attached|enclosed|please (?:see|find) (?:the )?(?:attached|enclosed)|if you have any questions|"
    r"i(?: have|'ve) (?:attached|enclosed|included|located|found|searched|uploaded)|i (?:was|am) (?:unable|not able)|"
    r"i (?:could|did) not|i (?:found|located|searched|checked)|"
    r"(?:the|your) request (?:is|has been|was|will be) (?:being )?(?:forwarded|assigned|received|processed|routed)|"
    r"monitor (?:the )?(?:request )?progress|to monitor)\b",
    re.I | re.M,
)
_PASTED_MAX = 6_000  # characters: a long request, not a whole thread
_PASTES_MAX = 2  # a reply that quotes her request and her follow-up


def ask_may_be_hers(text: str, ask: str) -> bool:
    """Whether an ask that is no direct question ("please identify the exemption") may be hers:
    her request, in her voice under the law's name ("Pursuant to the Act, I request ..."), is
    still in the text after every cut."""
    at = text.find(ask)
    sentence = re.split(r"[.!\n]", text[at + len(ask) :], maxsplit=1)[0] if at >= 0 else ""
    if "?" in ask or "?" in sentence:
        return False  # "Can you tell us whether you mean ...?" is put to her
    return any(m.group("law") for m in _REQUEST_OPENS.finditer(text))


# Her words quoted inside the agency's sentence: 'Your request states "Could you please look into
# this matter ..." which is not the purpose of OPRA'; 'Your OPRA request sought access to the
# following: "unedited audio/video copy ..."'. The quotation is hers whatever it says (a question,
# a "please"), so only the quoted span goes; the agency's words around it stay.
_QUOTED_HERS = re.compile(
    r"(?P<lead>\b(?:your (?:[\w-]+ )?request (?:states|stated|reads|read|says|said|sought|seeks|asks for|"
    r"asked for|asks|asked|was for|requests?|requested)|you (?:asked for|asked|requested|wrote|stated|sought)|"
    r"(?:the|this) request (?:states|stated|reads|sought|seeks))"
    # on one line: a quote left open must not swallow the answer below it (the tenth review)
    r"(?: access to)?(?: the following)?[ \t]*:?\s*)(?P<open>[\"“])(?P<hers>[^\"“”\n]{1,1000})(?P<close>[\"”])",
    re.I,
)


def strip_pasted_request(text: str) -> str:
    """The text without a request pasted back in the requester's own voice."""
    text = _cut_blocks(text)
    for _ in range(_PASTES_MAX):
        cut = _cut_one(text)
        if cut is None:
            break
        text = cut
    # then what is left of her words inside the agency's sentences (after the whole pastes
    # above, which need her voice, "I request ...", to find their end)
    return _QUOTED_HERS.sub(lambda m: m["lead"] + m["open"] + "…" + m["close"], text)


def _cut_one(text: str) -> str | None:
    for start in _REQUEST_OPENS.finditer(text):
        begin = start.start()
        above = text[:begin].rstrip("\n").rsplit("\n", 1)[-1]
        labelled = bool(_LABEL_ABOVE.match(above)) or bool(start.group("inline"))
        if not (start.group("quote") or labelled):
            continue
        stop = _end_of(text, start)
        if stop is None or _AGENCY_VOICE.search(text[begin:stop]):
            continue
        if labelled and above.strip().lower().startswith(("to whom", "dear")):
            begin = text.rindex(above, 0, begin)  # the salutation is hers too
        return text[:begin] + text[stop:]
    return None


def _cut_blocks(text: str) -> str:
    """Each block under a "received the following request from you" label cut, when her voice
    is in it; each label is used once (from the last, so the earlier ones' places hold), and
    stays (it says what came in)."""
    labels = [*_RECEIVED_LABEL.finditer(text), *_INLINE_LABEL.finditer(text)]
    for label in sorted(labels, key=lambda m: m.start(), reverse=True):
        inline = label.re is _INLINE_LABEL
        body = label.end() if inline else len(text) - len(text[label.end() :].lstrip(" \t\n"))
        stop = _block_end(text, body)
        if stop is None and inline:
            continue
        stop = len(text) if stop is None else stop
        if stop - body > _PASTED_MAX or not _HER_VOICE.search(text, body, stop):
            continue
        if _LINE_AGENCY.search(text[body:].split("\n", 1)[0]):
            continue  # the agency's answer right under the label
        text = text[: label.end()] + "\n" + text[stop:]
    return text


def _block_end(text: str, body: int) -> int | None:
    """Where her block ends: the first later line that is blank, opens as the agency does, or
    speaks as the agency anywhere ("Unfortunately, no records ... to your request")."""
    at = text.find("\n", body)
    while at != -1:
        following = text.find("\n", at + 1)
        line = text[at + 1 : following if following != -1 else len(text)]
        # (a line of hers may quote the agency: "... on our website" - I wasn't able to find it)
        if _BLOCK_ENDS.match(line) or (_LINE_AGENCY.search(line) and not _HER_VOICE.search(line)):
            return at + 1
        at = following
    return None


# Her voice, not a clerk's first person ("I need another two weeks", "I-70", "my office" in a
# summary): she asks, prefers, notices, looks forward.
_HER_VOICE = re.compile(
    r"\bI (?:hereby |also |further )?(?:request|ask|am (?:requesting|asking|writing)|would (?:also )?"
    r"(?:like|prefer|ask|appreciate)|noticed|wasn't able|was not able|look forward|prefer|have (?:\w+ )?"
    r"(?:clarifying |follow-up )?questions?)\b|\bmy (?:request|original request|prior request)\b"
    r"|\b(?i:please) (?:provide|produce|send|release|identify) (?:me|all|any|copies|the (?:records|documents))\b"
)
# A line in the agency's voice anywhere in it.
_LINE_AGENCY = re.compile(
    _AGENCY_VOICE.pattern + r"|\byour (?:request|e-?mail|letter|message)\b|"
    r"^[ \t]*(?:status|response|answer|result|department response|determination)[ \t]*:|"
    r"^[ \t]*(?:unfortunately|sorry|here (?:is|are)|no (?:responsive )?records|per (?:my|our)|"
    r"the (?:estimated )?(?:cost|fee)|please (?:reply|confirm|narrow|contact|call|let))\b|"
    r"\b(?:is|are) (?:exempt|withheld|denied|confidential)\b|\bwithheld in full\b",
    re.I | re.M,
)


def _end_of(text: str, start: re.Match[str]) -> int | None:
    """Where the pasted request ends, or None when no end is in sight."""
    window = text[start.end() : start.end() + _PASTED_MAX]
    if start.group("quote") and not start.group("inline"):
        m = _CLOSING_QUOTE.search(window)
        return start.end() + m.end() if m else None
    if start.group("quote"):
        # 'Your request stated: "...' ends at the closing quote after which she no longer
        # speaks (her own quotations inside it end lines too); else at her sign-off.
        for m in _CLOSING_QUOTE.finditer(window):
            after = window[m.end() :].lstrip("\n").split("\n", 1)[0]
            if not _HER_VOICE.search(after) and not _SIGN_OFF.match(after):
                return start.end() + m.end()
    ends = [
        m
        for m in (
            _SIGN_OFF.search(window),
            _DASH_NAME.search(window),
            _PORTAL_FOOTER.search(window),
        )
        if m
    ]
    if not ends:
        return None
    end = min(ends, key=lambda m: m.start())
    if end.re is _PORTAL_FOOTER:
        return start.end() + end.start()
    stop = start.end() + end.end()
    if end.re is _SIGN_OFF:  # her name under the sign-off goes too
        rest = text[stop:].lstrip("\n").split("\n", 1)[0]
        if 0 < len(rest.strip()) <= 40 and not _AGENCY_VOICE.search(rest):
            stop = text.index(rest, stop) + len(rest)
    return stop
