"""Whom a reply is addressed to: an agency sometimes sends us mail meant for another requester
("Good afternoon Mr. Haverty, your body-worn camera footage is ready; the cost is $41.36").
Its words would read as a fee, records or a delay on our request. When the greeting names a
person our own letter never names, a person should read the reply instead."""

from __future__ import annotations

import difflib
import re

from foia_tracker.intake.reply_text import SIGN_OFF_WORDS
from foia_tracker.tokens import find_refs

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+"
_GREETING = re.compile(  # the greeting word in any case; the name capitalised
    r"^\s*(?:(?i:dear|hi|hello|hey|good (?:morning|afternoon|evening))\s+(?P<title1>"
    + _TITLE
    + r")?"
    r"|(?P<title2>" + _TITLE + r"))(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s*[,:]\s*$"
)
# Phone mail opens with the name and a dash ("Deb - here are the bus route changes ..."); a memo
# opens with its addressee ("To: Meridian Grid Analytics, LLC - Legal Department", the requester
# only copied below it).
_DASH_GREETING = re.compile(
    r"^\s*(?P<name>[A-Z][a-z]{1,14})(?:\s+[-–—]{1,2}\s+\S|\s+[-–—]{1,2}\s*$|,\s*$)"
)
_RELAYED = re.compile(r"\bforward\w*\b[^.\n]{0,40}\bto (?:the requester|the requestor)\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MEMO_TO = re.compile(r"^\s*To:\s*(?P<name>\S[^\n]{0,120})$")
_NOT_NAMES = {
    "update", "note", "fyi", "correction", "reminder", "hello", "thanks", "sorry", "urgent", "re",
    "fwd", "attached", "good", "final", "follow", "apologies", "ok", "okay", "yes", "no", "hi",
    "greetings", "morning", "afternoon", "evening", "question", "quick", "important", "notice",
    "done", "sure", "great", "perfect", "agreed", "correct", "understood", "status", "confirmed",
    "noted", "received", "got", "will", "sent", "here", "see", "please", "ack", "again", "also",
    "hey", "howdy", "hola", "saludos", "estimada", "estimado", "gracias", "attn", "item", "items",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "request", "response", "records", "regards", "welcome",
    "invoice", "estimate", "fee", "fees", "cost", "costs", "payment", "receipt", "document",
    "documents", "file", "files", "link", "links", "attachment", "attachments", "partial",
    "acknowledgment", "acknowledgement", "below", "above", "first", "second", "third", "closing",
    "closed", "heads", "right", "actually", "summary", "answer", "reply",
}  # fmt: skip
# Our letter's sign-off and the signer's name under it ("Sincerely,\n\nPat Lindqvist").
_SIGNED = re.compile(
    rf"^[ \t]*{SIGN_OFF_WORDS}"
    r"[ \t]*[,.]?[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<signer>[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+)+)[ \t]*$",
    re.I | re.M,
)
# Greetings that name a role or a crowd, not a person.
_GENERIC = {
    "requester", "requestor", "sir", "madam", "parent", "parents", "families", "family", "customer",
    "citizen", "colleague", "colleagues", "all", "team", "friend", "friends", "resident", "residents",
    "applicant", "member", "members", "records", "custodian", "officer", "clerk", "staff",
    "everyone", "folks", "there", "parties", "counsel", "neighbor", "neighbors", "patron", "user",
    "valued", "public", "information", "foia", "open", "requesters", "partner", "partners",
}  # fmt: skip


def addressed_elsewhere(own: str, our_text: str) -> str | None:
    """The person the reply greets, when our letter never names them; None otherwise (no
    greeting, a role, our requester's name, or no letter of ours to compare with)."""
    signed = _SIGNED.search(our_text)
    if signed is None:
        return None  # a letter that names no signer cannot tell us who the requester is
    ours = set(_words(our_text))
    signer = [w.lower().strip(".") for w in signed.group("signer").split()]
    lines = [ln for ln in own.splitlines() if ln.strip()][:1]  # a greeting opens the reply
    for line in lines:
        if (memo := _MEMO_TO.match(line)) is not None:
            return _memo_addressee(memo.group("name"), signer, signed.end(), our_text)
        if (dash := _DASH_GREETING.match(line)) is not None:
            # "Monique - please forward the following to the requester. Dear Pat Lindqvist:":
            # a colleague is asked to pass our answer on
            # (her surname itself: "Dear Patrick Olsen:" below a colleague's name is not her)
            if _RELAYED.search(own) or any(
                (g := _GREETING.match(ln)) and g.group("name").split()[-1].lower() == signer[-1]
                for ln in own.splitlines()[1:]
            ):
                return None
            name = dash.group("name")
            known = name.lower() in ours or name.lower() in _GENERIC or name.lower() in _NOT_NAMES
            common = re.search(r"(?:ed|ing|ly|tion|ness|ful)$", name.lower()) is not None
            return None if known or common or _misspelt(name.lower(), signer) else name
        m = _GREETING.match(line)
        if m is None:
            continue
        words = m.group("name").split()
        if m.group("title1") is None and m.group("title2") is None and len(words) > 2:
            return None  # "Dear Records Access Officer" and the like
        if any(w.lower() in _GENERIC for w in words) or any(w.lower() in ours for w in words):
            return None
        if any(_misspelt(w.lower(), signer) for w in words):
            return None  # "Ms. Lindquist" for Lindqvist: a clerk's typo, still our requester
        return ((m.group("title1") or m.group("title2") or "") + m.group("name")).strip()
    return None


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _misspelt(word: str, signer: list[str]) -> bool:
    """A greeting word that is one of the signer's names with a letter or two wrong
    ("Lindquist", "Lindqvst" for "Lindqvist"), or her first name's longer form or nickname
    ("Patricia", "Patsy" for "Pat"): same first letter, near in spelling."""
    if (
        signer
        and min(len(signer[0]), len(word)) >= 3
        and (word.startswith(signer[0]) or signer[0].startswith(word))
    ):
        return True
    return len(word) >= 4 and any(
        name[:1] == word[:1] and difflib.SequenceMatcher(None, word, name).ratio() >= 0.8
        for name in signer
        if len(name) >= 4
    )


_MEMO_ROLES = {"party", "parties", "interested", "requesting", "whom", "concern", "you", "file"}
_SMALL_WORDS = {"for", "of", "and", "the", "a", "an", "in", "on", "to"}


def _memo_addressee(name: str, signer: list[str], signed_end: int, our_text: str) -> str | None:
    """A memo's "To:" line naming neither our signer nor her organisation (the lines under her
    name in our letter) nor a role: the message is another party's, copied to us."""
    under = our_text[signed_end:].strip().splitlines()[:2]  # her organisation, her address
    ours = set(_words(" ".join(under))) | set(signer)
    words = _words(name)
    org = (under or [""])[0]  # "Maple Valley Parents for Privacy"
    initials = "".join(w[0].lower() for w in org.split() if w.lower() not in _SMALL_WORDS)
    if (
        not words
        or any(w in ours or w in _GENERIC or w in _MEMO_ROLES for w in words)
        or "@" in name
    ):
        return None
    if find_refs(name) or (len(initials) >= 2 and name.strip().lower() == initials):
        return None  # "To: Request CT-0042", "To: MVPP"
    if any(_misspelt(w, signer) for w in words):
        return None
    return name.strip()
