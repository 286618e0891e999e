"""The agency's own words in a reply: what is left once quotes, our own letter pasted back,
legal footers, signatures and portal chrome are taken out.

Everything the classifier decides must come from these words. Real replies carry a lot that
is not the clerk's answer, and most of it reads like an answer:

- our request, quoted (`>` lines, an attribution line, an Outlook header block) or pasted back
  without any mark. GovQA-style systems and many clerks repeat the whole request ("Records
  Requested: …"), and it says "if you withhold any record", "fees", "within four business days";
- legal footers: confidentiality notices ("… are confidential", all-caps attorney-client
  warnings, FERPA or state-statute citations), public-records-law e-mail notices, and external-
  sender banners. Their words ("exempt from disclosure", "privileged") read like a denial;
- portal chrome ("Write ABOVE THIS LINE", "Please respond above this line", "View Request",
  "do not reply").
"""

from __future__ import annotations

import re
from functools import lru_cache

from foia_tracker.intake.reply_echo import strip_pasted_request

# --- quoted text -------------------------------------------------------------------------------

_ATTRIBUTION_START = re.compile(r"^\s*(On|El|Le|Am)\s.{0,200}$", re.I)
_ATTRIBUTION_END = re.compile(r"(wrote|escribi[oó]|a écrit|schrieb)\s*:\s*$", re.I)
# A forward's or an original message's rule; the quote cutter also stops at Spanish clients'
# rule and a long underscore line (Outlook's plain-text separator).
_FORWARD_RULE = r"-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:"
_SEPARATORS = re.compile(rf"^\s*(?:{_FORWARD_RULE}|-{{2,}}\s*Mensaje original\s*-{{2,}})", re.I)
# Outlook's underscore rule starts the quote when a header block follows it; a rule under a
# disclaimer at the top ("DATA PRACTICES NOTICE: ... ____") only ends the banner.
_UNDERSCORE_RULE = re.compile(r"^\s*_{10,}\s*(?P<rest>.*)$")
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|De)\s*:\*?\s", re.I)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|Enviado|Fecha|To)\s*:", re.I)


def _starts_quote(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _SEPARATORS.match(line):
        return True
    if rule := _UNDERSCORE_RULE.match(line):
        following = [rule.group("rest")] + [n for n in lines[i + 1 : i + 6] if n.strip()][:2]
        return any(
            _OUTLOOK_FROM.match(n) or _HEADER_LINE.match(n) or n.lstrip().startswith(">>>")
            for n in following
        )
    if _ATTRIBUTION_START.match(line):
        # Gmail wraps a long "On <date> <name> <addr> wrote:" onto a second line.
        joined = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        if _ATTRIBUTION_END.search(line) or _ATTRIBUTION_END.search(joined):
            return True
    return _outlook_block(lines, i)


def _outlook_block(lines: list[str], i: int) -> bool:
    """An Outlook header block starts at line i: "From:" then "Sent:"/"Date:"/"To:" soon after."""
    return bool(_OUTLOOK_FROM.match(lines[i])) and any(
        _OUTLOOK_NEXT.match(n) for n in lines[i + 1 : i + 4]
    )


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


_FORWARD_START = re.compile(rf"^\s*(?:{_FORWARD_RULE})", re.I)
_HEADER_LINE = re.compile(
    r"^\s*\*?(?:From|Date|Sent|To|Cc|Subject|De|Fecha|Enviado|Para|Asunto)\s*:", re.I
)


def forwarded_text(body: str) -> str:
    """The message a forward carries, without its header lines; "" when the body forwards none.
    Only forwards (a "Forwarded message" rule, an Outlook header block), never an "On ... wrote:"
    quote, which is mostly our own letter."""
    lines = body.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        outlook = _outlook_block(lines, i)
        if _FORWARD_START.match(line) or outlook:
            rest = lines[i:] if outlook else lines[i + 1 :]
            start = 0
            while start < len(rest) and (
                not rest[start].strip() or _HEADER_LINE.match(rest[start])
            ):
                start += 1
            return "\n".join(rest[start:]).strip()
    return ""


# --- our own letter, pasted back -----------------------------------------------------------------

SHINGLE = 8  # words: long enough that an agency's own sentence never repeats ours by chance
_WORD = re.compile(r"[A-Za-z0-9$§][\w$§.,'’-]*")


_NOT_WORD = re.compile(r"[^\w$§]")


def _norm(word: str) -> str:
    return _NOT_WORD.sub("", word.lower())


@lru_cache(maxsize=16)  # one letter of ours is compared with each of its replies
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = [_norm(m.group()) for m in _WORD.finditer(text)]
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _leads_in(before: str) -> bool:
    """Three or more of the agency's own words since the last sentence end, just before a cut
    run (read from the last 200 characters: linear on a hostile line)."""
    tail = before[-200:]
    start = max(tail.rfind(mark) for mark in ".!?:;\n") + 1
    return len(_WORD.findall(tail[start:])) >= 3


def strip_our_words(text: str, our_text: str) -> str:
    """Cut every run of `text` that repeats `our_text` (our letter) for SHINGLE words or more.

    Word-based, so it survives the rewrapping, re-numbering and spacing an agency's system or a
    PDF export gives our letter. A cut run becomes a line break, so sentences stay apart.
    """
    if not our_text.strip():
        return text
    ours = _shingles(our_text)
    matches = list(_WORD.finditer(text))
    words = [_norm(m.group()) for m in matches]
    covered = [False] * len(words)
    for i in range(len(words) - SHINGLE + 1):
        if tuple(words[i : i + SHINGLE]) in ours:
            covered[i : i + SHINGLE] = [True] * SHINGLE
    if not any(covered):
        return text
    out, pos, i = [], 0, 0
    while i < len(matches):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(matches) and covered[j + 1]:
            j += 1
        before = text[pos : matches[i].start()]
        out.append(before)
        # "With respect to item 4, the district has no <our item 4, restated>.": the agency's
        # sentence keeps a noun for what it is about, so its own verb still reads. A run that
        # starts a line (our letter pasted back) just becomes a line break.
        # The tail stays on the line ("... has no records compiled yet, but expect ..."), so
        # the agency's own qualifier still guards its words.
        out.append(" records " if _leads_in(before) else "\n")
        pos, i = matches[j].end(), j + 1
    out.append(text[pos:])
    return "".join(out)


# --- footers, banners and portal chrome ------------------------------------------------------------

# A paragraph is a legal footer when it talks about the message itself (this e-mail / message /
# communication / transmission) together with confidentiality, privilege, wrong recipients or
# public-records-law status; or when it opens with a footer heading. A clerk's refusal talks
# about the records ("the agreements are exempt"), never about "this message".
_FOOTER_HEADING = re.compile(
    r"^\W*(?:confidential(?:ity)?(?: notice| statement| warning)?\s*[:.-]|disclaimer\s*:|"
    r"notice\s*:|warning\s*:|caution\s*:|privileged (?:and|&) confidential|"
    r"public records (?:notice|law notice)|important\s*:|external (?:e-?mail|sender))",
    re.I,
)
_ABOUT_MESSAGE = re.compile(
    r"\b(?:this|the|any) (?:contents of (?:this|the) )?(?:e-?mail|electronic mail|message|"
    r"communication|transmission|correspondence)\b|\b(?:these|any|all) (?:e-?mail|message|communication|transmission|"
    r"correspondence)s\b|\b(?:the|these) e-?mails? and (?:any )?(?:attachments|files)\b"
    r"|\bmessages? to and from\b|"
    r"\be-?mail addresses are public records\b|\bcontents of this\b",
    re.I,
)
_FOOTER_CUE = re.compile(
    r"\b(?:confidential|privileged|intended (?:only )?for|intended recipient|addressee|"
    r"unauthori[sz]ed|prohibited|in error|by mistake|notify the sender|delete|destroy|"
    r"re-?disclos\w*|re-?releas\w*|(?:is|are|be|become) (?:a |considered )?public records?|"
    r"public records (?:law|act)|public information act|subject to (?:public )?disclosure|"
    r"may be disclosed|originated (?:from )?outside|do not click)\b",
    re.I,
)
_FIRST_PERSON = re.compile(
    r"\b(?:we|we'll|we're|we've|i|i'm|i'll|i've)\b|\b(?:the|this) (?:agency|district|city|county|department|office|"
    r"board|university|authority|corporation|commission|division|bureau) (?:must deny|denies|must withhold|withholds|"
    r"is withholding|is denying|declines to (?:release|produce|provide))\b",
    re.I,
)
_STRONG_CUE = re.compile(
    r"\b(?:intended (?:only )?for|intended recipient|addressee|unauthori[sz]ed|prohibited|in error|"
    r"by mistake|notify the sender|delete|destroy|originated (?:from )?outside|do not click)\b",
    re.I,
)
_FLORIDA = re.compile(r"\bunder florida law,? e-?mail addresses\b", re.I)
_PORTAL_CHROME = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*)?(?:write above this line[^\n]*|please respond above this line[^\n]*|"
    r"view request(?: #?[\w-]+)?:?|view document:?|questions about your request\?[^\n]*|"
    # A banner line, not a paragraph that opens with one ("This is an automated message. Your
    # request has been received and logged ..."): that paragraph is the receipt.
    r"(?:please )?do not reply[^\n]{0,120}|this (?:e-?mail|message) was sent from an unmonitored[^\n]{0,120}|"
    r"this is an automated message[^\n]{0,120})(?:[ \t]*-{2,})?[ \t]*$",
    re.I | re.M,
)
# Inline image references Outlook leaves in the text of a signature.
_CID = re.compile(r"\[cid:[^\]]*\]", re.I)
# A response form's boxes left unticked ("[ ] The request is denied"): choices the agency did
# not make (e.g. Tennessee's Public Records Request Response Form). Ticked ones stay.
_UNTICKED = re.compile(r"^[ \t]*(?:\[[ \t_]?\]|\( \)|☐|□)[^\n]*$", re.M)


def is_footer(paragraph: str) -> bool:
    if _FLORIDA.search(paragraph):
        return True
    letters = [c for c in paragraph if c.isalpha()]
    shouting = len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.8
    if shouting and re.search(r"PRIVILEGED|CONFIDENTIAL|ATTORNEY", paragraph):
        return True
    if _FOOTER_HEADING.match(paragraph) and _FOOTER_CUE.search(paragraph):
        return True
    if not (_ABOUT_MESSAGE.search(paragraph) and _FOOTER_CUE.search(paragraph)):
        return False
    # "We won't be releasing the emails with the vendors; our agreements require us to keep them
    # confidential": the agency speaking in its own voice about records is no footer, unless the
    # paragraph has a footer's own words (intended recipient, notify the sender, delete).
    return not _FIRST_PERSON.search(paragraph) or bool(_STRONG_CUE.search(paragraph))


_PARAGRAPHS = re.compile(r"\n\s*\n")


def strip_footer(text: str) -> str:
    """The text without legal footers and banners, wherever they sit (top, bottom, middle)."""
    kept = [p for p in _PARAGRAPHS.split(text) if p.strip() and not is_footer(p)]
    return "\n\n".join(kept).strip()


def strip_chrome(text: str) -> str:
    return _UNTICKED.sub("", _CID.sub("", _PORTAL_CHROME.sub("", text)))


# --- putting it together -------------------------------------------------------------------------

_BLANKS = re.compile(r"[ \t\r\f\v]{2,}|\n[ \t]*(?:\n[ \t]*)+")
MAX_TEXT = 20_000


def squeeze(text: str) -> str:
    """Runs of blanks become one space; runs of blank lines one blank line. Thousands of blanks
    in a row would make the phrase patterns (which allow optional blanks) quadratic."""
    return _BLANKS.sub(lambda m: "\n\n" if "\n" in m.group() else " ", text)


# A form letter's optional plural, "no responsive record(s)", "within 10 business day(s)", reads
# as the plural: every phrase table is written in plain words.
_OPTIONAL_PLURAL = re.compile(r"\b([A-Za-z]{2,})\((e?s)\)(?=\W|$)")


def own_words(body: str, our_text: str = "") -> str:
    """What the agency itself wrote in this body (the answer is at the top: MAX_TEXT is read)."""
    text = squeeze(strip_quoted(body)[: MAX_TEXT * 2])
    text = strip_pasted_request(strip_our_words(text, our_text))
    text = strip_signature(strip_footer(strip_chrome(text)))
    return _OPTIONAL_PLURAL.sub(r"\1\2", unwrap(squeeze(text[:MAX_TEXT]).strip()))


# --- hard-wrapped text ---------------------------------------------------------------------------

# Plain-text mail is often wrapped at a column (RFC 3676 section 4.1 asks for lines under 79;
# clients break at 72 to 78), so one sentence runs over several lines, and the phrase tables,
# read sentence by sentence, would see halves. A line is joined to the next when the next line's
# first word would not have fitted on it (the break was the client's, not the writer's), the
# line ends mid-sentence and the next goes on in lower case, a figure or a bracket. Never before
# a list item, a label ("Date: ...", "Item 2 (emails):") or a link, and never after a line that
# ends a sentence: a line break there may be all that separates two (informal mail drops the
# full stop), and joining would hand one sentence's condition to the next.
_NEW_ITEM = re.compile(
    r"^\s*(?:[-*•>▪●◦=_]|\d{1,2}[.)]\s|[a-z][.)]\s|\(?[ivx]{1,4}\)\s|\(?\d{1,2}\)\s|\[|"
    r"[A-Z][\w /&'-]{0,30}:(?:\s|$)|https?://|www\.|(?:items?|requests?|parts?|nos?\.?|#)\s*\d)",
    re.I,
)
_GOES_ON = re.compile(r"^\s*[a-z$(\d]")
_ENDS_SENTENCE = re.compile(r"[.!?:;]\W*$")
# "If I do not hear from you by that date, the\nDepartment will treat item 4 as denied": a line
# that ends on an article or a preposition goes on, even before a capital.
_GOES_ON_LOWER = re.compile(r"^\s*[a-z]")
_DANGLING = re.compile(
    r"\b(?:the|a|an|of|to|and|or|that|by|for|in|with|from|on|at|as|this|your|our|its|before|after|"
    r"until|than|under)[ \t]*$"
)
_WRAP_MIN, _WRAP_MAX = 60, 140
# Text extracted from a PDF letter breaks at a measure in a proportional font: lines of 95 to
# 125 characters, none reaching the longest by a word's width. Past 100 columns a break counts
# as the layout's when the next word would have come within this many characters of the longest.
_PROPORTIONAL_SLACK = 15


# A form's label alone on its line ("Fee waiver request:") and its value below ("Denied - ...")
# are one field: the value is read with its label, so the guard that knows "waiver" sees both.
_LABEL_ALONE = re.compile(
    r"^[ \t]*([A-Z][\w /&'()-]{0,40}):[ \t]*\n(?=[ \t]*(?![-*•>▪●◦]|\d{1,2}[.)]\s)\S)", re.M
)


def unwrap(text: str) -> str:
    return _LABEL_ALONE.sub(r"\1: ", _unwrap_lines(text))


def _unwrap_lines(text: str) -> str:
    lines = text.split("\n")
    widths = [len(ln.rstrip()) for ln in lines if "://" not in ln]
    width = max(widths, default=0)
    if not _WRAP_MIN <= width <= _WRAP_MAX or sum(w >= width - 12 for w in widths) < 3:
        return text  # no column the lines break at
    out: list[str] = []
    previous = ""
    slack = _PROPORTIONAL_SLACK if width > 100 else 0
    for line in lines:
        word = line.strip().split(" ", 1)[0]
        wrapped = (
            previous.strip() and word and len(previous.rstrip()) + 1 + len(word) > width - slack
        )
        # (past 100 columns, only before a lower-case word: a PDF's measure, not one-line paragraphs)
        starts = _GOES_ON_LOWER.match(line) if slack else _GOES_ON.match(line)
        goes_on = (starts or _DANGLING.search(previous)) and not _ENDS_SENTENCE.search(previous)
        if out and wrapped and goes_on and not _NEW_ITEM.match(line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


# --- signatures ----------------------------------------------------------------------------------

# The words a letter or a mail signs off with (also what reply_address reads our own letter's
# signer under).
SIGN_OFF_WORDS = (
    r"(?:sincerely|regards|best regards|kind regards|warm regards|respectfully|"
    r"very truly yours|yours truly|thanks|thank you|many thanks|best|cheers|cordially)"
)
_SIGN_OFF = re.compile(rf"^[ \t]*{SIGN_OFF_WORDS}[ \t]*[,.!-]?[ \t]*$", re.I | re.M)


def strip_signature(text: str) -> str:
    """Everything from the last sign-off line ("Sincerely,", "Thanks,") on, when what follows
    is short lines only (name, title, phone, logo): that block is who wrote, not what they said."""
    last = None
    for m in _SIGN_OFF.finditer(text):
        last = m
    if last is None:
        return text
    tail = text[last.end() :].strip("\n").split("\n")
    if len(tail) > 12 or any(len(line) > 90 for line in tail):
        return text
    head = text[: last.start()].rstrip()
    return head if head else text
