"""A request pasted back into an agency's reply, in the requester's own voice, found without
our letter to compare it with (`reply_text.strip_our_words` does that when it is given)."""

from __future__ import annotations

import re

# Agencies and portals paste the request back ("Your request reads:", "Description:", "You
# requested:"), often with no letter of ours to strip it by (a relay's requester, a portal's
# copy). The requester's voice opens it: "Pursuant to the ... Act, I request copies of ...". It
# runs to its closing quote, her sign-off and name, or the portal's footer; without one of
# those ends in sight nothing is cut.
_REQUEST_OPENS = re.compile(
    r"^[ \t]*[\"“']?(?:(?i:to whom it may concern):?\s+)?(?:(?i:pursuant to|under|in accordance with) (?:[^.\n]|\.(?=[,\w])|\n[ \t]*){0,160}?,\s*)?"
    r"I (?:hereby )?(?:request|am requesting|would like to request)\b(?! that you\b)"
    r"(?=\s+(?:access|copies|a copy|the following|all|any|an? (?:electronic|digital|copy|list|spreadsheet)|"
    r"electronic|records|documents|public records|a spreadsheet|a list|data|information)\b)",
    re.M,
)
_OPENER_ABOVE = re.compile(
    r"^[ \t]*(?:to whom it may concern|dear [\w .]{1,40}|description[\w ]{0,30}):?[ \t]*$", re.I
)
_REQUEST_ENDS = re.compile(
    r"[\"”][ \t]*$"  # the closing quote of a quoted request
    r"|^[ \t]*(?:sincerely|thank you|thanks|regards|respectfully|best)\b[^\n]{0,30}$"
    r"|^[ \t]*-[ \t]*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}[ \t]*$",  # "- Sam Lindqvist"
    re.M,
)
_PORTAL_FOOTER = re.compile(
    r"^[ \t]*(?:to monitor|you may (?:check|track|view|monitor)|please log ?in|log ?in to|upload documents directly|"
    r"this message was generated|to view (?:the status|your request))\b",
    re.I | re.M,
)
_PASTED_MAX = 6_000  # characters: a long request, not a whole thread


def strip_pasted_request(text: str) -> str:
    """The text without a request pasted back in the requester's own voice."""
    start = _REQUEST_OPENS.search(text)
    if start is None:
        return text
    begin = start.start()
    lines_before = text[:begin].rstrip("\n").rsplit("\n", 1)
    if len(lines_before) == 2 and _OPENER_ABOVE.match(lines_before[1]):
        begin -= len(lines_before[1]) + (len(text[:begin]) - len(text[:begin].rstrip("\n")))
    window = text[start.end() : start.end() + _PASTED_MAX]
    ends = [m for m in (_REQUEST_ENDS.search(window), _PORTAL_FOOTER.search(window)) if m]
    if not ends:
        return text
    end = min(ends, key=lambda m: m.start())
    stop = start.end() + (end.end() if end.re is _REQUEST_ENDS else end.start())
    if end.re is _REQUEST_ENDS and _SIGN_OFF_LINE.match(end.group(0)):
        # her name under the sign-off goes too
        rest = text[stop:].lstrip("\n").split("\n", 1)[0]
        if 0 < len(rest.strip()) <= 40:
            stop = text.index(rest, stop) + len(rest)
    return text[:begin] + text[stop:]


_SIGN_OFF_LINE = re.compile(
    r"^[ \t]*(?:sincerely|thank you|thanks|regards|respectfully|best)\b", re.I
)
