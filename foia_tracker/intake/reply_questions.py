"""Questions to the requester about what her request covers ("what years do you need?",
"do you want the app agreements too, or just the contracts?"): what makes a reply a
clarification when it asks in its own words rather than with a known phrase."""

from __future__ import annotations

import re

from foia_tracker.intake import reply_patterns as P

# "Is this for the whole district or just the high school?" asks about the request too.
_ABOUT_THIS = re.compile(
    r"\b(?:is|are|does|do|should|would|was) (?:this|it|that|these|we|i)\b", re.I
)


def scope_questions(lines: list[str], bare: bool = False) -> tuple[str, ...]:
    """Questions to the requester about what the request covers ("what years do you need?").

    With `bare`, a question with no "you" counts too when it asks which/what of a concrete
    thing ("for item 7, which search terms and which staff?") and not about us.
    """
    found = []
    for line in lines:
        for clause in _questions(line):
            if _form_label(clause):
                continue
            asks = re.search(r"\byou\b|\byour\b", clause, re.I) or _ABOUT_THIS.search(clause)
            if asks and P.SCOPE_WORDS.search(clause):
                found.append(clause.strip())
            elif bare and not asks and P.BARE_SCOPE.search(clause):
                if not P.NOT_TO_THE_REQUESTER.search(clause):
                    found.append(clause.strip())
    return tuple(found)


def _form_label(clause: str) -> bool:
    """A web form's field echoed back in Title Case ("Which Metro Government Agency Do You Think
    Holds the Record(s)?"): the form asked it when she filed, nobody asks it now."""
    words = re.findall(r"[A-Za-z][\w'()-]*", clause)
    if len(words) < 5:
        return False
    return sum(w[0].isupper() for w in words if len(w) > 3) >= 0.8 * sum(len(w) > 3 for w in words)


def _questions(line: str) -> list[str]:
    r"""The clauses of ``line`` ending in "?", as ``re.findall(r"[^.?!]*\?", line)`` but in one
    pass (that pattern retries from every character: quadratic on a long unpunctuated line),
    and an abbreviation's dot ("etc.", "e.g.") ends no clause."""
    if "?" not in line:
        return []
    parts = _PUNCTUATION.split(_ABBREVIATION.sub(_hide_dot, line))  # text, mark, ..., text
    return [
        (parts[i] + "?").replace(_DOT, ".")
        for i in range(0, len(parts) - 1, 2)
        if parts[i + 1] == "?"
    ]


_PUNCTUATION = re.compile(r"([.?!])")
# "Do you want the app agreements too (Clever, the reading apps, etc.) or just the contracts?"
_ABBREVIATION = re.compile(r"\b(?:etc|e\.g|i\.e|vs|approx|no)\.", re.I)
_DOT = "\u2024"  # one dot leader stands for an abbreviation's dot while clauses are split


def _hide_dot(m: re.Match[str]) -> str:
    return m.group(0).replace(".", _DOT)
