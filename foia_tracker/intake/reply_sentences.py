"""Sentences of an agency's own words: where one ends, in officials' letters and in phone mail.

Each phrase table (`reply_patterns`) and its guard is read sentence by sentence, so where a
sentence ends decides which conditional guards which words."""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at ". " before a capital, or before a lower-case word in informal mail ("got
# this. im the secretary") unless the dot closes an abbreviation ("etc. or", "e.g. the", "approx.").
_ABBREVIATIONS = (
    "etc", "vs", "approx", "no", "nos", "sec", "stat", "dept", "inc", "co", "corp", "ltd", "assn",
    "govt", "univ", "mr", "ms", "mrs", "dr", "st", "ch", "art", "para", "subd", "cf", "seq", "ave",
)  # fmt: skip
# Before a capital, a dot also closes a title or a citation's abbreviation ("Mr. Okafor", "Va.
# Code § 2.2-3704", "R.I. Gen. Laws § 38-2-3", "Neb. Rev. Stat."): splitting there cut a
# conditional off the rest of its sentence. Case-sensitive, so "ill. The" still ends one.
_BEFORE_CAPITAL = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Sec", "Secs", "Stat", "Stats", "Rev", "Comp", "Gen", "Gov",
    "Govt", "Civ", "Crim", "Proc", "Pub", "Off", "Reg", "Regs", "Const", "Art", "Ch", "Tit",
    "Supp", "Ct", "App", "Ed", "Educ", "Admin", "Dept", "Hon", "Ala", "Ariz", "Ark", "Cal",
    "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Haw", "Ill", "Ind", "Kan", "Kans", "Ky", "La",
    "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev", "Okla", "Ore",
    "Pa", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wisc", "Wyo",
)  # fmt: skip
# The cheap look-behind for the stop comes first in each branch, so the many abbreviation checks
# run only where a sentence could end (the same splits, several times faster).
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])(?<![A-Z]\.[A-Z]\.)"
    + "".join(rf"(?<!\b{a}\.)" for a in _BEFORE_CAPITAL)
    + r"\s+(?=[A-Z(\"])|(?<=[A-Za-z0-9)][.!?])(?<![A-Za-z]\.[a-z]\.)"
    + "".join(rf"(?<!\b(?i:{a})\.)" for a in _ABBREVIATIONS)
    + r"\s+(?=[a-z])|\n+(?![ \t]*§)"  # "(20 U.S.C." / "§ 1232g)": one citation
)


def sentences(text: str) -> list[str]:
    return list(_split(text))


@lru_cache(maxsize=32)  # a reply's text is split several times (each kind's table, the facts)
def _split(text: str) -> tuple[str, ...]:
    return tuple(s for s in _SENTENCE_SPLIT.split(text) if s.strip())
