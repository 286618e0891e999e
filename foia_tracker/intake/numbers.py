"""Pure text helpers for matching by what people retype: agencies' own request numbers (GovQA's
"R001234-120126", NextRequest's "26-311"), refs in a mangled form ("CT 42", "ct0042"), and the
distinctive words of an agency's name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from foia_tracker.tokens import JURISDICTIONS, find_refs

# One identifier-like run: letters, digits and inner hyphens (a '#', '/', ':' or space ends it).
_RUN = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?(?![A-Za-z0-9])")
MAX_TEXT = 200_000  # characters of a body looked at: numbers sit near the top of a notice
# "CT 42", "CT#0042", "ct_42", "CT0042": a ref retyped. The exact form is matched elsewhere.
_REF_LIKE = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(sorted(JURISDICTIONS)) + r")[ \t_#.:-]{0,2}0*(\d{1,9})"
    r"(?![0-9A-Za-z])",
    re.I,
)
# Words that say what kind of body an agency is, not which one (never enough to suggest it).
_GENERIC = frozenset(
    "public school schools district unified independent consolidated community county city town "
    "township village borough parish regional department office board education the of and for "
    "area central north south east west union joint elementary high charter academy isd usd csd "
    "state agency records commission authority".split()
)


def normalize_number(text: str) -> str:
    """How a request number is compared: upper case, without '#' and surrounding space."""
    return text.strip().lstrip("#").strip().upper()


def usable_number(number: str) -> bool:
    """A number distinctive enough to file mail by. Five characters with a digit at least;
    a bare run of digits needs six (a ZIP code or a year must not file anything)."""
    if len(number) < 5 or not any(c.isdigit() for c in number):
        return False
    return not number.isdigit() or len(number) >= 6


def numbers_in(text: str) -> Iterator[str]:
    """Every identifier-like run in ``text`` and each of its hyphen suffixes, normalised
    ("PRR-26-311" gives "PRR-26-311", "26-311", "311"), for lookup in an index of known
    numbers. Linear in the text."""
    for match in _RUN.finditer(text[:MAX_TEXT]):
        run = match.group(0).upper()
        yield run
        start = run.find("-")
        while start != -1:
            yield run[start + 1 :]
            start = run.find("-", start + 1)


def ref_like(text: str) -> list[str]:
    """Refs written in a loose form ("CT 42", "ct0042"), canonical, exact refs left out."""
    found: dict[str, None] = {}
    for match in _REF_LIKE.finditer(text):
        if find_refs(match.group(0)):
            continue  # written exactly: the "ref" step of the cascade reads those
        found[f"{match.group(1).upper()}-{int(match.group(2)):04d}"] = None
    return list(found)


def name_words(name: str) -> frozenset[str]:
    """The words of an agency's name that tell it apart: "Greenwich Public Schools" ->
    {"greenwich"}."""
    words = re.findall(r"[a-z0-9']+", name.lower())
    return frozenset(w for w in words if len(w) >= 4 and w not in _GENERIC and not w.isdigit())


def words_of(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))
